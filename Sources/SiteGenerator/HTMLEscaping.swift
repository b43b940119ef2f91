import Markdown

/// Escaping for text this module writes itself (the templates escape `{{…}}` on their own).
/// HTML goes through `Markdown.HTML`, so note bodies and pages escape one way.
public enum HTMLEscaping {
    /// For element content.
    public static func text(_ string: String) -> String {
        HTML.escape(string)
    }

    /// For a quoted attribute value (either quote style).
    public static func attribute(_ string: String) -> String {
        HTML.escapeAttribute(string)
    }

    /// What `{{value}}` in a template writes: `&`, `<`, `>`, `"` and `'` as swift-mustache's own
    /// HTML content type escapes them, byte by byte rather than through a dictionary lookup per
    /// character (which was a twentieth of a big build's time). Unlike that one it also escapes
    /// a quote that a combining mark follows (one `Character` there, missed by the lookup).
    public static func template(_ string: String) -> String {
        guard string.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return string
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count + 16)
        for b in string.utf8 {
            switch b {
            case 0x26: bytes += [0x26, 0x61, 0x6D, 0x70, 0x3B]              // &amp;
            case 0x3C: bytes += [0x26, 0x6C, 0x74, 0x3B]                    // &lt;
            case 0x3E: bytes += [0x26, 0x67, 0x74, 0x3B]                    // &gt;
            case 0x22: bytes += [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]        // &quot;
            case 0x27: bytes += [0x26, 0x23, 0x33, 0x39, 0x3B]              // &#39;
            default: bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// For XML text and attributes (sitemap, feed). XML 1.0 forbids most C0 control characters
    /// even when escaped, so they are dropped rather than written.
    public static func xml(_ string: String) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

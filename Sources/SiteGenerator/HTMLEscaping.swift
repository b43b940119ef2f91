import Markdown

/// Escaping for text this module writes itself (the templates escape `{{…}}` on their own).
/// HTML goes through `Markdown.HTML`, so note bodies and pages escape one way.
public enum HTMLEscaping {
    /// For element content.
    public static func text(_ string: String) -> String {
        HTML.escape(string)
    }

    /// For a quoted attribute value (either quote style), and what `{{value}}` in a template
    /// writes (`Theme`): the five characters swift-mustache's own HTML escaping replaces, with
    /// the same entities, but byte by byte rather than by a dictionary lookup per character,
    /// and a quote that a combining mark follows is escaped too (one `Character` there, which
    /// that lookup misses).
    public static func attribute(_ string: String) -> String {
        HTML.escapeAttribute(string)
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

/// Escaping for text this module writes itself (the templates escape `{{…}}` on their own).
public enum HTMLEscaping {
    /// For element content: `&`, `<` and `>`.
    public static func text(_ string: String) -> String {
        escape(string, quotes: false)
    }

    /// For a quoted attribute value (either quote style): also `"` and `'`.
    public static func attribute(_ string: String) -> String {
        escape(string, quotes: true)
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

    private static func escape(_ string: String, quotes: Bool) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

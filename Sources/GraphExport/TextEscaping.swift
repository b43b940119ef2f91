/// The escaping each output format needs. Names come from notes, so anything can be in them:
/// quotes, backslashes, `<b>`, newlines, NUL, emoji, Korean.
enum TextEscaping {
    /// A DOT double-quoted string for an id. Only `\"` is an escape in an id, but a backslash
    /// before the closing quote would swallow it, so backslashes are doubled (consistently, so
    /// the same name always gives the same id); control characters become visible `\n`, `\t`,
    /// `\u{7}` text.
    static func dotID(_ s: String) -> String {
        if !needsWork(s, also: 0x22, 0x5C, 0x22) { return "\"" + s + "\"" }
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if isControl(scalar) {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }

    /// A DOT double-quoted escString (label, tooltip, URL): Graphviz reads `\\`, `\"` and `\n` in
    /// these, and expands `\N`, `\G` and friends, so every backslash is doubled. `&` becomes
    /// `&amp;` because Graphviz decodes entities in labels (`a &lt; b` must stay that text).
    /// Newlines become `\n` when `keepNewlines`, else spaces; other control characters go.
    static func dotString(_ s: String, keepNewlines: Bool = false, escapeAmpersand: Bool = true) -> String {
        if !needsWork(s, also: 0x22, 0x5C, escapeAmpersand ? 0x26 : 0x22) { return "\"" + s + "\"" }
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "&" where escapeAmpersand: out += "&amp;"
            case "\n": out += keepNewlines ? "\\n" : " "
            case "\r": continue
            case "\t": out += " "
            default:
                if !isControl(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        out += "\""
        return out
    }

    /// Text inside a Graphviz HTML-like label.
    static func dotHTML(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: if !isControl(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// XML 1.0 text or attribute value. Characters XML cannot carry at all (C0 controls other
    /// than tab, newline and carriage return; U+FFFE, U+FFFF) are removed; in attributes tab,
    /// newline and carriage return are written as references so parsers keep them.
    static func xml(_ s: String, attribute: Bool) -> String {
        if !needsWork(s, also: 0x26, 0x3C, 0x3E, attribute ? 0x22 : 0x26) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\t": out += attribute ? "&#9;" : "\t"
            case "\n": out += attribute ? "&#10;" : "\n"
            case "\r": out += "&#13;"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A JSON string literal. Control characters are escaped (not dropped: JSON can carry them),
    /// as are U+2028 and U+2029 so the text is also valid JavaScript.
    static func json(_ s: String, into out: inout String) {
        if !needsWork(s, also: 0x22, 0x5C, 0x22) {
            out += "\""
            out += s
            out += "\""
            return
        }
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Whether `s` holds a byte any of these escapers may change: a C0 control, DEL, the lead
    /// byte of a C1 control (U+0080–U+009F), of U+2028/U+2029 or of U+FFFE/U+FFFF (a
    /// superset, for speed), or one of `a`, `b`, `c`, `d`. Most names hold none, and are
    /// copied whole.
    static func needsWork(_ s: String, also a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8 = 0) -> Bool {
        s.utf8.contains { byte in
            byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xE2 || byte == 0xEF
                || byte == a || byte == b || byte == c || (d != 0 && byte == d)
        }
    }

    /// C0 and C1 control characters and DEL.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
    }

    /// Percent-encodes what cannot stand raw in a URL attribute (space, quotes, `<>`, `\`,
    /// controls, non-ASCII); an existing `%XX` is left alone, so encoded URLs stay as they are.
    static func url(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var out = ""
        for byte in s.utf8 {
            let keep = byte > 0x20 && byte < 0x7F && !"\"<>\\^`{|}".utf8.contains(byte)
            if keep {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}

/// Numbers written the same way on every run and platform.
enum NumberText {
    /// Integers without a fraction (`3`), others in Swift's shortest round-trip form, which is
    /// deterministic; not-a-number and infinities become 0 (no format here can carry them).
    static func exact(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return x.description
    }

    /// At most `digits` decimals, trailing zeros dropped: `1.5`, `2`, `0.25`.
    static func fixed(_ x: Double, digits: Int) -> String {
        guard x.isFinite else { return "0" }
        // Beyond 15 digits there is no fraction left to show, and scaling would overflow.
        if abs(x) >= 1e15 { return exact(x.rounded()) }
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((abs(x) * Double(scale)).rounded())
        let whole = scaled / scale
        var fraction = digits > 0 ? String(scaled % scale) : ""
        fraction = String(repeating: "0", count: max(0, digits - fraction.count)) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        let sign = x < 0 && scaled != 0 ? "-" : ""
        return sign + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
    }
}

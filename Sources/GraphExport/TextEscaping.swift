import Diagnostics

/// The escaping each output format needs. Names come from notes, so anything can be in them:
/// quotes, backslashes, `<b>`, newlines, NUL, emoji, Korean.
///
/// Each escaper appends to a `ByteBuffer`, walking the UTF-8 bytes: runs that need nothing are
/// copied whole (most names are one such run), and only the bytes that change are looked at
/// twice. The characters that change are ASCII, C1 controls (`C2 80`–`C2 9F`), U+2028/U+2029
/// (`E2 80 A8/A9`) and U+FFFE/U+FFFF (`EF BF BE/BF`); a lead byte never appears inside another
/// character, so the bytes can be read without decoding. The `String` forms are for the odd
/// attribute and for the radial pictures, and give the same text.
enum TextEscaping {
    /// A DOT double-quoted string for an id. Only `\"` is an escape in an id, but a backslash
    /// before the closing quote would swallow it, so backslashes are doubled (consistently, so
    /// the same name always gives the same id); control characters become visible `\n`, `\t`,
    /// `\u{7}` text.
    static func dotID(_ s: String, into out: inout ByteBuffer) {
        out.append(byte: quote)
        dotIDBody(s, into: &out)
        out.append(byte: quote)
    }

    /// `dotID` without the quotes, for an id written in pieces (`NodeIdentifier.write`): each
    /// character is escaped on its own, so the pieces' escapes side by side are the escape of
    /// the whole.
    static func dotIDBody(_ s: String, into out: inout ByteBuffer) {
        escape(s, into: &out) { word in
            below0x20(word) | has(word, quote) | has(word, backslash) | has(word, 0x7F) | has(word, 0xC2)
        } special: { byte in
            byte < 0x20 || byte == quote || byte == backslash || byte == 0x7F || byte == 0xC2
        } replace: { text, i, out in
            switch text[i] {
            case quote: out.append("\\\"")
            case backslash: out.append("\\\\")
            case newline: out.append("\\n")
            case tab: out.append("\\t")
            case 0xC2:
                guard let c1 = c1Control(text, i) else { return copy(text, i, &out) }
                out.append("\\u{")
                hex(UInt32(c1), digits: 1, into: &out)
                out.append(byte: UInt8(ascii: "}"))
                return 2
            default:
                out.append("\\u{")
                hex(UInt32(text[i]), digits: 1, into: &out)
                out.append(byte: UInt8(ascii: "}"))
            }
            return 1
        }
    }

    static func dotID(_ s: String) -> String {
        if !needsWork(s, also: quote, backslash, quote) { return "\"" + s + "\"" }
        var out = ByteBuffer(capacity: s.utf8.count + 8)
        dotID(s, into: &out)
        return out.string
    }

    /// A DOT double-quoted escString (label, tooltip, URL): Graphviz reads `\\`, `\"` and `\n` in
    /// these, and expands `\N`, `\G` and friends, so every backslash is doubled. `&` becomes
    /// `&amp;` because Graphviz decodes entities in labels (`a &lt; b` must stay that text).
    /// Newlines become `\n` when `keepNewlines`, else spaces; other control characters go.
    static func dotString(_ s: String, keepNewlines: Bool = false, escapeAmpersand: Bool = true, into out: inout ByteBuffer) {
        out.append(byte: quote)
        dotStringBody(s, keepNewlines: keepNewlines, escapeAmpersand: escapeAmpersand, into: &out)
        out.append(byte: quote)
    }

    /// `dotString` without the quotes, for text written in pieces (an edge's tooltip is its
    /// ends' labels and the kind): each character is escaped on its own, so the pieces'
    /// escapes side by side are the escape of the whole.
    static func dotStringBody(_ s: String, keepNewlines: Bool = false, escapeAmpersand: Bool = true, into out: inout ByteBuffer) {
        let ampersand = escapeAmpersand ? UInt8(ascii: "&") : quote
        escape(s, into: &out) { word in
            below0x20(word) | has(word, quote) | has(word, backslash) | has(word, ampersand) | has(word, 0x7F) | has(word, 0xC2)
        } special: { byte in
            byte < 0x20 || byte == quote || byte == backslash || byte == ampersand || byte == 0x7F || byte == 0xC2
        } replace: { text, i, out in
            switch text[i] {
            case quote: out.append("\\\"")
            case backslash: out.append("\\\\")
            case ampersand: out.append("&amp;")
            case newline: if keepNewlines { out.append("\\n") } else { out.append(byte: space) }
            case tab: out.append(byte: space)
            case 0xC2: return c1Control(text, i) == nil ? copy(text, i, &out) : 2
            default: break   // \r and the other controls go
            }
            return 1
        }
    }

    static func dotString(_ s: String, keepNewlines: Bool = false, escapeAmpersand: Bool = true) -> String {
        if !needsWork(s, also: quote, backslash, escapeAmpersand ? UInt8(ascii: "&") : quote) { return "\"" + s + "\"" }
        var out = ByteBuffer(capacity: s.utf8.count + 8)
        dotString(s, keepNewlines: keepNewlines, escapeAmpersand: escapeAmpersand, into: &out)
        return out.string
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
    static func xml(_ s: String, attribute: Bool, into out: inout ByteBuffer) {
        s.withUTF8Bytes { xml(bytes: $0, attribute: attribute, into: &out) }
    }

    /// `xml` of text that is already UTF-8 bytes (a JSON array made for a GraphML value).
    static func xml(bytes text: UnsafeBufferPointer<UInt8>, attribute: Bool, into out: inout ByteBuffer) {
        // Outside attributes tab and newline stay as they are, so they need no look.
        let quoteOrAmpersand = attribute ? quote : UInt8(ascii: "&")
        // Tab and newline outside attributes are among the words' candidates, and pass the
        // byte's own test.
        escape(text, into: &out) { word in
            below0x20(word) | has(word, UInt8(ascii: "&")) | has(word, UInt8(ascii: "<")) | has(word, UInt8(ascii: ">"))
                | has(word, quoteOrAmpersand) | has(word, 0x7F) | has(word, 0xEF)
        } special: { byte in
            (byte < 0x20 && (attribute || (byte != tab && byte != newline)))
                || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == quoteOrAmpersand || byte == 0x7F || byte == 0xEF
        } replace: { text, i, out in
            switch text[i] {
            case UInt8(ascii: "&"): out.append("&amp;")
            case UInt8(ascii: "<"): out.append("&lt;")
            case UInt8(ascii: ">"): out.append("&gt;")
            case quote: out.append("&quot;")
            case tab: out.append("&#9;")
            case newline: out.append("&#10;")
            case carriageReturn: out.append("&#13;")
            case 0xEF:
                // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
                guard i + 2 < text.count, text[i + 1] == 0xBF, text[i + 2] >= 0xBE else { return copy(text, i, &out) }
                return 3
            default: break   // the other C0 controls and DEL go
            }
            return 1
        }
    }

    static func xml(_ s: String, attribute: Bool) -> String {
        if !needsWork(s, also: UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), attribute ? quote : UInt8(ascii: "&")) { return s }
        var out = ByteBuffer(capacity: s.utf8.count + 8)
        xml(s, attribute: attribute, into: &out)
        return out.string
    }

    /// A JSON string literal. Control characters are escaped (not dropped: JSON can carry them),
    /// as are U+2028 and U+2029 so the text is also valid JavaScript.
    static func json(_ s: String, into out: inout ByteBuffer) {
        out.append(byte: quote)
        jsonBody(s, into: &out)
        out.append(byte: quote)
    }

    /// `json` without the quotes, for a string written in pieces (`NodeIdentifier.write`).
    static func jsonBody(_ s: String, into out: inout ByteBuffer) {
        escape(s, into: &out) { word in
            below0x20(word) | has(word, quote) | has(word, backslash) | has(word, 0x7F) | has(word, 0xE2)
        } special: { byte in
            byte < 0x20 || byte == quote || byte == backslash || byte == 0x7F || byte == 0xE2
        } replace: { text, i, out in
            switch text[i] {
            case quote: out.append("\\\"")
            case backslash: out.append("\\\\")
            case newline: out.append("\\n")
            case carriageReturn: out.append("\\r")
            case tab: out.append("\\t")
            case 0x08: out.append("\\b")
            case 0x0C: out.append("\\f")
            case 0xE2:
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
                guard i + 2 < text.count, text[i + 1] == 0x80, text[i + 2] == 0xA8 || text[i + 2] == 0xA9 else {
                    return copy(text, i, &out)
                }
                out.append(text[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                return 3
            default:
                out.append("\\u")
                hex(UInt32(text[i]), digits: 4, into: &out)
            }
            return 1
        }
    }

    /// Whether `s` holds a byte any of these escapers may change: a C0 control, DEL, the lead
    /// byte of a C1 control (U+0080–U+009F), of U+2028/U+2029 or of U+FFFE/U+FFFF (a
    /// superset, for speed), or one of `a`, `b`, `c`, `d`. Most names hold none, and are
    /// returned whole by the `String` forms.
    static func needsWork(_ s: String, also a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8 = 0) -> Bool {
        s.withUTF8Bytes { bytes in
            bytes.contains { byte in
                byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xE2 || byte == 0xEF
                    || byte == a || byte == b || byte == c || (d != 0 && byte == d)
            }
        }
    }

    /// C0 and C1 control characters and DEL.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
    }

    /// Percent-encodes what cannot stand raw in a URL attribute (space, quotes, `<>`, `\`,
    /// controls, non-ASCII); an existing `%XX` is left alone, so encoded URLs stay as they are.
    /// Byte by byte, so the encoding of two strings side by side is their encodings side by side.
    static func url(_ s: String, into out: inout ByteBuffer) {
        for byte in s.utf8 {
            if byte > 0x20 && byte < 0x7F && !"\"<>\\^`{|}".utf8.contains(byte) {
                out.append(byte: byte)
            } else {
                out.append(byte: UInt8(ascii: "%"))
                out.append(byte: upperHex[Int(byte >> 4)])
                out.append(byte: upperHex[Int(byte & 0xF)])
            }
        }
    }

    // MARK: Bytes

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let tab = UInt8(ascii: "\t")
    private static let space = UInt8(ascii: " ")
    private static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Copies `text` into `out`, handing each byte `special` picks to `replace`, which writes
    /// what stands for it and says how many bytes it took.
    ///
    /// Eight bytes at a time while `words` says none of them can be special: a name or link
    /// is a run of plain text, and testing each of its bytes against half a dozen values was
    /// most of the escapers' cost (every label, link and value of the data files and local
    /// graphs passes through one). `words` must give a nonzero answer for any word holding a
    /// byte `special` picks (it may for others: such a word is then read byte by byte), which
    /// `below0x20` and `has` of the bytes `special` compares with do exactly.
    @inline(__always)
    private static func escape(_ text: UnsafeBufferPointer<UInt8>, into out: inout ByteBuffer,
                               words: (UInt64) -> UInt64,
                               special: (UInt8) -> Bool,
                               replace: (UnsafeBufferPointer<UInt8>, Int, inout ByteBuffer) -> Int) {
        guard let base = text.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        let count = text.count
        var start = 0
        var i = 0
        while i < count {
            if i &+ 8 <= count, words(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))) == 0 {
                i &+= 8
                continue
            }
            // Byte by byte through this word (or the last few bytes); a replacement may take
            // bytes past it.
            let stop = min(i &+ 8, count)
            while i < stop {
                guard special(text[i]) else {
                    i &+= 1
                    continue
                }
                if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<i])) }
                i &+= replace(text, i, &out)
                start = i
            }
        }
        if start < count { out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...])) }
    }

    @inline(__always)
    private static func escape(_ s: String, into out: inout ByteBuffer,
                               words: (UInt64) -> UInt64,
                               special: (UInt8) -> Bool,
                               replace: (UnsafeBufferPointer<UInt8>, Int, inout ByteBuffer) -> Int) {
        s.withUTF8Bytes { escape($0, into: &out, words: words, special: special, replace: replace) }
    }

    /// The high bit of a byte of the result is set where `word` has a byte below 0x20, or
    /// after one (the borrow runs on): zero exactly when it has none.
    @inline(__always)
    static func below0x20(_ word: UInt64) -> UInt64 {
        (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
    }

    /// Zero exactly when no byte of `word` is `byte` (`ByteWord.bytes(equalTo:in:)`).
    @inline(__always)
    static func has(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        ByteWord.bytes(equalTo: byte, in: word)
    }

    /// The C1 control (U+0080–U+009F) whose lead byte is at `i`, if that is one: `C2 80`–`C2 9F`.
    @inline(__always)
    private static func c1Control(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt8? {
        guard i + 1 < text.count, text[i + 1] < 0xA0 else { return nil }
        return text[i + 1]
    }

    /// A byte that stays as it is: one taken.
    @inline(__always)
    private static func copy(_ text: UnsafeBufferPointer<UInt8>, _ i: Int, _ out: inout ByteBuffer) -> Int {
        out.append(byte: text[i])
        return 1
    }

    /// Lowercase hexadecimal, zero-padded to `digits` (`String(value, radix: 16)`).
    private static func hex(_ value: UInt32, digits: Int, into out: inout ByteBuffer) {
        var width = 1
        while width < 8, value >> (4 * UInt32(width)) != 0 { width += 1 }
        for _ in width..<max(width, digits) { out.append(byte: UInt8(ascii: "0")) }
        for shift in stride(from: 4 * (width - 1), through: 0, by: -4) {
            let digit = UInt8((value >> UInt32(shift)) & 0xF)
            out.append(byte: digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
        }
    }
}

/// Numbers written the same way on every run and platform.
enum NumberText {
    /// Integers without a fraction (`3`), others in Swift's shortest round-trip form, which is
    /// deterministic; not-a-number and infinities become 0 (no format here can carry them).
    static func exact(_ x: Double) -> String {
        integer(x).map { String($0) } ?? x.description
    }

    static func exact(_ x: Double, into out: inout ByteBuffer) {
        if let n = integer(x) { out.append(integer: n) } else { out.append(string: x.description) }
    }

    /// `exact` through a writer with `longestFixed` bytes of room: an integer's digits, or the
    /// shortest round-trip form, which is at most 24 bytes (a sign, 17 digits, a point and an
    /// exponent such as `e-308`); checked, as it is the rare path.
    static func exact(_ x: Double, into out: inout ByteWriter) {
        if let n = integer(x) {
            out.append(integer: n)
        } else {
            let text = x.description
            precondition(text.utf8.count <= longestFixed, "a Double's text longer than its room")
            out.append(string: text)
        }
    }

    /// What `exact` writes as an integer: whole numbers below 10^15, and 0 for what is not finite.
    private static func integer(_ x: Double) -> Int64? {
        guard x.isFinite else { return 0 }
        if x == x.rounded(), abs(x) < 1e15 { return Int64(x) }
        return nil
    }

    /// At most `digits` decimals, trailing zeros dropped: `1.5`, `2`, `0.25`.
    static func fixed(_ x: Double, digits: Int) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { room in
            String(decoding: UnsafeBufferPointer(rebasing: room[..<fixed(x, digits: digits, into: room)]), as: UTF8.self)
        }
    }

    static func fixed(_ x: Double, digits: Int, into out: inout ByteBuffer) {
        out.write(atMost: longestFixed) { fixed(x, digits: digits, into: &$0) }
    }

    /// The most `fixed` writes: the size of the room the general path writes into.
    static let longestFixed = 48

    /// `fixed` through a writer with `longestFixed` bytes of room.
    static func fixed(_ x: Double, digits: Int, into out: inout ByteWriter) {
        // Pen widths and coordinates (up to three decimals) go straight into the buffer: the
        // same scaled integer as below, its whole part written by `append(integer:)`, which
        // gives the digits `putDigits` does; the rest, with its cases, takes the general path.
        if x.isFinite, abs(x) < 1e15, (0...3).contains(digits) {
            var scale: Int64 = 1
            for _ in 0..<digits { scale *= 10 }
            let scaled = Int64((abs(x) * Double(scale)).rounded())
            if x < 0 && scaled != 0 { out.append(byte: UInt8(ascii: "-")) }
            out.append(integer: scaled / scale)
            var fraction = scaled % scale
            var width = digits
            while width > 0 && fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            if width > 0 {
                out.append(byte: UInt8(ascii: "."))
                var divisor: Int64 = 1
                for _ in 1..<width { divisor *= 10 }
                while divisor > 0 {
                    out.append(byte: UInt8(ascii: "0") + UInt8((fraction / divisor) % 10))
                    divisor /= 10
                }
            }
            return
        }
        out.append(atMost: longestFixed) { fixed(x, digits: digits, into: $0) }
    }

    /// `fixed`, written at the start of `room`; the count written. `room` is on the stack, so
    /// the text is made without an allocation for either form; 48 bytes hold a sign, 16 whole
    /// digits, a point and the decimals an `Int64` can scale to, or the longest shortest form
    /// of a `Double`.
    static func fixed(_ x: Double, digits: Int, into room: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var count = 0
        func put(_ byte: UInt8) {
            room[count] = byte
            count += 1
        }
        guard x.isFinite else {
            put(UInt8(ascii: "0"))
            return count
        }
        // Beyond 15 digits there is no fraction left to show, and scaling would overflow.
        if abs(x) >= 1e15 {
            for byte in exact(x.rounded()).utf8 { put(byte) }
            return count
        }
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((abs(x) * Double(scale)).rounded())
        if x < 0 && scaled != 0 { put(UInt8(ascii: "-")) }
        putDigits(scaled / scale, width: 1, put)
        // The decimals, zero-padded to `digits`, less their trailing zeros.
        var fraction = digits > 0 ? scaled % scale : 0
        var width = digits
        while width > 0 && fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        if width > 0 {
            put(UInt8(ascii: "."))
            putDigits(fraction, width: width, put)
        }
        return count
    }

    /// A non-negative number in decimal, zero-padded to `width` digits.
    private static func putDigits(_ n: Int64, width: Int, _ put: (UInt8) -> Void) {
        var divisor: Int64 = 1
        var length = 1
        while length < width || n / divisor >= 10 {
            divisor *= 10
            length += 1
        }
        while divisor > 0 {
            put(UInt8(ascii: "0") + UInt8((n / divisor) % 10))
            divisor /= 10
        }
    }
}

/// JSON front matter, as the Obsidian digital-garden plugin writes it between `---` fences.
///
/// A hand-written parser rather than `JSONSerialization` because that one forgets key order (extra
/// keys must come out in source order) and says nothing useful about where a syntax error is.
/// Strict RFC 8259: no comments, no trailing commas, keys in double quotes.
struct JSONFrontMatter {
    /// Deep enough for any real front matter, shallow enough that recursion cannot exhaust the
    /// stack of a worker thread.
    static let maximumDepth = 128

    private let bytes: [UInt8]
    private let lines: LineMap
    private var i = 0

    private init(_ text: String, firstLine: Int) {
        bytes = Array(text.utf8)
        lines = LineMap(bytes, firstLine: firstLine)
    }

    /// The top-level members of the object in `text`, in source order; `firstLine` is the file
    /// line `text` starts on.
    static func parse(_ text: String, firstLine: Int) throws(FrontMatterProblem) -> [FrontMatterEntry] {
        var parser = JSONFrontMatter(text, firstLine: firstLine)
        return try parser.document()
    }

    private mutating func document() throws(FrontMatterProblem) -> [FrontMatterEntry] {
        skipWhitespace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else {
            throw lines.problem("JSON front matter must be an object in braces, found \(lines.describe(at: i))", at: i)
        }
        var entries: [FrontMatterEntry] = []
        let lines = self.lines
        try object(depth: 1) { key, keyOffset, value, sourceText in
            let (line, column) = lines.position(of: keyOffset)
            entries.append(FrontMatterEntry(key: key, value: value, sourceText: sourceText, line: line, column: column))
        }
        skipWhitespace()
        if i < bytes.count {
            throw lines.problem("unexpected \(lines.describe(at: i)) after the closing '}' of the front matter", at: i)
        }
        return entries
    }

    /// Parses an object starting at `{`, handing each member to `member` (key, key offset, value,
    /// and the source text of a non-string scalar value).
    private mutating func object(
        depth: Int,
        _ member: (String, Int, FrontMatterValue, String?) -> Void
    ) throws(FrontMatterProblem) {
        let open = i
        i += 1
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return
        }
        while true {
            skipWhitespace()
            guard i < bytes.count else {
                throw lines.problem("the object opened here is never closed with '}'", at: open)
            }
            guard bytes[i] == UInt8(ascii: "\"") else {
                if bytes[i] == UInt8(ascii: "}") {
                    throw lines.problem("a trailing comma before '}' is not allowed in JSON", at: i)
                }
                throw lines.problem("expected a key in double quotes, found \(lines.describe(at: i))", at: i,
                                    hint: "JSON keys are written \"key\": value")
            }
            let keyOffset = i
            let key = try string()
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                throw lines.problem("expected ':' after the key \"\(key)\", found \(lines.describe(at: i))", at: i)
            }
            i += 1
            skipWhitespace()
            let valueStart = i
            let value = try self.value(depth: depth)
            var sourceText: String?
            switch value {
            case .int, .double, .bool:
                sourceText = String(decoding: bytes[valueStart..<i], as: UTF8.self)
            default:
                break
            }
            member(key, keyOffset, value, sourceText)
            skipWhitespace()
            guard i < bytes.count else {
                throw lines.problem("the object opened here is never closed with '}'", at: open)
            }
            switch bytes[i] {
            case UInt8(ascii: ","):
                i += 1
            case UInt8(ascii: "}"):
                i += 1
                return
            default:
                throw lines.problem("expected ',' or '}' after the value of \"\(key)\", found \(lines.describe(at: i))", at: i)
            }
        }
    }

    private mutating func value(depth: Int) throws(FrontMatterProblem) -> FrontMatterValue {
        guard depth <= Self.maximumDepth else {
            throw lines.problem("front matter nests deeper than \(Self.maximumDepth) levels", at: i)
        }
        guard i < bytes.count else {
            throw lines.problem("expected a value, found the end of the front matter", at: i)
        }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            var entries: [FrontMatterValue.Entry] = []
            try object(depth: depth + 1) { key, _, value, _ in
                entries.append(FrontMatterValue.Entry(key: key, value: value))
            }
            return .table(entries)
        case UInt8(ascii: "["):
            return try array(depth: depth + 1)
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number()
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "]"), UInt8(ascii: "}"):
            throw lines.problem("expected a value, found \(lines.describe(at: i)); is there a trailing comma?", at: i)
        default:
            throw lines.problem("expected a value, found \(lines.describe(at: i))", at: i,
                                hint: "text must be in double quotes")
        }
    }

    private mutating func array(depth: Int) throws(FrontMatterProblem) -> FrontMatterValue {
        let open = i
        i += 1
        var values: [FrontMatterValue] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            return .array(values)
        }
        while true {
            skipWhitespace()
            values.append(try value(depth: depth))
            skipWhitespace()
            guard i < bytes.count else {
                throw lines.problem("the array opened here is never closed with ']'", at: open)
            }
            switch bytes[i] {
            case UInt8(ascii: ","):
                i += 1
            case UInt8(ascii: "]"):
                i += 1
                return .array(values)
            default:
                throw lines.problem("expected ',' or ']' in the array, found \(lines.describe(at: i))", at: i)
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(FrontMatterProblem) {
        let start = i
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for byte in expected {
            guard i < bytes.count, bytes[i] == byte else {
                throw lines.problem("expected a value, found \(lines.describe(at: start))", at: start,
                                    hint: "text must be in double quotes")
            }
            i += 1
        }
    }

    private mutating func number() throws(FrontMatterProblem) -> FrontMatterValue {
        let start = i
        var isInteger = true
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        func digits(_ i: inout Int, _ bytes: [UInt8]) -> Int {
            let from = i
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            return i - from
        }
        let whole = i
        let wholeDigits = digits(&i, bytes)
        guard wholeDigits > 0 else {
            throw lines.problem("expected a digit after '-'", at: i)
        }
        if wholeDigits > 1, bytes[whole] == UInt8(ascii: "0") {
            throw lines.problem("numbers in JSON cannot have leading zeros", at: whole)
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard digits(&i, bytes) > 0 else { throw lines.problem("expected a digit after '.'", at: i) }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits(&i, bytes) > 0 else { throw lines.problem("expected a digit in the exponent", at: i) }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        // An integer too large for Int is still a number; keep it as a double rather than fail.
        if isInteger, let int = Int(text) { return .int(int) }
        return .double(Double(text) ?? .nan)
    }

    private mutating func string() throws(FrontMatterProblem) -> String {
        let open = i
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else {
                throw lines.problem("the string starting here is never closed with '\"'", at: open)
            }
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\""):
                i += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &out)
            case 0x0A:
                throw lines.problem("the string starting here is never closed with '\"'", at: open,
                                    hint: "write a line break inside a string as \\n")
            case 0x00..<0x20:
                throw lines.problem("control characters must be escaped in JSON strings", at: i)
            default:
                out.append(byte)
                i += 1
            }
        }
    }

    private mutating func escape(into out: inout [UInt8]) throws(FrontMatterProblem) {
        let start = i
        i += 1
        guard i < bytes.count else { throw lines.problem("unfinished escape sequence", at: start) }
        let simple: UInt8?
        switch bytes[i] {
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): simple = nil
        default:
            throw lines.problem("unknown escape sequence '\\\(String(decoding: [bytes[i]], as: UTF8.self))'", at: start,
                                hint: "write a backslash as \\\\")
        }
        if let simple {
            out.append(simple)
            i += 1
            return
        }
        i += 1
        var scalar = try hex4(escapeStart: start)
        if (0xD800...0xDBFF).contains(scalar) {
            // A high surrogate must be followed by an escaped low surrogate; together they name
            // one scalar outside the Basic Multilingual Plane (emoji, rare Hanja).
            guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                throw lines.problem("unpaired surrogate in \\u escape", at: start)
            }
            i += 2
            let low = try hex4(escapeStart: start)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw lines.problem("unpaired surrogate in \\u escape", at: start)
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
            throw lines.problem("unpaired surrogate in \\u escape", at: start)
        }
        guard let unicode = Unicode.Scalar(scalar) else {
            throw lines.problem("invalid \\u escape", at: start)
        }
        UTF8.encode(unicode) { out.append($0) }
    }

    private mutating func hex4(escapeStart: Int) throws(FrontMatterProblem) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard i < bytes.count, let digit = hexValue(bytes[i]) else {
                throw lines.problem("\\u must be followed by four hexadecimal digits", at: escapeStart)
            }
            value = value * 16 + digit
            i += 1
        }
        return value
    }

    private mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }
}

/// The value of an ASCII hexadecimal digit, shared by the JSON and TOML escape parsers.
func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - 0x30)
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - 0x61 + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - 0x41 + 10)
    default: nil
    }
}

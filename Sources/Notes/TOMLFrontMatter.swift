/// TOML front matter between `+++` fences, as Hugo and Zola write it.
///
/// Covers what front matter uses of TOML 1.0: bare, quoted and dotted keys; basic, literal and
/// multi-line strings; integers (with `_`, hex, octal, binary); floats (with `inf`/`nan`);
/// booleans; offset and local date-times and dates (local times stay text); arrays; inline
/// tables; `[table]` and `[[array.of.tables]]` headers; comments. Two leniencies, both from
/// TOML 1.1 or from what Korean authors type: bare keys may contain non-ASCII letters
/// (`제목 = "…"`), and inline tables may span lines and end in a comma.
struct TOMLFrontMatter {
    static let maximumDepth = 128

    private let bytes: [UInt8]
    private let lines: LineMap
    private var i = 0

    /// Where each top-level key was first written, and the source text of top-level scalars.
    private var topLevel: [String: (offset: Int, sourceText: String?)] = [:]

    private init(_ text: String, firstLine: Int) {
        bytes = Array(text.utf8)
        lines = LineMap(bytes, firstLine: firstLine)
    }

    /// The document's top-level keys in source order; `firstLine` is the file line `text`
    /// starts on.
    static func parse(_ text: String, firstLine: Int) throws(FrontMatterProblem) -> [FrontMatterEntry] {
        var parser = TOMLFrontMatter(text, firstLine: firstLine)
        let root = try parser.document()
        return root.keys.map { key in
            let place = parser.topLevel[key] ?? (0, nil)
            let (line, column) = parser.lines.position(of: place.offset)
            return FrontMatterEntry(key: key, value: root.items[key]!.value, sourceText: place.sourceText,
                                    line: line, column: column)
        }
    }

    // MARK: Tables under construction

    /// A table while the document is read. A class because headers and dotted keys reach into
    /// tables defined earlier and extend them in place; it never leaves this file.
    private final class Table {
        enum Origin {
            /// Made on the way to a deeper header (`[a.b]` makes `a`); a header may still define it.
            case implicit
            /// Defined by its own `[header]` or `[[header]]`.
            case header
            /// Made by a dotted key (`a.b = 1` makes `a`).
            case dotted
        }

        var origin: Origin
        var keys: [String] = []
        var items: [String: Item] = [:]
        /// Where each key was defined, for "already defined" errors.
        var offsets: [String: Int] = [:]

        init(_ origin: Origin) { self.origin = origin }

        func insert(_ key: String, _ item: Item, at offset: Int) {
            keys.append(key)
            items[key] = item
            offsets[key] = offset
        }

        var entries: [FrontMatterValue.Entry] {
            keys.map { FrontMatterValue.Entry(key: $0, value: items[$0]!.value) }
        }
    }

    private enum Item {
        /// A finished value, including inline tables and arrays written with `[...]`: TOML
        /// forbids extending either later.
        case value(FrontMatterValue)
        case table(Table)
        /// Made by `[[header]]`; each header appends a table.
        case tableArray([Table])

        var value: FrontMatterValue {
            switch self {
            case .value(let value): value
            case .table(let table): .table(table.entries)
            case .tableArray(let tables): .array(tables.map { .table($0.entries) })
            }
        }

        var kindForMessage: String {
            switch self {
            case .value(.table): "an inline table"
            case .value: "a value"
            case .table: "a table"
            case .tableArray: "an array of tables"
            }
        }
    }

    // MARK: Document

    private mutating func document() throws(FrontMatterProblem) -> Table {
        let root = Table(.header)
        var current = root
        while true {
            skipBlankLinesAndComments()
            guard i < bytes.count else { return root }
            if bytes[i] == UInt8(ascii: "[") {
                current = try header(root: root)
            } else {
                try keyValue(into: current, isRoot: current === root)
            }
            try endOfLine()
        }
    }

    /// `[a.b]` or `[[a.b]]`: returns the table that the following key/value lines fill.
    private mutating func header(root: Table) throws(FrontMatterProblem) -> Table {
        let open = i
        let isArray = i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "[")
        i += isArray ? 2 : 1
        skipSpaces()
        let path = try key()
        skipSpaces()
        let closing = isArray ? "]]" : "]"
        guard i < bytes.count, bytes[i] == UInt8(ascii: "]"),
              !isArray || (i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "]")) else {
            throw lines.problem("expected '\(closing)' to close the table header, found \(lines.describe(at: i))", at: i)
        }
        i += isArray ? 2 : 1
        noteTopLevel(path[0], sourceText: nil)

        // Walk to the parent of the last key, making implicit tables on the way.
        var table = root
        for (part, offset) in path.dropLast() {
            switch table.items[part] {
            case nil:
                let made = Table(.implicit)
                table.insert(part, .table(made), at: offset)
                table = made
            case .table(let existing):
                table = existing
            case .tableArray(let tables):
                // `[[a]]` then `[a.b]`: the header extends the latest element, as TOML says.
                table = tables[tables.count - 1]
            case .value(let value):
                throw alreadyDefined(part, as: .value(value), in: table, at: offset)
            }
        }
        let (name, offset) = path[path.count - 1]
        let dotted = path.map(\.key).joined(separator: ".")
        if isArray {
            let element = Table(.header)
            switch table.items[name] {
            case nil:
                table.insert(name, .tableArray([element]), at: offset)
            case .tableArray(var tables):
                tables.append(element)
                table.items[name] = .tableArray(tables)
            case let other?:
                throw lines.problem("[[\(dotted)]] cannot add to \(other.kindForMessage) already defined at line \(lines.position(of: table.offsets[name] ?? 0).line)", at: open)
            }
            return element
        }
        switch table.items[name] {
        case nil:
            let made = Table(.header)
            table.insert(name, .table(made), at: offset)
            return made
        case .table(let existing) where existing.origin == .implicit:
            existing.origin = .header
            return existing
        case let other?:
            throw lines.problem("[\(dotted)] is already defined as \(other.kindForMessage) at line \(lines.position(of: table.offsets[name] ?? 0).line)", at: open,
                                hint: "put all keys of one table under a single header")
        }
    }

    /// `key = value`, with a possibly dotted key, into `table`.
    private mutating func keyValue(into table: Table, isRoot: Bool, depth: Int = 0) throws(FrontMatterProblem) {
        let path = try key()
        skipSpaces()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else {
            let found = lines.describe(at: i)
            throw lines.problem("expected '=' after the key '\(path.map(\.key).joined(separator: "."))', found \(found)", at: i,
                                hint: "TOML front matter is written key = value")
        }
        i += 1
        skipSpaces()
        let valueStart = i
        let value = try self.value(depth: depth)
        var target = table
        for (part, offset) in path.dropLast() {
            switch target.items[part] {
            case nil:
                let made = Table(.dotted)
                target.insert(part, .table(made), at: offset)
                target = made
            case .table(let existing):
                target = existing
            case let other?:
                throw alreadyDefined(part, as: other, in: target, at: offset)
            }
        }
        let (name, offset) = path[path.count - 1]
        if let existing = target.items[name] {
            throw alreadyDefined(name, as: existing, in: target, at: offset)
        }
        target.insert(name, .value(value), at: offset)
        if isRoot {
            var sourceText: String?
            if path.count == 1 {
                switch value {
                case .int, .double, .bool, .date:
                    sourceText = String(decoding: bytes[valueStart..<i], as: UTF8.self)
                default:
                    break
                }
            }
            noteTopLevel(path[0], sourceText: sourceText)
        }
    }

    private mutating func noteTopLevel(_ part: (key: String, offset: Int), sourceText: String?) {
        if topLevel[part.key] == nil { topLevel[part.key] = (part.offset, sourceText) }
    }

    private func alreadyDefined(_ key: String, as item: Item, in table: Table, at offset: Int) -> FrontMatterProblem {
        let line = lines.position(of: table.offsets[key] ?? 0).line
        return lines.problem("'\(key)' is already defined as \(item.kindForMessage) at line \(line)", at: offset,
                             hint: "each key may appear only once in a table")
    }

    // MARK: Keys

    /// A dotted key: each part with the offset where it starts.
    private mutating func key() throws(FrontMatterProblem) -> [(key: String, offset: Int)] {
        var parts: [(key: String, offset: Int)] = []
        while true {
            let start = i
            guard i < bytes.count else { throw lines.problem("expected a key, found the end of the front matter", at: i) }
            switch bytes[i] {
            case UInt8(ascii: "\""):
                parts.append((try basicString(), start))
            case UInt8(ascii: "'"):
                parts.append((try literalString(), start))
            default:
                while i < bytes.count, isBareKeyByte(bytes[i]) { i += 1 }
                guard i > start else {
                    throw lines.problem("expected a key, found \(lines.describe(at: i))", at: i)
                }
                parts.append((String(decoding: bytes[start..<i], as: UTF8.self), start))
            }
            skipSpaces()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ".") else { return parts }
            i += 1
            skipSpaces()
        }
    }

    private func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), 0x80...:
            true
        default:
            false
        }
    }

    // MARK: Values

    private mutating func value(depth: Int) throws(FrontMatterProblem) -> FrontMatterValue {
        guard depth < Self.maximumDepth else {
            throw lines.problem("front matter nests deeper than \(Self.maximumDepth) levels", at: i)
        }
        guard i < bytes.count else { throw lines.problem("expected a value, found the end of the front matter", at: i) }
        switch bytes[i] {
        case UInt8(ascii: "\""):
            if startsWith("\"\"\"") { return .string(try multilineString(quote: UInt8(ascii: "\""))) }
            return .string(try basicString())
        case UInt8(ascii: "'"):
            if startsWith("'''") { return .string(try multilineString(quote: UInt8(ascii: "'"))) }
            return .string(try literalString())
        case UInt8(ascii: "["):
            return try array(depth: depth + 1)
        case UInt8(ascii: "{"):
            return try inlineTable(depth: depth + 1)
        case UInt8(ascii: "t") where startsWithWord("true"):
            i += 4
            return .bool(true)
        case UInt8(ascii: "f") where startsWithWord("false"):
            i += 5
            return .bool(false)
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            // Letters for `inf` and `nan`, and so that an unquoted word is named whole in the error.
            return try numberOrDate()
        default:
            throw lines.problem("expected a value, found \(lines.describe(at: i))", at: i,
                                hint: "text must be in quotes: key = \"…\"")
        }
    }

    private mutating func array(depth: Int) throws(FrontMatterProblem) -> FrontMatterValue {
        let open = i
        i += 1
        var values: [FrontMatterValue] = []
        while true {
            skipBlankLinesAndComments()
            guard i < bytes.count else { throw lines.problem("the array opened here is never closed with ']'", at: open) }
            if bytes[i] == UInt8(ascii: "]") {
                i += 1
                return .array(values)
            }
            values.append(try value(depth: depth))
            skipBlankLinesAndComments()
            guard i < bytes.count else { throw lines.problem("the array opened here is never closed with ']'", at: open) }
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

    private mutating func inlineTable(depth: Int) throws(FrontMatterProblem) -> FrontMatterValue {
        let open = i
        i += 1
        let table = Table(.header)
        while true {
            skipBlankLinesAndComments()
            guard i < bytes.count else { throw lines.problem("the inline table opened here is never closed with '}'", at: open) }
            if bytes[i] == UInt8(ascii: "}") {
                i += 1
                return .table(table.entries)
            }
            try keyValue(into: table, isRoot: false, depth: depth)
            skipBlankLinesAndComments()
            guard i < bytes.count else { throw lines.problem("the inline table opened here is never closed with '}'", at: open) }
            switch bytes[i] {
            case UInt8(ascii: ","):
                i += 1
            case UInt8(ascii: "}"):
                i += 1
                return .table(table.entries)
            default:
                throw lines.problem("expected ',' or '}' in the inline table, found \(lines.describe(at: i))", at: i)
            }
        }
    }

    // MARK: Numbers and dates

    private mutating func numberOrDate() throws(FrontMatterProblem) -> FrontMatterValue {
        let start = i
        while i < bytes.count, isTokenByte(bytes[i]) { i += 1 }
        // `1979-05-27 07:32:00`: TOML allows a space between the date and the time.
        if i - start == 10, i + 3 < bytes.count, bytes[i] == 0x20, isDigit(bytes[i + 1]), isDigit(bytes[i + 2]),
           bytes[i + 3] == UInt8(ascii: ":") {
            i += 1
            while i < bytes.count, isTokenByte(bytes[i]) { i += 1 }
        }
        let token = Array(bytes[start..<i])
        let text = String(decoding: token, as: UTF8.self)
        if token.count >= 10, isDigit(token[0]), token[4] == UInt8(ascii: "-") {
            guard let date = NoteDate(parsing: text) else {
                throw lines.problem("'\(text)' is not a valid date", at: start,
                                    hint: "write dates as 2025-03-04 or 2025-03-04T13:16:46+09:00")
            }
            return .date(date)
        }
        if token.count >= 5, isDigit(token[0]), token[2] == UInt8(ascii: ":") {
            guard isLocalTime(token) else { throw lines.problem("'\(text)' is not a valid time", at: start) }
            // FrontMatterValue has no time of day; the text is what a template would show anyway.
            return .string(text)
        }
        var unsigned = token[...]
        var negative = false
        if let sign = unsigned.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            unsigned = unsigned.dropFirst()
        }
        switch String(decoding: unsigned, as: UTF8.self) {
        case "inf": return .double(negative ? -.infinity : .infinity)
        case "nan": return .double(.nan)
        default: break
        }
        if unsigned.count > 2, unsigned.first == UInt8(ascii: "0"),
           let radix = [UInt8(ascii: "x"): 16, UInt8(ascii: "o"): 8, UInt8(ascii: "b"): 2][unsigned[unsigned.startIndex + 1]] {
            guard token.count == unsigned.count else {
                throw lines.problem("a hexadecimal, octal or binary integer cannot have a sign", at: start)
            }
            let digits = try checkedDigits(unsigned.dropFirst(2), radix: radix, at: start, text: text)
            guard let value = Int(digits, radix: radix) else {
                throw lines.problem("'\(text)' is not a valid integer", at: start)
            }
            return .int(value)
        }
        let isFloat = unsigned.contains(UInt8(ascii: ".")) || unsigned.contains(UInt8(ascii: "e")) || unsigned.contains(UInt8(ascii: "E"))
        guard !unsigned.isEmpty, isDigit(unsigned[unsigned.startIndex]) else {
            throw lines.problem("expected a value, found '\(text)'", at: start, hint: "text must be in quotes: key = \"…\"")
        }
        if !isFloat {
            let digits = try checkedDigits(unsigned, radix: 10, at: start, text: text)
            if digits.count > 1, digits.hasPrefix("0") {
                throw lines.problem("integers cannot have leading zeros ('\(text)')", at: start)
            }
            guard let value = Int((negative ? "-" : "") + digits) else {
                throw lines.problem("'\(text)' is too large for an integer", at: start)
            }
            return .int(value)
        }
        // A float: digits, optionally `.digits`, optionally an exponent; underscores only
        // between digits; no leading zeros in the integer part.
        var k = unsigned.startIndex
        func digitRun() -> Bool {
            let from = k
            var previousWasDigit = false
            while k < unsigned.endIndex {
                let byte = unsigned[k]
                if isDigit(byte) {
                    previousWasDigit = true
                } else if byte == UInt8(ascii: "_"), previousWasDigit, k + 1 < unsigned.endIndex, isDigit(unsigned[k + 1]) {
                    previousWasDigit = false
                } else {
                    break
                }
                k += 1
            }
            return k > from
        }
        let invalid = lines.problem("'\(text)' is not a valid number", at: start)
        let integerStart = k
        guard digitRun() else { throw invalid }
        if k - integerStart > 1, unsigned[integerStart] == UInt8(ascii: "0") { throw invalid }
        if k < unsigned.endIndex, unsigned[k] == UInt8(ascii: ".") {
            k += 1
            guard digitRun() else { throw invalid }
        }
        if k < unsigned.endIndex, unsigned[k] == UInt8(ascii: "e") || unsigned[k] == UInt8(ascii: "E") {
            k += 1
            if k < unsigned.endIndex, unsigned[k] == UInt8(ascii: "+") || unsigned[k] == UInt8(ascii: "-") { k += 1 }
            guard digitRun() else { throw invalid }
        }
        guard k == unsigned.endIndex,
              let value = Double((negative ? "-" : "") + String(decoding: unsigned.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self))
        else { throw invalid }
        return .double(value)
    }

    /// The digits of an integer with its underscores removed, each underscore having a digit on
    /// both sides as TOML requires.
    private func checkedDigits(_ digits: ArraySlice<UInt8>, radix: Int, at start: Int, text: String) throws(FrontMatterProblem) -> String {
        var out: [UInt8] = []
        var previousWasDigit = false
        for byte in digits {
            if byte == UInt8(ascii: "_") {
                guard previousWasDigit else { throw lines.problem("'\(text)' is not a valid integer", at: start) }
                previousWasDigit = false
                continue
            }
            guard let value = hexValue(byte), Int(value) < radix else {
                throw lines.problem("'\(text)' is not a valid integer", at: start)
            }
            out.append(byte)
            previousWasDigit = true
        }
        guard previousWasDigit else { throw lines.problem("'\(text)' is not a valid integer", at: start) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `HH:MM:SS` with optional fraction.
    private func isLocalTime(_ token: [UInt8]) -> Bool {
        guard token.count >= 8, isDigit(token[0]), isDigit(token[1]), token[2] == UInt8(ascii: ":"),
              isDigit(token[3]), isDigit(token[4]), token[5] == UInt8(ascii: ":"), isDigit(token[6]), isDigit(token[7])
        else { return false }
        let hour = Int(token[0] - 48) * 10 + Int(token[1] - 48)
        let minute = Int(token[3] - 48) * 10 + Int(token[4] - 48)
        let second = Int(token[6] - 48) * 10 + Int(token[7] - 48)
        guard hour < 24, minute < 60, second <= 60 else { return false }
        if token.count == 8 { return true }
        return token[8] == UInt8(ascii: ".") && token.count > 9 && token[9...].allSatisfy(isDigit)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Bytes that can belong to a number, date or time token.
    private func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ":"):
            true
        default:
            false
        }
    }

    // MARK: Strings

    private mutating func basicString() throws(FrontMatterProblem) -> String {
        let open = i
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < bytes.count, bytes[i] != 0x0A else {
                throw lines.problem("the string starting here is never closed on its line", at: open,
                                    hint: "close it with '\"', or use \"\"\" for text over several lines")
            }
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                try escape(into: &out)
                continue
            }
            if byte < 0x20 && byte != 0x09 || byte == 0x7F {
                throw lines.problem("control characters must be escaped in strings", at: i)
            }
            out.append(byte)
            i += 1
        }
    }

    private mutating func literalString() throws(FrontMatterProblem) -> String {
        let open = i
        i += 1
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "'"), bytes[i] != 0x0A { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "'") else {
            throw lines.problem("the string starting here is never closed on its line", at: open,
                                hint: "close it with \"'\", or use ''' for text over several lines")
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        i += 1
        return text
    }

    /// `"""…"""` or `'''…'''`. A line break right after the opening quotes is dropped; up to two
    /// quotes may sit right before the closing three. Escapes, including the line-ending
    /// backslash, only in the basic form.
    private mutating func multilineString(quote: UInt8) throws(FrontMatterProblem) -> String {
        let open = i
        i += 3
        if i < bytes.count, bytes[i] == 0x0A { i += 1 }
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else {
                let fence = quote == UInt8(ascii: "\"") ? "\"\"\"" : "'''"
                throw lines.problem("the string starting here is never closed with \(fence)", at: open)
            }
            let byte = bytes[i]
            if byte == quote, i + 2 < bytes.count, bytes[i + 1] == quote, bytes[i + 2] == quote {
                var run = 3
                while i + run < bytes.count, bytes[i + run] == quote, run < 5 { run += 1 }
                out.append(contentsOf: repeatElement(quote, count: run - 3))
                i += run
                return String(decoding: out, as: UTF8.self)
            }
            if quote == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") {
                // A backslash that ends a line swallows the line break and the next line's
                // leading whitespace.
                var k = i + 1
                while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
                if k < bytes.count, bytes[k] == 0x0A {
                    i = k
                    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A { i += 1 }
                    continue
                }
                try escape(into: &out)
                continue
            }
            out.append(byte)
            i += 1
        }
    }

    private mutating func escape(into out: inout [UInt8]) throws(FrontMatterProblem) {
        let start = i
        i += 1
        guard i < bytes.count else { throw lines.problem("unfinished escape sequence", at: start) }
        let letter = bytes[i]
        i += 1
        switch letter {
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "e"): out.append(0x1B)
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = letter == UInt8(ascii: "u") ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<count {
                guard i < bytes.count, let digit = hexValue(bytes[i]) else {
                    throw lines.problem("\\\(letter == UInt8(ascii: "u") ? "u" : "U") must be followed by \(count) hexadecimal digits", at: start)
                }
                value = value &* 16 &+ digit
                i += 1
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw lines.problem("\\\(letter == UInt8(ascii: "u") ? "u" : "U") escape is not a Unicode scalar value", at: start)
            }
            UTF8.encode(scalar) { out.append($0) }
        default:
            let shown = letter >= 0x21 && letter <= 0x7E ? "'\\" + String(UnicodeScalar(letter)) + "'" : "after '\\'"
            throw lines.problem("unknown escape sequence \(shown)", at: start,
                                hint: "write a backslash as \\\\, or use a 'literal string'")
        }
    }

    // MARK: Whitespace

    private func startsWith(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: count)
        for k in 0..<count where bytes[i + k] != expected[k] { return false }
        return true
    }

    /// `true`/`false` as whole words, so `trueish` is an error rather than `true` and garbage.
    private func startsWithWord(_ word: StaticString) -> Bool {
        guard startsWith(word) else { return false }
        let end = i + word.utf8CodeUnitCount
        return end >= bytes.count || !isBareKeyByte(bytes[end])
    }

    private mutating func skipSpaces() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func skipComment() {
        if i < bytes.count, bytes[i] == UInt8(ascii: "#") {
            while i < bytes.count, bytes[i] != 0x0A { i += 1 }
        }
    }

    private mutating func skipBlankLinesAndComments() {
        while true {
            skipSpaces()
            skipComment()
            guard i < bytes.count, bytes[i] == 0x0A || bytes[i] == 0x0D else { return }
            i += 1
        }
    }

    /// After a key/value pair or a header only a comment may follow on the same line.
    private mutating func endOfLine() throws(FrontMatterProblem) {
        skipSpaces()
        skipComment()
        if i < bytes.count, bytes[i] == 0x0D { i += 1 }
        guard i >= bytes.count || bytes[i] == 0x0A else {
            throw lines.problem("expected the end of the line, found \(lines.describe(at: i))", at: i,
                                hint: "put each key = value on its own line")
        }
        if i < bytes.count { i += 1 }
    }
}

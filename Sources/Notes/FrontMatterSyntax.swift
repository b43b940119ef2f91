/// Internal currency between the three front matter syntaxes and the decoder of known keys.
/// Positions here are file positions: each syntax is told which file line its text starts on.

/// One top-level key of a front matter block, with where it was written so that warnings about
/// its value (an unparsable date, say) can point at it.
struct FrontMatterEntry {
    var key: String
    var value: FrontMatterValue
    /// The value as written, for scalars that are not strings: `title: 1.10` keeps `1.10` and
    /// `title: yes` keeps `yes`, which decoding to a number or boolean would lose.
    var sourceText: String?
    var line: Int
    var column: Int
}

/// A syntax error or a warning inside front matter, positioned in the front matter's text.
struct FrontMatterProblem: Error {
    var message: String
    var line: Int
    var column: Int
    var hint: String?

    init(_ message: String, line: Int, column: Int, hint: String? = nil) {
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
    }
}

/// Maps UTF-8 byte offsets to 1-based file line and column (columns in Unicode scalars, as
/// `SourceLocation` wants). Built once per front matter block by the JSON and TOML parsers.
struct LineMap {
    private let bytes: [UInt8]
    private let lineStarts: [Int]
    private let firstLine: Int

    /// `firstLine` is the file line the bytes start on, so positions come out in file terms.
    init(_ bytes: [UInt8], firstLine: Int) {
        self.bytes = bytes
        self.firstLine = firstLine
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    func position(of offset: Int) -> (line: Int, column: Int) {
        let offset = min(max(offset, 0), bytes.count)
        // The last line start at or before `offset`.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var column = 1
        var i = lineStarts[low]
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (low + firstLine, column)
    }

    /// The character at `offset` as an error message names it: `'x'`, `a line break`, or
    /// `the end of the front matter`.
    func describe(at offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the front matter" }
        switch bytes[offset] {
        case 0x0A: return "a line break"
        case 0x09: return "a tab"
        case 0x20: return "a space"
        default:
            var end = offset + 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            return "'" + String(decoding: bytes[offset..<end], as: UTF8.self) + "'"
        }
    }

    func problem(_ message: String, at offset: Int, hint: String? = nil) -> FrontMatterProblem {
        let (line, column) = position(of: offset)
        return FrontMatterProblem(message, line: line, column: column, hint: hint)
    }
}

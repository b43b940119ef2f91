public import Diagnostics

/// What `FrontMatterParser.parse` found: the decoded front matter, the Markdown after it, where
/// that Markdown starts in the file, and what went wrong on the way.
public struct ParsedFrontMatter: Sendable {
    /// The decoded keys; `.empty` (apart from `format`) when the block could not be read.
    public var frontMatter: FrontMatter
    /// The text after the closing fence; the whole text when there is no (closed) front matter.
    public var body: String
    /// The 1-based line of the file where `body` begins, so the Markdown parser's positions can
    /// be turned back into file positions.
    public var bodyStartLine: Int
    /// Errors (broken syntax, unclosed fence) and warnings (unparsable dates, repeated keys).
    public var diagnostics: [Diagnostic]

    /// Assembles a result, for tests and callers that split notes themselves.
    public init(frontMatter: FrontMatter, body: String, bodyStartLine: Int, diagnostics: [Diagnostic]) {
        self.frontMatter = frontMatter
        self.body = body
        self.bodyStartLine = bodyStartLine
        self.diagnostics = diagnostics
    }
}

/// Splits a note into front matter and body and decodes the front matter.
///
/// `---` on the first line opens YAML (or JSON, when the block starts with `{`), closed by `---`
/// or `...`; `+++` opens TOML, closed by `+++`. Broken front matter never costs the body: the
/// result always carries the text after the closing fence, plus error diagnostics pointing into
/// the file.
public enum FrontMatterParser {
    /// - Parameters:
    ///   - text: The note, already decoded (`\n` line breaks, no byte order mark).
    ///   - file: The path reported in diagnostics.
    public static func parse(_ text: String, file: String) -> ParsedFrontMatter {
        guard let split = split(text) else {
            return ParsedFrontMatter(frontMatter: .empty, body: text, bodyStartLine: 1, diagnostics: [])
        }
        guard let closing = split.closingLine else {
            let fence = split.format == .toml ? "+++" : "---"
            return ParsedFrontMatter(
                frontMatter: .empty, body: text, bodyStartLine: 1,
                diagnostics: [.error(
                    "front-matter", "front matter opened at line 1 is never closed",
                    at: SourceLocation(file: file, line: 1, column: 1),
                    hint: "add a line with only \(fence) after the front matter, or remove the first line if it is not front matter"
                )]
            )
        }
        var format = split.format
        if format == .yaml, startsWithBrace(split.content) { format = .json }

        // The block's first line is the line after the opening fence.
        var diagnostics: [Diagnostic] = []
        var entries: [FrontMatterEntry] = []
        var problems: [FrontMatterProblem] = []
        do throws(FrontMatterProblem) {
            switch format {
            case .yaml:
                (entries, problems) = try YAMLFrontMatter.parse(split.content, firstLine: 2)
            case .json:
                entries = try JSONFrontMatter.parse(split.content, firstLine: 2)
            case .toml:
                entries = try TOMLFrontMatter.parse(split.content, firstLine: 2)
            case .none:
                break
            }
        } catch {
            diagnostics.append(.error("front-matter", error.message,
                                      at: SourceLocation(file: file, line: error.line, column: error.column),
                                      hint: error.hint))
        }
        let (frontMatter, warnings) = FrontMatter.decoding(entries, format: format)
        for problem in problems + warnings {
            diagnostics.append(.warning("front-matter", problem.message,
                                        at: SourceLocation(file: file, line: problem.line, column: problem.column),
                                        hint: problem.hint))
        }
        // In file order, whichever check found them, so reports read top to bottom.
        diagnostics.sort()
        return ParsedFrontMatter(frontMatter: frontMatter, body: split.body, bodyStartLine: closing + 1,
                                 diagnostics: diagnostics)
    }

    private struct Split {
        var format: FrontMatterFormat
        /// The lines between the fences, each ending in `\n`.
        var content: String
        var body: String
        /// The closing fence's line, nil when the block is never closed.
        var closingLine: Int?
    }

    /// Finds the fences by looking at bytes: the first line decides whether there is front
    /// matter at all, so a long note without any costs one short look.
    private static func split(_ text: String) -> Split? {
        /// The format, the content's and the body's byte ranges, the closing line.
        let found = text.withUTF8Bytes { bytes -> (FrontMatterFormat, Range<Int>, Range<Int>, Int?)? in
            let firstEnd = bytes.lineEnd(from: 0)
            let format: FrontMatterFormat
            switch fenceKind(bytes, 0, firstEnd) {
            case .dashes: format = .yaml
            case .pluses: format = .toml
            default: return nil
            }
            var start = firstEnd + 1
            var line = 2
            while start <= bytes.count {
                let end = bytes.lineEnd(from: start)
                let kind = fenceKind(bytes, start, end)
                let closes = format == .toml ? kind == .pluses : (kind == .dashes || kind == .dots)
                if closes {
                    return (format, min(firstEnd + 1, start)..<start, min(end + 1, bytes.count)..<bytes.count, line)
                }
                if end >= bytes.count { break }
                start = end + 1
                line += 1
            }
            return (format, 0..<0, 0..<0, nil)
        }
        guard let (format, content, body, closingLine) = found else { return nil }
        // Cut from the text, which is valid UTF-8 split at line ends: the pieces are copied
        // without being checked again, as `String(decoding:)` of their bytes would.
        func piece(_ range: Range<Int>) -> String {
            guard !range.isEmpty else { return "" }
            let utf8 = text.utf8
            let from = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            let to = utf8.index(from, offsetBy: range.count)
            // Through the scalars: a String's own subscript rounds to characters, and a line
            // may start with a combining mark, which joins the newline before it.
            return String(Substring(text.unicodeScalars[from..<to]))
        }
        return Split(format: format, content: piece(content), body: piece(body), closingLine: closingLine)
    }

    /// Whether the first character of `content` that is not whitespace is `{`. Read from the
    /// bytes while they are ASCII, where each is a character of its own (bar `\r\n`, whitespace
    /// either way), unless a non-ASCII scalar such as a combining mark follows and joins it;
    /// from there on, character by character.
    static func startsWithBrace(_ content: String) -> Bool {
        let fromBytes = content.withUTF8Bytes { bytes -> Bool? in
            for (i, byte) in bytes.enumerated() {
                guard byte < 0x80 else { return nil }
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { continue }
                guard i + 1 == bytes.count || bytes[i + 1] < 0x80 else { return nil }
                return byte == UInt8(ascii: "{")
            }
            return false
        }
        return fromBytes ?? (content.first(where: { !$0.isWhitespace }) == "{")
    }

    private enum Fence { case dashes, dots, pluses }

    /// Whether `bytes[start..<end]` is a fence: exactly three of `-`, `.` or `+`, then only
    /// spaces or tabs (editors leave trailing whitespace behind).
    private static func fenceKind(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Fence? {
        guard end - start >= 3 else { return nil }
        let c = bytes[start]
        guard bytes[start + 1] == c, bytes[start + 2] == c else { return nil }
        for k in (start + 3)..<end where bytes[k] != 0x20 && bytes[k] != 0x09 { return nil }
        switch c {
        case UInt8(ascii: "-"): return .dashes
        case UInt8(ascii: "."): return .dots
        case UInt8(ascii: "+"): return .pluses
        default: return nil
        }
    }
}

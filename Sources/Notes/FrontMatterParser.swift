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
        parse(text, file: file, readingYAMLDirectly: true)
    }

    /// `parse(_:file:)`, with the direct reading of YAML (`directYAML`) or without it, which
    /// the tests compare.
    static func parse(_ text: String, file: String, readingYAMLDirectly: Bool) -> ParsedFrontMatter {
        let (found, direct) = text.withUTF8Bytes { bytes in
            let found = fences(bytes)
            return (found, readingYAMLDirectly ? directYAML(bytes, found) : nil)
        }
        return parse(found, direct: direct, file: file, whole: text) { range in
            // Cut from the text, which is valid UTF-8 split at line ends: the pieces are copied
            // without being checked again, as `String(decoding:)` of their bytes would.
            let utf8 = text.utf8
            let from = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            let to = utf8.index(from, offsetBy: range.count)
            // Through the scalars: a String's own subscript rounds to characters, and a line
            // may start with a combining mark, which joins the newline before it.
            return String(Substring(text.unicodeScalars[from..<to]))
        }
    }

    /// `parse(_:file:)` of the text whose UTF-8 is `bytes` (well-formed; all ASCII when
    /// `isASCII`), making strings only of the pieces: the body, the front matter's lines, or the
    /// whole text when it has no (closed) front matter. Each is made from its bytes without
    /// another check (`UTF8Text.string(ofValid:isASCII:)`), as ASCII when the text is, else as
    /// its own bytes show.
    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool, file: String) -> ParsedFrontMatter {
        func string(_ piece: UnsafeBufferPointer<UInt8>) -> String {
            UTF8Text.string(ofValid: piece, isASCII: isASCII || String.allASCII(UnsafeRawBufferPointer(piece)))
        }
        let found = fences(bytes)
        return parse(found, direct: directYAML(bytes, found), file: file, whole: string(bytes)) { range in
            string(UnsafeBufferPointer(rebasing: bytes[range]))
        }
    }

    /// The front matter of a YAML block, read from the bytes of the text when
    /// `YAMLFrontMatter.directFrontMatter` can (see there), with no string made of the block;
    /// nil for any other block, or none, which `parse` then reads the general way.
    ///
    /// A block it reads does not start with `{` (its first line that is neither empty nor a
    /// comment starts with a key), so it is YAML, not JSON, as `startsWithBrace` would say.
    private static func directYAML(_ bytes: UnsafeBufferPointer<UInt8>, _ found: Fences?) -> FrontMatter? {
        guard let found, found.format == .yaml, found.closingLine != nil, !found.content.isEmpty else { return nil }
        return YAMLFrontMatter.directFrontMatter(UnsafeBufferPointer(rebasing: bytes[found.content]))
    }

    /// What `parse` does once the fences are found: `direct` is the front matter when
    /// `directYAML` read it (and then there is nothing to report), `whole` is the text (made
    /// only when it is the body) and `piece` makes the text of a non-empty byte range that
    /// starts and ends at a line's start or end.
    private static func parse(_ found: Fences?, direct: consuming FrontMatter?, file: String, whole: @autoclosure () -> String,
                              piece: (Range<Int>) -> String) -> ParsedFrontMatter {
        guard let found else {
            return ParsedFrontMatter(frontMatter: .empty, body: whole(), bodyStartLine: 1, diagnostics: [])
        }
        guard let closing = found.closingLine else {
            let fence = found.format == .toml ? "+++" : "---"
            return ParsedFrontMatter(
                frontMatter: .empty, body: whole(), bodyStartLine: 1,
                diagnostics: [.error(
                    "front-matter", "front matter opened at line 1 is never closed",
                    at: SourceLocation(file: file, line: 1, column: 1),
                    hint: "add a line with only \(fence) after the front matter, or remove the first line if it is not front matter"
                )]
            )
        }
        let body = found.body.isEmpty ? "" : piece(found.body)
        // Consumed, not copied: a copy retained each of its strings and lists.
        if let direct = consume direct {
            return ParsedFrontMatter(frontMatter: direct, body: body, bodyStartLine: closing + 1, diagnostics: [])
        }
        let content = found.content.isEmpty ? "" : piece(found.content)
        var format = found.format
        if format == .yaml, startsWithBrace(content) { format = .json }

        // The block's first line is the line after the opening fence.
        var diagnostics: [Diagnostic] = []
        var entries: [FrontMatterEntry] = []
        var problems: [FrontMatterProblem] = []
        do throws(FrontMatterProblem) {
            switch format {
            case .yaml:
                (entries, problems) = try YAMLFrontMatter.parse(content, firstLine: 2)
            case .json:
                entries = try JSONFrontMatter.parse(content, firstLine: 2)
            case .toml:
                entries = try TOMLFrontMatter.parse(content, firstLine: 2)
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
        return ParsedFrontMatter(frontMatter: frontMatter, body: body, bodyStartLine: closing + 1,
                                 diagnostics: diagnostics)
    }

    /// Where `fences` found the front matter: its format, the byte ranges of its lines and of
    /// the body, and the closing fence's line (nil when the block is never closed, and then both
    /// ranges empty).
    private struct Fences {
        var format: FrontMatterFormat
        var content: Range<Int>
        var body: Range<Int>
        var closingLine: Int?
    }

    /// Finds the fences by looking at bytes: the first line decides whether there is front
    /// matter at all, so a long note without any costs one short look.
    private static func fences(_ bytes: UnsafeBufferPointer<UInt8>) -> Fences? {
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
                return Fences(format: format, content: min(firstEnd + 1, start)..<start,
                              body: min(end + 1, bytes.count)..<bytes.count, closingLine: line)
            }
            if end >= bytes.count { break }
            start = end + 1
            line += 1
        }
        return Fences(format: format, content: 0..<0, body: 0..<0, closingLine: nil)
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

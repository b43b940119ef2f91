import Diagnostics

/// When one cmark parse is enough.
///
/// The protector must not touch code, so it is told where code and HTML blocks are; finding
/// them exactly takes a parse of the unprotected text (`Cmark.literalBlockLines`) before the
/// real one. Instead, the protector is given a guess (`LiteralBlockGuess`), the protected text
/// is parsed, and `holds` checks that this document is the one the two parses would have made.
/// When it is not, the parser falls back to the two parses.
///
/// Why the conditions suffice. The protected text differs from the note only inside spans
/// (math and wikilinks), and a private-use character here and there, which cmark reads as a
/// letter either way. Going line by line, cmark's block parser is then in the same state in
/// both texts at the start of every line, as long as no span changes how a line is read:
/// - a span begins with `$`, `\`, `[` or `!`, none of which opens a block, and a line holding
///   one is, in both texts, outside code and HTML blocks (any block open before it would hold
///   it in the protected text too, and its lines are compared, below);
/// - a span's continuation lines are read as paragraph text in both: in the note, nothing after
///   their container prefix may start a block (`isInert`);
/// - a table keeps its rows: a `|` inside a span splits a body row into other cells, but any
///   line that is not blank is a row either way; no span in a table runs over lines; and no
///   line ending a span is followed by a delimiter row, which would make it a header whose
///   cells must match the delimiter row's.
/// So the note's code and HTML blocks sit where cmark put them in the protected text. If those
/// are the guessed lines (blank lines aside: the protector skips them anyway), the protector
/// skipped exactly the lines the first parse would have told it to, and the document is the
/// two-pass one. The tests hold the two to each other on many notes.
enum SinglePass {
    /// `lineStarts`: the original's `lineStarts()`, when the caller has them already.
    static func holds(original: UnsafeBufferPointer<UInt8>, guess: [ClosedRange<Int>],
                      spans: [Protector.Span], found: Cmark.BlockLines, lineStarts: [Int]? = nil) -> Bool {
        let lineStarts = lineStarts ?? original.lineStarts()
        let lineCount = lineStarts.count
        func lineEnd(_ line: Int) -> Int {  // 1-based line
            line < lineCount ? lineStarts[line] - 1 : original.count
        }
        func isBlank(_ line: Int) -> Bool {
            Protector.isBlank(original, from: lineStarts[line - 1], to: lineEnd(line))
        }

        // The guessed literal lines are cmark's.
        var mark = [UInt8](repeating: 0, count: lineCount + 1)
        for range in guess {
            for line in range where line >= 1 && line <= lineCount { mark[line] |= 1 }
        }
        for range in found.literal {
            for line in range where line >= 1 && line <= lineCount { mark[line] |= 2 }
        }
        for line in 1...lineCount where mark[line] == 1 || mark[line] == 2 {
            if !isBlank(line) { return false }
        }
        guard !spans.isEmpty else { return true }

        var tableLine = [Bool](repeating: false, count: lineCount + 1)
        for range in found.tables {
            for line in range where line >= 1 && line <= lineCount { tableLine[line] = true }
        }
        for span in spans {
            let first = span.line, last = span.endLine
            guard first >= 1, last >= first, last <= lineCount else { return false }
            // A row takes one line; which cells a `|` in a span makes changes no block.
            if first != last, (first...last).contains(where: { tableLine[$0] }) { return false }
            if first < last {
                let quotes = Protector.quoteDepth(original, ofLineAt: lineStarts[first - 1], upTo: span.source.lowerBound)
                for line in (first + 1)...last where !isInert(original, from: lineStarts[line - 1], to: lineEnd(line), quotes: quotes) {
                    return false
                }
            }
            if last < lineCount, isDelimiterRowLike(original, from: lineStarts[last], to: lineEnd(last + 1)) { return false }
        }
        return true
    }

    /// A line that continues a paragraph whatever comes before it: after the container prefix
    /// the protector keeps (spaces, tabs, up to `quotes` `>`), nothing that could open a block
    /// or end the paragraph: no quote, heading, fence, HTML, list item, thematic break, setext
    /// underline, table delimiter row or footnote; and not blank. `-x`, `= y`, `+1`, `#3` and
    /// `|a|` are text.
    static func isInert(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, quotes: Int) -> Bool {
        let i = start + Protector.prefixLength(text, ofLineAt: start, limit: end, quotes: quotes)
        guard i < end else { return false }
        let first = text[i]
        /// The byte after the first run of `first`, and the run's length.
        func run() -> (next: UInt8?, length: Int) {
            var j = i
            while j < end, text[j] == first { j += 1 }
            return (j < end ? text[j] : nil, j - i)
        }
        func isSpaceOrEnd(_ b: UInt8?) -> Bool { b == nil || b == 0x20 || b == 0x09 || b == 0x0D }
        /// Only `first`, spaces and tabs: a thematic break or a setext underline.
        func onlyMarks(_ allowed: Set<UInt8>) -> Bool {
            var j = i
            while j < end {
                if !allowed.contains(text[j]) { return false }
                j += 1
            }
            return true
        }
        switch first {
        case 0x3E, 0x0D:  // a quote; a carriage return
            return false
        case 0x23:  // `#`: a heading when one to six are followed by a space or the end
            let (next, length) = run()
            return !(length <= 6 && isSpaceOrEnd(next))
        case 0x60, 0x7E:  // a fence
            return run().length < 3
        case 0x3C:  // an HTML block's start: `<` then a letter, `/`, `!` or `?`
            guard i + 1 < end else { return true }
            let n = text[i + 1]
            return !((n >= 0x41 && n <= 0x5A) || (n >= 0x61 && n <= 0x7A) || n == 0x2F || n == 0x21 || n == 0x3F)
        case 0x2D, 0x2B, 0x2A:  // `-`, `+`, `*`: a list item; `-` and `*` also a break or underline
            if isSpaceOrEnd(i + 1 < end ? text[i + 1] : nil) { return false }
            if first == 0x2B { return true }
            return !onlyMarks([first, 0x20, 0x09, 0x0D, 0x7C, 0x3A])
        case 0x5F, 0x3D:  // `_`, `=`: a thematic break, a setext underline
            return !onlyMarks([first, 0x20, 0x09, 0x0D])
        case 0x7C, 0x3A:  // `|`, `:`: a delimiter row
            return !isDelimiterRowLike(text, from: i, to: end)
        case 0x30...0x39:  // an ordered list item
            var j = i
            while j < end, text[j] >= 0x30, text[j] <= 0x39 { j += 1 }
            guard j < end, text[j] == 0x2E || text[j] == 0x29 else { return true }
            return !isSpaceOrEnd(j + 1 < end ? text[j + 1] : nil)
        case 0x5B:  // a footnote definition
            return !(i + 1 < end && text[i + 1] == 0x5E)
        default:
            return true
        }
    }

    /// Could be a table's delimiter row: only `|`, `:`, `-` and spaces, with a `-`.
    static func isDelimiterRowLike(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var dash = false
        var i = start
        while i < end {
            switch text[i] {
            case 0x2D: dash = true
            case 0x7C, 0x3A, 0x20, 0x09, 0x3E, 0x0D: break
            default: return false
            }
            i += 1
        }
        return dash
    }
}

import Diagnostics
import Foundation

/// Finds the spans cmark must not see as Markdown — math (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`) and
/// wikilinks (`[[…]]`, `![[…]]`) — and replaces each with a placeholder made of private-use
/// characters, which cmark treats as ordinary letters.
///
/// Why a pre-scan instead of a cmark extension: GFM tables split rows on `|` and list markers are
/// recognised before any inline extension runs, so `$p(x|z)$` in a cell or a `- c` line inside a
/// `$$` block would already be broken. Replacing the spans keeps every newline (and the container
/// prefix `> ` of every continued line), so cmark's line numbers stay exact and columns are mapped
/// back through `LineMap`.
///
/// Code blocks and HTML blocks (`codeLines`) follow cmark's own idea of code, so "nothing inside
/// code is math" holds as the page renders: a guess checked against the parse (`SinglePass`),
/// or where the guess was wrong, a first cmark pass (`Cmark.literalBlockLines`). Inline code spans, autolinks, raw HTML tags,
/// link destinations and bare URLs are skipped by this scanner.
struct Protector {
    enum SpanKind: Sendable {
        case inlineMath, displayMath, wikiLink, embed
    }

    struct Span: Sendable {
        var kind: SpanKind
        /// TeX for math, the inner text (`target#heading|label`) for wikilinks.
        var content: String
        /// 1-based line and 0-based byte offset in the original text.
        var line: Int
        var byteOffset: Int
        /// Length of the opening delimiter (`$` 1, `$$`, `\(`, `\[`, `[[` 2, `![[` 3).
        var delimiterLength: Int
        /// The 1-based line the span ends on (its closing delimiter's), and the span's bytes in
        /// the original text, delimiters included.
        var endLine: Int
        var source: Range<Int>
    }

    struct Result {
        var text: [UInt8]
        var spans: [Span]
        var lineMap: LineMap
        /// Whether private-use characters in the source had to be replaced.
        var replacedPrivateUse: Bool
    }

    // Placeholder alphabet, all in the Private Use Area (3 bytes each in UTF-8).
    static let open: Unicode.Scalar = "\u{E000}"
    static let close: Unicode.Scalar = "\u{E001}"
    static let filler: Unicode.Scalar = "\u{E002}"
    static let digitBase: UInt32 = 0xE010

    /// The note's bytes, borrowed for the scan (`protect`): every scan below reads them byte by
    /// byte, and an array would check each index and be retained by each helper.
    private let src: UnsafeBufferPointer<UInt8>
    private var lineStarts: [Int] = []
    private var skipLine: [Bool] = []

    /// The protected text of `bytes`, whose code and HTML blocks span `codeLines`.
    ///
    /// `scanWholeRegions` turns off the early stop of `scanRegion` (the scan of a region ends
    /// after its last `$`, `\` or `[`): the tests hold the two to each other.
    /// `searchEachOpener` searches for the `\)`, `\]` or `-->` of every `\(`, `\[` and `<!--`
    /// afresh, as the protector did before it kept what the last search found
    /// (`NextCloser`): the tests hold the two to each other.
    /// It also searches afresh for the end of every link destination `](…)` and for the
    /// closing run of every backtick run, as the protector did before it kept what a failed
    /// search learned (`DestinationEnds`, `BacktickRuns`).
    /// `lineStarts`, the bytes' `lineStarts()`, when the caller has them already.
    /// `work`, when given, counts the bytes the closer and destination searches read: the tests
    /// show with it that the scan's work grows with the note, not with its square.
    static func protect(_ bytes: [UInt8], codeLines: [ClosedRange<Int>], lineStarts: [Int]? = nil,
                        scanWholeRegions: Bool = false, searchEachOpener: Bool = false,
                        work: ScanWork? = nil) -> Result {
        bytes.withUnsafeBufferPointer {
            Protector($0, codeLines: codeLines, lineStarts: lineStarts,
                      searchEachOpener: searchEachOpener, work: work).run(scanWholeRegions: scanWholeRegions)
        }
    }

    /// Bytes read by the searches a scan makes ahead of where it stands (tests only).
    final class ScanWork {
        var bytes = 0
        init() {}
    }

    /// See `protect`'s parameter of the same name.
    private let searchEachOpener: Bool
    private let work: ScanWork?

    private init(_ bytes: UnsafeBufferPointer<UInt8>, codeLines: [ClosedRange<Int>], lineStarts: [Int]?,
                 searchEachOpener: Bool = false, work: ScanWork? = nil) {
        self.src = bytes
        self.searchEachOpener = searchEachOpener
        self.work = work
        let starts = lineStarts ?? bytes.lineStarts()
        self.lineStarts = starts
        var skip = [Bool](repeating: false, count: starts.count + 1)
        for range in codeLines {
            for line in range where line >= 1 && line <= starts.count { skip[line - 1] = true }
        }
        self.skipLine = skip
    }

    /// Quick test: a text without `$`, `\(`, `\[` or `[[` needs no protection at all.
    static func mayNeedProtection(_ bytes: [UInt8]) -> Bool {
        // Each mark found with memchr: a note is read a few times at memory speed rather than
        // once a byte at a time.
        bytes.withUnsafeBufferPointer { b in
            // `$`, and a private-use character, which may need escaping.
            b.firstOffset(of: 0x24) != nil || b.firstOffset(of: 0xEE) != nil
                || b.contains(0x5B) { $0 == 0x5B || $0 == 0x5C }  // [[ or \[
                || b.contains(0x28) { $0 == 0x5C }  // \(
        }
    }

    func run(scanWholeRegions: Bool = false) -> Result {
        var spans: [(kind: SpanKind, start: Int, end: Int, innerStart: Int, innerEnd: Int)] = []
        let lineCount = lineStarts.count
        var line = 0
        while line < lineCount {
            if skipLine[line] || isBlank(line) || isReferenceDefinition(line) {
                line += 1
                continue
            }
            var last = line
            while last + 1 < lineCount, !skipLine[last + 1], !isBlank(last + 1), !isReferenceDefinition(last + 1) {
                last += 1
            }
            let start = lineStarts[line], end = lineEnd(last)
            if scanWholeRegions {
                scanRegion(from: start, to: end, until: end, into: &spans)
            } else if let lastOpener = Self.lastSpanOpener(src, from: start, to: end) {
                scanRegion(from: start, to: end, until: lastOpener + 1, into: &spans)
            }
            line = last + 1
        }
        return build(spans)
    }

    // MARK: Lines

    private func lineEnd(_ line: Int) -> Int {
        line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : src.count
    }

    private func lineIndex(ofOffset offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    private func isBlank(_ line: Int) -> Bool {
        Self.isBlank(src, from: lineStarts[line], to: lineEnd(line))
    }

    /// A line holding only container markers (`>`) and spaces ends a paragraph as well: it is
    /// blank here, and the scan never crosses it. (`SinglePass` compares lines the same way.)
    static func isBlank(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var i = start
        while i < end {
            let b = text[i]
            if b != 0x20, b != 0x09, b != 0x3E, b != 0x0D { return false }
            i += 1
        }
        return true
    }

    private func isReferenceDefinition(_ line: Int) -> Bool {
        var i = lineStarts[line]
        let end = lineEnd(line)
        while i < end, src[i] == 0x20 || src[i] == 0x09 || src[i] == 0x3E { i += 1 }
        guard i < end, src[i] == 0x5B, i + 1 < end, src[i + 1] != 0x5B, src[i + 1] != 0x5E else { return false }
        var j = i + 1
        while j < end, src[j] != 0x5D {
            if src[j] == 0x5C { j += 1 }
            j += 1
        }
        return j + 1 < end && src[j + 1] == 0x3A
    }

    // MARK: Scanning

    private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// The offset of the last `$`, `\` or `[` in `start..<end`, or nil when there is none.
    ///
    /// Every span begins at one of these bytes (`![[` at its `[`, one byte on), so once the
    /// region scan has passed the last of them it can find no more spans: most of a region is
    /// prose after its last math or link, and 87% of the corpus's region bytes were read for
    /// nothing. Read backwards sixteen bytes at a time, compared as vectors (`SIMD16`, which the
    /// compiler turns into a handful of vector instructions for the sixteen); past thirty-two
    /// bytes without one, thirty-two a step. The block holding the last one, and the fewer than
    /// sixteen bytes left at the start, are read byte by byte: the loops only skip blocks shown
    /// to hold none, so the first opener met from the right is the last one.
    static func lastSpanOpener(_ src: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard let base = src.baseAddress, start < end else { return nil }
        let raw = UnsafeRawPointer(base)
        var i = end
        while i &- start >= 32, !holdsOpener(openerLanes(raw, at: i &- 16) .| openerLanes(raw, at: i &- 32)) {
            i &-= 32
        }
        while i &- start >= 16, !holdsOpener(openerLanes(raw, at: i &- 16)) {
            i &-= 16
        }
        while i > start {
            i &-= 1
            let b = base[i]
            if b == 0x24 || b == 0x5C || b == 0x5B { return i }
        }
        return nil
    }

    /// Which of the sixteen bytes at `offset` are `$`, `[` or `\`.
    @inline(__always)
    private static func openerLanes(_ raw: UnsafeRawPointer, at offset: Int) -> SIMDMask<SIMD16<Int8>> {
        let v = raw.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
        return (v .== SIMD16<UInt8>(repeating: 0x24)) .| (v .== SIMD16<UInt8>(repeating: 0x5B))
            .| (v .== SIMD16<UInt8>(repeating: 0x5C))
    }

    /// Whether any lane is set: the lanes made bytes and read as two words. (`any(_:)` is a
    /// call into the standard library for every block.)
    @inline(__always)
    private static func holdsOpener(_ lanes: SIMDMask<SIMD16<Int8>>) -> Bool {
        let bytes = SIMD16<UInt8>(repeating: 0).replacing(with: SIMD16<UInt8>(repeating: 0xFF), where: lanes)
        let words = unsafeBitCast(bytes, to: SIMD2<UInt64>.self)
        return words[0] | words[1] != 0
    }

    /// Finds the spans that begin in `start..<until`; each may run on to `end`, the region's
    /// end, and so may everything the scan skips (code spans, tags, destinations, URLs).
    private func scanRegion(from start: Int, to end: Int, until limit: Int,
                            into spans: inout [(kind: SpanKind, start: Int, end: Int, innerStart: Int, innerEnd: Int)]) {
        // One kept search per kind of closer keeps the scan linear (`NextCloser`).
        var inlineCloser = NextCloser(), displayCloser = NextCloser()
        var parenCloser = NextCloser(), bracketCloser = NextCloser(), commentEnd = NextCloser()
        // What the first failed search for a destination's `)` or a closing backtick run read
        // to the region's end (`DestinationEnds`, `BacktickRuns`), and the kept search for an
        // angle destination's `>` (`NextCloser`): `](a ](a …` and backtick runs of many lengths
        // without their `)` or closing run took time growing with the square of the region.
        var destinations: DestinationEnds?, angleEnd = NextCloser(), backticks: BacktickRuns?
        // A region scanned has an opener, and most have a span: room for several at once,
        // rather than growing from one by doubling.
        if spans.capacity == 0 { spans.reserveCapacity(16) }
        var p = start
        while p < limit {
            let b = src[p]
            switch b {
            case 0x5C:  // backslash
                guard p + 1 < end else { p += 1; continue }
                let n = src[p + 1]
                if n == 0x28 || n == 0x5B {  // \( or \[
                    // The search pairs up backslashes from where it starts, but every search here
                    // starts just after `(` or `[`, a byte that is not a backslash, so it enters
                    // every run of backslashes at the run's first byte wherever it starts: whether
                    // a `\` is the closer depends only on the text (it ends a run of odd length and
                    // the closer follows it), and a kept search (`NextCloser`) is exact.
                    if searchEachOpener { (parenCloser, bracketCloser) = (NextCloser(), NextCloser()) }
                    let found = n == 0x28
                        ? parenCloser.find(from: p + 2) { findBackslashCloser(0x29, from: $0, to: end) }
                        : bracketCloser.find(from: p + 2) { findBackslashCloser(0x5D, from: $0, to: end) }
                    if let q = found {
                        spans.append((n == 0x28 ? .inlineMath : .displayMath, p, q + 2, p + 2, q))
                        p = q + 2
                        continue
                    }
                }
                p += 2
            case 0x60:  // backtick: a code span hides everything inside it
                var n = 0
                while p + n < end, src[p + n] == 0x60 { n += 1 }
                if let close = closingBacktickRun(length: n, from: p + n, to: end, runs: &backticks) {
                    p = close + n
                } else {
                    p += n
                }
            case 0x3C:  // <
                if searchEachOpener { commentEnd = NextCloser() }
                p = skipAngle(at: p, end: end, commentEnd: &commentEnd) ?? p + 1
            case 0x24:  // $
                if p + 1 < end, src[p + 1] == 0x24 {
                    if let q = displayCloser.find(from: p + 2, { findDisplayCloser(from: $0, to: end) }), q >= p + 2, hasContent(p + 2, q) {
                        spans.append((.displayMath, p, q + 2, p + 2, q))
                        p = q + 2
                    } else {
                        p += 2
                    }
                } else if p + 1 < end, !isSpace(src[p + 1]) {
                    if let q = inlineCloser.find(from: p + 2, { findInlineCloser(from: $0, to: end) }), q >= p + 2 {
                        spans.append((.inlineMath, p, q + 1, p + 1, q))
                        p = q + 1
                    } else {
                        p += 1
                    }
                } else {
                    p += 1
                }
            case 0x21:  // ! — an embed ![[…]]
                if p + 2 < end, src[p + 1] == 0x5B, src[p + 2] == 0x5B, let q = findWikiClose(from: p + 3, to: end),
                   namesSomething(from: p + 3, to: q) {
                    spans.append((.embed, p, q + 2, p + 3, q))
                    p = q + 2
                } else {
                    p += 1
                }
            case 0x5B:  // [
                if p + 1 < end, src[p + 1] == 0x5B, let q = findWikiClose(from: p + 2, to: end),
                   namesSomething(from: p + 2, to: q) {
                    spans.append((.wikiLink, p, q + 2, p + 2, q))
                    p = q + 2
                } else {
                    p += 1
                }
            case 0x5D:  // ] — skip a link destination "](…)"
                if p + 1 < end, src[p + 1] == 0x28,
                   let q = searchEachOpener ? findDestinationEnd(from: p + 2, to: end)
                       : destinationEnd(from: p + 2, to: end, table: &destinations, angleEnd: &angleEnd) {
                    p = q + 1
                } else {
                    p += 1
                }
            case 0x68, 0x77:  // h, w — bare URLs keep their dollars
                if let q = skipBareURL(at: p, start: start, end: end) {
                    p = q
                } else {
                    p += 1
                }
            default:
                p = Self.nextMark(src, from: p + 1, before: limit)
            }
        }
    }

    /// The offset of the first byte in `start..<limit` that `scanRegion` does more with than
    /// step over — `\`, `` ` ``, `<`, `$`, `!`, `[`, `]`, `h`, `w` — or `limit`.
    ///
    /// Most of a region is prose (in the corpus, mostly Hangul, none of whose bytes is one of
    /// these), which the scan read a byte at a time through its `switch`: sixteen bytes a step
    /// here, compared as vectors, and the block holding a mark read for the first of them.
    /// Bytes outside `start..<limit` are never read.
    static func nextMark(_ src: UnsafeBufferPointer<UInt8>, from start: Int, before limit: Int) -> Int {
        guard let base = src.baseAddress else { return limit }
        let raw = UnsafeRawPointer(base)
        var i = start
        while i &+ 16 <= limit {
            let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let marks = (v .== SIMD16<UInt8>(repeating: 0x5C)) .| (v .== SIMD16<UInt8>(repeating: 0x60))
                .| (v .== SIMD16<UInt8>(repeating: 0x3C)) .| (v .== SIMD16<UInt8>(repeating: 0x24))
                .| (v .== SIMD16<UInt8>(repeating: 0x21)) .| (v .== SIMD16<UInt8>(repeating: 0x5B))
                .| (v .== SIMD16<UInt8>(repeating: 0x5D)) .| (v .== SIMD16<UInt8>(repeating: 0x68))
                .| (v .== SIMD16<UInt8>(repeating: 0x77))
            let lanes = SIMD16<UInt8>(repeating: 0).replacing(with: SIMD16<UInt8>(repeating: 0xFF), where: marks)
            let words = unsafeBitCast(lanes, to: SIMD2<UInt64>.self)
            // Little-endian lanes: the first byte of the block is the low byte of the first word.
            if words[0] != 0 { return i &+ (UInt64(littleEndian: words[0]).trailingZeroBitCount &>> 3) }
            if words[1] != 0 { return i &+ 8 &+ (UInt64(littleEndian: words[1]).trailingZeroBitCount &>> 3) }
            i &+= 16
        }
        while i < limit {
            switch base[i] {
            case 0x5C, 0x60, 0x3C, 0x24, 0x21, 0x5B, 0x5D, 0x68, 0x77: return i
            default: i &+= 1
            }
        }
        return limit
    }

    /// What each closer search finds in `bytes` from `from` (at least 1) to `end`: the inline
    /// and display math closers, `\)`, `\]`, and runs of one to three backticks. For the
    /// tests, which hold them to searches byte by byte.
    static func closerSearches(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> [Int?] {
        let protector = Protector(bytes, codeLines: [], lineStarts: [0])
        return [protector.findInlineCloser(from: from, to: end), protector.findDisplayCloser(from: from, to: end),
                protector.findBackslashCloser(0x29, from: from, to: end), protector.findBackslashCloser(0x5D, from: from, to: end)]
            + (1...3).map { protector.findBacktickRun(length: $0, from: from, to: end) }
    }

    /// For the tests: the end of the destination after every `](` in `bytes` and the closing
    /// run of every backtick run, as if the scan stepped over none of them, searched afresh
    /// (`each`) and as the scan searches (`kept`).
    static func destinationAndBacktickSearches(_ bytes: UnsafeBufferPointer<UInt8>)
        -> (each: [Int?], kept: [Int?]) {
        let protector = Protector(bytes, codeLines: [], lineStarts: [0])
        let end = bytes.count
        var each: [Int?] = [], kept: [Int?] = []
        var table: DestinationEnds?, angleEnd = NextCloser(), runs: BacktickRuns?
        var p = 0
        while p < end {
            if bytes[p] == 0x5D, p + 1 < end, bytes[p + 1] == 0x28 {
                each.append(protector.findDestinationEnd(from: p + 2, to: end))
                kept.append(protector.destinationEnd(from: p + 2, to: end, table: &table, angleEnd: &angleEnd))
            } else if bytes[p] == 0x60 {
                var n = 0
                while p + n < end, bytes[p + n] == 0x60 { n += 1 }
                each.append(protector.findBacktickRun(length: n, from: p + n, to: end))
                kept.append(protector.closingBacktickRun(length: n, from: p + n, to: end, runs: &runs))
                p += n
                continue
            }
            p += 1
        }
        return (each, kept)
    }

    private func hasContent(_ from: Int, _ to: Int) -> Bool {
        var i = from
        while i < to {
            if !isSpace(src[i]) { return true }
            i += 1
        }
        return false
    }

    private func isEscaped(_ q: Int, notBefore start: Int) -> Bool {
        var count = 0
        var i = q - 1
        while i >= start, src[i] == 0x5C {
            count += 1
            i -= 1
        }
        return count % 2 == 1
    }

    /// pandoc's closing `$`: not preceded by a space, not followed by a digit, not escaped.
    ///
    /// The closer searches below find their marks with memchr (`firstOffset(of:)`) rather than
    /// reading every byte, and say what a scan byte by byte from `from` would: one that stepped
    /// over each `\` and the byte after it. Such a scan enters every run of backslashes at its
    /// first byte (at `from`, or after a byte that is not a backslash, read or stepped over),
    /// so the byte after a run is stepped over exactly when the run is odd (`isEscaped`,
    /// counting back no further than where the search resumed, a byte the scan read).
    private func findInlineCloser(from: Int, to end: Int) -> Int? {
        var q = from
        while let d = src.firstOffset(of: 0x24, from: q, before: end) {
            if !isEscaped(d, notBefore: q), !isSpace(src[d - 1]), !(d + 1 < end && isDigit(src[d + 1])) {
                return d
            }
            q = d + 1
        }
        return nil
    }

    /// The first unescaped `$$` in `from..<end`. Its first `$` found with memchr, as in
    /// `findInlineCloser`; a `$` in the last byte never opens one.
    private func findDisplayCloser(from: Int, to end: Int) -> Int? {
        var q = from
        while let d = src.firstOffset(of: 0x24, from: q, before: end - 1) {
            if !isEscaped(d, notBefore: q), src[d + 1] == 0x24 { return d }
            q = d + 1
        }
        return nil
    }

    /// The first `\` followed by `closer` in `from..<end` that a scan stepping over each `\`
    /// and the byte after it reads. The first `\` from where the search resumes is read by
    /// it (every byte before it is not a backslash): found with memchr.
    private func findBackslashCloser(_ closer: UInt8, from: Int, to end: Int) -> Int? {
        var q = from
        while let d = src.firstOffset(of: 0x5C, from: q, before: end - 1) {
            if src[d + 1] == closer { return d }
            q = d + 2
        }
        return nil
    }

    /// The start of the next run of exactly `n` backticks in `from..<end`, each run found with
    /// memchr.
    private func findBacktickRun(length n: Int, from: Int, to end: Int) -> Int? {
        var q = from
        while let d = src.firstOffset(of: 0x60, from: q, before: end) {
            var m = 0
            while d + m < end, src[d + m] == 0x60 { m += 1 }
            if m == n {
                work?.bytes += d + m - from
                return d
            }
            q = d + m
        }
        work?.bytes += end - from
        return nil
    }

    /// Whether the inner text of `[[…]]` names a note or a heading: `[[ ]]`, `[[#]]` and
    /// `[[|label]]` name nothing and stay text, as in Obsidian, where they made links with no
    /// text, invisible on the page, to the page itself. Spaces, and a `#` with nothing after
    /// it, are nothing; the label after `|` (or the table's `\|`) does not count.
    private func namesSomething(from: Int, to end: Int) -> Bool {
        var q = from
        while q < end {
            switch src[q] {
            case 0x20, 0x09, 0x23: q += 1
            case 0x7C: return false
            case 0x5C where q + 1 < end && src[q + 1] == 0x7C: return false
            default: return true
            }
        }
        return false
    }

    /// `findBacktickRun`, answered from `runs` once a search has failed: every search starts
    /// just after a whole run of backticks (or at the end), so the runs it meets are the text's
    /// own, whichever search meets them, and the last start of each length read by the failed
    /// search says whether a later search can find one. A found run is a code span the scan
    /// steps over, so the searches that find one read the region about once between them.
    private func closingBacktickRun(length n: Int, from: Int, to end: Int, runs: inout BacktickRuns?) -> Int? {
        if searchEachOpener { return findBacktickRun(length: n, from: from, to: end) }
        if let runs, runs.from <= from {
            guard let last = runs.lastStart[n], last >= from else { return nil }
            return findBacktickRun(length: n, from: from, to: end)
        }
        let found = findBacktickRun(length: n, from: from, to: end)
        if found == nil { runs = BacktickRuns(src, from: from, to: end, work: work) }
        return found
    }

    /// `]]` on the same line; a wikilink never spans lines and never nests.
    private func findWikiClose(from: Int, to end: Int) -> Int? {
        var q = from
        while q + 1 < end {
            let b = src[q]
            if b == 0x0A { return nil }
            if b == 0x5B, src[q + 1] == 0x5B { return nil }
            if b == 0x5D, src[q + 1] == 0x5D { return q > from ? q : nil }
            q += 1
        }
        return nil
    }

    /// The `)` closing a link destination, parentheses balanced, `<…>` destinations honoured.
    /// Searched afresh from each `](` (`searchEachOpener`); `destinationEnd` answers the same.
    private func findDestinationEnd(from: Int, to end: Int) -> Int? {
        let found = findDestinationEndEach(from: from, to: end)
        work?.bytes += (found ?? end) - from
        return found
    }

    private func findDestinationEndEach(from: Int, to end: Int) -> Int? {
        var q = from
        while q < end, src[q] == 0x20 || src[q] == 0x0A { q += 1 }
        if q < end, src[q] == 0x3C {
            while q < end, src[q] != 0x3E, src[q] != 0x0A { q += src[q] == 0x5C ? 2 : 1 }
        }
        var depth = 0
        var inTitle: UInt8 = 0
        while q < end {
            let b = src[q]
            if b == 0x5C { q += 2; continue }
            if inTitle != 0 {
                if b == inTitle { inTitle = 0 }
            } else if b == 0x22 || b == 0x27, q > from, isSpace(src[q - 1]) {
                inTitle = b
            } else if b == 0x28 {
                depth += 1
            } else if b == 0x29 {
                if depth == 0 { return q }
                depth -= 1
            }
            q += 1
        }
        return nil
    }

    /// `findDestinationEnd`, with the `>` of an angle destination a kept search, and the `)`
    /// answered from `table` once a search for one has failed.
    ///
    /// `from` follows a `(`, so, as in the closer searches, every search here enters each run
    /// of backslashes at its first byte: which bytes a search reads and which it steps over is
    /// the text's, not the search's. So is whether a quote opens a title (read, outside a
    /// title, after a space: the `q > from` of the search by itself always holds then, as the
    /// byte before `from` is the `(`).
    private func destinationEnd(from: Int, to end: Int, table: inout DestinationEnds?,
                                angleEnd: inout NextCloser) -> Int? {
        var q = from
        while q < end, src[q] == 0x20 || src[q] == 0x0A { q += 1 }
        if q < end, src[q] == 0x3C {
            guard let r = angleEnd.find(from: q, { findAngleEnd(from: $0, to: end) }) else { return nil }
            q = r
        }
        guard q < end else { return nil }
        if let table, table.from <= q { return table.closer(from: q) }
        let found = findDestinationCloser(from: q, to: end)
        if found == nil { table = DestinationEnds(src, from: q, to: end, work: work) }
        return found
    }

    /// The first `>` or newline an angle destination's search reads from its `<` at `from`.
    private func findAngleEnd(from: Int, to end: Int) -> Int? {
        var q = from
        while q < end, src[q] != 0x3E, src[q] != 0x0A { q += src[q] == 0x5C ? 2 : 1 }
        work?.bytes += min(q, end) - from
        return q < end ? q : nil
    }

    /// The destination's `)` from `from`, past its spaces and any `<…>`: the second half of
    /// `findDestinationEnd`.
    private func findDestinationCloser(from: Int, to end: Int) -> Int? {
        var q = from
        var depth = 0
        var inTitle: UInt8 = 0
        while q < end {
            let b = src[q]
            if b == 0x5C { q += 2; continue }
            if inTitle != 0 {
                if b == inTitle { inTitle = 0 }
            } else if b == 0x22 || b == 0x27, isSpace(src[q - 1]) {
                inTitle = b
            } else if b == 0x28 {
                depth += 1
            } else if b == 0x29 {
                if depth == 0 {
                    work?.bytes += q - from
                    return q
                }
                depth -= 1
            }
            q += 1
        }
        work?.bytes += end - from
        return nil
    }

    /// Autolinks `<https://…>`, HTML tags and comments: skipped whole.
    /// A comment's `-->` is the region's kept search (`NextCloser`; `-->` has no escaping).
    private func skipAngle(at p: Int, end: Int, commentEnd: inout NextCloser) -> Int? {
        guard p + 1 < end else { return nil }
        let n = src[p + 1]
        if n == 0x21, p + 3 < end, src[p + 2] == 0x2D, src[p + 3] == 0x2D {  // <!--
            return commentEnd.find(from: p + 4) { findCommentEnd(from: $0, to: end) }.map { $0 + 3 }
        }
        let isLetter = { (b: UInt8) in (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
        var q = p + 1
        if src[q] == 0x2F { q += 1 }
        guard q < end, isLetter(src[q]) else { return nil }
        // Autolink: scheme ':' then no spaces or '<' up to '>'.
        var r = q
        while r < end, isLetter(src[r]) || isDigit(src[r]) || src[r] == 0x2B || src[r] == 0x2E || src[r] == 0x2D { r += 1 }
        if r < end, src[r] == 0x3A || src[r] == 0x40 {
            var s = r
            while s < end, !isSpace(src[s]), src[s] != 0x3C {
                if src[s] == 0x3E { return s + 1 }
                s += 1
            }
        }
        // A tag: name, attributes (quoted values may hold anything), '>'.
        guard r < end, isSpace(src[r]) || src[r] == 0x3E || src[r] == 0x2F else { return nil }
        var quote: UInt8 = 0
        while r < end {
            let b = src[r]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == 0x22 || b == 0x27 {
                quote = b
            } else if b == 0x3E {
                return r + 1
            } else if b == 0x3C {
                return nil
            }
            r += 1
        }
        return nil
    }

    /// The first `-->` in `from..<end`.
    private func findCommentEnd(from: Int, to end: Int) -> Int? {
        var q = from
        while q + 2 < end {
            if src[q] == 0x2D, src[q + 1] == 0x2D, src[q + 2] == 0x3E { return q }
            q += 1
        }
        return nil
    }

    private static let urlPrefixes: [[UInt8]] = [Array("https://".utf8), Array("http://".utf8), Array("www.".utf8)]

    private func skipBareURL(at p: Int, start: Int, end: Int) -> Int? {
        // Every prefix's second byte is `t` after `h` and `w` after `w`: most words starting
        // with either letter end here, before the prefixes are compared.
        guard p + 1 < end, src[p + 1] == (src[p] == 0x68 ? 0x74 : 0x77) else { return nil }
        if p > start {
            let prev = src[p - 1]
            guard isSpace(prev) || prev == 0x28 || prev == 0x3C || prev == 0x2A || prev == 0x5F else { return nil }
        }
        for prefix in Protector.urlPrefixes where p + prefix.count <= end {
            if src[p..<(p + prefix.count)].elementsEqual(prefix) {
                var q = p + prefix.count
                while q < end, !isSpace(src[q]), src[q] != 0x3C { q += 1 }
                return q
            }
        }
        return nil
    }

    // MARK: Output

    /// The container prefix of a line: leading spaces and tabs, and up to `quotes` `>` markers.
    /// (`SinglePass` reads continuation lines with the same prefix.)
    static func prefixLength(_ text: UnsafeBufferPointer<UInt8>, ofLineAt start: Int, limit: Int, quotes: Int) -> Int {
        var i = start
        var seen = 0
        while i < limit {
            let b = text[i]
            if b == 0x20 || b == 0x09 {
                i += 1
            } else if b == 0x3E, seen < quotes {
                seen += 1
                i += 1
            } else {
                break
            }
        }
        return i - start
    }

    /// The `>` markers among the spaces that open a line, before `limit`.
    static func quoteDepth(_ text: UnsafeBufferPointer<UInt8>, ofLineAt start: Int, upTo limit: Int) -> Int {
        var i = start
        var count = 0
        while i < limit, text[i] == 0x20 || text[i] == 0x09 || text[i] == 0x3E {
            if text[i] == 0x3E { count += 1 }
            i += 1
        }
        return count
    }

    private func prefixLength(ofLineAt start: Int, limit: Int, quotes: Int) -> Int {
        Self.prefixLength(src, ofLineAt: start, limit: limit, quotes: quotes)
    }

    private func quoteDepth(ofLineAt start: Int, upTo limit: Int) -> Int {
        Self.quoteDepth(src, ofLineAt: start, upTo: limit)
    }

    /// Appends one of the placeholder alphabet's scalars (U+E000 to U+E03F), whose UTF-8 is
    /// `EE 80 xx`: three bytes written directly, no String made for them.
    private static func append(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        precondition(scalar.value >= 0xE000 && scalar.value < 0xE040, "not a placeholder scalar")
        out.append(0xEE)
        out.append(0x80)
        out.append(0x80 | UInt8(scalar.value & 0x3F))
    }

    /// `open`, the span's index as hex digits (U+E010 + digit, most significant first), `close`.
    static func appendPlaceholder(index: Int, to out: inout [UInt8]) {
        append(open, to: &out)
        var shift = 0
        while index >> (shift + 4) > 0 { shift += 4 }
        while shift >= 0 {
            append(Unicode.Scalar(digitBase + UInt32((index >> shift) & 0xF))!, to: &out)
            shift -= 4
        }
        append(close, to: &out)
    }

    private func build(_ found: [(kind: SpanKind, start: Int, end: Int, innerStart: Int, innerEnd: Int)]) -> Result {
        var out: [UInt8] = []
        out.reserveCapacity(src.count + found.count * 12)
        var spans: [Span] = []
        spans.reserveCapacity(found.count)
        var lineMap = LineMap()
        // An edit for every span, and one more for each line a span continues on.
        lineMap.reserveCapacity(found.count)
        var replacedPrivateUse = false

        var cursor = 0
        // Where the current output line starts, kept up to date so columns cost nothing to find.
        var outLineStart = 0
        func column() -> Int { out.count - outLineStart }
        /// Copies source bytes, escaping any private-use character that could be mistaken for ours.
        /// Runs without a newline or an `EE` lead byte are copied whole.
        func copy(_ from: Int, _ to: Int) {
            var i = from
            while i < to {
                // A run up to the next `EE` lead byte is copied whole; its last newline, if
                // any, is where the output line now starts.
                let j = src.firstOffset(of: 0xEE, from: i, before: to) ?? to
                if j > i {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: src[i..<j]))
                    var k = j
                    while k > i, src[k - 1] != 0x0A { k -= 1 }
                    if k > i { outLineStart = out.count - (j - k) }
                }
                guard j < to else { return }
                if j + 2 < src.count, src[j + 1] == 0x80, src[j + 2] >= 0x80, src[j + 2] <= 0x9F {
                    out.append(contentsOf: [0xEF, 0xBF, 0xBD])  // U+FFFD
                    replacedPrivateUse = true
                    i = j + 3
                } else {
                    out.append(0xEE)
                    i = j + 1
                }
            }
        }

        for item in found {
            copy(cursor, item.start)
            let startLine = lineIndex(ofOffset: item.start)
            let endLine = lineIndex(ofOffset: max(item.end - 1, item.start))
            let quotes = quoteDepth(ofLineAt: lineStarts[startLine], upTo: item.start)

            // The span's content, continuation lines without their container prefix: outside
            // a quote, the source bytes as they are.
            let content: String
            if quotes == 0 {
                content = String(utf8: UnsafeBufferPointer(rebasing: src[item.innerStart..<item.innerEnd]))
            } else {
                var inner: [UInt8] = []
                inner.reserveCapacity(item.innerEnd - item.innerStart)
                var i = item.innerStart
                while i < item.innerEnd {
                    let b = src[i]
                    inner.append(b)
                    i += 1
                    if b == 0x0A {
                        let skip = prefixLength(ofLineAt: i, limit: item.innerEnd, quotes: quotes)
                        i += skip
                    }
                }
                content = inner.withUnsafeBufferPointer { String(utf8: $0) }
            }
            spans.append(Span(kind: item.kind, content: content, line: startLine + 1,
                              byteOffset: item.start - lineStarts[startLine],
                              delimiterLength: item.innerStart - item.start,
                              endLine: endLine + 1, source: item.start..<item.end))

            // Replacement: placeholder on the first line, a filler on each continued line.
            let tStart = column()
            Protector.appendPlaceholder(index: spans.count - 1, to: &out)
            if startLine == endLine {
                lineMap.add(line: startLine + 1, tStart: tStart, tEnd: column(),
                            oStart: item.start - lineStarts[startLine], oEnd: item.end - lineStarts[startLine])
            } else {
                lineMap.add(line: startLine + 1, tStart: tStart, tEnd: column(),
                            oStart: item.start - lineStarts[startLine], oEnd: lineEnd(startLine) - lineStarts[startLine])
                for l in (startLine + 1)...endLine {
                    out.append(0x0A)
                    outLineStart = out.count
                    let ls = lineStarts[l]
                    let prefix = prefixLength(ofLineAt: ls, limit: min(lineEnd(l), item.end), quotes: quotes)
                    copy(ls, ls + prefix)
                    let fStart = column()
                    Protector.append(Protector.filler, to: &out)
                    let oEnd = l == endLine ? item.end - ls : lineEnd(l) - ls
                    lineMap.add(line: l + 1, tStart: fStart, tEnd: column(), oStart: prefix, oEnd: oEnd)
                }
            }
            cursor = item.end
        }
        copy(cursor, src.count)
        return Result(text: out, spans: spans, lineMap: lineMap, replacedPrivateUse: replacedPrivateUse)
    }
}

/// Maps byte offsets within a line of the protected text back to the original text.
struct LineMap: Sendable {
    struct Edit: Sendable, Equatable {
        var tStart: Int, tEnd: Int, oStart: Int, oEnd: Int
    }

    /// Every line's edits, lines ascending and each line's edits left to right: the order the
    /// protector makes them in. One flat array searched by halving, rather than a dictionary
    /// of arrays, which cost a hash table and an array for each note with a span.
    private(set) var entries: [(line: Int, edit: Edit)] = []

    /// Room for `count` edits at once, rather than growing one by one.
    mutating func reserveCapacity(_ count: Int) {
        entries.reserveCapacity(count)
    }

    /// Adds the next edit: on a later line than the last one, or further right on the same.
    mutating func add(line: Int, tStart: Int, tEnd: Int, oStart: Int, oEnd: Int) {
        assert(entries.last.map { $0.line < line || ($0.line == line && $0.edit.tEnd <= tStart) } ?? true,
               "edits come in document order")
        entries.append((line, Edit(tStart: tStart, tEnd: tEnd, oStart: oStart, oEnd: oEnd)))
    }

    /// The edits of `line`, left to right.
    func edits(onLine line: Int) -> ArraySlice<(line: Int, edit: Edit)> {
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].line < line { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < entries.count, entries[end].line == line { end += 1 }
        return entries[lo..<end]
    }

    /// The original 0-based byte offset for a 0-based byte offset in the protected line.
    ///
    /// Only the line's last edit starting at or before `t` matters (the ones before it end
    /// before it starts), and it is found by halving: walking the line's edits from its first
    /// made a line of thousands of wikilinks and links take time growing with the square of
    /// their number, since every link's location asks this.
    func originalOffset(line: Int, protectedOffset t: Int) -> Int {
        // The first entry after every edit of an earlier line, or of this line starting at or
        // before `t`.
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let entry = entries[mid]
            if entry.line < line || (entry.line == line && entry.edit.tStart <= t) { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0, entries[lo - 1].line == line else { return t }
        let edit = entries[lo - 1].edit
        if t < edit.tEnd { return edit.oStart }
        return t - edit.tEnd + edit.oEnd
    }
}

/// What the last forward search for one kind of closer found, for the openers of one region
/// met left to right. Each search finds the first closer at or after where it starts, and
/// which bytes are a closer does not depend on where a search starts (see each caller), so
/// from a later opener the closer found before is found again when it lies at or after the
/// opener, and none is found when none was: only a closer left behind is worth a new search,
/// which then begins past everything the last one read, and the searches of a region read it
/// about once. (`$a $b $c …`, `\(a \(b …` and `x <!-- a <!-- b …` with no closers took time
/// growing with the square of their openers: seconds for 20,000.)
struct NextCloser {
    private var from = -1
    private var at: Int?

    /// The closer `search(start)` finds, searched for again only when the kept one lies before
    /// `start`.
    mutating func find(from start: Int, _ search: (Int) -> Int?) -> Int? {
        assert(start >= from, "openers are met left to right")
        if from < 0 || (at.map { $0 < start } ?? false) { (from, at) = (start, search(start)) }
        return at
    }
}

/// Where the destination search (`findDestinationCloser`) from each byte of a region's tail
/// stops: built once a search from `from` has read to the region's end without finding its `)`,
/// so that the `](` after it cost no more searches of their own.
///
/// A search reads the bytes the text says it reads (see `Protector.destinationEnd`), outside
/// a title or inside one; outside, `(` adds one to its depth and `)` takes one away, and it
/// stops at the `)` that would take the depth below zero. So searches from two bytes follow
/// one path once they meet outside a title, and only their depths differ. Calling the bytes a
/// search reads outside titles its path, each byte's entry is the byte after the first `)` on
/// its path that closes more than the path has opened since it: the next byte on from a `)`;
/// the entry of the next byte from one that neither opens nor closes (a title's quote leads
/// to the byte after the title); from a `(`, the entry of the entry of the next byte (past the
/// `)` closing it, then on to the first that closes more). Built from the end back, so every
/// entry is found in a step or two.
struct DestinationEnds {
    let from: Int
    /// Offset `x - from`: one past the `)` the search from `x` stops at, or -1 for none (and
    /// -2, while it is built, for a byte the searches step over).
    private var ends: [Int32]

    init?(_ src: UnsafeBufferPointer<UInt8>, from: Int, to end: Int, work: Protector.ScanWork?) {
        guard from < end, end < Int(Int32.max) else { return nil }
        self.from = from
        var ends = [Int32](repeating: -1, count: end - from)
        var x = from
        while x < end {
            if src[x] == 0x5C {
                if x + 1 < end { ends[x + 1 - from] = -2 }
                x += 2
            } else {
                x += 1
            }
        }
        func entry(_ u: Int) -> Int32 { u >= end ? -1 : ends[u - from] }
        // The next quote of each kind a search reads: where a title opened before it ends.
        var nextDouble = -1, nextSingle = -1
        x = end - 1
        while x >= from {
            defer { x -= 1 }
            guard ends[x - from] != -2 else { continue }
            let b = src[x]
            let afterSpace = src[x - 1] == 0x20 || src[x - 1] == 0x09 || src[x - 1] == 0x0A || src[x - 1] == 0x0D
            let stop: Int32
            if b == 0x5C {
                stop = entry(x + 2)
            } else if b == 0x22 || b == 0x27, afterSpace {
                let close = b == 0x22 ? nextDouble : nextSingle
                stop = close < 0 ? -1 : entry(close + 1)
            } else if b == 0x28 {
                let closed = entry(x + 1)
                stop = closed < 0 ? -1 : entry(Int(closed))
            } else if b == 0x29 {
                stop = Int32(x + 1)
            } else {
                stop = entry(x + 1)
            }
            ends[x - from] = stop
            if b == 0x22 { nextDouble = x } else if b == 0x27 { nextSingle = x }
        }
        self.ends = ends
        work?.bytes += 2 * (end - from)
    }

    /// The `)` a destination search from `q` (`from` or after, a byte searches read) stops at.
    func closer(from q: Int) -> Int? {
        let stop = ends[q - from]
        return stop < 0 ? nil : Int(stop) - 1
    }
}

/// The last start of each length of backtick run from `from` to a region's end, read once a
/// search for a closing run (`Protector.closingBacktickRun`) from `from` has found none.
struct BacktickRuns {
    let from: Int
    private(set) var lastStart: [Int: Int] = [:]

    init(_ src: UnsafeBufferPointer<UInt8>, from: Int, to end: Int, work: Protector.ScanWork?) {
        self.from = from
        var q = from
        while let d = src.firstOffset(of: 0x60, from: q, before: end) {
            var m = 0
            while d + m < end, src[d + m] == 0x60 { m += 1 }
            lastStart[m] = d
            q = d + m
        }
        work?.bytes += end - from
    }
}

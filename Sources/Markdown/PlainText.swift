import Diagnostics
/// Plain text of inline content: what a TOC, a page title, an `alt` attribute, a backlink's
/// context or a concept matcher reads. Math is its TeX, a wikilink its shown text, markup dropped.
public enum PlainText {
    public static func of(_ inlines: [Inline], math: [MathOccurrence], links: [LinkOccurrence]) -> String {
        if let joined = joinedText(inlines) { return joined }
        var scalars: [Unicode.Scalar] = []
        var ranges: [(Int, Range<Int>)] = []
        collect(inlines, math: math, links: links, into: &scalars, ranges: &ranges)
        return String(scalars: scalars)
    }

    /// The plain text of inlines that are all texts and code (most headings and link labels
    /// are one text): their strings joined, which is what `collect` makes of them, since a
    /// string's scalars encode back to its own bytes. Nil for any other list.
    static func joinedText(_ inlines: [Inline]) -> String? {
        if inlines.count == 1 {
            switch inlines[0] {
            case .text(let t), .code(let t): return t
            default: return nil
            }
        }
        var joined = ""
        for inline in inlines {
            switch inline {
            case .text(let t), .code(let t): joined += t
            default: return nil
            }
        }
        return joined
    }

    /// Appends the plain text of `inlines`, recording the range each link's text occupies.
    static func collect(_ inlines: [Inline], math: [MathOccurrence], links: [LinkOccurrence],
                        into out: inout [Unicode.Scalar], ranges: inout [(Int, Range<Int>)]) {
        for inline in inlines {
            switch inline {
            case .text(let t), .code(let t):
                appendScalars(of: t, to: &out)
            case .softBreak, .lineBreak:
                out.append(" ")
            case .html(let tag):
                // `<br>` separates words (tables use it for line breaks); other tags add nothing.
                if tag.lowercased().hasPrefix("<br") { out.append(" ") }
            case .emphasis(let c), .strong(let c), .strikethrough(let c):
                collect(c, math: math, links: links, into: &out, ranges: &ranges)
            case .link(let index, let c), .image(let index, let c):
                let start = out.count
                collect(c, math: math, links: links, into: &out, ranges: &ranges)
                ranges.append((index, start..<out.count))
            case .wikiLink(let index):
                let start = out.count
                if index < links.count {
                    appendScalars(of: links[index].displayText, to: &out)
                }
                ranges.append((index, start..<out.count))
            case .math(let index):
                if index < math.count { appendScalars(of: math[index].tex, to: &out) }
            case .footnoteReference:
                continue
            }
        }
    }

    /// `out.append(contentsOf: text.unicodeScalars)`, decoded from the string's UTF-8 in one
    /// pass: the generic append counted the scalars in a first walk and copied them through an
    /// iterator in a second, two thirds of the cost of a backlink's context. A string's bytes are
    /// well-formed UTF-8, so each lead byte tells its length and the scalar is its bits.
    static func appendScalars(of text: String, to out: inout [Unicode.Scalar]) {
        text.withUTF8Bytes { bytes in
            guard !bytes.isEmpty else { return }
            // At most one scalar a byte. Doubling, as appending does: a paragraph's texts come
            // one after another, and room for each alone would copy the scalars again each time.
            let needed = out.count + bytes.count
            if out.capacity < needed { out.reserveCapacity(Swift.max(needed, 2 * out.capacity)) }
            var i = 0
            let n = bytes.count
            while i < n {
                let lead = UInt32(bytes[i])
                var value: UInt32
                if lead < 0x80 {
                    value = lead
                    i += 1
                } else if lead < 0xE0 {
                    value = (lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                    i += 2
                } else if lead < 0xF0 {
                    value = (lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                    i += 3
                } else {
                    value = (lead & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12
                        | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
                    i += 4
                }
                out.append(Unicode.Scalar(value)!)
            }
        }
    }

    /// The sentence holding `range`, cut to a readable length, split around the range.
    ///
    /// Read through the array's buffer, and each side made a string in one pass
    /// (`string(of:ellipsisBefore:ellipsisAfter:)`): the mention scan asks this for tens of
    /// thousands of mentions per build.
    public static func sentence(around range: Range<Int>, in scalars: [Unicode.Scalar], limit: Int = 160) -> LinkContext {
        scalars.withUnsafeBufferPointer { sentence(around: range, in: $0, limit: limit) }
    }

    /// `sentence(around:in:limit:)` of scalars read in place (the mention scan's, which lie in a
    /// buffer longer than the text).
    public static func sentence(around range: Range<Int>, in scalars: UnsafeBufferPointer<Unicode.Scalar>,
                                limit: Int = 160) -> LinkContext {
        let parts = sentenceParts(around: range, in: scalars, limit: limit)
        let before = string(of: parts.before, ellipsisBefore: parts.beforeCut)
        let after = string(of: parts.after, ellipsisAfter: parts.afterCut)
        let match = string(of: scalars[range])
        return LinkContext(before: before, match: match, after: after)
    }

    /// The UTF-8 of `sentence(around:in:limit:)`'s three parts, before, match and after one
    /// after another, appended to `bytes`; returns each part's length in bytes. The bytes are
    /// those of the strings `sentence` makes: the mention scan keeps thousands of sentences
    /// side by side in one buffer, where two or three strings each were as many allocations.
    public static func appendSentenceUTF8(around range: Range<Int>, in scalars: UnsafeBufferPointer<Unicode.Scalar>,
                                          limit: Int = 160,
                                          to bytes: inout [UInt8]) -> (before: Int, match: Int, after: Int) {
        let parts = sentenceParts(around: range, in: scalars, limit: limit)
        // Four bytes a scalar at most, and two ellipses.
        let most = 4 * (parts.before.count + range.count + parts.after.count) + 6
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: most) { buffer in
            let out = buffer.baseAddress!
            let before = encode(parts.before, ellipsisBefore: parts.beforeCut, ellipsisAfter: false, to: out).count
            let match = encode(scalars[range], ellipsisBefore: false, ellipsisAfter: false, to: out + before).count
            let after = encode(parts.after, ellipsisBefore: false, ellipsisAfter: parts.afterCut, to: out + before + match).count
            bytes.append(contentsOf: UnsafeBufferPointer(start: out, count: before + match + after))
            return (before, match, after)
        }
    }

    /// The scalars of a sentence's sides (`sentence(around:in:limit:)`), spaces trimmed, and
    /// whether each was cut at the limit (and so is written with "…" at its far end).
    @inline(__always)
    private static func sentenceParts(around range: Range<Int>, in scalars: UnsafeBufferPointer<Unicode.Scalar>, limit: Int)
        -> (before: Slice<UnsafeBufferPointer<Unicode.Scalar>>, beforeCut: Bool,
            after: Slice<UnsafeBufferPointer<Unicode.Scalar>>, afterCut: Bool) {
        let count = scalars.count
        // `.`, `?` and `!` (each a bit of one word) end a sentence before a space or at the end;
        // `。`, `？` and `！` anywhere. Most scalars are letters, spaces or Hangul: one test tells
        // a scalar below 0x40 from the three, one a scalar above from the first of the others.
        let asciiEnds: UInt64 = 1 << 0x21 | 1 << 0x2E | 1 << 0x3F
        func isTerminator(_ i: Int) -> Bool {
            let v = scalars[i].value
            if v < 0x40 {
                return asciiEnds >> UInt64(v) & 1 != 0 && (i + 1 >= count || scalars[i + 1] == " ")
            }
            return v >= 0x3002 && (v == 0x3002 || v == 0xFF1F || v == 0xFF01)
        }
        // Neither side is read further than `limit` scalars past the match: a longer side is
        // cut there anyway, and a paragraph with no sentence end would otherwise be read whole
        // for every mention in it. The bounds are worked out once, not tested at every scalar.
        var start = range.lowerBound
        let lowest = max(0, range.lowerBound - limit - 1)
        while start > lowest, !isTerminator(start - 1) { start -= 1 }
        var end = range.upperBound
        let highest = min(count, range.upperBound + limit + 1)
        while end < highest {
            let stop = isTerminator(end)
            end += 1
            if stop { break }
        }
        // The spaces `Spaces` trims are cut off the scalars, before any string is made: the
        // same text, without a second copy of it. (A side cut at the limit starts or ends with
        // "…", which trims nothing.)
        let beforeCut = range.lowerBound - start > limit
        let before = beforeCut
            ? trimmingLeadingSpaces(scalars[(range.lowerBound - limit)..<range.lowerBound])
            : trimmingLeadingSpaces(scalars[start..<range.lowerBound])
        let afterCut = end - range.upperBound > limit
        let after = afterCut
            ? scalars[range.upperBound..<(range.upperBound + limit)]
            : trimmingTrailingSpaces(scalars[range.upperBound..<end])
        return (before, beforeCut, after, afterCut)
    }

    /// `String(scalars:)` of `scalars`, with "…" before or after: the scalars encoded into a
    /// stack buffer (four bytes a scalar at most) and made a string without the standard
    /// library's validation, since bytes encoded from scalars are well-formed UTF-8. The
    /// generic `String(scalars:)` walked the scalars twice (to size, then to write), had the
    /// bytes validated, and an ellipsis added made a second string.
    static func string(of scalars: Slice<UnsafeBufferPointer<Unicode.Scalar>>, ellipsisBefore: Bool = false,
                       ellipsisAfter: Bool = false) -> String {
        if scalars.isEmpty && !ellipsisBefore && !ellipsisAfter { return "" }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4 * scalars.count + 6) { buffer in
            let out = buffer.baseAddress!
            let (count, isASCII) = encode(scalars, ellipsisBefore: ellipsisBefore, ellipsisAfter: ellipsisAfter, to: out)
            return UTF8Text.string(ofValid: UnsafeBufferPointer(start: out, count: count), isASCII: isASCII)
        }
    }

    /// Writes the UTF-8 of `scalars` to `out` (room for four bytes a scalar and six more), with
    /// "…" before or after; returns how many bytes that is and whether they are all ASCII.
    @inline(__always)
    private static func encode(_ scalars: Slice<UnsafeBufferPointer<Unicode.Scalar>>, ellipsisBefore: Bool,
                               ellipsisAfter: Bool, to out: UnsafeMutablePointer<UInt8>) -> (count: Int, isASCII: Bool) {
        var i = 0
        // "…" is U+2026, E2 80 A6.
        if ellipsisBefore {
            out[0] = 0xE2; out[1] = 0x80; out[2] = 0xA6
            i = 3
        }
        var high: UInt32 = ellipsisBefore || ellipsisAfter ? 0x80 : 0
        for scalar in scalars {
            let v = scalar.value
            high |= v
            if v < 0x80 {
                out[i] = UInt8(truncatingIfNeeded: v)
                i &+= 1
            } else if v < 0x800 {
                out[i] = UInt8(truncatingIfNeeded: 0xC0 | (v >> 6))
                out[i &+ 1] = UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F))
                i &+= 2
            } else if v < 0x10000 {
                out[i] = UInt8(truncatingIfNeeded: 0xE0 | (v >> 12))
                out[i &+ 1] = UInt8(truncatingIfNeeded: 0x80 | ((v >> 6) & 0x3F))
                out[i &+ 2] = UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F))
                i &+= 3
            } else {
                out[i] = UInt8(truncatingIfNeeded: 0xF0 | (v >> 18))
                out[i &+ 1] = UInt8(truncatingIfNeeded: 0x80 | ((v >> 12) & 0x3F))
                out[i &+ 2] = UInt8(truncatingIfNeeded: 0x80 | ((v >> 6) & 0x3F))
                out[i &+ 3] = UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F))
                i &+= 4
            }
        }
        if ellipsisAfter {
            out[i] = 0xE2; out[i &+ 1] = 0x80; out[i &+ 2] = 0xA6
            i &+= 3
        }
        return (i, high < 0x80)
    }

    /// `Spaces.trimmingLeading` of the scalars' text: its bytes are the scalars below 0x80.
    private static func trimmingLeadingSpaces(_ scalars: Slice<UnsafeBufferPointer<Unicode.Scalar>>) -> Slice<UnsafeBufferPointer<Unicode.Scalar>> {
        var start = scalars.startIndex
        while start < scalars.endIndex, isSpace(scalars[start]) { start += 1 }
        return scalars[start...]
    }

    /// `Spaces.trimmingTrailing` of the scalars' text.
    private static func trimmingTrailingSpaces(_ scalars: Slice<UnsafeBufferPointer<Unicode.Scalar>>) -> Slice<UnsafeBufferPointer<Unicode.Scalar>> {
        var end = scalars.endIndex
        while end > scalars.startIndex, isSpace(scalars[end - 1]) { end -= 1 }
        return scalars[..<end]
    }

    /// The bytes `Spaces` trims: space, tab, line feed, carriage return.
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }
}

extension LinkOccurrence {
    /// The text a reader sees for this link when no label was given.
    public var displayText: String {
        switch kind {
        case .markdown, .image:
            return label ?? destination
        case .wikiLink, .embed:
            if let label, kind == .wikiLink { return label }
            guard let fragment else { return destination }
            let shown = fragment.split(separator: "#").map { $0.hasPrefix("^") ? String($0.dropFirst()) : String($0) }.joined(separator: " > ")
            return destination.isEmpty ? shown : destination + " > " + shown
        }
    }
}

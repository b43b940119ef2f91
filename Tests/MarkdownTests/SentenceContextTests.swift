@testable import Markdown
import Testing
import TestSupport

/// `PlainText.sentence(around:in:limit:)` reads at most `limit` scalars on each side of the
/// match. It must cut exactly where the plain version, which finds the whole sentence first and
/// then cuts it, does.
@Suite struct SentenceContextTests {
    /// The plain version: the whole sentence, then each side cut to `limit` scalars.
    static func reference(around range: Range<Int>, in scalars: [Unicode.Scalar], limit: Int) -> LinkContext {
        func isTerminator(_ i: Int) -> Bool {
            let c = scalars[i]
            if c == "。" || c == "？" || c == "！" { return true }
            guard c == "." || c == "?" || c == "!" else { return false }
            return i + 1 >= scalars.count || scalars[i + 1] == " "
        }
        var start = range.lowerBound
        while start > 0, !isTerminator(start - 1) { start -= 1 }
        var end = range.upperBound
        while end < scalars.count {
            let stop = isTerminator(end)
            end += 1
            if stop { break }
        }
        var before = String(String.UnicodeScalarView(scalars[start..<range.lowerBound]))
        var after = String(String.UnicodeScalarView(scalars[range.upperBound..<end]))
        if before.unicodeScalars.count > limit {
            before = "…" + Spaces.trimmingLeading(String(String.UnicodeScalarView(before.unicodeScalars.suffix(limit))))
        }
        if after.unicodeScalars.count > limit {
            after = String(String.UnicodeScalarView(after.unicodeScalars.prefix(limit))) + "…"
        }
        let match = String(String.UnicodeScalarView(scalars[range]))
        return LinkContext(before: Spaces.trimmingLeading(before), match: match, after: Spaces.trimmingTrailing(after))
    }

    @Test func cutsWhereTheWholeSentenceWouldBeCut() {
        let alphabet: [Unicode.Scalar] = ["a", "b", " ", " ", ".", "?", "!", "。", "？", "！", "가", "다", "\n", "x", "\t", "\r", "é", "😀",
                                          "\u{0}", "\u{3F}", "\u{40}", "\u{7F}", "\u{80}", "\u{3001}", "\u{3003}", "\u{FF00}", "\u{FF02}",
                                          "\u{FF1E}", "\u{FF20}", "\u{FFFF}", "\u{10FFFF}", "\u{2E}\u{301}".unicodeScalars.last!]
        var random = SplitMix(state: 0xC0_47E7)
        for _ in 0..<50_000 {
            let scalars = (0..<random.below(60)).map { _ in random.pick(alphabet) }
            guard !scalars.isEmpty else { continue }
            let lower = random.below(scalars.count)
            let upper = lower + random.below(scalars.count - lower + 1)
            let limit = random.below(14)
            let got = PlainText.sentence(around: lower..<upper, in: scalars, limit: limit)
            let want = Self.reference(around: lower..<upper, in: scalars, limit: limit)
            #expect(got == want, "\(scalars) \(lower)..<\(upper) limit \(limit)")
            // The same bytes, not only canonically equivalent strings: each side is encoded
            // by hand (`PlainText.string(of:)`).
            #expect(Array(got.before.utf8) == Array(want.before.utf8) && Array(got.match.utf8) == Array(want.match.utf8)
                    && Array(got.after.utf8) == Array(want.after.utf8))
        }
    }

    @Test func aLongParagraphIsCutOnBothSides() {
        let text = String(repeating: "word ", count: 100) + "VAE" + String(repeating: " more", count: 100)
        let scalars = Array(text.unicodeScalars)
        let context = PlainText.sentence(around: 500..<503, in: scalars, limit: 20)
        #expect(context.match == "VAE")
        #expect(context.before == "…word word word word ")
        #expect(context.after == " more more more more…")
    }
}

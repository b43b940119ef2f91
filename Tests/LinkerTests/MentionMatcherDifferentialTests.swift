@testable import Linker
import Testing
import TestSupport

/// `MentionMatcher.forEachMatch` keeps its loop's state in locals, compares all-caps forms in
/// place and reads whole transition rows for its shallow states; it must find exactly the
/// mentions of the matcher as it was (`ReferenceMentionMatcher`), with no more work, on names
/// and texts mixing cases, separators, plurals, Hangul with particles, expanding lowercase
/// mappings and scalars of every width.
@Suite struct MentionMatcherDifferentialTests {
    static let parts = ["VAE", "vae", "El", "BO", "kl", "Net", "GAN", "s", "T1", "42", "변분", "오토", "인코더", "학습", "É", "ß",
                        "İ", "Ω", "ǅ", "e\u{301}", "𝐀", "🙂", "x"]
    static let separators = ["", "", " ", "-", "\u{2010}", "\u{00A0}", "\u{3000}"]
    static let noise = [" ", ".", ",", " 는 ", "를", "의 ", "이다", "률", "_", "s", "S ", "-", "\n", "(", ")", "가", "1", "a", "É",
                        "\u{301}", "🙂", "\u{00AD}", "\u{202F}"]

    static func name(_ random: inout SplitMix) -> String {
        (0..<(1 + random.below(3))).map { _ in random.pick(parts) }.joined(separator: random.pick(separators))
    }

    @Test func sameMatchesAndWorkAsBefore() {
        var random = SplitMix(state: 0xD1FF)
        var total = 0
        for _ in 0..<60 {
            var names: [(name: String, concept: Int)] = []
            for c in 0..<(1 + random.below(60)) {
                names.append((Self.name(&random), c))
                if random.chance(30) { names.append((Self.name(&random).uppercased(), c)) }
            }
            // Whole rows for the root alone, for a few nodes, or for every node: the same mentions.
            let fast = MentionMatcher(names: names, rowBudget: random.pick([0, 40, 400, MentionMatcher.rowBudget]))
            let reference = ReferenceMentionMatcher(names: names)
            for _ in 0..<20 {
                var text = ""
                for _ in 0..<random.below(30) {
                    text += random.chance(50) ? random.pick(names).name : random.pick(Self.noise)
                    if random.chance(20) { text = text.uppercased() }
                }
                let scalars = Array(text.unicodeScalars)
                let lower = random.below(scalars.count + 1)
                let upper = lower + random.below(scalars.count - lower + 1)
                var a = MentionMatcher.Scratch()
                var b = ReferenceMentionMatcher.Scratch()
                var found: [MentionMatcher.Match] = []
                var expected: [ReferenceMentionMatcher.Match] = []
                // Twice, with the same scratch: the buffers reused must not carry anything over.
                for _ in 0..<2 {
                    fast.forEachMatch(in: scalars, range: lower..<upper, scratch: &a) { found.append($0) }
                    reference.forEachMatch(in: scalars, range: lower..<upper, scratch: &b) { expected.append($0) }
                }
                #expect(found.map(\.range) == expected.map(\.range), "\(text.debugDescription) \(lower)..<\(upper)")
                #expect(found.map(\.concept) == expected.map(\.concept))
                // Rows follow failure links ahead of time: never more transitions than before.
                #expect(a.work <= b.work)
                total += found.count
            }
        }
        // The texts are made of the names: most of the rules above were put to work.
        #expect(total > 1_000)
    }
}

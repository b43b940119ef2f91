@testable import Linker
import Testing
import TestSupport

/// `MentionMatcher.prepare` reads an ASCII name from its bytes; it must make the name ready
/// exactly as the walk by scalars (`preparedByScalar`) does: the same folded bytes, spellings,
/// case rule, and the same names left out (too short, no letter).
@Suite struct MentionMatcherPrepareTests {
    static let pieces = ["VAE", "vae", "ReLU", "KL", "gan", "T1", "42", "x", "Q", "s", "_", ".", "'", "(", "ℓ", "é", "É",
                         "변분", "İ", "ß"]
    static let separators = ["", "", " ", "-", "\t", "\n", "\r", "  ", "--"]

    @Test func asciiNamesAreReadyAsByScalar() {
        var random = SplitMix(state: 0xA5C1)
        var ascii = 0
        for _ in 0..<5_000 {
            var name = random.chance(10) ? random.pick(Self.separators) : ""
            for k in 0..<(1 + random.below(4)) {
                if k > 0 { name += random.pick(Self.separators) }
                name += random.pick(Self.pieces)
            }
            if random.chance(10) { name += random.pick(Self.separators) }
            if random.chance(20) { name = name.uppercased() }
            if name.utf8.allSatisfy({ $0 < 0x80 }) { ascii += 1 }
            #expect(MentionMatcher.prepare(name, concept: 7) == MentionMatcher.preparedByScalar(name, concept: 7),
                    "\(name.debugDescription)")
        }
        // Most names took the ASCII path, with and without a letter, of every case.
        #expect(ascii > 2_000)
    }

    @Test func edgeCases() {
        for name in ["", " ", "-", "a", "A", "ab", "AB", "A1", "12", "1a", "a-b", "A B", "_x", "x_", "..", "A.", "a\tb"] {
            #expect(MentionMatcher.prepare(name, concept: 0) == MentionMatcher.preparedByScalar(name, concept: 0),
                    "\(name.debugDescription)")
        }
    }
}

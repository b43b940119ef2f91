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

    /// Names added in parts and joined are laid out as if added to one: each name's bytes and
    /// scalars at its rebased place, the unusable ones (too short, no letter) empty, and every
    /// name the same as `prepare` makes it alone.
    @Test func joinedPartsAreOneLayout() {
        var random = SplitMix(state: 0x51A7)
        var names: [String] = []
        for _ in 0..<300 {
            var name = ""
            for k in 0..<(1 + random.below(3)) {
                if k > 0 { name += random.pick(Self.separators) }
                name += random.pick(Self.pieces)
            }
            names.append(name)
        }
        var whole = MentionMatcher.PreparedNames()
        for name in names { whole.append(name) }
        var parts: [MentionMatcher.PreparedNames] = []
        for start in stride(from: 0, to: names.count, by: 37) {
            var part = MentionMatcher.PreparedNames()
            for name in names[start..<min(start + 37, names.count)] { part.append(name) }
            parts.append(part)
        }
        // An empty part too, as a chunk of no names would be.
        parts.insert(MentionMatcher.PreparedNames(), at: 3)
        let joined = MentionMatcher.PreparedNames(joining: parts)
        #expect(joined.bytes == whole.bytes)
        #expect(joined.kept == whole.kept)
        #expect(joined.byteStart == whole.byteStart)
        #expect(joined.keptStart == whole.keptStart)
        #expect(joined.usable == whole.usable)
        #expect(joined.caseSensitive == whole.caseSensitive)
        var usable = 0
        for (i, name) in names.enumerated() {
            let alone = MentionMatcher.prepare(name, concept: 0)
            #expect(joined.usable[i] == (alone != nil), "\(name.debugDescription)")
            if let alone {
                usable += 1
                #expect(Array(joined.bytes[joined.byteStart[i]..<joined.byteStart[i + 1]]) == alone.bytes)
                #expect(Array(joined.kept[joined.keptStart[i]..<joined.keptStart[i + 1]]) == alone.kept)
                #expect(joined.caseSensitive[i] == alone.caseSensitive)
            } else {
                #expect(joined.byteStart[i] == joined.byteStart[i + 1] && joined.keptStart[i] == joined.keptStart[i + 1])
            }
        }
        #expect(usable > 100 && usable < names.count)
    }

    @Test func edgeCases() {
        for name in ["", " ", "-", "a", "A", "ab", "AB", "A1", "12", "1a", "a-b", "A B", "_x", "x_", "..", "A.", "a\tb"] {
            #expect(MentionMatcher.prepare(name, concept: 0) == MentionMatcher.preparedByScalar(name, concept: 0),
                    "\(name.debugDescription)")
        }
    }
}

/// `MentionMatcher.run` passes over the names found where a word goes on (an ASCII letter or
/// digit other than `s`, or `_`, after them) when none of them ends in Hangul: the same mentions
/// as the reference, which asks `accepts` of each.
@Suite struct MentionMatcherWordGoesOnTests {
    @Test func sameMentionsAsTheReference() {
        let names: [(name: String, concept: Int)] = [("GAN", 0), ("organ", 1), ("AN", 2), ("an", 3), ("학습", 4), ("KL 발산", 5),
                                                     ("ReLU", 6), ("VAE", 7), ("ae", 8), ("T1", 9)]
        let fast = MentionMatcher(names: names)
        let reference = ReferenceMentionMatcher(names: names)
        let texts = ["organ GANs GAN_ GAN1 GANS GANx an anx ans ReLUs ReLU_2", "학습a 학습률 학습s KL 발산s KL 발산x", "VAEs vae aes ae1 T1s T12 T1_",
                     "(GAN)s GAN-s an-s organs organ1 AN AN's"]
        for text in texts {
            let scalars = Array(text.unicodeScalars)
            var a = MentionMatcher.Scratch()
            var b = ReferenceMentionMatcher.Scratch()
            var found: [MentionMatcher.Match] = []
            var expected: [ReferenceMentionMatcher.Match] = []
            fast.forEachMatch(in: scalars, range: 0..<scalars.count, scratch: &a) { found.append($0) }
            reference.forEachMatch(in: scalars, range: 0..<scalars.count, scratch: &b) { expected.append($0) }
            #expect(found.map(\.range) == expected.map(\.range), "\(text)")
            #expect(found.map(\.concept) == expected.map(\.concept), "\(text)")
            #expect(!found.isEmpty)
        }
    }
}

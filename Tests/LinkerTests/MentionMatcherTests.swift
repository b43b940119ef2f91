import Foundation
@testable import Linker
import Testing
import TestSupport

@Suite struct MentionMatcherTests {
    let matcher = MentionMatcher(names: [
        ("VAE", 0), ("Variational Autoencoder", 0), ("변분 오토인코더", 0),
        ("ELBO", 1), ("KL", 2), ("Kullback-Leibler", 3), ("Kullback-Leibler divergence", 2), ("KL 발산", 2),
        ("GAN", 4), ("GAP", 5), ("AE", 6), ("Autoencoder", 6), ("Dropout", 7), ("학습", 8), ("배치 정규화", 9),
        ("ReLU", 10),
    ])

    /// No names, or only names that cannot be patterns (one letter, no letter): a matcher of no
    /// pattern, built from no bytes, finds nothing in any text.
    @Test func noUsableNamesFindNothing() {
        for names: [(name: String, concept: Int)] in [[], [("x", 0), ("42", 1), ("-", 2), ("", 3)]] {
            let empty = MentionMatcher(names: names)
            #expect(empty.count == 0)
            #expect(empty.found(in: "x 42 VAE 변분 - text") == [])
        }
    }

    @Test func koreanParticlesAfterLatinNames() {
        #expect(matcher.found(in: "VAE는 ELBO의 하한을, KL을 줄이고 GAN과 비교한다.") == ["VAE", "ELBO", "KL", "GAN"])
        #expect(matcher.found(in: "(VAE)에서, [ELBO]로") == ["VAE", "ELBO"])
    }

    @Test func hangulNamesTakeParticlesButNotMoreOfAWord() {
        #expect(matcher.found(in: "변분 오토인코더를 배웠고 배치 정규화는 다음 주") == ["변분 오토인코더", "배치 정규화"])
        #expect(matcher.found(in: "변분오토인코더로 학습한다") == ["변분오토인코더", "학습"])
        #expect(matcher.found(in: "학습률과 재학습") == [])
    }

    @Test func wordBoundaries() {
        #expect(matcher.found(in: "VAEX and xVAE and VAE_1 but VAE-like") == ["VAE"])
        // A plural is a mention of the name it extends.
        #expect(matcher.found(in: "GANs and VAEs") == ["GAN", "VAE"])
        #expect(matcher.found(in: "Dropouts") == [])
    }

    @Test func spacesHyphensAndCaseInsideNames() {
        #expect(matcher.found(in: "a variational auto-encoder and an Auto Encoder") == ["variational auto-encoder", "Auto Encoder"])
        #expect(matcher.found(in: "dropout, DROPOUT, relu") == ["dropout", "DROPOUT", "relu"])
    }

    @Test func allCapsNamesMatchAsWritten() {
        #expect(matcher.found(in: "mind the gap, use GAP, Gap") == ["GAP"])
        #expect(matcher.found(in: "ae and AE and Ae") == ["AE"])
        #expect(matcher.found(in: "kl 발산과 KL발산") == ["KL발산"])
    }

    /// Two all-caps spellings that fold to the same bytes (Θ and ϴ both lowercase to θ) are one
    /// pattern with two spellings: each matches as written, and the lowercase form matches
    /// neither. The spellings lie in the pattern's record after the short one's (`ELBO`); a
    /// long name's record is longer than a cache line.
    @Test func capitalSpellingsThatFoldAlikeAreEachMatched() {
        let long = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        let greek = MentionMatcher(names: [("ΘΣ", 0), ("ϴΣ", 0), ("ELBO", 1), (long, 2)])
        #expect(greek.count == 3)
        #expect(greek.found(in: "ΘΣ, ϴΣ, θσ, Θσ and ELBO") == ["ΘΣ", "ϴΣ", "ELBO"])
        #expect(greek.found(in: "\(long) \(long.lowercased()) \(long)s") == [long, long])
        let matches = greek.matches(in: Array("ϴΣ는 ELBO".unicodeScalars), range: 0..<8)
        #expect(matches == [MentionMatcher.Match(range: 0..<2, concept: 0), MentionMatcher.Match(range: 4..<8, concept: 1)])
    }

    @Test func longestMatchWins() {
        #expect(matcher.found(in: "Kullback-Leibler divergence, then Kullback-Leibler alone") ==
                ["Kullback-Leibler divergence", "Kullback-Leibler"])
        #expect(matcher.matches(in: Array("Kullback-Leibler divergence".unicodeScalars), range: 0..<27).map(\.concept) == [2])
        // "VAE" contains "AE": only the whole word counts.
        #expect(matcher.found(in: "VAE") == ["VAE"])
    }

    @Test func rangesAreScalarOffsets() {
        let scalars = Array("노트: VAE는 좋다".unicodeScalars)
        let found = matcher.matches(in: scalars, range: 0..<scalars.count)
        #expect(found == [MentionMatcher.Match(range: 4..<7, concept: 0)])
    }

    /// 20,000 concepts make matching no slower in proportion: the automaton reads each byte a
    /// bounded number of times, whatever the number of names.
    @Test func twentyThousandConceptsStayLinear() {
        var names: [(String, Int)] = []
        for i in 0..<20_000 {
            names.append(("T\(i)", i))
            names.append(("Topic Number \(i) Method", i))
            names.append(("주제 \(i) 방법", i))
        }
        let big = MentionMatcher(names: names)
        let small = MentionMatcher(names: Array(names.prefix(30)))
        #expect(big.count == 60_000)
        var text = ""
        for i in 0..<4_000 {
            text += "T\(i * 5)는 Topic Number \(i * 3) Method와 비교된다. 주제 \(i) 방법을 참고하고 learning rate를 조정한다. "
        }
        let scalars = Array(text.unicodeScalars)
        // The matcher's work, counted (transitions tried, failure links included) rather than
        // timed: the same on a busy machine as on an idle one.
        func work(_ m: MentionMatcher, _ text: [Unicode.Scalar]) -> (work: Int, matches: Int) {
            var scratch = MentionMatcher.Scratch()
            var n = 0
            m.forEachMatch(in: text, range: 0..<text.count, scratch: &scratch) { _ in n += 1 }
            return (scratch.work, n)
        }
        let bytes = text.utf8.count
        let (bigWork, bigCount) = work(big, scalars)
        let (smallWork, _) = work(small, scalars)
        #expect(bigCount == 12_000)
        // A thousand times the names: a bounded number of steps per byte of text all the same,
        // and nowhere near a thousand times the small matcher's.
        #expect(bigWork <= 3 * bytes, "20,000 concepts: \(bigWork) steps for \(bytes) bytes")
        #expect(bigWork < smallWork * 3, "20,000 concepts: \(bigWork) steps; 10: \(smallWork)")
        // Twice the text, twice the work.
        let (doubleWork, doubleCount) = work(big, scalars + scalars)
        #expect(doubleCount == 24_000)
        #expect(doubleWork <= 2 * bigWork + 16, "twice the text: \(doubleWork) steps vs \(bigWork)")
    }
}

/// The trie is built from the names sorted by their folded bytes, sharing prefixes; every name
/// must still be found where it is written, as the concept of the first name with its key.
@Suite struct MentionMatcherTrieTests {
    @Test func everyPlacedNameIsFound() {
        let syllables = ["vae", "el", "bo", "kl", "net", "gan", "pool", "변분", "오토", "인코더", "정규", "화학"]
        var random = SplitMix(state: 0x7F1E)
        for _ in 0..<20 {
            var names: [(name: String, concept: Int)] = []
            var conceptOfKey: [String: Int] = [:]
            for c in 0..<400 {
                let parts = (0..<(1 + random.below(3))).map { _ in random.pick(syllables) }
                let name = parts.joined(separator: random.chance(50) ? " " : "")
                names.append((name, c))
                let key = name.replacingOccurrences(of: " ", with: "")
                if conceptOfKey[key] == nil { conceptOfKey[key] = c }
            }
            let matcher = MentionMatcher(names: names)
            var text = ""
            var expected: [(range: Range<Int>, concept: Int)] = []
            for _ in 0..<200 {
                let name = random.pick(names).name
                let start = text.unicodeScalars.count
                text += name
                expected.append((start..<text.unicodeScalars.count, conceptOfKey[name.replacingOccurrences(of: " ", with: "")]!))
                text += " . "
            }
            let scalars = Array(text.unicodeScalars)
            let found = matcher.matches(in: scalars, range: 0..<scalars.count)
            #expect(found.map(\.range) == expected.map(\.range))
            #expect(found.map(\.concept) == expected.map(\.concept))
        }
    }
}

/// Where a match starts is read from a ring of the last folded bytes' origins, as long as the
/// longest name rounded up to a power of two: names of exactly that length, one byte over, and
/// Hangul (three bytes a scalar) must still start where they are written, far into a text.
@Suite struct MentionMatcherOriginTests {
    @Test func matchStartsAtRingSizeBoundaries() {
        let names = ["abcdefghijklmnop", "abcdefghijklmnopq", "ab", "가나다라마바", "x가나다라마바사"]
        for longest in 1...names.count {
            let matcher = MentionMatcher(names: names.prefix(longest).enumerated().map { ($0.element, $0.offset) })
            var text = ""
            var expected: [Range<Int>] = []
            for round in 0..<50 {
                let name = names[round % longest]
                text += String(repeating: "z ", count: round % 7) + "— "
                let start = text.unicodeScalars.count
                text += name
                expected.append(start..<text.unicodeScalars.count)
                text += " ."
            }
            let scalars = Array(text.unicodeScalars)
            #expect(matcher.matches(in: scalars, range: 0..<scalars.count).map(\.range) == expected, "\(longest) names")
        }
    }

    /// A Hangul syllable writes the origin of its lead byte alone, and the fast loop reads its
    /// three bytes before it tests where they led: names starting after runs of Hangul of
    /// every length (so at every place in the ring, over slots a syllable left unwritten) and
    /// syllables that leave the fast loop at their first, second or third byte must be found
    /// where the matcher as it was found them.
    @Test func hangulRunsLeaveNoStaleOrigin() {
        let names = ["VAE", "변분 오토인코더", "KL 발산", "오토", "인코더 모델", "ELBO", "가나다라마바사아자"]
        let fillers = ["가", "나다", "변분", "오토인", "학습률", "한국어 문장", "VAE는", "ELBO의", " ", "-", "。"]
        let named = names.enumerated().map { ($0.element, $0.offset) }
        let reference = ReferenceMentionMatcher(names: named)
        var random = SplitMix(state: 0x4A6E)
        for budget in [0, 30, MentionMatcher.rowBudget] {
            let matcher = MentionMatcher(names: named, rowBudget: budget)
            var text = ""
            for _ in 0..<300 {
                for _ in 0..<random.below(6) { text += random.pick(fillers) }
                text += random.chance(50) ? " " : ""
                text += random.pick(names)
                text += random.pick(["를 ", "는", " ", "이다. ", "와"])
            }
            let scalars = Array(text.unicodeScalars)
            let found = matcher.matches(in: scalars, range: 0..<scalars.count)
            let expected = reference.matches(in: scalars, range: 0..<scalars.count)
            #expect(found.map(\.range) == expected.map(\.range), "budget \(budget)")
            #expect(found.map(\.concept) == expected.map(\.concept), "budget \(budget)")
            #expect(found.count > 300, "budget \(budget): \(found.count)")
        }
    }
}


/// `ConceptName.isSeparator` answers the scalars between the hyphen and the no-break space
/// before its list: the same answer as the list alone for every scalar of the planes the
/// notes are written in.
@Suite struct SeparatorTests {
    static let separators: Set<UInt32> = [0x20, 0x09, 0x0A, 0x0D, 0x2D, 0xA0, 0xAD, 0x2010, 0x2011, 0x2012, 0x2013, 0x202F, 0x3000]

    @Test func sameAsTheList() {
        var found = 0
        for v in UInt32(0)...0x1_FFFF {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let expected = Self.separators.contains(v)
            #expect(ConceptName.isSeparator(scalar) == expected, "U+\(String(v, radix: 16))")
            if expected { found += 1 }
        }
        #expect(found == Self.separators.count)
    }
}

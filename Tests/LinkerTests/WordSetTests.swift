import Diagnostics
@testable import Linker
import Testing
import TestSupport

/// `WordSet`'s shape prefilter, `String.SortPrefix` and the byte helpers of the recognizer
/// against the plain code they stand in for, on words and keys over the awkward cases: capitals,
/// a Kelvin sign that lowercases to `k`, Hangul as syllables and as conjoining jamo, NUL bytes,
/// long common beginnings.
@Suite struct WordSetTests {
    static let pieces: [String] = [
        "the", "The", "THE", "a", "A", "an", "is", "Is", "vs", "vs.", "VS.", "let's", "Let's", "and", "or", "note", "Notes",
        "NOTES", "week", "Week", "정리", "개요", "노트", "스터디", "주요", "다양한", "여러가지", "\u{110C}\u{1165}\u{11BC}\u{1105}\u{1175}",
        "\u{212A}", "İ", "ı", "ß", "é", "e\u{301}", "Ｔ", "-", " ", "1", "6", "Study", "introduction", "intro", "workedexample",
        "worked-example", "tableofcontents", "x", "", "\u{0}", "what", "WHY", "Whom", "using", "Using", "dropout", "data",
    ]

    static func word(_ random: inout SplitMix) -> String {
        (0..<(1 + random.below(3))).map { _ in random.pick(pieces) }.joined()
    }

    static let sets: [WordSet] = [
        TermRecognizer.articles, TermRecognizer.questionWords, TermRecognizer.joiners, TermRecognizer.leadingWordsToDrop,
        TermRecognizer.suffixesToDrop, TermRecognizer.voidingSuffixes, TermRecognizer.genericHeadings,
    ]

    @Test func prefilterAgreesWithTheSet() {
        var random = SplitMix(state: 0x3E75_0001)
        var members = 0
        for _ in 0..<20_000 {
            let word = Self.word(&random)
            for set in Self.sets {
                #expect(set.contains(word) == set.words.contains(word), "\(String(reflecting: word))")
                #expect(set.containsLowercased(word) == set.words.contains(word.lowercased()), "\(String(reflecting: word))")
                if set.words.contains(word.lowercased()) { members += 1 }
            }
        }
        // Every member of every set, and its capitalised form.
        for set in Self.sets {
            for word in set.words {
                #expect(set.contains(word))
                #expect(set.containsLowercased(word.uppercased()) == set.words.contains(word.uppercased().lowercased()))
            }
        }
        #expect(members > 1_000, "\(members) members met")
    }

    @Test func aSetWithAWordThatIsNotSimpleAsksTheSet() {
        let set: WordSet = ["\u{110C}\u{1165}\u{11BC}\u{1105}\u{1175}", "note"]
        #expect(set.contains("정리"))          // canonically equivalent to the jamo member
        #expect(set.contains("note"))
        #expect(!set.contains("notes"))
    }

    @Test func sortPrefixesOrderAsTheBytes() {
        var random = SplitMix(state: 0x3E75_0002)
        let parts = ["topicnumber", "topicnumber3", "t", "T", "주제", "2516", "방법", "\u{0}", "\u{7F}", "é", "z", "a", "", "0"]
        func key() -> String { (0..<random.below(6)).map { _ in random.pick(parts) }.joined() }
        for _ in 0..<40_000 {
            let a = key(), b = key()
            let pa = String.SortPrefix(a), pb = String.SortPrefix(b)
            #expect(String.bytesPrecede(a, pa, b, pb) == ConceptName.bytesPrecede(a, b), "\(String(reflecting: a)) \(String(reflecting: b))")
            #expect(String.sameBytes(a, b) == a.utf8.elementsEqual(b.utf8))
        }
        #expect(!String.sameBytes("é", "e\u{301}"))
    }

    @Test func containsForbiddenAgreesWithTheScalars() {
        var random = SplitMix(state: 0x3E75_0003)
        for _ in 0..<20_000 {
            let text = TermFastPathTests.randomText(&random) + Self.word(&random)
            #expect(TermRecognizer.containsForbidden(text) == text.unicodeScalars.contains(where: TermRecognizer.isForbidden),
                    "\(String(reflecting: text))")
        }
    }
}

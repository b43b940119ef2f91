@testable import Linker
import Testing
import TestSupport

/// `TermRecognizer.lastWords` reads plain text by bytes; it must give what the walk by
/// characters gives, and leave text whose characters are not single scalars to that walk.
@Suite struct LastWordsTests {
    static let alphabet: [String] = [
        "a", "B", "z", " ", " ", "  ", ".", ",", "(", ")", "[", "]", ":", "\"", "-", "1",
        "변", "분", "오", "토", "。", "，", "“", "”", "漢", "字",
        "\u{301}", "\u{600}", "\u{200D}", "\u{FE0F}", "\r\n", "\u{1100}", "\u{1161}", "é", "ß", "😀",
    ]

    @Test func bytesAgreeWithCharacters() {
        var random = SplitMix(state: 0x1A57)
        var simple = 0
        for _ in 0..<20_000 {
            let text = (0..<random.below(16)).map { _ in random.pick(Self.alphabet) }.joined()
            let prefix = random.chance(30) ? "xx (" : ""
            let whole = prefix + text
            let before = whole[whole.index(whole.startIndex, offsetBy: prefix.count)...]
            let limit = 1 + random.below(6)
            let want = TermRecognizer.lastWordsByCharacter(before, limit: limit)
            #expect(TermRecognizer.lastWords(of: before, limit: limit) == want, "\(String(reflecting: String(before))) limit \(limit)")
            if TermRecognizer.lastWordsOfSimpleText(before, limit: limit) != nil { simple += 1 }
        }
        // Both ways are exercised.
        #expect(simple > 4_000 && simple < 19_000, "\(simple) read by bytes")
    }

    @Test func examples() {
        #expect(TermRecognizer.lastWords(of: "모델은 Variational Auto Encoder ", limit: 4) == "모델은 Variational Auto Encoder")
        #expect(TermRecognizer.lastWords(of: "first part. Evidence Lower Bound", limit: 8) == "Evidence Lower Bound")
        #expect(TermRecognizer.lastWords(of: "one two three four", limit: 2) == "three four")
        #expect(TermRecognizer.lastWords(of: "ends here.", limit: 3) == nil)
        #expect(TermRecognizer.lastWords(of: "Cafe\u{301} au lait", limit: 3) == "Cafe\u{301} au lait")
    }
}

import Testing
@testable import Markdown

/// `[[target#heading|label]]` split by bytes must give what the character search gives.
@Suite struct WikiLinkSyntaxTests {
    @Test func partsOfCommonShapes() {
        let cases: [(String, String, String?, String?)] = [
            ("Note", "Note", nil, nil),
            ("Note|label", "Note", nil, "label"),
            (" dl/VAE # 변분 추론 | 라벨 ", "dl/VAE", "변분 추론", "라벨"),
            ("#Heading", "", "Heading", nil),
            ("Note#A#B", "Note", "A#B", nil),
            ("Note#^block-id", "Note", "^block-id", nil),
            ("image.png|300", "image.png", nil, "300"),
            ("Note#|", "Note", nil, nil),
            ("a\\|b", "a", nil, "b"),
        ]
        for (inner, target, fragment, label) in cases {
            let parts = WikiLinkSyntax(parsing: inner)
            #expect(parts.target == target, "\(inner)")
            #expect(parts.fragment == fragment, "\(inner)")
            #expect(parts.label == label, "\(inner)")
        }
    }

    /// A `|` or `#` followed by a combining mark is not a character of its own: the byte path
    /// must leave such text to the character search.
    @Test func marksJoinedToOtherScalarsGoTheCharacterWay() {
        #expect(WikiLinkSyntax.partsByBytes("a|\u{301}b|c") == nil)
        #expect(WikiLinkSyntax(parsing: "a|\u{301}b|c").label == "c")
        #expect(WikiLinkSyntax.partsByBytes("\u{600}#x") == nil)
        #expect(WikiLinkSyntax.partsByBytes("노트#섹션|라벨") != nil)
    }

    @Test func bytesAgreeWithCharactersOnGeneratedText() {
        let alphabet: [String] = ["a", "Z", "1", " ", "\t", "|", "#", "\\", "^", "/", "노", "트", "學", "\u{301}",
                                  "\u{200D}", "\u{600}", "\u{A0}", "\u{3000}", "😀", "e\u{301}", "\r\n"]
        var state: UInt64 = 2026
        var checkedByBytes = 0
        for _ in 0..<20000 {
            var inner = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<Int(state >> 60) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                inner += alphabet[Int((state >> 33) % UInt64(alphabet.count))]
            }
            let reference = WikiLinkSyntax.partsByCharacters(inner)
            if let fast = WikiLinkSyntax.partsByBytes(inner) {
                checkedByBytes += 1
                #expect(fast == reference, "\(Array(inner.unicodeScalars))")
            }
            #expect(WikiLinkSyntax(parsing: inner) == reference)
        }
        #expect(checkedByBytes > 5000)
    }
}

import Testing
@testable import Markdown

/// The protector's placeholders carry a span's index in hex digits; the converter reads them
/// back from cmark's text nodes. Both are exercised here at digit-count boundaries and in
/// texts that cmark splits into several nodes.
@Suite struct PlaceholderTests {
    @Test func placeholderBytesSpellTheIndexInHexDigits() {
        for (index, digits) in [(0, [0]), (15, [15]), (16, [1, 0]), (255, [15, 15]), (4096, [1, 0, 0, 0])] {
            var out: [UInt8] = []
            Protector.appendPlaceholder(index: index, to: &out)
            var expected = Array(String(Character(Protector.open)).utf8)
            for d in digits { expected += Array(String(Character(Unicode.Scalar(Protector.digitBase + UInt32(d))!)).utf8) }
            expected += Array(String(Character(Protector.close)).utf8)
            #expect(out == expected, "index \(index)")
        }
    }

    @Test func everySpanOfALongNoteComesBackInOrder() {
        // 300 spans: one, two and three hex digits, math and wikilinks mixed, some beside
        // brackets that cmark keeps as text nodes of their own.
        var lines: [String] = []
        for i in 0..<300 {
            lines.append(i % 3 == 0 ? "x [$a_{\(i)}$] and ![[n\(i)]] end" : "y $b_{\(i)}$ [[n\(i)|l\(i)]].")
        }
        let document = MarkdownParser.parse(lines.joined(separator: "\n\n"), file: "t.md")
        #expect(document.math.map(\.tex) == (0..<300).map { $0 % 3 == 0 ? "a_{\($0)}" : "b_{\($0)}" })
        #expect(document.links.map(\.destination) == (0..<300).map { "n\($0)" })
        let html = HTMLRenderer(document: document).render()
        #expect(html.contains("<p>x [<span class=\"math inline\">a_{0}</span>] and"))
        #expect(!html.unicodeScalars.contains { (0xE000...0xE01F).contains($0.value) })
    }
}

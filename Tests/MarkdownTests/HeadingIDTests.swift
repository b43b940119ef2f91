import Foundation
import Markdown
import Testing

/// Heading ids a browser can be sent to: NFC whatever form the heading came in, and never empty.
@Suite struct HeadingIDTests {
    @Test func decomposedHeadingGetsTheComposedID() {
        let text = "## 정규화 제목\n\n## Cafe\u{301} Ω\n".decomposedStringWithCanonicalMapping
        let ids = MarkdownParser.parse(text, file: "n.md").headings.map(\.id)
        // Bytes compared: Swift's `==` takes the NFD id for its NFC twin, as a browser does not.
        #expect(ids.map { Array($0.utf8) } == [Array("정규화-제목".utf8), Array("caf\u{E9}-ω".utf8)])
        #expect(Array(Slugger.slug("e\u{301}clair").utf8) == Array("\u{E9}clair".utf8))
    }

    @Test func headingWithNothingLeftIsASection() {
        let ids = MarkdownParser.parse("## 🙂\n\n## !!!\n\n## Section\n\n## 🙂\n", file: "n.md").headings.map(\.id)
        #expect(ids == ["section", "section-1", "section-2", "section-3"])
        var slugger = Slugger()
        #expect(["🙂", "!!!", "Section"].map { slugger.uniqueSlug(for: $0) } == ["section", "section-1", "section-2"])
    }

    @Test func prefixedBodyPrefixesHeadingIds() {
        let document = MarkdownParser.parse("## Summary\n\nText[^1].\n\n[^1]: Note.\n", file: "n.md")
        var renderer = HTMLRenderer(document: document)
        renderer.idPrefix = "e3-"
        let html = renderer.render()
        #expect(html.contains("<h2 id=\"e3-summary\">"))
        #expect(html.contains("id=\"e3-fnref-1\"") && html.contains("<li id=\"e3-fn-1\">"))
        #expect(HTMLRenderer(document: document).render().contains("<h2 id=\"summary\">"))
    }
}

/// Raw HTML's `<img src>`, read once for the linker, the site and `check`.
@Suite struct RawHTMLImagesTests {
    @Test func rewritesEverySourceItIsGiven() {
        let html = "<p><img src=\"a.png\" alt=\"x > y\"><IMG SRC='b c.png'> <img src=d.png/> <img alt=no-src> <img src=\"https://x/e.png\"></p>"
        let out = RawHTMLImages.rewritingSources(in: html) { src in
            src.hasPrefix("https:") ? nil : "../" + src.replacingOccurrences(of: " ", with: "%20") + "?&"
        }
        #expect(out == "<p><img src=\"../a.png?&amp;\" alt=\"x > y\"><IMG SRC=\"../b%20c.png?&amp;\"> <img src=\"../d.png/?&amp;\"> <img alt=no-src> <img src=\"https://x/e.png\"></p>")
        #expect(RawHTMLImages.sources(in: Array(html.utf8)).map(\.source) == ["a.png", "b c.png", "d.png/", "https://x/e.png"])
        #expect(RawHTMLImages.rewritingSources(in: "<b>no images</b>") { _ in "x" } == "<b>no images</b>")
        #expect(RawHTMLImages.rewritingSources(in: "<img src=\"&amp;.png\">") { "[\($0)]" } == "<img src=\"[&amp;.png]\">")
    }
}

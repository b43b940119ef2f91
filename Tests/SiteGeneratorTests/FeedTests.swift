import Foundation
import Notes
import SiteGenerator
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct FeedTests {
    static let base = "https://me.github.io/notes/"

    @Test func noSitemapOrFeedWithoutBaseURL() throws {
        let files = try Fixture.render(Fixture.input())
        #expect(files["sitemap.xml"] == nil)
        #expect(files["atom.xml"] == nil)
        #expect(!Fixture.text(files, "index.html").contains("atom.xml"))
    }

    @Test func sitemapListsEveryPageWithAbsoluteURLs() throws {
        let files = try Fixture.render(Fixture.input(baseURL: Self.base))
        let xml = Fixture.text(files, "sitemap.xml")
        let document = try XMLDocument(data: Data(xml.utf8))
        let locations = try document.nodes(forXPath: "//*[local-name()='loc']").compactMap(\.stringValue)
        #expect(locations == [
            "https://me.github.io/notes/",
            "https://me.github.io/notes/about/",
            "https://me.github.io/notes/dl/",
            "https://me.github.io/notes/dl/gan/",
            "https://me.github.io/notes/dl/vae/",
            "https://me.github.io/notes/math/",
            "https://me.github.io/notes/math/%EC%84%A0%ED%98%95%EB%8C%80%EC%88%98/",
            "https://me.github.io/notes/tags/",
            "https://me.github.io/notes/tags/generative-models/",
            "https://me.github.io/notes/tags/%EB%94%A5%EB%9F%AC%EB%8B%9D/",
        ])
        let lastmods = try document.nodes(forXPath: "//*[local-name()='lastmod']").compactMap(\.stringValue)
        #expect(lastmods == ["2024-12-01T00:00:00Z", "2025-03-10T09:00:00+09:00", "2025-03-08T10:30:00+09:00"])
        #expect(document.rootElement()?.name == "urlset")
        #expect(document.rootElement()?.uri == "http://www.sitemaps.org/schemas/sitemap/0.9")
    }

    @Test func atomFeedIsWellFormedAndNewestFirst() throws {
        let files = try Fixture.render(Fixture.input(baseURL: "https://me.github.io/notes"))
        let xml = Fixture.text(files, "atom.xml")
        let document = try XMLDocument(data: Data(xml.utf8))
        let root = try #require(document.rootElement())
        #expect(root.name == "feed")
        #expect(root.uri == "http://www.w3.org/2005/Atom")
        func values(_ path: String) throws -> [String] {
            try document.nodes(forXPath: path).compactMap(\.stringValue)
        }
        #expect(try values("/*[local-name()='feed']/*[local-name()='title']") == ["Study Notes"])
        #expect(try values("/*[local-name()='feed']/*[local-name()='updated']") == ["2025-03-10T09:00:00+09:00"])
        #expect(try values("//*[local-name()='entry']/*[local-name()='id']") == [
            "https://me.github.io/notes/dl/gan/",
            "https://me.github.io/notes/dl/vae/",
            "https://me.github.io/notes/about/",
        ], "dated notes only, newest first")
        #expect(try values("//*[local-name()='entry']/*[local-name()='title']") == ["GAN", "Variational Autoencoder (VAE)", "About"])
        #expect(try values("//*[local-name()='entry']/*[local-name()='updated']") == [
            "2025-03-10T09:00:00+09:00", "2025-03-08T10:30:00+09:00", "2024-12-01T00:00:00Z",
        ])
        let content = try values("//*[local-name()='entry'][2]/*[local-name()='content']")
        #expect(content.first?.contains("<a class=\"wikilink\" href=\"../gan/index.html\">GAN</a>") == true)
        #expect(xml.contains(#"<entry xml:base="https://me.github.io/notes/dl/vae/">"#))
        #expect(xml.contains(#"<link rel="self" type="application/atom+xml" href="https://me.github.io/notes/atom.xml"/>"#))

        let index = Fixture.text(files, "index.html")
        #expect(index.contains(#"<link rel="alternate" type="application/atom+xml" title="Study Notes" href="atom.xml">"#))
        #expect(index.contains(#"<link rel="canonical" href="https://me.github.io/notes/">"#))
        #expect(Fixture.text(files, "dl/vae/index.html").contains(#"href="../../atom.xml""#))
    }

    @Test func feedContentCarriesTheTeXOfEachFormula() throws {
        let math = "<span class=\"math inline\"><math><semantics><mrow><mi>x</mi><mo>&lt;</mo><mn>1</mn></mrow>"
            + "<annotation encoding=\"application/x-tex\">x &lt; 1</annotation></semantics></math></span>"
        let display = "<div class=\"math display\"><math display=\"block\"><semantics><mi>y</mi>"
            + "<annotation encoding=\"application/x-tex\">\\frac{a}{b}&#xA;</annotation></semantics></math></div>"
        let handWritten = "<math><mi>z</mi></math>"
        let note = NotePage(path: NotePath("m.md"), permalink: Permalink("m/"), title: "M", date: NoteDate(parsing: "2025-01-01"),
                            bodyHTML: "<p>a \(math) b \(display) c \(handWritten)</p>\n")
        let xml = Fixture.text(try Fixture.render(SiteInput(title: "T", baseURL: Self.base, notes: [note])), "atom.xml")
        let document = try XMLDocument(data: Data(xml.utf8))
        let content = try document.nodes(forXPath: "//*[local-name()='content']").compactMap(\.stringValue)
        #expect(content == [
            "<p>a <span class=\"math inline\">x &lt; 1</span> b <div class=\"math display\">\\frac{a}{b}&#xA;</div> c <math><mi>z</mi></math></p>\n",
        ])
    }

    @Test func buildDateOverridesTheFeedDate() throws {
        var input = Fixture.input(baseURL: Self.base)
        input.buildDate = NoteDate(parsing: "2030-01-01T00:00:00Z")
        let xml = Fixture.text(try Fixture.render(input), "atom.xml")
        #expect(xml.contains("<updated>2030-01-01T00:00:00Z</updated>"))

        let undated = Fixture.text(try Fixture.render(SiteInput(title: "T", baseURL: Self.base, notes: [Fixture.linearAlgebra])), "atom.xml")
        #expect(undated.contains("<updated>1970-01-01T00:00:00Z</updated>"))
        #expect(!undated.contains("<entry"))
        _ = try XMLDocument(data: Data(undated.utf8))
    }

    @Test func hostileValuesStayWellFormed() throws {
        let note = NotePage(path: NotePath("x.md"), permalink: Permalink("a&b/"), title: "<T> & \"q\" \u{1}",
                            description: "]]> <!--", date: NoteDate(parsing: "2025-01-01"), tags: ["a\"b"],
                            bodyHTML: "<p>]]></p>")
        let files = try Fixture.render(SiteInput(title: "S & <S>", description: "d", baseURL: "https://x.org/a&b/", notes: [note]))
        for name in ["atom.xml", "sitemap.xml"] {
            let xml = Fixture.text(files, name)
            #expect(throws: Never.self) { _ = try XMLDocument(data: Data(xml.utf8)) }
        }
        let atom = try XMLDocument(data: Data(Fixture.text(files, "atom.xml").utf8))
        #expect(try atom.nodes(forXPath: "//*[local-name()='entry']/*[local-name()='title']").first?.stringValue == "<T> & \"q\" ")
    }
}

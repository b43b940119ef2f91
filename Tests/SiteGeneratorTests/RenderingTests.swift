import Foundation
import Notes
import SiteGenerator
import Testing

@Suite struct RenderingTests {
    @Test func linksFromNestedPagesAreRelative() throws {
        let nested = NotePage(path: NotePath("a/b.md"), permalink: Permalink("a/b/"), title: "Deep",
                              bodyHTML: "<p>x</p>", outgoing: [OutgoingLink(title: "C", permalink: Permalink("c/"), fragment: "part 2")])
        let target = NotePage(path: NotePath("c.md"), permalink: Permalink("c/"), title: "C", bodyHTML: "<p>c</p>")
        let files = try Fixture.render(SiteInput(title: "T", notes: [nested, target]))
        let html = Fixture.text(files, "a/b/index.html")
        #expect(html.contains(#"<a href="../../c/index.html#part%202">C</a>"#))
        #expect(html.contains(#"href="../../assets/style.css""#))
        #expect(html.contains(#"<a class="site-title" href="../../index.html">T</a>"#))
        #expect(html.contains(#"href="../../tags/index.html""#))
        #expect(html.contains(#"href="../../index.html#ng-all-notes""#))
        #expect(!html.contains("href=\"/"), "no root-absolute links")

        let clean = try Fixture.render(SiteInput(title: "T", directoryIndex: false, notes: [nested, target]))
        #expect(Fixture.text(clean, "a/b/index.html").contains(#"<a href="../../c/#part%202">C</a>"#))
    }

    @Test func notePageShowsDatesTagsTocBacklinksAndOutgoingLinks() throws {
        let files = try Fixture.render(Fixture.input())
        let html = Fixture.text(files, "dl/vae/index.html")
        #expect(html.contains("<h1 class=\"note-title\">Variational Autoencoder (<abbr>VAE</abbr>)</h1>"))
        #expect(html.contains("<title>Variational Autoencoder (VAE) · Study Notes</title>"))
        #expect(html.contains(#"<time datetime="2025-03-04">2025-03-04</time>"#))
        #expect(html.contains(#"<time datetime="2025-03-08T10:30:00+09:00">2025-03-08</time>"#))
        #expect(html.contains(#"<a class="tag" href="../../tags/%EB%94%A5%EB%9F%AC%EB%8B%9D/index.html" rel="tag">#딥러닝</a>"#))
        #expect(html.contains(#"href="../../tags/generative-models/index.html""#))
        #expect(html.contains(##"<li class="toc-depth-2"><a href="#%EC%9E%AC%EB%A7%A4%EA%B0%9C%EB%B3%80%EC%88%98%ED%99%94-%ED%8A%B8%EB%A6%AD">재매개변수화 트릭</a></li>"##))
        #expect(html.contains("<p class=\"backlink-context\">Unlike the <mark>VAE</mark>, a GAN has no encoder.</p>"))
        #expect(html.contains(#"<a class="backlink-source" href="../gan/index.html">GAN</a>"#))
        #expect(html.contains("<h2>Outgoing links</h2>"))
        #expect(html.contains("<p>VAE는 <a class=\"wikilink\" href=\"../gan/index.html\">GAN</a>과 다르다.</p>"))

        let gan = Fixture.text(files, "dl/gan/index.html")
        #expect(!gan.contains("class=\"toc\""), "no table of contents below two headings")
        #expect(gan.contains(#"<a href="../vae/index.html#elbo">Variational Autoencoder (VAE)</a>"#))
        #expect(gan.contains("<p class=\"backlink-context\">VAE는 GAN과 다르다.</p>"))

        let lonely = Fixture.text(files, "math/선형대수/index.html")
        #expect(lonely.contains("No notes link here yet."))
        #expect(!lonely.contains("note-dates"))
    }

    @Test func koreanInterface() throws {
        let files = try Fixture.render(Fixture.input(language: .ko))
        let html = Fixture.text(files, "dl/vae/index.html")
        #expect(html.contains("<html lang=\"ko\">"))
        #expect(html.contains("<h2>백링크</h2>"))
        #expect(html.contains("<h2>나가는 링크</h2>"))
        #expect(html.contains(">목차</summary>"))
        #expect(html.contains("</time> 작성"))
        #expect(html.contains("</time> 수정"))
        #expect(Fixture.text(files, "math/선형대수/index.html").contains("아직 이 노트를 가리키는 노트가 없습니다."))
        #expect(Fixture.text(files, "404.html").contains("페이지를 찾을 수 없습니다"))
    }

    @Test func labelTablesHaveTheSameKeys() {
        let english = Labels.table(for: .en)
        let korean = Labels.table(for: .ko)
        #expect(Set(english.keys) == Set(korean.keys))
        // The parts either side of a date may be empty ("Created " before it, " 작성" after
        // it), not both.
        for table in [english, korean] {
            for (key, value) in table where !key.hasSuffix("Before") && !key.hasSuffix("After") { #expect(!value.isEmpty, "\(key)") }
            for key in ["created", "updated"] { #expect(!(table[key + "Before"]! + table[key + "After"]!).isEmpty) }
        }
    }

    @Test func koreanTagPages() throws {
        #expect(TagPages.slug(for: "Deep Learning") == "deep-learning")
        #expect(TagPages.slug(for: "딥러닝 기초") == "딥러닝-기초")
        #expect(TagPages.slug(for: "  a / b  ") == "a-b")
        #expect(TagPages.slug(for: "..") == "tag--")
        #expect(TagPages.slug(for: "C++") == "c++")

        let notes = [
            NotePage(path: NotePath("a.md"), permalink: Permalink("a/"), title: "A", tags: ["딥러닝 기초", "Deep Learning"], bodyHTML: ""),
            NotePage(path: NotePath("b.md"), permalink: Permalink("b/"), title: "B", tags: ["deep learning", "딥러닝 기초", "딥러닝 기초"], bodyHTML: ""),
        ]
        let files = try Fixture.render(SiteInput(title: "T", notes: notes))
        let page = Fixture.text(files, "tags/딥러닝-기초/index.html")
        #expect(page.contains("<h1 class=\"tag-title\">#딥러닝 기초</h1>"))
        #expect(page.contains(#"<a class="note-link" href="../../a/index.html">A</a>"#))
        #expect(page.contains(#"<a class="note-link" href="../../b/index.html">B</a>"#))
        #expect(page.contains(#"<span class="count">2</span>"#))
        #expect(page.contains(#"href="../../assets/style.css""#))

        // Spellings that share a slug share a page, named by the first spelling in byte order.
        let merged = Fixture.text(files, "tags/deep-learning/index.html")
        #expect(merged.contains("#Deep Learning"))
        #expect(files["tags/deep learning/index.html"] == nil)

        let index = Fixture.text(files, "tags/index.html")
        #expect(index.contains(#"<a class="tag" href="%EB%94%A5%EB%9F%AC%EB%8B%9D-%EA%B8%B0%EC%B4%88/index.html">#딥러닝 기초 <span class="count">2</span></a>"#))
        let deep = try #require(index.range(of: "#Deep Learning"))
        let korean = try #require(index.range(of: "#딥러닝 기초"))
        #expect(deep.lowerBound < korean.lowerBound)

        let a = Fixture.text(files, "a/index.html")
        #expect(a.contains(#"href="../tags/%EB%94%A5%EB%9F%AC%EB%8B%9D-%EA%B8%B0%EC%B4%88/index.html""#))
    }

    @Test func indexGroupsNotesByFolderAndListsRecentOnes() throws {
        let files = try Fixture.render(Fixture.input())
        let html = Fixture.text(files, "index.html")
        // The root note is the home page's body, not a list entry.
        #expect(html.contains("<h1 class=\"note-title\">My Study Notes</h1>"))
        #expect(html.contains("<p>Welcome to my notes.</p>"))
        #expect(!html.contains(#"class="note-link" href="index.html""#))
        #expect(html.contains("<title>Study Notes</title>"))

        let recent = try #require(html.range(of: "<section class=\"recent\">"))
        let all = try #require(html.range(of: "<section class=\"all-notes\" id=\"ng-all-notes\">"))
        let recentHTML = String(html[recent.upperBound..<all.lowerBound])
        let recentOrder = ["dl/gan/", "dl/vae/", "about/", "math/%EC%84%A0%ED%98%95%EB%8C%80%EC%88%98/"].map {
            recentHTML.range(of: "href=\"\($0)index.html\"")?.lowerBound
        }
        #expect(recentOrder.allSatisfy { $0 != nil })
        #expect(recentOrder.compactMap { $0 } == recentOrder.compactMap { $0 }.sorted(), "newest first, undated last")

        let allHTML = String(html[all.upperBound...])
        // A folder with a page of its own links it.
        let headings = ["Top level", "<a href=\"dl/index.html\">dl</a>", "<a href=\"math/index.html\">math</a>"].map {
            allHTML.range(of: "<h3 class=\"folder-name\">\($0) <span class=\"count\">")?.lowerBound
        }
        #expect(headings.allSatisfy { $0 != nil })
        #expect(headings.compactMap { $0 } == headings.compactMap { $0 }.sorted())
        // Within a folder, by path: gan before vae.
        let gan = try #require(allHTML.range(of: "href=\"dl/gan/index.html\""))
        let vae = try #require(allHTML.range(of: "href=\"dl/vae/index.html\""))
        #expect(gan.lowerBound < vae.lowerBound)
        #expect(allHTML.contains(#"<time class="note-item-date" datetime="2025-03-10T09:00:00+09:00">2025-03-10</time>"#))
    }

    @Test func indexWithoutHomeNoteShowsSiteTitle() throws {
        let files = try Fixture.render(SiteInput(title: "Plain <Site>", notes: [Fixture.gan]))
        let html = Fixture.text(files, "index.html")
        #expect(html.contains("<h1>Plain &lt;Site&gt;</h1>"))
        let empty = Fixture.text(try Fixture.render(SiteInput(title: "Empty")), "index.html")
        #expect(empty.contains("No notes yet."))
    }

    @Test func notFoundPageLinksWorkFromAnyDepth() throws {
        let relative = Fixture.text(try Fixture.render(Fixture.input()), "404.html")
        #expect(relative.contains(#"<a class="button" href="index.html">Go to the home page</a>"#))
        #expect(relative.contains(#"href="assets/style.css""#))
        #expect(relative.contains("<title>Page not found · Study Notes</title>"))

        let absolute = Fixture.text(try Fixture.render(Fixture.input(baseURL: "https://me.github.io/notes")), "404.html")
        #expect(absolute.contains(#"<a class="button" href="https://me.github.io/notes/index.html">"#))
        #expect(absolute.contains(#"href="https://me.github.io/notes/assets/style.css""#))
        #expect(absolute.contains(#"href="https://me.github.io/notes/tags/index.html""#))
        #expect(!absolute.contains("rel=\"canonical\""))
    }

    @Test func hostileTextIsEscaped() throws {
        let hostile = #"<script>alert("x")</script> & 'quotes'"#
        let note = NotePage(path: NotePath("x.md"), permalink: Permalink("x/"), title: hostile, description: hostile,
                            tags: [hostile], toc: [TocEntry(level: 2, text: hostile, anchor: "a\"b"), TocEntry(level: 2, text: "two", anchor: "two")],
                            bodyHTML: "<p>body</p>",
                            backlinks: [Backlink(sourceTitle: hostile, sourcePermalink: Permalink("y/"), contextBefore: "<b>", contextMatch: "</mark>", contextAfter: "&amp;")],
                            outgoing: [OutgoingLink(title: hostile, permalink: Permalink("y/"))])
        let other = NotePage(path: NotePath("y.md"), permalink: Permalink("y/"), title: "y", bodyHTML: "")
        let files = try Fixture.render(SiteInput(title: hostile, description: hostile, baseURL: "https://x.org/a=1&b=\"2\"/", notes: [note, other]))
        let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;"
        for (path, _) in files where path.hasSuffix(".html") {
            let html = Fixture.text(files, path)
            #expect(!html.contains("<script"), "\(path) contains an unescaped title")
        }
        let html = Fixture.text(files, "x/index.html")
        #expect(html.contains(#"<h1 class="note-title">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'quotes'</h1>"#))
        #expect(html.contains("<title>\(escaped) · \(escaped)</title>"))
        #expect(html.contains("<meta name=\"description\" content=\"\(escaped)\">"))
        #expect(html.contains("<p class=\"backlink-context\">&lt;b&gt;<mark>&lt;/mark&gt;</mark>&amp;amp;</p>"))
        #expect(html.contains(##"<a href="#a%22b">"##))
        let xml = Fixture.text(files, "atom.xml") + Fixture.text(files, "sitemap.xml")
        #expect(!xml.contains("<script"))
        #expect(!xml.contains("&b=\""))
    }

    @Test func escapingHelpers() {
        #expect(HTMLEscaping.text(#"a<b>&"c'"#) == #"a&lt;b&gt;&amp;&quot;c'"#)
        #expect(HTMLEscaping.attribute(#"a<b>&"c'"#) == "a&lt;b&gt;&amp;&quot;c&#39;")
        #expect(HTMLEscaping.xml("a\u{1}<'\"") == "a&lt;&apos;&quot;")
    }

    @Test func renderingIsDeterministic() throws {
        let generator = SiteGenerator(theme: try Theme.builtIn())
        let input = Fixture.input(baseURL: "https://me.github.io/notes/")
        let first = try generator.render(input)
        let second = try generator.render(input)
        #expect(first == second)
        #expect(first.map(\.path) == first.map(\.path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        // Input order must not matter either.
        var shuffled = input
        shuffled.notes.reverse()
        #expect(try generator.render(shuffled) == first)
    }

    @Test func outputFileList() throws {
        let asset = AssetFile(source: URL(fileURLWithPath: "/content/dl/img/vae.png"), permalink: Permalink("dl/img/vae.png"))
        var input = Fixture.input()
        input.assets = [asset]
        let paths = try SiteGenerator(theme: try Theme.builtIn()).render(input).map(\.path)
        #expect(paths == [
            "404.html", "about/index.html", "assets/search.js", "assets/style.css", "dl/gan/index.html", "dl/img/vae.png", "dl/index.html",
            "dl/vae/index.html", "index.html", "math/index.html", "math/선형대수/index.html", "tags/generative-models/index.html",
            "tags/index.html", "tags/딥러닝/index.html",
        ])
        let files = try Fixture.render(input)
        #expect(files["dl/img/vae.png"]?.contents == .copy(asset.source))
        #expect(files["sitemap.xml"] == nil && files["atom.xml"] == nil)
    }

    @Test func twoPagesAtOnePathIsAnErrorNamingBoth() throws {
        let a = NotePage(path: NotePath("dl/vae.md"), permalink: Permalink("dl/vae/"), title: "A", bodyHTML: "", sourceLine: 3)
        let b = NotePage(path: NotePath("dl/vae/index.md"), permalink: Permalink("dl/vae/"), title: "B", bodyHTML: "")
        let error = #expect(throws: SiteError.self) {
            try SiteGenerator(theme: try Theme.builtIn()).render(SiteInput(title: "T", notes: [a, b]))
        }
        let message = error?.description ?? ""
        #expect(message.contains("dl/vae/index.html"))
        #expect(message.contains("dl/vae.md (line 3)"))
        #expect(message.contains("dl/vae/index.md"))

        let tagClash = NotePage(path: NotePath("t.md"), permalink: Permalink("tags/"), title: "T", bodyHTML: "")
        #expect(throws: SiteError.self) { try SiteGenerator(theme: try Theme.builtIn()).render(SiteInput(title: "T", notes: [tagClash])) }

        let escape = NotePage(path: NotePath("e.md"), permalink: Permalink("../../etc/"), title: "E", bodyHTML: "")
        let escapeError = #expect(throws: SiteError.self) { try SiteGenerator(theme: try Theme.builtIn()).render(SiteInput(title: "T", notes: [escape])) }
        #expect(escapeError?.description.contains("leaves the output folder") == true)
    }

    @Test func relativeBaseURLIsRejected() {
        #expect(throws: SiteError.self) { try Fixture.render(SiteInput(title: "T", baseURL: "notes/")) }
    }

    @Test func extraPagesUseTheirTemplate() throws {
        let theme = try Theme.load(overrides: nil)
        var files = DefaultThemeFiles.all(of: theme)
        files["concept.mustache"] = "<h1>{{page.title}}</h1><a href=\"{{defined}}\">{{count}}</a>{{#mentions}}<a href=\"{{href}}\">{{title}}</a>{{/mentions}}<span>{{when.day}}</span>"
        let custom = try Theme(files: files)
        var input = Fixture.input()
        input.extraPages = [ExtraPage(permalink: Permalink("concepts/elbo/"), template: "concept", title: "ELBO", context: [
            "defined": Permalink("dl/vae/"),
            "count": 2,
            "mentions": [ExtraPageLink(title: "GAN", permalink: Permalink("dl/gan/"))],
            "when": NoteDate(parsing: "2025-01-02")!,
            "root": "ignored: standard keys win",
        ])]
        let out = try Fixture.render(input, theme: custom)
        let html = Fixture.text(out, "concepts/elbo/index.html")
        #expect(html.contains(#"<h1>ELBO</h1><a href="../../dl/vae/index.html">2</a><a href="../../dl/gan/index.html">GAN</a><span>2025-01-02</span>"#))
        #expect(html.contains("<title>ELBO · Study Notes</title>"))
        #expect(html.contains(#"href="../../assets/style.css""#))

        input.extraPages[0].template = "missing"
        #expect(throws: SiteError.self) { try Fixture.render(input, theme: custom) }
    }

    /// `lateContext` is asked once, when the page is rendered, and its keys win over
    /// `context`'s; values in it are converted like `context`'s (a permalink becomes a relative
    /// href).
    @Test func lateContextIsMadeWhenThePageRenders() throws {
        let theme = try Theme.load(overrides: nil)
        var files = DefaultThemeFiles.all(of: theme)
        files["concept.mustache"] = "<p>{{early}}|{{late}}|{{both}}</p><a href=\"{{link}}\">x</a>"
        let custom = try Theme(files: files)
        final class Calls: @unchecked Sendable { var count = 0 }
        let calls = Calls()
        var page = ExtraPage(permalink: Permalink("concepts/kl/"), template: "concept", title: "KL",
                             context: ["early": "e", "both": "from context"])
        page.lateContext = {
            calls.count += 1
            return ["late": "l", "both": "from late", "link": Permalink("dl/vae/")]
        }
        var input = Fixture.input()
        input.extraPages = [page]
        #expect(calls.count == 0)
        let html = Fixture.text(try Fixture.render(input, theme: custom), "concepts/kl/index.html")
        #expect(calls.count == 1)
        #expect(html.contains(#"<p>e|l|from late</p><a href="../../dl/vae/index.html">x</a>"#))
    }
}

/// The built-in theme as editable `[path: text]`, for tests that build variants of it.
enum DefaultThemeFiles {
    static func all(of theme: Theme) -> [String: String] {
        var files: [String: String] = [:]
        for (name, text) in theme.templates { files[name + ".mustache"] = text }
        for (path, bytes) in theme.assets { files[path] = String(decoding: bytes, as: UTF8.self) }
        return files
    }
}

import Testing
@testable import Markdown

@Suite struct SlugTests {
    @Test func githubRules() {
        #expect(Slugger.slug("자료구조: 스택 & 큐 (Stack)") == "자료구조-스택--큐-stack")
        #expect(Slugger.slug("Hello, World!") == "hello-world")
        #expect(Slugger.slug("snake_case and kebab-case") == "snake_case-and-kebab-case")
        #expect(Slugger.slug("Évidence Lower Bound (ELBO)의 역할") == "évidence-lower-bound-elbo의-역할")
        #expect(Slugger.slug("C++ 🚀 rocks") == "c--rocks")
    }

    @Test func duplicatesNumbered() {
        var s = Slugger()
        #expect(s.uniqueSlug(for: "정리") == "정리")
        #expect(s.uniqueSlug(for: "정리") == "정리-1")
        #expect(s.uniqueSlug(for: "정리") == "정리-2")
        #expect(s.uniqueSlug(for: "정리-1") == "정리-1-1")
    }

    @Test func headingIdsInDocument() {
        let doc = MarkdownParser.parse("# VAE\n## 정리\n## 정리\n## $\\mathcal{L}$ 손실\n", file: "t.md")
        #expect(doc.headings.map(\.id) == ["vae", "정리", "정리-1", "mathcall-손실"])
        #expect(doc.headings.map(\.text) == ["VAE", "정리", "정리", "\\mathcal{L} 손실"])
        #expect(doc.firstTitleHeading == "VAE")
        let html = HTMLRenderer(document: doc).render()
        #expect(html.contains("<h2 id=\"정리-1\">정리</h2>"))
    }
}

@Suite struct WikiLinkTests {
    func links(_ md: String) -> [LinkOccurrence] { MarkdownParser.parse(md, file: "w.md").links }

    @Test func forms() {
        let found = links("[[Note]] [[Note|label]] [[Note#Heading]] [[#Local]] [[folder/Note]] [[N#A#B]] [[N#^blk]]")
        #expect(found.map(\.kind) == Array(repeating: .wikiLink, count: 7))
        #expect(found.map(\.destination) == ["Note", "Note", "Note", "", "folder/Note", "N", "N"])
        #expect(found.map(\.fragment) == [nil, nil, "Heading", "Local", nil, "A#B", "^blk"])
        #expect(found.map(\.label) == [nil, "label", nil, nil, nil, nil, nil])
        #expect(found.map(\.displayText) == ["Note", "label", "Note > Heading", "Local", "folder/Note", "N > A > B", "N > blk"])
    }

    @Test func embeds() {
        let found = links("![[image.png]] ![[image.png|300]] ![[Other Note]]")
        #expect(found.map(\.kind) == [.embed, .embed, .embed])
        #expect(found.map(\.label) == [nil, "300", nil])
    }

    @Test func aWikilinkNamingNothingIsText() {
        // Each made a link with no text to the page itself, which no reader could see.
        let text = "[[]] [[ ]] [[#]] [[ # ]] [[|label]] [[#|x]] ![[ ]] ![[|300]] [[\\|x]]"
        #expect(links(text).isEmpty)
        let html = HTMLRenderer(document: MarkdownParser.parse(text, file: "w.md")).render()
        #expect(!html.contains("<a"), "\(html)")
        #expect(html.contains("[[ ]] [[#]]"), "\(html)")
        // A name, a heading, or a name with an empty heading or label still links.
        #expect(links("[[a#]] [[a|]] [[#h]] [[ #h ]] [[a |x]] [[#h|x]]").map(\.kind) == Array(repeating: .wikiLink, count: 6))
    }

    @Test func inCodeIsText() {
        #expect(links("`[[x]]`\n\n```\n[[y]]\n```\n").isEmpty)
        let html = HTMLRenderer(document: MarkdownParser.parse("`[[x]]`", file: "w.md")).render()
        #expect(html == "<p><code>[[x]]</code></p>\n")
    }

    @Test func inTableWithEscapedPipe() {
        let doc = MarkdownParser.parse("| a | b |\n|---|---|\n| [[Note\\|shown]] | [[B|c]] |\n", file: "w.md")
        #expect(doc.links.map(\.label) == ["shown", "c"])
        guard case .table(_, _, let rows)? = doc.blocks.first else {
            Issue.record("no table")
            return
        }
        #expect(rows[0].count == 2)
    }

    @Test func locationsAndRendering() {
        let doc = MarkdownParser.parse("첫 줄\n변분 [[VAE|오토인코더]]를 보라.", file: "w.md", firstLine: 3)
        #expect(doc.links[0].location.description == "w.md:4:4")
        let hooks = RenderHooks(link: { _, _ in .href("../vae/index.html", cssClass: nil, label: "VAE title") })
        let html = HTMLRenderer(document: doc, hooks: hooks).render()
        #expect(html == "<p>첫 줄\n변분 <a class=\"wikilink\" href=\"../vae/index.html\">오토인코더</a>를 보라.</p>\n")
    }

    @Test func unpublishedAndBroken() {
        let doc = MarkdownParser.parse("[[Secret]] and [[Missing]]", file: "w.md")
        let hooks = RenderHooks(link: { $1.destination == "Secret" ? .plainText : .broken(reason: "no note named Missing") })
        #expect(HTMLRenderer(document: doc, hooks: hooks).render() ==
            "<p><span class=\"unpublished-link\">Secret</span> and <span class=\"broken-link\" title=\"no note named Missing\">Missing</span></p>\n")
    }

    @Test func contextSentence() {
        let doc = MarkdownParser.parse("앞 문장이다. VAE는 [[ELBO]]를 최대화한다. 뒤 문장.", file: "w.md")
        let context = doc.links[0].context
        #expect(context?.before == "VAE는 ")
        #expect(context?.match == "ELBO")
        #expect(context?.after == "를 최대화한다.")
    }

    @Test func contextInTableCellSeparatesBreaks() {
        let doc = MarkdownParser.parse("| a |\n|---|\n| [[kl]]<br>[[AE]]<br>[[VAE]] |\n", file: "w.md")
        #expect(doc.links[2].context?.sentence == "kl AE VAE")
    }

    @Test func noteEmbedBreaksParagraph() {
        let doc = MarkdownParser.parse("위\n![[Softmax]]\n아래", file: "w.md")
        let hooks = RenderHooks(embed: { _, _ in .html(title: "Softmax", href: "s/index.html", body: "<p>body</p>\n") })
        let html = HTMLRenderer(document: doc, hooks: hooks).render()
        #expect(html == "<p>위</p>\n<div class=\"embed\" data-embed=\"Softmax\">\n<div class=\"embed-title\"><a class=\"wikilink\" href=\"s/index.html\">Softmax</a></div>\n<p>body</p>\n</div>\n<p>아래</p>\n")
    }

    @Test func imageEmbedWithSize() {
        let doc = MarkdownParser.parse("![[a b.png|300]]", file: "w.md")
        let hooks = RenderHooks(embed: { _, _ in .image(src: "../a%20b.png") })
        #expect(HTMLRenderer(document: doc, hooks: hooks).render() ==
            "<p><img class=\"embed-image\" src=\"../a%20b.png\" alt=\"a b.png\" width=\"300\" loading=\"lazy\" /></p>\n")
    }
}

@Suite struct BlockTests {
    func html(_ md: String, hooks: RenderHooks = RenderHooks()) -> String {
        HTMLRenderer(document: MarkdownParser.parse(md, file: "b.md"), hooks: hooks).render()
    }

    @Test func callouts() {
        #expect(html("> [!note] 제목\n> 본문") ==
            "<aside class=\"callout callout-note\" data-callout=\"note\">\n<div class=\"callout-title\">제목</div>\n<div class=\"callout-body\">\n<p>본문</p>\n</div>\n</aside>\n")
        #expect(html("> [!용어]\n> 뜻") ==
            "<aside class=\"callout callout-용어\" data-callout=\"용어\">\n<div class=\"callout-title\">용어</div>\n<div class=\"callout-body\">\n<p>뜻</p>\n</div>\n</aside>\n")
        #expect(html("> [!tip]- 접힘\n> x").hasPrefix("<details class=\"callout callout-tip\" data-callout=\"tip\">\n<summary class=\"callout-title\">접힘</summary>"))
        #expect(html("> [!TIP]+ 열림\n> x").hasPrefix("<details class=\"callout callout-tip\" data-callout=\"tip\" open=\"\">"))
        let nested = html("> [!note] 바깥\n> > [!warning] 안쪽\n> > 내용")
        #expect(nested.contains("callout-warning"))
        #expect(nested.contains("callout-note"))
        #expect(html("> plain quote") == "<blockquote>\n<p>plain quote</p>\n</blockquote>\n")
    }

    @Test func tablesWithBreaksAndAlignment() {
        let out = html("| 구분 | 장점 |\n|:---|---:|\n| a | x<br>y |\n")
        #expect(out.contains("<th style=\"text-align: left\">구분</th>"))
        #expect(out.contains("<td style=\"text-align: right\">x<br>y</td>"))
    }

    @Test func tagFilter() {
        #expect(html("<script>alert(1)</script>\n") == "&lt;script>alert(1)&lt;/script>\n")
        #expect(html("a <b>bold</b><br>") == "<p>a <b>bold</b><br></p>\n")
    }

    @Test func taskListsAndStrikethrough() {
        let out = html("- [x] done\n- [ ] todo ~~no~~\n")
        #expect(out == "<ul class=\"contains-task-list\">\n<li class=\"task-list-item\"><input type=\"checkbox\" disabled=\"\" checked=\"\" /> done</li>\n<li class=\"task-list-item\"><input type=\"checkbox\" disabled=\"\" /> todo <del>no</del></li>\n</ul>\n")
    }

    @Test func footnotes() {
        let out = html("본문[^a] 그리고[^a].\n\n[^a]: 각주 내용\n")
        #expect(out.contains("<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup>"))
        #expect(out.contains("id=\"fnref-1-2\""))
        #expect(out.contains("<section class=\"footnotes\">\n<ol>\n<li id=\"fn-1\">\n<p>각주 내용 <a href=\"#fnref-1\""))
    }

    @Test func footnoteIDsTakeThePrefixGiven() {
        var renderer = HTMLRenderer(document: MarkdownParser.parse("본문[^a] 그리고[^a].\n\n[^a]: 각주 내용\n", file: "f.md"))
        renderer.idPrefix = "d2-"
        let out = renderer.render()
        #expect(out.contains("<sup class=\"footnote-ref\"><a href=\"#d2-fn-1\" id=\"d2-fnref-1\">1</a></sup>"))
        #expect(out.contains("id=\"d2-fnref-1-2\""))
        #expect(out.contains("<li id=\"d2-fn-1\">\n<p>각주 내용 <a href=\"#d2-fnref-1\""))
        #expect(out.contains("<a href=\"#d2-fnref-1-2\" class=\"footnote-backref\""))
        #expect(!out.contains("\"fn-") && !out.contains("#fn-") && !out.contains("\"fnref-") && !out.contains("#fnref-"))
    }

    @Test func markdownLinksRecordedWithLocation() {
        let doc = MarkdownParser.parse("문장 [KL](../basics/kl.md#정의 \"t\") 그리고 ![그림](img/a%20b.png)", file: "l.md", firstLine: 10)
        #expect(doc.links.map(\.kind) == [.markdown, .image])
        #expect(doc.links[0].destination == "../basics/kl.md")
        #expect(doc.links[0].fragment == "정의")
        #expect(doc.links[0].title == "t")
        #expect(doc.links[0].location.description == "l.md:10:4")
        #expect(doc.links[1].destination == "img/a%20b.png")
        #expect(doc.links[1].location.description == "l.md:10:37")
    }

    @Test func linkColumnAfterMathIsOriginal() {
        let doc = MarkdownParser.parse("$\\alpha$ [x](y)", file: "l.md")
        #expect(doc.links[0].location.column == 10)
    }

    @Test func looseAndTightLists() {
        #expect(html("- a\n- b\n") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n")
        #expect(html("- a\n\n- b\n") == "<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>\n")
        #expect(html("3. x\n") == "<ol start=\"3\">\n<li>x</li>\n</ol>\n")
        #expect(html("- a\n  - b\n") == "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n")
    }

    @Test func codeBlockLanguage() {
        #expect(html("```python\nx = '$a$'\n```\n") == "<pre><code class=\"language-python\">x = '$a$'\n</code></pre>\n")
    }
}

@Suite struct HostileInputTests {
    @Test func deepNestingDoesNotCrash() {
        let text = String(repeating: ">", count: 5000) + " deep\n" + String(repeating: "[", count: 10000) + String(repeating: "*a", count: 10000)
        let doc = MarkdownParser.parse(text, file: "h.md")
        _ = HTMLRenderer(document: doc).render()
    }

    @Test func privateUseCharactersCannotForgePlaceholders() {
        let doc = MarkdownParser.parse("a \u{E000}\u{E010}\u{E001} $x$", file: "h.md")
        #expect(doc.math.map(\.tex) == ["x"])
        #expect(doc.diagnostics.contains { $0.code == "private-use-character" })
    }

    /// cmark decodes entities after the protector replaced the note's own private-use
    /// characters: an entity for a placeholder scalar can stand anywhere. It becomes U+FFFD with
    /// the same warning, never a crash (an open before a non-digit trapped the converter), and
    /// an entity-made placeholder with more digits than an index has does not overflow.
    @Test func entitiesOfPlaceholderScalarsBecomeReplacementCharacters() {
        let digits = String(repeating: "&#xE01F;", count: 20)
        for text in ["$x$ and &#xE000;abc", "$x$ &#xE000;" + digits + "&#xE001; y", "$x$ &#xE010;&#xE001; &#57344;",
                     "`&#xE000;` $x$ [a](&#xE000;) <https://a.b/&#xE000;>", "- $a\n  b$ &#xE000;"] {
            let doc = MarkdownParser.parse(text, file: "e.md")
            let html = HTMLRenderer(document: doc).render()
            #expect(doc.math.first.map { ["x", "a\nb", "a\n  b"].contains($0.tex) } == true, "\(text): \(doc.math.map(\.tex))")
            #expect(!html.unicodeScalars.contains { $0.value >= 0xE000 && $0.value <= 0xE01F }, "\(text): \(html)")
        }
        let doc = MarkdownParser.parse("$x$ and &#xE000;abc", file: "e.md")
        #expect(HTMLRenderer(document: doc).render().contains("and \u{FFFD}abc"))
        #expect(doc.diagnostics.contains { $0.code == "private-use-character" })
    }

    @Test func emptyAndWhitespace() {
        #expect(HTMLRenderer(document: MarkdownParser.parse("", file: "e.md")).render() == "")
        #expect(HTMLRenderer(document: MarkdownParser.parse("\n\n  \n", file: "e.md")).render() == "")
    }

    @Test func bigDocument() {
        let para = "문단 $x_i$ 와 [[링크]] 그리고 **굵게** `code`.\n\n"
        let text = String(repeating: para, count: 50_000)  // ~2.5 MB
        let doc = MarkdownParser.parse(text, file: "big.md")
        #expect(doc.math.count == 50_000)
        #expect(doc.links.count == 50_000)
    }
}

@Suite struct ContinuationLineLocationTests {
    @Test func indentedContinuationLines() {
        let doc = MarkdownParser.parse("- 항목\n\t설명\n\t![그림](a.png) 그리고 [[B]]\n", file: "c.md")
        #expect(doc.links.map(\.location.description) == ["c.md:3:2", "c.md:3:19"])
    }

    @Test func plainContinuationLine() {
        let doc = MarkdownParser.parse("a\n  ![x](y)\n", file: "c.md")
        #expect(doc.links[0].location.column == 3)
    }

    @Test func blockQuoteContinuationLine() {
        let doc = MarkdownParser.parse("> a\n>   [x](y)\n", file: "c.md")
        #expect(doc.links[0].location.column == 5)
    }
}

/// `notegraph check` keeps of each tree only its raw HTML (`keepingRawHTMLOnly`): the same
/// fragments in the same order, and the tables untouched.
@Suite struct RawHTMLTests {
    static let note = """
    # 제목 <span id="top">x</span>

    <div><img src="block.png"></div>

    문단 <img src="inline.png"> 그리고 `<img src="code.png">` **굵게 <b>b</b>**[^1]

    > [!note] 제목 <i>t</i>
    > 안 <img src="callout.png">

    - 항목 <img src="item.png">
      - [링크 <u>u</u>](a.md)

    | 열 <br> | b |
    | --- | --- |
    | <img src="cell.png"> | ![alt <s>x</s>](p.png) |

    ```
    <img src="fenced.png">
    ```

        <img src="indented.png">

    [^1]: 각주 <img src="footnote.png">
    """

    @Test func fragmentsInDocumentOrderCodeLeftOut() {
        let doc = MarkdownParser.parse(Self.note, file: "h.md")
        let html = doc.rawHTML
        #expect(html.contains("<div><img src=\"block.png\"></div>\n"))
        #expect(html.filter { $0.hasPrefix("<img") } == ["<img src=\"inline.png\">", "<img src=\"callout.png\">", "<img src=\"item.png\">",
                                                         "<img src=\"cell.png\">", "<img src=\"footnote.png\">"])
        #expect(!html.contains { $0.contains("code.png") || $0.contains("fenced.png") || $0.contains("indented.png") })
        for tag in ["<span id=\"top\">", "<b>", "<i>", "<u>", "<br>", "<s>"] {
            #expect(html.contains(tag), "\(tag)")
        }
    }

    @Test func prunedTreeKeepsTheTablesAndTheSameHTML() {
        let doc = MarkdownParser.parse(Self.note, file: "h.md")
        let pruned = doc.keepingRawHTMLOnly()
        #expect(pruned.rawHTML == doc.rawHTML)
        #expect(pruned.blocks.allSatisfy { if case .htmlBlock = $0 { true } else { false } })
        #expect(pruned.headings == doc.headings)
        #expect(pruned.links == doc.links)
        #expect(pruned.diagnostics == doc.diagnostics)
        #expect(MarkdownParser.parse("", file: "e.md").keepingRawHTMLOnly().blocks.isEmpty)
    }
}

/// Many links on one line, or on the lines of one long paragraph: each link's column is
/// right, and locating them costs time in proportion to their number. Each link's column was
/// counted from its line's start, and each link on a continuation line scanned the text from
/// its beginning for the line: 12,000 links on a line took 8.7 s of a release build's parse.
@Suite struct ManyLinksOnALineTests {
    @Test func columnsOfThousandsOfLinksOnOneLine() {
        let count = 10_000
        // Six characters, ten bytes, before each link: "가나 " and "[[b]] " / "[x](b.md) ".
        var line = ""
        for k in 0..<count { line += k % 2 == 0 ? "가나 [[b]] " : "가나 [x](b.md) " }
        let doc = MarkdownParser.parse("# T\n\n" + line + "\n", file: "l.md")
        #expect(doc.links.count == count)
        var column = 1
        var wrong = 0
        for k in 0..<count {
            column += 3
            if doc.links[k].location.description != "l.md:3:\(column)" { wrong += 1 }
            column += k % 2 == 0 ? 6 : 10
        }
        #expect(wrong == 0)
    }

    @Test func linesOfOneLongParagraphEachWithLinks() {
        let count = 5_000
        var text = "> 인용 시작\n"
        for k in 0..<count { text += "> 줄 \(k % 10) [x](b.md) [[c]]\n" }
        let doc = MarkdownParser.parse(text, file: "p.md")
        #expect(doc.links.count == 2 * count)
        let located = doc.links.map { "\($0.location.line):\($0.location.column)" }
        #expect(located[0] == "2:7" && located[1] == "2:17")
        #expect(located[2 * count - 2] == "\(count + 1):7" && located[2 * count - 1] == "\(count + 1):17")
        #expect(zip(located, (0..<2 * count).map { "\($0 / 2 + 2):\($0 % 2 == 0 ? 7 : 17)" }).allSatisfy(==))
    }
}

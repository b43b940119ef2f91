@testable import Linker
import Markdown
import Notes
import Testing

/// Links from concept mentions to the concepts' pages (`LinkedVault.autolinked`), rendered as
/// the site renders them: a `.concept` resolution becomes `<a class="concept-link">`.
@Suite struct AutolinkTests {
    /// Concepts come from a glossary, so the notes below define only what they say they define.
    static let glossary = Glossary.parse("""
        VAE:
          aliases: [Variational Autoencoder, 변분 오토인코더]
        ELBO:
          aliases: [Evidence Lower Bound]
        KL divergence:
          aliases: [KL, Kullback-Leibler divergence]
        """, file: "concepts.yml").0

    /// The body of the note at `path`, with concept links as `<a class="concept-link" href="NAME">`
    /// (spaces in the name as hyphens).
    static func html(_ files: [(String, String)], _ path: String, mode: AutolinkMode) -> String {
        let vault = linkedVault(files, glossary: glossary)
        guard let note = vault.notes.firstIndex(where: { $0.path.string == path }) else { return "no note \(path)" }
        let (document, resolutions) = vault.autolinked(note, mode: mode)
        let names = vault.concepts.concepts.map(\.name)
        let hooks = RenderHooks(link: { index, _ in
            if case .concept(let c) = resolutions[index] { return .href(names[c].replacingOccurrences(of: " ", with: "-"), cssClass: "concept-link") }
            return .keep
        })
        return HTMLRenderer(document: document, hooks: hooks).render()
    }

    static func link(_ name: String, _ text: String? = nil) -> String {
        "<a class=\"concept-link\" href=\"\(name.replacingOccurrences(of: " ", with: "-"))\">\(text ?? name)</a>"
    }

    static let twoSections = [("study.md", """
        ---
        title: 공부 기록
        ---
        ## 월요일

        VAE는 ELBO를 최대화한다. VAE의 ELBO는 KL 항을 포함한다.

        ## 화요일

        다시 VAE를 봤다.
        """)]

    @Test func firstMentionInEachSection() {
        let html = Self.html(Self.twoSections, "study.md", mode: .first)
        #expect(html.contains("<p>\(Self.link("VAE"))는 \(Self.link("ELBO"))를 최대화한다. VAE의 ELBO는 \(Self.link("KL divergence", "KL")) 항을 포함한다.</p>"))
        #expect(html.contains("<p>다시 \(Self.link("VAE"))를 봤다.</p>"))
        #expect(html.contains("<h2 id=\"월요일\">월요일</h2>"))
    }

    @Test func allMentions() {
        let html = Self.html(Self.twoSections, "study.md", mode: .all)
        #expect(html.contains("<p>\(Self.link("VAE"))는 \(Self.link("ELBO"))를 최대화한다. \(Self.link("VAE"))의 \(Self.link("ELBO"))는 \(Self.link("KL divergence", "KL")) 항을 포함한다.</p>"))
    }

    @Test func noMentions() {
        let vault = linkedVault(Self.twoSections, glossary: Self.glossary)
        let (document, resolutions) = vault.autolinked(0, mode: .none)
        #expect(document.links.count == vault.notes[0].document.links.count)
        #expect(resolutions == vault.resolutions[0])
        #expect(!Self.html(Self.twoSections, "study.md", mode: .none).contains("concept-link"))
    }

    @Test func neverInHeadingsLinksCodeMathOrRawHTML() {
        let files = [("a.md", """
            ---
            title: 메모
            ---
            ## VAE와 ELBO

            [VAE 논문](https://arxiv.org/abs/1312.6114), `VAE()`, $\\mathrm{ELBO} + KL$, <abbr>VAE</abbr>, https://example.org/VAE

            > [!note] ELBO 정리
            > 본문에는 ELBO가 있다.

            ```
            ELBO = recon - KL
            ```
            """)]
        for mode in [AutolinkMode.first, .all] {
            let html = Self.html(files, "a.md", mode: mode)
            #expect(html.contains("<h2 id=\"vae와-elbo\">VAE와 ELBO</h2>"))
            #expect(html.contains("<a href=\"https://arxiv.org/abs/1312.6114\">VAE 논문</a>"))
            #expect(html.contains("<code>VAE()</code>"))
            #expect(html.contains("<abbr>VAE</abbr>"))
            #expect(!html.contains(Self.link("KL divergence", "KL")))
            #expect(!html.contains(Self.link("VAE")))
            // The callout's title is a heading of sorts; its body is prose.
            #expect(html.contains("<div class=\"callout-title\">ELBO 정리</div>"))
            #expect(html.contains("<p>본문에는 \(Self.link("ELBO"))가 있다.</p>"))
            #expect(html.contains("<pre><code>ELBO = recon - KL\n</code></pre>"))
        }
    }

    @Test func aSectionDoesNotLinkTheConceptItDefines() {
        let files = [("lecture.md", """
            ---
            title: 강의 노트
            ---
            ## Variational Autoencoder (VAE)

            VAE는 ELBO로 학습한다.

            ### ELBO

            ELBO 안에도 VAE가 나온다.

            ## 정리

            VAE와 ELBO를 배웠다.
            """), ("elbo.md", """
            ---
            title: ELBO
            ---
            ## 유도

            ELBO는 VAE의 목적 함수다.
            """)]
        let lecture = Self.html(files, "lecture.md", mode: .first)
        #expect(lecture.contains("<p>VAE는 \(Self.link("ELBO"))로 학습한다.</p>"))
        // Inside the ELBO section, nested in the VAE section, neither is linked.
        #expect(lecture.contains("<p>ELBO 안에도 VAE가 나온다.</p>"))
        #expect(lecture.contains("<p>\(Self.link("VAE"))와 \(Self.link("ELBO"))를 배웠다.</p>"))
        // A note whose title is the concept never links it, in any section.
        let elbo = Self.html(files, "elbo.md", mode: .all)
        #expect(elbo.contains("<p>ELBO는 \(Self.link("VAE"))의 목적 함수다.</p>"))
    }

    @Test func aLinkToTheConceptCountsAsTheFirst() {
        let files = [("a.md", """
            ---
            title: 메모
            ---
            [[ELBO]]를 먼저 보고, ELBO와 VAE를 비교했다. 변분 오토인코더를 다시 봤다.
            """)]
        let html = Self.html(files, "a.md", mode: .first)
        #expect(html.contains("ELBO와 \(Self.link("VAE"))를 비교했다. 변분 오토인코더를 다시 봤다."))
        let all = Self.html(files, "a.md", mode: .all)
        #expect(all.contains("\(Self.link("ELBO"))와 \(Self.link("VAE"))를 비교했다. \(Self.link("VAE", "변분 오토인코더"))를 다시 봤다."))

        // So does a link to the note about it.
        let viaNote = [("b.md", "---\ntitle: 메모\n---\n[그 노트](kl.md)를 보면 KL이 나오고 ELBO도 나온다.\n"),
                       ("kl.md", "---\ntitle: KL divergence\n---\n두 분포의 차이.\n")]
        #expect(Self.html(viaNote, "b.md", mode: .first).contains("를 보면 KL이 나오고 \(Self.link("ELBO"))도 나온다."))
    }

    @Test func markupInsideANameOrAroundIt() {
        let files = [("a.md", """
            ---
            title: 메모
            ---
            **ELBO**는 *Variational* Autoencoder의 목표다. KL
            divergence는 줄바꿈에 걸쳐 있다.
            """)]
        let html = Self.html(files, "a.md", mode: .all)
        // Inside emphasis: linked inside it. Split by markup or a line break: left alone.
        #expect(html.contains("<strong>\(Self.link("ELBO"))</strong>는 <em>Variational</em> Autoencoder의 목표다."))
        #expect(html.contains("KL\ndivergence는"))
    }

    @Test func conceptsOfANoteDefinedFirstThenMostMentioned() throws {
        let files = [("a.md", """
            ---
            title: 메모
            concepts: [Reparameterization Trick]
            ---
            ELBO, ELBO, KL, VAE, VAE, VAE.
            """), ("b.md", "# Softmax\n\n다른 노트.\n")]
        let vault = linkedVault(files, glossary: Self.glossary)
        let catalog = vault.concepts
        let (defined, mentioned) = catalog.concepts(in: 0)
        #expect(defined.map { catalog.concepts[$0].name } == ["Reparameterization Trick"])
        #expect(mentioned.map { catalog.concepts[$0].name } == ["VAE", "ELBO", "KL divergence"])
        #expect(catalog.concepts(in: 1).defined.map { catalog.concepts[$0].name } == ["Softmax"])
        #expect(catalog.concepts(in: 1).mentioned.isEmpty)
    }

    /// The autolinker links among the mention scan's matches (`ConceptCatalog.noteMatches`):
    /// each block's matches must land on that block, through tables, callouts, links, code,
    /// math and raw HTML, in both modes.
    @Test func linksTheScansMatchesBlockByBlock() throws {
        let files = Self.twoSections + [
            ("mixed.md", """
                # 정리

                | 용어 | 뜻 |
                | --- | --- |
                | VAE | ELBO를 최대화 |

                > [!note] KL divergence
                > VAE와 ELBO, 그리고 KL.

                [VAE](study.md)와 `ELBO` 그리고 <abbr>KL</abbr>, $KL$ 다음에 Evidence Lower Bound.
                ## 다음
                변분 오토인코더는 ELBO를 쓴다. Kullback-Leibler divergence 도.
                """),
            ("empty.md", "# 빈 노트\n\n"),
        ]
        let vault = linkedVault(files, glossary: Self.glossary)
        #expect(vault.concepts.noteMatches.count == vault.notes.count)
        let vae = Self.link("VAE"), elbo = Self.link("ELBO"), kl = Self.link("KL divergence", "KL")
        // `## 다음` defines a term of its own; "다음에" above its section mentions it.
        let next = "<a class=\"concept-link\" href=\"%EB%8B%A4%EC%9D%8C\">다음</a>"
        let secondSection = "<p>\(Self.link("VAE", "변분 오토인코더"))는 \(elbo)를 쓴다. \(Self.link("KL divergence", "Kullback-Leibler divergence")) 도.</p>"
        let tableRow = "<td>\(vae)</td>\n<td>\(elbo)를 최대화</td>"

        let all = Self.html(files, "mixed.md", mode: .all)
        #expect(all.contains(tableRow))
        #expect(all.contains("<div class=\"callout-title\">KL divergence</div>"), "a callout title is never linked")
        #expect(all.contains("<p>\(vae)와 \(elbo), 그리고 \(kl).</p>"))
        // Not in a link, code, raw HTML or math; a long form is linked as written.
        #expect(all.contains("<p><a href=\"study.md\">VAE</a>와 <code>ELBO</code> 그리고 <abbr>KL</abbr>, <span class=\"math inline\">KL</span> \(next)에 \(Self.link("ELBO", "Evidence Lower Bound")).</p>"))
        #expect(all.contains(secondSection))

        let first = Self.html(files, "mixed.md", mode: .first)
        #expect(first.contains(tableRow))
        #expect(first.contains("<p>VAE와 ELBO, 그리고 \(kl).</p>"), "once per section: the table linked VAE and ELBO")
        #expect(first.contains("\(next)에 Evidence Lower Bound.</p>"))
        #expect(first.contains(secondSection), "a heading starts a new section")

        #expect(!Self.html(files, "empty.md", mode: .all).contains("concept-link"))
    }
}

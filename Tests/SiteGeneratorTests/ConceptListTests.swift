import Notes
import SiteGenerator
import Testing

/// The "concepts in this note" list on note pages and the most central concepts on the index.
@Suite struct ConceptListTests {
    static func note(concepts: [NoteConcept]) -> NotePage {
        var page = NotePage(path: NotePath("dl/vae.md"), permalink: Permalink("dl/vae/"), title: "VAE 정리", bodyHTML: "<p>본문</p>\n")
        page.concepts = concepts
        return page
    }

    static let vaeConcepts = [
        NoteConcept(name: "VAE", permalink: Permalink("concepts/vae/"), isDefined: true),
        NoteConcept(name: "KL divergence", permalink: Permalink("concepts/kl-divergence/"), isDefined: false),
        NoteConcept(name: "ELBO", permalink: Permalink("concepts/elbo/"), isDefined: false),
    ]

    /// In the order `NotePages` gives (defined, then most mentioned): the template keeps it.
    @Test func aNotePageListsItsConceptsDefinedOnesFirstAndMarked() throws {
        let files = try Fixture.render(SiteInput(title: "T", notes: [Self.note(concepts: Self.vaeConcepts)]))
        let html = Fixture.text(files, "dl/vae/index.html")
        #expect(html.contains("""
            <section class="note-concepts">
            <h2>Concepts in this note</h2>
            <ul class="concept-chips">
            <li><a class="concept-chip concept-defined" href="../../concepts/vae/index.html" title="Defined in this note">VAE</a></li>
            <li><a class="concept-chip" href="../../concepts/kl-divergence/index.html">KL divergence</a></li>
            <li><a class="concept-chip" href="../../concepts/elbo/index.html">ELBO</a></li>
            </ul>
            </section>
            """))
        let ko = try Fixture.render(SiteInput(title: "T", language: .ko, notes: [Self.note(concepts: Self.vaeConcepts)]))
        let korean = Fixture.text(ko, "dl/vae/index.html")
        #expect(korean.contains("<h2>이 노트의 개념</h2>"))
        #expect(korean.contains("title=\"이 노트에서 정의\">VAE</a>"))
    }

    @Test func aNoteWithoutConceptsHasNoList() throws {
        let files = try Fixture.render(SiteInput(title: "T", notes: [Self.note(concepts: [])]))
        #expect(!Fixture.text(files, "dl/vae/index.html").contains("note-concepts"))
    }

    @Test func theIndexShowsTheMostCentralConcepts() throws {
        var input = Fixture.input()
        input.centralConcepts = [
            ExtraPageLink(title: "VAE", permalink: Permalink("concepts/vae/")),
            ExtraPageLink(title: "변분 추론", permalink: Permalink("concepts/변분-추론/")),
        ]
        let html = Fixture.text(try Fixture.render(input), "index.html")
        #expect(html.contains("""
            <section class="central-concepts">
            <h2>Key concepts</h2>
            <ul class="concept-chips">
            <li><a class="concept-chip" href="concepts/vae/index.html">VAE</a></li>
            <li><a class="concept-chip" href="concepts/%EB%B3%80%EB%B6%84-%EC%B6%94%EB%A1%A0/index.html">변분 추론</a></li>
            </ul>
            </section>
            """))
        var korean = input
        korean.language = .ko
        #expect(Fixture.text(try Fixture.render(korean), "index.html").contains("<h2>핵심 개념</h2>"))
        // None without concepts.
        #expect(!Fixture.text(try Fixture.render(Fixture.input()), "index.html").contains("central-concepts"))
    }
}

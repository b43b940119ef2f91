import Diagnostics
import Foundation
import NoteGraph
import Testing

/// Concept pages, built from `Tests/Fixtures/concepts` (notes in content/, a glossary beside it)
/// and from the basic fixture (no glossary).
@Suite struct ConceptBuildTests {
    func build(_ content: URL, output: URL, glossary: URL? = nil) throws -> BuildReport {
        var options = BuildOptions(content: content, output: output, templates: nil, config: ProjectConfig(), includeDrafts: false)
        options.glossary = glossary
        return try BuildPipeline.run(options)
    }

    var fixture: URL { Repo.fixture("concepts/content") }

    @Test func everyConceptHasAPage() throws {
        let dir = TempDir()
        let out = dir.url.appendingPathComponent("site")
        let report = try build(fixture, output: out)
        #expect(report.wroteSite)
        let pages = out.files().filter { $0.hasPrefix("concepts/") }
        for page in ["concepts/index.html", "concepts/vae/index.html", "concepts/elbo/index.html",
                     "concepts/kl-divergence/index.html", "concepts/entropy/index.html", "concepts/gan/index.html",
                     "concepts/reparameterization-trick/index.html"] {
            #expect(pages.contains(page), "\(page) missing from \(pages)")
        }
        // Only what the glossary and the published notes define; nothing from the draft.
        for file in out.files() {
            let text = try out.appendingPathComponent(file).read()
            #expect(!text.contains("Secret Sauce") && !text.contains("SSC"), "the draft leaked into \(file)")
        }
        let index = try out.appendingPathComponent("index.html").read()
        #expect(index.contains("<a href=\"concepts/index.html\">Concepts</a>"))
    }

    @Test func aConceptPageGathersTheIdeaFromEveryNote() throws {
        let dir = TempDir()
        let out = dir.url.appendingPathComponent("site")
        _ = try build(fixture, output: out)
        let vae = try out.appendingPathComponent("concepts/vae/index.html").read()
        #expect(vae.contains("<h1 class=\"concept-title\">VAE</h1>"))
        #expect(vae.contains("<li>Variational Auto Encoder</li>"))
        // The defining section's first paragraph, rendered, linked to the section.
        #expect(vae.contains("<p>VAE는 입력을 <strong>잠재 분포</strong>로 보내는 autoencoder다."))
        #expect(vae.contains("href=\"../../generative/vae/index.html#variational-auto-encoder-vae\""))
        // Plain-text mentions with their sentence, apart from links.
        #expect(vae.contains("<mark>VAE</mark>와 GAN을 비교했다."))
        let mentions = try #require(vae.range(of: "concept-mentions"))
        #expect(vae[mentions.lowerBound...].contains("1주차 회고"))
        // Related concepts: the defining section mentions the ELBO and KL.
        #expect(vae.contains("class=\"concept-chip\" href=\"../elbo/index.html\""))
        #expect(vae.contains("class=\"concept-chip\" href=\"../kl-divergence/index.html\""))
    }

    @Test func theGlossaryJoinsNamesAndLinksLeadToConcepts() throws {
        let dir = TempDir()
        let out = dir.url.appendingPathComponent("site")
        let report = try build(fixture, output: out)
        let kl = try out.appendingPathComponent("concepts/kl-divergence/index.html").read()
        #expect(kl.contains("<h1 class=\"concept-title\">KL divergence</h1>"))
        #expect(kl.contains("<li>쿨백-라이블러 발산</li>"))
        // Defined by the note whose title is one of its glossary names; related to Entropy.
        #expect(kl.contains("Kullback-Leibler divergence는 두 분포가 얼마나 다른지 잰다."))
        #expect(kl.contains("href=\"../entropy/index.html\""))
        // `[[KL divergence]]` names no note: it is a link to the concept, listed as such.
        let week = try out.appendingPathComponent("weekly/week1/index.html").read()
        #expect(week.contains("<a class=\"wikilink concept-link\" href=\"../../concepts/kl-divergence/index.html\">KL divergence</a>"))
        let links = try #require(kl.range(of: "concept-links"))
        #expect(kl[links.lowerBound...].contains("1주차 회고"))
        // The one broken wikilink is the one that names nothing at all.
        #expect(report.warnings.map { "\($0.location!) \($0.code)" } == ["weekly/week1.md:6:46 broken-wikilink"])
        // No mention inside a URL, code or math: the KL note's URL ends in "KL".
        #expect(!kl.contains("wikipedia"))
    }

    @Test func aMalformedGlossaryStopsTheBuildWithItsLocation() throws {
        let dir = TempDir()
        try dir.write("content/a.md", "# VAE\n\n내용\n")
        try dir.write("concepts.yml", "VAE:\n  aliases: Variational Autoencoder\nELBO:\n  aliases: [Evidence Lower Bound\n")
        try dir.write("site/index.html", "previous build")
        let report = try build(dir.url.appendingPathComponent("content"), output: dir.url.appendingPathComponent("site"))
        #expect(!report.wroteSite)
        #expect(report.errors.first?.location?.file == "../concepts.yml")
        #expect((report.errors.first?.location?.line ?? 0) >= 3)
        #expect(try dir.url.appendingPathComponent("site/index.html").read() == "previous build")

        try dir.write("concepts.yml", "VAE:\n  aliases: Variational Autoencoder\n")
        let shape = try build(dir.url.appendingPathComponent("content"), output: dir.url.appendingPathComponent("site"))
        #expect(shape.errors.map { "\($0.location!) \($0.code)" } == ["../concepts.yml:2:12 glossary"])
    }

    @Test func aConfiguredGlossaryThatIsMissingIsReported() throws {
        let dir = TempDir()
        try dir.write("content/a.md", "# VAE\n")
        let report = try build(dir.url.appendingPathComponent("content"), output: dir.url.appendingPathComponent("site"),
                               glossary: dir.url.appendingPathComponent("terms.yml"))
        #expect(report.warnings.map(\.code) == ["glossary"])
        #expect(report.wroteSite)
    }

    @Test func theBasicVaultGetsConceptPagesToo() throws {
        let dir = TempDir()
        let out = dir.url.appendingPathComponent("site")
        _ = try build(Repo.fixture("basic"), output: out)
        let concepts = out.files().filter { $0.hasPrefix("concepts/") }
        #expect(concepts.contains("concepts/variational-autoencoder/index.html"))
        #expect(concepts.contains("concepts/elbo/index.html"))
        // The home page's title is the site's name, not a concept; the draft gives nothing.
        #expect(!concepts.contains { $0.contains("테스트") || $0.contains("secret") })
        let vae = try out.appendingPathComponent("concepts/variational-autoencoder/index.html").read()
        #expect(vae.contains("<li>VAE</li>"))
        #expect(vae.contains("<li>변분 오토인코더</li>"))
    }
    @Test func aDefiningParagraphTakesAlongTheFootnotesItRefersTo() throws {
        let dir = TempDir()
        try dir.write("content/layers.md", """
            # Layers

            ## Dropout

            Dropout zeroes random units while training[^drop].

            ## ReLU

            ReLU keeps the positive part of its input.

            [^drop]: Srivastava et al., 2014.
            [^unused]: Never referred to.
            """)
        try dir.write("content/regularization.md", """
            # Regularization

            ## Dropout

            Dropout regularises a network by dropping activations[^a].

            [^a]: Hinton et al., 2012.
            """)
        let out = dir.url.appendingPathComponent("site")
        _ = try build(dir.url.appendingPathComponent("content"), output: out)
        let dropout = try out.appendingPathComponent("concepts/dropout/index.html").read()
        #expect(dropout.contains("Dropout zeroes random units while training<sup class=\"footnote-ref\">"))
        #expect(dropout.contains("<section class=\"footnotes\">"))
        #expect(dropout.contains("Srivastava et al., 2014."))
        #expect(!dropout.contains("Never referred to"))
        // Each definition's footnotes have ids of their own on the concept's page.
        #expect(dropout.contains("<a href=\"#d1-fn-1\" id=\"d1-fnref-1\">1</a>"))
        #expect(dropout.contains("<li id=\"d1-fn-1\">"))
        #expect(dropout.contains("<a href=\"#d1-fnref-1\" class=\"footnote-backref\""))
        #expect(dropout.contains("<a href=\"#d2-fn-1\" id=\"d2-fnref-1\">1</a>"))
        #expect(dropout.contains("<li id=\"d2-fn-1\">"))
        #expect(dropout.contains("Hinton et al., 2012."))
        // The note's own page keeps the plain ids.
        let layers = try out.appendingPathComponent("layers/index.html").read()
        #expect(layers.contains("<li id=\"fn-1\">") && !layers.contains("d1-fn"))
        let relu = try out.appendingPathComponent("concepts/relu/index.html").read()
        #expect(relu.contains("<p>ReLU keeps the positive part of its input.</p>"))
        #expect(!relu.contains("footnote"))
    }

    /// One note of thousands of defining sections (a semester in one file): every section
    /// defines its concept, mentions the next one, and never mentions its own.
    @Test func aNoteOfThousandsOfSectionsLinksEachToTheNext() throws {
        let dir = TempDir()
        let count = 2000
        var note = "# Semester\n\n"
        for k in 0..<count {
            note += "## Topic Number \(k) Method (T\(k))\n\nT\(k) builds on T\((k + 1) % count) and is unlike the rest.\n\n"
        }
        try dir.write("content/semester.md", note)
        let out = dir.url.appendingPathComponent("site")
        let report = try build(dir.url.appendingPathComponent("content"), output: out)
        #expect(report.wroteSite)
        #expect(out.files().filter { $0.hasPrefix("concepts/t") }.count == count)
        for k in [0, 1, 999, 1999] {
            let page = try out.appendingPathComponent("concepts/t\(k)/index.html").read()
            // Related: the next topic (named in this section) and the previous one (whose
            // section names this one); defined in its own section.
            let next = (k + 1) % count, previous = (k + count - 1) % count
            let chips = page.components(separatedBy: "class=\"concept-chip\" href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
            #expect(Set(chips) == ["../semester/index.html", "../t\(next)/index.html", "../t\(previous)/index.html"], "T\(k): \(chips)")
            #expect(page.contains("semester/index.html#topic-number-\(k)-method-t\(k)\""), "T\(k)")
        }
        let semester = try out.appendingPathComponent("semester/index.html").read()
        // Concepts in this note: the note's own, then every topic once, in order, all defined.
        let chips = semester.components(separatedBy: "<a class=\"concept-chip").dropFirst()
        #expect(chips.count == count + 1)
        #expect(chips.allSatisfy { $0.hasPrefix(" concept-defined\"") })
        #expect(chips.dropFirst().enumerated().allSatisfy { $0.element.contains("href=\"../concepts/t\($0.offset)/index.html\"") })
        // Autolinks: each section links the next topic, never its own.
        for k in [0, 1, 999, 1999] {
            let next = (k + 1) % count
            #expect(semester.contains("T\(k) builds on <a class=\"concept-link\" href=\"../concepts/t\(next)/index.html\">T\(next)</a>"), "T\(k)")
            #expect(!semester.contains("<a class=\"concept-link\" href=\"../concepts/t\(k)/index.html\">T\(k)</a> builds on"), "T\(k)")
        }
    }
}

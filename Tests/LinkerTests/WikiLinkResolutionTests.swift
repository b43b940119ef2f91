import Foundation
import Linker
import Notes
import Testing

/// How a wikilink name picks among several notes of that name, as Obsidian does: the note in the
/// linking note's own folder, then the shortest path; only a tie after that is ambiguous.
@Suite struct WikiLinkResolutionTests {
    static let files = [
        ("x.md", "# Top x"),
        ("a/x.md", "# A x"),
        ("b/x.md", "# B x"),
        ("a/from-a.md", "[[x]] and [[b/x]]"),
        ("c/from-c.md", "[[x]]"),
        ("d/y.md", "# D y"),
        ("e/y.md", "# E y"),
        ("c/ties.md", "[[y]]"),
        ("c/case.md", "[[X]] [[A/X]]"),
    ]

    static func target(_ vault: LinkedVault, from source: String, _ k: Int) -> String? {
        guard let n = vault.notes.firstIndex(where: { $0.path.string == source }) else { return nil }
        guard case .note(let t, _) = vault.resolutions[n][k] else { return nil }
        return vault.notes[t].path.string
    }

    @Test func sameFolderThenShortestPath() {
        let vault = linkedVault(Self.files)
        #expect(Self.target(vault, from: "a/from-a.md", 0) == "a/x.md", "the linking note's folder wins")
        #expect(Self.target(vault, from: "a/from-a.md", 1) == "b/x.md", "a path picks its note")
        #expect(Self.target(vault, from: "c/from-c.md", 0) == "x.md", "then the shortest path")
        #expect(Self.target(vault, from: "c/case.md", 0) == "x.md", "names compare without case")
        #expect(Self.target(vault, from: "c/case.md", 1) == "a/x.md")
    }

    @Test func aTieIsAmbiguous() {
        let vault = linkedVault(Self.files)
        #expect(Self.target(vault, from: "c/ties.md", 0) != nil, "still resolves to one of them")
        let warning = vault.diagnostics.first { $0.code == "ambiguous" }
        #expect(warning?.location?.file == "c/ties.md")
        #expect(warning?.message.contains("d/y.md") == true && warning?.message.contains("e/y.md") == true)
    }
}

/// With `Note.md` and `note.md` side by side (a case-sensitive file system), a link spelled
/// exactly as one of them is not ambiguous: it means that one.
@Suite struct ExactCaseResolutionTests {
    static let files = [
        ("Note.md", "# Upper"),
        ("note.md", "# Lower"),
        ("from.md", "[[Note]] [[note]] [[NOTE]] [a](note.md) [b](Note.md) [[Note.md]]"),
    ]

    @Test func theExactSpellingWins() {
        let vault = linkedVault(Self.files)
        #expect(WikiLinkResolutionTests.target(vault, from: "from.md", 0) == "Note.md")
        #expect(WikiLinkResolutionTests.target(vault, from: "from.md", 1) == "note.md")
        #expect(WikiLinkResolutionTests.target(vault, from: "from.md", 3) == "note.md")
        #expect(WikiLinkResolutionTests.target(vault, from: "from.md", 4) == "Note.md")
        #expect(WikiLinkResolutionTests.target(vault, from: "from.md", 5) == "Note.md")
        // Only `[[NOTE]]`, which spells neither, is ambiguous; the hint's spelling resolves.
        let ambiguous = vault.diagnostics.filter { $0.code == "ambiguous" }
        #expect(ambiguous.map(\.message) == ["[[NOTE]] matches 2 notes: Note.md, note.md"])
        #expect(ambiguous.first?.hint == "write the folder too, e.g. [[Note]]")
    }
}

/// `check` links without building the graph; what it reads must be the same as a full link's.
@Suite struct LinkWithoutGraphTests {
    @Test func sameResolutionsDiagnosticsAndAssets() throws {
        let files = WikiLinkResolutionTests.files + [
            ("img.md", "![](pic.png) [[missing]] [x](x.md#nowhere) [[VAE]]"),
            ("vae.md", "# VAE\n\n## Variational Auto Encoder (VAE)\n\nText."),
            ("draft.md", "---\ndraft: true\n---\n[[nothing]] ![](secret.png)"),
        ]
        let notes = parsedNotes(files)
        let catalog = ConceptCatalog.build(notes: notes)
        let assets: [NotePath: URL] = [NotePath("pic.png"): URL(fileURLWithPath: "/vault/pic.png"),
                                       NotePath("secret.png"): URL(fileURLWithPath: "/vault/secret.png")]
        let full = Linker.link(notes: notes, assets: assets, concepts: catalog)
        let lean = Linker.link(notes: notes, assets: assets, concepts: catalog, graph: false)
        #expect(lean.resolutions == full.resolutions)
        #expect(lean.diagnostics == full.diagnostics)
        #expect(!lean.diagnostics.isEmpty)
        #expect(lean.referencedAssets == full.referencedAssets)
        #expect(lean.referencedAssets == [NotePath("pic.png")], "a draft's assets are not referenced")
        #expect(lean.graph.nodes.isEmpty && !full.graph.nodes.isEmpty)
    }

    /// `build` and `check` report link problems through the offline checker, so they link
    /// without diagnostics: the same resolutions, backlinks and graph, and nothing reported.
    @Test func withoutDiagnosticsOnlyTheDiagnosticsGo() throws {
        let files = WikiLinkResolutionTests.files + [
            ("img.md", "![](pic.png) [[missing]] [x](x.md#nowhere) [[x#Nowhere]] [[VAE]] [y](C/CASE.md)"),
            ("vae.md", "# VAE\n\n## Variational Auto Encoder (VAE)\n\nText."),
        ]
        let notes = parsedNotes(files)
        let catalog = ConceptCatalog.build(notes: notes)
        let assets: [NotePath: URL] = [NotePath("pic.png"): URL(fileURLWithPath: "/vault/pic.png")]
        let full = Linker.link(notes: notes, assets: assets, concepts: catalog)
        let quiet = Linker.link(notes: notes, assets: assets, concepts: catalog, diagnoses: false)
        #expect(Set(full.diagnostics.map(\.code)).isSuperset(of: ["broken-wikilink", "broken-anchor", "ambiguous", "case-mismatch"]))
        #expect(quiet.diagnostics.isEmpty)
        #expect(quiet.resolutions == full.resolutions)
        #expect(quiet.backlinks == full.backlinks)
        #expect(quiet.outgoing == full.outgoing)
        #expect(quiet.graph == full.graph)
    }

    /// `build` links with the graph made on another thread (`Linker.linkGraphLater`): the vault
    /// comes back without it, and the graph handed over is the one a full link makes, with
    /// everything else the same.
    @Test func graphMadeLaterIsTheSameGraph() throws {
        let files = WikiLinkResolutionTests.files + [
            ("img.md", "![](pic.png) [[missing]] [[VAE]] [[x]]"),
            ("vae.md", "# VAE\n\n## Variational Auto Encoder (VAE)\n\nThe ELBO and [[x]]."),
        ]
        let notes = parsedNotes(files)
        let catalog = ConceptCatalog.build(notes: notes)
        let full = Linker.link(notes: notes, assets: [:], concepts: catalog)
        let (linked, graph) = Linker.linkGraphLater(notes: notes, assets: [:], conceptsWhenReady: { catalog })
        #expect(linked.graph.nodes.isEmpty && linked.graph.edges.isEmpty)
        #expect(graph.wait() == full.graph)
        #expect(!full.graph.nodes.isEmpty && !full.graph.edges.isEmpty)
        #expect(graph.wait() == full.graph, "waited for twice, the same graph")
        #expect(linked.resolutions == full.resolutions)
        #expect(linked.backlinks == full.backlinks)
        #expect(linked.concepts.links == full.concepts.links)
        #expect(linked.diagnostics == full.diagnostics)
    }

    /// The build finds concepts while links resolve; the notes whose wikilinks need a concept
    /// are resolved again once the catalog is there, and come out as a one-pass link has them.
    @Test func conceptsArrivingLateResolveTheSame() throws {
        let files = WikiLinkResolutionTests.files + [
            ("uses.md", "[[VAE]] then [[x]] and [[missing]], [[x#Nowhere]] and [[ELBO]]"),
            ("vae.md", "# VAE\n\n## Evidence Lower Bound (ELBO)\n\nText."),
            ("plain.md", "[[x]] only"),
        ]
        let notes = parsedNotes(files)
        let catalog = ConceptCatalog.build(notes: notes)
        let oneStep = Linker.link(notes: notes, assets: [:], concepts: catalog)
        var calls = 0
        let late = Linker.link(notes: notes, assets: [:], conceptsWhenReady: {
            calls += 1
            return catalog
        })
        #expect(calls == 1)
        #expect(late.resolutions == oneStep.resolutions)
        #expect(late.diagnostics == oneStep.diagnostics)
        #expect(late.graph == oneStep.graph)
        let uses = try #require(notes.firstIndex { $0.path.string == "uses.md" })
        #expect(late.resolutions[uses].contains { if case .concept = $0 { true } else { false } },
                "[[ELBO]] reaches the concept's page")
        #expect(late.diagnostics.contains { $0.code == "broken-wikilink" && $0.location?.file == "uses.md" })
    }

    /// Without diagnostics, only the wikilinks that waited for the catalog are resolved again:
    /// every resolution must still be the one-pass link's, whatever is around those links.
    @Test func conceptsArrivingLateWithoutDiagnosticsResolveTheSame() throws {
        let files = WikiLinkResolutionTests.files + [
            ("uses.md", "[[VAE]] then [[x]] and [[missing]], [[x#Nowhere]], [y](C/CASE.md) and [[ELBO]] ![](pic.png) [[y]]"),
            ("vae.md", "# VAE\n\n## Evidence Lower Bound (ELBO)\n\nText."),
            ("draft.md", "---\ndraft: true\n---\n[[ELBO]] [[nothing]]"),
            ("plain.md", "[[x]] only"),
        ]
        let notes = parsedNotes(files)
        let catalog = ConceptCatalog.build(notes: notes)
        let assets: [NotePath: URL] = [NotePath("pic.png"): URL(fileURLWithPath: "/vault/pic.png")]
        let oneStep = Linker.link(notes: notes, assets: assets, concepts: catalog)
        let late = Linker.link(notes: notes, assets: assets, conceptsWhenReady: { catalog }, diagnoses: false)
        #expect(late.resolutions == oneStep.resolutions)
        #expect(late.diagnostics.isEmpty)
        #expect(late.graph == oneStep.graph)
        #expect(late.resolutions.joined().contains { if case .concept = $0 { true } else { false } })
        #expect(!late.resolutions.joined().contains { $0 == .broken(reason: "waiting for the concepts") })
    }

    /// `NoteIndex.isShared` against the plain count: a name is shared when two notes answer
    /// to it by stem, title, alias or path without extension (after `NoteIndex.key`), and a
    /// note's path with its extension is no name.
    @Test func sharedNamesAreThoseOfSeveralNotes() {
        let files = [
            ("x.md", "# Top x"), ("a/x.md", "# A x"),                         // one stem, two notes
            ("t1.md", "---\ntitle: Same Title\n---\n"), ("t2.md", "---\ntitle: same title \n---\n"),
            ("al.md", "---\naliases: [Shared, Own]\n---\n# Shared\n"),      // its own title and alias
            ("b/shared.md", "# Other"),                                        // stem = al.md's alias
            ("p/q.md", "# p/q"), ("p/q.markdown", "# Other q"),                // a path without extension twice
            ("r.md.md", "# R"), ("r.md", "# Plain r"),                         // `r.md` is a stem and a path with extension
            ("유니코드.md", "# 한글"), ("ko/유니코드.md", "# 다른 한글"),
        ]
        let notes = parsedNotes(files)
        let index = NoteIndex(notes: notes, assets: [])
        var owners: [String: Set<Int>] = [:]
        for (i, note) in notes.enumerated() {
            for name in [note.path.stem, note.title, note.path.withoutExtension] + note.note.frontMatter.aliases {
                owners[NoteIndex.key(name), default: []].insert(i)
            }
        }
        let asked = Array(owners.keys) + ["x", " X ", "Same Title", "shared", "own", "p/q", "P/Q", "r.md", "r", "유니코드",
                                          "p/q.md", "x.md", "nothing", ""]
        for name in asked {
            #expect(index.isShared(name) == ((owners[NoteIndex.key(name)]?.count ?? 0) > 1), "\(name)")
        }
        #expect(index.isShared("x") && index.isShared("same title") && index.isShared("Shared") && index.isShared("p/q"))
        #expect(!index.isShared("own") && !index.isShared("p/q.md") && !index.isShared("nothing"))
    }
}

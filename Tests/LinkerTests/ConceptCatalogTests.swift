import KnowledgeGraph
@testable import Linker
import Markdown
import Notes
import Testing
import TestSupport

/// A small vault in the way students write: VAE in three notes, the ELBO in another, KL
/// divergence in a fifth, in Korean and English.
let studyVault: [(String, String)] = [
    ("gen/vae-lecture.md", """
    ---
    title: 7주차 생성 모델 강의
    tags: [generative]
    ---
    # 7주차 생성 모델 강의

    이번 강의의 주제는 Variational Auto Encoder(이하 VAE)다. VAE는 Autoencoder와 달리 잠재 공간이 연속적이다.

    ## 학습 목표

    - VAE의 loss를 유도한다
    - ELBO가 무엇인지 설명한다

    ```python
    vae = VAE()  # ELBO 계산
    ```
    """),
    ("gen/vae-notes.md", """
    ---
    title: VAE 복습
    aliases: [변분 오토인코더]
    ---
    ## Variational Autoencoder (VAE)

    VAE는 encoder가 분포를 출력하고 decoder가 복원한다. 학습은 ELBO를 최대화하는 것이다.

    ## 구현 메모

    $\\mathcal{L}_{VAE}$ 를 코드로 옮길 때는 KL을 닫힌 형태로 계산한다. 자세한 내용은 https://example.org/VAE 참고.
    """),
    ("gen/vae-vs-gan.md", """
    # VAE와 GAN 비교

    변분 오토인코더를 GAN과 비교하면 샘플이 흐릿하다. [VAE 강의](vae-lecture.md)를 다시 보자.
    """),
    ("gen/elbo.md", """
    ---
    title: ELBO
    aliases: [Evidence Lower Bound, 증거 하한]
    ---
    ELBO는 로그 가능도의 하한이다. KL 발산이 항상 0 이상이라서 성립한다.

    [[KL divergence]]와 [[VAE]]를 같이 보면 좋다.
    """),
    ("basics/kl.md", """
    ---
    title: KL divergence
    concepts: [Cross entropy]
    ---
    ## 정의

    - **Kullback-Leibler Divergence**: 두 분포가 얼마나 다른지 재는 값. Entropy와 관련이 깊다.

    VAE의 정규화 항이 바로 이것이다.
    """),
    ("basics/entropy.md", """
    # Entropy

    정보량의 기댓값. Cross entropy와 KL divergence를 이해하는 출발점.
    """),
    ("drafts/secret.md", """
    ---
    title: Secret Concept
    draft: true
    aliases: [Hidden Idea]
    ---
    ## Hidden Idea (HI)

    VAE는 비밀 노트에서도 나온다.
    """),
]

@Suite struct ConceptCatalogTests {
    @Test func vaeAcrossThreeNotesIsOneConcept() throws {
        let notes = parsedNotes(studyVault)
        let catalog = ConceptCatalog.build(notes: notes)
        let vae = try #require(catalog.named("VAE"))
        #expect(vae.name == "VAE")
        #expect(catalog.named("Variational Autoencoder")?.key == vae.key)
        #expect(catalog.named("variational auto-encoder")?.key == vae.key)
        #expect(catalog.named("변분 오토인코더")?.key == vae.key)
        #expect(vae.aliases.contains("Variational Auto Encoder"))
        #expect(vae.aliases.contains("변분 오토인코더"))
        // Defined by an inline acronym in the lecture and by a heading in the review note.
        let definedIn = vae.definitions.map { notes[$0.note].path.string }
        #expect(definedIn == ["gen/vae-lecture.md", "gen/vae-notes.md"])
        #expect(vae.definitions[0].source == .acronym)
        #expect(vae.definitions[1].source == .heading)
        #expect(vae.definitions[1].anchor == "variational-autoencoder-vae")
        // Mentioned in the comparison note and elsewhere, never by the secret draft.
        let counts = catalog.mentionCounts(of: "VAE", in: notes)
        #expect(counts["gen/vae-vs-gan.md"] == 3)
        #expect(counts["basics/kl.md"] == 1)
        #expect(counts["drafts/secret.md"] == nil)
        #expect(catalog.named("Hidden Idea") == nil)
        #expect(catalog.named("HI") == nil)
    }

    @Test func everyKindOfDefinition() throws {
        let notes = parsedNotes(studyVault)
        let catalog = ConceptCatalog.build(notes: notes)
        // Title and aliases.
        let elbo = try #require(catalog.named("ELBO"))
        #expect(catalog.named("증거 하한")?.key == elbo.key)
        #expect(elbo.definitions.map(\.source) == [.title])
        // A title, a bold term and front matter `concepts:`.
        let kl = try #require(catalog.named("KL divergence"))
        #expect(kl.definitions.first?.source == .title)
        let kld = try #require(catalog.named("Kullback-Leibler Divergence"))
        #expect(kld.definitions.first?.source == .boldTerm)
        #expect(kld.definitions.first?.anchor == "정의")
        let crossEntropy = try #require(catalog.named("cross-entropy"))
        #expect(crossEntropy.definitions.first?.source == .frontMatter)
        // A short heading that is a term (the note's own title heading).
        #expect(catalog.named("Entropy")?.definitions.first?.source == .title)
        // A sentence heading and a generic one define nothing.
        #expect(catalog.named("VAE와 GAN 비교") == nil)
        #expect(catalog.named("학습 목표") == nil)
        #expect(catalog.named("구현 메모") == nil)
        // The definition's excerpt is its section's first paragraph.
        let vae = try #require(catalog.named("VAE"))
        guard case .paragraph(let inlines)? = vae.definitions[1].excerpt else {
            Issue.record("no excerpt")
            return
        }
        #expect(PlainText.of(inlines, math: [], links: []).hasPrefix("VAE는 encoder가"))
    }

    @Test func noMentionsInCodeMathURLsOrFrontMatter() throws {
        let notes = parsedNotes(studyVault)
        let catalog = ConceptCatalog.build(notes: notes)
        // vae-notes: "VAE" in a heading (its own definition), in math, in a URL; ELBO in prose.
        let counts = catalog.mentionCounts(of: "ELBO", in: notes)
        #expect(counts["gen/vae-notes.md"] == 1)
        // The lecture: ELBO in a list item counts, ELBO in the code block does not.
        #expect(counts["gen/vae-lecture.md"] == 1)
        // The ELBO note defines it: its own text is not a mention.
        #expect(counts["gen/elbo.md"] == nil)
        #expect(catalog.mentionCounts(of: "VAE", in: notes)["gen/vae-notes.md"] == nil)
        // Front matter: "title: VAE 복습" is not a mention.
        let vae = try #require(catalog.concept(named: "VAE"))
        #expect(!catalog.mentions[vae].contains { notes[$0.note].path.string == "gen/vae-notes.md" })
    }

    @Test func mentionsCarryTheirSentence() throws {
        let notes = parsedNotes(studyVault)
        let catalog = ConceptCatalog.build(notes: notes)
        let vae = try #require(catalog.concept(named: "VAE"))
        let comparison = try #require(catalog.mentions[vae].first { notes[$0.note].path.string == "gen/vae-vs-gan.md" })
        // In the title heading, in prose ("변분 오토인코더를"), and inside a link's text.
        #expect(comparison.count == 3)
        #expect(comparison.unlinkedCount == 2)
        #expect(comparison.contexts.map(\.match) == ["VAE", "변분 오토인코더"])
        #expect(comparison.contexts[1].after.hasPrefix("를 GAN과 비교하면"))
        #expect(comparison.contexts[1].before.isEmpty)
    }

    @Test func relatedConceptsComeFromDefiningSections() throws {
        let notes = parsedNotes(studyVault)
        let catalog = ConceptCatalog.build(notes: notes)
        let kld = try #require(catalog.concept(named: "Kullback-Leibler Divergence"))
        let entropy = try #require(catalog.concept(named: "Entropy"))
        #expect(catalog.relatedEdges.contains { $0.from == kld && $0.to == entropy && $0.weight == 1 })
        let elbo = try #require(catalog.concept(named: "ELBO"))
        let kl = try #require(catalog.concept(named: "KL divergence"))
        #expect(catalog.related[elbo].contains { $0.concept == kl })
    }

    @Test func aNestedSectionRelatesItsConceptToTheEnclosingOne() throws {
        let notes = parsedNotes([("lecture.md", """
            ## Variational Auto Encoder (VAE)

            VAE는 잠재 분포를 배운다.

            ### Evidence Lower Bound (ELBO)의 역할 및 특성 with Variational Auto Encoder (VAE)

            하한을 키운다.
            """)])
        let catalog = ConceptCatalog.build(notes: notes)
        let vae = try #require(catalog.concept(named: "VAE"))
        let elbo = try #require(catalog.concept(named: "ELBO"))
        // The ELBO's heading names VAE, inside the VAE section; and the VAE section holds the ELBO's.
        #expect(catalog.relatedEdges.contains { $0.from == elbo && $0.to == vae })
        #expect(catalog.relatedEdges.contains { $0.from == vae && $0.to == elbo })
        // Neither is a mention: the note defines both there.
        #expect(catalog.mentions[vae].isEmpty && catalog.mentions[elbo].isEmpty)
    }

    @Test func sameNotesSameConceptsSameGraph() {
        let a = linkedVault(studyVault)
        let b = linkedVault(studyVault.reversed())
        #expect(a.graph == b.graph)
        #expect(a.concepts.concepts.map(\.key) == b.concepts.concepts.map(\.key))
        #expect(a.concepts.concepts.map(\.key) == a.concepts.concepts.map(\.key).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    @Test func theGraphHasEveryKindOfEdge() throws {
        let vault = linkedVault(studyVault)
        let graph = vault.graph
        let vaeNode = try #require(graph.index(of: NodeID(.concept, ConceptName.key("VAE"))))
        let review = try #require(graph.index(of: NodeID(.note, "gen/vae-notes.md")))
        let comparison = try #require(graph.index(of: NodeID(.note, "gen/vae-vs-gan.md")))
        let defines = graph.edges.first { $0.source == review && $0.target == vaeNode && $0.kind == .defines }
        #expect(defines?.anchor == "variational-autoencoder-vae")
        let mentions = graph.edges.first { $0.source == comparison && $0.target == vaeNode && $0.kind == .mentions }
        #expect(mentions?.weight == 3)
        #expect(graph.edges.contains { $0.kind == .related })
        #expect(graph.edges.contains { $0.kind == .links })
        #expect(graph.edges.contains { $0.kind == .tagged })
        // Nothing of the draft: no note, no concept, no edge.
        #expect(graph.node(NodeID(.note, "drafts/secret.md")) == nil)
        #expect(!graph.nodes.contains { $0.label == "Hidden Idea" || $0.label == "HI" })
    }

    @Test func wikilinksToConcepts() throws {
        let vault = linkedVault(studyVault + [("misc/links.md", "[[Kullback-Leibler Divergence]], [[증거 하한]], [[Nothing Here]], [[Entropy]]\n")])
        let source = try #require(vault.notes.firstIndex { $0.path.string == "misc/links.md" })
        let kld = try #require(vault.concepts.concept(named: "KLD") ?? vault.concepts.concept(named: "Kullback-Leibler Divergence"))
        let entropyNote = try #require(vault.notes.firstIndex { $0.path.string == "basics/entropy.md" })
        let elboNote = try #require(vault.notes.firstIndex { $0.path.string == "gen/elbo.md" })
        #expect(vault.resolutions[source][0] == .concept(kld))
        // An alias of a note is the note: a note always wins over a concept.
        #expect(vault.resolutions[source][1] == .note(elboNote, anchor: nil))
        #expect(vault.resolutions[source][2] == .broken(reason: "no note or file named Nothing Here"))
        #expect(vault.resolutions[source][3] == .note(entropyNote, anchor: nil))
        #expect(vault.diagnostics.filter { $0.code == "broken-wikilink" }.count == 1)
        // Links to the concept's page and to notes defining it are its links.
        #expect(vault.concepts.links[kld].contains { $0.note == source })
        let elbo = try #require(vault.concepts.concept(named: "ELBO"))
        #expect(vault.concepts.links[elbo].contains { $0.note == source })
    }

    /// A link to a whole note is a link to what the note is about (its title), not to the ideas
    /// its sections define; a link to such a section is a link to that idea; and a link to a
    /// note that names no concept of its own leads to what its headings define.
    @Test func aLinkToAWholeNoteIsALinkToItsSubjectOnly() throws {
        let vault = linkedVault([
            ("vae.md", "---\ntitle: VAE\n---\n\nAbout VAE.\n\n## Reparameterization Trick\n\nSampling made differentiable.\n"),
            ("week.md", "---\ntitle: 2025-03-04\n---\n\n## Dropout\n\nUnits dropped at random.\n"),
            ("kl.md", "# KL\n\n[the VAE](vae.md) and [the trick](vae.md#reparameterization-trick) and [[week]].\n"),
        ])
        let source = try #require(vault.notes.firstIndex { $0.path.string == "kl.md" })
        let vae = try #require(vault.concepts.concept(named: "VAE"))
        let trick = try #require(vault.concepts.concept(named: "Reparameterization Trick"))
        let dropout = try #require(vault.concepts.concept(named: "Dropout"))
        func linked(_ c: Int) -> [Int] { vault.concepts.links[c].filter { $0.note == source }.map(\.occurrence) }
        // A link into a section of the note is still a link to what the note is about.
        #expect(linked(vae) == [0, 1])
        // Before, the link to the whole note counted for the trick too ([0, 1]).
        #expect(linked(trick) == [1])
        #expect(linked(dropout) == [2])
    }

    @Test func unpublishedNotesContributeNothing() {
        let notes = parsedNotes(studyVault)
        let withDraft = ConceptCatalog.build(notes: notes)
        let withoutDraft = ConceptCatalog.build(notes: parsedNotes(studyVault.filter { !$0.0.hasPrefix("drafts/") }))
        #expect(withDraft.concepts.map(\.key) == withoutDraft.concepts.map(\.key))
        #expect(withDraft.concepts.map(\.aliases) == withoutDraft.concepts.map(\.aliases))
        #expect(withDraft.mentions.map { $0.map(\.count) } == withoutDraft.mentions.map { $0.map(\.count) })
    }

    @Test func boldTermsDefineWhereTheyAre() throws {
        let files = [
            ("bn.md", """
            ## 정규화 기법

            **Batch Normalization**: 미니배치 통계로 activation을 정규화한다.

            **층 정규화:** 샘플 하나의 feature 축으로 정규화한다.

            - **Encoder** $q(z|x)$: 입력을 잠재 변수로 보낸다.
            - 그냥 **강조**일 뿐인 문장.
            """),
            ("use.md", "Batch Normalization과 층 정규화를 비교하자. [링크](bn.md#batch-normalization)\n"),
        ]
        let notes = parsedNotes(files)
        let catalog = ConceptCatalog.build(notes: notes)
        let bn = try #require(catalog.named("batch normalization"))
        #expect(bn.definitions.map(\.source) == [.boldTerm])
        #expect(bn.definitions.first?.anchor == "정규화-기법")
        #expect(catalog.named("층 정규화")?.definitions.first?.source == .boldTerm)
        #expect(catalog.named("Encoder") == nil)
        #expect(catalog.named("강조") == nil)
        #expect(catalog.mentionCounts(of: "Batch Normalization", in: notes)["use.md"] == 1)
        // Link destinations are not text: "batch-normalization" in the URL is no mention.
        #expect(catalog.mentionCounts(of: "층 정규화", in: notes)["use.md"] == 1)
    }

    @Test func templateHeadingsAreNotConcepts() {
        var files: [(String, String)] = []
        for i in 0..<24 {
            files.append(("n\(i).md", "# Week \(i)\n\n## Training Objective\n\nloss\n\n## Topic Number \(i) Method (T\(i))\n\nT\(i)는 좋다.\n"))
        }
        let catalog = ConceptCatalog.build(notes: parsedNotes(files))
        #expect(catalog.named("Training Objective") == nil)
        #expect(catalog.concepts.count == 24)
        #expect(catalog.named("T7")?.name == "T7")
        #expect(catalog.named("Topic Number 7 Method")?.key == catalog.named("T7")?.key)
    }

    @Test func aliasesListingSeveralConceptsStayApart() throws {
        let files = [
            ("a.md", "## Stochastic Gradient Descent (SGD)\n\n설명\n\n## Momentum\n\n설명\n"),
            ("b.md", "---\ntitle: 12월 3일 정리\naliases: [SGD, Momentum, 옵티마이저]\n---\n본문\n"),
        ]
        let catalog = ConceptCatalog.build(notes: parsedNotes(files))
        let sgd = try #require(catalog.concept(named: "SGD"))
        let momentum = try #require(catalog.concept(named: "Momentum"))
        #expect(sgd != momentum)
        #expect(catalog.concept(named: "옵티마이저") != sgd)
        // b.md defines all three as aliases.
        #expect(catalog.concepts[sgd].definitions.count == 2)
    }
}

@Suite struct GlossaryTests {
    let text = """
    KL divergence:
      aliases: [KL, KLD, Kullback-Leibler divergence, KL 발산]
      related: [Entropy, Cross entropy]
    ELBO:
      aliases: [Evidence Lower Bound, 증거 하한]
    Dropout:
    """

    @Test func parses() {
        let (glossary, problems) = Glossary.parse(text, file: "concepts.yml")
        #expect(problems.isEmpty)
        #expect(glossary.entries.map(\.name) == ["KL divergence", "ELBO", "Dropout"])
        #expect(glossary.entries[0].aliases == ["KL", "KLD", "Kullback-Leibler divergence", "KL 발산"])
        #expect(glossary.entries[0].related == ["Entropy", "Cross entropy"])
        #expect(glossary.entries[1].location.description == "concepts.yml:4:1")
    }

    @Test func malformedIsLocated() {
        let (_, syntax) = Glossary.parse("ELBO:\n  aliases: [a, b\n", file: "concepts.yml")
        #expect(syntax.first?.severity == .error)
        #expect(syntax.first?.location?.file == "concepts.yml")
        #expect((syntax.first?.location?.line ?? 0) >= 2)

        let (glossary, shape) = Glossary.parse("ELBO:\n  aliases: [ok]\nKL:\n  aliases: KLD\nGAN: 3\nAE:\n  colour: red\n", file: "g.yml")
        // Each error points at what is wrong (the value, the unknown key), not at the concept's name.
        #expect(shape.map { "\($0.location!) \($0.severity)" } == ["g.yml:4:12 error", "g.yml:5:6 error", "g.yml:7:3 error"])
        #expect(shape[0].message.contains("aliases"))
        #expect(glossary.entries.map(\.name) == ["ELBO", "KL", "AE"])
    }

    @Test func aBadItemOfAListIsLocatedAtTheItem() {
        let text = "ELBO:\n  aliases:\n    - Evidence Lower Bound\n    - [nested]\n  related: [KL, {a: b}]\n"
        let (_, problems) = Glossary.parse(text, file: "g.yml")
        #expect(problems.map { "\($0.location!)" } == ["g.yml:4:7", "g.yml:5:17"])
    }

    @Test func anUnknownKeySuggestsTheNearestOne() {
        let (_, problems) = Glossary.parse("ELBO:\n  aliasses: [a]\n", file: "g.yml")
        #expect(problems.map { "\($0.location!)" } == ["g.yml:2:3"])
        #expect(problems.first?.hint == "did you mean aliases?")
    }

    @Test func repeatsAreErrorsAtTheRepetition() {
        // The same concept twice, a key twice under one concept, and `alias` beside `aliases`:
        // YAML would let the later silently replace the earlier.
        let text = "ELBO:\n  aliases: [a]\n  aliases: [b]\nKL:\n  alias: [KLD]\n  aliases: [KL 발산]\nELBO:\n  related: [KL]\n"
        let (_, problems) = Glossary.parse(text, file: "g.yml")
        #expect(problems.map { "\($0.location!) \($0.severity) \($0.code)" } == [
            "g.yml:3:3 error duplicate-key", "g.yml:7:1 error duplicate-key", "g.yml:6:3 error duplicate-key",
        ])
        #expect(problems[0].message.contains("first at line 2, column 3"))
        #expect(problems[1].message.contains("'ELBO'"))
        #expect(problems[2].message.contains("alias (line 5, column 3)"))
    }

    @Test func joinsWhatNoHeuristicCan() throws {
        let (glossary, _) = Glossary.parse(text, file: "concepts.yml")
        let files = [
            ("kl.md", "---\ntitle: KL Divergence\n---\n### Kullback-Leibler Divergence (KLD)\n\n항상 0 이상.\n"),
            ("use.md", "KL 발산을 쓰면 Kullback-Leibler divergence가 보인다. KLD와 KL도. Entropy 노트 참고.\n"),
            ("entropy.md", "# Entropy\n\n정보량의 평균.\n"),
        ]
        let notes = parsedNotes(files)
        let catalog = ConceptCatalog.build(notes: notes, glossary: glossary)
        let kl = try #require(catalog.named("KLD"))
        #expect(kl.name == "KL divergence")
        #expect(kl.inGlossary)
        #expect(catalog.named("Kullback-Leibler Divergence")?.key == kl.key)
        // The note's title and its heading: the section, which says more, stands for the note.
        #expect(kl.definitions.map(\.source) == [.heading])
        #expect(catalog.mentionCounts(of: "KL", in: notes)["use.md"] == 4)
        // Glossary relations, and a warning for the one naming nothing.
        let entropy = try #require(catalog.concept(named: "Entropy"))
        let klIndex = try #require(catalog.concept(named: "KL"))
        #expect(catalog.relatedEdges.contains { $0.from == klIndex && $0.to == entropy })
        #expect(catalog.diagnostics.map(\.code) == ["glossary"])
        #expect(catalog.diagnostics.first?.message.contains("Cross entropy") == true)
        // A glossary entry no note defines is still a concept.
        #expect(catalog.named("Dropout")?.definitions.isEmpty == true)
    }
}

/// The scan counts a note's related pairs by sorting them (`ConceptCatalog.counted`): the same
/// counts a dictionary made, each pair once, in pair order.
@Suite struct RelatedPairCountTests {
    @Test func sameCountsAsADictionary() {
        var random = SplitMix(state: 0x9A1B)
        for _ in 0..<500 {
            var keys = (0..<random.below(200)).map { _ in UInt64(random.below(6)) << 32 | UInt64(random.below(9)) }
            var expected: [UInt64: Int] = [:]
            for k in keys { expected[k, default: 0] += 1 }
            let counts = ConceptCatalog.counted(&keys)
            #expect(counts.map(\.pair) == expected.keys.sorted())
            #expect(counts.allSatisfy { expected[$0.pair] == $0.count })
        }
    }
}

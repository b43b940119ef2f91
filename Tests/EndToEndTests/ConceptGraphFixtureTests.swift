import Foundation
import KnowledgeGraph
import NoteGraph
import Testing

/// The acceptance vault, `Tests/Fixtures/vae-elbo-kl`: a question note whose `# VAE`
/// section asks about the ELBO and KL, a lecture note with `## Variational Auto Encoder (VAE)`
/// and `### Evidence Lower Bound (ELBO)의 역할 및 특성 with Variational Auto Encoder (VAE)` citing
/// "Kullback-Leibler 발산", an English note on KL divergence, and a glossary joining the KL names.
@Suite struct ConceptGraphFixtureTests {
    static let content = Repo.fixture("vae-elbo-kl/content")

    static func options(output: URL, config: ProjectConfig = ProjectConfig()) -> BuildOptions {
        BuildOptions(content: content, output: output, templates: nil, config: config, includeDrafts: false)
    }

    static let built = try! BuildPipeline.graph(options(output: URL(fileURLWithPath: "/nonexistent")))
    static var graph: Graph { built.graph }

    @Test func theVaultIsClean() {
        #expect(Self.built.diagnostics.isEmpty, "\(Self.built.diagnostics)")
    }

    /// The concept nodes answering to any of `names` (label or alias, case-insensitively).
    static func conceptNodes(_ names: [String]) -> [Int] {
        let wanted = Set(names.map { $0.lowercased() })
        return graph.nodes.indices.filter { i in
            let node = graph.nodes[i]
            return node.id.kind == .concept && ([node.label] + node.aliases).contains { wanted.contains($0.lowercased()) }
        }
    }

    static let vaeNames = ["VAE", "Variational Auto Encoder", "Variational Autoencoder"]
    static let elboNames = ["ELBO", "Evidence Lower Bound"]
    static let klNames = ["KL divergence", "KL", "KLD", "Kullback-Leibler divergence", "Kullback-Leibler", "KL 발산", "쿨백-라이블러 발산"]

    @Test func oneNodeEachForVAEELBOAndKL() throws {
        for names in [Self.vaeNames, Self.elboNames, Self.klNames] {
            #expect(Self.conceptNodes(names).count == 1, "\(names[0]): \(Self.conceptNodes(names).map { Self.graph.nodes[$0].id })")
        }
        let kl = Self.graph.nodes[try #require(Self.conceptNodes(Self.klNames).first)]
        #expect(kl.label == "KL divergence")
        // The English note's title is one of the glossary's names: it defines the same node.
        let definers = Self.graph.edges.filter { $0.kind == .defines && Self.graph.nodes[$0.target].id == kl.id }
            .map { Self.graph.nodes[$0.source].id.key }
        #expect(definers == ["basics/kl.md"])
    }

    @Test func relatedEdgesJoinTheThree() throws {
        let vae = try #require(Self.conceptNodes(Self.vaeNames).first)
        let elbo = try #require(Self.conceptNodes(Self.elboNames).first)
        let kl = try #require(Self.conceptNodes(Self.klNames).first)
        func related(_ a: Int, _ b: Int) -> Bool {
            Self.graph.edges.contains { $0.kind == .related && (($0.source == a && $0.target == b) || ($0.source == b && $0.target == a)) }
        }
        #expect(related(vae, elbo), "VAE–ELBO")
        #expect(related(elbo, kl), "ELBO–KL")
        #expect(related(vae, kl), "VAE–KL")
    }

    @Test func theLongELBOHeadingDefinesELBOAndMentionsVAE() throws {
        let vae = try #require(Self.conceptNodes(Self.vaeNames).first)
        let elbo = try #require(Self.conceptNodes(Self.elboNames).first)
        let lecture = try #require(Self.graph.index(of: NodeID(.note, "lectures/vae-lecture.md")))
        let anchors = Self.graph.edges.filter { $0.kind == .defines && $0.source == lecture && $0.target == elbo }.map(\.anchor)
        #expect(anchors == ["evidence-lower-bound-elbo의-역할-및-특성-with-variational-auto-encoder-vae"])
        // The ELBO's defining section (that heading and its paragraph) names VAE.
        #expect(Self.graph.edges.contains { $0.kind == .related && $0.source == elbo && $0.target == vae })
        // The lecture defines VAE too, in its own section: one node, two defining notes' worth.
        let vaeDefiners = Self.graph.edges.filter { $0.kind == .defines && $0.target == vae }.map { Self.graph.nodes[$0.source].id.key }
        #expect(vaeDefiners.sorted() == ["lectures/vae-lecture.md", "questions/generative-questions.md"])
    }

    @Test func notePagesLinkFirstMentionsAndListTheirConcepts() throws {
        let dir = TempDir()
        let out = dir.url.appendingPathComponent("site")
        let report = try BuildPipeline.run(Self.options(output: out))
        #expect(report.wroteSite)
        let questions = try out.appendingPathComponent("questions/generative-questions/index.html").read()
        // The heading names VAE and defines it: no link there, nor in the section it defines.
        #expect(questions.contains("<h1 id=\"vae\">VAE</h1>"))
        #expect(!questions.contains("href=\"../../concepts/vae/index.html\">VAE</a>를"))
        // The ELBO and KL are linked once in the section, at their first mention; not in code or math.
        let elboLink = "<a class=\"concept-link\" href=\"../../concepts/elbo/index.html\">ELBO</a>"
        let klLink = "<a class=\"concept-link\" href=\"../../concepts/kl-divergence/index.html\">KL</a>"
        #expect(questions.components(separatedBy: elboLink).count == 2)
        #expect(questions.components(separatedBy: klLink).count == 2)
        #expect(questions.contains("대신 \(elboLink)를 최대화할까?"))
        #expect(questions.contains("<code>vae.elbo()</code>"))
        // The concepts of the note: VAE (defined here) first, then what it mentions, most
        // mentioned first (KL three times, the ELBO twice).
        let list = try #require(questions.range(of: "<section class=\"note-concepts\">"))
        let listed = questions[list.lowerBound...].prefix(800)
        #expect(listed.contains("<a class=\"concept-chip concept-defined\" href=\"../../concepts/vae/index.html\""))
        let order = ["concepts/vae/", "concepts/kl-divergence/", "concepts/elbo/"].compactMap { listed.range(of: $0)?.lowerBound }
        #expect(order.count == 3 && order == order.sorted())

        // In the lecture, the ELBO section does not link the ELBO but does link KL; the VAE
        // section encloses it, so VAE stays unlinked there.
        let lecture = try out.appendingPathComponent("lectures/vae-lecture/index.html").read()
        #expect(lecture.contains("<a class=\"concept-link\" href=\"../../concepts/kl-divergence/index.html\">Kullback-Leibler</a> 발산"))
        #expect(lecture.components(separatedBy: "concepts/kl-divergence/index.html\">Kullback-Leibler</a>").count == 2)
        let summary = try #require(lecture.range(of: "<h2 id=\"정리\">"))
        let after = lecture[summary.upperBound...]
        #expect(after.contains("<a class=\"concept-link\" href=\"../../concepts/vae/index.html\">VAE</a>에서"))
        #expect(after.contains("<a class=\"concept-link\" href=\"../../concepts/elbo/index.html\">ELBO</a>가"))

        // The index shows the most central concepts, as the graph page ranks them.
        let index = try out.appendingPathComponent("index.html").read()
        let central = try #require(index.range(of: "<section class=\"central-concepts\">"))
        let chips = index[central.lowerBound...].prefix(1000)
        for slug in ["vae", "elbo", "kl-divergence"] {
            #expect(chips.contains("<a class=\"concept-chip\" href=\"concepts/\(slug)/index.html\">"), "\(slug)")
        }
    }

    @Test func theConfigChoosesWhichMentionsAreLinked() throws {
        func links(_ mode: String) throws -> Int {
            let dir = TempDir()
            let out = dir.url.appendingPathComponent("site")
            let (config, problems) = ProjectConfig.parse("autolink: \(mode)\n", file: "notegraph.yml")
            #expect(problems.isEmpty)
            _ = try BuildPipeline.run(Self.options(output: out, config: config))
            let page = try out.appendingPathComponent("questions/generative-questions/index.html").read()
            return page.components(separatedBy: "<a class=\"concept-link\"").count - 1
        }
        #expect(try links("none") == 0)
        #expect(try links("first") == 2)
        #expect(try links("all") == 5)
    }
}

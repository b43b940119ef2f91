import Foundation
import KnowledgeGraph
@testable import NoteGraph
import Notes
import SiteGenerator
import Testing

/// `notegraph graph`'s selection and export, and the graph parts of a built site, over the
/// `basic` fixture vault.
@Suite struct GraphCommandSupportTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/basic")

    static func options(graphviz: Graphviz? = Graphviz.locate()) -> BuildOptions {
        var options = BuildOptions(content: fixture, output: URL(fileURLWithPath: "/nonexistent-output"),
                                   templates: nil, config: ProjectConfig(), includeDrafts: false)
        options.graphviz = graphviz
        return options
    }

    static func graph() throws -> Graph { try BuildPipeline.graph(options()).graph }

    @Test func graphOfTheVault() throws {
        let graph = try Self.graph()
        let vae = try #require(graph.node(NodeID(.note, "ml/vae.md")))
        #expect(vae.label == "Variational Autoencoder")
        #expect(graph.node(NodeID(.note, "_private/hidden.md")) == nil)
        #expect(graph.edges.contains { $0.kind == .links })
    }

    @Test func aroundANameFindsItsNeighbourhood() throws {
        let graph = try Self.graph()
        var request = GraphRequest()
        request.around = "변분 오토인코더"
        request.nodes = .notes
        let (part, ranks) = try request.select(from: graph)
        #expect(part.node(NodeID(.note, "ml/vae.md")) != nil)
        #expect(part.nodes.allSatisfy { $0.id.kind == .note })
        #expect(part.nodes.count < graph.nodes.count)
        #expect(ranks.count == graph.nodes.count)
        request.depth = 0
        #expect(try request.select(from: graph).graph.nodes.map(\.id) == [NodeID(.note, "ml/vae.md")])
    }

    @Test func unknownNameSuggestsTheNearest() throws {
        var request = GraphRequest()
        request.around = "Variational Autoencodr"
        #expect(throws: GraphRequestError.unknownNode("Variational Autoencodr", suggestions: ["Variational Autoencoder"])) {
            try request.select(from: try Self.graph())
        }
        let error = GraphRequestError.unknownNode("x", suggestions: ["A", "B"])
        #expect(error.hint == "did you mean \"A\", \"B\"?")
    }

    @Test func topAndFormats() throws {
        let graph = try Self.graph()
        var request = GraphRequest()
        request.top = 2
        #expect(try request.select(from: graph).graph.nodes.count == 2)
        request.top = nil
        for format in GraphRequest.Format.allCases {
            request.format = format
            let text = try request.export(graph)
            #expect(text == (try request.export(graph)), "\(format) is not deterministic")
            switch format {
            case .dot: #expect(text.hasPrefix("digraph \"notegraph\" {"))
            case .json: #expect(text.hasPrefix("{\n  \"graph\": {"))
            case .graphml: #expect(text.hasPrefix("<?xml"))
            }
        }
    }

    @Test func siteGraphWithGraphviz() throws {
        guard let graphviz = Graphviz.locate() else {
            Issue.record("Graphviz is not installed (make test installs it)")
            return
        }
        let graph = try Self.graph()
        let site = SiteGraph.build(graph, directoryIndex: true, language: .en, graphviz: graphviz)
        #expect(site.diagnostics.isEmpty, "\(site.diagnostics)")
        #expect(site.files.map(\.path) == ["graph.dot", "graph.json", "graph.graphml"])
        let picture = try #require(site.localGraph(for: NodeID(.note, "ml/vae.md")))
        let svg = try #require(picture.svg)
        #expect(svg.hasPrefix("<svg class=\"ng-graph-svg ng-graph-local\""))
        #expect(!svg.contains("<?xml") && !svg.contains("<!--") && !svg.contains("DOCTYPE"))
        #expect(svg.contains("viewBox="))
        #expect(svg.contains("<title id=\"ng-lg-title\">Local graph of Variational Autoencoder</title>"))
        // Links are relative to the note's own page, ml/vae/: up to the root, then down.
        #expect(svg.contains("xlink:href=\"../../ml/elbo/index.html\""))
        #expect(site.graphPage.permalink == Permalink("graph/"))
        // The picture arrives when the page is rendered: no context before, then the object.
        #expect(site.graphPage.context.isEmpty)
        let context = try #require(site.graphPage.lateContext?()["graph"] as? [String: any Sendable])
        #expect(context["hasPicture"] as? Bool == true)
        #expect((context["svg"] as? String)?.contains("ng-graph-global") == true)
    }

    /// The graph page's picture found from its nodes through the adjacency is the one cut from
    /// the whole graph: on the vault, and on a generated graph past `pictureLimit`, cut to the
    /// highest-ranked nodes with ties among them.
    @Test func globalPictureThroughTheAdjacencyIsTheSame() throws {
        let vault = try Self.graph()
        var nodes: [Node] = [], edges: [(source: NodeID, target: NodeID, kind: EdgeKind, weight: Double, anchor: String?)] = []
        for k in 0..<900 { nodes.append(Node(id: NodeID(.concept, "c\(k)"), label: "c\(k)", url: "concepts/c\(k)/")) }
        for k in 0..<400 {
            let note = NodeID(.note, "n\(k).md")
            nodes.append(Node(id: note, label: "n\(k)", url: "n\(k)/"))
            edges.append((note, NodeID(.concept, "c\(k % 900)"), .defines, 1, "s\(k)"))
            edges.append((note, NodeID(.concept, "c\((k * 7) % 900)"), .mentions, 2, nil))
            edges.append((NodeID(.concept, "c\(k % 900)"), NodeID(.concept, "c\((k * 13 + 1) % 900)"), .related, Double(k % 3), nil))
        }
        let big = Graph(nodes: nodes, edges: edges)
        for graph in [vault, big] {
            let ranks = graph.centrality()
            let plain = SiteGraph.globalPicture(graph, ranks: ranks)
            let found = SiteGraph.globalPicture(graph, ranks: ranks, adjacency: graph.adjacency())
            #expect(found.graph == plain.graph)
            #expect(found.engine == plain.engine)
            #expect(found.shownOf?.shown == plain.shownOf?.shown && found.shownOf?.total == plain.shownOf?.total)
        }
        let cut = SiteGraph.globalPicture(big, ranks: big.centrality(), adjacency: big.adjacency())
        #expect(cut.graph.nodes.count == SiteGraph.pictureLimit && cut.shownOf?.total == 1_300)
        #expect(cut.graph.edges.contains { $0.kind == .related } && !cut.graph.edges.contains { $0.kind == .mentions })
    }

    @Test func extraPagesGetTheLocalGraphOfTheirNode() throws {
        let site = SiteGraph.build(try Self.graph(), directoryIndex: true, language: .ko, graphviz: nil)
        var pages = [ExtraPage(permalink: Permalink("ml/vae/"), template: "concept", title: "VAE"),
                     ExtraPage(permalink: Permalink("elsewhere/"), template: "concept", title: "x")]
        site.addLocalGraphs(to: &pages)
        let picture = try #require(pages[0].localGraph?())
        #expect(picture.svg?.contains("Variational Autoencoder 연결 그래프") == true)
        // A local graph keeps four fifths of its drawn width (the theme lets the figure scroll):
        // shrunk to a phone's column its 12-pixel labels would be 5 pixels high.
        let svg = try #require(picture.svg)
        let width = try #require(svg.firstMatch(of: /^<svg class="[^"]*" width="([0-9]+)"/)?.1)
        #expect(svg.contains(" style=\"min-width:\(Int((Double(width)! * 0.8).rounded()))px\""))
        #expect(pages[1].localGraph == nil)
    }

    @Test func siteGraphWithoutGraphvizDrawsOnlyLocalGraphs() throws {
        let graph = try Self.graph()
        let site = SiteGraph.build(graph, directoryIndex: true, language: .en, graphviz: nil)
        #expect(site.diagnostics.map(\.code) == ["graphviz-missing"])
        // The graph page links the DOT file instead of a picture …
        let page = try #require(site.graphPage.lateContext?()["graph"] as? [String: any Sendable])
        #expect(page["hasPicture"] as? Bool == false)
        #expect(site.files.count == 3)
        // … while local graphs need no Graphviz: they are laid out by RadialSVGWriter.
        let picture = try #require(site.localGraph(for: NodeID(.note, "ml/vae.md")))
        #expect(picture.svg?.contains("xlink:href=\"../../ml/elbo/index.html\"") == true)
    }

    /// The DOT the graph page really hands Graphviz (its own attributes: overlap, pack, sep),
    /// for the vault and for hostile names, through every engine the site uses: no warning.
    @Test func graphPageDOTIsReadWithoutAWarning() throws {
        guard let graphviz = Graphviz.locate() else {
            Issue.record("Graphviz is not installed (make test installs it)")
            return
        }
        let names = ["a\"b", "back\\slash", "<b>", "node", "graph", "edge", "strict", "subgraph", "그래프", "line\nbreak", "🎉 emoji", "ends \\"]
        let hostile = Graph(nodes: names.enumerated().map { i, name in
            Node(id: NodeID(i % 2 == 0 ? .concept : .note, name), label: name, url: "p/\(i)/")
        }, edges: names.indices.dropFirst().map { i in
            (source: NodeID(i % 2 == 0 ? .concept : .note, names[i]), target: NodeID(i % 2 == 1 ? .concept : .note, names[i - 1]),
             kind: EdgeKind.related, weight: Double(i), anchor: nil)
        })
        let vault = try Self.graph()
        for (name, graph) in [("vault", SiteGraph.globalPicture(vault, ranks: vault.centrality()).graph), ("hostile", hostile)] {
            let dot = SiteGraph.globalPictureDOT(graph) { "../" + ($0.url ?? "") }
            for engine in ["fdp", "sfdp", "dot"] {
                let run = try ProcessOutput.run(graphviz.executable, ["-K" + engine, "-Tsvg"], input: Data(dot.utf8))
                #expect(run.status == 0, "\(name), \(engine)")
                #expect(String(decoding: run.stderr, as: UTF8.self).isEmpty, "\(name), \(engine): \(String(decoding: run.stderr, as: UTF8.self))")
                #expect(String(decoding: run.stdout, as: UTF8.self).contains("</svg>"))
            }
        }
    }

    /// The site's own graph.graphml and graph.json, built from a vault, read back by networkx:
    /// the same node and edge counts, by kind, as notegraph's graph of that vault.
    @Test func networkxReadsTheSiteGraphFiles() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("ng-site-nx-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        var options = Self.options(graphviz: nil)
        options.output = output
        #expect(try BuildPipeline.run(options).wroteSite)
        let reader = """
        import json, sys
        import networkx as nx
        def kinds(items):
            out = {}
            for d in items: out[d["kind"]] = out.get(d["kind"], 0) + 1
            return out
        a = nx.read_graphml(sys.argv[1], force_multigraph=True)
        doc = json.load(open(sys.argv[2], encoding="utf-8"))["graph"]
        b = nx.MultiDiGraph()
        for i, n in doc["nodes"].items(): b.add_node(i, **n["metadata"])
        for e in doc["edges"]: b.add_edge(e["source"], e["target"], **e["metadata"])
        print(json.dumps([[g.number_of_nodes(), g.number_of_edges(), kinds(d for _, d in g.nodes(data=True)),
                           kinds(d for _, _, d in g.edges(data=True))] for g in (a, b)]))
        """
        let run = try ProcessOutput.run(URL(fileURLWithPath: "/usr/bin/env"),
                                        ["python3", "-c", reader, output.appendingPathComponent("graph.graphml").path,
                                         output.appendingPathComponent("graph.json").path], input: Data())
        try #require(run.status == 0, "python3/networkx: \(String(decoding: run.stderr, as: UTF8.self))")
        let graph = try Self.graph()
        let counts = graph.counts()
        let nodeKinds = Dictionary(uniqueKeysWithValues: counts.nodes.map { ($0.key.rawValue, $0.value) })
        let edgeKinds = Dictionary(uniqueKeysWithValues: counts.edges.map { ($0.key.rawValue, $0.value) })
        #expect(graph.nodes.count > 3 && graph.edges.count > 3 && nodeKinds.count == 3)
        let read = try JSONSerialization.jsonObject(with: run.stdout) as! [[Any]]
        for (format, summary) in zip(["graphml", "json"], read) {
            #expect(summary[0] as? Int == graph.nodes.count, "\(format)")
            #expect(summary[1] as? Int == graph.edges.count, "\(format)")
            #expect(summary[2] as? [String: Int] == nodeKinds, "\(format)")
            #expect(summary[3] as? [String: Int] == edgeKinds, "\(format)")
        }
    }

    @Test func buildWithoutConceptsOrPictures() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("ng-switches-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        var options = Self.options(graphviz: nil)
        options.output = output
        options.config.concepts = false
        options.config.graphPictures = false
        let report = try BuildPipeline.run(options)
        #expect(report.wroteSite)
        #expect(!report.diagnostics.contains { $0.code == "graphviz-missing" }, "no pictures, nothing to warn about")
        let files = FileManager.default.enumerator(atPath: output.path)?.allObjects as? [String] ?? []
        #expect(!files.contains { $0.hasPrefix("concepts/") })
        let note = try String(contentsOf: output.appendingPathComponent("ml/vae/index.html"), encoding: .utf8)
        #expect(!note.contains("local-graph") && !note.contains("concept-link"))
        let json = try String(contentsOf: output.appendingPathComponent("graph.json"), encoding: .utf8)
        #expect(!json.contains("\"concept:"))
    }

    @Test func buildWritesTheGraphPartsOfTheSite() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("ng-graph-site-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        var options = Self.options()
        options.output = output
        let report = try BuildPipeline.run(options)
        #expect(report.wroteSite)
        for file in ["graph/index.html", "graph.dot", "graph.json", "graph.graphml"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path), "\(file)")
        }
        let note = try String(contentsOf: output.appendingPathComponent("ml/vae/index.html"), encoding: .utf8)
        #expect(note.contains("<section class=\"local-graph\""))
        #expect(note.contains("href=\"../../graph/index.html\""))
        // One picture per page, and its ids are unique on the page.
        #expect(note.components(separatedBy: "<svg").count == 2)
        let ids = note.components(separatedBy: " id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(Set(ids).count == ids.count)
    }
}

import KnowledgeGraph
import Testing

/// Small graphs whose answers can be worked out by hand (or, for PageRank, by networkx).
enum Sample {
    typealias EdgeSpec = (source: NodeID, target: NodeID, kind: EdgeKind, weight: Double, anchor: String?)

    static func note(_ key: String, _ label: String? = nil, tags: [String] = [], aliases: [String] = []) -> Node {
        Node(id: NodeID(.note, key), label: label ?? key, url: key + "/", folder: "", tags: tags, aliases: aliases)
    }

    static func link(_ a: String, _ b: String, _ weight: Double = 1) -> EdgeSpec {
        (NodeID(.note, a), NodeID(.note, b), .links, weight, nil)
    }

    /// a → b → c → d, e → b, and f alone.
    static let chain = Graph(
        nodes: ["a", "b", "c", "d", "e", "f"].map { note($0) },
        edges: [link("a", "b"), link("b", "c"), link("c", "d"), link("e", "b", 0.5)]
    )

    /// The PageRank example: a 3-cycle of notes, two of them pointing at concept x, a tagged.
    static let ranked = Graph(
        nodes: [note("a"), note("b"), note("c"), Node(id: NodeID(.concept, "x"), label: "X"), Node(id: NodeID(.tag, "t"), label: "#t")],
        edges: [
            link("a", "b"), link("b", "c"), link("c", "a"),
            (NodeID(.note, "a"), NodeID(.concept, "x"), .mentions, 3, nil),
            (NodeID(.note, "b"), NodeID(.concept, "x"), .mentions, 1, nil),
            (NodeID(.note, "a"), NodeID(.tag, "t"), .tagged, 1, nil),
        ]
    )

    static func keys(_ graph: Graph) -> [String] { graph.nodes.map(\.id.key) }
}

@Suite struct NeighbourhoodTests {
    @Test func bothDirectionsDepthOne() {
        let g = Sample.chain.neighbourhood(of: NodeID(.note, "b"), depth: 1)
        #expect(Sample.keys(g) == ["a", "b", "c", "e"])
        // Induced: every edge among the four, none to d.
        #expect(g.edges.count == 3)
    }

    @Test func directionsAndDepth() {
        let out = Sample.chain.neighbourhood(of: NodeID(.note, "a"), depth: 2, direction: .outgoing)
        #expect(Sample.keys(out) == ["a", "b", "c"])
        let into = Sample.chain.neighbourhood(of: NodeID(.note, "c"), depth: 2, direction: .incoming)
        #expect(Sample.keys(into) == ["a", "b", "c", "e"])
        let zero = Sample.chain.neighbourhood(of: NodeID(.note, "c"), depth: 0)
        #expect(Sample.keys(zero) == ["c"])
        let all = Sample.chain.neighbourhood(of: NodeID(.note, "a"), depth: 10)
        #expect(Sample.keys(all) == ["a", "b", "c", "d", "e"])
    }

    @Test func shortestDistances() {
        let g = Sample.chain
        let d = g.distances(from: [g.index(of: NodeID(.note, "a"))!], depth: 5)
        let byKey = Dictionary(uniqueKeysWithValues: d.map { (g.nodes[$0.key].id.key, $0.value) })
        #expect(byKey == ["a": 0, "b": 1, "c": 2, "d": 3, "e": 2])
    }

    @Test func minWeightAndKindFilters() {
        let g = Sample.chain.neighbourhood(of: NodeID(.note, "b"), depth: 1, filter: GraphFilter(minWeight: 1))
        #expect(Sample.keys(g) == ["a", "b", "c"])
        let r = Sample.ranked.neighbourhood(of: NodeID(.note, "a"), depth: 1, filter: GraphFilter(nodeKinds: [.concept]))
        #expect(r.nodes.map(\.id) == [NodeID(.note, "a"), NodeID(.concept, "x")])
        let e = Sample.ranked.neighbourhood(of: NodeID(.note, "a"), depth: 1, filter: GraphFilter(edgeKinds: [.tagged]))
        #expect(e.nodes.map(\.id) == [NodeID(.note, "a"), NodeID(.tag, "t")])
        #expect(e.edges.map(\.kind) == [.tagged])
    }

    @Test func missingNodeGivesEmptyGraph() {
        #expect(Sample.chain.neighbourhood(of: NodeID(.note, "zzz")).nodes.isEmpty)
    }

    @Test func localGraphTakesHeaviestNeighboursFirst() throws {
        var nodes = [Sample.note("hub")]
        var edges: [Sample.EdgeSpec] = []
        for i in 0..<20 {
            let key = "n\(i < 10 ? "0" : "")\(i)"
            nodes.append(Sample.note(key))
            edges.append(Sample.link("hub", key, Double(i % 5 + 1)))
        }
        let graph = Graph(nodes: nodes, edges: edges)
        let local = try #require(graph.localGraph(of: NodeID(.note, "hub"), limit: 5))
        #expect(local.nodes.count == 5)
        // Weight 5 goes to n04, n09, n14, n19; the four heaviest, ties by id.
        #expect(Sample.keys(local) == ["hub", "n04", "n09", "n14", "n19"])
        let strongest = graph.strongestNeighbours(of: graph.index(of: NodeID(.note, "hub"))!)
        #expect(strongest.first.map { graph.nodes[$0.node].id.key } == "n04")
        #expect(graph.localGraph(of: NodeID(.note, "n00"), limit: 5)?.nodes.count == 2)
        #expect(Sample.chain.localGraph(of: NodeID(.note, "f")) == nil)
        // Keeping only the best few gives the head of the full ranking, ties included.
        let hub = graph.index(of: NodeID(.note, "hub"))!
        for limit in [1, 3, 4, 5, 7, 19, 20, 40] {
            let head = graph.strongestNeighbours(of: hub, limit: limit)
            #expect(head.map(\.node) == strongest.prefix(limit).map(\.node), "limit \(limit)")
            #expect(head.map(\.weight) == strongest.prefix(limit).map(\.weight), "limit \(limit)")
        }
        #expect(graph.localGraphNodes(of: hub, limit: 5, adjacency: graph.adjacency()).map { $0.map { graph.nodes[$0].id.key } }
                == ["hub", "n04", "n09", "n14", "n19"])
        #expect(graph.localGraphNodes(of: hub, limit: 1, adjacency: graph.adjacency()) == nil)
        #expect(graph.localGraphNodes(of: 999, adjacency: graph.adjacency()) == nil)
    }
}

@Suite struct ComponentTests {
    @Test func weakComponentsLargestFirst() {
        let g = Sample.chain
        let components = g.weaklyConnectedComponents().map { $0.map { g.nodes[$0].id.key } }
        #expect(components == [["a", "b", "c", "d", "e"], ["f"]])
        #expect(g.componentSubgraphs().map(\.edges.count) == [4, 0])
    }

    @Test func tiesOrderedBySmallestNode() {
        let g = Graph(nodes: ["a", "b", "c", "d"].map { Sample.note($0) }, edges: [Sample.link("d", "c"), Sample.link("b", "a")])
        #expect(g.weaklyConnectedComponents() == [[0, 1], [2, 3]])
        #expect(Graph().weaklyConnectedComponents().isEmpty)
    }
}

@Suite struct PageRankTests {
    @Test func matchesNetworkx() {
        // nx.pagerank(G, alpha=0.85, weight="weight") on the same graph.
        let expected: [NodeID: Double] = [
            NodeID(.note, "a"): 0.24672279877656925,
            NodeID(.note, "b"): 0.1466668712229701,
            NodeID(.note, "c"): 0.16705741570076177,
            NodeID(.concept, "x"): 0.2928860430767291,
            NodeID(.tag, "t"): 0.1466668712229701,
        ]
        let g = Sample.ranked
        let scores = g.pageRank()
        for (i, node) in g.nodes.enumerated() {
            #expect(abs(scores[i] - expected[node.id]!) < 1e-9, "\(node.id)")
        }
        #expect(abs(scores.reduce(0, +) - 1) < 1e-12)
    }

    @Test func cycleIsUniformAndTiesGoById() {
        let g = Graph(nodes: ["c", "a", "b"].map { Sample.note($0) }, edges: [Sample.link("a", "b"), Sample.link("b", "c"), Sample.link("c", "a")])
        let scores = g.pageRank()
        for s in scores { #expect(abs(s - 1.0 / 3) < 1e-12) }
        #expect(g.ranked(by: scores).map { g.nodes[$0].id.key } == ["a", "b", "c"])
    }

    @Test func rankingAndTop() {
        let g = Sample.ranked
        let scores = g.pageRank()
        #expect(g.ranked(by: scores).map { g.nodes[$0].id.description } == ["concept:x", "note:a", "note:c", "note:b", "tag:t"])
        #expect(g.top(1, by: scores, kinds: [.note]).map { g.nodes[$0].id.key } == ["a"])
        #expect(g.top(0, by: scores).isEmpty)
    }

    @Test func unweightedAndFilteredEdges() {
        let g = Sample.ranked
        let unweighted = g.pageRank(PageRankOptions(weighted: false))
        let weighted = g.pageRank()
        // With weights, a sends more of its rank to x than without.
        #expect(weighted[g.index(of: NodeID(.concept, "x"))!] > unweighted[g.index(of: NodeID(.concept, "x"))!])
        let linksOnly = g.pageRank(PageRankOptions(edgeFilter: GraphFilter(edgeKinds: [.links])))
        #expect(abs(linksOnly[0] - linksOnly[1]) < 1e-9)
    }

    @Test func deterministic() {
        let g = Sample.ranked
        #expect(g.pageRank() == g.pageRank())
        #expect(Graph().pageRank().isEmpty)
    }
}

@Suite struct SubgraphTests {
    @Test func inducedSubgraphKeepsOrder() {
        let g = Sample.chain.subgraph(nodes: [NodeID(.note, "d"), NodeID(.note, "b"), NodeID(.note, "c"), NodeID(.note, "missing")])
        #expect(Sample.keys(g) == ["b", "c", "d"])
        #expect(g.edges.map { "\(g.nodes[$0.source].id.key)\(g.nodes[$0.target].id.key)" } == ["bc", "cd"])
        #expect(g.index(of: NodeID(.note, "d")) == 2)
        // The same as building it from scratch.
        let rebuilt = Graph(nodes: g.nodes, edges: g.edges.map { (g.nodes[$0.source].id, g.nodes[$0.target].id, $0.kind, $0.weight, $0.anchor) })
        #expect(rebuilt == g)
    }

    @Test func adjacencyPathGivesTheSameSubgraph() {
        for graph in [Sample.chain, Sample.ranked] {
            let adjacency = graph.adjacency()
            for picks in [[0], [0, 1], [3, 1, 2], Array(graph.nodes.indices), [4, 4, 0], [99]] {
                for filter in [GraphFilter(), GraphFilter(edgeKinds: [.links]), GraphFilter(minWeight: 1)] {
                    #expect(graph.subgraph(indices: picks, keepingEdges: filter, adjacency: adjacency)
                        == graph.subgraph(indices: picks, keepingEdges: filter))
                }
            }
        }
    }

    @Test func keepingEdgesByPredicate() {
        let g = Sample.ranked.keepingEdges { $0.kind != .mentions }
        #expect(g.nodes == Sample.ranked.nodes)
        #expect(g.edges.count == Sample.ranked.edges.count - 2)
        #expect(g.index(of: NodeID(.tag, "t")) == 4)
    }

    @Test func filterByKindAndWeight() {
        let g = Sample.ranked
        let concepts = g.filtered(GraphFilter(nodeKinds: [.concept]))
        #expect(concepts.nodes.map(\.id) == [NodeID(.concept, "x")])
        let heavy = g.filtered(GraphFilter(minWeight: 2))
        #expect(heavy.nodes.count == 5)
        #expect(heavy.edges.map(\.kind) == [.mentions])
        let counts = g.counts()
        #expect(counts.nodes[.note] == 3)
        #expect(counts.edges[.links] == 3)
    }
}

@Suite struct LookupTests {
    static let graph = Graph(
        nodes: [
            Sample.note("ml/vae.md", "변분 오토인코더", aliases: ["VAE"]),
            Sample.note("ml/elbo.md", "Evidence Lower Bound"),
            Node(id: NodeID(.concept, "vae"), label: "Variational Autoencoder", aliases: ["VAE", "변분 오토인코더"]),
            Node(id: NodeID(.tag, "deep learning"), label: "#deep learning"),
        ],
        edges: []
    )

    func ids(_ name: String) -> [String] { Self.graph.nodes(named: name).map { Self.graph.nodes[$0].id.description } }

    @Test func labelsAliasesAndKeys() {
        #expect(ids("Evidence lower BOUND") == ["note:ml/elbo.md"])
        // A label beats an alias, whatever the kind.
        #expect(ids("변분 오토인코더") == ["note:ml/vae.md"])
        // Two aliases: the concept wins.
        #expect(ids("vae") == ["concept:vae"])
        #expect(ids("ml/elbo") == ["note:ml/elbo.md"])
        #expect(ids("ml/elbo.md") == ["note:ml/elbo.md"])
        #expect(ids("note:ml/vae.md") == ["note:ml/vae.md"])
        #expect(ids("deep learning") == ["tag:deep learning"])
        #expect(ids("#Deep Learning") == ["tag:deep learning"])
        #expect(Self.graph.nodes(named: "vae", kinds: [.note]).map { Self.graph.nodes[$0].id.description } == ["note:ml/vae.md"])
        #expect(Self.graph.nodes(named: "vae", kinds: [.tag]).isEmpty)
        #expect(ids("nothing").isEmpty)
        #expect(ids("  ").isEmpty)
    }

    @Test func unicodeNormalisationDoesNotMatter() {
        let decomposed = "변분 오토인코더".decomposedHangul
        #expect(decomposed.unicodeScalars.count > "변분 오토인코더".unicodeScalars.count)
        #expect(ids(decomposed) == ["note:ml/vae.md"])
    }

    @Test func suggestionsNearestFirst() {
        #expect(Self.graph.suggestions(for: "VEA").first == "VAE")
        #expect(Self.graph.suggestions(for: "Evidence Lowr Bound") == ["Evidence Lower Bound"])
        #expect(Self.graph.suggestions(for: "변분 오토인코드").first == "변분 오토인코더")
        #expect(Self.graph.suggestions(for: "Autoencoder") == ["Variational Autoencoder"])
        #expect(Self.graph.suggestions(for: "qqqqqqqq").isEmpty)
    }

    @Test func aShortNameIsNotNearEveryNameOfItsLength() {
        let graph = Graph(
            nodes: [
                Node(id: NodeID(.concept, "ae"), label: "AE"),
                Node(id: NodeID(.concept, "kl"), label: "KL", aliases: ["KL 발산"]),
                Node(id: NodeID(.concept, "vae"), label: "VAE", aliases: ["변분 오토인코더"]),
                Node(id: NodeID(.concept, "x"), label: "X"),
            ],
            edges: [])
        // Two edits make `변분` any two-letter name; it is part of one.
        #expect(graph.suggestions(for: "변분") == ["변분 오토인코더"])
        #expect(graph.suggestions(for: "KO") == ["KL"])
        #expect(graph.suggestions(for: "Y").isEmpty)
        #expect(graph.suggestions(for: "VEA").first == "VAE")
    }

    @Test func editDistanceCountsCharacters() {
        #expect(EditDistance.optimalAlignment(Array("abcd"), Array("acbd"), limit: 5) == 1)
        #expect(EditDistance.optimalAlignment(Array("kitten"), Array("sitting"), limit: 5) == 3)
        #expect(EditDistance.optimalAlignment(Array("그래프"), Array("그래픽"), limit: 5) == 1)
        #expect(EditDistance.optimalAlignment(Array("a"), Array("abcdefgh"), limit: 2) == 3)
        #expect(EditDistance.optimalAlignment(Array(""), Array("ab"), limit: 5) == 2)
    }
}

extension String {
    /// Hangul syllables split into conjoining jamo (NFD), computed by the Unicode formula so the
    /// test needs no Foundation.
    var decomposedHangul: String {
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            let s = Int(scalar.value) - 0xAC00
            guard s >= 0, s < 11172 else {
                out.append(scalar)
                continue
            }
            out.append(Unicode.Scalar(UInt32(0x1100 + s / 588))!)
            out.append(Unicode.Scalar(UInt32(0x1161 + (s % 588) / 28))!)
            if s % 28 != 0 { out.append(Unicode.Scalar(UInt32(0x11A7 + s % 28))!) }
        }
        return String(out)
    }
}

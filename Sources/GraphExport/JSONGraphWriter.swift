public import KnowledgeGraph

/// Writes a graph in the shape of the JSON Graph Format (version 2: `nodes` is an object keyed by
/// id), which D3, Cytoscape and networkx can take with a few lines of code:
///
/// ```json
/// {"graph": {"directed": true, "type": "notegraph", "label": "…",
///   "metadata": {"generator": "notegraph", "nodeCount": 2, "edgeCount": 1,
///                "nodeKinds": {"note": 2}, "edgeKinds": {"links": 1}},
///   "nodes": {"note:ml/vae.md": {"label": "VAE", "metadata": {"kind": "note", "url": "ml/vae/",
///              "folder": "ml", "tags": ["dl"], "aliases": [], "rank": 0.5}}},
///   "edges": [{"source": "note:ml/vae.md", "target": "note:ml/elbo.md", "relation": "links",
///              "metadata": {"kind": "links", "weight": 1}}]}}
/// ```
///
/// `url`, `folder` and `anchor` are left out when a node or edge has none; the others are always
/// there. Keys keep this order and numbers their shortest exact form, so output is stable.
public struct JSONGraphWriter: Sendable {
    public struct Options: Sendable, Hashable {
        /// `graph.label`.
        public var label: String = "notegraph"
        /// Ranks to write (usually PageRank of the whole graph, so a part shows the ranks of the
        /// whole); nil computes `Graph.centrality()` of the graph being written.
        public var ranks: [NodeID: Double]?
        /// Indented output; false writes one line.
        public var pretty: Bool = true

        public init() {}
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    public func write(_ graph: Graph) -> String {
        String(decoding: writeBytes(graph), as: UTF8.self)
    }

    /// The document as UTF-8, written as it goes: nodes and edges go straight to the output
    /// rather than into a tree of values that is then walked to write them.
    public func writeBytes(_ graph: Graph) -> [UInt8] {
        let ranks = options.ranks ?? graph.scoresByID(graph.centrality())
        let counts = graph.counts()
        let perNode = options.pretty ? 330 : 200, perEdge = options.pretty ? 260 : 130
        var json = JSONStream(pretty: options.pretty, capacity: graph.nodes.count * perNode + graph.edges.count * perEdge + 1024)
        // The few members before the nodes, as values; the nodes and edges are streamed.
        let metadata: JSONValue = .object([
            ("generator", .string("notegraph")),
            ("nodeCount", .number(Double(graph.nodes.count))),
            ("edgeCount", .number(Double(graph.edges.count))),
            ("nodeKinds", .object(NodeKind.allCases.compactMap { kind in counts.nodes[kind].map { (kind.rawValue, .number(Double($0))) } })),
            ("edgeKinds", .object(EdgeKind.allCases.compactMap { kind in counts.edges[kind].map { (kind.rawValue, .number(Double($0))) } })),
        ])
        let head: [(key: String, value: JSONValue)] = [
            ("directed", .bool(true)),
            ("type", .string("notegraph")),
            ("label", .string(options.label)),
            ("metadata", metadata),
        ]
        json.begin("{")
        json.key("graph")
        json.begin("{")
        for (key, value) in head {
            json.key(text: key)
            value.write(into: &json)
        }

        // Each node's id as a JSON string, made once rather than for every edge it ends.
        var ids = ByteTable(count: graph.nodes.count, bytesEach: 40)
        for node in graph.nodes {
            ids.add { TextEscaping.json(NodeIdentifier.of(node.id), into: &$0) }
        }
        json.key("nodes")
        json.begin("{")
        for (n, node) in graph.nodes.enumerated() {
            json.key(ids, n)
            json.begin("{")
            json.key("label")
            json.string(node.label)
            json.key("metadata")
            json.begin("{")
            json.key("kind")
            json.string(node.id.kind.rawValue)
            if let url = node.url {
                json.key("url")
                json.string(url)
            }
            if let folder = node.folder {
                json.key("folder")
                json.string(folder)
            }
            json.key("tags")
            json.strings(node.tags)
            json.key("aliases")
            json.strings(node.aliases)
            json.key("rank")
            json.number(GraphRank.rounded(ranks[node.id] ?? 0))
            json.end("}")
            json.end("}")
        }
        json.end("}")

        json.key("edges")
        json.begin("[")
        for edge in graph.edges {
            json.item()
            json.begin("{")
            json.key("source")
            json.out.append(ids, edge.source)
            json.key("target")
            json.out.append(ids, edge.target)
            json.key("relation")
            json.string(edge.kind.rawValue)
            json.key("metadata")
            json.begin("{")
            json.key("kind")
            json.string(edge.kind.rawValue)
            json.key("weight")
            json.number(edge.weight)
            if let anchor = edge.anchor {
                json.key("anchor")
                json.string(anchor)
            }
            json.end("}")
            json.end("}")
        }
        json.end("]")
        json.end("}")
        json.end("}")
        json.out.append("\n")
        return json.out.bytes
    }
}

enum GraphRank {
    /// Ranks to 10 significant decimals: enough to order 100,000 nodes, few enough that the last
    /// bits of floating-point summation do not show in the file.
    static func rounded(_ rank: Double) -> Double {
        guard rank.isFinite else { return 0 }
        return (rank * 1e10).rounded() / 1e10
    }
}

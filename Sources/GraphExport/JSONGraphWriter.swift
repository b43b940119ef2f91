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
public struct JSONGraphWriter: GraphFileWriter, GraphDocumentWriter {
    public struct Options: Sendable, Hashable {
        /// `graph.label`.
        public var label: String = "notegraph"
        /// Ranks to write (usually PageRank of the whole graph, so a part shows the ranks of the
        /// whole); nil computes `Graph.centrality()` of the graph being written.
        public var ranks: [NodeID: Double]?
        /// Ranks by node index, for a caller that has them so (a site): when set, `ranks` is not
        /// read, and no node's id is hashed to find its rank. Nodes past its end rank 0.
        public var ranksByIndex: [Double]?
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
    public func writeBytes(_ graph: Graph) -> [UInt8] { wholeDocument(graph) }

    /// The document handed to `emit` in pieces as it is written (`GraphFileWriter`).
    public func write(_ graph: Graph, pieces: Int = GraphFile.pieceSize,
                      emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        try document(graph, pieces: pieces, emit: emit)
    }

    func estimatedSize(_ graph: Graph) -> Int {
        let perNode = options.pretty ? 330 : 200, perEdge = options.pretty ? 260 : 130
        return graph.nodes.count * perNode + graph.edges.count * perEdge + 1024
    }

    func write(_ graph: Graph, into out: inout ByteBuffer) {
        let rank = GraphRank.lookup(graph, byIndex: options.ranksByIndex, byID: options.ranks)
        let counts = GraphKindCounts(graph)
        // The stream writes into `out` itself, lent for the while (a copy would share its
        // storage, and the first append would copy it all).
        var json = JSONStream(pretty: options.pretty)
        swap(&json.out, &out)
        defer { swap(&json.out, &out) }
        // The few members before the nodes, as values; the nodes and edges are streamed.
        let metadata: JSONValue = .object([
            ("generator", .string("notegraph")),
            ("nodeCount", .number(Double(graph.nodes.count))),
            ("edgeCount", .number(Double(graph.edges.count))),
            ("nodeKinds", .object(NodeKind.allCases.compactMap { kind in counts.of(kind).map { (kind.rawValue, .number(Double($0))) } })),
            ("edgeKinds", .object(EdgeKind.allCases.compactMap { kind in counts.of(kind).map { (kind.rawValue, .number(Double($0))) } })),
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
            ids.add { out in
                out.append(byte: UInt8(ascii: "\""))
                NodeIdentifier.write(node.id, into: &out) { TextEscaping.jsonBody($0, into: &$1) }
                out.append(byte: UInt8(ascii: "\""))
            }
        }
        // The keys, brackets and kind names around each node and edge are the same for all of
        // them: written once as fragments, then copied (`JSONStream.write(cached:)`).
        var nodeStart, nodeEnd, edgeStart, edgeTarget, edgeEnd: JSONStream.Fragment?
        var nodeKinds = [JSONStream.Fragment?](repeating: nil, count: NodeKind.allCases.count)
        var edgeKinds = [JSONStream.Fragment?](repeating: nil, count: EdgeKind.allCases.count)
        json.key("nodes")
        json.begin("{")
        for (n, node) in graph.nodes.enumerated() {
            json.key(ids, n)
            json.write(cached: &nodeStart) { json in
                json.begin("{")
                json.key("label")
            }
            json.string(node.label)
            let kind = node.id.kind
            json.write(cached: &nodeKinds[kind.ordinal]) { json in
                json.key("metadata")
                json.begin("{")
                json.key("kind")
                json.string(kind.rawValue)
            }
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
            json.number(GraphRank.rounded(rank(n, node)))
            json.write(cached: &nodeEnd) { json in
                json.end("}")
                json.end("}")
            }
        }
        json.end("}")

        json.key("edges")
        json.begin("[")
        for edge in graph.edges {
            json.write(cached: &edgeStart) { json in
                json.item()
                json.begin("{")
                json.key("source")
            }
            json.out.append(ids, edge.source)
            json.write(cached: &edgeTarget) { json in json.key("target") }
            json.out.append(ids, edge.target)
            let kind = edge.kind
            json.write(cached: &edgeKinds[kind.ordinal]) { json in
                json.key("relation")
                json.string(kind.rawValue)
                json.key("metadata")
                json.begin("{")
                json.key("kind")
                json.string(kind.rawValue)
                json.key("weight")
            }
            json.number(edge.weight)
            if let anchor = edge.anchor {
                json.key("anchor")
                json.string(anchor)
            }
            json.write(cached: &edgeEnd) { json in
                json.end("}")
                json.end("}")
            }
        }
        json.end("]")
        json.end("}")
        json.end("}")
        json.out.append("\n")
    }
}

enum GraphRank {
    /// Each node's rank (by its index and node): from ranks by index when there are some, else
    /// by id, else the centrality of `graph`; 0 for a node without one.
    static func lookup(_ graph: Graph, byIndex: [Double]?, byID: [NodeID: Double]?) -> (Int, Node) -> Double {
        if let byIndex { return { n, _ in n < byIndex.count ? byIndex[n] : 0 } }
        let ranks = byID ?? graph.scoresByID(graph.centrality())
        return { _, node in ranks[node.id] ?? 0 }
    }

    /// Ranks to 10 significant decimals: enough to order 100,000 nodes, few enough that the last
    /// bits of floating-point summation do not show in the file.
    static func rounded(_ rank: Double) -> Double {
        guard rank.isFinite else { return 0 }
        return (rank * 1e10).rounded() / 1e10
    }
}

/// How many nodes and edges of each kind a graph has, counted by ordinal and kept so (no
/// dictionary by kind, as `Graph.counts()` returns); nil for a kind it has none of, as there.
struct GraphKindCounts {
    private var nodes = [Int](repeating: 0, count: NodeKind.allCases.count)
    private var edges = [Int](repeating: 0, count: EdgeKind.allCases.count)

    init(_ graph: Graph) {
        for node in graph.nodes { nodes[node.id.kind.ordinal] += 1 }
        for edge in graph.edges { edges[edge.kind.ordinal] += 1 }
    }

    func of(_ kind: NodeKind) -> Int? { nodes[kind.ordinal] > 0 ? nodes[kind.ordinal] : nil }
    func of(_ kind: EdgeKind) -> Int? { edges[kind.ordinal] > 0 ? edges[kind.ordinal] : nil }
}

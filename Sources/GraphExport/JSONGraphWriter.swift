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
        document(graph).serialized(pretty: options.pretty)
    }

    public func document(_ graph: Graph) -> JSONValue {
        let ranks = options.ranks ?? graph.scoresByID(graph.centrality())
        let counts = graph.counts()
        let metadata: JSONValue = .object([
            ("generator", .string("notegraph")),
            ("nodeCount", .number(Double(graph.nodes.count))),
            ("edgeCount", .number(Double(graph.edges.count))),
            ("nodeKinds", .object(NodeKind.allCases.compactMap { kind in counts.nodes[kind].map { (kind.rawValue, .number(Double($0))) } })),
            ("edgeKinds", .object(EdgeKind.allCases.compactMap { kind in counts.edges[kind].map { (kind.rawValue, .number(Double($0))) } })),
        ])
        // Each node's id, made once rather than for every edge it ends.
        let ids = graph.nodes.map { NodeIdentifier.of($0.id) }
        let nodes: [(key: String, value: JSONValue)] = graph.nodes.enumerated().map { n, node in
            var meta: [(key: String, value: JSONValue)] = [("kind", .string(node.id.kind.rawValue))]
            if let url = node.url { meta.append(("url", .string(url))) }
            if let folder = node.folder { meta.append(("folder", .string(folder))) }
            meta.append(("tags", .array(node.tags.map { .string($0) })))
            meta.append(("aliases", .array(node.aliases.map { .string($0) })))
            meta.append(("rank", .number(GraphRank.rounded(ranks[node.id] ?? 0))))
            return (ids[n], .object([("label", .string(node.label)), ("metadata", .object(meta))]))
        }
        let edges: [JSONValue] = graph.edges.map { edge in
            var meta: [(key: String, value: JSONValue)] = [
                ("kind", .string(edge.kind.rawValue)),
                ("weight", .number(edge.weight)),
            ]
            if let anchor = edge.anchor { meta.append(("anchor", .string(anchor))) }
            return .object([
                ("source", .string(ids[edge.source])),
                ("target", .string(ids[edge.target])),
                ("relation", .string(edge.kind.rawValue)),
                ("metadata", .object(meta)),
            ])
        }
        return .object([("graph", .object([
            ("directed", .bool(true)),
            ("type", .string("notegraph")),
            ("label", .string(options.label)),
            ("metadata", metadata),
            ("nodes", .object(nodes)),
            ("edges", .array(edges)),
        ]))])
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

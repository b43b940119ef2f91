public import KnowledgeGraph

/// Writes a graph as GraphML, which networkx (`read_graphml`), Gephi and yEd read, with the same
/// attributes as the JSON export, each declared with a `<key>` and its `attr.type`: nodes have
/// `label`, `kind`, `url`, `folder`, `tags` and `aliases` (JSON arrays as text, since GraphML has
/// no list type) and `rank` (double); edges have `kind`, `weight` (double) and `anchor`.
/// Text is XML-escaped, and characters XML 1.0 cannot hold are removed.
public struct GraphMLWriter: Sendable {
    public struct Options: Sendable, Hashable {
        /// Ranks to write; nil computes `Graph.centrality()` of the graph being written.
        public var ranks: [NodeID: Double]?
        public init() {}
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    struct Key {
        var id: String
        var domain: String
        var name: String
        var type: String
    }

    static let keys: [Key] = [
        Key(id: "label", domain: "node", name: "label", type: "string"),
        Key(id: "kind", domain: "node", name: "kind", type: "string"),
        Key(id: "url", domain: "node", name: "url", type: "string"),
        Key(id: "folder", domain: "node", name: "folder", type: "string"),
        Key(id: "tags", domain: "node", name: "tags", type: "string"),
        Key(id: "aliases", domain: "node", name: "aliases", type: "string"),
        Key(id: "rank", domain: "node", name: "rank", type: "double"),
        Key(id: "edge_kind", domain: "edge", name: "kind", type: "string"),
        Key(id: "weight", domain: "edge", name: "weight", type: "double"),
        Key(id: "anchor", domain: "edge", name: "anchor", type: "string"),
    ]

    public func write(_ graph: Graph) -> String {
        let ranks = options.ranks ?? graph.scoresByID(graph.centrality())
        var out = ""
        out.reserveCapacity(graph.nodes.count * 400 + graph.edges.count * 200 + 2048)
        out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""
        out += " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
        out += " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
        for key in Self.keys {
            out += "  <key id=\"\(key.id)\" for=\"\(key.domain)\" attr.name=\"\(key.name)\" attr.type=\"\(key.type)\"/>\n"
        }
        out += "  <graph id=\"notegraph\" edgedefault=\"directed\">\n"
        // Each node's id, escaped once rather than for every edge it ends.
        let ids = graph.nodes.map { attr(NodeIdentifier.of($0.id)) }
        for (n, node) in graph.nodes.enumerated() {
            out += "    <node id=\"" + ids[n] + "\">\n"
            data("label", node.label, into: &out)
            data("kind", node.id.kind.rawValue, into: &out)
            if let url = node.url { data("url", url, into: &out) }
            if let folder = node.folder { data("folder", folder, into: &out) }
            data("tags", JSONValue.array(node.tags.map { .string($0) }).serialized(pretty: false).dropLast(), into: &out)
            data("aliases", JSONValue.array(node.aliases.map { .string($0) }).serialized(pretty: false).dropLast(), into: &out)
            data("rank", NumberText.exact(GraphRank.rounded(ranks[node.id] ?? 0)), into: &out)
            out += "    </node>\n"
        }
        for (i, edge) in graph.edges.enumerated() {
            out += "    <edge id=\"e\(i)\" source=\"" + ids[edge.source]
            out += "\" target=\"" + ids[edge.target] + "\">\n"
            data("edge_kind", edge.kind.rawValue, into: &out)
            data("weight", NumberText.exact(edge.weight), into: &out)
            if let anchor = edge.anchor { data("anchor", anchor, into: &out) }
            out += "    </edge>\n"
        }
        out += "  </graph>\n</graphml>\n"
        return out
    }

    private func attr(_ s: String) -> String { TextEscaping.xml(s, attribute: true) }

    private func data(_ key: String, _ value: some StringProtocol, into out: inout String) {
        out += "      <data key=\"\(key)\">" + TextEscaping.xml(String(value), attribute: false) + "</data>\n"
    }
}

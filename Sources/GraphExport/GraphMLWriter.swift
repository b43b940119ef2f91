public import KnowledgeGraph

/// Writes a graph as GraphML, which networkx (`read_graphml`), Gephi and yEd read, with the same
/// attributes as the JSON export, each declared with a `<key>` and its `attr.type`: nodes have
/// `label`, `kind`, `url`, `folder`, `tags` and `aliases` (JSON arrays as text, since GraphML has
/// no list type) and `rank` (double); edges have `kind`, `weight` (double) and `anchor`.
/// Text is XML-escaped, and characters XML 1.0 cannot hold are removed.
public struct GraphMLWriter: GraphFileWriter, GraphDocumentWriter {
    public struct Options: Sendable, Hashable {
        /// Ranks to write; nil computes `Graph.centrality()` of the graph being written.
        public var ranks: [NodeID: Double]?
        /// Ranks by node index, for a caller that has them so (a site): when set, `ranks` is not
        /// read, and no node's id is hashed to find its rank. Nodes past its end rank 0.
        public var ranksByIndex: [Double]?
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
        String(decoding: writeBytes(graph), as: UTF8.self)
    }

    /// The document as UTF-8, which is what a file gets: no `String` is built for it.
    public func writeBytes(_ graph: Graph) -> [UInt8] { wholeDocument(graph) }

    /// The document handed to `emit` in pieces as it is written (`GraphFileWriter`).
    public func write(_ graph: Graph, pieces: Int = GraphFile.pieceSize,
                      emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        try document(graph, pieces: pieces, emit: emit)
    }

    func estimatedSize(_ graph: Graph) -> Int {
        graph.nodes.count * 400 + graph.edges.count * 200 + 2048
    }

    func write(_ graph: Graph, into out: inout ByteBuffer) {
        let rank = GraphRank.lookup(graph, byIndex: options.ranksByIndex, byID: options.ranks)
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        out.append("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"")
        out.append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
        out.append(" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n")
        for key in Self.keys {
            out.append(string: "  <key id=\"\(key.id)\" for=\"\(key.domain)\" attr.name=\"\(key.name)\" attr.type=\"\(key.type)\"/>\n")
        }
        out.append("  <graph id=\"notegraph\" edgedefault=\"directed\">\n")
        // Each node's id, escaped once rather than for every edge it ends.
        var ids = ByteTable(count: graph.nodes.count, bytesEach: 40)
        for node in graph.nodes {
            ids.add { NodeIdentifier.write(node.id, into: &$0) { TextEscaping.xml($0, attribute: true, into: &$1) } }
        }
        // What depends only on a node's or an edge's kind, made once per kind: a node's kind
        // line; an edge's from the end of its start tag to its weight.
        var nodeKinds = ByteTable(count: NodeKind.allCases.count, bytesEach: 40)
        for kind in NodeKind.allCases.sorted() {
            nodeKinds.add { data("kind", kind.rawValue, into: &$0) }
        }
        var edgeKinds = ByteTable(count: EdgeKind.allCases.count, bytesEach: 80)
        for kind in EdgeKind.allCases.sorted() {
            edgeKinds.add { out in
                out.append("\">\n")
                data("edge_kind", kind.rawValue, into: &out)
                out.append("      <data key=\"weight\">")
            }
        }
        // Tags and aliases as compact JSON, made here before being escaped as XML text.
        var list = JSONStream(pretty: false)
        for (n, node) in graph.nodes.enumerated() {
            out.append("    <node id=\"")
            out.append(ids, n)
            out.append("\">\n")
            data("label", node.label, into: &out)
            out.append(nodeKinds, node.id.kind.ordinal)
            if let url = node.url { data("url", url, into: &out) }
            if let folder = node.folder { data("folder", folder, into: &out) }
            data("tags", node.tags, list: &list, into: &out)
            data("aliases", node.aliases, list: &list, into: &out)
            out.append("      <data key=\"rank\">")
            NumberText.exact(GraphRank.rounded(rank(n, node)), into: &out)
            out.append("</data>\n")
            out.append("    </node>\n")
        }
        for (i, edge) in graph.edges.enumerated() {
            // The edge up to its anchor in room reserved once for its longest form: the
            // markup, its ends' ids, its kind's lines, and two numbers.
            let kind = edge.kind.ordinal
            out.write(atMost: 64 + ids.count(edge.source) + ids.count(edge.target) + edgeKinds.count(kind) + 2 * NumberText.longestFixed) { out in
                out.append("    <edge id=\"e")
                out.append(integer: Int64(i))
                out.append("\" source=\"")
                out.append(ids, edge.source)
                out.append("\" target=\"")
                out.append(ids, edge.target)
                out.append(edgeKinds, kind)
                NumberText.exact(edge.weight, into: &out)
                out.append("</data>\n")
            }
            if let anchor = edge.anchor { data("anchor", anchor, into: &out) }
            out.append("    </edge>\n")
        }
        out.append("  </graph>\n</graphml>\n")
    }

    private func data(_ key: StaticString, _ value: String, into out: inout ByteBuffer) {
        out.append("      <data key=\"")
        out.append(key)
        out.append("\">")
        TextEscaping.xml(value, attribute: false, into: &out)
        out.append("</data>\n")
    }

    /// A list as the JSON array text (`["a","b"]`), escaped as XML like any other value.
    private func data(_ key: StaticString, _ items: [String], list: inout JSONStream, into out: inout ByteBuffer) {
        out.append("      <data key=\"")
        out.append(key)
        out.append("\">")
        if items.isEmpty {
            out.append("[]")
        } else {
            list.out.removeAll()
            list.strings(items)
            list.out.withUnsafeBytes { TextEscaping.xml(bytes: $0, attribute: false, into: &out) }
        }
        out.append("</data>\n")
    }
}

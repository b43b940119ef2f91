import Foundation
import GraphExport
import KnowledgeGraph
import Testing

/// The JSON and GraphML exports, read back by networkx (what their users will do) and compared
/// with notegraph's own graph.
@Suite struct DataExportTests {
    /// Reads both files with networkx and prints node and edge counts by kind as JSON.
    static let reader = #"""
    import json, sys
    try:
        import networkx as nx
    except ImportError:
        sys.exit("networkx is not installed: pip install networkx (make test installs it)")
    graphml, jgf = sys.argv[1], sys.argv[2]

    def summary(g, edge_kind):
        nodes, edges = {}, {}
        for _, d in g.nodes(data=True):
            nodes[d["kind"]] = nodes.get(d["kind"], 0) + 1
        for e in g.edges(data=True):
            k = edge_kind(e[2])
            edges[k] = edges.get(k, 0) + 1
        return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "nodeKinds": nodes, "edgeKinds": edges}

    a = nx.read_graphml(graphml, force_multigraph=True)
    doc = json.load(open(jgf, encoding="utf-8"))["graph"]
    b = nx.MultiDiGraph()
    for node_id, node in doc["nodes"].items():
        b.add_node(node_id, label=node["label"], **node["metadata"])
    for e in doc["edges"]:
        b.add_edge(e["source"], e["target"], relation=e["relation"], **e["metadata"])
    labels = sorted(d["label"] for _, d in a.nodes(data=True))
    ranks = {n: d["rank"] for n, d in a.nodes(data=True)}
    print(json.dumps({
        "graphml": summary(a, lambda d: d["kind"]),
        "json": summary(b, lambda d: d["kind"]),
        "sameNodes": sorted(a.nodes) == sorted(b.nodes),
        "labels": labels,
        "rankTypes": sorted({type(r).__name__ for r in ranks.values()}),
        "weights": sorted({type(d["weight"]).__name__ for _, _, d in a.edges(data=True)}),
    }, ensure_ascii=False))
    """#

    struct Summary: Decodable, Equatable {
        var nodes: Int
        var edges: Int
        var nodeKinds: [String: Int]
        var edgeKinds: [String: Int]
    }

    struct Report: Decodable {
        var graphml: Summary
        var json: Summary
        var sameNodes: Bool
        var labels: [String]
        var rankTypes: [String]
        var weights: [String]
    }

    static func expected(_ graph: Graph) -> Summary {
        let counts = graph.counts()
        return Summary(nodes: graph.nodes.count, edges: graph.edges.count,
                       nodeKinds: Dictionary(uniqueKeysWithValues: counts.nodes.map { ($0.key.rawValue, $0.value) }),
                       edgeKinds: Dictionary(uniqueKeysWithValues: counts.edges.map { ($0.key.rawValue, $0.value) }))
    }

    @Test(arguments: ["study", "hostile", "big"])
    func networkxReadsBothFormats(name: String) throws {
        let graph = ["study": Fixtures.study, "hostile": Fixtures.hostile, "big": Fixtures.big][name]!
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ng-graph-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let graphml = folder.appendingPathComponent("graph.graphml")
        let json = folder.appendingPathComponent("graph.json")
        try Data(GraphMLWriter().write(graph).utf8).write(to: graphml)
        try Data(JSONGraphWriter().write(graph).utf8).write(to: json)

        let run = try Tool.run("python3", ["-c", Self.reader, graphml.path, json.path])
        try #require(run.status == 0, "python3/networkx could not read the exports: \(run.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(run.stdout.utf8))
        #expect(report.graphml == Self.expected(graph))
        #expect(report.json == Self.expected(graph))
        #expect(report.sameNodes)
        #expect(report.rankTypes == ["float"])
        #expect(report.weights == ["float"] || graph.edges.isEmpty)
        // Labels come back as written, minus what XML cannot carry (NUL, BEL).
        let written = graph.nodes.map { $0.label.filter { $0 != "\u{0}" && $0 != "\u{7}" } }
        #expect(report.labels == written.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            || Set(report.labels) == Set(written))
    }

    @Test func jsonShapeAndKeyOrder() throws {
        let text = JSONGraphWriter().write(Fixtures.study)
        #expect(text.hasPrefix("{\n  \"graph\": {\n    \"directed\": true,\n    \"type\": \"notegraph\",\n    \"label\": \"notegraph\",\n    \"metadata\": {"))
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let graph = object["graph"] as! [String: Any]
        let nodes = graph["nodes"] as! [String: [String: Any]]
        let vae = nodes["note:ml/vae.md"]!
        #expect(vae["label"] as? String == "변분 오토인코더 (Variational Autoencoder) 정리")
        let meta = vae["metadata"] as! [String: Any]
        #expect(meta["kind"] as? String == "note")
        #expect(meta["url"] as? String == "ml/vae/")
        #expect(meta["folder"] as? String == "ml")
        #expect(meta["tags"] as? [String] == ["deep-learning", "생성모델"])
        #expect(meta["aliases"] as? [String] == ["VAE"])
        #expect(meta["rank"] is Double)
        #expect(nodes["concept:kl divergence"]!["metadata"].map { ($0 as! [String: Any])["url"] == nil } == true)
        let edges = graph["edges"] as! [[String: Any]]
        #expect(edges.count == Fixtures.study.edges.count)
        let defines = edges.first { $0["relation"] as? String == "defines" && $0["source"] as? String == "note:ml/vae.md" }!
        #expect((defines["metadata"] as! [String: Any])["anchor"] as? String == "variational-autoencoder-vae")
        // Keys in the documented order inside an edge.
        #expect(text.contains("\"source\": \"note:index.md\",\n        \"target\": \"note:ml/vae.md\",\n        \"relation\": \"links\",\n        \"metadata\": {\n          \"kind\": \"links\",\n          \"weight\": 1\n"))
    }

    @Test func jsonEscapesEverything() throws {
        let text = JSONGraphWriter().write(Fixtures.hostile)
        #expect(text.contains(#""note:a\"b""#))
        #expect(text.contains("\"tag:nul\u{FFFD}bell\u{FFFD}\""))
        #expect(text.contains(#"line\nbreak"#))
        #expect(text.contains(#"nul\u0000bell\u0007"#))
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let nodes = (object["graph"] as! [String: Any])["nodes"] as! [String: Any]
        #expect(nodes.count == Fixtures.hostile.nodes.count)
        #expect(nodes["concept:back\\slash"] != nil)
    }

    @Test func ranksCanComeFromTheWholeGraph() {
        let whole = Fixtures.study
        let part = whole.subgraph(nodes: [NodeID(.note, "ml/vae.md"), NodeID(.note, "ml/elbo.md")])
        var options = JSONGraphWriter.Options()
        options.ranks = [NodeID(.note, "ml/vae.md"): 0.25, NodeID(.note, "ml/elbo.md"): 0.125]
        let text = JSONGraphWriter(options: options).write(part)
        #expect(text.contains("\"rank\": 0.25"))
        #expect(text.contains("\"rank\": 0.125"))
    }

    @Test func graphmlDeclaresTypedKeys() {
        let text = GraphMLWriter().write(Fixtures.hostile)
        #expect(text.contains(#"<key id="rank" for="node" attr.name="rank" attr.type="double"/>"#))
        #expect(text.contains(#"<key id="weight" for="edge" attr.name="weight" attr.type="double"/>"#))
        #expect(text.contains(#"<node id="note:a&quot;b">"#))
        #expect(text.contains("<data key=\"label\">&lt;b&gt;</data>"))
        #expect(!text.contains("\u{0}"))
        #expect(!text.contains("\u{7}"))
        #expect(text.contains(#"<data key="tags">["a\"b"]</data>"#.replacingOccurrences(of: "\"b", with: "\\\"b")) || text.contains("<data key=\"tags\">[&quot;") || text.contains("<data key=\"tags\">[\""))
    }

    @Test func sameGraphSameBytes() {
        #expect(GraphMLWriter().write(Fixtures.study) == GraphMLWriter().write(Fixtures.study))
        #expect(JSONGraphWriter().write(Fixtures.hostile) == JSONGraphWriter().write(Fixtures.hostile))
    }

    /// Whole documents, JSON in both layouts and GraphML, byte for byte: any change in
    /// escaping, layout or numbers shows. Ranks are given, so the files do not follow PageRank.
    @Test func goldenFiles() throws {
        for (name, graph) in [("study", Fixtures.study), ("hostile", Fixtures.hostile), ("controls", Fixtures.controls), ("empty", Graph())] {
            let ranks = Dictionary(uniqueKeysWithValues: graph.nodes.enumerated().map { ($1.id, Double($0) / 7) })
            var json = JSONGraphWriter.Options()
            json.ranks = ranks
            try Golden.check(JSONGraphWriter(options: json).write(graph), named: "\(name).json")
            json.pretty = false
            json.label = "a \"label\" <&>\n"
            try Golden.check(JSONGraphWriter(options: json).write(graph), named: "\(name)-compact.json")
            var graphML = GraphMLWriter.Options()
            graphML.ranks = ranks
            try Golden.check(GraphMLWriter(options: graphML).write(graph), named: "\(name).graphml")
            // Ranks by index, as the site gives them: the same files.
            let byIndex = graph.nodes.indices.map { Double($0) / 7 }
            json.ranksByIndex = byIndex
            try Golden.check(JSONGraphWriter(options: json).write(graph), named: "\(name)-compact.json")
            graphML.ranksByIndex = byIndex
            try Golden.check(GraphMLWriter(options: graphML).write(graph), named: "\(name).graphml")
        }
    }

    @Test func numbers() {
        #expect(JSONValue.number(1).serialized(pretty: false) == "1\n")
        #expect(JSONValue.number(0.5).serialized(pretty: false) == "0.5\n")
        #expect(JSONValue.number(.nan).serialized(pretty: false) == "0\n")
        #expect(JSONValue.object([("b", .null), ("a", .array([]))]).serialized(pretty: false) == "{\"b\":null,\"a\":[]}\n")
    }
}

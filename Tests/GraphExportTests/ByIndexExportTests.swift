@testable import GraphExport
import KnowledgeGraph
import Testing
import TestSupport

/// The graph files as the site writes them: ranks and links by node index, JSON keys and kind
/// names copied from fragments, GraphML kind lines made once per kind. Each is checked against
/// the general path (ranks and links by id) or an independent reference (the document built as
/// a `JSONValue` tree) on random graphs with hostile names, every kind, missing urls and
/// folders, anchors, and odd weights.
@Suite struct ByIndexExportTests {
    static func graph(_ random: inout SplitMix) -> Graph {
        let count = random.below(30)
        var nodes: [Node] = []
        for k in 0..<count {
            let kind = random.pick(NodeKind.allCases)
            let label = RadialSVGWriterEquivalenceTests.name(&random)
            nodes.append(Node(id: NodeID(kind, random.chance(20) ? label : "n\(k)/\(label)"), label: label,
                              url: random.chance(30) ? nil : "u/\(label)/",
                              folder: random.chance(40) ? nil : random.pick(["", "ml", "ml/deep", "한글 폴더", "a\"b"]),
                              tags: (0..<random.below(3)).map { _ in RadialSVGWriterEquivalenceTests.name(&random) },
                              aliases: (0..<random.below(3)).map { _ in RadialSVGWriterEquivalenceTests.name(&random) }))
        }
        var edges: [Fixtures.EdgeSpec] = []
        if !nodes.isEmpty {
            for _ in 0..<random.below(4 * count) {
                let kind = random.pick(EdgeKind.allCases)
                edges.append((random.pick(nodes).id, random.pick(nodes).id, kind, random.pick(RadialSVGWriterEquivalenceTests.weights),
                              kind == .defines && random.chance(70) ? "sec-\(random.below(9))<&>" : nil))
            }
        }
        return Graph(nodes: nodes, edges: edges)
    }

    /// The JSON Graph document as a value, from its description in `JSONGraphWriter`.
    static func document(_ graph: Graph, ranks: [Double], label: String) -> JSONValue {
        func id(_ i: Int) -> String { NodeIdentifier.of(graph.nodes[i].id) }
        let nodeKinds: [(key: String, value: JSONValue)] = NodeKind.allCases.compactMap { kind in
            let count = graph.nodes.filter { $0.id.kind == kind }.count
            return count > 0 ? (kind.rawValue, .number(Double(count))) : nil
        }
        let edgeKinds: [(key: String, value: JSONValue)] = EdgeKind.allCases.compactMap { kind in
            let count = graph.edges.filter { $0.kind == kind }.count
            return count > 0 ? (kind.rawValue, .number(Double(count))) : nil
        }
        let nodes: [(key: String, value: JSONValue)] = graph.nodes.enumerated().map { n, node in
            var metadata: [(key: String, value: JSONValue)] = [("kind", .string(node.id.kind.rawValue))]
            if let url = node.url { metadata.append(("url", .string(url))) }
            if let folder = node.folder { metadata.append(("folder", .string(folder))) }
            metadata.append(("tags", .array(node.tags.map { .string($0) })))
            metadata.append(("aliases", .array(node.aliases.map { .string($0) })))
            metadata.append(("rank", .number(GraphRank.rounded(n < ranks.count ? ranks[n] : 0))))
            return (id(n), .object([("label", .string(node.label)), ("metadata", .object(metadata))]))
        }
        let edges: [JSONValue] = graph.edges.map { edge in
            var metadata: [(key: String, value: JSONValue)] = [("kind", .string(edge.kind.rawValue)), ("weight", .number(edge.weight))]
            if let anchor = edge.anchor { metadata.append(("anchor", .string(anchor))) }
            return .object([("source", .string(id(edge.source))), ("target", .string(id(edge.target))),
                            ("relation", .string(edge.kind.rawValue)), ("metadata", .object(metadata))])
        }
        return .object([("graph", .object([
            ("directed", .bool(true)), ("type", .string("notegraph")), ("label", .string(label)),
            ("metadata", .object([("generator", .string("notegraph")), ("nodeCount", .number(Double(graph.nodes.count))),
                                  ("edgeCount", .number(Double(graph.edges.count))),
                                  ("nodeKinds", .object(nodeKinds)), ("edgeKinds", .object(edgeKinds))])),
            ("nodes", .object(nodes)),
            ("edges", .array(edges)),
        ]))])
    }

    @Test func streamedJSONIsTheValueTree() {
        var random = SplitMix(state: 0x15_0A)
        var edges = 0, anchors = 0
        for round in 0..<200 {
            let graph = Self.graph(&random)
            // Sometimes fewer ranks than nodes: the rest rank 0.
            let ranks = (0..<(random.chance(10) ? random.below(graph.nodes.count + 1) : graph.nodes.count)).map { _ in
                random.pick([0, 0.5, 1 / 3, 1e-12, 0.123456789012345, .nan])
            }
            for pretty in [true, false] {
                var options = JSONGraphWriter.Options()
                options.ranksByIndex = ranks
                options.pretty = pretty
                options.label = random.pick(["notegraph", "a \"label\" <&>\n"])
                let written = JSONGraphWriter(options: options).write(graph)
                #expect(written == Self.document(graph, ranks: ranks, label: options.label).serialized(pretty: pretty), "round \(round)")
                // By id, as other callers give them: the same document.
                options.ranks = Dictionary(uniqueKeysWithValues: ranks.indices.map { (graph.nodes[$0].id, ranks[$0]) })
                options.ranksByIndex = nil
                #expect(JSONGraphWriter(options: options).write(graph) == written, "round \(round)")
            }
            edges += graph.edges.count
            anchors += graph.edges.filter { $0.anchor != nil }.count
        }
        #expect(edges > 3000 && anchors > 50)
    }

    @Test func graphMLRanksByIndexAreRanksByID() {
        var random = SplitMix(state: 0x6_4A)
        for round in 0..<150 {
            let graph = Self.graph(&random)
            let ranks = graph.nodes.indices.map { _ in random.pick([0, 0.25, 1 / 7, 1e-9, .infinity]) }
            var byIndex = GraphMLWriter.Options()
            byIndex.ranksByIndex = ranks
            var byID = GraphMLWriter.Options()
            byID.ranks = Dictionary(uniqueKeysWithValues: ranks.indices.map { (graph.nodes[$0].id, ranks[$0]) })
            #expect(GraphMLWriter(options: byIndex).write(graph) == GraphMLWriter(options: byID).write(graph), "round \(round)")
        }
    }

    @Test func dotLinksByIndexAreLinksByID() {
        var random = SplitMix(state: 0xD0_7)
        for round in 0..<150 {
            let graph = Self.graph(&random)
            let urls: [String?] = graph.nodes.indices.map { k in
                random.chance(30) ? nil : random.pick(["../\(k)/", "a b/\"q\"&<x>/", "한글/", "\\N\\G/", "%41/"])
            }
            var byIndex = DOTWriter.Options()
            byIndex.links = .byIndex(random.chance(10) ? Array(urls.prefix(random.below(urls.count + 1))) : urls)
            guard case .byIndex(let given) = byIndex.links else { continue }
            var byID = DOTWriter.Options()
            var table: [NodeID: String] = [:]
            for (k, url) in given.enumerated() { if let url { table[graph.nodes[k].id] = url } }
            byID.links = .explicit(table)
            if random.chance(30) {
                byIndex.clustering = .folder
                byID.clustering = .folder
            }
            #expect(DOTWriter(options: byIndex).write(graph) == DOTWriter(options: byID).write(graph), "round \(round)")
        }
    }
}

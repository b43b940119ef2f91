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

/// The byte-level shortcuts under every writer, against plain references.
@Suite struct ByteShortcutTests {
    /// Digits are written two at a time from a table: every integer near zero, every power of
    /// ten and its neighbours, the extremes and random ones, after other bytes.
    @Test func integersAsStringWritesThem() {
        #expect(ByteBuffer.digitPairs.utf8CodeUnitCount == 200)
        var numbers: [Int64] = Array(-10_000...10_000) + [.max, .min, .max - 1, .min + 1]
        var power: Int64 = 1
        for _ in 0..<19 {
            numbers += [power - 1, power, power + 1, -power + 1, -power, -power - 1]
            if power <= Int64.max / 10 { power *= 10 }
        }
        var random = SplitMix(state: 0x1D16)
        for _ in 0..<20_000 { numbers.append(Int64(bitPattern: random.next()) >> random.below(64)) }
        for n in numbers {
            var out = ByteBuffer(capacity: 1)
            out.append(byte: UInt8(ascii: "x"))
            out.append(integer: n)
            #expect(out.string == "x" + String(n), "\(n)")
        }
    }

    /// Ids are checked for characters to replace by their bytes first; the result must be the
    /// scalar-by-scalar replacement for keys with every control, U+FFFE/U+FFFF, other
    /// characters led by EF, and none.
    @Test func nodeIdentifiersAsByScalars() {
        func reference(_ id: NodeID) -> String {
            var out = String.UnicodeScalarView()
            for scalar in id.description.unicodeScalars {
                let bad = (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0xFFFE || scalar.value == 0xFFFF
                out.append(bad ? "\u{FFFD}" : scalar)
            }
            return String(out)
        }
        let pieces = (0..<0x20).map { String(UnicodeScalar($0)!) } + ["\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "\u{F000}", "\u{FEFF}", "ｆ", "\u{7F}", "\u{85}",
                                                                       "a", "한글", "🎉", "e\u{301}", "\r\n", "\\", "\""]
        var random = SplitMix(state: 0x1D)
        for _ in 0..<3000 {
            let key = (0..<random.below(6)).map { _ in random.pick(pieces) }.joined()
            let id = NodeID(random.pick(NodeKind.allCases), key)
            #expect(NodeIdentifier.of(id) == reference(id), "\(key.unicodeScalars.map { $0.value })")
        }
    }

    /// With a focus that is not in the graph every edge is away from it, so every edge is
    /// faint; with one in it, exactly the edges that do not touch it are.
    @Test func dotFaintEdgesFollowTheFocus() {
        for graph in [Fixtures.study, Fixtures.hostile, Fixtures.controls] {
            var options = DOTWriter.Options()
            options.focus = NodeID(.note, "not/in/the/graph.md")
            let edges = DOTWriter(options: options).write(graph).split(separator: "\n").filter { $0.contains(" -> ") }
            #expect(edges.count == graph.edges.count)
            #expect(edges.allSatisfy { $0.contains("ng-faint") })
            for (k, node) in graph.nodes.enumerated() {
                options.focus = node.id
                let lines = DOTWriter(options: options).write(graph).split(separator: "\n").filter { $0.contains(" -> ") }
                let touching = graph.edges.filter { $0.source == k || $0.target == k }.count
                #expect(lines.filter { !$0.contains("ng-faint") }.count == touching, "\(node.id)")
            }
        }
    }
}

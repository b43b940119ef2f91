import KnowledgeGraph
import Testing
import TestSupport

/// `Graph(nodes:edges:)` and `Graph(nodes:indexedEdges:)` sort and merge the edges in place
/// (keys sorted, then the edges moved along the permutation's cycles, then repeats folded
/// forward). Here against the plain way: every edge renumbered into a new list, a stable sort on
/// (source, target, kind), and a merge that adds each repeat's weight in input order and keeps
/// the first anchor. Generated graphs with repeated nodes, edges in every order, many repeats
/// of one edge (weights whose sum depends on their order), anchors on some repeats only, and
/// edges naming unknown nodes (dropped).
@Suite struct GraphConstructionTests {
    typealias Input = (source: Int, target: Int, kind: EdgeKind, weight: Double, anchor: String?)

    /// Nodes (some ids twice) and edges between them, by index in `nodes`.
    static func generated(seed: UInt64) -> (nodes: [Node], edges: [Input]) {
        var random = SplitMix(state: seed)
        let distinct = 1 + random.below(40)
        let kinds: [NodeKind] = [.note, .concept, .tag]
        var nodes = (0..<distinct).map { k in Node(id: NodeID(random.pick(kinds), "n\(random.below(500))-\(k)"), label: "\(k)") }
        // Repeats of earlier ids, with other labels: the first of each is kept.
        for _ in 0..<random.below(6) {
            let copy = nodes[random.below(nodes.count)]
            nodes.append(Node(id: copy.id, label: copy.label + "′"))
        }
        let weights = [1, 2, 0.1, 0.2, 0.3, 1e16, -1e16, 0.5, -0.25]
        var edges: [Input] = []
        for _ in 0..<random.below(12 * nodes.count) {
            let a = random.below(nodes.count), b = random.below(nodes.count)
            let repeats = random.chance(25) ? 1 + random.below(6) : 1
            let kind = random.pick(EdgeKind.allCases)
            for _ in 0..<repeats {
                edges.append((a, b, kind, random.pick(weights), random.chance(20) ? "s\(random.below(3))" : nil))
            }
        }
        // Shuffled, so repeats lie apart.
        for k in stride(from: edges.count - 1, to: 0, by: -1) { edges.swapAt(k, random.below(k + 1)) }
        return (nodes, edges)
    }

    /// The plain way, over ids: the kept node of each id, sorted; the edges renumbered, sorted
    /// stably, merged.
    static func reference(nodes: [Node], edges: [Input]) -> (nodes: [Node], edges: [Edge]) {
        var first: [NodeID: Node] = [:]
        for node in nodes where first[node.id] == nil { first[node.id] = node }
        let kept = first.values.sorted { $0.id < $1.id }
        var position: [NodeID: Int] = [:]
        for (p, node) in kept.enumerated() { position[node.id] = p }
        let renumbered = edges.enumerated().map { k, e in
            (k, Edge(source: position[nodes[e.source].id]!, target: position[nodes[e.target].id]!, kind: e.kind, weight: e.weight, anchor: e.anchor))
        }
        let sorted = renumbered.sorted { x, y in
            let a = x.1, b = y.1
            if (a.source, a.target, a.kind.ordinal) != (b.source, b.target, b.kind.ordinal) {
                return (a.source, a.target, a.kind.ordinal) < (b.source, b.target, b.kind.ordinal)
            }
            return x.0 < y.0
        }.map(\.1)
        var merged: [Edge] = []
        for edge in sorted {
            if let last = merged.last, last.source == edge.source, last.target == edge.target, last.kind == edge.kind {
                merged[merged.count - 1].weight += edge.weight
                if last.anchor == nil { merged[merged.count - 1].anchor = edge.anchor }
            } else {
                merged.append(edge)
            }
        }
        return (kept, merged)
    }

    @Test func indexedEdgesAreSortedAndMergedAsThePlainWayDoes() {
        for seed in 0..<300 as Range<UInt64> {
            let (nodes, edges) = Self.generated(seed: seed)
            let expected = Self.reference(nodes: nodes, edges: edges)
            let graph = Graph(nodes: nodes, indexedEdges: edges.map {
                Edge(source: $0.source, target: $0.target, kind: $0.kind, weight: $0.weight, anchor: $0.anchor)
            })
            #expect(graph.nodes == expected.nodes, "seed \(seed)")
            // Weights compared bit for bit: an addition in another order shows in the last bit.
            #expect(graph.edges.map(\.weight.bitPattern) == expected.edges.map(\.weight.bitPattern), "seed \(seed)")
            #expect(graph.edges == expected.edges, "seed \(seed)")
        }
    }

    @Test func edgesByIdAreTheSameAndDropUnknownEnds() {
        for seed in 0..<200 as Range<UInt64> {
            let (nodes, edges) = Self.generated(seed: seed)
            let expected = Self.reference(nodes: nodes, edges: edges)
            let stranger = NodeID(.note, "not among the nodes")
            var byID = edges.map { (source: nodes[$0.source].id, target: nodes[$0.target].id, kind: $0.kind, weight: $0.weight, anchor: $0.anchor) }
            // Edges to or from a node that is not there are dropped, wherever they lie.
            for k in stride(from: byID.count, through: 0, by: -7) {
                byID.insert((stranger, nodes[0].id, .links, 5, "x"), at: k)
                byID.insert((nodes[0].id, stranger, .mentions, 5, nil), at: k)
            }
            let graph = Graph(nodes: nodes, edges: byID)
            #expect(graph.nodes == expected.nodes, "seed \(seed)")
            #expect(graph.edges == expected.edges, "seed \(seed)")
        }
    }

    @Test func repeatedEdgesAddUpAndKeepTheFirstAnchorInInputOrder() {
        let a = NodeID(.note, "a"), x = NodeID(.concept, "x"), b = NodeID(.note, "b")
        let graph = Graph(
            nodes: [Sample.note("b"), Sample.note("a"), Node(id: x, label: "X"), Sample.note("a", "second a is dropped")],
            edges: [
                (a, x, .defines, 1, nil), (b, a, .links, 1, nil), (a, x, .mentions, 2, nil),
                (a, x, .defines, 0.5, "first-anchor"), (a, x, .defines, 0.25, "second-anchor"),
                (a, NodeID(.note, "nowhere"), .links, 1, nil), (a, b, .links, 1, nil), (b, a, .links, 2, nil),
            ])
        #expect(graph.nodes.map(\.id) == [a, b, x], "sorted by id, the first of a repeated node kept")
        #expect(graph.nodes[0].label == "a")
        let edges = graph.edges.map { (graph.nodes[$0.source].id.key, graph.nodes[$0.target].id.key, $0.kind, $0.weight, $0.anchor) }
        #expect(edges.count == 4, "an edge to a missing node is dropped, repeats merged")
        #expect(edges[0] == ("a", "b", .links, 1, nil))
        #expect(edges[1] == ("a", "x", .defines, 1.75, "first-anchor"))
        #expect(edges[2] == ("a", "x", .mentions, 2, nil))
        #expect(edges[3] == ("b", "a", .links, 3, nil))
    }

    @Test func emptyAndSingleEdgeGraphs() {
        let a = Node(id: NodeID(.note, "a"), label: "A"), b = Node(id: NodeID(.concept, "b"), label: "B")
        #expect(Graph(nodes: [], indexedEdges: []).edges.isEmpty)
        #expect(Graph(nodes: [a, b], indexedEdges: []).nodes == [a, b])
        let one = Graph(nodes: [b, a], indexedEdges: [Edge(source: 1, target: 0, kind: .defines, anchor: "b")])
        #expect(one.nodes == [a, b])
        #expect(one.edges == [Edge(source: 0, target: 1, kind: .defines, anchor: "b")])
    }
}

import KnowledgeGraph
import Testing
import TestSupport

/// The queries that walk `Adjacency`'s flat runs (`edges(among:)`, `strongestNeighbours`,
/// `steps`) against plain references that scan every edge, on generated graphs with hubs,
/// edges of several kinds between one pair, repeated edges (merged), self-loops, links both
/// ways and weights of zero, below zero and fractions: any divergence in which edges are found,
/// in what order, or in a weight's last bit, fails here.
@Suite struct AdjacencyEquivalenceTests {
    static func generated(seed: UInt64) -> Graph {
        var random = SplitMix(state: seed)
        let count = 1 + random.below(60)
        let kinds: [NodeKind] = [.note, .note, .concept, .tag]
        let nodes = (0..<count).map { k in
            Node(id: NodeID(random.pick(kinds), "k\(random.below(1000))-\(k)"), label: "n\(k)")
        }
        var edges: [(source: NodeID, target: NodeID, kind: EdgeKind, weight: Double, anchor: String?)] = []
        let weights = [1, 1, 2, 0.5, 0, -1, 3.25, 0.1, 1e-3]
        // A few hubs, joined to most nodes both ways.
        let hubs = (0..<min(count, 1 + random.below(3))).map { _ in random.below(count) }
        for hub in hubs {
            for other in 0..<count where random.chance(70) {
                let (a, b) = random.chance(50) ? (hub, other) : (other, hub)
                edges.append((nodes[a].id, nodes[b].id, random.pick(EdgeKind.allCases), random.pick(weights), random.chance(10) ? "s" : nil))
            }
        }
        for _ in 0..<random.below(4 * count) {
            let a = random.below(count), b = random.chance(8) ? a : random.below(count)   // self-loops too
            edges.append((nodes[a].id, nodes[b].id, random.pick(EdgeKind.allCases), random.pick(weights), nil))
            if random.chance(20) { edges.append((nodes[b].id, nodes[a].id, random.pick(EdgeKind.allCases), random.pick(weights), nil)) }
            if random.chance(15) { edges.append(edges[edges.count - 1]) }   // repeated: weights added
        }
        return Graph(nodes: nodes, edges: edges)
    }

    static func filter(_ random: inout SplitMix) -> GraphFilter {
        GraphFilter(nodeKinds: random.chance(50) ? nil : Set(NodeKind.allCases.filter { _ in random.chance(60) }),
                    edgeKinds: random.chance(40) ? nil : Set(EdgeKind.allCases.filter { _ in random.chance(60) }),
                    minWeight: random.pick([0, 0, 0.5, 1, -2]))
    }

    /// Every edge between two chosen nodes that the filter keeps, by a scan of all edges.
    static func referenceEdges(_ graph: Graph, among chosen: [Int], keeping filter: GraphFilter) -> [[Int]] {
        var position: [Int: Int] = [:]
        for (k, i) in chosen.enumerated() { position[i] = k }
        return graph.edges.indices.compactMap { e in
            let edge = graph.edges[e]
            guard let s = position[edge.source], let t = position[edge.target], filter.keeps(edge) else { return nil }
            return [s, t, e]
        }
    }

    /// The neighbours as first written: weights summed in a dictionary over `steps` taken by a
    /// scan of all edges, sorted by weight then id.
    static func referenceNeighbours(_ graph: Graph, of index: Int, filter: GraphFilter) -> [(node: Int, weight: Double)] {
        var weights: [Int: Double] = [:]
        for step in referenceSteps(graph, from: index, direction: .both)
        where filter.keeps(graph.edges[step.edge]) && filter.keeps(graph.nodes[step.node]) {
            weights[step.node, default: 0] += max(0, graph.edges[step.edge].weight)
        }
        return weights.map { (node: $0.key, weight: $0.value) }.sorted {
            $0.weight != $1.weight ? $0.weight > $1.weight : graph.nodes[$0.node].id < graph.nodes[$1.node].id
        }
    }

    static func referenceSteps(_ graph: Graph, from node: Int, direction: Direction) -> [(edge: Int, node: Int)] {
        var steps: [(edge: Int, node: Int)] = []
        if direction != .incoming {
            for (e, edge) in graph.edges.enumerated() where edge.source == node && edge.target != node { steps.append((e, edge.target)) }
        }
        if direction != .outgoing {
            for (e, edge) in graph.edges.enumerated() where edge.target == node && edge.source != node { steps.append((e, edge.source)) }
        }
        return steps
    }

    @Test func edgesAmongChosenNodesAreThoseOfAScan() {
        var random = SplitMix(state: 7)
        var found = 0
        for seed in 0..<300 as Range<UInt64> {
            let graph = Self.generated(seed: seed)
            let adjacency = graph.adjacency()
            for _ in 0..<8 {
                let filter = Self.filter(&random)
                // Subsets of every size, the hubs often among them; all nodes too.
                let chosen = random.chance(10) ? Array(graph.nodes.indices)
                    : graph.nodes.indices.filter { _ in random.chance(1 + random.below(60)) }
                let expected = Self.referenceEdges(graph, among: chosen, keeping: filter)
                let edges = graph.edges(among: chosen, keeping: filter, adjacency: adjacency).map { [$0.source, $0.target, $0.edge] }
                #expect(edges == expected, "seed \(seed), chosen \(chosen)")
                var visited: [[Int]] = []
                graph.forEachEdge(among: chosen, keeping: filter, adjacency: adjacency) { source, target, edge, kind, weight in
                    visited.append([source, target, edge])
                    #expect(kind == graph.edges[edge].kind && weight.bitPattern == graph.edges[edge].weight.bitPattern)
                }
                #expect(visited == expected, "seed \(seed)")
                // `alsoRequiring` is asked about exactly the edges found, and drops those it refuses.
                let heavy = graph.edges(among: chosen, keeping: filter, adjacency: adjacency, alsoRequiring: { $0.weight > 1 })
                #expect(heavy.map { [$0.source, $0.target, $0.edge] } == expected.filter { graph.edges[$0[2]].weight > 1 })
                // The subgraph through the adjacency is the one by a scan.
                #expect(graph.subgraph(indices: chosen, keepingEdges: filter, adjacency: adjacency)
                        == graph.subgraph(indices: chosen, keepingEdges: filter))
                found += expected.count
            }
        }
        #expect(found > 1000)
    }

    /// A local graph's dozen nodes around hubs with thousands of edges: the search gallops
    /// over long runs, from every starting point, to targets near and far.
    @Test func edgesAmongAFewNodesOfBigHubs() {
        var random = SplitMix(state: 0x4B0B)
        let count = 3000
        let nodes = (0..<count).map { Node(id: NodeID($0 % 7 == 0 ? .concept : .note, "n\(1_000_000 + $0)"), label: "") }
        var edges: [(source: NodeID, target: NodeID, kind: EdgeKind, weight: Double, anchor: String?)] = []
        for hub in [0, 1, 1500, 2999] {
            for other in 0..<count where random.chance(hub == 1 ? 95 : 40) {
                edges.append((nodes[hub].id, nodes[other].id, random.pick(EdgeKind.allCases), random.pick([0.5, 1, 2]), nil))
                if random.chance(30) { edges.append((nodes[hub].id, nodes[other].id, random.pick(EdgeKind.allCases), 1, nil)) }
                if random.chance(30) { edges.append((nodes[other].id, nodes[hub].id, .links, 1, nil)) }
            }
        }
        let graph = Graph(nodes: nodes, edges: edges)
        let adjacency = graph.adjacency()
        for round in 0..<400 {
            var chosen = Set([0, 1, 1500, 2999].filter { _ in random.chance(70) })
            let spread = random.pick([3, 30, 300, 3000])
            let base = random.below(count)
            for _ in 0..<(2 + random.below(12)) { chosen.insert(min(count - 1, base + random.below(spread))) }
            let sorted = chosen.sorted()
            let filter = random.chance(50) ? GraphFilter() : Self.filter(&random)
            #expect(graph.edges(among: sorted, keeping: filter, adjacency: adjacency).map { [$0.source, $0.target, $0.edge] }
                    == Self.referenceEdges(graph, among: sorted, keeping: filter), "round \(round)")
        }
    }

    @Test func strongestNeighboursAreThoseOfADictionaryOfWeights() {
        var random = SplitMix(state: 11)
        for seed in 300..<600 as Range<UInt64> {
            let graph = Self.generated(seed: seed)
            let adjacency = graph.adjacency()
            for index in graph.nodes.indices {
                let filter = Self.filter(&random)
                let expected = Self.referenceNeighbours(graph, of: index, filter: filter)
                let all = graph.strongestNeighbours(of: index, filter: filter, adjacency: adjacency)
                #expect(all.map(\.node) == expected.map(\.node), "seed \(seed), node \(index)")
                // Weights to the last bit: summed in the same order.
                #expect(all.map(\.weight.bitPattern) == expected.map(\.weight.bitPattern), "seed \(seed), node \(index)")
                for limit in [0, 1, 2, 5, 11, 100] {
                    let head = graph.strongestNeighbours(of: index, filter: filter, adjacency: adjacency, limit: limit)
                    #expect(head.map(\.node) == expected.prefix(limit).map(\.node), "seed \(seed), node \(index), limit \(limit)")
                    #expect(head.map(\.weight.bitPattern) == expected.prefix(limit).map(\.weight.bitPattern))
                }
            }
        }
    }

    @Test func countsByKindAreThoseOfADictionary() {
        for seed in 800..<900 as Range<UInt64> {
            let graph = Self.generated(seed: seed)
            var nodes: [NodeKind: Int] = [:], edges: [EdgeKind: Int] = [:]
            for node in graph.nodes { nodes[node.id.kind, default: 0] += 1 }
            for edge in graph.edges { edges[edge.kind, default: 0] += 1 }
            let counts = graph.counts()
            #expect(counts.nodes == nodes && counts.edges == edges, "seed \(seed)")
        }
        #expect(Graph().counts().nodes.isEmpty && Graph().counts().edges.isEmpty)
    }

    @Test func stepsAndRunsAreThoseOfAScan() {
        for seed in 600..<800 as Range<UInt64> {
            let graph = Self.generated(seed: seed)
            let adjacency = graph.adjacency()
            for node in graph.nodes.indices {
                for direction in Direction.allCases {
                    let steps = adjacency.steps(from: node, in: graph, direction: direction)
                    let expected = Self.referenceSteps(graph, from: node, direction: direction)
                    #expect(steps.map { [$0.edge, $0.node] } == expected.map { [$0.edge, $0.node] }, "seed \(seed), node \(node)")
                }
                #expect(Array(adjacency.outgoing(of: node)) == graph.edges.indices.filter { graph.edges[$0].source == node })
                #expect(adjacency.incoming(of: node) == graph.edges.indices.filter { graph.edges[$0].target == node })
            }
        }
    }

    /// PageRank as first written: every iteration walks `Graph.edges` whole, with a weight per
    /// edge (0 for an edge that carries no rank).
    static func referencePageRank(_ graph: Graph, _ options: PageRankOptions) -> [Double] {
        let n = graph.nodes.count
        guard n > 0 else { return [] }
        var weightOf = [Double](repeating: 0, count: graph.edges.count)
        var outWeight = [Double](repeating: 0, count: n)
        for (i, edge) in graph.edges.enumerated() where options.edgeFilter.keeps(edge) {
            let w = options.weighted ? edge.weight : 1
            guard w.isFinite, w > 0 else { continue }
            weightOf[i] = w
            outWeight[edge.source] += w
        }
        let uniform = 1 / Double(n)
        var rank = [Double](repeating: uniform, count: n)
        var next = [Double](repeating: 0, count: n)
        for _ in 0..<max(1, options.maxIterations) {
            var dangling = 0.0
            for i in 0..<n where outWeight[i] == 0 { dangling += rank[i] }
            let base = (1 - options.damping) * uniform + options.damping * dangling * uniform
            for i in 0..<n { next[i] = base }
            for (i, edge) in graph.edges.enumerated() where weightOf[i] > 0 {
                next[edge.target] += options.damping * rank[edge.source] * weightOf[i] / outWeight[edge.source]
            }
            var change = 0.0
            for i in 0..<n { change += abs(next[i] - rank[i]) }
            swap(&rank, &next)
            if change < options.tolerance { break }
        }
        return rank
    }

    /// The flat arrays `pageRank` walks give the reference's scores to the last bit, whatever
    /// the filter, weighting, damping and iteration count.
    @Test func pageRankIsThatOfAWalkOverEveryEdge() {
        for seed in 0..<300 as Range<UInt64> {
            let graph = Self.generated(seed: seed)
            var random = SplitMix(state: seed ^ 0x9E37)
            let options = PageRankOptions(damping: random.pick([0.85, 0.5, 1, 0]), maxIterations: random.pick([100, 1, 3, 0]),
                                          tolerance: random.pick([1e-10, 0, 1e-3]), weighted: random.chance(70),
                                          edgeFilter: Self.filter(&random))
            let scores = graph.pageRank(options)
            let reference = Self.referencePageRank(graph, options)
            #expect(scores.map(\.bitPattern) == reference.map(\.bitPattern), "seed \(seed)")
            #expect(graph.centrality().map(\.bitPattern)
                    == Self.referencePageRank(graph, PageRankOptions(edgeFilter: GraphFilter(edgeKinds: Graph.centralityEdges))).map(\.bitPattern))
        }
    }
}

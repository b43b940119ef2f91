/// Settings of `Graph.pageRank`. The defaults are the usual ones (networkx's too).
public struct PageRankOptions: Sendable, Hashable {
    /// The chance of following an edge rather than jumping to a random node.
    public var damping: Double
    /// The iteration stops here even if it has not converged, so the running time is bounded.
    public var maxIterations: Int
    /// The iteration stops once the scores change by less than this in total (L1).
    public var tolerance: Double
    /// Follow edges in proportion to their weight; false treats every edge as weight 1.
    public var weighted: Bool
    /// The edges that count (`minWeight`, `edgeKinds`); nodes are never dropped.
    public var edgeFilter: GraphFilter

    public init(damping: Double = 0.85, maxIterations: Int = 100, tolerance: Double = 1e-10,
                weighted: Bool = true, edgeFilter: GraphFilter = GraphFilter()) {
        self.damping = damping
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.weighted = weighted
        self.edgeFilter = edgeFilter
    }
}

extension Graph {
    /// Weighted PageRank: one score per node (indexed like `nodes`), summing to 1.
    ///
    /// A random walker follows an outgoing edge with probability `damping` (picking edges in
    /// proportion to their weight) and otherwise jumps to any node; a node without outgoing edges
    /// sends its walker anywhere. Edges are visited in graph order and the iteration count is
    /// bounded, so the same graph gives the same scores, bit for bit.
    ///
    /// The edges that carry rank are first copied into flat arrays (source, target, weight, in
    /// graph order): an iteration then reads sixteen bytes an edge instead of a whole `Edge`
    /// (48 bytes, its anchor string retained and released with every copy), and a site's graph
    /// takes a few dozen iterations over tens of thousands of edges, on one core while the
    /// graph phase waits. The arithmetic is the same, in the same order, so the scores are the
    /// same to the last bit.
    public func pageRank(_ options: PageRankOptions = PageRankOptions()) -> [Double] {
        let n = nodes.count
        guard n > 0 else { return [] }
        let filter = options.edgeFilter.compiled
        var outWeight = [Double](repeating: 0, count: n)
        var sources: [Int32] = [], targets: [Int32] = [], weights: [Double] = []
        sources.reserveCapacity(edges.count)
        targets.reserveCapacity(edges.count)
        weights.reserveCapacity(edges.count)
        precondition(n < Int(Int32.max), "graph too large")
        for e in edges.indices where filter.keeps(edges[e].kind, weight: edges[e].weight) {
            let w = options.weighted ? edges[e].weight : 1
            guard w.isFinite, w > 0 else { continue }
            sources.append(Int32(truncatingIfNeeded: edges[e].source))
            targets.append(Int32(truncatingIfNeeded: edges[e].target))
            weights.append(w)
            outWeight[edges[e].source] += w
        }
        // Nodes without outgoing rank, in order: their walkers jump anywhere.
        let dangling = (0..<n).filter { outWeight[$0] == 0 }
        let uniform = 1 / Double(n)
        let damping = options.damping
        var rank = [Double](repeating: uniform, count: n)
        var next = [Double](repeating: 0, count: n)
        sources.withUnsafeBufferPointer { sources in
        targets.withUnsafeBufferPointer { targets in
        weights.withUnsafeBufferPointer { weights in
        outWeight.withUnsafeBufferPointer { outWeight in
            for _ in 0..<max(1, options.maxIterations) {
                let change = rank.withUnsafeBufferPointer { rank in
                    next.withUnsafeMutableBufferPointer { next in
                        var danglingRank = 0.0
                        for i in dangling { danglingRank += rank[i] }
                        let base = (1 - damping) * uniform + damping * danglingRank * uniform
                        for i in 0..<n { next[i] = base }
                        for k in 0..<sources.count {
                            let source = Int(sources[k])
                            next[Int(targets[k])] += damping * rank[source] * weights[k] / outWeight[source]
                        }
                        var change = 0.0
                        for i in 0..<n { change += abs(next[i] - rank[i]) }
                        return change
                    }
                }
                swap(&rank, &next)
                if change < options.tolerance { break }
            }
        }
        }
        }
        }
        return rank
    }

    /// Node indexes by descending score; equal scores (a common case in small graphs) are
    /// ordered by node id. `kinds` keeps only nodes of those kinds.
    public func ranked(by scores: [Double], kinds: Set<NodeKind>? = nil) -> [Int] {
        precondition(scores.count == nodes.count, "one score per node")
        return indices(of: kinds).sorted { ranksBefore($0, $1, by: scores) }
    }

    /// The `count` highest-scoring nodes (of `kinds`), best first: "the most central concepts"
    /// is `top(10, by: pageRank(), kinds: [.concept])`.
    public func top(_ count: Int, by scores: [Double], kinds: Set<NodeKind>? = nil) -> [Int] {
        precondition(scores.count == nodes.count, "one score per node")
        return top(count, of: indices(of: kinds), by: scores)
    }

    /// The first `count` of the nodes at `candidates` (distinct indices) by score, highest
    /// first, ties in id order: the prefix of `candidates` so sorted. Only the candidates
    /// scoring at least the `count`th highest score are sorted with the ids (a string
    /// comparison each): the ranking of a 10,000-note vault sorted twenty thousand concepts for
    /// twenty.
    public func top(_ count: Int, of candidates: [Int], by scores: [Double]) -> [Int] {
        guard count > 0 else { return [] }
        guard candidates.count > count, !candidates.contains(where: { scores[$0].isNaN }) else {
            return Array(candidates.sorted { ranksBefore($0, $1, by: scores) }.prefix(count))
        }
        let threshold = candidates.map { scores[$0] }.sorted(by: >)[count - 1]
        return Array(candidates.filter { scores[$0] >= threshold }.sorted { ranksBefore($0, $1, by: scores) }.prefix(count))
    }

    /// The order of `ranked` and `top`: the higher score first, equal scores in id order.
    private func ranksBefore(_ a: Int, _ b: Int, by scores: [Double]) -> Bool {
        scores[a] != scores[b] ? scores[a] > scores[b] : nodes[a].id < nodes[b].id
    }

    /// The indexes of the nodes of `kinds` (all of them for nil), in order.
    private func indices(of kinds: Set<NodeKind>?) -> [Int] {
        nodes.indices.filter { kinds?.contains(nodes[$0].id.kind) ?? true }
    }

    /// Scores by node id, for carrying ranks of a whole graph over to a part of it.
    public func scoresByID(_ scores: [Double]) -> [NodeID: Double] {
        var byID: [NodeID: Double] = [:]
        byID.reserveCapacity(nodes.count)
        for (i, node) in nodes.enumerated() where i < scores.count { byID[node.id] = scores[i] }
        return byID
    }
}

extension Graph {
    /// The edges that say something about what a note or concept is about. Tag edges are left
    /// out of centrality: every note of a big tag points at it, which would make tags the
    /// "most central" nodes of any vault and drain rank from the notes.
    public static let centralityEdges: Set<EdgeKind> = [.links, .defines, .mentions, .related]

    /// The centrality notegraph reports (`rank` in the exports, the graph page's ranking):
    /// weighted PageRank over `centralityEdges`.
    public func centrality() -> [Double] {
        pageRank(PageRankOptions(edgeFilter: GraphFilter(edgeKinds: Graph.centralityEdges)))
    }
}

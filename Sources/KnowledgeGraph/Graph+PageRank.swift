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
    public func pageRank(_ options: PageRankOptions = PageRankOptions()) -> [Double] {
        let n = nodes.count
        guard n > 0 else { return [] }
        var weightOf = [Double](repeating: 0, count: edges.count)
        var outWeight = [Double](repeating: 0, count: n)
        for (i, edge) in edges.enumerated() where options.edgeFilter.keeps(edge) {
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
            for (i, edge) in edges.enumerated() where weightOf[i] > 0 {
                next[edge.target] += options.damping * rank[edge.source] * weightOf[i] / outWeight[edge.source]
            }
            var change = 0.0
            for i in 0..<n { change += abs(next[i] - rank[i]) }
            swap(&rank, &next)
            if change < options.tolerance { break }
        }
        return rank
    }

    /// Node indexes by descending score; equal scores (a common case in small graphs) are
    /// ordered by node id. `kinds` keeps only nodes of those kinds.
    public func ranked(by scores: [Double], kinds: Set<NodeKind>? = nil) -> [Int] {
        precondition(scores.count == nodes.count, "one score per node")
        return nodes.indices
            .filter { kinds?.contains(nodes[$0].id.kind) ?? true }
            .sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : nodes[$0].id < nodes[$1].id }
    }

    /// The `count` highest-scoring nodes (of `kinds`), best first: "the most central concepts"
    /// is `top(10, by: pageRank(), kinds: [.concept])`.
    public func top(_ count: Int, by scores: [Double], kinds: Set<NodeKind>? = nil) -> [Int] {
        Array(ranked(by: scores, kinds: kinds).prefix(max(0, count)))
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

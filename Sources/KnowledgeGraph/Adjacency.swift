/// Which way a walk may follow an edge.
public enum Direction: String, Sendable, Hashable, CaseIterable {
    /// Source to target only.
    case outgoing
    /// Target to source only.
    case incoming
    /// Either way: the graph is treated as undirected.
    case both
}

/// The edges at each node, for walks and searches. Built once per graph (O(nodes + edges)) and
/// reused across many queries: the site asks for ten thousand neighbourhoods of one graph.
///
/// Kept as flat arrays rather than a list per node: a graph's edges are sorted by (source,
/// target, kind), so a node's outgoing edges are one run of edge indices, and the searches
/// over them (`Graph.edges(among:)`) read `targets`, four bytes an edge in one run of memory,
/// instead of following an index into `Graph.edges` (48 bytes an edge) on every probe.
public struct Adjacency: Sendable {
    /// `outStart[node]..<outStart[node + 1]`: the indexes into `Graph.edges` of the edges
    /// leaving `node`, in edge order, which is target order.
    let outStart: [Int]
    /// `targets[e]`: the target of edge `e`, so a node's targets are the run of its
    /// outgoing edges, sorted.
    let targets: [Int32]
    /// `kinds[e]` and `weights[e]`: edge `e`'s kind and weight beside its target, so a search
    /// that finds an edge tests and reports it without reading `Graph.edges`, whose 48-byte
    /// entries scattered over a big graph missed the cache for every edge a picture drew.
    let kinds: [EdgeKind]
    let weights: [Double]
    /// `inStart[node]..<inStart[node + 1]`: where the edges arriving at `node` are listed in
    /// `inEdges` (their indexes, in edge order, which is source order) and `inSources`.
    let inStart: [Int]
    let inEdges: [Int32]
    /// `inSources[k]`: the source of edge `inEdges[k]`; `inKinds[k]` and `inWeights[k]` its
    /// kind and weight, beside it: ranking the neighbours of a concept that thousands of notes
    /// mention reads them all, and reading them from `Graph.edges` missed the cache on each.
    let inSources: [Int32]
    let inKinds: [EdgeKind]
    let inWeights: [Double]

    public init(_ graph: Graph) {
        let nodeCount = graph.nodes.count, edges = graph.edges
        precondition(nodeCount < Int(Int32.max) && edges.count < Int(Int32.max), "graph too large for an Adjacency")
        var outStart = [Int](repeating: 0, count: nodeCount + 1)
        var inStart = [Int](repeating: 0, count: nodeCount + 1)
        var targets: [Int32] = []
        targets.reserveCapacity(edges.count)
        var kinds: [EdgeKind] = []
        kinds.reserveCapacity(edges.count)
        var weights: [Double] = []
        weights.reserveCapacity(edges.count)
        var previousSource = 0
        for edge in edges {
            // The runs rely on `Graph`'s order; a graph never holds edges out of it.
            precondition(edge.source >= previousSource, "graph edges not sorted by source")
            previousSource = edge.source
            outStart[edge.source + 1] += 1
            inStart[edge.target + 1] += 1
            targets.append(Int32(truncatingIfNeeded: edge.target))
            kinds.append(edge.kind)
            weights.append(edge.weight)
        }
        for node in 0..<nodeCount {
            outStart[node + 1] += outStart[node]
            inStart[node + 1] += inStart[node]
        }
        // Each edge into its target's run, in edge order (a counting sort, which is stable).
        var next = inStart
        var inEdges = [Int32](repeating: 0, count: edges.count)
        var inSources = [Int32](repeating: 0, count: edges.count)
        var inKinds = [EdgeKind](repeating: .links, count: edges.count)
        var inWeights = [Double](repeating: 0, count: edges.count)
        for (e, edge) in edges.enumerated() {
            let k = next[edge.target]
            inEdges[k] = Int32(truncatingIfNeeded: e)
            inSources[k] = Int32(truncatingIfNeeded: edge.source)
            inKinds[k] = edge.kind
            inWeights[k] = edge.weight
            next[edge.target] = k + 1
        }
        self.outStart = outStart
        self.targets = targets
        self.kinds = kinds
        self.weights = weights
        self.inStart = inStart
        self.inEdges = inEdges
        self.inSources = inSources
        self.inKinds = inKinds
        self.inWeights = inWeights
    }

    /// How many edges the graph this was built from has: queries check it is their graph's.
    var edgeCount: Int { targets.count }

    /// The indexes into `Graph.edges` of the edges leaving `node`, in edge order.
    public func outgoing(of node: Int) -> Range<Int> { outStart[node]..<outStart[node + 1] }

    /// The indexes of the edges arriving at `node`, in edge order.
    public func incoming(of node: Int) -> [Int] { inEdges[inStart[node]..<inStart[node + 1]].map { Int($0) } }

    /// The edges a walk from `node` may take, as (edge index, node at the other end), outgoing
    /// ones first; a self-loop is left out.
    public func steps(from node: Int, in graph: Graph, direction: Direction) -> [(edge: Int, node: Int)] {
        var steps: [(edge: Int, node: Int)] = []
        if direction != .incoming {
            for e in outgoing(of: node) where Int(targets[e]) != node { steps.append((e, Int(targets[e]))) }
        }
        if direction != .outgoing {
            for k in inStart[node]..<inStart[node + 1] where Int(inSources[k]) != node {
                steps.append((Int(inEdges[k]), Int(inSources[k])))
            }
        }
        return steps
    }
}

extension Graph {
    /// The adjacency lists of this graph; build once and pass to queries that run many times.
    public func adjacency() -> Adjacency { Adjacency(self) }
}

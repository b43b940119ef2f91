/// Which nodes and edges a query keeps. The default keeps everything.
public struct GraphFilter: Sendable, Hashable {
    /// Node kinds kept; nil keeps every kind.
    public var nodeKinds: Set<NodeKind>? { didSet { compiled = Compiled(nodeKinds, edgeKinds, minWeight) } }
    /// Edge kinds kept; nil keeps every kind.
    public var edgeKinds: Set<EdgeKind>? { didSet { compiled = Compiled(nodeKinds, edgeKinds, minWeight) } }
    /// Edges lighter than this are dropped (nodes stay).
    public var minWeight: Double { didSet { compiled = Compiled(nodeKinds, edgeKinds, minWeight) } }
    /// The same decisions as bits, made with the filter (and again when it is changed) rather
    /// than by each query: a site runs two queries with one filter for each of thousands of
    /// pictures, and walking the sets for each cost more than some of the queries.
    private(set) var compiled: Compiled

    public init(nodeKinds: Set<NodeKind>? = nil, edgeKinds: Set<EdgeKind>? = nil, minWeight: Double = 0) {
        self.nodeKinds = nodeKinds
        self.edgeKinds = edgeKinds
        self.minWeight = minWeight
        compiled = Compiled(nodeKinds, edgeKinds, minWeight)
    }

    public func keeps(_ node: Node) -> Bool { nodeKinds?.contains(node.id.kind) ?? true }

    public func keeps(_ edge: Edge) -> Bool {
        (edgeKinds?.contains(edge.kind) ?? true) && edge.weight >= minWeight
    }

    /// The same decisions as `keeps`, by a test of one bit: for loops over thousands of edges,
    /// where hashing the kind into a `Set` for each one shows in a profile. Made from the sets
    /// by walking their elements, which hashes nothing.
    struct Compiled: Hashable {
        /// Bit `kind.ordinal` set for each kind kept.
        private let nodeKinds: UInt8
        private let edgeKinds: UInt8
        private let minWeight: Double

        init(_ nodeKinds: Set<NodeKind>?, _ edgeKinds: Set<EdgeKind>?, _ minWeight: Double) {
            self.nodeKinds = nodeKinds.map { kinds in kinds.reduce(UInt8(0)) { $0 | 1 << UInt8($1.ordinal) } } ?? .max
            self.edgeKinds = edgeKinds.map { kinds in kinds.reduce(UInt8(0)) { $0 | 1 << UInt8($1.ordinal) } } ?? .max
            self.minWeight = minWeight
        }

        func keeps(_ node: Node) -> Bool { keeps(node.id.kind) }
        func keeps(_ edge: Edge) -> Bool { keeps(edge.kind, weight: edge.weight) }

        func keeps(_ kind: NodeKind) -> Bool { nodeKinds & 1 << UInt8(kind.ordinal) != 0 }
        func keeps(_ kind: EdgeKind, weight: Double) -> Bool { edgeKinds & 1 << UInt8(kind.ordinal) != 0 && weight >= minWeight }
    }
}

extension Graph {
    /// The subgraph induced by the nodes at `indices`: those nodes and every edge between two of
    /// them that `edgeFilter` keeps. Order (and so output) follows this graph's.
    public func subgraph(indices: some Sequence<Int>, keepingEdges edgeFilter: GraphFilter = GraphFilter()) -> Graph {
        var keep = [Bool](repeating: false, count: nodes.count)
        for i in indices where nodes.indices.contains(i) { keep[i] = true }
        var newIndex = [Int](repeating: -1, count: nodes.count)
        var kept: [Node] = []
        for i in nodes.indices where keep[i] {
            newIndex[i] = kept.count
            kept.append(nodes[i])
        }
        var keptEdges: [Edge] = []
        for edge in edges where keep[edge.source] && keep[edge.target] && edgeFilter.keeps(edge) {
            var copy = edge
            copy.source = newIndex[edge.source]
            copy.target = newIndex[edge.target]
            keptEdges.append(copy)
        }
        return Graph(orderedNodes: kept, orderedEdges: keptEdges)
    }

    /// The same subgraph, found through `adjacency` in time proportional to the edges at the
    /// chosen nodes rather than to the whole graph: for the many small pictures of a site.
    public func subgraph(indices: some Sequence<Int>, keepingEdges edgeFilter: GraphFilter = GraphFilter(), adjacency: Adjacency) -> Graph {
        let chosen = Set(indices.filter { nodes.indices.contains($0) }).sorted()
        let found = edges(among: chosen, keeping: edgeFilter, adjacency: adjacency)
        // Found in (source, target, kind) order already: the new graph keeps the old order.
        let keptEdges = found.map { item -> Edge in
            var copy = edges[item.edge]
            copy.source = item.source
            copy.target = item.target
            return copy
        }
        return Graph(orderedNodes: chosen.map { nodes[$0] }, orderedEdges: keptEdges)
    }

    /// The edges between the nodes at `chosen` (sorted, distinct, valid indices) that the filter
    /// and `alsoRequiring` keep, in this graph's edge order: each as its ends' positions in
    /// `chosen` and its own index here. For pictures drawn straight from the whole graph,
    /// without copying nodes and edges into a subgraph.
    public func edges(among chosen: [Int], keeping edgeFilter: GraphFilter = GraphFilter(), adjacency: Adjacency,
                      alsoRequiring extra: ((Edge) -> Bool)? = nil) -> [(source: Int, target: Int, edge: Int)] {
        var kept: [(source: Int, target: Int, edge: Int)] = []
        kept.reserveCapacity(2 * chosen.count)
        forEachEdge(among: chosen, keeping: edgeFilter, adjacency: adjacency) { source, target, edge, _, _ in
            if extra?(edges[edge]) ?? true { kept.append((source, target, edge)) }
        }
        return kept
    }

    /// `edges(among:)` one edge at a time, for a caller that makes its own list of them: `body`
    /// gets each edge's ends' positions in `chosen`, its index here, and its kind and weight
    /// (from `adjacency`, so the caller need not read the edge), in edge order.
    public func forEachEdge(among chosen: [Int], keeping edgeFilter: GraphFilter = GraphFilter(), adjacency: Adjacency,
                            _ body: (_ source: Int, _ target: Int, _ edge: Int, _ kind: EdgeKind, _ weight: Double) -> Void) {
        precondition(adjacency.edgeCount == edges.count, "adjacency of another graph")
        let filter = edgeFilter.compiled
        // Edges are in (source, target, kind) order, so each node's outgoing edges are one run,
        // sorted by target, and the edges from one chosen node to the others are where that run
        // of `targets` meets the (ascending) chosen nodes. A short run is walked beside them; a
        // hub's run of thousands, which a local graph of a dozen nodes often holds, is searched
        // for each of them instead, each search starting where the last ended and galloping
        // before it halves. The kind and weight are read beside the target.
        adjacency.targets.withUnsafeBufferPointer { targets in
        adjacency.kinds.withUnsafeBufferPointer { kinds in
        adjacency.weights.withUnsafeBufferPointer { weights in
                for (k, i) in chosen.enumerated() {
                    let run = adjacency.outgoing(of: i)
                    var low = run.lowerBound
                    let end = run.upperBound
                    if run.count <= 4 * chosen.count {
                        var t = 0
                        while low < end, t < chosen.count {
                            let target = Int(targets[low])
                            if target < chosen[t] {
                                low += 1
                            } else if target > chosen[t] {
                                t += 1
                            } else {
                                if filter.keeps(kinds[low], weight: weights[low]) { body(k, t, low, kinds[low], weights[low]) }
                                low += 1
                            }
                        }
                        continue
                    }
                    for (t, j) in chosen.enumerated() {
                        let target = Int32(truncatingIfNeeded: j)
                        // Past the run's last target, no later chosen node is one either.
                        if low == end || targets[end - 1] < target { break }
                        if targets[low] < target {
                            // targets[low] < target <= targets[end - 1]: find the first target
                            // at least `target`, keeping targets[low] < target <= targets[high].
                            var step = 1
                            var high = low + 1
                            while targets[high] < target {
                                low = high
                                step *= 2
                                high = min(low + step, end - 1)
                            }
                            while high - low > 1 {
                                let mid = (low + high) / 2
                                if targets[mid] < target { low = mid } else { high = mid }
                            }
                            low = high
                        }
                        while low < end, targets[low] == target {
                            if filter.keeps(kinds[low], weight: weights[low]) { body(k, t, low, kinds[low], weights[low]) }
                            low += 1
                        }
                    }
                }
            }
        }
        }
    }

    /// The subgraph induced by the nodes with these ids; ids not in the graph are ignored.
    public func subgraph(nodes ids: some Sequence<NodeID>, keepingEdges edgeFilter: GraphFilter = GraphFilter()) -> Graph {
        subgraph(indices: ids.compactMap { index(of: $0) }, keepingEdges: edgeFilter)
    }

    /// The nodes the filter keeps and the edges between them that it keeps.
    public func filtered(_ filter: GraphFilter) -> Graph {
        subgraph(indices: nodes.indices.filter { filter.keeps(nodes[$0]) }, keepingEdges: filter)
    }

    /// The same nodes with only the edges `keep` accepts.
    public func keepingEdges(where keep: (Edge) -> Bool) -> Graph {
        Graph(orderedNodes: nodes, orderedEdges: edges.filter(keep))
    }

    /// Node and edge counts by kind, for summaries; a kind with none has no entry.
    ///
    /// Counted by ordinal, each kind read in place, then put in the dictionaries: hashing the
    /// kind of every one of a site graph's tens of thousands of edges into a dictionary cost
    /// more than the rest of the counting.
    public func counts() -> (nodes: [NodeKind: Int], edges: [EdgeKind: Int]) {
        var byNodeKind = [Int](repeating: 0, count: NodeKind.allCases.count)
        var byEdgeKind = [Int](repeating: 0, count: EdgeKind.allCases.count)
        for i in nodes.indices { byNodeKind[nodes[i].id.kind.ordinal] += 1 }
        for e in edges.indices { byEdgeKind[edges[e].kind.ordinal] += 1 }
        var nodeCounts: [NodeKind: Int] = [:]
        var edgeCounts: [EdgeKind: Int] = [:]
        for kind in NodeKind.allCases where byNodeKind[kind.ordinal] > 0 { nodeCounts[kind] = byNodeKind[kind.ordinal] }
        for kind in EdgeKind.allCases where byEdgeKind[kind.ordinal] > 0 { edgeCounts[kind] = byEdgeKind[kind.ordinal] }
        return (nodeCounts, edgeCounts)
    }
}

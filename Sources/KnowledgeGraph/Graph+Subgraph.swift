/// Which nodes and edges a query keeps. The default keeps everything.
public struct GraphFilter: Sendable, Hashable {
    /// Node kinds kept; nil keeps every kind.
    public var nodeKinds: Set<NodeKind>?
    /// Edge kinds kept; nil keeps every kind.
    public var edgeKinds: Set<EdgeKind>?
    /// Edges lighter than this are dropped (nodes stay).
    public var minWeight: Double

    public init(nodeKinds: Set<NodeKind>? = nil, edgeKinds: Set<EdgeKind>? = nil, minWeight: Double = 0) {
        self.nodeKinds = nodeKinds
        self.edgeKinds = edgeKinds
        self.minWeight = minWeight
    }

    public func keeps(_ node: Node) -> Bool { nodeKinds?.contains(node.id.kind) ?? true }

    public func keeps(_ edge: Edge) -> Bool {
        (edgeKinds?.contains(edge.kind) ?? true) && edge.weight >= minWeight
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
        var newIndex: [Int: Int] = [:]
        newIndex.reserveCapacity(chosen.count)
        for (k, i) in chosen.enumerated() { newIndex[i] = k }
        var edgeIndexes: [Int] = []
        for i in chosen {
            for e in adjacency.outgoing[i] where newIndex[edges[e].target] != nil && edgeFilter.keeps(edges[e]) {
                edgeIndexes.append(e)
            }
        }
        // Edge order is (source, target, kind) order, which the old indexes already follow.
        edgeIndexes.sort()
        let keptEdges = edgeIndexes.map { e -> Edge in
            var copy = edges[e]
            copy.source = newIndex[copy.source]!
            copy.target = newIndex[copy.target]!
            return copy
        }
        return Graph(orderedNodes: chosen.map { nodes[$0] }, orderedEdges: keptEdges)
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

    /// Node and edge counts by kind, for summaries.
    public func counts() -> (nodes: [NodeKind: Int], edges: [EdgeKind: Int]) {
        var nodeCounts: [NodeKind: Int] = [:]
        var edgeCounts: [EdgeKind: Int] = [:]
        for node in nodes { nodeCounts[node.id.kind, default: 0] += 1 }
        for edge in edges { edgeCounts[edge.kind, default: 0] += 1 }
        return (nodeCounts, edgeCounts)
    }
}

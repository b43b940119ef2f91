extension Graph {
    /// The weakly connected components (edge direction ignored), as node indexes. Each
    /// component is sorted by index; components are ordered largest first, then by their
    /// smallest index, so the answer does not depend on how the graph was built.
    public func weaklyConnectedComponents() -> [[Int]] {
        var parent = Array(nodes.indices)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for edge in edges {
            let a = root(edge.source), b = root(edge.target)
            // The smaller index becomes the root, which keeps the union deterministic.
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        var groups: [Int: [Int]] = [:]
        for i in nodes.indices { groups[root(i), default: []].append(i) }
        return groups.values.sorted { $0.count != $1.count ? $0.count > $1.count : $0[0] < $1[0] }
    }

    /// The weakly connected components as subgraphs, largest first.
    public func componentSubgraphs() -> [Graph] {
        weaklyConnectedComponents().map { subgraph(indices: $0) }
    }
}

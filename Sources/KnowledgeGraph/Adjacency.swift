/// Which way a walk may follow an edge.
public enum Direction: String, Sendable, Hashable, CaseIterable {
    /// Source to target only.
    case outgoing
    /// Target to source only.
    case incoming
    /// Either way: the graph is treated as undirected.
    case both
}

/// The edges at each node, by edge index, for walks. Built once per graph (O(nodes + edges)) and
/// reused across many queries: the site asks for ten thousand neighbourhoods of one graph.
public struct Adjacency: Sendable {
    /// `outgoing[node]`: indexes into `Graph.edges` of the edges leaving `node`, in edge order.
    public let outgoing: [[Int]]
    /// `incoming[node]`: indexes of the edges arriving at `node`, in edge order.
    public let incoming: [[Int]]

    public init(_ graph: Graph) {
        var outgoing = [[Int]](repeating: [], count: graph.nodes.count)
        var incoming = [[Int]](repeating: [], count: graph.nodes.count)
        for (i, edge) in graph.edges.enumerated() {
            outgoing[edge.source].append(i)
            incoming[edge.target].append(i)
        }
        self.outgoing = outgoing
        self.incoming = incoming
    }

    /// The edges a walk from `node` may take, as (edge index, node at the other end), outgoing
    /// ones first; a self-loop is left out.
    public func steps(from node: Int, in graph: Graph, direction: Direction) -> [(edge: Int, node: Int)] {
        var steps: [(edge: Int, node: Int)] = []
        if direction != .incoming {
            for e in outgoing[node] where graph.edges[e].target != node { steps.append((e, graph.edges[e].target)) }
        }
        if direction != .outgoing {
            for e in incoming[node] where graph.edges[e].source != node { steps.append((e, graph.edges[e].source)) }
        }
        return steps
    }
}

extension Graph {
    /// The adjacency lists of this graph; build once and pass to queries that run many times.
    public func adjacency() -> Adjacency { Adjacency(self) }
}

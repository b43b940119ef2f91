extension Graph {
    /// How far each node is from the nearest of `centers`, in edges, walking at most `depth`
    /// steps along edges `filter` keeps into nodes `filter` keeps. Centers are at distance 0
    /// whatever their kind. Breadth-first, so each node gets its shortest distance.
    public func distances(from centers: [Int], depth: Int, direction: Direction = .both,
                          filter: GraphFilter = GraphFilter(), adjacency: Adjacency? = nil) -> [Int: Int] {
        let adjacency = adjacency ?? Adjacency(self)
        let filter = filter.compiled
        var distance: [Int: Int] = [:]
        var frontier: [Int] = []
        for c in centers where nodes.indices.contains(c) && distance[c] == nil {
            distance[c] = 0
            frontier.append(c)
        }
        var level = 0
        while !frontier.isEmpty, level < depth {
            level += 1
            var next: [Int] = []
            for node in frontier {
                for step in adjacency.steps(from: node, in: self, direction: direction)
                where distance[step.node] == nil && filter.keeps(edges[step.edge]) && filter.keeps(nodes[step.node]) {
                    distance[step.node] = level
                    next.append(step.node)
                }
            }
            frontier = next
        }
        return distance
    }

    /// The nodes within `depth` steps of the center (see `distances`) and every edge between
    /// them that `filter` keeps. A missing id gives an empty graph.
    ///
    /// `direction: .both` treats links as undirected, which is what "what is around VAE" means;
    /// `.outgoing` gives what the node leads to, `.incoming` what leads to it.
    public func neighbourhood(of id: NodeID, depth: Int = 1, direction: Direction = .both,
                              filter: GraphFilter = GraphFilter(), adjacency: Adjacency? = nil) -> Graph {
        neighbourhood(of: [id], depth: depth, direction: direction, filter: filter, adjacency: adjacency)
    }

    /// The union of the neighbourhoods of several centers.
    public func neighbourhood(of ids: [NodeID], depth: Int = 1, direction: Direction = .both,
                              filter: GraphFilter = GraphFilter(), adjacency: Adjacency? = nil) -> Graph {
        let adjacency = adjacency ?? Adjacency(self)
        let centers = ids.compactMap { index(of: $0) }
        let reached = distances(from: centers, depth: max(0, depth), direction: direction, filter: filter, adjacency: adjacency)
        return subgraph(indices: reached.keys, keepingEdges: GraphFilter(edgeKinds: filter.edgeKinds, minWeight: filter.minWeight),
                        adjacency: adjacency)
    }

    /// The direct neighbours of the node at `index` (either direction), strongest first: by the
    /// summed weight of the edges between them, then by kind and id so ties always come out the
    /// same way. With a `limit`, only that many of the strongest: a hub's thousands of
    /// neighbours are not all sorted to draw a dozen.
    public func strongestNeighbours(of index: Int, filter: GraphFilter = GraphFilter(),
                                    adjacency: Adjacency? = nil, limit: Int? = nil) -> [(node: Int, weight: Double)] {
        let adjacency = adjacency ?? Adjacency(self)
        precondition(adjacency.edgeCount == edges.count, "adjacency of another graph")
        let filter = filter.compiled
        if let limit { return strongestNeighbours(of: index, filter: filter, adjacency: adjacency, limit: limit) }
        var all: [(node: Int, weight: Double)] = []
        forEachNeighbour(of: index, filter: filter, adjacency: adjacency) { node, weight in
            all.append((node: node, weight: weight))
        }
        return all.sorted(by: Self.stronger)
    }

    /// Nodes are sorted by id and ids are unique, so comparing indices orders as comparing
    /// ids, and this is a strict total order: the first `limit` are the same whether all are
    /// sorted or only the best are kept.
    @inline(__always)
    static func stronger(_ a: (node: Int, weight: Double), _ b: (node: Int, weight: Double)) -> Bool {
        a.weight != b.weight ? a.weight > b.weight : a.node < b.node
    }

    /// `strongestNeighbours` with a limit: the best `limit` so far, strongest first, kept by
    /// insertion (a dozen of a hub's thousands). A stronger candidate moves the weaker ones down
    /// one place in the array's own memory, the last falling off when it is full: inserting it
    /// and removing the last cost two calls into the array's generic code for each.
    func strongestNeighbours(of index: Int, filter: GraphFilter.Compiled, adjacency: Adjacency,
                             limit: Int) -> [(node: Int, weight: Double)] {
        var best: [(node: Int, weight: Double)] = []
        guard limit > 0 else { return best }
        best.reserveCapacity(limit)
        forEachNeighbour(of: index, filter: filter, adjacency: adjacency) { node, weight in
            let candidate = (node: node, weight: weight)
            var k = best.count
            if k == limit {
                guard Self.stronger(candidate, best[k - 1]) else { return }
                k -= 1
            } else {
                best.append(candidate)
            }
            best.withUnsafeMutableBufferPointer { best in
                while k > 0, Self.stronger(candidate, best[k - 1]) {
                    best[k] = best[k - 1]
                    k -= 1
                }
                best[k] = candidate
            }
        }
        return best
    }

    /// Each direct neighbour of the node at `index` that `filter` keeps, with the summed weight
    /// (each at least 0) of the edges between them that it keeps, in node order; a node with
    /// no such edge is no neighbour, and a self-loop is left out.
    ///
    /// The outgoing edges are sorted by target and the incoming ones by source, so the two runs
    /// are merged without a table of weights by node; both runs' kinds and weights are read in
    /// order from `Adjacency`, not from `Graph.edges`. A neighbour's weights are added as a
    /// walk over `Adjacency.steps` adds them, outgoing edges first, each run in edge order, so
    /// the sums are the same to the last bit.
    func forEachNeighbour(of index: Int, filter: GraphFilter.Compiled, adjacency: Adjacency,
                          _ body: (_ node: Int, _ weight: Double) -> Void) {
        let outgoing = adjacency.outgoing(of: index)
        let incoming = adjacency.inStart[index]..<adjacency.inStart[index + 1]
        adjacency.targets.withUnsafeBufferPointer { targets in
        adjacency.inSources.withUnsafeBufferPointer { sources in
        adjacency.inKinds.withUnsafeBufferPointer { inKinds in
        adjacency.inWeights.withUnsafeBufferPointer { inWeights in
        adjacency.kinds.withUnsafeBufferPointer { kinds in
        adjacency.weights.withUnsafeBufferPointer { weights in
            var o = outgoing.lowerBound, i = incoming.lowerBound
            while o < outgoing.upperBound || i < incoming.upperBound {
                let fromOut = o < outgoing.upperBound ? Int(targets[o]) : Int.max
                let fromIn = i < incoming.upperBound ? Int(sources[i]) : Int.max
                let node = min(fromOut, fromIn)
                var weight = 0.0
                var kept = false
                while o < outgoing.upperBound, Int(targets[o]) == node {
                    if filter.keeps(kinds[o], weight: weights[o]) {
                        weight += max(0, weights[o])
                        kept = true
                    }
                    o += 1
                }
                while i < incoming.upperBound, Int(sources[i]) == node {
                    if filter.keeps(inKinds[i], weight: inWeights[i]) {
                        weight += max(0, inWeights[i])
                        kept = true
                    }
                    i += 1
                }
                if kept, node != index, filter.keeps(nodes[node].id.kind) { body(node, weight) }
            }
        }
        }
        }
        }
        }
        }
    }

    /// A page's local graph: the node, its strongest direct neighbours (at most `limit` nodes in
    /// all, center included) and the edges among them. Nil when the node is missing or has no
    /// neighbour the filter keeps: a picture of one node says nothing.
    public func localGraph(of id: NodeID, limit: Int = 12, filter: GraphFilter = GraphFilter(),
                           adjacency: Adjacency? = nil) -> Graph? {
        guard let center = index(of: id) else { return nil }
        let adjacency = adjacency ?? Adjacency(self)
        guard let chosen = localGraphNodes(of: center, limit: limit, filter: filter, adjacency: adjacency) else { return nil }
        return subgraph(indices: chosen, keepingEdges: GraphFilter(edgeKinds: filter.edgeKinds, minWeight: filter.minWeight),
                        adjacency: adjacency)
    }

    /// The nodes of `localGraph` as indices into this graph, in graph order (which is the local
    /// graph's node order), for callers that look up more about each node by index.
    ///
    /// Sorted by insertion into one array: a site asks for one per page, and joining, mapping
    /// and sorting them with the library's generic code cost as much as finding them.
    public func localGraphNodes(of center: Int, limit: Int = 12, filter: GraphFilter = GraphFilter(),
                                adjacency: Adjacency) -> [Int]? {
        guard nodes.indices.contains(center), limit >= 2 else { return nil }
        precondition(adjacency.edgeCount == edges.count, "adjacency of another graph")
        let neighbours = strongestNeighbours(of: center, filter: filter.compiled, adjacency: adjacency, limit: limit - 1)
        guard !neighbours.isEmpty else { return nil }
        var chosen: [Int] = []
        chosen.reserveCapacity(neighbours.count + 1)
        chosen.append(center)
        for neighbour in neighbours { chosen.append(neighbour.node) }
        chosen.withUnsafeMutableBufferPointer { chosen in
            for k in 1..<chosen.count {
                let node = chosen[k]
                var j = k
                while j > 0, chosen[j - 1] > node {
                    chosen[j] = chosen[j - 1]
                    j -= 1
                }
                chosen[j] = node
            }
        }
        return chosen
    }
}

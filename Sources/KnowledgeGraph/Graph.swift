/// What a node stands for.
public enum NodeKind: String, Sendable, Hashable, Comparable, CaseIterable {
    case note, concept, tag

    /// Position in declaration order, which is the sort order: a switch, because sorting
    /// thousands of ids must not search `allCases` on every comparison.
    public var ordinal: Int {
        switch self {
        case .note: 0
        case .concept: 1
        case .tag: 2
        }
    }

    public static func < (a: NodeKind, b: NodeKind) -> Bool { a.ordinal < b.ordinal }
}

/// What an edge says. Every edge is directed: `source` → `target`.
public enum EdgeKind: String, Sendable, Hashable, Comparable, CaseIterable {
    /// note → note: a Markdown link, wikilink or embed.
    case links
    /// note → concept: the note has a section defining the concept.
    case defines
    /// note → concept: the note's text names the concept (`count` times).
    case mentions
    /// concept → concept: a defining section of one mentions the other, or the glossary says so.
    case related
    /// note → tag.
    case tagged

    /// Position in declaration order (the sort order), without searching `allCases`.
    public var ordinal: Int {
        switch self {
        case .links: 0
        case .defines: 1
        case .mentions: 2
        case .related: 3
        case .tagged: 4
        }
    }

    public static func < (a: EdgeKind, b: EdgeKind) -> Bool { a.ordinal < b.ordinal }
}

/// A node's identity: its kind and a stable key (a note's path, a concept's normalised name, a
/// tag's name). Ids order nodes, so the same notes always give the same graph.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var kind: NodeKind
    public var key: String

    public init(_ kind: NodeKind, _ key: String) {
        self.kind = kind
        self.key = key
    }

    public var description: String { "\(kind.rawValue):\(key)" }

    public static func < (a: NodeID, b: NodeID) -> Bool {
        if a.kind != b.kind { return a.kind < b.kind }
        return a.key.utf8.lexicographicallyPrecedes(b.key.utf8)
    }
}

public struct Node: Hashable, Sendable {
    public var id: NodeID
    /// What a person reads: a note's title, a concept's name, a tag.
    public var label: String
    /// The page, relative to the site root (`dl/vae/`), when the node has one.
    public var url: String?
    /// The folder of a note (for clustering); nil for other kinds.
    public var folder: String?
    /// Tags of a note (for clustering by tag).
    public var tags: [String]
    /// Other names (a concept's aliases).
    public var aliases: [String]

    public init(id: NodeID, label: String, url: String? = nil, folder: String? = nil, tags: [String] = [], aliases: [String] = []) {
        self.id = id
        self.label = label
        self.url = url
        self.folder = folder
        self.tags = tags
        self.aliases = aliases
    }
}

public struct Edge: Hashable, Sendable {
    /// Indexes into `Graph.nodes`.
    public var source: Int
    public var target: Int
    public var kind: EdgeKind
    /// How strong: a mention count, a link count, a co-mention count.
    public var weight: Double
    /// For `defines`: the heading id of the defining section.
    public var anchor: String?

    public init(source: Int, target: Int, kind: EdgeKind, weight: Double = 1, anchor: String? = nil) {
        self.source = source
        self.target = target
        self.kind = kind
        self.weight = weight
        self.anchor = anchor
    }
}

/// A typed, weighted, directed graph of notes, concepts and tags. Nodes are sorted by id and
/// edges by (source, target, kind), so equal input gives equal graphs, byte for byte once exported.
public struct Graph: Sendable, Hashable {
    public private(set) var nodes: [Node]
    public private(set) var edges: [Edge]
    private var positions: [NodeID: Int]

    public init() {
        nodes = []
        edges = []
        positions = [:]
    }

    /// Builds a graph from unsorted parts; duplicate nodes keep the first, duplicate edges (same
    /// source, target and kind) add their weights. Edges naming a node not among `nodes` are
    /// dropped.
    public init(nodes: [Node], edges: [(source: NodeID, target: NodeID, kind: EdgeKind, weight: Double, anchor: String?)]) {
        let order = NodeOrder(nodes)
        var indexed: [Edge] = []
        indexed.reserveCapacity(edges.count)
        for e in edges {
            guard let s = order.firstIndex[e.source], let t = order.firstIndex[e.target] else { continue }
            indexed.append(Edge(source: s, target: t, kind: e.kind, weight: e.weight, anchor: e.anchor))
        }
        self.init(nodes: nodes, order: order, indexedEdges: consume indexed)
    }

    /// The same, with edges naming their ends by index in `nodes` (any copy of a repeated
    /// node): a graph builder that knows where it put each node skips hashing ids per edge.
    /// The edges are taken, and become the graph's own in place: a big vault's are tens of MB
    /// (230,000 edges at 10,000 notes), and each copy of them was fresh memory.
    public init(nodes: [Node], indexedEdges edges: consuming [Edge]) {
        self.init(nodes: nodes, order: NodeOrder(nodes), indexedEdges: consume edges)
    }

    /// Where each input node ends up: the first of each id is kept, the kept ones are sorted by
    /// id, and every input index (a repeat too) maps to its kept node's position.
    private struct NodeOrder {
        var firstIndex: [NodeID: Int] = [:]
        var kept: [Int] = []
        var positionOf: [Int]

        init(_ nodes: [Node]) {
            firstIndex.reserveCapacity(nodes.count)
            kept.reserveCapacity(nodes.count)
            var canonical = [Int](repeating: 0, count: nodes.count)
            for (i, node) in nodes.enumerated() {
                if let first = firstIndex[node.id] {
                    canonical[i] = first
                } else {
                    firstIndex[node.id] = i
                    canonical[i] = i
                    kept.append(i)
                }
            }
            kept.sort { nodes[$0].id < nodes[$1].id }
            var position = [Int](repeating: 0, count: nodes.count)
            for (p, i) in kept.enumerated() { position[i] = p }
            positionOf = canonical.map { position[$0] }
        }
    }

    private init(nodes: [Node], order: NodeOrder, indexedEdges edges: consuming [Edge]) {
        self.nodes = order.kept.map { nodes[$0] }
        positions = order.firstIndex.mapValues { order.positionOf[$0] }
        // Sorted by (source, target, kind), then merged where that repeats: the repeats of an
        // edge add their weights, and keep the first anchor, in input order. All in the one
        // array, whose elements are moved, never copied: the sort orders keys of plain
        // integers (the ends, the kind, then the input position, which makes it stable), and the
        // edges follow by swaps along the permutation's cycles. Sorting the edges themselves
        // copied each (a retain of its anchor) at every merge step, and their copies were fresh
        // memory: 230,000 edges at 10,000 notes.
        var merged = consume edges
        let count = merged.count
        precondition(count < 1 << 32 && self.nodes.count < 1 << 32, "a graph of more than 4 billion nodes or edges")
        var keys = [(ends: UInt64, kindAndPlace: UInt64)](unsafeUninitializedCapacity: count) { keys, initialized in
            merged.withUnsafeMutableBufferPointer { edges in
                for k in edges.indices {
                    edges[k].source = order.positionOf[edges[k].source]
                    edges[k].target = order.positionOf[edges[k].target]
                    keys.initializeElement(at: k, to: (UInt64(edges[k].source) << 32 | UInt64(edges[k].target),
                                                       UInt64(edges[k].kind.ordinal) << 32 | UInt64(k)))
                }
            }
            initialized = count
        }
        keys.sort { $0.ends != $1.ends ? $0.ends < $1.ends : $0.kindAndPlace < $1.kindAndPlace }
        // Position p takes the edge that was at `from[p]`; a position done points at itself.
        var from = keys.map { Int($0.kindAndPlace & 0xFFFF_FFFF) }
        keys = []
        merged.withUnsafeMutableBufferPointer { edges in
            for start in 0..<count where from[start] != start {
                var p = start
                while from[p] != start {
                    let next = from[p]
                    edges.swapAt(p, next)
                    from[p] = p
                    p = next
                }
                from[p] = p
            }
        }
        var kept = 0
        merged.withUnsafeMutableBufferPointer { edges in
            for k in edges.indices {
                if kept > 0, edges[kept - 1].source == edges[k].source, edges[kept - 1].target == edges[k].target,
                   edges[kept - 1].kind == edges[k].kind {
                    edges[kept - 1].weight += edges[k].weight
                    if edges[kept - 1].anchor == nil { edges[kept - 1].anchor = edges[k].anchor }
                } else {
                    if kept != k { edges.swapAt(kept, k) }
                    kept += 1
                }
            }
        }
        merged.removeSubrange(kept...)
        self.edges = consume merged
    }

    /// Parts that are already in graph order: nodes sorted by id without repeats, edges sorted by
    /// (source, target, kind) without repeats and pointing into `nodes`. Queries that keep a
    /// subset of a graph keep its order, so they skip the sorting and merging above.
    init(orderedNodes: [Node], orderedEdges: [Edge]) {
        nodes = orderedNodes
        edges = orderedEdges
        var positions: [NodeID: Int] = [:]
        positions.reserveCapacity(orderedNodes.count)
        for (i, node) in orderedNodes.enumerated() { positions[node.id] = i }
        self.positions = positions
    }

    public func index(of id: NodeID) -> Int? { positions[id] }

    public func node(_ id: NodeID) -> Node? { positions[id].map { nodes[$0] } }

    public static func == (a: Graph, b: Graph) -> Bool { a.nodes == b.nodes && a.edges == b.edges }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(nodes)
        hasher.combine(edges)
    }
}

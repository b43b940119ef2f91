public import Diagnostics
public import GraphExport
public import KnowledgeGraph

extension BuildPipeline {
    /// The knowledge graph of a project, built the way `build` builds it (load, parse, link),
    /// without rendering or writing anything. Diagnostics are sorted; the caller decides what
    /// they mean.
    public static func graph(_ options: BuildOptions) throws -> (graph: Graph, diagnostics: [Diagnostic]) {
        let linked = try loadParseLink(options) { _ in }
        return (linked.linked.graph, linked.diagnostics.sorted())
    }
}

/// What `notegraph graph` was asked for, with defaults settled.
public struct GraphRequest: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case dot, json, graphml
    }

    public enum NodeSelection: String, Sendable, CaseIterable {
        case concepts, notes, all

        var kinds: Set<NodeKind>? {
            switch self {
            case .concepts: [.concept]
            case .notes: [.note]
            case .all: nil
            }
        }
    }

    public var format: Format = .dot
    public var nodes: NodeSelection = .all
    /// A node's label, alias or id key: only its neighbourhood is exported.
    public var around: String?
    /// How many steps from `around` the neighbourhood reaches.
    public var depth: Int = 1
    public var direction: Direction = .both
    /// Edges lighter than this are left out.
    public var minWeight: Double = 0
    /// Only the highest-ranked nodes (after the other choices).
    public var top: Int?
    public var cluster: DOTWriter.Clustering = .none
    /// The `layout` attribute of the DOT output.
    public var layout: String?
    /// Prefix of each node's URL in the DOT output (`""`: relative to the site root).
    public var urlPrefix: String = ""

    public init() {}

    /// The layout engines `--layout` accepts.
    public static let layouts = ["dot", "neato", "fdp", "sfdp", "twopi", "circo"]

    /// The part of `graph` asked for, and the centrality of its nodes measured on the whole
    /// graph (a node's rank does not change because the picture shows less).
    public func select(from graph: Graph) throws -> (graph: Graph, ranks: [NodeID: Double]) {
        let ranks = graph.scoresByID(graph.centrality())
        let filter = GraphFilter(nodeKinds: nodes.kinds, minWeight: minWeight)
        var part: Graph
        if let around {
            let centers = centerIndexes(around, in: graph)
            guard !centers.isEmpty else {
                throw GraphRequestError.unknownNode(around, suggestions: graph.suggestions(for: around))
            }
            let reached = graph.distances(from: centers, depth: max(0, depth), direction: direction, filter: filter)
            part = graph.subgraph(indices: reached.keys, keepingEdges: GraphFilter(minWeight: minWeight))
        } else {
            part = graph.filtered(filter)
        }
        if let top {
            let scores = part.nodes.map { ranks[$0.id] ?? 0 }
            part = part.subgraph(indices: part.top(top, by: scores))
        }
        return (part, ranks)
    }

    /// The nodes `--around` names: among the kinds asked for first, then among all nodes.
    func centerIndexes(_ name: String, in graph: Graph) -> [Int] {
        let preferred = graph.nodes(named: name, kinds: nodes.kinds)
        return preferred.isEmpty ? graph.nodes(named: name) : preferred
    }

    /// The selected part, written in the requested format.
    public func export(_ graph: Graph) throws -> String {
        String(decoding: try exportBytes(graph), as: UTF8.self)
    }

    /// `export` as the UTF-8 that goes to the file or standard output, without a `String` between.
    public func exportBytes(_ graph: Graph) throws -> [UInt8] {
        let (part, ranks) = try select(from: graph)
        switch format {
        case .dot:
            var options = DOTWriter.Options()
            options.layout = layout
            options.clustering = cluster
            options.links = .prefix(urlPrefix)
            if let around {
                options.emphasized = Set(centerIndexes(around, in: graph).map { graph.nodes[$0].id })
            }
            if let layout, layout != "dot" {
                // Spring layouts draw nodes on top of each other unless told not to.
                options.graphAttributes = [.init("overlap", "prism"), .init("pack", "true")]
            }
            return DOTWriter(options: options).writeBytes(part)
        case .json:
            var options = JSONGraphWriter.Options()
            options.ranks = ranks
            return JSONGraphWriter(options: options).writeBytes(part)
        case .graphml:
            var options = GraphMLWriter.Options()
            options.ranks = ranks
            return GraphMLWriter(options: options).writeBytes(part)
        }
    }
}

public enum GraphRequestError: Error, CustomStringConvertible, Equatable {
    /// `--around NAME` names no node; the nearest names by edit distance.
    case unknownNode(String, suggestions: [String])

    public var description: String {
        switch self {
        case .unknownNode(let name, _): "no note, concept or tag is named \"\(name)\""
        }
    }

    public var hint: String? {
        switch self {
        case .unknownNode(_, let suggestions):
            guard !suggestions.isEmpty else { return "names are matched against titles, aliases and paths, ignoring case" }
            return "did you mean " + suggestions.map { "\"\($0)\"" }.joined(separator: ", ") + "?"
        }
    }
}

public import KnowledgeGraph

/// Writes a graph as Graphviz DOT that `dot`, `neato`, `fdp` and `sfdp` (2.42 and later) read
/// without a warning, whatever the names hold.
///
/// Every id is quoted and escaped; node shape and colour follow the node's kind, edge style its
/// kind, pen width its weight (bounded); long labels are shortened with the full name in the
/// tooltip; nodes with a page carry `URL` (and so a link in SVG output). Output depends only on
/// the graph and the options: nodes and edges come in graph order, clusters in name order.
public struct DOTWriter: GraphFileWriter, GraphDocumentWriter {
    /// Groups of nodes drawn in a box (`subgraph cluster_…`).
    public enum Clustering: String, Sendable, Hashable, CaseIterable {
        /// Nothing grouped.
        case none
        /// Notes by folder, nested as the folders are.
        case folder
        /// Notes by their first tag, with the tag's own node.
        case tag
    }

    /// Where a node's `URL` points.
    public enum Links: Sendable, Hashable {
        /// No `URL` attributes.
        case none
        /// The prefix, then the node's page (`Node.url`, percent-encoded): `""` gives URLs
        /// relative to the site root, `https://me.github.io/notes/` absolute ones.
        case prefix(String)
        /// Exactly these URLs (already relative to where the picture is shown); nodes not
        /// listed get none.
        case explicit([NodeID: String])
        /// Exactly these URLs by node index, as `explicit` writes them: for a caller that has
        /// them so (a site), which then neither builds a table by id nor has each node's id
        /// hashed to find its URL. Nodes past the end, and nil entries, get none.
        case byIndex([String?])
    }

    public struct Options: Sendable, Hashable {
        /// The graph's name (`digraph "notegraph"`).
        public var name: String = "notegraph"
        /// The Graphviz layout engine to ask for (`layout=` attribute): `dot`, `neato`, `fdp`,
        /// `sfdp`, `twopi`, `circo`; nil leaves the choice to the program that reads the file.
        public var layout: String?
        public var clustering: Clustering = .none
        public var links: Links = .prefix("")
        /// A legend of the node and edge kinds present, drawn under the graph.
        public var legend: Bool = true
        /// Labels longer than this (in characters) are shortened.
        public var maxLabelLength: Int = DisplayLabel.defaultLength
        public var fontName: String = "Noto Sans CJK KR,sans-serif"
        public var fontSize: Double = 11
        /// `class` attributes (`ng-node ng-note`, `ng-edge ng-links`) for styling SVG output.
        public var classes: Bool = true
        /// Tooltips on edges (`A → B: links ×3`). Each becomes a link element in SVG.
        public var edgeTooltips: Bool = true
        /// The widest an edge is drawn, in points, however heavy.
        public var maxPenWidth: Double = EdgeStyle.maxPenWidth
        /// Draws `A → B` and `B → A` of one kind as a single two-headed edge (weights added):
        /// half the lines in a picture of notes that link back and forth.
        public var mergeReciprocal: Bool = false
        /// Nodes drawn with a heavier outline and the class `ng-center` (a page's own node).
        public var emphasized: Set<NodeID> = []
        /// The node a picture is about: emphasised, the `root` of radial layouts (`twopi`,
        /// `circo`), and edges that do not touch it are drawn faint (class `ng-faint`).
        public var focus: NodeID?
        /// Further graph attributes, written in this order after the standard ones
        /// (`rankdir`, `overlap`, `size`, …). Values are quoted and escaped.
        public var graphAttributes: [Attribute] = []

        public init() {}
    }

    public struct Attribute: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    public func write(_ graph: Graph) -> String {
        String(decoding: writeBytes(graph), as: UTF8.self)
    }

    /// The DOT text as UTF-8, which is what a file gets: no `String` is built for it.
    public func writeBytes(_ graph: Graph) -> [UInt8] { wholeDocument(graph) }

    /// The DOT text handed to `emit` in pieces as it is written (`GraphFileWriter`).
    public func write(_ graph: Graph, pieces: Int = GraphFile.pieceSize,
                      emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        try document(graph, pieces: pieces, emit: emit)
    }

    /// About what a site's graph takes (a tooltip is most of an edge): too little costs a copy
    /// of everything written so far, too much only address space.
    func estimatedSize(_ graph: Graph) -> Int {
        graph.nodes.count * 240 + graph.edges.count * (options.edgeTooltips ? 180 : 100) + 1024
    }

    func write(_ graph: Graph, into out: inout ByteBuffer) {
        // The header is written once, as text; the bytes go to the nodes and edges.
        var header = "digraph \(TextEscaping.dotID(options.name)) {\n"
        let font = TextEscaping.dotString(options.fontName)
        let size = NumberText.fixed(options.fontSize, digits: 2)
        header += "  graph [charset=\"UTF-8\" fontname=\(font) fontsize=\(size) outputorder=\"edgesfirst\""
        if let layout = options.layout { header += " layout=\(TextEscaping.dotString(layout))" }
        if let focus = options.focus, graph.index(of: focus) != nil {
            header += " root=" + TextEscaping.dotID(NodeIdentifier.of(focus))
        }
        for attribute in options.graphAttributes {
            header += " \(attributeName(attribute.name))=\(TextEscaping.dotString(attribute.value, escapeAmpersand: false))"
        }
        header += "];\n"
        // The commonest kinds' looks go into the defaults, so most statements carry only
        // their label and link: the drawing is the same, the file (and Graphviz's parsing)
        // a third smaller.
        let counts = GraphKindCounts(graph)
        let nodeStyle = NodeStyle.of(commonest { counts.of($0) } ?? NodeKind.note)
        let edgeStyle = EdgeStyle.of(commonest { counts.of($0) } ?? EdgeKind.links)
        header += "  node [fontname=\(font) fontsize=\(size) margin=\"0.12,0.05\" height=\"0.3\""
        header += " shape=\(nodeStyle.shape) style=\"\(nodeStyle.style)\" fillcolor=\"\(nodeStyle.fill)\" color=\"\(nodeStyle.border)\"];\n"
        header += "  edge [fontname=\(font) fontsize=\(size) arrowsize=\"0.6\""
        header += " style=\"\(edgeStyle.style)\" color=\"\(edgeStyle.color)\" arrowhead=\"\(edgeStyle.arrowhead)\" penwidth=\"\(NumberText.fixed(edgeStyle.penWidth, digits: 2))\"];\n"
        out.append(string: header)
        let defaults = Defaults(node: nodeStyle, edge: edgeStyle)

        // Each node's id and one-line label, escaped once rather than for every edge it ends.
        var ids = ByteTable(count: graph.nodes.count, bytesEach: 40)
        var labels = ByteTable(count: options.edgeTooltips ? graph.nodes.count : 0, bytesEach: 30)
        for node in graph.nodes {
            ids.add { out in
                out.append(byte: UInt8(ascii: "\""))
                NodeIdentifier.write(node.id, into: &out) { TextEscaping.dotIDBody($0, into: &$1) }
                out.append(byte: UInt8(ascii: "\""))
            }
            if options.edgeTooltips {
                labels.add { TextEscaping.dotStringBody(DisplayLabel.singleLine(node.label), into: &$0) }
            }
        }
        let ends = EdgeEnds(ids: ids, labels: labels)

        let clusters = clusterTree(graph)
        for i in clusters.loose { writeNode(i, graph, defaults, ends, indent: "  ", into: &out) }
        var clusterNumber = 0
        for cluster in clusters.top { writeCluster(cluster, graph, defaults, ends, indent: "  ", number: &clusterNumber, into: &out) }

        let focus = options.focus.map { graph.index(of: $0) }
        let looks = EdgeLooks(defaults: defaults, classes: options.classes, focus: focus, maxPenWidth: options.maxPenWidth)
        for (edge, both) in drawnEdges(graph) { writeEdge(edge, graph, defaults, ends, looks, bothWays: both, into: &out) }

        if options.legend, let legend = legendLabel(graph) {
            out.append("  label=<")
            out.append(string: legend)
            out.append(">;\n  labelloc=\"b\";\n  labeljust=\"l\";\n")
        }
        out.append("}\n")
    }

    // MARK: Nodes and edges

    struct Defaults {
        var node: NodeStyle
        var edge: EdgeStyle
        /// What a node takes from its kind, by ordinal, made once rather than from a `NodeStyle`
        /// per node: its class (`ng-note`), and its shape and colours where they are not the
        /// defaults (else nothing).
        var nodeClasses = ByteTable(count: NodeKind.allCases.count, bytesEach: 10)
        var nodeStyles = ByteTable(count: NodeKind.allCases.count, bytesEach: 80)

        init(node: NodeStyle, edge: EdgeStyle) {
            self.node = node
            self.edge = edge
            for kind in NodeKind.allCases.sorted() {
                let style = NodeStyle.of(kind)
                nodeClasses.add { $0.append(string: NodeStyle.cssClass(kind)) }
                nodeStyles.add { out in
                    guard style != node else { return }
                    out.append(" shape=")
                    out.append(string: style.shape)
                    out.append(" style=\"")
                    out.append(string: style.style)
                    out.append("\" fillcolor=\"")
                    out.append(string: style.fill)
                    out.append("\" color=\"")
                    out.append(string: style.border)
                    out.append("\"")
                }
            }
        }
    }

    /// The most frequent kind, by its count (nil for none); ties go to the first in `allCases`
    /// order.
    private func commonest<Kind: CaseIterable>(_ count: (Kind) -> Int?) -> Kind? {
        var best: (kind: Kind, count: Int)?
        for kind in Kind.allCases {
            if let count = count(kind), count > (best?.count ?? 0) { best = (kind, count) }
        }
        return best?.kind
    }

    private func writeNode(_ i: Int, _ graph: Graph, _ defaults: Defaults, _ ends: EdgeEnds, indent: String, into out: inout ByteBuffer) {
        let node = graph.nodes[i]
        let kind = node.id.kind.ordinal
        let emphasized = (!options.emphasized.isEmpty && options.emphasized.contains(node.id)) || options.focus == node.id
        // The label on one line, made once for the label drawn (shortened) and the tooltip.
        let line = DisplayLabel.singleLine(node.label)
        out.append(string: indent)
        out.append(ends.ids, i)
        out.append(" [label=")
        TextEscaping.dotString(DisplayLabel.shortened(line: line, maxLength: options.maxLabelLength), into: &out)
        out.append(" tooltip=")
        TextEscaping.dotString(line, keepNewlines: true, into: &out)
        writeURL(for: node, at: i, into: &out)
        if options.classes {
            out.append(" class=\"ng-node ")
            out.append(defaults.nodeClasses, kind)
            if emphasized { out.append(" ng-center") }
            out.append("\"")
        }
        out.append(defaults.nodeStyles, kind)
        if emphasized { out.append(" penwidth=\"2.5\"") }
        out.append("];\n")
    }

    /// ` URL="…"`, or nothing for a node without one.
    private func writeURL(for node: Node, at i: Int, into out: inout ByteBuffer) {
        switch options.links {
        case .none: return
        case .prefix(let prefix):
            guard let url = node.url else { return }
            // Percent-encoded text has no quote, backslash or control character left, so the
            // quotes around it are its whole DOT escaping; and the encoding goes byte by byte,
            // so prefix and page are encoded one after the other.
            out.append(" URL=\"")
            if prefix.isEmpty && url.isEmpty {
                // The home page's url is empty: relative to the site root that is `./`.
                out.append("./")
            } else {
                TextEscaping.url(prefix, into: &out)
                TextEscaping.url(url, into: &out)
            }
            out.append("\"")
        case .explicit(let urls):
            guard let url = urls[node.id] else { return }
            out.append(" URL=")
            TextEscaping.dotString(url, escapeAmpersand: false, into: &out)
        case .byIndex(let urls):
            guard i < urls.count, let url = urls[i] else { return }
            out.append(" URL=")
            TextEscaping.dotString(url, escapeAmpersand: false, into: &out)
        }
    }

    /// The edges to draw, in graph order; with `mergeReciprocal` the second of each pair is
    /// folded into the first.
    private func drawnEdges(_ graph: Graph) -> [(edge: Edge, bothWays: Bool)] {
        guard options.mergeReciprocal else { return graph.edges.map { ($0, false) } }
        struct Key: Hashable { var s: Int, t: Int, k: EdgeKind }
        var position: [Key: Int] = [:]
        var drawn: [(edge: Edge, bothWays: Bool)] = []
        for edge in graph.edges {
            if edge.source != edge.target, let first = position[Key(s: edge.target, t: edge.source, k: edge.kind)] {
                drawn[first].edge.weight += edge.weight
                drawn[first].bothWays = true
            } else {
                position[Key(s: edge.source, t: edge.target, k: edge.kind)] = drawn.count
                drawn.append((edge, false))
            }
        }
        return drawn
    }

    /// Each node's quoted id, and (with edge tooltips) its one-line label escaped for the inside
    /// of a DOT string.
    struct EdgeEnds {
        var ids: ByteTable
        var labels: ByteTable
    }

    /// The attributes an edge of each kind starts with (class, style, colour, arrowhead), drawn
    /// normally and faint: they depend only on the kind, so they are written once here and
    /// copied for each of the graph's edges; with them what else an edge takes from its kind
    /// (arrowhead, pen width, name), so no `EdgeStyle` and its strings are copied per edge.
    struct EdgeLooks {
        /// Indexed by `2 * ordinal + (faint ? 1 : 0)`; empty when the kind's look is the default.
        var starts = ByteTable(count: 2 * EdgeKind.allCases.count, bytesEach: 48)
        /// By ordinal: the arrowhead's name, the kind's name, the pen width of weight 1.
        var arrowheads = ByteTable(count: EdgeKind.allCases.count, bytesEach: 6)
        var names = ByteTable(count: EdgeKind.allCases.count, bytesEach: 8)
        var penWidths: [Double] = []
        /// `penWidth` of an edge of each kind (by ordinal) and of each whole weight from 1 to
        /// `EdgeStyle.cachedWeights`, where `EdgeStyle.cachedWidthSlot` says.
        var penWidthTexts = ByteTable(count: EdgeKind.allCases.count * EdgeStyle.cachedWeights, bytesEach: 20)
        /// Whether edges away from a focus are faint (`Options.focus` is set), and the focus's
        /// index: nil when it is not in the graph, where every edge is away from it.
        var hasFocus: Bool
        var focus: Int?

        init(defaults: Defaults, classes: Bool, focus: Int??, maxPenWidth: Double) {
            hasFocus = focus != nil
            self.focus = focus ?? nil
            for kind in EdgeKind.allCases.sorted() {
                let style = EdgeStyle.of(kind)
                arrowheads.add { $0.append(string: style.arrowhead) }
                names.add { $0.append(string: kind.rawValue) }
                penWidths.append(style.penWidth)
                for weight in 1...EdgeStyle.cachedWeights {
                    let width = min(maxPenWidth, EdgeStyle.penWidth(weight: Double(weight), base: style.penWidth))
                    penWidthTexts.add { text in
                        guard width != defaults.edge.penWidth else { return }
                        text.write(atMost: 16 + NumberText.longestFixed) { out in
                            out.append(" ")
                            DOTWriter.penWidth(width, into: &out)
                        }
                    }
                }
                for faint in [false, true] {
                    starts.add { attributes in
                        let start = attributes.count
                        /// `name="value"`, after a space when it is not the first.
                        func add(_ name: String, _ value: String) {
                            if attributes.count > start { attributes.append(" ") }
                            attributes.append(string: name)
                            attributes.append("=\"")
                            attributes.append(string: value)
                            attributes.append("\"")
                        }
                        if classes {
                            add("class", "ng-edge " + EdgeStyle.cssClass(kind) + (faint ? " ng-faint" : ""))
                        }
                        if style.style != defaults.edge.style {
                            add("style", style.style)
                        }
                        // Faint: the colour at 40% opacity (#RRGGBB66), one point wide.
                        if faint || style.color != defaults.edge.color {
                            add("color", style.color + (faint ? "66" : ""))
                        }
                        if style.arrowhead != defaults.edge.arrowhead {
                            add("arrowhead", style.arrowhead)
                        }
                    }
                }
            }
        }

        /// Whether an edge between these nodes is drawn faint: one that does not touch the focus.
        func isFaint(_ source: Int, _ target: Int) -> Bool {
            hasFocus && (focus.map { source != $0 && target != $0 } ?? true)
        }
    }

    private func writeEdge(_ edge: Edge, _ graph: Graph, _ defaults: Defaults, _ ends: EdgeEnds, _ looks: EdgeLooks,
                           bothWays: Bool, into out: inout ByteBuffer) {
        let kind = edge.kind.ordinal
        let faint = looks.isFaint(edge.source, edge.target)
        let start = 2 * kind + (faint ? 1 : 0)
        // The whole line in room reserved once for its longest form (`write(atMost:)`): the
        // markup, the table entries it copies, and two numbers.
        var room = 96 + ends.ids.count(edge.source) + ends.ids.count(edge.target) + looks.starts.count(start)
            + looks.arrowheads.count(kind) + 2 * NumberText.longestFixed
        if options.edgeTooltips { room += ends.labels.count(edge.source) + ends.labels.count(edge.target) + looks.names.count(kind) }
        out.write(atMost: room) { out in
            writeEdge(edge, defaults, ends, looks, faint: faint, start: start, bothWays: bothWays, into: &out)
        }
    }

    /// `writeEdge` into room for its longest form.
    @inline(__always)
    private func writeEdge(_ edge: Edge, _ defaults: Defaults, _ ends: EdgeEnds, _ looks: EdgeLooks, faint: Bool, start: Int,
                           bothWays: Bool, into out: inout ByteWriter) {
        let kind = edge.kind.ordinal
        out.append("  ")
        out.append(ends.ids, edge.source)
        out.append(" -> ")
        out.append(ends.ids, edge.target)
        out.append(" [")
        // Attributes are separated by one space; `any` says whether one is already written.
        out.append(looks.starts, start)
        var any = !looks.starts.range(start).isEmpty
        if bothWays {
            if any { out.append(" ") }
            out.append("dir=\"both\" arrowtail=\"")
            out.append(looks.arrowheads, kind)
            out.append("\"")
            any = true
        }
        // A whole weight's width comes written from `looks`, with the space before it.
        let weight = edge.weight
        if !faint, let slot = EdgeStyle.cachedWidthSlot(kind: kind, weight: weight) {
            let text = looks.penWidthTexts.range(slot)
            if !text.isEmpty {
                looks.penWidthTexts.buffer.withUnsafeBytes { bytes in
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[any ? text : text.dropFirst()]))
                }
                any = true
            }
        } else {
            let width = faint ? 1 : min(options.maxPenWidth, EdgeStyle.penWidth(weight: weight, base: looks.penWidths[kind]))
            if width != defaults.edge.penWidth {
                if any { out.append(" ") }
                Self.penWidth(width, into: &out)
                any = true
            }
        }
        if options.edgeTooltips {
            // `A → B: links ×3`, escaped a piece at a time: the separators, the kind and the
            // number need no escaping.
            if any { out.append(" ") }
            out.append("tooltip=\"")
            out.append(ends.labels, edge.source)
            out.append(bothWays ? " ↔ " : " → ")
            out.append(ends.labels, edge.target)
            out.append(": ")
            out.append(looks.names, kind)
            if edge.weight != 1 {
                out.append(" ×")
                NumberText.exact(edge.weight, into: &out)
            }
            out.append("\"")
        }
        out.append("];\n")
    }

    /// `penwidth="…"` for a line of `width`.
    @inline(__always)
    static func penWidth(_ width: Double, into out: inout ByteWriter) {
        out.append("penwidth=\"")
        NumberText.fixed(width, digits: 2, into: &out)   // as Graphviz shows them (1.5, 2.58)
        out.append("\"")
    }

    /// Attribute names are ours, but stay safe if a caller passes something odd.
    private func attributeName(_ name: String) -> String {
        name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" }
            && !name.isEmpty ? name : TextEscaping.dotID(name)
    }

    // MARK: Clusters

    final class Cluster {
        let name: String
        let label: String
        let tooltip: String
        var members: [Int] = []
        var children: [String: Cluster] = [:]
        init(name: String, label: String, tooltip: String) {
            self.name = name
            self.label = label
            self.tooltip = tooltip
        }
    }

    private func clusterTree(_ graph: Graph) -> (loose: [Int], top: [Cluster]) {
        var loose: [Int] = []
        var top: [String: Cluster] = [:]
        switch options.clustering {
        case .none:
            return (Array(graph.nodes.indices), [])
        case .folder:
            for (i, node) in graph.nodes.enumerated() {
                guard node.id.kind == .note, let folder = node.folder, !folder.isEmpty else {
                    loose.append(i)
                    continue
                }
                let parts = folder.split(separator: "/").map(String.init)
                var path = parts[0]
                var cluster = top[parts[0]] ?? Cluster(name: path, label: parts[0], tooltip: path)
                top[parts[0]] = cluster
                for part in parts.dropFirst() {
                    path += "/" + part
                    let child = cluster.children[part] ?? Cluster(name: path, label: part, tooltip: path)
                    cluster.children[part] = child
                    cluster = child
                }
                cluster.members.append(i)
            }
        case .tag:
            for (i, node) in graph.nodes.enumerated() {
                let tag: String?
                switch node.id.kind {
                case .note: tag = node.tags.first
                case .tag: tag = node.id.key
                case .concept: tag = nil
                }
                guard let tag else {
                    loose.append(i)
                    continue
                }
                let cluster = top[tag] ?? Cluster(name: tag, label: "#" + tag, tooltip: "#" + tag)
                top[tag] = cluster
                cluster.members.append(i)
            }
        }
        return (loose, Self.sorted(top))
    }

    private static func sorted(_ clusters: [String: Cluster]) -> [Cluster] {
        clusters.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { clusters[$0]! }
    }

    private func writeCluster(_ cluster: Cluster, _ graph: Graph, _ defaults: Defaults, _ ends: EdgeEnds, indent: String,
                              number: inout Int, into out: inout ByteBuffer) {
        number += 1
        out.append(string: indent)
        out.append("subgraph ")
        TextEscaping.dotID("cluster_\(number)", into: &out)
        out.append(" {\n")
        let inner = indent + "  "
        out.append(string: inner)
        out.append("graph [label=")
        TextEscaping.dotString(DisplayLabel.shortened(cluster.label, maxLength: options.maxLabelLength), into: &out)
        out.append(" tooltip=")
        TextEscaping.dotString(cluster.tooltip, into: &out)
        if options.classes { out.append(" class=\"ng-cluster\"") }
        out.append(" style=\"rounded,dashed\" color=\"#9aa4af\" fontcolor=\"#57606a\"];\n")
        for i in cluster.members { writeNode(i, graph, defaults, ends, indent: inner, into: &out) }
        for child in Self.sorted(cluster.children) { writeCluster(child, graph, defaults, ends, indent: inner, number: &number, into: &out) }
        out.append(string: indent)
        out.append("}\n")
    }

    // MARK: Legend

    /// An HTML-like table: it sits under the drawing with every layout engine, where a legend
    /// made of nodes would be pulled into the layout.
    private func legendLabel(_ graph: Graph) -> String? {
        let nodeKinds = NodeKind.allCases.filter { kind in graph.nodes.contains { $0.id.kind == kind } }
        let edgeKinds = EdgeKind.allCases.filter { kind in graph.edges.contains { $0.kind == kind } }
        guard !nodeKinds.isEmpty else { return nil }
        var cells = ""
        for kind in nodeKinds {
            let style = NodeStyle.of(kind)
            cells += "<TD BGCOLOR=\"\(style.fill)\" COLOR=\"\(style.border)\" BORDER=\"1\">\(TextEscaping.dotHTML(kind.rawValue))</TD>"
        }
        for kind in edgeKinds {
            let style = EdgeStyle.of(kind)
            cells += "<TD><FONT COLOR=\"\(style.color)\">\(TextEscaping.dotHTML(style.sample))</FONT> \(TextEscaping.dotHTML(kind.rawValue))</TD>"
        }
        return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"3\"><TR>\(cells)</TR></TABLE>"
    }
}

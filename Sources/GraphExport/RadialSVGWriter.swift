import Diagnostics
import Foundation
public import KnowledgeGraph

/// A small graph drawn as SVG around one node, laid out here rather than by Graphviz: the
/// center in the middle, the other nodes on an ellipse around it, heaviest first clockwise from
/// the top, the ellipse just large enough that no two labels overlap. Edges are straight lines.
///
/// Why not Graphviz: a site draws one such picture per note and per concept page, tens of
/// thousands of them, and `twopi` spends about a millisecond of process time on each (some 15 s
/// on a 10,000-note vault) to place a dozen nodes on a ring, which is arithmetic. The SVG is
/// also a third of the size of Graphviz's: it carries no colours, only classes (`ng-note`,
/// `ng-links`, `ng-faint`, …, as Graphviz output with `DOTWriter.Options.classes` does), which
/// the theme's style sheet colours for light and dark; coordinates are whole pixels.
///
/// Text width is estimated (wide for Hangul, CJK and emoji, narrow for `i`, `l`, punctuation),
/// so the layout is the same on every machine whatever fonts it has: a committed site matches
/// a fresh build byte for byte.
public struct RadialSVGWriter: Sendable {
    public struct Options: Sendable {
        /// Prefix of element ids (title, arrow markers), unique within the page.
        public var idPrefix = "ng-lg"
        /// The accessible title of the picture.
        public var title = ""
        /// When set, the title is the center's full label (on one line, as `NodeLooks` keeps
        /// it) between these two texts, and `title` is not read: a site titles each picture
        /// after its center, whose label the looks hold escaped already.
        public var titleAroundCenter: (before: String, after: String)?
        /// Classes of the `<svg>` element.
        public var cssClass = "ng-graph-svg ng-graph-local"
        /// Where each node links; nodes without an entry are not links.
        public var hrefs: [NodeID: String] = [:]
        /// Where each node links, by its index in the graph drawn (nil: not a link); when set,
        /// `hrefs` is not read. A site drawing thousands of pictures knows its links by index.
        public var nodeHrefs: [String?]?
        /// Written before each link of `nodeHrefs` (escaped like it): a site's pages reach
        /// every node by one climb to the root (`../../`) and the node's link from there, so
        /// the two are not joined into a new string for every node of every picture.
        public var hrefPrefix = ""
        public var maxLabelLength = 22
        public var fontSize = 12.0
        public var fontFamily = "Noto Sans CJK KR,sans-serif"
        /// The smallest share of its drawn width the picture may shrink to, written as a
        /// `min-width` style (the page's container should scroll sideways); nil: none. A
        /// 700-pixel ring fitted into a phone's 320 would have 5-pixel labels.
        public var minScale: Double?

        public init() {}
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Horizontal stretch of the ring: labels are wider than tall, so an ellipse packs them
    /// closer than a circle would.
    static let aspect = 1.7
    static let gap = 10.0
    static let minRadius = 48.0
    static let maxRadius = 420.0
    static let nodeHeight = 22.0
    static let margin = 4.0
    /// Every node is one line of text high: half of `nodeHeight`.
    static let halfHeight = nodeHeight / 2

    /// Where a node goes and how large it is, as plain values: the layout and the edges read
    /// these many times, and a whole `Node` (six reference-counted fields) would be retained and
    /// released on every copy. The label is kept apart, in `Label`.
    struct Placed {
        var kind: NodeKind
        var x = 0.0, y = 0.0
        /// Half width of the node's box (or the ellipse's horizontal radius); every node is
        /// `halfHeight` high either side.
        var halfWidth: Double
        /// The node's place on the ring for a radius of 1 (the center's is 0, 0): the radius
        /// scales it.
        var direction = (x: 0.0, y: 0.0)
        /// The weight of its edges with the center, which orders the ring.
        var weight = 0.0

        init(kind: NodeKind, halfWidth: Double) {
            self.kind = kind
            self.halfWidth = halfWidth
        }

        var isEllipse: Bool { kind == .concept }
    }

    /// An edge as drawn: a pair of the same kind in both directions is one line with two
    /// arrowheads, its weights added.
    struct DrawnEdge {
        var source: Int
        var target: Int
        var kind: EdgeKind
        var weight: Double
        var bothWays = false
    }

    /// What a picture is drawn from: each node's kind and label, the edges between them by
    /// node index (in the graph's edge order), and which node is the center. A site makes
    /// these straight from its whole graph, without building a small `Graph` for every page.
    public struct Picture: Sendable {
        public var kinds: [NodeKind]
        public var labels: [String]
        public var edges: [(source: Int, target: Int, kind: EdgeKind, weight: Double)]
        public var center: Int

        public init(kinds: [NodeKind], labels: [String], edges: [(source: Int, target: Int, kind: EdgeKind, weight: Double)], center: Int) {
            self.kinds = kinds
            self.labels = labels
            self.edges = edges
            self.center = center
        }

        /// The picture of `graph` around the node at `center`.
        public init(_ graph: Graph, center: Int) {
            kinds = graph.nodes.map(\.id.kind)
            labels = graph.nodes.map(\.label)
            edges = graph.edges.map { ($0.source, $0.target, $0.kind, $0.weight) }
            self.center = center
        }
    }

    /// Each node's look in every picture it is in: its kind, the half width of its box (from
    /// its label's estimated width), and its label, full name and link escaped for the markup.
    /// A site draws a picture of a dozen nodes around each of thousands, so each node is in a
    /// dozen pictures, and its label was cut, measured and escaped, and its link escaped, in
    /// every one of them; made for the whole graph, that is done once per node.
    ///
    /// The cut and the width follow the options' `maxLabelLength` and `fontSize`, which the
    /// looks keep: a writer draws only with looks made for its own.
    public struct NodeLooks: Sendable {
        /// A node's look; the ranges are of markup in `bytes`, the same in every picture.
        struct Look {
            var kind: NodeKind
            var halfWidth: Double
            /// The box's or ellipse's size attributes, after its position: ` width="…"
            /// height="22" rx="5"`, or ` rx="…" ry="11"`, with the quote before them.
            var size: Range<Int>
            /// The label drawn, escaped as XML text, and the end of the element: `">…</text></g>`.
            var label: Range<Int>
            /// The full name on one line, escaped as XML text: the label's own text where it
            /// is not cut short.
            var full: Range<Int>
            /// Whether the label is cut short, and so has the full name as a tooltip
            /// (`<title>…</title>`).
            var isCut: Bool
            /// The link, escaped for an attribute, and the end of the link's start tag: `…">`;
            /// nil when the node is no link.
            var href: Range<Int>?
        }

        var looks: [Look] = []
        /// The escaped texts the looks' ranges are in.
        var bytes: ByteBuffer
        let maxLabelLength: Int
        let fontSize: Double

        /// The looks of nodes with these kinds and labels, node k linking to `hrefs[k]` (nodes
        /// past its end link nowhere), as a writer with `options` draws them.
        public init(kinds: [NodeKind], labels: [String], hrefs: [String?], options: Options) {
            maxLabelLength = options.maxLabelLength
            fontSize = options.fontSize
            bytes = ByteBuffer(capacity: kinds.count * 48)
            looks.reserveCapacity(kinds.count)
            for k in kinds.indices {
                let kind = kinds[k]
                let full = DisplayLabel.singleLine(labels[k])
                let text = DisplayLabel.shortened(line: full, maxLength: maxLabelLength)
                let width = RadialSVGWriter.textWidth(text, fontSize: fontSize)
                // An ellipse needs more room than a box around the same text.
                let halfWidth = kind == .concept ? width / 2 * 1.2 + 10 : width / 2 + 9
                // Each number's closing quote goes with the next attribute's name.
                let size = add { out in
                    if kind == .concept {
                        out.append("\" rx=\"")
                        RadialSVGWriter.put(halfWidth, &out)
                        out.append("\" ry=\"")
                        RadialSVGWriter.put(RadialSVGWriter.halfHeight, &out)
                        out.append("\"")
                    } else {
                        out.append("\" width=\"")
                        RadialSVGWriter.put(2 * halfWidth, &out)
                        out.append("\" height=\"")
                        RadialSVGWriter.put(2 * RadialSVGWriter.halfHeight, &out)
                        out.append("\" rx=\"5\"")
                    }
                }
                let labelStart = bytes.count
                bytes.append("\">")
                let textStart = bytes.count
                TextEscaping.xml(text, attribute: false, into: &bytes)
                var fullText = textStart..<bytes.count
                bytes.append("</text></g>")
                let label = labelStart..<bytes.count
                // The full name, a tooltip where the label is cut short.
                let isCut = full != text
                if isCut { fullText = add { TextEscaping.xml(full, attribute: false, into: &$0) } }
                var link: Range<Int>?
                if k < hrefs.count, let href = hrefs[k] {
                    link = add { out in
                        TextEscaping.xml(href, attribute: true, into: &out)
                        out.append("\">")
                    }
                }
                looks.append(Look(kind: kind, halfWidth: halfWidth, size: size, label: label, full: fullText, isCut: isCut, href: link))
            }
        }

        /// Where what `write` appends lands in `bytes`.
        private mutating func add(_ write: (inout ByteBuffer) -> Void) -> Range<Int> {
            let start = bytes.count
            write(&bytes)
            return start..<bytes.count
        }

        /// Whether a writer with `options` draws these looks as they are.
        func suit(_ options: Options) -> Bool {
            maxLabelLength == options.maxLabelLength && fontSize.bitPattern == options.fontSize.bitPattern
        }
    }

    /// A picture of nodes whose looks are in a `NodeLooks`: the nodes by their index there
    /// (a site's: by index in its whole graph), the edges between them by position in `nodes`
    /// (in the graph's edge order), and the center's position in `nodes`.
    public struct Selection: Sendable {
        public var nodes: [Int]
        public var edges: [(source: Int, target: Int, kind: EdgeKind, weight: Double)]
        public var center: Int

        public init(nodes: [Int], edges: [(source: Int, target: Int, kind: EdgeKind, weight: Double)], center: Int) {
            self.nodes = nodes
            self.edges = edges
            self.center = center
        }
    }

    /// The picture of `graph` around `center`, or nil when the graph does not hold it.
    public func write(_ graph: Graph, center: NodeID) -> String? {
        writeBytes(graph, center: center).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The same picture as UTF-8 bytes, for a caller that writes bytes: no `String` is made.
    public func writeBytes(_ graph: Graph, center: NodeID) -> [UInt8]? {
        guard let c = graph.index(of: center) else { return nil }
        var writer = self
        if writer.options.nodeHrefs == nil {
            writer.options.nodeHrefs = graph.nodes.map { options.hrefs[$0.id] }
        }
        return writer.writeBytes(Picture(graph, center: c))
    }

    /// A picture given as its parts (`Picture`), links by node index (`Options.nodeHrefs`).
    public func write(_ picture: Picture) -> String {
        let (selection, looks) = parts(of: picture)
        return write(selection, looks: looks)
    }

    public func writeBytes(_ picture: Picture) -> [UInt8] {
        let (selection, looks) = parts(of: picture)
        return writeBytes(selection, looks: looks)
    }

    /// A `Picture` as the looks of its own nodes and the selection of all of them: every
    /// picture is drawn by the one `draw`.
    private func parts(of picture: Picture) -> (Selection, NodeLooks) {
        let looks = NodeLooks(kinds: picture.kinds, labels: picture.labels, hrefs: options.nodeHrefs ?? [], options: options)
        return (Selection(nodes: Array(picture.kinds.indices), edges: picture.edges, center: picture.center), looks)
    }

    /// A picture of nodes with looks made for the whole graph; links are the looks', written
    /// after `Options.hrefPrefix` (`hrefs` and `nodeHrefs` are not read).
    public func write(_ selection: Selection, looks: NodeLooks) -> String {
        var out = ByteBuffer(capacity: Self.capacity(nodes: selection.nodes.count, edges: selection.edges.count))
        draw(selection, looks: looks, into: &out)
        return out.string
    }

    public func writeBytes(_ selection: Selection, looks: NodeLooks) -> [UInt8] {
        var out = ByteBuffer(capacity: Self.capacity(nodes: selection.nodes.count, edges: selection.edges.count))
        draw(selection, looks: looks, into: &out)
        return out.bytes
    }

    /// Room for a picture, so the buffer is not grown while it is written: the local graphs of
    /// a 10,000-note vault (a dozen nodes, a dozen or so edges) take 4 to 6 KB, two thirds of
    /// this on average.
    static func capacity(nodes: Int, edges: Int) -> Int {
        1024 + 320 * nodes + 160 * edges
    }

    /// The elements go into bytes: tens of thousands of pictures are drawn per site, and
    /// appending to a String piece by piece was most of their cost; labels and links come
    /// escaped from the looks.
    private func draw(_ picture: Selection, looks: NodeLooks, into out: inout ByteBuffer) {
        precondition(looks.suit(options), "node looks made for another label length or font size")
        let count = picture.nodes.count, c = picture.center
        var placed: [Placed] = []
        placed.reserveCapacity(count)
        for node in picture.nodes {
            let look = looks.looks[node]
            placed.append(Placed(kind: look.kind, halfWidth: look.halfWidth))
        }
        let ring = ringOrder(picture.edges, center: c, placed: &placed)
        for (k, i) in ring.enumerated() {
            placed[i].direction = Self.direction(k, of: ring.count)
        }
        let radius = Self.radius(placed)
        for i in ring {
            placed[i].x = Self.rounded(placed[i].direction.x * radius)
            placed[i].y = Self.rounded(placed[i].direction.y * radius)
        }

        var minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0
        for p in placed {
            minX = min(minX, p.x - p.halfWidth); maxX = max(maxX, p.x + p.halfWidth)
            minY = min(minY, p.y - Self.halfHeight); maxY = max(maxY, p.y + Self.halfHeight)
        }
        minX -= Self.margin; minY -= Self.margin; maxX += Self.margin; maxY += Self.margin
        let width = maxX - minX, height = maxY - minY

        let id = options.idPrefix
        let idCount = id.utf8.count
        let markup = Self.markup(for: options)
        // Each part between the escaped texts is written into room reserved for its longest
        // form (`write(atMost:)`): its markup, the strings it copies, and `longestFixed` for
        // each number.
        let number = NumberText.longestFixed
        out.write(atMost: 160 + options.cssClass.utf8.count + 7 * number) { out in
            out.append("<svg class=\"")
            out.append(string: options.cssClass)
            out.append("\" width=\"")
            Self.put(width, &out)
            out.append("\" height=\"")
            Self.put(height, &out)
            out.append("\" viewBox=\"")
            Self.put(minX, &out)
            out.append(byte: UInt8(ascii: " "))
            Self.put(minY, &out)
            out.append(byte: UInt8(ascii: " "))
            Self.put(width, &out)
            out.append(byte: UInt8(ascii: " "))
            Self.put(height, &out)
            if let minScale = options.minScale {
                out.append("\" style=\"min-width:")
                Self.put(width * minScale, &out)
                out.append("px")
            }
        }
        // From the font to the title's start tag: the same in every picture of these options.
        markup.svgTail.withUnsafeBytes { out.append(contentsOf: $0) }
        if let around = options.titleAroundCenter {
            // Escaping goes character by character: the pieces escaped are the whole escaped.
            TextEscaping.xml(around.before, attribute: false, into: &out)
            let name = looks.looks[picture.nodes[c]].full
            looks.bytes.withUnsafeBytes { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[name])) }
            TextEscaping.xml(around.after, attribute: false, into: &out)
        } else {
            TextEscaping.xml(options.title, attribute: false, into: &out)
        }
        out.append("</title>\n")

        let edges = Self.drawnEdges(picture.edges)
        // One marker per kind of edge drawn that has arrowheads, in kind order.
        var kinds: UInt8 = 0
        for edge in edges where markup.edges[edge.kind.ordinal].arrowhead { kinds |= 1 << edge.kind.ordinal }
        if kinds != 0 {
            out.write(atMost: 16 + kinds.nonzeroBitCount * (384 + idCount + 2 * markup.longestEdgeName)) { out in
                out.append("<defs>")
                for ordinal in markup.edges.indices where kinds & (1 << ordinal) != 0 {
                    out.append(markup.markers, ordinal)
                }
                out.append("</defs>\n")
            }
        }
        placed.withUnsafeBufferPointer { placed in
            // Faint lines first, so the ones at the center are drawn over them.
            // Ids are unique, so an edge touches the center exactly when one of its ends is c.
            let edgeRoom = 256 + 5 * number + 3 * markup.longestEdgeName + 2 * idCount
            for edge in edges where edge.source != c && edge.target != c {
                out.write(atMost: edgeRoom) { edgeElement(edge, placed: placed, faint: true, markup: markup, into: &$0) }
            }
            for edge in edges where edge.source == c || edge.target == c {
                out.write(atMost: edgeRoom) { edgeElement(edge, placed: placed, faint: false, markup: markup, into: &$0) }
            }
            // The climb to the root, escaped once for all the picture's links: the `String`
            // form returns the climb itself when nothing in it needs escaping (`../../` never
            // does), so no buffer is made for it in every picture.
            let prefix = TextEscaping.xml(options.hrefPrefix, attribute: true)
            looks.bytes.withUnsafeBytes { text in
                prefix.withUTF8Bytes { prefix in
                    // The center last: on top, and read last by screen readers after what
                    // surrounds it; it links nowhere, being the page's own node.
                    for i in ring {
                        let look = looks.looks[picture.nodes[i]]
                        out.write(atMost: Self.nodeRoom(look, href: look.href, prefix: prefix, markup: markup)) {
                            nodeElement(placed[i], look, text, isCenter: false, href: look.href, prefix: prefix, markup: markup, into: &$0)
                        }
                    }
                    let look = looks.looks[picture.nodes[c]]
                    out.write(atMost: Self.nodeRoom(look, href: nil, prefix: prefix, markup: markup)) {
                        nodeElement(placed[c], look, text, isCenter: true, href: nil, prefix: prefix, markup: markup, into: &$0)
                    }
                }
            }
        }
        out.append("</svg>")
    }

    /// The nodes around the center, heaviest connection first, ties by id; records each node's
    /// weight in `placed`. A graph's nodes are sorted by id, so ties go by index, which orders
    /// them the same without comparing keys. The order is total, so any sort gives it: a ring of
    /// a dozen is sorted by insertion, which costs less than calling the library's comparison
    /// closure.
    private func ringOrder(_ edges: [(source: Int, target: Int, kind: EdgeKind, weight: Double)], center: Int,
                           placed: inout [Placed]) -> [Int] {
        for (source, target, _, weight) in edges {
            if source == center { placed[target].weight += max(0, weight) }
            if target == center { placed[source].weight += max(0, weight) }
        }
        var ring: [Int] = []
        ring.reserveCapacity(placed.count)
        for i in placed.indices where i != center { ring.append(i) }
        placed.withUnsafeBufferPointer { placed in
            func precedes(_ a: Int, _ b: Int) -> Bool {
                placed[a].weight != placed[b].weight ? placed[a].weight > placed[b].weight : a < b
            }
            if ring.count > 32 {
                ring.sort(by: precedes)
                return
            }
            for k in ring.indices.dropFirst() {
                let i = ring[k]
                var j = k
                while j > 0, precedes(i, ring[j - 1]) {
                    ring[j] = ring[j - 1]
                    j -= 1
                }
                ring[j] = i
            }
        }
        return ring
    }

    /// Place `k` of a ring of `count`, clockwise from the top, for a radius of 1.
    static func direction(_ k: Int, of count: Int) -> (x: Double, y: Double) {
        if count <= maxCachedRing { return cachedDirections[count * (count - 1) / 2 + k] }
        return computedDirection(k, of: count)
    }

    /// The angle's cosine (stretched by `aspect`) and sine, each `rounded`.
    static func computedDirection(_ k: Int, of count: Int) -> (x: Double, y: Double) {
        let angle = -Double.pi / 2 + 2 * Double.pi * Double(k) / Double(count)
        return (aspect * rounded(cos(angle)), rounded(sin(angle)))
    }

    /// Rings of up to this many nodes (a local graph has at most a dozen) take their directions
    /// from `cachedDirections`: the sines and cosines are the same for every picture.
    static let maxCachedRing = 24
    /// The directions of every ring of 1 to `maxCachedRing` places, one ring after the other.
    static let cachedDirections: [(x: Double, y: Double)] = {
        var directions: [(x: Double, y: Double)] = []
        for count in 1...maxCachedRing {
            for k in 0..<count { directions.append(computedDirection(k, of: count)) }
        }
        return directions
    }()

    /// The smallest radius at which no two nodes' boxes (with a gap) overlap, within bounds.
    /// Positions scale with the radius, so each pair gives the radius it needs directly: the
    /// boxes are apart once they are apart horizontally or vertically.
    static func radius(_ placed: [Placed]) -> Double {
        var needed = minRadius
        placed.withUnsafeBufferPointer { placed in
            for a in placed.indices {
                for b in (a + 1)..<placed.count {
                    let da = placed[a].direction, db = placed[b].direction
                    let dx = abs(da.x - db.x), dy = abs(da.y - db.y)
                    let needX = placed[a].halfWidth + placed[b].halfWidth + gap
                    let needY = halfHeight + halfHeight + gap
                    let byX = dx > 1e-9 ? needX / dx : .infinity
                    let byY = dy > 1e-9 ? needY / dy : .infinity
                    needed = max(needed, min(byX, byY))
                }
            }
        }
        return min(maxRadius, needed.rounded(.up))
    }

    /// Where the line from `from` towards `to` leaves `from`'s box or ellipse.
    static func boundary(_ from: Placed, towards to: Placed) -> (x: Double, y: Double) {
        let dx = to.x - from.x, dy = to.y - from.y
        guard dx != 0 || dy != 0 else { return (from.x, from.y) }
        let t: Double
        if from.isEllipse {
            t = 1 / ((dx / from.halfWidth) * (dx / from.halfWidth) + (dy / halfHeight) * (dy / halfHeight)).squareRoot()
        } else {
            t = min(dx == 0 ? .infinity : from.halfWidth / abs(dx), dy == 0 ? .infinity : halfHeight / abs(dy))
        }
        return (from.x + dx * t, from.y + dy * t)
    }

    /// An edge's element, into room for 256 bytes of markup, five numbers, three kind names and
    /// two id prefixes (the markers'): its start tag up to the path's first point and all that
    /// follows its width (dash, markers, end tags) come whole from `markup`.
    private func edgeElement(_ edge: DrawnEdge, placed: UnsafeBufferPointer<Placed>, faint: Bool, markup: KindMarkup,
                             into out: inout ByteWriter) {
        let kind = edge.kind.ordinal
        let a = placed[edge.source], b = placed[edge.target]
        let start = Self.boundary(a, towards: b), end = Self.boundary(b, towards: a)
        out.append(markup.edgeHeads, KindMarkup.slot(kind, faint))
        Self.put(start.x, &out)
        out.append(byte: UInt8(ascii: ","))
        Self.put(start.y, &out)
        out.append(byte: UInt8(ascii: "L"))
        Self.put(end.x, &out)
        out.append(byte: UInt8(ascii: ","))
        Self.put(end.y, &out)
        // A faint line is drawn at width 1, which needs no attribute.
        if !faint {
            let weight = edge.weight
            if let slot = EdgeStyle.cachedWidthSlot(kind: kind, weight: weight) {
                out.append(markup.strokeWidths, slot)
            } else {
                Self.strokeWidth(EdgeStyle.penWidth(weight: weight, base: markup.edges[kind].penWidth), into: &out)
            }
        }
        out.append(markup.edgeTails, KindMarkup.slot(kind, edge.bothWays))
    }

    /// An edge's `stroke-width` attribute, after the closing quote of the one before, for a
    /// line of `width`; nothing for width 1.
    @inline(__always)
    static func strokeWidth(_ width: Double, into out: inout ByteWriter) {
        if width != 1 {
            out.append("\" stroke-width=\"")
            NumberText.fixed(width, digits: 1, into: &out)   // pen widths keep a tenth (1.5, 3.3)
        }
    }

    /// The most `nodeElement` writes: 192 bytes of markup, four numbers, the kind's name, and
    /// the texts it copies.
    @inline(__always)
    private static func nodeRoom(_ look: NodeLooks.Look, href: Range<Int>?, prefix: UnsafeBufferPointer<UInt8>, markup: KindMarkup) -> Int {
        192 + 4 * NumberText.longestFixed + markup.longestNodeName + look.size.count + look.label.count + (look.isCut ? 15 + look.full.count : 0)
            + (href.map { $0.count + prefix.count } ?? 0)
    }

    /// A node's element, its size and texts taken from `text` (the looks' bytes) at the ranges
    /// of `look`, and its link (`href`, such a range) after the escaped `prefix`; into room for
    /// `nodeRoom`.
    private func nodeElement(_ p: Placed, _ look: NodeLooks.Look, _ text: UnsafeBufferPointer<UInt8>, isCenter: Bool, href: Range<Int>?,
                             prefix: UnsafeBufferPointer<UInt8>, markup: KindMarkup, into out: inout ByteWriter) {
        if let href {
            out.append("<a xlink:href=\"")
            // Escaping goes byte by byte (the one look-ahead, at 0xEF, stays within a string's
            // own bytes): the prefix escaped, then the link, is the escaped whole.
            out.append(contentsOf: prefix)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[href]))
        }
        out.append("<g class=\"node ng-node ng-")
        out.append(markup.nodeNames, p.kind.ordinal)
        out.append(isCenter ? " ng-center\">" : "\">")
        if look.isCut {
            out.append("<title>")
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[look.full]))
            out.append("</title>")
        }
        // Each number's closing quote goes with the next attribute's name.
        func attribute(_ name: StaticString, _ value: Double) {
            out.append(name)
            Self.put(value, &out)
        }
        // The position here, the size (the same in every picture) from the look.
        if p.isEllipse {
            attribute("<ellipse cx=\"", p.x)
            attribute("\" cy=\"", p.y)
        } else {
            attribute("<rect x=\"", p.x - p.halfWidth)
            attribute("\" y=\"", p.y - Self.halfHeight)
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: text[look.size]))
        if isCenter { out.append(" stroke-width=\"2.5\"") }
        if !p.isEllipse, p.kind == .tag { out.append(" stroke-dasharray=\"4,2\"") }
        attribute("/><text x=\"", p.x)
        attribute("\" y=\"", p.y)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: text[look.label]))
        if href != nil { out.append("</a>") }
        out.append(byte: UInt8(ascii: "\n"))
    }

    /// What the markup takes from the kinds of nodes and edges and from the options every
    /// picture of a site shares (id prefix, font), made once rather than for every edge of every
    /// picture, and read from one value per picture (each use of a static costs a call to check
    /// that it is made). An edge was a dozen pieces (class, kind name, dash, two markers of four
    /// pieces each) around its four numbers; from here it is a start, the numbers and an end.
    ///
    /// A class, so a picture takes it with one retain rather than copying a dozen references.
    final class KindMarkup: Sendable {
        /// How each kind of edge is drawn, by `EdgeKind.ordinal`.
        let edges: [EdgeMarkup]
        /// Kind names (`links`, `note`), by ordinal: the classes are `ng-` and the name (as
        /// `EdgeStyle.cssClass` and `NodeStyle.cssClass` make them), markers are named by kind.
        let edgeNames: ByteTable
        let nodeNames: ByteTable
        /// The longest of each, for the room an element is written into.
        let longestEdgeName: Int
        let longestNodeName: Int
        /// `strokeWidth` of an edge of each kind (by ordinal) and of each whole weight from 1 to
        /// `EdgeStyle.cachedWeights`, where `EdgeStyle.cachedWidthSlot` says.
        let strokeWidths: ByteTable
        /// The options the pieces below are made for (`suits`).
        let idPrefix: String
        let fontFamily: String
        let fontSize: Double
        /// An edge's element up to its path's first point, `<g class="edge ng-edge ng-links"><path
        /// d="M`, by `slot(ordinal, faint)` (a faint one has ` ng-faint` in its class).
        let edgeHeads: ByteTable
        /// An edge's element after its width: the quote closing the path, the dash, the marker at
        /// the end (and at the start, for a line both ways) and the end tags, by `slot(ordinal,
        /// bothWays)`.
        let edgeTails: ByteTable
        /// Each kind's `<marker>` element, by ordinal; empty for kinds without arrowheads.
        let markers: ByteTable
        /// The `<svg>` start tag from the quote closing its `viewBox` to the `<title>` start tag:
        /// the font, the namespaces and the ids that name the title.
        let svgTail: ByteBuffer

        /// Entry `2 * ordinal`, or the next one when `flag` is set.
        @inline(__always)
        static func slot(_ ordinal: Int, _ flag: Bool) -> Int { 2 * ordinal + (flag ? 1 : 0) }

        init(_ options: Options) {
            let edges = EdgeKind.allCases.sorted().map { kind in
                let style = EdgeStyle.of(kind)
                let dash: StaticString? = switch style.style {
                case "dashed": " stroke-dasharray=\"5,2\""
                case "dotted": " stroke-dasharray=\"1,3\""
                default: nil
                }
                return EdgeMarkup(dash: dash, arrowhead: style.arrowhead != "none", vee: style.arrowhead == "vee", penWidth: style.penWidth)
            }
            let edgeKindNames = EdgeKind.allCases.sorted().map(\.rawValue)
            edgeNames = Self.names(edgeKindNames)
            nodeNames = Self.names(NodeKind.allCases.sorted().map(\.rawValue))
            longestEdgeName = EdgeKind.allCases.map(\.rawValue.utf8.count).max() ?? 0
            longestNodeName = NodeKind.allCases.map(\.rawValue.utf8.count).max() ?? 0
            var strokeWidths = ByteTable(count: edges.count * EdgeStyle.cachedWeights, bytesEach: 24)
            for style in edges {
                for weight in 1...EdgeStyle.cachedWeights {
                    let width = EdgeStyle.penWidth(weight: Double(weight), base: style.penWidth)
                    strokeWidths.add { $0.write(atMost: 32 + NumberText.longestFixed) { RadialSVGWriter.strokeWidth(width, into: &$0) } }
                }
            }
            idPrefix = options.idPrefix
            fontFamily = options.fontFamily
            fontSize = options.fontSize
            let id = options.idPrefix
            var edgeHeads = ByteTable(count: 2 * edges.count, bytesEach: 64)
            var edgeTails = ByteTable(count: 2 * edges.count, bytesEach: 64 + 2 * id.utf8.count)
            var markers = ByteTable(count: edges.count, bytesEach: 320 + id.utf8.count)
            for (ordinal, style) in edges.enumerated() {
                let name = edgeKindNames[ordinal]
                for faint in [false, true] {
                    edgeHeads.add { out in
                        out.append("<g class=\"edge ng-edge ng-")
                        out.append(string: name)
                        out.append(faint ? " ng-faint\"><path d=\"M" : "\"><path d=\"M")
                    }
                }
                for bothWays in [false, true] {
                    edgeTails.add { out in
                        out.append(byte: UInt8(ascii: "\""))
                        if let dash = style.dash { out.append(dash) }
                        func marker(_ attribute: StaticString) {
                            out.append(attribute)
                            out.append(string: id)
                            out.append(byte: UInt8(ascii: "-"))
                            out.append(string: name)
                            out.append(")\"")
                        }
                        if style.arrowhead {
                            marker(" marker-end=\"url(#")
                            if bothWays { marker(" marker-start=\"url(#") }
                        }
                        out.append("/></g>\n")
                    }
                }
                markers.add { out in
                    guard style.arrowhead else { return }
                    out.append("<marker id=\"")
                    out.append(string: id)
                    out.append(byte: UInt8(ascii: "-"))
                    out.append(string: name)
                    out.append("\" class=\"ng-")
                    out.append(string: name)
                    out.append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\"")
                    out.append(" markerWidth=\"8\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\">")
                    // A vee for mentions, a triangle otherwise, as in the DOT output.
                    out.append(style.vee ? "<polygon points=\"0,0 10,5 0,10 3,5\"/></marker>"
                                         : "<polygon points=\"0,0 10,5 0,10\"/></marker>")
                }
            }
            var svgTail = ByteBuffer(capacity: 320 + 2 * id.utf8.count + options.fontFamily.utf8.count)
            svgTail.append("\" font-family=\"")
            TextEscaping.xml(options.fontFamily, attribute: true, into: &svgTail)
            svgTail.append("\" font-size=\"")
            RadialSVGWriter.put(options.fontSize, &svgTail)
            svgTail.append("\" text-anchor=\"middle\" dominant-baseline=\"central\"")
            svgTail.append(" xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" role=\"img\" aria-labelledby=\"")
            svgTail.append(string: id)
            svgTail.append("-title\"><title id=\"")
            svgTail.append(string: id)
            svgTail.append("-title\">")
            self.edges = edges
            self.strokeWidths = strokeWidths
            self.edgeHeads = edgeHeads
            self.edgeTails = edgeTails
            self.markers = markers
            self.svgTail = svgTail
        }

        /// Whether the pieces are the ones a writer with `options` draws.
        func suits(_ options: Options) -> Bool {
            idPrefix == options.idPrefix && fontFamily == options.fontFamily && fontSize.bitPattern == options.fontSize.bitPattern
        }

        private static func names(_ names: [String]) -> ByteTable {
            var table = ByteTable(count: names.count, bytesEach: 8)
            for name in names { table.add { $0.append(string: name) } }
            return table
        }
    }

    struct EdgeMarkup {
        /// The `stroke-dasharray` attribute of a dashed or dotted line.
        var dash: StaticString?
        var arrowhead: Bool
        /// A vee rather than a triangle.
        var vee: Bool
        /// `EdgeStyle.penWidth`: the width of weight 1.
        var penWidth: Double
    }

    /// The markup of pictures drawn with the default id prefix and font, as a site's are.
    static let kindMarkup = KindMarkup(Options())

    /// The markup for a writer with `options`: the shared one, or one made for this picture
    /// when the options' id prefix or font are not the default ones.
    static func markup(for options: Options) -> KindMarkup {
        let shared = kindMarkup
        return shared.suits(options) ? shared : KindMarkup(options)
    }

    /// `number(x)` written straight into bytes: the same digits for every x.
    ///
    /// A picture writes a few hundred numbers, so `x.rounded()` (half away from zero) is done
    /// here without a call to libm: below 10^15 (< 2^52) a double's fraction, `x` less its
    /// truncation, is exact, so comparing it with ±0.5 rounds as `rounded()` does; the result
    /// is the same integer, checked against the same bound.
    static func put(_ x: Double, _ out: inout ByteBuffer) {
        out.write(atMost: NumberText.longestFixed) { put(x, &$0) }
    }

    /// `put` through a writer with `NumberText.longestFixed` bytes of room.
    @inline(__always)
    static func put(_ x: Double, _ out: inout ByteWriter) {
        guard x.isFinite, abs(x) < 1e15 else {
            NumberText.fixed(x, digits: 0, into: &out)
            return
        }
        var rounded = Int64(x)
        let fraction = x - Double(rounded)
        if fraction >= 0.5 {
            rounded += 1
        } else if fraction <= -0.5 {
            rounded -= 1
        }
        guard abs(rounded) < 1_000_000_000_000_000 else {
            NumberText.fixed(x, digits: 0, into: &out)
            return
        }
        out.append(integer: rounded)
    }

    /// The same into plain bytes (tests check it against `number`).
    static func put(_ x: Double, _ out: inout [UInt8]) {
        var buffer = ByteBuffer()
        put(x, &buffer)
        out.append(contentsOf: buffer.bytes)
    }

    /// The edges to draw, in graph order: a pair of the same kind in both directions is one
    /// line with two arrowheads, its weights added (into the first of the two). The other
    /// direction is searched among plain values: a local graph has a few dozen edges.
    static func drawnEdges(_ edges: [(source: Int, target: Int, kind: EdgeKind, weight: Double)]) -> [DrawnEdge] {
        var drawn: [DrawnEdge] = []
        drawn.reserveCapacity(edges.count)
        for (source, target, kind, weight) in edges {
            guard source != target else { continue }
            var reverse = -1
            for j in drawn.indices where drawn[j].source == target && drawn[j].target == source && drawn[j].kind == kind {
                reverse = j
                break
            }
            if reverse >= 0 {
                drawn[reverse].weight += weight
                drawn[reverse].bothWays = true
            } else {
                drawn.append(DrawnEdge(source: source, target: target, kind: kind, weight: weight))
            }
        }
        return drawn
    }

    /// The width of `text` at `fontSize`, from per-character classes rather than font metrics:
    /// Hangul, CJK, full-width forms and emoji take a full em; Latin letters about half.
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        let ems = asciiEms.withUnsafeBufferPointer { ascii -> Double in
            text.withUTF8Bytes { utf8 in Self.ems(utf8: utf8, ascii: ascii) }
        }
        return (ems * fontSize).rounded(.up)
    }

    /// The width of UTF-8 text in ems, its scalars decoded in place, ASCII by table (`ascii`,
    /// `asciiEms`): most labels are short Latin or Hangul, and walking the `unicodeScalars` view
    /// cost more than the rest of the layout. The widths are added in the text's order, as the
    /// scalars' were, so the sum is the same to the last bit.
    static func ems(utf8: UnsafeBufferPointer<UInt8>, ascii: UnsafeBufferPointer<Double>) -> Double {
        var ems = 0.0
        var i = 0
        while i < utf8.count {
            let lead = utf8[i]
            if lead < 0x80 {
                ems += ascii[Int(lead)]
                i += 1
                continue
            }
            // A String's bytes are valid UTF-8: the continuation bytes are there.
            let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            var value = UInt32(lead & (lead < 0xE0 ? 0x1F : lead < 0xF0 ? 0x0F : 0x07))
            for k in 1..<length { value = value << 6 | UInt32(utf8[i + k] & 0x3F) }
            i += length
            ems += Self.ems(of: value)
        }
        return ems
    }

    /// The width of one character, in ems.
    static func ems(of scalar: UInt32) -> Double {
        switch scalar {
        case 0x1100...0x11FF, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F000...0x1FAFF, 0x20000...0x3FFFD:
            1.0
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F, 0xE0100...0xE01EF:
            0   // combining marks and joiners take no room of their own
        case 0x20, 0x21, 0x27, 0x2C, 0x2E, 0x3A, 0x3B, 0x49, 0x69, 0x6A, 0x6C, 0x7C, 0x66, 0x74, 0x72, 0x28, 0x29, 0x5B, 0x5D:
            0.32   // space ! ' , . : ; I i j l | f t r ( ) [ ]
        case 0x4D, 0x57, 0x6D, 0x77:
            0.86   // M W m w
        case 0x41...0x5A, 0x30...0x39:
            0.64
        case 0x61...0x7A:
            0.54
        default:
            0.62
        }
    }

    /// `ems(of:)` of each ASCII character.
    static let asciiEms: [Double] = (0..<128).map { ems(of: UInt32($0)) }

    /// Directions to four places, so the layout does not depend on the last bit of `cos`.
    static func rounded(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

    /// Whole pixels: enough for a picture, and short.
    static func number(_ x: Double) -> String { NumberText.fixed(x, digits: 0) }
}

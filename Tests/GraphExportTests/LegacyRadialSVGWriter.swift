import Foundation
@testable import GraphExport
import KnowledgeGraph

/// The radial writer as it was before it wrote into a `ByteBuffer` (commit 26b5aa5), kept
/// only for tests: the current writer must give the same bytes for every graph and options,
/// and this is the specification it is checked against. Do not optimize it.
struct LegacyRadialSVGWriter {
    typealias Options = RadialSVGWriter.Options

    var options: Options

    init(options: Options = Options()) {
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

    struct Placed {
        var node: Node
        var label: String
        var x = 0.0, y = 0.0
        /// Half width and half height of the node's box (or the ellipse's radii).
        var halfWidth: Double
        var halfHeight: Double
        var isEllipse: Bool
    }

    /// The picture of `graph` around `center`, or nil when the graph does not hold it.
    func write(_ graph: Graph, center: NodeID) -> String? {
        guard let c = graph.index(of: center) else { return nil }
        var placed = graph.nodes.map { node -> Placed in
            let label = DisplayLabel.shortened(node.label, maxLength: options.maxLabelLength)
            let width = Self.textWidth(label, fontSize: options.fontSize)
            let isEllipse = node.id.kind == .concept
            // An ellipse needs more room than a box around the same text.
            let halfWidth = isEllipse ? width / 2 * 1.2 + 10 : width / 2 + 9
            return Placed(node: node, label: label, halfWidth: halfWidth, halfHeight: Self.nodeHeight / 2, isEllipse: isEllipse)
        }
        let ring = ringOrder(graph, center: c)
        let directions: [Int: (x: Double, y: Double)] = Dictionary(uniqueKeysWithValues: ring.enumerated().map { k, i in
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(k) / Double(ring.count)
            return (i, (Self.aspect * Self.rounded(cos(angle)), Self.rounded(sin(angle))))
        })
        let radius = Self.radius(placed, directions: directions, center: c)
        for (i, d) in directions {
            placed[i].x = Self.rounded(d.x * radius)
            placed[i].y = Self.rounded(d.y * radius)
        }

        var minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0
        for p in placed {
            minX = min(minX, p.x - p.halfWidth); maxX = max(maxX, p.x + p.halfWidth)
            minY = min(minY, p.y - p.halfHeight); maxY = max(maxY, p.y + p.halfHeight)
        }
        minX -= Self.margin; minY -= Self.margin; maxX += Self.margin; maxY += Self.margin
        let width = maxX - minX, height = maxY - minY

        let id = options.idPrefix
        var out = "<svg class=\"\(options.cssClass)\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\""
        out += " viewBox=\"\(Self.number(minX)) \(Self.number(minY)) \(Self.number(width)) \(Self.number(height))\""
        if let minScale = options.minScale { out += " style=\"min-width:\(Self.number(width * minScale))px\"" }
        out += " font-family=\"\(TextEscaping.xml(options.fontFamily, attribute: true))\" font-size=\"\(Self.number(options.fontSize))\""
        out += " text-anchor=\"middle\" dominant-baseline=\"central\""
        out += " xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" role=\"img\" aria-labelledby=\"\(id)-title\">"
        out += "<title id=\"\(id)-title\">\(TextEscaping.xml(options.title, attribute: false))</title>\n"

        let edges = drawnEdges(graph)
        let kinds = Set(edges.map(\.edge.kind)).filter { EdgeStyle.of($0).arrowhead != "none" }.sorted()
        if !kinds.isEmpty {
            out += "<defs>"
            for kind in kinds {
                let style = EdgeStyle.of(kind)
                // A vee for mentions, a triangle otherwise, as in the DOT output.
                let shape = style.arrowhead == "vee" ? "0,0 10,5 0,10 3,5" : "0,0 10,5 0,10"
                out += "<marker id=\"\(id)-\(kind.rawValue)\" class=\"\(EdgeStyle.cssClass(kind))\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\""
                out += " markerWidth=\"8\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\">"
                out += "<polygon points=\"\(shape)\"/></marker>"
            }
            out += "</defs>\n"
        }
        // The elements go into bytes: tens of thousands of pictures are drawn per site, and
        // appending to a String piece by piece was most of their cost.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8192)
        bytes.append(contentsOf: out.utf8)
        // Faint lines first, so the ones at the center are drawn over them.
        // Ids are unique, so an edge touches the center exactly when one of its ends is c.
        func isFaint(_ edge: Edge) -> Bool { edge.source != c && edge.target != c }
        let ordered = edges.filter { isFaint($0.edge) } + edges.filter { !isFaint($0.edge) }
        for (edge, bothWays) in ordered {
            edgeElement(edge, bothWays: bothWays, placed: placed, faint: isFaint(edge), into: &bytes)
        }
        // The center last: on top, and read last by screen readers after what surrounds it.
        for i in ring + [c] {
            let href = i == c ? nil : options.nodeHrefs.map { i < $0.count ? $0[i] : nil } ?? options.hrefs[placed[i].node.id]
            nodeElement(placed[i], isCenter: i == c, href: href, into: &bytes)
        }
        Self.put("</svg>", &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The nodes around the center, heaviest connection first, ties by id.
    private func ringOrder(_ graph: Graph, center: Int) -> [Int] {
        var weight = [Double](repeating: 0, count: graph.nodes.count)
        for edge in graph.edges {
            if edge.source == center { weight[edge.target] += max(0, edge.weight) }
            if edge.target == center { weight[edge.source] += max(0, edge.weight) }
        }
        return graph.nodes.indices.filter { $0 != center }.sorted {
            weight[$0] != weight[$1] ? weight[$0] > weight[$1] : graph.nodes[$0].id < graph.nodes[$1].id
        }
    }

    /// The smallest radius at which no two nodes' boxes (with a gap) overlap, within bounds.
    /// Positions scale with the radius, so each pair gives the radius it needs directly: the
    /// boxes are apart once they are apart horizontally or vertically.
    static func radius(_ placed: [Placed], directions: [Int: (x: Double, y: Double)], center: Int) -> Double {
        var needed = minRadius
        let indices = Array(placed.indices)
        for (m, a) in indices.enumerated() {
            for b in indices[(m + 1)...] {
                let da = directions[a] ?? (0, 0), db = directions[b] ?? (0, 0)
                let dx = abs(da.x - db.x), dy = abs(da.y - db.y)
                let needX = placed[a].halfWidth + placed[b].halfWidth + gap
                let needY = placed[a].halfHeight + placed[b].halfHeight + gap
                let byX = dx > 1e-9 ? needX / dx : .infinity
                let byY = dy > 1e-9 ? needY / dy : .infinity
                needed = max(needed, min(byX, byY))
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
            t = 1 / ((dx / from.halfWidth) * (dx / from.halfWidth) + (dy / from.halfHeight) * (dy / from.halfHeight)).squareRoot()
        } else {
            t = min(dx == 0 ? .infinity : from.halfWidth / abs(dx), dy == 0 ? .infinity : from.halfHeight / abs(dy))
        }
        return (from.x + dx * t, from.y + dy * t)
    }

    private func edgeElement(_ edge: Edge, bothWays: Bool, placed: [Placed], faint: Bool, into out: inout [UInt8]) {
        let style = EdgeStyle.of(edge.kind)
        let a = placed[edge.source], b = placed[edge.target]
        let start = Self.boundary(a, towards: b), end = Self.boundary(b, towards: a)
        Self.put("<g class=\"edge ng-edge ", &out)
        Self.put(EdgeStyle.cssClass(edge.kind), &out)
        if faint { Self.put(" ng-faint", &out) }
        Self.put("\"><path d=\"M", &out)
        Self.put(start.x, &out)
        Self.put(",", &out)
        Self.put(start.y, &out)
        Self.put("L", &out)
        Self.put(end.x, &out)
        Self.put(",", &out)
        Self.put(end.y, &out)
        Self.put("\"", &out)
        let width = faint ? 1 : style.penWidth(weight: edge.weight)
        if width != 1 {
            Self.put(" stroke-width=\"", &out)
            Self.put(Self.width(width), &out)
            Self.put("\"", &out)
        }
        switch style.style {
        case "dashed": Self.put(" stroke-dasharray=\"5,2\"", &out)
        case "dotted": Self.put(" stroke-dasharray=\"1,3\"", &out)
        default: break
        }
        if style.arrowhead != "none" {
            let marker = "url(#\(options.idPrefix)-\(edge.kind.rawValue))"
            Self.put(" marker-end=\"", &out)
            Self.put(marker, &out)
            Self.put("\"", &out)
            if bothWays {
                Self.put(" marker-start=\"", &out)
                Self.put(marker, &out)
                Self.put("\"", &out)
            }
        }
        Self.put("/></g>\n", &out)
    }

    private func nodeElement(_ p: Placed, isCenter: Bool, href: String?, into out: inout [UInt8]) {
        if let href {
            Self.put("<a xlink:href=\"", &out)
            Self.put(TextEscaping.xml(href, attribute: true), &out)
            Self.put("\">", &out)
        }
        Self.put("<g class=\"node ng-node ", &out)
        Self.put(NodeStyle.cssClass(p.node.id.kind), &out)
        Self.put(isCenter ? " ng-center\">" : "\">", &out)
        // The full name as a tooltip where the label is cut short.
        let full = DisplayLabel.singleLine(p.node.label)
        if full != p.label {
            Self.put("<title>", &out)
            Self.put(TextEscaping.xml(full, attribute: false), &out)
            Self.put("</title>", &out)
        }
        func attribute(_ name: StaticString, _ value: Double) {
            Self.put(name, &out)
            Self.put(value, &out)
            Self.put("\"", &out)
        }
        if p.isEllipse {
            attribute("<ellipse cx=\"", p.x)
            attribute(" cy=\"", p.y)
            attribute(" rx=\"", p.halfWidth)
            attribute(" ry=\"", p.halfHeight)
        } else {
            attribute("<rect x=\"", p.x - p.halfWidth)
            attribute(" y=\"", p.y - p.halfHeight)
            attribute(" width=\"", 2 * p.halfWidth)
            attribute(" height=\"", 2 * p.halfHeight)
            Self.put(" rx=\"5\"", &out)
        }
        if isCenter { Self.put(" stroke-width=\"2.5\"", &out) }
        if !p.isEllipse, p.node.id.kind == .tag { Self.put(" stroke-dasharray=\"4,2\"", &out) }
        Self.put("/>", &out)
        attribute("<text x=\"", p.x)
        attribute(" y=\"", p.y)
        Self.put(">", &out)
        Self.put(TextEscaping.xml(p.label, attribute: false), &out)
        Self.put("</text></g>", &out)
        if href != nil { Self.put("</a>", &out) }
        Self.put("\n", &out)
    }

    static func put(_ text: StaticString, _ out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    static func put(_ text: String, _ out: inout [UInt8]) {
        out.append(contentsOf: text.utf8)
    }

    /// `number(x)` written straight into bytes: the same digits for every x.
    static func put(_ x: Double, _ out: inout [UInt8]) {
        let rounded = x.rounded()
        guard x.isFinite, abs(rounded) < 1e15 else {
            put(number(x), &out)
            return
        }
        var value = Int64(rounded)
        if value < 0 {
            out.append(0x2D)   // -
            value = -value
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(0x30 + value % 10)
                value /= 10
                count += 1
            } while value > 0
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }

    /// The edges to draw, in graph order: a pair of the same kind in both directions is one
    /// line with two arrowheads, its weights added.
    func drawnEdges(_ graph: Graph) -> [(edge: Edge, bothWays: Bool)] {
        var drawn: [(edge: Edge, bothWays: Bool)] = []
        for edge in graph.edges where edge.source != edge.target {
            if let k = drawn.firstIndex(where: { $0.edge.source == edge.target && $0.edge.target == edge.source && $0.edge.kind == edge.kind }) {
                drawn[k].edge.weight += edge.weight
                drawn[k].bothWays = true
            } else {
                drawn.append((edge, false))
            }
        }
        return drawn
    }

    /// The width of `text` at `fontSize`, from per-character classes rather than font metrics:
    /// Hangul, CJK, full-width forms and emoji take a full em; Latin letters about half.
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x1100...0x11FF, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F000...0x1FAFF, 0x20000...0x3FFFD:
                ems += 1.0
            case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F, 0xE0100...0xE01EF:
                break   // combining marks and joiners take no room of their own
            case 0x20, 0x21, 0x27, 0x2C, 0x2E, 0x3A, 0x3B, 0x49, 0x69, 0x6A, 0x6C, 0x7C, 0x66, 0x74, 0x72, 0x28, 0x29, 0x5B, 0x5D:
                ems += 0.32   // space ! ' , . : ; I i j l | f t r ( ) [ ]
            case 0x4D, 0x57, 0x6D, 0x77:
                ems += 0.86   // M W m w
            case 0x41...0x5A, 0x30...0x39:
                ems += 0.64
            case 0x61...0x7A:
                ems += 0.54
            default:
                ems += 0.62
            }
        }
        return (ems * fontSize).rounded(.up)
    }

    /// Directions to four places, so the layout does not depend on the last bit of `cos`.
    static func rounded(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

    /// Whole pixels: enough for a picture, and short.
    static func number(_ x: Double) -> String { NumberText.fixed(x, digits: 0) }

    /// Pen widths keep a tenth (1.5, 3.3).
    static func width(_ x: Double) -> String { NumberText.fixed(x, digits: 1) }
}

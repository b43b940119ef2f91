import Diagnostics
import Foundation
public import KnowledgeGraph

/// How each kind of node and edge is drawn. Colours are mid-tones that read on white and on a
/// dark page; the site's style sheet may restyle them by class (`ng-note`, `ng-links`, …).
public struct NodeStyle: Sendable, Hashable {
    public var shape: String
    public var style: String
    public var fill: String
    public var border: String
    /// What the legend calls the shape.
    public var shapeName: String

    public static func of(_ kind: NodeKind) -> NodeStyle {
        switch kind {
        case .note: NodeStyle(shape: "box", style: "rounded,filled", fill: "#dbe7fb", border: "#2f6fd6", shapeName: "rounded box")
        case .concept: NodeStyle(shape: "ellipse", style: "filled", fill: "#fde7c2", border: "#b7791f", shapeName: "ellipse")
        case .tag: NodeStyle(shape: "box", style: "rounded,filled,dashed", fill: "#dcf3e5", border: "#1f8a5b", shapeName: "dashed box")
        }
    }

    /// The CSS class of a node of this kind in SVG output.
    public static func cssClass(_ kind: NodeKind) -> String { "ng-" + kind.rawValue }
}

public struct EdgeStyle: Sendable, Hashable {
    public var style: String
    public var color: String
    public var arrowhead: String
    /// The pen width of weight 1; heavier edges are drawn thicker, up to `EdgeStyle.maxPenWidth`.
    public var penWidth: Double
    /// A sample of the line for the legend.
    public var sample: String

    public static func of(_ kind: EdgeKind) -> EdgeStyle {
        switch kind {
        case .links: EdgeStyle(style: "solid", color: "#6e7781", arrowhead: "normal", penWidth: 1, sample: "──▶")
        case .defines: EdgeStyle(style: "bold", color: "#b7791f", arrowhead: "normal", penWidth: 1.5, sample: "━━▶")
        case .mentions: EdgeStyle(style: "dashed", color: "#8c959f", arrowhead: "vee", penWidth: 1, sample: "╌╌›")
        case .related: EdgeStyle(style: "solid", color: "#9a6700", arrowhead: "none", penWidth: 1, sample: "───")
        case .tagged: EdgeStyle(style: "dotted", color: "#1f8a5b", arrowhead: "none", penWidth: 1, sample: "┈┈┈")
        }
    }

    public static let maxPenWidth = 4.0

    /// Weight as width: each doubling of the weight adds one point, bounded so a note that
    /// mentions a concept 200 times does not draw a bar.
    public func penWidth(weight: Double) -> Double {
        Self.penWidth(weight: weight, base: penWidth)
    }

    /// `penWidth(weight:)` of a style whose pen width of weight 1 is `base`, for a writer that
    /// keeps the base width rather than the whole style (its strings) per edge.
    static func penWidth(weight: Double, base: Double) -> Double {
        let w = weight.isFinite ? max(1, weight) : 1
        return min(EdgeStyle.maxPenWidth, base + log2(w))
    }

    public static func cssClass(_ kind: EdgeKind) -> String { "ng-" + kind.rawValue }

    /// The whole weights, 1 to this, whose width texts the writers make once per edge kind
    /// (`DOTWriter`'s `penwidth`, `RadialSVGWriter`'s `stroke-width`): most weights are a few
    /// mentions or links, and the width's logarithm and digits were worked out for every edge.
    static let cachedWeights = 16

    /// Where such a table keeps the width text of `weight` on an edge of the kind numbered
    /// `kind` (`kind * cachedWeights + weight - 1`), or nil when `weight` is not a whole number
    /// from 1 to `cachedWeights`: its width is written afresh.
    @inline(__always)
    static func cachedWidthSlot(kind: Int, weight: Double) -> Int? {
        guard weight >= 1, weight <= Double(cachedWeights), weight == weight.rounded(.towardZero) else { return nil }
        return kind * cachedWeights + Int(weight) - 1
    }
}

/// What a node is called in each output: DOT, JSON and GraphML all use `kind:key`, the
/// `NodeID`'s description, so ids agree across formats. Characters XML cannot carry (C0 controls
/// other than tab, newline and carriage return) become U+FFFD in all three, for the same reason.
public enum NodeIdentifier {
    public static func of(_ id: NodeID) -> String {
        let text = id.description
        guard mayHoldUnrepresentable(text), text.unicodeScalars.contains(where: unrepresentable) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(unrepresentable(scalar) ? "\u{FFFD}" : scalar) }
        return String(out)
    }

    /// `of(id)` escaped by `escape` (an escaper without quotes: `TextEscaping.xml`, `jsonBody`,
    /// `dotIDBody`), written without making the string: the kind's name and the colon as they
    /// are (ASCII letters, which no escaper changes), then the key escaped. The escapers take
    /// one character at a time, so the two pieces side by side escape as the whole would. A key
    /// that may hold a character to replace goes through `of`. Every node of every data file
    /// is named so, and its `description` was a new string each time.
    static func write(_ id: NodeID, into out: inout ByteBuffer, escape: (String, inout ByteBuffer) -> Void) {
        if mayHoldUnrepresentable(id.key) {
            escape(of(id), &out)
            return
        }
        out.append(string: id.kind.rawValue)
        out.append(byte: UInt8(ascii: ":"))
        escape(id.key, &out)
    }

    /// Whether `text` may hold a character `unrepresentable` picks, asked of its bytes: a
    /// control byte other than tab, newline and carriage return, or EF, the lead byte of
    /// U+FFFE and U+FFFF (and of other characters, which then take the scalar look). Every id
    /// of every graph file is asked; almost none holds either.
    private static func mayHoldUnrepresentable(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            bytes.contains { byte in (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0xEF }
        }
    }

    private static func unrepresentable(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0xFFFE || scalar.value == 0xFFFF
    }
}

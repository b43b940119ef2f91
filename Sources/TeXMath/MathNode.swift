/// The parsed formula: a tree that maps one to one onto MathML Core elements.
///
/// Depth is bounded by the parser (see ``TeXMath/maximumDepth``), so recursive rendering and
/// destruction stay shallow.
indirect enum MathNode: Sendable {
    /// `<mi>`. `upright` asks for `mathvariant="normal"` where a single letter would otherwise be italic.
    case identifier(String, upright: Bool)
    case number(String)
    case op(String, OperatorAttributes)
    case text(String, style: String?)
    /// Horizontal space in em; negative values become a negative margin (Chromium ignores negative widths).
    case space(Double)
    case row([MathNode])
    /// An `mrow` with a CSS style: colour, `\boxed`, sizes.
    case styled([MathNode], style: String)
    case fraction(MathNode, MathNode, thickness: String?)
    case sqrt(MathNode)
    case root(MathNode, index: MathNode)
    case scripts(base: MathNode, sub: MathNode?, sup: MathNode?, limits: Limits)
    /// `munder`/`mover`/`munderover` that is always stacked: accents, braces, `\overset`.
    case stack(base: MathNode, under: MathNode?, over: MathNode?, accent: Bool)
    /// `mstyle`: `\displaystyle`, `\dfrac`. `display` feeds the limits decision below it.
    case style(MathNode, display: Bool, scriptLevel: Int?)
    case table(MathTable)
    case phantom(MathNode)
    case padded(MathNode, width: String?, height: String?, depth: String?)
    /// Red text naming what could not be rendered.
    case error(String)

    static let empty = MathNode.row([])

    var isEmptyRow: Bool {
        if case .row(let children) = self { return children.isEmpty }
        return false
    }
}

/// Where scripts of a base go.
enum Limits: Sendable, Equatable {
    /// Beside: `msub`/`msup`.
    case never
    /// Below and above in display style, beside otherwise (`\sum`, `\lim`): TeX's `\displaylimits`.
    case display
    /// Always below and above (`\limits`, `\underbrace`).
    case always
}

/// `mo` attributes. Written in alphabetical order so output is deterministic.
struct OperatorAttributes: Sendable, Equatable {
    var fence = false
    var form: String?
    var lspace: String?
    var maxsize: String?
    var minsize: String?
    var movablelimits: Bool?
    var rspace: String?
    var stretchy: Bool?
    var symmetric = false

    static let plain = OperatorAttributes()
    static let nonStretchy = OperatorAttributes(stretchy: false)
    static let fenceStretchy = OperatorAttributes(fence: true, stretchy: true)
}

/// A parsed `\begin{…}` environment (or `\substack`, or rows of display math split by `\\`).
struct MathTable: Sendable {
    enum Alignment: Sendable, Equatable { case left, center, right }

    enum Kind: Sendable, Equatable {
        case matrix, aligned, cases, array, gathered, substack
    }

    var kind: Kind
    var rows: [[MathNode]] = []
    /// Per column; the last entry repeats for extra columns.
    var alignments: [Alignment] = [.center]
    var displayStyle: Bool
    var scriptLevel: Int?
    var open: String?
    var close: String?
    /// `array` rules: column indices with a rule on their left (`columns.count` = right of the last).
    var columnRules: Set<Int> = []
    /// Row indices with `\hline` above them (`rows.count` = below the last).
    var rowRules: Set<Int> = []

    func alignment(ofColumn column: Int) -> Alignment {
        switch kind {
        case .aligned: return column % 2 == 0 ? .right : .left
        case .cases: return .left
        default: return column < alignments.count ? alignments[column] : (alignments.last ?? .center)
        }
    }
}

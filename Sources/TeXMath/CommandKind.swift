/// What a control sequence does, looked up once per name.
enum CommandKind: Sendable {
    case dots
    case symbol(Symbol)
    case function(String, limits: Bool)
    case font(MathFont)
    case accent(Symbols.Accent)
    case space(Double)
    case text(TextStyle.Change)
    case fraction, sqrt, left, big, begin, operatorName, mathClass, overset, extensibleArrow, not
    case boxed, fbox, textcolor, colorbox, phantom, strut, mod, bmod, substack, tag, hspace, kern
    /// Commands whose braced argument is dropped (`\label{…}`).
    case dropGroup
    /// Commands that produce nothing (`\nonumber`, `\relax`).
    case ignore
    case strayLimits

    /// Whether the command parses arguments (and so nests).
    var isNested: Bool {
        switch self {
        case .dots, .symbol, .function, .space, .big, .strut, .bmod, .hspace, .kern, .dropGroup, .ignore, .strayLimits:
            return false
        default:
            return true
        }
    }

    /// Every command the parser knows, except the row-level ones handled in `parseRow`.
    static let table: [String: CommandKind] = {
        var table: [String: CommandKind] = [:]
        func add(_ kind: CommandKind, _ names: String) {
            for name in names.split(separator: " ") { table[String(name)] = kind }
        }
        for (name, symbol) in Symbols.commands { table[name] = .symbol(symbol) }
        for (name, function) in Symbols.functions { table[name] = .function(function.text, limits: function.limits) }
        for (name, font) in MathFont.commands { table[name] = .font(font) }
        for (name, accent) in Symbols.accents { table[name] = .accent(accent) }
        for (name, width) in Symbols.spaces { table[name] = .space(width) }
        for (name, change) in TextStyle.commands { table[name] = .text(change) }
        add(.dots, "dots")
        add(.fraction, "frac dfrac tfrac cfrac binom dbinom tbinom")
        add(.sqrt, "sqrt")
        add(.left, "left")
        add(.big, "big Big bigg Bigg bigl Bigl biggl Biggl bigr Bigr biggr Biggr bigm Bigm biggm Biggm")
        add(.begin, "begin")
        add(.operatorName, "operatorname operatornamewithlimits")
        add(.mathClass, "mathop mathrel mathbin mathord mathopen mathclose mathpunct mathinner")
        add(.overset, "overset underset stackrel")
        add(.extensibleArrow, "xrightarrow xleftarrow xRightarrow xLeftarrow xleftrightarrow xLeftrightarrow "
            + "xmapsto xhookrightarrow xhookleftarrow xtwoheadrightarrow xrightharpoonup xrightleftharpoons xlongequal")
        add(.not, "not")
        add(.boxed, "boxed")
        add(.fbox, "fbox")
        add(.textcolor, "textcolor")
        add(.colorbox, "colorbox")
        add(.phantom, "phantom hphantom vphantom smash llap rlap clap mathllap mathrlap mathclap")
        add(.strut, "mathstrut strut")
        add(.mod, "pmod mod pod")
        add(.bmod, "bmod")
        add(.substack, "substack")
        add(.tag, "tag")
        add(.hspace, "hspace mspace")
        add(.kern, "kern mkern hskip mskip")
        add(.dropGroup, "label hypertarget")
        add(.ignore, "nonumber notag relax allowbreak nobreak displaybreak centering protect hline hdashline")
        add(.strayLimits, "limits nolimits displaylimits")
        return table
    }()
}

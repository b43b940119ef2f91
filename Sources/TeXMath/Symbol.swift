/// TeX's atom classes; they decide `mo` forms, function application and unary minus.
enum AtomClass: Sendable, Equatable {
    case ord, op, bin, rel, open, close, punct, inner
    /// Spaces and other glue: invisible to neighbour rules.
    case none
}

/// What a symbol command (`\alpha`, `\le`, `\sum`) or a raw character renders as.
struct Symbol: Sendable {
    enum Element: Sendable, Equatable {
        /// `<mi>`; `upright` = TeX sets it upright (capital Greek, `\partial`, `\infty`…).
        case identifier(upright: Bool)
        /// `<mo>`.
        case op
        /// A big operator `<mo>` whose scripts go below/above as `limits` says.
        case largeOp(Limits)
    }

    var text: String
    var element: Element
    var atomClass: AtomClass
    /// Explicit `lspace`/`rspace` where TeX's spacing differs from the operator dictionary's.
    var spacing: String?

    /// Brackets, and `|`/`‖` used as ordinary symbols: `stretchy="false"`.
    var isBracket: Bool {
        guard element == .op else { return false }
        if text == "|" || text == "‖" { return true }
        return (atomClass == .open || atomClass == .close) && text != "!" && text != "?"
    }
}

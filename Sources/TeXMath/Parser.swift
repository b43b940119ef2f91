/// Turns expanded tokens into a ``MathNode`` tree.
///
/// Recursive descent with an explicit depth: every construct that nests (groups, arguments,
/// `\left…\right`, environments, text) goes through a check against ``TeXMath/maximumDepth``.
/// Past it, braces and `\left`/`\right` are still matched, by counters instead of recursion,
/// and their content joins the enclosing row: deep input renders flat, with one problem, in
/// bounded stack.
struct Parser {
    let tokens: [Token]
    var index = 0
    let display: Bool
    var problems: ProblemList
    var depth = 0
    let maximumDepth: Int
    var font: MathFont?

    /// How many frames of each kind are open, to tell a terminator that closes an enclosing
    /// frame (report the inner one as unclosed) from a stray one (report and skip it).
    var openGroups = 0
    var openLefts = 0
    var openCells = 0
    /// Braces, `\left`s and environments opened past the depth limit, matched by counting.
    var flatBraces = 0
    var flatLefts = 0
    var flatEnvironments = 0
    var reportedDepth = false
    /// `\hline` seen in the current table row.
    var pendingRule = false
    var tag: MathNode?

    init(tokens: [Token], display: Bool, problems: ProblemList, maximumDepth: Int = TeXMath.maximumDepth) {
        self.tokens = tokens
        self.display = display
        self.problems = problems
        self.maximumDepth = maximumDepth
    }

    // MARK: - Frames and rows

    enum Frame: Equatable {
        case top, group, leftRight, cell, braceCell, optional, textMath
    }

    enum RowEnd: Equatable {
        case endOfInput
        case closeBrace
        case right(String)
        case alignment
        case rowBreak
        case end
        case closeBracket
        case mathShift
        /// A terminator of an enclosing frame; not consumed.
        case implicit
    }

    /// One parsed atom with what TeX knows about it.
    struct Atom {
        var node: MathNode
        var atomClass: AtomClass
        var isFunction = false
        var limits: Limits = .never

        init(_ node: MathNode, _ atomClass: AtomClass = .ord, isFunction: Bool = false, limits: Limits = .never) {
            self.node = node
            self.atomClass = atomClass
            self.isFunction = isFunction
            self.limits = limits
        }
    }

    enum StyleSwitch {
        case math(display: Bool, scriptLevel: Int)
        case css(property: String, value: String)
    }

    enum Entry {
        case atom(Atom)
        case over(kind: String, offset: Int)
        case styleSwitch(StyleSwitch)
    }

    /// The whole formula. In display math, top-level `\\` stacks rows (as `gathered` would);
    /// inline it is ignored.
    mutating func parseFormula() -> MathNode {
        var rows: [[MathNode]] = []
        while true {
            let (nodes, end) = parseRow(.top, start: 0)
            rows.append(nodes)
            if end != .rowBreak { break }
        }
        if rows.count > 1, rows.last?.isEmpty == true { rows.removeLast() }
        var body: MathNode
        if rows.count > 1, display {
            body = .table(MathTable(kind: .gathered, rows: rows.map { [.row($0)] }, displayStyle: true))
        } else {
            // Inline math cannot break lines; a quad keeps the rows apart.
            body = .row(Array(rows.map { $0 }.joined(separator: [.space(1)])))
        }
        if let tag {
            body = display
                ? .row([.phantom(tag), .space(2), body, .space(2), tag])
                : .row([body, .space(1), tag])
        }
        return body
    }

    mutating func parseRow(_ frame: Frame, start: Int) -> (nodes: [MathNode], end: RowEnd) {
        enter(frame)
        let savedFont = font
        defer {
            font = savedFont
            leave(frame)
        }
        var entries: [Entry] = []
        while index < tokens.count {
            switch control(frame, start: start, entries: &entries) {
            case .handled: continue
            case .end(let end): return (finishRow(entries), end)
            case .atom: parseAtomWithScripts(into: &entries)
            }
        }
        if frame != .top { reportUnclosed(frame, start: start) }
        return (finishRow(entries), .endOfInput)
    }

    /// What `control` did with the next token.
    enum Control {
        case handled
        case end(RowEnd)
        /// Not a row-level token: parse it as an atom.
        case atom
    }

    /// Row-level tokens: terminators of this or an enclosing frame, `\\over`, style switches.
    /// Kept out of `parseRow` so the recursive path has a small stack frame.
    private mutating func control(_ frame: Frame, start: Int, entries: inout [Entry]) -> Control {
        let token = tokens[index]
        switch token.kind {
        case .space:
            index += 1
            return .handled
        case .character("}"):
            if flatBraces > 0 {
                flatBraces -= 1
                index += 1
            } else if frame == .group || frame == .braceCell {
                index += 1
                return .end(.closeBrace)
            } else if openGroups > 0 {
                reportUnclosed(frame, start: start)
                return .end(.implicit)
            } else {
                problems.add("unmatched } (no { before it)", at: token.offset)
                index += 1
            }
            return .handled
        case .character("&"):
            if frame == .cell || frame == .braceCell {
                index += 1
                return .end(.alignment)
            } else if flatEnvironments > 0 {
                index += 1
            } else if openCells > 0 {
                reportUnclosed(frame, start: start)
                return .end(.implicit)
            } else {
                problems.add("& outside a table: use an environment such as aligned or matrix", at: token.offset)
                entries.append(.atom(Atom(.error("&"))))
                index += 1
            }
            return .handled
        case .character("]") where frame == .optional:
            index += 1
            return .end(.closeBracket)
        case .character("$") where frame == .textMath:
            index += 1
            return .end(.mathShift)
        case .command(let name):
            switch name {
            case "\\", "cr", "newline":
                if frame == .cell || frame == .braceCell || frame == .top {
                    index += 1
                    skipRowSpacing()
                    return .end(.rowBreak)
                } else if flatEnvironments > 0 || openCells == 0 {
                    index += 1
                    skipRowSpacing()
                } else {
                    reportUnclosed(frame, start: start)
                    return .end(.implicit)
                }
                return .handled
            case "end":
                if frame == .cell {
                    return .end(.end)
                } else if flatEnvironments > 0 {
                    index += 1
                    _ = readEnvironmentName()
                    flatEnvironments -= 1
                } else if openCells > 0 {
                    reportUnclosed(frame, start: start)
                    return .end(.implicit)
                } else {
                    problems.add("\\end without \\begin", command: "\\end", at: token.offset)
                    index += 1
                    _ = readEnvironmentName()
                }
                return .handled
            case "right":
                if flatLefts > 0 {
                    flatLefts -= 1
                    index += 1
                    if let delimiter = readDelimiter("\\right", at: token.offset), !delimiter.isEmpty {
                        entries.append(.atom(Atom(.op(delimiter, .nonStretchy), .close)))
                    }
                } else if frame == .leftRight {
                    index += 1
                    return .end(.right(readDelimiter("\\right", at: token.offset) ?? ""))
                } else if openLefts > 0 {
                    reportUnclosed(frame, start: start)
                    return .end(.implicit)
                } else {
                    problems.add("\\right without a matching \\left", command: "\\right", at: token.offset)
                    index += 1
                    if let delimiter = readDelimiter("\\right", at: token.offset), !delimiter.isEmpty {
                        entries.append(.atom(Atom(.op(delimiter, .nonStretchy), .close)))
                    }
                }
                return .handled
            case "middle":
                index += 1
                let delimiter = readDelimiter("\\middle", at: token.offset) ?? ""
                if frame == .leftRight {
                    var attributes = OperatorAttributes.fenceStretchy
                    attributes.lspace = "0.05em"
                    attributes.rspace = "0.05em"
                    if !delimiter.isEmpty { entries.append(.atom(Atom(.op(delimiter, attributes), .rel))) }
                } else {
                    problems.add("\\middle outside \\left…\\right", command: "\\middle", at: token.offset)
                    if !delimiter.isEmpty { entries.append(.atom(Atom(.op(delimiter, .nonStretchy), .rel))) }
                }
                return .handled
            case "over", "atop", "choose", "brace", "brack", "above":
                index += 1
                if name == "above" { _ = readInlineDimension() }
                entries.append(.over(kind: name, offset: token.offset))
                return .handled
            case "hline", "hdashline":
                index += 1
                if frame == .cell { pendingRule = true }
                return .handled
            case "displaystyle":
                index += 1
                entries.append(.styleSwitch(.math(display: true, scriptLevel: 0)))
                return .handled
            case "textstyle", "scriptstyle", "scriptscriptstyle":
                index += 1
                let level = name == "textstyle" ? 0 : name == "scriptstyle" ? 1 : 2
                entries.append(.styleSwitch(.math(display: false, scriptLevel: level)))
                return .handled
            case "color":
                index += 1
                if let color = readColor(command: "\\color", at: token.offset) {
                    entries.append(.styleSwitch(.css(property: "color", value: color)))
                }
                return .handled
            default:
                if let size = Self.sizes[name] {
                    index += 1
                    entries.append(.styleSwitch(.css(property: "font-size", value: size)))
                    return .handled
                }
                if let switched = MathFont.switches[name] {
                    index += 1
                    font = switched
                    return .handled
                }
            }
        default:
            break
        }
        return .atom
    }

    static let sizes: [String: String] = [
        "tiny": "0.5em", "scriptsize": "0.7em", "footnotesize": "0.8em", "small": "0.9em", "normalsize": "1em",
        "large": "1.2em", "Large": "1.44em", "LARGE": "1.728em", "huge": "2.074em", "Huge": "2.488em",
    ]

    private mutating func enter(_ frame: Frame) {
        switch frame {
        case .group: openGroups += 1
        case .leftRight: openLefts += 1
        case .cell: openCells += 1
        case .braceCell:
            openGroups += 1
            openCells += 1
        default: break
        }
    }

    private mutating func leave(_ frame: Frame) {
        switch frame {
        case .group: openGroups -= 1
        case .leftRight: openLefts -= 1
        case .cell: openCells -= 1
        case .braceCell:
            openGroups -= 1
            openCells -= 1
        default: break
        }
    }

    private mutating func reportUnclosed(_ frame: Frame, start: Int) {
        switch frame {
        case .group, .braceCell: problems.add("missing } to close this {", at: start)
        case .leftRight: problems.add("\\left without a matching \\right", command: "\\left", at: start)
        case .optional: problems.add("missing ] to close this [", at: start)
        case .textMath: problems.add("missing $ to end math inside text", at: start)
        case .top, .cell: break  // tables report their missing \end themselves
        }
    }

    /// One problem per formula for depth; the rest is rendered flat.
    mutating func reportDepth(at offset: Int) {
        guard !reportedDepth else { return }
        reportedDepth = true
        problems.add("formula nested deeper than \(maximumDepth) levels; the rest is rendered flat", at: offset)
    }

    var canNest: Bool { depth < maximumDepth }

    /// `\\[2pt]`: the optional vertical space after a row break is ignored.
    private mutating func skipRowSpacing() {
        var look = index
        while look < tokens.count, tokens[look].isSpace { look += 1 }
        if look < tokens.count, tokens[look].isCharacter("*") { look += 1 }
        guard look < tokens.count, tokens[look].isCharacter("[") else { return }
        var end = look + 1
        var text = ""
        while end < tokens.count, end - look < 24 {
            if tokens[end].isCharacter("]") {
                if Self.parseDimension(text) != nil { index = end + 1 }
                return
            }
            guard case .character(let c) = tokens[end].kind else {
                if tokens[end].isSpace { end += 1; continue }
                return
            }
            text.unicodeScalars.append(c)
            end += 1
        }
    }

    // MARK: - Atoms and scripts

    private mutating func parseAtomWithScripts(into entries: inout [Entry]) {
        var atom: Atom
        let next = peekCharacter()
        if next == "^" || next == "_" || next == "'" || next == "′" {
            atom = Atom(.empty)
        } else if let mark = next, Self.isCombiningMark(mark) {
            index += 1
            Self.combine(mark, into: &entries)
            return
        } else {
            guard let parsed = parseAtom(single: false) else { return }
            atom = parsed
        }
        attachScripts(to: &atom)
        entries.append(.atom(atom))
    }

    /// The next token if it is a character. Cheaper than copying the token: this runs on the
    /// recursive path, where stack frames add up.
    func peekCharacter() -> Unicode.Scalar? {
        guard index < tokens.count, case .character(let c) = tokens[index].kind else { return nil }
        return c
    }

    private static func combine(_ mark: Unicode.Scalar, into entries: inout [Entry]) {
        if case .atom(var last) = entries.last, let combined = appending(mark, to: last.node) {
            last.node = combined
            entries[entries.count - 1] = .atom(last)
        }
    }

    private enum ScriptToken {
        case superscript, `subscript`, prime
        case limits(Limits)
    }

    /// The next token if it continues an atom's scripts.
    private mutating func nextScriptToken() -> ScriptToken? {
        skipSpaces()
        guard index < tokens.count else { return nil }
        switch tokens[index].kind {
        case .character("^"): return .superscript
        case .character("_"): return .subscript
        case .character("'"), .character("′"): return .prime
        case .command("limits"): return .limits(.always)
        case .command("nolimits"): return .limits(.never)
        case .command("displaylimits"): return .limits(.display)
        default: return nil
        }
    }

    private mutating func reportClash(_ token: ScriptToken) {
        let offset = tokens[index].offset
        switch token {
        case .superscript: problems.add("double superscript: group it, e.g. {x^a}^b or x^{ab}", at: offset)
        case .subscript: problems.add("double subscript: group it, e.g. {x_a}_b or x_{ab}", at: offset)
        default: problems.add("prime after a superscript: write x'^2, not x^2'", at: offset)
        }
    }

    private mutating func attachScripts(to atom: inout Atom) {
        var sub: MathNode?
        var sup: MathNode?
        var primes = 0
        while let next = nextScriptToken() {
            if case .limits(let limits) = next {
                atom.limits = limits
                index += 1
                continue
            }
            let clash: Bool
            switch next {
            case .subscript: clash = sub != nil
            default: clash = sup != nil
            }
            if clash {
                // Left for the row, which starts a new atom on an empty base.
                reportClash(next)
                break
            }
            let offset = tokens[index].offset
            index += 1
            switch next {
            case .superscript: sup = parseScriptArgument("^", at: offset)
            case .subscript: sub = parseScriptArgument("_", at: offset)
            default: primes += 1
            }
        }
        if primes > 0 {
            // U+2032 is already a raised glyph: as a superscript it would shrink and float
            // (`f′` not f with a tiny ′), so primes follow the base and other scripts attach to both.
            let prime = MathNode.op(Self.primes(primes), .plain)
            atom.node = atom.node.isEmptyRow ? prime : .row([atom.node, prime])
        }
        guard sub != nil || sup != nil else { return }
        atom.node = .scripts(base: atom.node, sub: sub, sup: sup, limits: atom.limits)
    }

    private static func primes(_ count: Int) -> String {
        switch count {
        case 1: return "′"
        case 2: return "″"
        case 3: return "‴"
        case 4: return "⁗"
        default: return String(repeating: "′", count: count)
        }
    }

    /// The argument of `^` or `_`: a group or a single token (`x^23` is x², then 3).
    private mutating func parseScriptArgument(_ script: Unicode.Scalar, at offset: Int) -> MathNode {
        skipSpaces()
        guard !atArgumentTerminator() else {
            missingScript(script, at: offset)
            return .empty
        }
        guard canNest else {
            reportDepth(at: offset)
            return .empty
        }
        depth += 1
        defer { depth -= 1 }
        if peekCharacter() == "{" {
            index += 1
            return .row(parseRow(.group, start: offset).nodes)
        }
        return parseAtom(single: true)?.node ?? .empty
    }

    private mutating func missingScript(_ script: Unicode.Scalar, at offset: Int) {
        problems.add("missing \(script == "^" ? "superscript" : "subscript") after \(script)", at: offset)
    }

    private mutating func missingArgument(_ command: String, at offset: Int) {
        problems.add("missing argument for \(command)", command: command, at: offset)
    }

    /// Whether the next token ends an argument list instead of being an argument (or there is none).
    private func atArgumentTerminator() -> Bool {
        guard index < tokens.count else { return true }
        switch tokens[index].kind {
        case .character(let c): return c == "}" || c == "&" || c == "^" || c == "_"
        case .command(let name): return Self.argumentTerminators.contains(name)
        default: return false
        }
    }

    private static let argumentTerminators: Set<String> = ["\\", "cr", "end", "right", "middle", "newline"]

    /// A command argument: a group or a single token. `nil` past the depth limit, where the
    /// caller shows the command as an error and the argument's content joins the row flat.
    mutating func parseArgument(for command: String, at offset: Int) -> [MathNode]? {
        skipSpaces()
        guard !atArgumentTerminator() else {
            missingArgument(command, at: offset)
            return []
        }
        guard canNest else {
            reportDepth(at: offset)
            return nil
        }
        depth += 1
        defer { depth -= 1 }
        if peekCharacter() == "{" {
            index += 1
            return parseRow(.group, start: offset).nodes
        }
        guard let atom = parseAtom(single: true) else { return [] }
        return [atom.node]
    }

    /// `[…]` after a command, parsed as math; `nil` (consuming nothing) when absent.
    mutating func parseOptionalArgument(at offset: Int) -> [MathNode]? {
        skipSpaces()
        guard index < tokens.count, tokens[index].isCharacter("["), canNest else { return nil }
        let start = tokens[index].offset
        index += 1
        depth += 1
        defer { depth -= 1 }
        return parseRow(.optional, start: start).nodes
    }

    mutating func skipSpaces() {
        while index < tokens.count, tokens[index].isSpace { index += 1 }
    }

    /// One atom without scripts; `nil` for tokens that produce nothing.
    /// `single`: an argument position, where `23` is just `2` and letter runs do not merge.
    mutating func parseAtom(single: Bool) -> Atom? {
        let token = tokens[index]
        index += 1
        switch token.kind {
        case .space, .parameter:
            return nil
        case .unexpandedMacro(let name):
            return Atom(.error("\\" + name))
        case .command(let name):
            return parseCommand(name, at: token.offset)
        case .character("{"):
            return parseGroup(at: token.offset)
        case .character(let c):
            return parseCharacter(c, at: token.offset, single: single)
        }
    }

    /// `{…}`, the opening brace consumed.
    private mutating func parseGroup(at offset: Int) -> Atom? {
        guard canNest else {
            reportDepth(at: offset)
            flatBraces += 1
            return nil
        }
        depth += 1
        defer { depth -= 1 }
        return Atom(.row(parseRow(.group, start: offset).nodes))
    }

    private mutating func parseCharacter(_ c: Unicode.Scalar, at offset: Int, single: Bool) -> Atom? {
        switch c {
        case "~":
            return Atom(.space(0.3333), .none)
        case "0"..."9":
            return Atom(number(startingWith: c, single: single))
        case "." where !single && index < tokens.count && isDigitToken(tokens[index]):
            return Atom(number(startingWith: c, single: false))
        case "a"..."z", "A"..."Z":
            return Atom(letters(startingWith: c, single: single))
        default:
            break
        }
        if c.value < 0x80 {
            if let symbol = Symbols.ascii(c) { return symbolAtom(symbol) }
            return Atom(.identifier(String(c), upright: true))
        }
        if let symbol = Symbols.characters[c] { return symbolAtom(symbol) }
        if Self.isTextScript(c) { return Atom(.text(textRun(startingWith: c), style: nil)) }
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            let upright = c.value >= 0x391 && c.value <= 0x3A9
            return Atom(identifier(c, upright: upright))
        case .decimalNumber, .otherNumber, .letterNumber:
            return Atom(.number(String(c)))
        case .mathSymbol:
            return Atom(.op(String(c), .plain), .rel)
        case .openPunctuation, .initialPunctuation:
            return Atom(.op(String(c), .nonStretchy), .open)
        case .closePunctuation, .finalPunctuation:
            return Atom(.op(String(c), .nonStretchy), .close)
        case .otherPunctuation, .dashPunctuation, .connectorPunctuation:
            return Atom(.op(String(c), .plain), .punct)
        case .currencySymbol, .otherSymbol, .modifierSymbol:
            return Atom(.identifier(String(c), upright: true))
        case .spaceSeparator:
            return Atom(.space(0.3333), .none)
        case .format, .control, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            return nil
        default:
            return Atom(.text(String(c), style: nil))
        }
    }

    private func isDigitToken(_ token: Token) -> Bool {
        if case .character(let c) = token.kind { return c >= "0" && c <= "9" }
        return false
    }

    /// `3.14`: digits with at most one decimal point followed by a digit.
    private mutating func number(startingWith first: Unicode.Scalar, single: Bool) -> MathNode {
        var text = String.UnicodeScalarView()
        text.append(mapped(first))
        var seenPoint = first == "."
        while !single, index < tokens.count, case .character(let c) = tokens[index].kind {
            if c >= "0" && c <= "9" {
                text.append(mapped(c))
                index += 1
            } else if c == ".", !seenPoint, index + 1 < tokens.count, isDigitToken(tokens[index + 1]) {
                seenPoint = true
                text.append(c)
                index += 1
            } else {
                break
            }
        }
        return .number(String(text))
    }

    private func mapped(_ c: Unicode.Scalar) -> Unicode.Scalar {
        guard let font, let styled = font.map(c) else { return c }
        return styled
    }

    /// A letter; in `\mathrm` and `\operatorname` a run of letters is one word, as upright `mi`.
    private mutating func letters(startingWith first: Unicode.Scalar, single: Bool) -> MathNode {
        guard let font, font.isUpright, !single else { return identifier(first, upright: false) }
        var word = String.UnicodeScalarView([first])
        while index < tokens.count {
            let token = tokens[index]
            if token.isSpace {
                index += 1
                continue
            }
            guard case .character(let c) = token.kind else { break }
            let joins = Lexer.isLetter(c)
                || (font == .operatorName && ((c >= "0" && c <= "9") || c == "-" || c == "*"))
            guard joins else { break }
            word.append(c)
            index += 1
        }
        return .identifier(String(word), upright: true)
    }

    /// A one-character identifier in the current font.
    func identifier(_ c: Unicode.Scalar, upright: Bool) -> MathNode {
        guard let font else { return .identifier(String(c), upright: upright) }
        if font.isUpright { return .identifier(String(c), upright: true) }
        if font == .italic { return .identifier(String(c), upright: false) }
        if let styled = font.map(c) { return .identifier(String(styled), upright: false) }
        return .identifier(String(c), upright: upright)
    }

    func symbolAtom(_ symbol: Symbol) -> Atom {
        switch symbol.element {
        case .identifier(let upright):
            let scalars = symbol.text.unicodeScalars
            if scalars.count == 1, let c = scalars.first { return Atom(identifier(c, upright: upright), symbol.atomClass) }
            return Atom(.identifier(symbol.text, upright: upright), symbol.atomClass)
        case .op:
            var attributes = symbol.isBracket ? OperatorAttributes.nonStretchy : .plain
            attributes.lspace = symbol.spacing
            attributes.rspace = symbol.spacing
            return Atom(.op(symbol.text, attributes), symbol.atomClass)
        case .largeOp(let limits):
            return Atom(.op(symbol.text, .plain), .op, limits: limits)
        }
    }

    /// Hangul, CJK and kana typed into math: one `mtext` per run, spaces inside kept.
    private mutating func textRun(startingWith first: Unicode.Scalar) -> String {
        var text = String.UnicodeScalarView([first])
        while index < tokens.count {
            if case .character(let c) = tokens[index].kind, Self.isTextScript(c) || Self.isCombiningMark(c) {
                text.append(c)
                index += 1
            } else if tokens[index].isSpace, index + 1 < tokens.count,
                case .character(let next) = tokens[index + 1].kind, Self.isTextScript(next)
            {
                text.append(" ")
                index += 1
            } else {
                break
            }
        }
        return String(text)
    }

    static func isTextScript(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xAC00...0xD7AF, 0xD7B0...0xD7FF: return true  // Hangul
        case 0x3000...0x303F, 0x3040...0x30FF, 0x31F0...0x31FF: return true  // CJK punctuation, kana
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true  // Han
        case 0xFF01...0xFF60, 0xFFE0...0xFFE6: return true  // full width forms
        default: return false
        }
    }

    static func isCombiningMark(_ c: Unicode.Scalar) -> Bool {
        guard c.value >= 0x300 else { return false }
        switch c.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark: return true
        default: return false
        }
    }

    /// `x` followed by U+0338 and the like: the mark joins the previous character.
    static func appending(_ mark: Unicode.Scalar, to node: MathNode) -> MathNode? {
        switch node {
        case .identifier(let text, let upright): return .identifier(text + String(mark), upright: upright)
        case .op(let text, let attributes): return .op(text + String(mark), attributes)
        case .text(let text, let style): return .text(text + String(mark), style: style)
        case .number(let text): return .number(text + String(mark))
        default: return nil
        }
    }

    // MARK: - Finishing a row

    /// Applies TeX's neighbour rules, then `\over` and style switches:
    /// - a binary operator with nothing (or an operator) before it is unary: `form="prefix"`;
    /// - a function name before an argument gets U+2061 FUNCTION APPLICATION, carrying the
    ///   thin space TeX puts between an operator and an ordinary atom; after an ordinary atom it
    ///   gets an `mspace` before it, the same thin space on its other side;
    /// - `|` and `/` are ordinary in TeX: no operator spacing in the middle of a row.
    private mutating func finishRow(_ entries: [Entry]) -> [MathNode] {
        var processed: [Entry] = []
        processed.reserveCapacity(entries.count + 4)
        var previousClass: AtomClass?
        var nodesBefore = 0
        for entry in entries {
            guard case .atom(var atom) = entry else {
                processed.append(entry)
                previousClass = nil
                nodesBefore = 0
                continue
            }
            if atom.atomClass == .op, !atom.isFunction,
                previousClass.map({ [.bin, .rel, .open, .punct].contains($0) }) ?? true
            {
                // TeX puts no space before a big operator after a relation or at the start;
                // the dictionary gives ∑ and ∫ a thin space on both sides.
                atom.node = Self.modifyingOperator(atom.node) { if $0.lspace == nil { $0.lspace = "0" } }
            }
            if atom.atomClass == .rel, previousClass == .rel, nodesBefore > 0,
                case .atom(var previous) = processed[processed.count - 1], previous.atomClass == .rel
            {
                // `:=`, `\le\,=`: TeX puts no space between consecutive relations.
                previous.node = Self.modifyingOperator(previous.node) { $0.rspace = "0" }
                processed[processed.count - 1] = .atom(previous)
                atom.node = Self.modifyingOperator(atom.node) { $0.lspace = "0" }
            }
            if atom.atomClass == .bin {
                let isUnary = previousClass.map { [.bin, .op, .rel, .open, .punct].contains($0) } ?? true
                if isUnary {
                    atom.atomClass = .ord
                    if nodesBefore > 0, case .op(let text, var attributes) = atom.node {
                        attributes.form = "prefix"
                        atom.node = .op(text, attributes)
                    }
                }
            }
            if atom.isFunction, nodesBefore > 0, previousClass.map({ [.ord, .close, .inner].contains($0) }) ?? false {
                // `q(z) \log q`, `\frac{1}{2} \exp x`, `2\sin x`: TeX's thin space between an
                // ordinary atom and an operator. A function name is an `mi`, which MathML spaces
                // not at all (a big operator's `mo` gets it from the dictionary).
                processed.append(.atom(Atom(.space(0.1667), .none)))
                nodesBefore += 1
            }
            processed.append(.atom(atom))
            nodesBefore += 1
            if atom.atomClass != .none { previousClass = atom.atomClass }
        }
        processed = insertFunctionApplications(processed)

        var overIndex: Int?
        for (position, entry) in processed.enumerated() {
            guard case .over(_, let offset) = entry else { continue }
            if overIndex == nil {
                overIndex = position
            } else {
                problems.add("ambiguous: more than one \\over-style command in one group; add braces", at: offset)
            }
        }
        guard let overIndex, case .over(let kind, _) = processed[overIndex] else {
            return segments(processed[...])
        }
        let numerator = MathNode.row(segments(processed[..<overIndex]))
        let denominator = MathNode.row(segments(processed[(overIndex + 1)...].filter {
            if case .over = $0 { return false }
            return true
        }[...]))
        let thickness: String? = kind == "over" || kind == "above" ? nil : "0"
        let fraction = MathNode.fraction(numerator, denominator, thickness: thickness)
        switch kind {
        case "choose": return [.op("(", .fenceStretchy), fraction, .op(")", .fenceStretchy)]
        case "brace": return [.op("{", .fenceStretchy), fraction, .op("}", .fenceStretchy)]
        case "brack": return [.op("[", .fenceStretchy), fraction, .op("]", .fenceStretchy)]
        default: return [fraction]
        }
    }

    private func insertFunctionApplications(_ entries: [Entry]) -> [Entry] {
        guard entries.contains(where: { if case .atom(let a) = $0 { return a.isFunction } else { return false } }) else {
            return entries
        }
        var result: [Entry] = []
        result.reserveCapacity(entries.count + 2)
        for (position, entry) in entries.enumerated() {
            result.append(entry)
            guard case .atom(let atom) = entry, atom.isFunction else { continue }
            var next = position + 1
            var nextClass: AtomClass?
            while next < entries.count, case .atom(let following) = entries[next] {
                if following.atomClass != .none {
                    nextClass = following.atomClass
                    break
                }
                next += 1
            }
            guard let nextClass, [.ord, .inner, .op, .open].contains(nextClass) else { continue }
            var attributes = OperatorAttributes.plain
            if nextClass != .open { attributes.rspace = "0.1667em" }
            result.append(.atom(Atom(.op("\u{2061}", attributes), .none)))
        }
        return result
    }

    /// Splits at style switches: each switch styles the rest of the row, as sibling `mstyle`s
    /// (not nested ones, which would let `\color` in a loop build deep trees).
    private func segments(_ entries: ArraySlice<Entry>) -> [MathNode] {
        var result: [MathNode] = []
        var current: [Atom] = []
        var math: (display: Bool, scriptLevel: Int)?
        var css: [(property: String, value: String)] = []

        func close(_ atoms: [Atom], into result: inout [MathNode]) {
            let nodes = Self.spacedBars(atoms)
            guard math != nil || !css.isEmpty else {
                result.append(contentsOf: nodes)
                return
            }
            var node = MathNode.row(nodes)
            if !css.isEmpty {
                node = .styled(nodes, style: css.map { "\($0.property):\($0.value)" }.joined(separator: ";"))
            }
            if let math { node = .style(node, display: math.display, scriptLevel: math.scriptLevel) }
            result.append(node)
        }

        for entry in entries {
            switch entry {
            case .atom(let atom):
                current.append(atom)
            case .over:
                continue
            case .styleSwitch(let change):
                if !current.isEmpty { close(current, into: &result) }
                current = []
                switch change {
                case .math(let display, let level):
                    math = (display, level)
                case .css(let property, let value):
                    css.removeAll { $0.property == property }
                    css.append((property, value))
                }
            }
        }
        if !current.isEmpty { close(current, into: &result) }
        return result
    }

    /// Applies `change` to the operator of a node, or of the base of a scripted node.
    static func modifyingOperator(_ node: MathNode, _ change: (inout OperatorAttributes) -> Void) -> MathNode {
        switch node {
        case .op(let text, var attributes):
            change(&attributes)
            return .op(text, attributes)
        case .scripts(let base, let sub, let sup, let limits):
            return .scripts(base: modifyingOperator(base, change), sub: sub, sup: sup, limits: limits)
        default:
            return node
        }
    }

    private static func spacedBars(_ atoms: [Atom]) -> [MathNode] {
        var nodes = atoms.map(\.node)
        guard nodes.count > 2 else { return nodes }
        for position in 1..<(nodes.count - 1) where atoms[position].atomClass != .rel {
            // Also `|x|^2`: a scripted `|` is an embellished operator, spaced like the `|` itself.
            var base = nodes[position]
            if case .scripts(let scriptBase, _, _, _) = base { base = scriptBase }
            guard case .op(let text, let attributes) = base, text == "|" || text == "/", attributes.lspace == nil
            else { continue }
            nodes[position] = modifyingOperator(nodes[position]) {
                $0.lspace = "0"
                $0.rspace = "0"
            }
        }
        return nodes
    }
}

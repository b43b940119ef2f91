extension Parser {
    /// A control sequence, already consumed. `nil` for commands that produce nothing.
    ///
    /// Every construct goes through its own small method: this function is on the recursion
    /// path of every nested command, so its stack frame has to stay small.
    mutating func parseCommand(_ name: String, at offset: Int) -> Atom? {
        guard let kind = CommandKind.table[name] else { return unknownCommand(name, at: offset) }
        return kind.isNested ? parseNested(kind, name, at: offset) : parseLeaf(kind, name, at: offset)
    }

    /// Commands with arguments, which recurse.
    private mutating func parseNested(_ kind: CommandKind, _ name: String, at offset: Int) -> Atom? {
        switch kind {
        case .font: return parseFontArgument(kind, name, at: offset)
        case .accent: return parseAccent(kind, name, at: offset)
        case .text: return parseTextArgument(kind, name, at: offset)
        case .fraction: return parseFraction(name, at: offset)
        case .sqrt: return parseSquareRoot(at: offset)
        case .left: return parseLeftRight(at: offset)
        case .begin: return parseEnvironment(at: offset)
        case .operatorName: return parseOperatorName(name, at: offset)
        case .mathClass: return parseMathClass(name, at: offset)
        case .overset: return parseOverset(name, at: offset)
        case .extensibleArrow: return parseExtensibleArrow(name, at: offset)
        case .not: return parseNegation(at: offset)
        case .boxed, .fbox, .textcolor, .colorbox: return parseBox(name, at: offset)
        case .phantom: return parsePhantom(name, at: offset)
        case .mod: return parseModulo(name, at: offset)
        case .substack: return parseSubstack(at: offset)
        case .tag: return parseTag(at: offset)
        default: return nil
        }
    }

    /// Commands without (parsed) arguments.
    private mutating func parseLeaf(_ kind: CommandKind, _ name: String, at offset: Int) -> Atom? {
        switch kind {
        case .dots: return Atom(.identifier(dotsFollowOperator() ? "⋯" : "…", upright: false), .inner)
        case .symbol(let symbol): return symbolAtom(symbol)
        case .function(let text, let limits):
            return Atom(.identifier(text, upright: true), .op, isFunction: true, limits: limits ? .display : .never)
        case .space(let width): return Atom(.space(width), .none)
        case .big: return parseBigDelimiter(name, at: offset)
        case .strut: return Atom(.padded(.phantom(.op("(", .nonStretchy)), width: "0", height: nil, depth: nil))
        case .bmod: return Atom(.op("mod", OperatorAttributes(lspace: "0.2222em", rspace: "0.2222em")), .bin)
        case .hspace: return parseHorizontalSpace(name, at: offset)
        case .kern: return spaceAtom(readInlineDimension(), command: "\\" + name, at: offset)
        case .dropGroup:
            _ = readRawGroup()
            return nil
        case .strayLimits:
            problems.add("\\\(name) must follow a big operator such as \\sum", command: "\\" + name, at: offset)
            return nil
        default:
            return nil
        }
    }

    private mutating func unknownCommand(_ name: String, at offset: Int) -> Atom {
        if name.isEmpty {
            problems.add("a lone \\ at the end of the formula", command: "\\", at: offset)
            return Atom(.error("\\"))
        }
        let command = "\\" + name
        problems.add("unknown TeX command \(command)", command: command, at: offset, unknown: true)
        return Atom(.error(command))
    }

    private mutating func parseFontArgument(_ kind: CommandKind, _ name: String, at offset: Int) -> Atom {
        guard case .font(let alphabet) = kind else { return Atom(.empty) }
        let saved = font
        font = alphabet
        defer { font = saved }
        guard let argument = parseArgument(for: "\\" + name, at: offset) else { return Atom(.error("\\" + name)) }
        return Atom(.row(argument))
    }

    private mutating func parseAccent(_ kind: CommandKind, _ name: String, at offset: Int) -> Atom {
        guard case .accent(let accent) = kind else { return Atom(.empty) }
        guard let argument = parseArgument(for: "\\" + name, at: offset) else { return Atom(.error("\\" + name)) }
        return accentAtom(accent, on: .row(argument))
    }

    private mutating func parseSquareRoot(at offset: Int) -> Atom {
        let index = parseOptionalArgument(at: offset)
        guard let radicand = parseArgument(for: "\\sqrt", at: offset) else { return Atom(.error("\\sqrt")) }
        if let index { return Atom(.root(.row(radicand), index: .row(index))) }
        return Atom(.sqrt(.row(radicand)))
    }

    private mutating func parseOperatorName(_ name: String, at offset: Int) -> Atom {
        skipSpaces()
        var limits = name == "operatornamewithlimits"
        if index < tokens.count, tokens[index].isCharacter("*") {
            limits = true
            index += 1
        }
        let saved = font
        font = .operatorName
        defer { font = saved }
        guard let argument = parseArgument(for: "\\" + name, at: offset) else { return Atom(.error("\\" + name)) }
        return Atom(argument.count == 1 ? argument[0] : .row(argument), .op, isFunction: true,
                    limits: limits ? .display : .never)
    }

    private mutating func parseMathClass(_ name: String, at offset: Int) -> Atom {
        guard let argument = parseArgument(for: "\\" + name, at: offset) else { return Atom(.error("\\" + name)) }
        return classAtom(name, argument)
    }

    private mutating func parseOverset(_ name: String, at offset: Int) -> Atom {
        let command = "\\" + name
        guard let script = parseArgument(for: command, at: offset),
            let base = parseArgument(for: command, at: offset)
        else { return Atom(.error(command)) }
        let isOperator: Bool
        if base.count == 1, case .op = base[0] { isOperator = true } else { isOperator = false }
        let over = name == "underset" ? nil : MathNode.row(script)
        let under = name == "underset" ? MathNode.row(script) : nil
        return Atom(.stack(base: .row(base), under: under, over: over, accent: false),
                    name == "stackrel" || isOperator ? .rel : .ord)
    }

    private mutating func parseBox(_ name: String, at offset: Int) -> Atom {
        let command = "\\" + name
        let box = "border:1px solid;padding:0.3em"
        switch name {
        case "boxed":
            guard let argument = parseArgument(for: command, at: offset) else { return Atom(.error(command)) }
            return Atom(.styled(argument, style: box))
        case "fbox":
            guard let text = parseTextArgument(TextStyle(), command: command, at: offset) else { return Atom(.error(command)) }
            return Atom(.styled([text.node], style: box))
        case "textcolor":
            let color = readColor(command: command, at: offset)
            guard let argument = parseArgument(for: command, at: offset) else { return Atom(.error(command)) }
            guard let color else { return Atom(.row(argument)) }
            return Atom(.styled(argument, style: "color:" + color))
        default:
            let color = readColor(command: command, at: offset)
            guard let text = parseTextArgument(TextStyle(), command: command, at: offset) else { return Atom(.error(command)) }
            guard let color else { return text }
            return Atom(.styled([text.node], style: "background-color:\(color);padding:0.1em 0.2em"))
        }
    }

    private mutating func parsePhantom(_ name: String, at offset: Int) -> Atom {
        if name == "smash" { _ = readRawOptional() }
        guard let argument = parseArgument(for: "\\" + name, at: offset) else { return Atom(.error("\\" + name)) }
        switch name {
        case "phantom": return Atom(.phantom(.row(argument)))
        case "hphantom": return Atom(.padded(.phantom(.row(argument)), width: nil, height: "0", depth: "0"))
        case "vphantom": return Atom(.padded(.phantom(.row(argument)), width: "0", height: nil, depth: nil))
        case "smash": return Atom(.padded(.row(argument), width: nil, height: "0", depth: "0"))
        default: return Atom(.padded(.row(argument), width: "0", height: nil, depth: nil))
        }
    }

    private mutating func parseModulo(_ name: String, at offset: Int) -> Atom {
        guard let argument = parseArgument(for: "\\" + name, at: offset) else { return Atom(.error("\\" + name)) }
        // amsmath: 18mu before the parenthesis in display math, 8mu inline (12mu for \mod).
        let gap = display ? 1 : name == "mod" ? 0.6667 : 0.4444
        let mod: [MathNode] = name == "pod" ? [] : [.identifier("mod", upright: true), .space(0.3333)]
        if name == "mod" { return Atom(.row([.space(gap)] + mod + [.row(argument)])) }
        return Atom(.row([.space(gap), .op("(", .nonStretchy)] + mod + [.row(argument), .op(")", .nonStretchy)]))
    }

    private mutating func parseTag(at offset: Int) -> Atom? {
        skipSpaces()
        var starred = false
        if index < tokens.count, tokens[index].isCharacter("*") {
            starred = true
            index += 1
        }
        guard let text = parseTextArgument(TextStyle(), command: "\\tag", at: offset) else { return Atom(.error("\\tag")) }
        if tag != nil { problems.add("more than one \\tag in a formula", command: "\\tag", at: offset) }
        if starred {
            tag = text.node
        } else if case .row(let parts) = text.node, parts.count == 1, case .text(let label, let style) = parts[0] {
            tag = .text("(" + label + ")", style: style)
        } else {
            tag = .row([.text("(", style: nil), text.node, .text(")", style: nil)])
        }
        return nil
    }

    private mutating func parseHorizontalSpace(_ name: String, at offset: Int) -> Atom? {
        skipSpaces()
        if index < tokens.count, tokens[index].isCharacter("*") { index += 1 }
        guard let group = readRawGroup() else {
            problems.add("missing argument for \\\(name)", command: "\\" + name, at: offset)
            return nil
        }
        return spaceAtom(Self.dimensionText(group), command: "\\" + name, at: offset)
    }

    /// amsmath's `\dots`: centred between operators (`a + \dots + b`), on the baseline otherwise.
    private func dotsFollowOperator() -> Bool {
        var look = index
        while look < tokens.count, tokens[look].isSpace { look += 1 }
        guard look < tokens.count else { return false }
        switch tokens[look].kind {
        case .character(let c):
            return Symbols.ascii(c).map { $0.atomClass == .bin || $0.atomClass == .rel } ?? false
        case .command(let name):
            guard let symbol = Symbols.commands[name] else { return false }
            return symbol.atomClass == .bin || symbol.atomClass == .rel
        default:
            return false
        }
    }

    private func accentAtom(_ accent: Symbols.Accent, on base: MathNode) -> Atom {
        let mark = MathNode.op(accent.text, OperatorAttributes(stretchy: accent.stretchy))
        let node = MathNode.stack(
            base: base, under: accent.under ? mark : nil, over: accent.under ? nil : mark, accent: !accent.isBrace)
        return Atom(node, .ord, limits: accent.isBrace ? .always : .never)
    }

    private mutating func parseFraction(_ name: String, at offset: Int) -> Atom {
        let command = "\\" + name
        if name == "cfrac" { _ = readRawOptional() }
        guard let numerator = parseArgument(for: command, at: offset),
            let denominator = parseArgument(for: command, at: offset)
        else { return Atom(.error(command)) }
        return Self.fractionAtom(name, numerator, denominator)
    }

    private static func fractionAtom(_ name: String, _ numerator: [MathNode], _ denominator: [MathNode]) -> Atom {
        switch name {
        case "binom", "dbinom", "tbinom":
            let stack = MathNode.fraction(.row(numerator), .row(denominator), thickness: "0")
            let node = MathNode.row([.op("(", .fenceStretchy), stack, .op(")", .fenceStretchy)])
            if name == "binom" { return Atom(node, .inner) }
            return Atom(.style(node, display: name == "dbinom", scriptLevel: 0), .inner)
        case "cfrac":
            let node = MathNode.fraction(
                .style(.row(numerator), display: true, scriptLevel: 0),
                .style(.row(denominator), display: true, scriptLevel: 0), thickness: nil)
            return Atom(.style(node, display: true, scriptLevel: 0), .inner)
        default:
            let node = MathNode.fraction(.row(numerator), .row(denominator), thickness: nil)
            if name == "frac" { return Atom(node, .inner) }
            return Atom(.style(node, display: name == "dfrac", scriptLevel: 0), .inner)
        }
    }

    private mutating func parseLeftRight(at offset: Int) -> Atom? {
        let open = readDelimiter("\\left", at: offset) ?? ""
        guard canNest else {
            reportDepth(at: offset)
            flatLefts += 1
            return open.isEmpty ? nil : Atom(.op(open, .nonStretchy), .open)
        }
        depth += 1
        let row = parseRow(.leftRight, start: offset)
        depth -= 1
        return Self.fenced(open, row.nodes, row.end)
    }

    private static func fenced(_ open: String, _ nodes: [MathNode], _ end: RowEnd) -> Atom {
        // Around content no taller than a letter TeX picks the normal-size delimiter; so do we,
        // which also avoids the wide boxes Chromium gives stretched Latin Modern parentheses.
        var fence = OperatorAttributes.fenceStretchy
        var nodes = nodes
        if !nodes.contains(where: { isTall($0, levels: 8) }) {
            fence.stretchy = false
            for (position, node) in nodes.enumerated() {
                if case .op(let text, var attributes) = node, attributes.fence {
                    attributes.stretchy = false  // a \middle delimiter
                    nodes[position] = .op(text, attributes)
                }
            }
        }
        if !open.isEmpty, case .op(let text, var attributes)? = nodes.first, attributes.form == nil,
           ["−", "+", "±", "∓"].contains(text)
        {
            // `\left(-\frac{x}{2}\right)`: a sign that starts its row is unary, but after the
            // fence it is no longer first in the mrow, where MathML would space it as binary.
            attributes.form = "prefix"
            nodes[0] = .op(text, attributes)
        }
        var children: [MathNode] = []
        if !open.isEmpty { children.append(.op(open, fence)) }
        children.append(contentsOf: nodes)
        if case .right(let close) = end, !close.isEmpty { children.append(.op(close, fence)) }
        return Atom(.row(children), .inner)
    }

    /// Whether a node reaches above a superscript-free letter or below its descender, so that a
    /// `\left` delimiter around it has to grow. Looks `levels` deep at most (then says yes).
    static func isTall(_ node: MathNode, levels: Int) -> Bool {
        guard levels > 0 else { return true }
        switch node {
        case .identifier, .number, .text, .space, .error:
            return false
        case .op(let text, let attributes):
            return attributes.minsize != nil || Self.largeOperators.contains(text)
        case .row(let children), .styled(let children, _):
            return children.contains { isTall($0, levels: levels - 1) }
        case .scripts(let base, _, let sup, _):
            return sup != nil || isTall(base, levels: levels - 1)
        case .stack(let base, let under, _, let accent):
            return !accent || under != nil || isTall(base, levels: levels - 1)
        case .phantom(let content), .style(let content, _, _), .padded(let content, _, _, _):
            return isTall(content, levels: levels - 1)
        case .fraction, .sqrt, .root, .table:
            return true
        }
    }

    static let largeOperators: Set<String> = {
        var set: Set<String> = []
        for symbol in Symbols.commands.values {
            if case .largeOp = symbol.element { set.insert(symbol.text) }
        }
        return set
    }()

    /// `\big(`, `\Bigl[`, `\biggm|`: fixed-size delimiters (TeX's 1.2, 1.8, 2.4 and 3 em).
    private mutating func parseBigDelimiter(_ name: String, at offset: Int) -> Atom? {
        var size = name
        var kind: Character = " "
        if let last = name.last, "lrm".contains(last) {
            kind = last
            size.removeLast()
        }
        let em = ["big": "1.2em", "Big": "1.8em", "bigg": "2.4em", "Bigg": "3em"][size] ?? "1.2em"
        guard let delimiter = readDelimiter("\\" + name, at: offset) else { return Atom(.error("\\" + name)) }
        guard !delimiter.isEmpty else { return nil }
        var attributes = OperatorAttributes(
            fence: kind == "l" || kind == "r", maxsize: em, minsize: em, stretchy: true, symmetric: true)
        switch kind {
        case "l": return Atom(.op(delimiter, attributes), .open)
        case "r": return Atom(.op(delimiter, attributes), .close)
        case "m":
            attributes.lspace = "0.2778em"
            attributes.rspace = "0.2778em"
            return Atom(.op(delimiter, attributes), .rel)
        default: return Atom(.op(delimiter, attributes), .ord)
        }
    }

    /// The delimiter after `\left`, `\right`, `\middle`, `\big`…; `""` for `.`, `nil` if missing.
    mutating func readDelimiter(_ command: String, at offset: Int) -> String? {
        skipSpaces()
        if index < tokens.count {
            switch tokens[index].kind {
            case .character(let c):
                if let delimiter = Symbols.delimiter(c) {
                    index += 1
                    return delimiter
                }
            case .command(let name):
                if let delimiter = Symbols.delimiterCommands[name] {
                    index += 1
                    return delimiter
                }
            default:
                break
            }
        }
        problems.add("\(command) must be followed by a delimiter such as ( [ \\{ | or .", command: command, at: offset)
        return nil
    }

    private func classAtom(_ name: String, _ argument: [MathNode]) -> Atom {
        let single = argument.count == 1 ? argument[0] : nil
        switch name {
        case "mathop":
            if case .op? = single { return Atom(single!, .op, limits: .display) }
            return Atom(single ?? .row(argument), .op, isFunction: true, limits: .display)
        case "mathrel", "mathbin":
            let space = name == "mathrel" ? "0.2778em" : "0.2222em"
            let atomClass: AtomClass = name == "mathrel" ? .rel : .bin
            switch single {
            case .op(let text, _)?, .identifier(let text, _)?:
                return Atom(.op(text, OperatorAttributes(lspace: space, rspace: space)), atomClass)
            default:
                let width = name == "mathrel" ? 0.2778 : 0.2222
                return Atom(.row([.space(width), .row(argument), .space(width)]), atomClass)
            }
        case "mathopen": return Atom(.row(argument), .open)
        case "mathclose": return Atom(.row(argument), .close)
        case "mathpunct": return Atom(.row(argument + [.space(0.1667)]), .punct)
        case "mathinner": return Atom(.row(argument), .inner)
        default: return Atom(.row(argument))
        }
    }

    private mutating func parseExtensibleArrow(_ name: String, at offset: Int) -> Atom {
        let command = "\\" + name
        let arrows: [String: String] = [
            "xrightarrow": "→", "xleftarrow": "←", "xRightarrow": "⇒", "xLeftarrow": "⇐", "xleftrightarrow": "↔",
            "xLeftrightarrow": "⇔", "xmapsto": "↦", "xhookrightarrow": "↪", "xhookleftarrow": "↩",
            "xtwoheadrightarrow": "↠", "xrightharpoonup": "⇀", "xrightleftharpoons": "⇌", "xlongequal": "=",
        ]
        let below = parseOptionalArgument(at: offset)
        guard let above = parseArgument(for: command, at: offset) else { return Atom(.error(command)) }
        func padded(_ nodes: [MathNode]) -> MathNode { .row([.space(0.5), .row(nodes), .space(0.5)]) }
        let arrow = MathNode.op(arrows[name] ?? "→", OperatorAttributes(stretchy: true))
        let node = MathNode.stack(base: arrow, under: below.map(padded), over: padded(above), accent: false)
        return Atom(node, .rel)
    }

    private mutating func parseNegation(at offset: Int) -> Atom? {
        if let negated = negatedSymbol(at: offset) { return negated }
        guard let atom = parseAtom(single: true) else { return Atom(.op("\u{338}", .plain), .rel) }
        return Self.struckThrough(atom)
    }

    /// `\not=` → ≠, `\not\in` → ∉: the precomposed character, when there is one.
    private mutating func negatedSymbol(at offset: Int) -> Atom? {
        skipSpaces()
        guard index < tokens.count else {
            problems.add("\\not must be followed by a symbol", command: "\\not", at: offset)
            return Atom(.op("\u{338}", .plain), .rel)
        }
        var text: String?
        switch tokens[index].kind {
        case .character(let c): text = Symbols.ascii(c)?.text ?? Symbols.characters[c]?.text
        case .command(let name): text = Symbols.commands[name]?.text
        default: break
        }
        guard let text, let negated = Symbols.negations[text] else { return nil }
        index += 1
        return Atom(.op(negated, .plain), .rel)
    }

    /// Anything else gets U+0338 COMBINING LONG SOLIDUS OVERLAY.
    private static func struckThrough(_ atom: Atom) -> Atom {
        var atom = atom
        if let combined = appending("\u{338}", to: atom.node) {
            atom.node = combined
        } else {
            atom.node = .row([atom.node, .op("\u{338}", .plain)])
        }
        return atom
    }

    private mutating func spaceAtom(_ text: String, command: String, at offset: Int) -> Atom? {
        guard let em = Self.parseDimension(text) else {
            problems.add("\(command) needs a length such as 1em or 3mu", command: command, at: offset)
            return nil
        }
        return Atom(.space(em), .none)
    }

    // MARK: - Raw reading

    /// `{…}` as raw tokens, balanced, without parsing; `nil` if the next token is not `{`.
    mutating func readRawGroup() -> [Token]? {
        skipSpaces()
        guard index < tokens.count, tokens[index].isCharacter("{") else { return nil }
        index += 1
        var level = 1
        var result: [Token] = []
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if token.isCharacter("{") { level += 1 }
            if token.isCharacter("}") {
                level -= 1
                if level == 0 { return result }
            }
            result.append(token)
        }
        return result
    }

    /// `[…]` as raw tokens; `nil` (consuming nothing) if absent.
    mutating func readRawOptional() -> [Token]? {
        skipSpaces()
        guard index < tokens.count, tokens[index].isCharacter("[") else { return nil }
        index += 1
        var result: [Token] = []
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if token.isCharacter("]") { return result }
            result.append(token)
        }
        return result
    }

    /// `\begin{name}`'s name; `nil` if malformed.
    mutating func readEnvironmentName() -> String? {
        guard let group = readRawGroup() else { return nil }
        var name = ""
        for token in group {
            switch token.kind {
            case .character(let c): name.unicodeScalars.append(c)
            case .space: continue
            default: return nil
            }
        }
        return name.isEmpty ? nil : name
    }

    static func dimensionText(_ tokens: [Token]) -> String {
        var text = ""
        for token in tokens {
            if case .character(let c) = token.kind { text.unicodeScalars.append(c) }
        }
        return text
    }

    /// `\kern 3mu`, `\above 1pt`: a sign, a number and a two-letter unit, read from the stream.
    mutating func readInlineDimension() -> String {
        skipSpaces()
        var text = ""
        var letters = 0
        while index < tokens.count, case .character(let c) = tokens[index].kind {
            if Lexer.isLetter(c) {
                guard letters < 2 else { break }
                letters += 1
            } else if letters > 0 || !(c == "-" || c == "+" || c == "." || (c >= "0" && c <= "9")) {
                break
            }
            text.unicodeScalars.append(c)
            index += 1
            if letters == 0 { skipSpaces() }
        }
        // TeX glue: `\hskip 1em plus 2pt minus 1pt`; the stretch is ignored.
        for word in ["plus", "minus"] {
            var look = index
            while look < tokens.count, tokens[look].isSpace { look += 1 }
            let letters = word.unicodeScalars.map { Token.Kind.character($0) }
            guard look + letters.count <= tokens.count,
                zip(tokens[look..<(look + letters.count)], letters).allSatisfy({ $0.kind == $1 })
            else { continue }
            index = look + letters.count
            _ = readInlineDimension()
        }
        return text
    }

    /// A TeX length in em (10pt type: 1em = 10pt = 18mu).
    static func parseDimension(_ text: String) -> Double? {
        var number = ""
        var unit = ""
        for scalar in text.unicodeScalars where scalar != " " {
            if Lexer.isLetter(scalar) {
                unit.unicodeScalars.append(scalar)
            } else if unit.isEmpty {
                number.unicodeScalars.append(scalar)
            } else {
                return nil
            }
        }
        if number == "-" || number == "+" { number += "1" }
        guard let value = Double(number.hasPrefix("+") ? String(number.dropFirst()) : number) else { return nil }
        let perUnit: [String: Double] = [
            "em": 1, "ex": 0.431, "mu": 1.0 / 18, "pt": 0.1, "bp": 0.1004, "pc": 1.2, "dd": 0.107, "cc": 1.284,
            "in": 7.227, "cm": 2.8453, "mm": 0.28453, "px": 0.0625, "sp": 0.1 / 65536,
        ]
        guard let factor = perUnit[unit] else { return nil }
        return value * factor
    }

    /// `{red}`, `[HTML]{FF8800}`, `[rgb]{1,0.5,0}`, `[RGB]{255,128,0}` as a CSS colour; `nil`
    /// (with a problem) for anything else, so nothing unsafe reaches the `style` attribute.
    mutating func readColor(command: String, at offset: Int) -> String? {
        let model = readRawOptional().map(Self.dimensionText)
        guard let group = readRawGroup() else {
            problems.add("missing colour for \(command)", command: command, at: offset)
            return nil
        }
        let value = Self.dimensionText(group)
        func invalid() -> String? {
            problems.add("unsupported colour \(value) for \(command)", command: command, at: offset)
            return nil
        }
        let hexDigits = value.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit }
        switch model {
        case nil:
            if value.hasPrefix("#"), value.count == 4 || value.count == 7,
                value.unicodeScalars.dropFirst().allSatisfy({ $0.properties.isASCIIHexDigit })
            {
                return value
            }
            guard !value.isEmpty, value.unicodeScalars.allSatisfy(Lexer.isLetter) else { return invalid() }
            return value
        case "HTML"?:
            guard hexDigits, value.count == 6 || value.count == 3 else { return invalid() }
            return "#" + value
        case "rgb"?, "RGB"?:
            let parts = value.split(separator: ",").map { $0.trimmingSpaces() }
            guard parts.count == 3 else { return invalid() }
            var channels: [Int] = []
            for part in parts {
                guard let number = Double(part) else { return invalid() }
                let channel = model == "rgb" ? Int(number * 255 + 0.5) : Int(number)
                guard (0...255).contains(channel) else { return invalid() }
                channels.append(channel)
            }
            return "rgb(\(channels[0]),\(channels[1]),\(channels[2]))"
        default:
            return invalid()
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

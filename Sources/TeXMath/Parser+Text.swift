/// The font of `\text…` content, written as CSS on `mtext` (Unicode math letters have no Hangul).
struct TextStyle: Sendable, Equatable {
    var bold = false
    var italic = false
    var monospace = false
    var sansSerif = false

    enum Change: Sendable {
        case keep, normal, roman, upright, bold, medium, italic, monospace, sansSerif
    }

    func applying(_ change: Change) -> TextStyle {
        var style = self
        switch change {
        case .keep: break
        case .normal: style = TextStyle()
        case .roman:
            style.monospace = false
            style.sansSerif = false
        case .upright: style.italic = false
        case .bold: style.bold = true
        case .medium: style.bold = false
        case .italic: style.italic = true
        case .monospace: style.monospace = true
        case .sansSerif: style.sansSerif = true
        }
        return style
    }

    var css: String? {
        var parts: [String] = []
        if bold { parts.append("font-weight:bold") }
        if italic { parts.append("font-style:italic") }
        if monospace { parts.append("font-family:monospace") }
        if sansSerif { parts.append("font-family:sans-serif") }
        return parts.isEmpty ? nil : parts.joined(separator: ";")
    }

    /// Commands taking a text argument.
    static let commands: [String: Change] = [
        "text": .keep, "mbox": .keep, "hbox": .keep, "textrm": .roman, "textup": .upright, "textnormal": .normal,
        "textbf": .bold, "textmd": .medium, "textit": .italic, "textsl": .italic, "emph": .italic,
        "texttt": .monospace, "textsf": .sansSerif,
    ]

    /// Switches inside text that apply to the rest of the group.
    static let switches: [String: Change] = [
        "bf": .bold, "bfseries": .bold, "it": .italic, "itshape": .italic, "em": .italic, "sl": .italic,
        "rm": .roman, "rmfamily": .roman, "upshape": .upright, "tt": .monospace, "ttfamily": .monospace,
        "sf": .sansSerif, "sffamily": .sansSerif, "mdseries": .medium, "normalfont": .normal,
    ]
}

extension Parser {
    /// `\text{…}` and friends: runs of text as `mtext`, `$…$` inside as math.
    mutating func parseTextArgument(_ kind: CommandKind, _ name: String, at offset: Int) -> Atom? {
        guard case .text(let change) = kind else { return nil }
        return parseTextArgument(TextStyle().applying(change), command: "\\" + name, at: offset)
    }

    mutating func parseTextArgument(_ style: TextStyle, command: String, at offset: Int) -> Atom? {
        skipSpaces()
        guard index < tokens.count else {
            problems.add("missing argument for \(command)", command: command, at: offset)
            return Atom(.empty)
        }
        guard tokens[index].isCharacter("{") else {
            // `\text x`: a single token.
            if case .character(let c) = tokens[index].kind, c != "}" {
                index += 1
                return Atom(.text(Self.textWithEdgeSpaces(String(c)), style: style.css))
            }
            problems.add("missing argument for \(command)", command: command, at: offset)
            return Atom(.empty)
        }
        guard canNest else {
            reportDepth(at: offset)
            return nil
        }
        index += 1
        depth += 1
        defer { depth -= 1 }
        var nodes: [MathNode] = []
        collectText(style, into: &nodes, openedAt: offset)
        return Atom(.row(nodes))
    }

    /// Text up to the closing brace. Nested `\\textbf{…}` and `$…$` recurse; everything else is
    /// handled by `textCommand`, off the recursion path.
    private mutating func collectText(_ base: TextStyle, into nodes: inout [MathNode], openedAt offset: Int) {
        var run = TextRun(styles: [base])
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token.kind {
            case .character("}"):
                run.flush(into: &nodes)
                if run.styles.count == 1 { return }
                run.styles.removeLast()
            case .character("$"):
                run.flush(into: &nodes)
                parseTextMath(at: token.offset, into: &nodes)
            case .command(let name) where TextStyle.commands[name] != nil:
                run.flush(into: &nodes)
                let style = run.style.applying(TextStyle.commands[name] ?? .keep)
                if let atom = parseTextArgument(style, command: "\\" + name, at: token.offset) { nodes.append(atom.node) }
            default:
                textToken(token, run: &run, into: &nodes)
            }
        }
        run.flush(into: &nodes)
        problems.add("missing } to close this text", at: offset)
    }

    /// Text being collected, and the style stack of its brace groups.
    struct TextRun {
        var buffer = ""
        var styles: [TextStyle]
        var style: TextStyle { styles[styles.count - 1] }

        mutating func flush(into nodes: inout [MathNode]) {
            guard !buffer.isEmpty else { return }
            nodes.append(.text(Parser.textWithEdgeSpaces(buffer), style: style.css))
            buffer = ""
        }

        mutating func space() {
            if !buffer.hasSuffix(" ") { buffer += " " }
        }
    }

    private mutating func parseTextMath(at offset: Int, into nodes: inout [MathNode]) {
        guard canNest else {
            reportDepth(at: offset)
            return
        }
        depth += 1
        let savedFont = font
        font = nil
        nodes.append(.row(parseRow(.textMath, start: offset).nodes))
        font = savedFont
        depth -= 1
    }

    private mutating func textToken(_ token: Token, run: inout TextRun, into nodes: inout [MathNode]) {
        switch token.kind {
        case .space:
            run.space()
        case .parameter:
            break
        case .unexpandedMacro(let name):
            run.flush(into: &nodes)
            nodes.append(.error("\\" + name))
        case .character("{"):
            run.flush(into: &nodes)
            run.styles.append(run.style)
        case .character("~"):
            run.buffer += "\u{A0}"
        case .character(let c):
            appendTextCharacter(c, to: &run.buffer)
        case .command(let name):
            if let change = TextStyle.switches[name] {
                run.flush(into: &nodes)
                run.styles[run.styles.count - 1] = run.style.applying(change)
            } else if let literal = Self.textLiterals[name] {
                run.buffer += literal
            } else if let width = Symbols.spaces[name] {
                if width > 0.3, width < 0.34 {
                    run.space()
                } else {
                    run.flush(into: &nodes)
                    nodes.append(.space(width))
                }
            } else if name == "\\" || name == "newline" || name == "par" {
                run.space()
            } else if let symbol = Symbols.commands[name] {
                run.buffer += symbol.text
            } else if name == "textcolor" || name == "color" {
                _ = readColor(command: "\\" + name, at: token.offset)
            } else {
                run.flush(into: &nodes)
                problems.add("unknown TeX command \\\(name)", command: "\\" + name, at: token.offset, unknown: true)
                nodes.append(.error("\\" + name))
            }
        }
    }

    /// Text-mode ligatures: `--` –, `---` —, ``` `` ``` “, `''` ”, and typographic single quotes.
    private func appendTextCharacter(_ c: Unicode.Scalar, to buffer: inout String) {
        switch c {
        case "-":
            if buffer.hasSuffix("–") {
                buffer.removeLast()
                buffer += "—"
            } else if buffer.hasSuffix("-") {
                buffer.removeLast()
                buffer += "–"
            } else {
                buffer += "-"
            }
        case "`":
            if buffer.hasSuffix("‘") {
                buffer.removeLast()
                buffer += "“"
            } else {
                buffer += "‘"
            }
        case "'":
            if buffer.hasSuffix("’") {
                buffer.removeLast()
                buffer += "”"
            } else {
                buffer += "’"
            }
        default:
            buffer.unicodeScalars.append(c)
        }
    }

    static let textLiterals: [String: String] = [
        "%": "%", "$": "$", "#": "#", "&": "&", "_": "_", "{": "{", "}": "}", "textbackslash": "\\",
        "textasciitilde": "~", "textasciicircum": "^", "textendash": "–", "textemdash": "—",
        "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”",
        "textbullet": "•", "textdegree": "°", "textellipsis": "…", "ldots": "…", "dots": "…", "textbar": "|",
        "textless": "<", "textgreater": ">", "S": "§", "P": "¶", "copyright": "©", "textregistered": "®",
        "texttrademark": "™", "i": "ı", "j": "ȷ", "ss": "ß", "ae": "æ", "AE": "Æ", "o": "ø", "O": "Ø",
    ]

    /// Browsers drop white space at the edges of an `mtext`; TeX keeps it (`\text{ if }`).
    static func textWithEdgeSpaces(_ text: String) -> String {
        guard text.hasPrefix(" ") || text.hasSuffix(" ") else { return text }
        var scalars = Array(text.unicodeScalars)
        if scalars.first == " " { scalars[0] = "\u{A0}" }
        if scalars.last == " " { scalars[scalars.count - 1] = "\u{A0}" }
        return String(String.UnicodeScalarView(scalars))
    }
}

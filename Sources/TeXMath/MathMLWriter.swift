/// Writes a ``MathNode`` tree as compact MathML Core: one line, no indentation, attributes in a
/// fixed order, so output is byte-identical from run to run.
///
/// The tree is walked with an explicit stack, not recursion: a tree as deep as the parser allows
/// costs heap, not call stack.
struct MathMLWriter {
    private(set) var output = ""

    init(capacity: Int) {
        output.reserveCapacity(capacity)
    }

    /// TeX's style where a node sits: display style decides where limits go; in script styles
    /// (script level above 0) TeX puts no space around operators.
    struct Style {
        var display: Bool
        var scriptLevel = 0

        /// Sub- and superscripts, limits.
        var script: Style { Style(display: false, scriptLevel: scriptLevel + 1) }
        /// Numerator and denominator: text style under display style, one level smaller otherwise.
        var fraction: Style { Style(display: false, scriptLevel: display ? scriptLevel : scriptLevel + 1) }
    }

    /// Pending work, last first.
    private enum Work {
        /// A node written as exactly one element (rows of one collapse to their child).
        case node(MathNode, Style)
        /// The children of an element whose content is an implied `mrow` (`msqrt`, `mtd`…).
        case contents(MathNode, Style)
        /// Markup already decided, such as a closing tag.
        case markup(String)
    }

    private var work: [Work] = []

    mutating func writeMath(_ body: MathNode, display: Bool, source: String) {
        output += display ? "<math display=\"block\">" : "<math>"
        output += "<semantics><mrow>"
        var body = body
        // `\left(…\right)` alone: its row is the formula's row.
        if case .row(let children) = body, children.count == 1, case .row = children[0] { body = children[0] }
        work = [.contents(body, Style(display: display))]
        while let next = work.popLast() {
            switch next {
            case .markup(let markup): output += markup
            case .contents(let node, let style): pushContents(node, style)
            case .node(let node, let style): open(node, style)
            }
        }
        output += "</mrow><annotation encoding=\"application/x-tex\">"
        escape(source)
        output += "</annotation></semantics></math>"
    }

    private mutating func pushContents(_ node: MathNode, _ style: Style) {
        if case .row(let children) = node {
            for child in children.reversed() { work.append(.node(child, style)) }
        } else {
            work.append(.node(node, style))
        }
    }

    /// Writes a node's opening markup and schedules its children and closing tag.
    private mutating func open(_ node: MathNode, _ style: Style) {
        switch node {
        case .identifier, .number, .op, .text, .space, .error:
            writeLeaf(node, style)
        case .row(let children):
            if children.count == 1 {
                work.append(.node(children[0], style))
            } else {
                output += "<mrow>"
                work.append(.markup("</mrow>"))
                for child in children.reversed() { work.append(.node(child, style)) }
            }
        case .styled(let children, let css):
            output += "<mrow"
            attribute("style", css)
            output += ">"
            work.append(.markup("</mrow>"))
            for child in children.reversed() { work.append(.node(child, style)) }
        case .fraction(let numerator, let denominator, let thickness):
            output += "<mfrac"
            if let thickness { attribute("linethickness", thickness) }
            output += ">"
            schedule("mfrac", [(numerator, style.fraction), (denominator, style.fraction)])
        case .sqrt(let radicand):
            output += "<msqrt>"
            work.append(.markup("</msqrt>"))
            work.append(.contents(radicand, style))
        case .root(let radicand, let index):
            output += "<mroot>"
            schedule("mroot", [(radicand, style), (index, Style(display: false, scriptLevel: style.scriptLevel + 2))])
        case .scripts(let base, let sub, let sup, let limits):
            openScripts(base: base, sub: sub, sup: sup, limits: limits, style)
        case .stack(let base, let under, let over, let accent):
            let name = under != nil && over != nil ? "munderover" : under != nil ? "munder" : "mover"
            output += "<" + name
            if accent, over != nil { attribute("accent", "true") }
            if accent, under != nil { attribute("accentunder", "true") }
            output += ">"
            // An accent keeps the base's style; other marks (braces, \overset) are scripts.
            let marks = accent ? style : style.script
            schedule(name, [(base, style), under.map { ($0, marks) }, over.map { ($0, marks) }].compactMap { $0 })
        case .style(let content, let display, let scriptLevel):
            output += "<mstyle"
            attribute("displaystyle", display ? "true" : "false")
            if let scriptLevel { attribute("scriptlevel", String(scriptLevel)) }
            output += ">"
            work.append(.markup("</mstyle>"))
            work.append(.contents(content, Style(display: display, scriptLevel: scriptLevel ?? style.scriptLevel)))
        case .table(let table):
            openTable(table, style)
        case .phantom(let content):
            output += "<mphantom>"
            work.append(.markup("</mphantom>"))
            work.append(.contents(content, style))
        case .padded(let content, let width, let height, let depth):
            output += "<mpadded"
            if let depth { attribute("depth", depth) }
            if let height { attribute("height", height) }
            if let width { attribute("width", width) }
            output += ">"
            work.append(.markup("</mpadded>"))
            work.append(.contents(content, style))
        }
    }

    /// Children written one element each, then the closing tag.
    private mutating func schedule(_ name: String, _ children: [(MathNode, Style)]) {
        work.append(.markup("</" + name + ">"))
        for (child, style) in children.reversed() { work.append(.node(child, style)) }
    }

    private mutating func writeLeaf(_ node: MathNode, _ style: Style) {
        switch node {
        case .identifier(let text, let upright):
            output += upright && Self.isAutoItalic(text) ? "<mi mathvariant=\"normal\">" : "<mi>"
            escape(text)
            output += "</mi>"
        case .number(let text):
            output += "<mn>"
            escape(text)
            output += "</mn>"
        case .op(let text, var attributes):
            if style.scriptLevel > 0, text != "\u{2061}", attributes.stretchy == nil || attributes.lspace != nil {
                attributes.lspace = "0"
                attributes.rspace = "0"
            }
            output += "<mo"
            writeAttributes(attributes)
            output += ">"
            escape(text)
            output += "</mo>"
        case .text(let text, let css):
            output += "<mtext"
            if let css { attribute("style", css) }
            output += ">"
            escape(text)
            output += "</mtext>"
        case .space(let em):
            output += em >= 0 ? "<mspace width=\"\(Self.em(em))\"/>" : "<mspace style=\"margin-left:\(Self.em(em))\"/>"
        case .error(let text):
            output += "<merror style=\"color:#c00\"><mtext>"
            escape(text)
            output += "</mtext></merror>"
        default:
            break
        }
    }

    /// TeX puts limits below/above in display style for `\sum`-like bases and always for
    /// `\limits`; the choice is made here rather than left to `movablelimits`, so what a reader
    /// sees does not depend on the browser's operator dictionary.
    private mutating func openScripts(base: MathNode, sub: MathNode?, sup: MathNode?, limits: Limits, _ style: Style) {
        let stacked = limits == .always || (limits == .display && style.display)
        let name: String
        switch (stacked, sub != nil, sup != nil) {
        case (true, true, true): name = "munderover"
        case (true, true, false): name = "munder"
        case (true, false, _): name = "mover"
        case (false, true, true): name = "msubsup"
        case (false, true, false): name = "msub"
        case (false, false, _): name = "msup"
        }
        output += "<" + name + ">"
        var base = base
        if stacked, !style.display, case .op(let text, var attributes) = base {
            // ∑ has movablelimits in the operator dictionary: keep \limits below in text style.
            attributes.movablelimits = false
            base = .op(text, attributes)
        }
        schedule(name, [(base, style), sub.map { ($0, style.script) }, sup.map { ($0, style.script) }].compactMap { $0 })
    }

    private mutating func openTable(_ table: MathTable, _ outer: Style) {
        let cellStyle = Style(display: table.displayStyle, scriptLevel: table.scriptLevel ?? outer.scriptLevel)
        let columns = table.rows.map(\.count).max() ?? 0
        output += "<mtable"
        if table.displayStyle { attribute("displaystyle", "true") }
        if let level = table.scriptLevel { attribute("scriptlevel", String(level)) }
        let alignments = (0..<columns).map { table.alignment(ofColumn: $0) }
        if alignments.contains(where: { $0 != .center }) {
            // Not MathML Core (Chromium ignores it; the mtd styles below do the work there), but
            // Firefox and Safari still honour it.
            attribute("columnalign", alignments.map(Self.name).joined(separator: " "))
        }
        output += ">"
        work.append(.markup("</mtable>"))
        for (rowIndex, row) in table.rows.enumerated().reversed() {
            work.append(.markup("</mtr>"))
            for (column, cell) in row.enumerated().reversed() {
                work.append(.markup("</mtd>"))
                work.append(.contents(cell, cellStyle))
                let css = Self.css(table, row: rowIndex, column: column, columns: columns)
                work.append(.markup(css.isEmpty ? "<mtd>" : "<mtd style=\"" + Self.escaped(css) + "\">"))
            }
            work.append(.markup("<mtr>"))
        }
    }

    /// Column alignment and spacing as CSS on `mtd`, which Chromium honours (it ignores
    /// `columnalign`): aligned pairs meet at the `&` with no padding between them.
    private static func css(_ table: MathTable, row: Int, column: Int, columns: Int) -> String {
        var parts: [String] = []
        switch table.alignment(ofColumn: column) {
        case .left: parts.append("text-align:left")
        case .right: parts.append("text-align:right")
        case .center: break
        }
        switch table.kind {
        case .aligned:
            if column % 2 == 0 {
                parts.append(column > 0 ? "padding-left:1em" : "padding-left:0")
                parts.append("padding-right:0")
            } else {
                parts.append("padding-left:0")
                if column == columns - 1 { parts.append("padding-right:0") }
            }
        case .cases, .matrix:
            // No padding against the fences, as amsmath's matrices and cases have none.
            if column == 0 {
                parts.append("padding-left:0")
            } else if table.kind == .cases {
                parts.append("padding-left:1em")
            }
            if column == columns - 1 { parts.append("padding-right:0") }
        case .substack:
            parts.append("padding:0")
        case .array, .gathered:
            break
        }
        if table.columnRules.contains(column) { parts.append("border-left:1px solid") }
        if column == columns - 1, table.columnRules.contains(columns) { parts.append("border-right:1px solid") }
        if table.rowRules.contains(row) { parts.append("border-top:1px solid") }
        if row == table.rows.count - 1, table.rowRules.contains(table.rows.count) { parts.append("border-bottom:1px solid") }
        return parts.joined(separator: ";")
    }

    private static func name(_ alignment: MathTable.Alignment) -> String {
        switch alignment {
        case .left: return "left"
        case .center: return "center"
        case .right: return "right"
        }
    }

    private mutating func writeAttributes(_ attributes: OperatorAttributes) {
        if attributes.fence { attribute("fence", "true") }
        if let form = attributes.form { attribute("form", form) }
        if let lspace = attributes.lspace { attribute("lspace", lspace) }
        if let maxsize = attributes.maxsize { attribute("maxsize", maxsize) }
        if let minsize = attributes.minsize { attribute("minsize", minsize) }
        if let movable = attributes.movablelimits { attribute("movablelimits", movable ? "true" : "false") }
        if let rspace = attributes.rspace { attribute("rspace", rspace) }
        if let stretchy = attributes.stretchy { attribute("stretchy", stretchy ? "true" : "false") }
        if attributes.symmetric { attribute("symmetric", "true") }
    }

    private static func escaped(_ text: String) -> String {
        var writer = MathMLWriter(capacity: text.utf8.count)
        writer.escape(text)
        return writer.output
    }

    private mutating func attribute(_ name: String, _ value: String) {
        output += " " + name + "=\""
        escape(value)
        output += "\""
    }

    // MARK: - Text

    /// Escapes for both text and attribute values. Invisible and combining characters become
    /// character references so the output can be read; characters XML forbids become U+FFFD.
    private mutating func escape(_ text: String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "\n": output += "&#xA;"
            case "\r": output += "&#xD;"
            case "\t": output += "&#x9;"
            default:
                if scalar.value >= 0x20, scalar.value < 0x7F {
                    output.unicodeScalars.append(scalar)
                } else if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
                    || scalar.value == 0xFFFE || scalar.value == 0xFFFF
                {
                    output += "\u{FFFD}"
                } else if Self.isInvisible(scalar) {
                    output += "&#x" + String(scalar.value, radix: 16, uppercase: true) + ";"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
    }

    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value == 0xA0 { return true }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return true
        default:
            return false
        }
    }

    /// Characters MathML Core's `text-transform: math-auto` makes italic in a one-letter `mi`.
    static func isAutoItalic(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard scalars.count == 1, let c = scalars.first else { return false }
        switch c.value {
        case 0x41...0x5A, 0x61...0x7A, 0x391...0x3A1, 0x3A3...0x3A9, 0x3B1...0x3C9: return true
        case 0x131, 0x237, 0x3D1, 0x3D5, 0x3D6, 0x3F0, 0x3F1, 0x3F4, 0x3F5, 0x2202, 0x2207: return true
        default: return false
        }
    }

    /// `0.1667em`, `1em`, `-0.2778em`: four decimals at most, no trailing zeros.
    static func em(_ value: Double) -> String {
        // Int(x + 0.5), not rounded(): no libm needed.
        let scaled = Int(abs(value) * 10_000 + 0.5)
        var text = String(scaled / 10_000)
        var fraction = scaled % 10_000
        if fraction > 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 4 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
            fraction = 0
        }
        return (value < 0 && scaled > 0 ? "-" : "") + text + "em"
    }
}

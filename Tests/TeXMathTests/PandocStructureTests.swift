import Foundation
import TeXMath
import Testing

/// Compares the element structure (tag names and nesting; not attributes, not text) of our
/// MathML with Debian pandoc's `--mathml` (texmath) for the corpus formulas where pandoc is right.
///
/// Both sides are normalised first, so the comparison is about structure, not conventions both
/// renderings are right to differ on: `semantics`/`annotation` and `mstyle` wrappers are dropped;
/// `mrow`s inside row-like parents are spliced in and single-child `mrow`s replaced by their
/// child; U+2061 FUNCTION APPLICATION (pandoc omits it) is removed, and so is the thin `mspace`
/// we put before a function name after an ordinary atom (see the table); runs of `mi` count as one
/// (pandoc splits `\mathrm{softmax}` into letters); TeX's ordinary symbols (∀ ∂ ∞ … ! / and the
/// like) count as `mi` whether written `mi` or `mo`; a multi-letter `mo` (pandoc's
/// `<mo>sin</mo>`) counts as `mi`; and pandoc's `(…)^2` — a script on an `mrow` of bracketed
/// content — counts as TeX's, where the script belongs to the closing bracket.
///
/// Deliberate differences, and formulas left out because of them:
///
/// | construct | pandoc 2.17 (texmath 0.12) | notegraph | why |
/// | --- | --- | --- | --- |
/// | `\sin`, `\lim`, `\max` | `<mo>sin</mo>` | `<mi>sin</mi><mo>⁡</mo>` | function names are identifiers; U+2061 carries TeX's thin space |
/// | `\mathrm{softmax}` | one `mi` per letter | one `mi` | a word; multi-letter `mi` is upright in MathML Core |
/// | `(x+1)^2` | `msup` on an `mrow` of `(x+1)` | `msup` on `)` | TeX attaches the script to the closing bracket |
/// | `\forall`, `\partial`, `\infty`, `\dots`, `!`, `/` | `mo` | `mi` (or the reverse for `!`) | TeX class Ord: no operator spacing |
/// | `f'`, `f''` | `<msup>` with `′`, or `<mi>″</mi>` | `<mrow><mi>f</mi><mo>′</mo></mrow>` | U+2032 is already raised; as a superscript it shrinks and floats |
/// | `\boxed` | `<menclose>` | `<mrow style="border…">` | `menclose` is not in MathML Core |
/// | `q \log p`, `\frac{1}{2} \exp x` | nothing before `log` | a thin `mspace` before `log` | TeX's space between an ordinary atom and an operator; an `mi` has no `lspace` |
/// | `\text{if }` | `<mtext>if </mtext><mspace/>` | `<mtext>if&#xA0;</mtext>` | keeps the space inside the text |
/// | `\left. … \right\|` | empty `<mo>` for `.` | no `<mo>` | nothing to draw |
/// | `\tag{1}` | `<mtable>` with a label | phantom tag, body, tag in a row | `mlabeledtr` is not in MathML Core |
/// | `\sum_j` in a display fraction | `munder` | `msub` | fractions are in text style in TeX (pandoc is wrong) |
/// | `\displaystyle`, `\textstyle` | limits unchanged | limits follow the style | TeX (pandoc is wrong) |
/// | `\mathop{…}_n` in display | `msub` | `munder` | TeX's `\mathop` takes limits in display style (pandoc is wrong) |
/// | `:=` | one `mo` | two `mo`, no space between | two relations in TeX |
/// | `\varpi`, `\varrho`, `\varsigma` | `mo` | `mi` | letters (pandoc is wrong) |
/// | `\pmod`, `\mod`, `\xrightarrow`, `\color`, sizes, `\!` | various | amsmath spacing, padded labels, CSS | MathML Core has no `mathcolor` layout or `menclose`; TeX's spacing |
/// | raw Hangul in math | one `mi` per syllable | one `mtext` per run | it is text, and spaces between words stay |
/// | `\\` in inline math | `mtable` rows | ignored, a quad between parts | inline math cannot break lines |
/// | unknown commands, `\operatorname*{…}_θ`, `\cfrac`, `\dcases`, `\def`, `\big(`, `\hline`, `{n \choose k}`, `\varGamma` | raw TeX (texmath gives up) | rendered | pandoc 2.17 cannot parse them |
@Suite struct PandocStructureTests {
    static let pandoc: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/pandoc"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// Corpus formulas left out of the comparison, with the reason (see the table above).
    static let differences: [String: String] = [
        "primes": "primes follow the base instead of being superscripts",
        "derivative-limit": "primes follow the base instead of being superscripts",
        "boxed": "menclose is not in MathML Core",
        "argmax-star": "pandoc cannot parse \\operatorname* with limits",
        "argmax-inline": "pandoc cannot parse \\operatorname* with limits",
        "overset": "pandoc cannot parse \\operatorname inside \\underset",
        "user-macros": "pandoc cannot parse \\operatorname* with limits (via \\argmax)",
        "left-dot": "pandoc writes an empty mo for \\left.",
        "tag": "mlabeledtr is not in MathML Core",
        "mod": "amsmath spacing for \\pmod and \\mod",
        "extensible-arrows": "labels are padded",
        "color": "colour as CSS; \\textcolor[HTML] unsupported by pandoc",
        "raw-hangul": "Hangul runs are mtext, not one mi per syllable",
        "inline-line-break-ignored": "inline math cannot break lines",
        "unknown-command": "pandoc gives up on unknown commands",
        "text-hangul": "pandoc splits \\mbox and text spacing differently",
        "text-with-math": "pandoc splits text around math differently",
        "text-ligatures": "pandoc does not apply text ligatures",
        "cases-relu": "pandoc moves the trailing space of \\text{if } into an mspace",
        "braces": "pandoc moves the leading space of \\text{ times} into an mspace",
        "spaces": "pandoc renders \\! as a negative mspace and ~ differently",
        "phantom": "pandoc renders \\mathstrut and \\vphantom differently",
        "sizes": "pandoc ignores \\large and \\small",
        "smallmatrix": "pandoc wraps smallmatrix in mstyle with scriptlevel",
        "comment-and-newline": "pandoc's markdown reader handles the % comment",
        "display-line-breaks": "pandoc puts top-level rows of display math in an mtable too, but with labels",
        "multiple-integrals": "pandoc renders \\oint with limits below",
        "dots": "pandoc spaces \\dots differently",
        "softmax": "\\sum_j in a display fraction is in text style: limits beside (pandoc puts them below)",
        "displaystyle": "pandoc ignores \\displaystyle for limits",
        "textstyle": "pandoc ignores \\textstyle for limits",
        "mathop": "\\mathop takes limits in display style (pandoc puts them beside)",
        "gradient-step": "pandoc merges := into one operator",
        "greek-lower": "pandoc makes \\varpi, \\varrho, \\varsigma operators",
        "over-choose": "pandoc cannot parse \\choose",
        "cfrac": "pandoc cannot parse \\cfrac",
        "greek-upper": "pandoc cannot parse \\varGamma",
        "big-delimiters": "pandoc cannot parse \\bigm",
        "array-hline": "pandoc cannot parse a trailing \\hline",
        "dcases": "pandoc cannot parse dcases",
        "def": "pandoc cannot parse \\def",
    ]

    /// TeX's ordinary symbols, which either side may write as `mi` or `mo`.
    static let ordinarySymbols: Set<String> = [
        "∀", "∃", "∄", "∂", "∇", "∞", "¬", "…", "⋯", "⋮", "⋱", "!", ".", "/", "%", "$", "#", "&", "_", "′",
        "∅", "⊤", "⊥", "∠", "△", "ℏ", "ℓ", "ℜ", "ℑ", "ℵ",
        // \underline's mark: pandoc's `<mi>_</mi>`, our `<mo>` U+0332 (the one Chromium stretches).
        "\u{332}",
    ]

    /// Runs pandoc once over all formulas, each in its own marked paragraph.
    static func pandocMathML(_ formulas: [Formula], pandoc: String) throws -> [String: String] {
        var markdown = ""
        for (index, formula) in formulas.enumerated() {
            let tex = formula.tex
            markdown += formula.display ? "FORMULA\(index)\n\n$$\(tex)$$\n\n" : "FORMULA\(index) $\(tex)$\n\n"
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pandoc)
        process.arguments = ["-f", "markdown", "-t", "html", "--mathml"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(markdown.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let html = String(decoding: data, as: UTF8.self)
        var result: [String: String] = [:]
        let parts = html.components(separatedBy: "FORMULA")
        for part in parts.dropFirst() {
            let digits = part.prefix { $0.isNumber }
            guard let index = Int(digits), index < formulas.count,
                let start = part.range(of: "<math"), let end = part.range(of: "</math>")
            else { continue }
            result[formulas[index].name] = String(part[start.lowerBound..<end.upperBound])
        }
        return result
    }

    /// Tag names and nesting after normalisation, as an S-expression.
    static func structure(_ mathML: String) throws -> String {
        let nodes = try MiniXML.parse(mathML)
        var out = ""
        for node in normalized(nodes) { write(node, to: &out) }
        return out
    }

    private static let rowLike: Set<String> = [
        "math", "mrow", "msqrt", "mstyle", "mtd", "mphantom", "mpadded", "merror", "menclose", "semantics",
    ]

    private enum Shape {
        case element(String, [Shape])
        case leaf(String)
    }

    private static func normalized(_ nodes: [MiniXML.Node]) -> [Shape] {
        var result: [Shape] = []
        let elements = nodes.compactMap { node -> MiniXML.Element? in
            if case .element(let element) = node { return element }
            return nil
        }
        for (position, element) in elements.enumerated() {
            let text = MiniXML.text(of: element)
            switch element.name {
            case "mspace" where isThinSpaceBeforeFunction(elements, at: position):
                continue
            case "annotation":
                continue
            case "semantics":
                result.append(contentsOf: normalized(Array(element.children.prefix(1))))
                continue
            case "mstyle":
                result.append(contentsOf: normalized(element.children))
                continue
            case "mo" where text == "\u{2061}":
                continue
            case "mo" where text.count > 1 && text.allSatisfy(\.isLetter):
                result.append(.leaf("mi"))
                continue
            case "mo" where ordinarySymbols.contains(text):
                result.append(.leaf("mi"))
                continue
            case "mi", "mn", "mo", "mtext", "mspace":
                result.append(.leaf(element.name))
                continue
            default:
                break
            }
            var children: [Shape]
            if rowLike.contains(element.name) {
                children = normalized(element.children)
            } else {
                // Fixed-arity parents (mfrac, msub…): one shape per child, so splicing stays inside it.
                children = element.children.compactMap { child -> Shape? in
                    let shapes = normalized([child])
                    if shapes.isEmpty { return nil }
                    return shapes.count == 1 ? shapes[0] : .element("mrow", shapes)
                }
            }
            if ["msup", "msub", "msubsup"].contains(element.name), case .element("mrow", let bracketed)? = children.first,
                bracketed.count >= 2, case .leaf("mo") = bracketed[0], case .leaf("mo") = bracketed[bracketed.count - 1]
            {
                // pandoc's (x+1)^2: the script on the bracketed group; TeX's: on the closing bracket.
                result.append(contentsOf: bracketed.dropLast())
                result.append(.element(element.name, [bracketed[bracketed.count - 1]] + children.dropFirst()))
                continue
            }
            if rowLike.contains(element.name) {
                // An mrow inside a row-like parent adds nothing to the structure.
                children = children.flatMap { child -> [Shape] in
                    if case .element("mrow", let grandchildren) = child { return grandchildren }
                    return [child]
                }
            }
            children = mergingIdentifierRuns(children)
            if element.name == "mrow", children.count == 1 {
                result.append(children[0])
            } else {
                result.append(.element(element.name, children))
            }
        }
        return mergingIdentifierRuns(result)
    }

    /// Our `<mspace width="0.1667em"/>` before `<mi>log</mi><mo>⁡</mo>`: TeX's space between an
    /// ordinary atom and a function name, which pandoc leaves out.
    private static func isThinSpaceBeforeFunction(_ elements: [MiniXML.Element], at position: Int) -> Bool {
        guard elements[position].attributes["width"] == "0.1667em", position + 2 < elements.count else { return false }
        let name = elements[position + 1]
        var function = name
        if ["msub", "msup", "msubsup", "munder", "mover", "munderover"].contains(name.name),
            case .element(let base)? = name.children.first
        {
            function = base
        }
        return function.name == "mi" && MiniXML.text(of: function).count > 1
            && elements[position + 2].name == "mo" && MiniXML.text(of: elements[position + 2]) == "\u{2061}"
    }

    private static func mergingIdentifierRuns(_ shapes: [Shape]) -> [Shape] {
        var result: [Shape] = []
        for shape in shapes {
            if case .leaf("mi") = shape, case .leaf("mi")? = result.last { continue }
            result.append(shape)
        }
        return result
    }

    private static func write(_ shape: Shape, to out: inout String) {
        switch shape {
        case .leaf(let name):
            out += name + " "
        case .element(let name, let children):
            out += "(" + name + " "
            for child in children { write(child, to: &out) }
            out += ") "
        }
    }

    @Test(.enabled(if: pandoc != nil, "pandoc is not installed; skipping the comparison with pandoc --mathml"))
    func structureMatchesPandoc() throws {
        let compared = FormulaCorpus.all.filter { Self.differences[$0.name] == nil }
        let theirs = try Self.pandocMathML(compared, pandoc: Self.pandoc!)
        let converter = TeXMath(macros: FormulaCorpus.macros)
        var mismatches: [String] = []
        for formula in compared {
            guard let pandocMathML = theirs[formula.name] else {
                mismatches.append("\(formula.name): pandoc produced no MathML")
                continue
            }
            let ours = try Self.structure(converter.render(formula.tex, display: formula.display).mathML)
            let expected = try Self.structure(pandocMathML)
            if ours != expected {
                mismatches.append("\(formula.name):\n  pandoc: \(expected)\n  ours:   \(ours)")
            }
        }
        #expect(compared.count >= 90, "most of the corpus is compared")
        #expect(mismatches.isEmpty, "\(mismatches.count) formulas differ from pandoc:\n\(mismatches.joined(separator: "\n"))")
    }

    @Test func everyListedDifferenceIsInTheCorpus() {
        let names = Set(FormulaCorpus.all.map(\.name))
        #expect(Set(Self.differences.keys).subtracting(names).isEmpty)
    }
}

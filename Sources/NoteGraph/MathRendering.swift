import Diagnostics
import Linker
import Markdown
import TeXMath

/// How the site shows math (`math:` in notegraph.yml).
public enum MathMode: String, Sendable, CaseIterable {
    /// TeX converted to MathML Core at build time: typeset offline, no script (the default).
    case mathml
    /// The TeX left in the page for KaTeX (Debian's libjs-katex, copied in) to render in the browser.
    case katex
    /// The TeX shown as text.
    case none
}

/// Every formula of every published note, converted once before pages render, so a formula's
/// warnings are reported once even when the note is embedded elsewhere.
///
/// Each distinct formula is converted once, however many notes hold it: the conversion is a
/// function of the TeX, the display flag and the macros alone, and notes repeat their formulas
/// (`$x$`, `$\theta$`, a loss written in every note of a course). Each occurrence still gets its
/// own warnings, at its own place in its own note.
struct MathRenderer: Sendable {
    let mode: MathMode
    let converter: TeXMath
    /// `html[note][k]` is note `note`'s `k`-th formula; empty for unpublished notes.
    private(set) var html: [[String]] = []
    private(set) var diagnostics: [Diagnostic] = []
    /// How many formulas the published notes hold, and how many of them differ.
    private(set) var counts = (formulas: 0, distinct: 0)

    private struct Formula: Hashable {
        var tex: String
        var display: Bool
    }

    init(mode: MathMode, macros: [String: String], notes: [ParsedNote]) {
        self.mode = mode
        self.converter = TeXMath(macros: macros)
        let converter = self.converter
        // Numbering the distinct formulas costs a hash of each TeX: far less than converting it.
        var number: [Formula: Int] = [:]
        var distinct: [Formula] = []
        // Over indices, each note's formulas read in place: `map` and `zip` handed out a copy
        // of the whole ParsedNote.
        let slots: [[Int]] = notes.indices.map { i in
            guard notes[i].isPublished else { return [] }
            return notes[i].document.math.map { occurrence in
                let formula = Formula(tex: occurrence.tex, display: occurrence.display)
                if let n = number[formula] { return n }
                number[formula] = distinct.count
                distinct.append(formula)
                return distinct.count - 1
            }
        }
        let converted = distinct.parallelMap { formula in
            MathRenderer.convert(formula.tex, display: formula.display, mode: mode, converter: converter)
        }
        html = slots.map { $0.map { converted[$0].html } }
        for (i, slots) in zip(notes.indices, slots) {
            for (occurrence, n) in zip(notes[i].document.math, slots) {
                diagnostics += MathRenderer.warnings(converted[n].problems, at: occurrence)
            }
        }
        counts = (slots.reduce(0) { $0 + $1.count }, distinct.count)
    }

    func render(note: Int, index: Int, occurrence: MathOccurrence) -> String {
        if note < html.count, index < html[note].count { return html[note][index] }
        var ignored: [Diagnostic] = []
        return MathRenderer.render(occurrence, mode: mode, converter: converter, diagnostics: &ignored)
    }

    static func render(_ occurrence: MathOccurrence, mode: MathMode, converter: TeXMath, diagnostics: inout [Diagnostic]) -> String {
        let converted = convert(occurrence.tex, display: occurrence.display, mode: mode, converter: converter)
        diagnostics += warnings(converted.problems, at: occurrence)
        return converted.html
    }

    /// A formula's HTML, and what the converter found wrong in it (offsets into the TeX).
    static func convert(_ tex: String, display: Bool, mode: MathMode, converter: TeXMath) -> (html: String, problems: [MathProblem]) {
        switch mode {
        case .none:
            return (HTMLRenderer.escapedTeX(tex, display: display), [])
        case .katex:
            // auto-render finds these delimiters; the TeX is escaped, never interpreted as HTML.
            let escaped = HTML.escape(tex)
            return (display ? "<div class=\"math display\">\\[" + escaped + "\\]</div>"
                            : "<span class=\"math inline\">\\(" + escaped + "\\)</span>", [])
        case .mathml:
            let result = converter.render(tex, display: display)
            return (display ? "<div class=\"math display\">" + result.mathML + "</div>"
                            : "<span class=\"math inline\">" + result.mathML + "</span>", result.problems)
        }
    }

    /// The converter's problems as warnings at their place in the note.
    static func warnings(_ problems: [MathProblem], at occurrence: MathOccurrence) -> [Diagnostic] {
        problems.map { problem in
            .warning(problem.isUnknownCommand ? "unknown-tex-command" : "tex", problem.message,
                     at: occurrence.location(ofTeXOffset: problem.offset))
        }
    }
}

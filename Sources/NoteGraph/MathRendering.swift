public import Diagnostics
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
struct MathRenderer: Sendable {
    let mode: MathMode
    let converter: TeXMath
    /// `html[note][k]` is note `note`'s `k`-th formula; empty for unpublished notes.
    private(set) var html: [[String]] = []
    private(set) var diagnostics: [Diagnostic] = []

    init(mode: MathMode, macros: [String: String], notes: [ParsedNote]) {
        self.mode = mode
        self.converter = TeXMath(macros: macros)
        let converter = self.converter
        let results = notes.parallelMap { note -> ([String], [Diagnostic]) in
            guard note.isPublished else { return ([], []) }
            var found: [Diagnostic] = []
            let rendered = note.document.math.map { occurrence in
                MathRenderer.render(occurrence, mode: mode, converter: converter, diagnostics: &found)
            }
            return (rendered, found)
        }
        html = results.map(\.0)
        diagnostics = results.flatMap(\.1)
    }

    func render(note: Int, index: Int, occurrence: MathOccurrence) -> String {
        if note < html.count, index < html[note].count { return html[note][index] }
        var ignored: [Diagnostic] = []
        return MathRenderer.render(occurrence, mode: mode, converter: converter, diagnostics: &ignored)
    }

    static func render(_ occurrence: MathOccurrence, mode: MathMode, converter: TeXMath, diagnostics: inout [Diagnostic]) -> String {
        switch mode {
        case .none:
            return HTMLRenderer.escapedTeX(occurrence)
        case .katex:
            // auto-render finds these delimiters; the TeX is escaped, never interpreted as HTML.
            let tex = HTML.escape(occurrence.tex)
            return occurrence.display
                ? "<div class=\"math display\">\\[" + tex + "\\]</div>"
                : "<span class=\"math inline\">\\(" + tex + "\\)</span>"
        case .mathml:
            let result = converter.render(occurrence.tex, display: occurrence.display)
            for problem in result.problems {
                let code = problem.isUnknownCommand ? "unknown-tex-command" : "tex"
                diagnostics.append(.warning(code, problem.message, at: occurrence.location(ofTeXOffset: problem.offset)))
            }
            return occurrence.display
                ? "<div class=\"math display\">" + result.mathML + "</div>"
                : "<span class=\"math inline\">" + result.mathML + "</span>"
        }
    }
}

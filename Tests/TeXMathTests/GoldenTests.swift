import Foundation
import TeXMath
import Testing

/// Every corpus formula's MathML compared with `Golden/formulas.txt`. After an intended change,
/// regenerate with `NOTEGRAPH_UPDATE_GOLDEN=1 swift test --filter TeXMathTests` and review the diff.
@Suite struct TeXMathGoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// One block per formula: `## name (inline|display)`, the MathML line, then one `!` line per problem.
    static func renderCorpus() -> String {
        let converter = TeXMath(macros: FormulaCorpus.macros)
        var text = "# TeXMath golden output: one block per formula in FormulaCorpus.swift.\n"
        for formula in FormulaCorpus.all {
            let rendering = converter.render(formula.tex, display: formula.display)
            text += "\n## \(formula.name) (\(formula.display ? "display" : "inline"))\n"
            text += rendering.mathML + "\n"
            for problem in rendering.problems {
                text += "! \(problem.message) [offset \(problem.offset)"
                if let command = problem.command { text += ", \(command)" }
                text += problem.isUnknownCommand ? ", unknown]\n" : "]\n"
            }
        }
        return text
    }

    @Test func corpusMatchesGolden() throws {
        let actual = Self.renderCorpus()
        let url = Self.folder.appendingPathComponent("formulas.txt")
        if ProcessInfo.processInfo.environment["NOTEGRAPH_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file Golden/formulas.txt; run with NOTEGRAPH_UPDATE_GOLDEN=1")
            return
        }
        guard expected != actual else { return }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLines.count, actualLines.count)
        let heading = actualLines[..<min(line + 1, actualLines.count)].last { $0.hasPrefix("## ") } ?? "?"
        let want = line < expectedLines.count ? String(expectedLines[line]) : "<end of file>"
        let got = line < actualLines.count ? String(actualLines[line]) : "<end of file>"
        Issue.record("""
            Golden/formulas.txt differs at line \(line + 1) (\(heading.dropFirst(3))):
              expected: \(want)
              actual:   \(got)
            (if intended, rerun with NOTEGRAPH_UPDATE_GOLDEN=1 and review the diff)
            """)
    }

    @Test func renderingIsDeterministic() {
        #expect(Self.renderCorpus() == Self.renderCorpus())
    }
}

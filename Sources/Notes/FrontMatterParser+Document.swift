public import Diagnostics

/// A top-level key of a whole YAML/JSON/TOML document, with where it was written.
public struct DocumentEntry: Sendable, Hashable {
    public var key: String
    public var value: FrontMatterValue
    public var location: SourceLocation
}

extension FrontMatterParser {
    /// Parses a whole file in one of the front matter languages — `notegraph.yml`, a glossary —
    /// with the same decoders and the same located errors as front matter.
    public static func parseDocument(_ text: String, format: FrontMatterFormat, file: String) -> (entries: [DocumentEntry], diagnostics: [Diagnostic]) {
        var entries: [FrontMatterEntry] = []
        var problems: [FrontMatterProblem] = []
        var diagnostics: [Diagnostic] = []
        do throws(FrontMatterProblem) {
            switch format {
            case .yaml: (entries, problems) = try YAMLFrontMatter.parse(text, firstLine: 1)
            case .json: entries = try JSONFrontMatter.parse(text, firstLine: 1)
            case .toml: entries = try TOMLFrontMatter.parse(text, firstLine: 1)
            case .none: break
            }
        } catch {
            diagnostics.append(.error("syntax", error.message, at: SourceLocation(file: file, line: error.line, column: error.column), hint: error.hint))
        }
        for problem in problems {
            diagnostics.append(.warning("syntax", problem.message, at: SourceLocation(file: file, line: problem.line, column: problem.column), hint: problem.hint))
        }
        let located = entries.map {
            DocumentEntry(key: $0.key, value: $0.value, location: SourceLocation(file: file, line: $0.line, column: $0.column))
        }
        return (located, diagnostics)
    }
}

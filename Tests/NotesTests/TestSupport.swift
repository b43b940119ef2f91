import Diagnostics
@testable import Notes

/// Parses `text` as the note `note.md`.
func parse(_ text: String) -> ParsedFrontMatter {
    FrontMatterParser.parse(text, file: "note.md")
}

extension ParsedFrontMatter {
    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    /// `line:column` of every diagnostic, for exact position checks that print well on failure.
    var positions: [String] { diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0)" } }
}

extension FrontMatter {
    /// The value of `key` in `extra`.
    subscript(extra key: String) -> FrontMatterValue? { extraValue(forKey: key) }
}

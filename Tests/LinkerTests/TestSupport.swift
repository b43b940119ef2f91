import Foundation
@testable import Linker
import Markdown
import Notes

/// Parsed notes from `(path, text)` pairs, sorted by path as the loader sorts them.
func parsedNotes(_ files: [(String, String)]) -> [ParsedNote] {
    files.sorted { NotePath($0.0) < NotePath($1.0) }.map { path, text in
        let file = SourceFile(path: NotePath(path), url: URL(fileURLWithPath: "/vault/" + path), bytes: Array(text.utf8))
        return ParsedNote.parse(Note.load(file), policy: .optOut, includeDrafts: false)
    }
}

/// The whole link phase over `(path, text)` pairs.
func linkedVault(_ files: [(String, String)], glossary: Glossary? = nil) -> LinkedVault {
    let notes = parsedNotes(files)
    let catalog = ConceptCatalog.build(notes: notes, glossary: glossary)
    return Linker.link(notes: notes, assets: [:], concepts: catalog)
}

extension ConceptCatalog {
    /// The concept named `name` (any of its names); fails the test's expectation by returning nil.
    func named(_ name: String) -> Concept? {
        concept(named: name).map { concepts[$0] }
    }

    /// Mentions of the concept named `name`, by note path.
    func mentionCounts(of name: String, in notes: [ParsedNote]) -> [String: Int] {
        guard let c = concept(named: name) else { return [:] }
        var out: [String: Int] = [:]
        for m in mentions[c] { out[notes[m.note].path.string] = m.count }
        return out
    }
}

extension MentionMatcher {
    /// The names found in `text`, as written there.
    func found(in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return matches(in: scalars, range: 0..<scalars.count).map {
            String(String.UnicodeScalarView(scalars[$0.range]))
        }
    }
}

public import Diagnostics

/// A note after the parse phase's first step: its front matter decoded and its Markdown body
/// split off, with every problem found so far.
public struct Note: Sendable {
    /// The path relative to the content folder; also the file name in diagnostics.
    public var path: NotePath
    /// The decoded front matter; `.empty` when there is none or it could not be read.
    public var frontMatter: FrontMatter
    /// The Markdown after the front matter.
    public var body: String
    /// The 1-based file line where `body` starts; add it (minus one) to body line numbers.
    public var bodyStartLine: Int
    /// Problems found while decoding the file and its front matter.
    public var diagnostics: [Diagnostic]

    /// Assembles a note, for tests and callers that decode notes themselves.
    public init(path: NotePath, frontMatter: FrontMatter, body: String, bodyStartLine: Int, diagnostics: [Diagnostic]) {
        self.path = path
        self.frontMatter = frontMatter
        self.body = body
        self.bodyStartLine = bodyStartLine
        self.diagnostics = diagnostics
    }

    /// Decodes the file's bytes and splits off its front matter. A file that is not UTF-8 becomes
    /// an empty note carrying the `invalid-utf8` error, so the build can report it and go on.
    ///
    /// The front matter is split off the decoded bytes (`FrontMatterParser.parse(utf8:isASCII:file:)`),
    /// so that the body is the one copy of the note's text: a string of the whole text, cut
    /// into pieces and dropped, was one more copy of every note.
    public static func load(_ file: SourceFile) -> Note {
        let decoded = TextDecoding.decode(file.bytes, file: file.path.string) { text, isASCII in
            FrontMatterParser.parse(utf8: text, isASCII: isASCII, file: file.path.string)
        }
        switch decoded {
        case .failure(let diagnostic):
            return Note(path: file.path, frontMatter: .empty, body: "", bodyStartLine: 1, diagnostics: [diagnostic])
        case .success(let parsed):
            return Note(path: file.path, frontMatter: parsed.frontMatter, body: parsed.body,
                        bodyStartLine: parsed.bodyStartLine, diagnostics: parsed.diagnostics)
        }
    }

    /// The title to show: the front matter's `title`, else the text of the note's first `#`
    /// heading (which the Markdown phase finds), else the file name without its extension.
    public func title(firstHeading: String?) -> String {
        if let title = frontMatter.title, !title.isEmpty { return title }
        if let heading = firstHeading?.trimmingCharacters(in: .whitespacesAndNewlines), !heading.isEmpty {
            return heading
        }
        return path.stem
    }

    /// Where the note's page goes: the front matter's `permalink` (or `dg-permalink`) when
    /// given, else the clean URL derived from the note's path.
    public var permalink: Permalink {
        if let written = frontMatter.permalink, !written.trimmingHorizontalSpace().isEmpty {
            return Permalink.fromFrontMatter(written)
        }
        return Permalink.forNote(at: path)
    }
}

import Foundation

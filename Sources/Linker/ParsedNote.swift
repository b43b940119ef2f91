public import Diagnostics
public import Markdown
public import Notes

/// A note after the parse phase: its front matter, its Markdown tree, and the facts every later
/// phase reads (title, permalink, whether it is published).
public struct ParsedNote: Sendable {
    public var note: Note
    public var document: MarkdownDocument
    public var title: String
    public var permalink: Permalink
    public var isPublished: Bool

    public init(note: Note, document: MarkdownDocument, title: String, permalink: Permalink, isPublished: Bool) {
        self.note = note
        self.document = document
        self.title = title
        self.permalink = permalink
        self.isPublished = isPublished
    }

    /// Parses a loaded note's body and settles its title, permalink and publication.
    /// `linkContexts: false` leaves every link's context nil (`MarkdownParser.parse(linkContexts:)`):
    /// for a caller that gathers no backlinks and renders no page.
    public static func parse(_ note: Note, policy: PublishPolicy, includeDrafts: Bool, linkContexts: Bool = true) -> ParsedNote {
        let document = MarkdownParser.parse(note.body, file: note.path.string, firstLine: note.bodyStartLine,
                                            linkContexts: linkContexts)
        return ParsedNote(note: note, document: document,
                          title: note.title(firstHeading: document.firstTitleHeading),
                          permalink: note.permalink,
                          isPublished: note.frontMatter.isPublished(policy: policy, includeDrafts: includeDrafts))
    }

    public var path: NotePath { note.path }

    /// Every diagnostic the load and parse phases found in this note.
    public var diagnostics: [Diagnostic] { note.diagnostics + document.diagnostics }
}

public import Diagnostics
public import Markdown
public import Notes

/// An idea the notes talk about, with every name it goes by and every place that defines it.
public struct Concept: Sendable {
    /// The identity key of `name` (see `ConceptName.key`); the concept's node key in the graph.
    public var key: String
    /// The name shown: the glossary's, else an acronym written with its long form, else the
    /// spelling the notes use most.
    public var name: String
    /// The other spellings, in byte order.
    public var aliases: [String]
    /// `concepts/<slug>/`.
    public var permalink: Permalink
    /// Where notes define it, in note order, then position in the note.
    public var definitions: [ConceptDefinition]
    /// Whether the glossary names it.
    public var inGlossary: Bool

    /// Every name, `name` first.
    public var names: [String] { [name] + aliases }
}

/// One place where a note defines a concept.
public struct ConceptDefinition: Sendable {
    /// What made it a definition.
    public enum Source: String, Sendable, Hashable, Comparable {
        /// The note's title (or its leading `# Title`).
        case title
        /// The note's `aliases`.
        case alias
        /// The note's `concepts:` front matter.
        case frontMatter
        /// A heading: a term (`## Dropout`) or an acronym with its long form.
        case heading
        /// `**Term**: …` at the start of a paragraph or list item.
        case boldTerm
        /// `Long Form (ABBR)` in running text.
        case acronym

        /// Which definition of one note and section is shown: the most explicit one.
        var strength: Int {
            switch self {
            case .boldTerm: 5
            case .acronym: 4
            case .heading: 3
            case .frontMatter: 2
            case .title: 1
            case .alias: 0
            }
        }

        /// Whether it names what the note as a whole is about (its title, aliases, `concepts:`)
        /// rather than what one part of it explains: a link to the whole note leads there, and
        /// the autolinker never links it anywhere in the note.
        var namesTheNote: Bool { self == .title || self == .alias || self == .frontMatter }

        public static func < (a: Source, b: Source) -> Bool { a.strength < b.strength }
    }

    /// The defining note (an index into `LinkedVault.notes`).
    public var note: Int
    /// The heading id of the defining section; nil when the note as a whole defines it.
    public var anchor: String?
    public var source: Source
    /// The paragraph that says what the concept is: the section's first paragraph, the bold
    /// term's paragraph, or the note's first paragraph. Its links and math index into the
    /// defining note's document.
    public var excerpt: Block?
    public var location: SourceLocation
}

/// The plain-text mentions of one concept in one note.
public struct ConceptMention: Sendable, Hashable {
    public var note: Int
    /// Every occurrence of a name outside the note's own defining sections, linked or not.
    public var count: Int
    /// Occurrences that are not the text of a link.
    public var unlinkedCount: Int
    /// The sentences around the first few unlinked occurrences, the name as `match`.
    public var contexts: MentionContexts
}

/// A link that leads to a concept: to its page (`[[ELBO]]` when no note is called that), or to a
/// note, or a section of one, that defines it.
public struct ConceptLink: Sendable, Hashable {
    /// The linking note.
    public var note: Int
    /// The index of the link in that note's `document.links`.
    public var occurrence: Int
}

/// A concept related to another, and how strongly.
public struct RelatedConcept: Sendable, Hashable {
    public var concept: Int
    public var weight: Double
}

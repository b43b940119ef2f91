/// Which syntax a note's front matter was written in.
public enum FrontMatterFormat: String, Sendable {
    /// No front matter, or one that could not be split off.
    case none
    /// `---` fences around YAML.
    case yaml
    /// `---` fences around a JSON object (the Obsidian digital-garden plugin's output).
    case json
    /// `+++` fences around TOML (Hugo, Zola).
    case toml
}

/// Whether notes are published unless they say otherwise, or only when they ask to be.
public enum PublishPolicy: String, Sendable {
    /// Every note is published unless it is a draft or says `publish: false`.
    case optOut = "opt-out"
    /// Only notes with `publish: true` (or `dg-publish: true`) are published.
    case optIn = "opt-in"
}

/// The metadata block at the top of a note, decoded into the keys notegraph understands, with
/// every other key kept in `extra`. The same whichever syntax it was written in, so later phases
/// never care whether a note came from Obsidian, Jekyll or Hugo.
public struct FrontMatter: Sendable, Hashable {
    /// The syntax it was written in; `.none` when the note has none.
    public var format: FrontMatterFormat
    /// `title`.
    public var title: String?
    /// `date`, else `created`.
    public var date: NoteDate?
    /// `updated`, else `modified`, `lastmod`, `last_modified_at`.
    public var updated: NoteDate?
    /// `tags` or `tag`: a list, or one string of words separated by spaces or commas. A leading
    /// `#` is dropped, duplicates are dropped, order is kept.
    public var tags: [String]
    /// `categories` or `category`, read like `tags`.
    public var categories: [String]
    /// `aliases` or `alias`: a list, or one string (split only on commas, since an alias may
    /// contain spaces).
    public var aliases: [String]
    /// `description`.
    public var description: String?
    /// `permalink`, else `dg-permalink`: the page's URL path as written.
    public var permalink: String?
    /// `draft`; false when absent.
    public var draft: Bool
    /// `publish`, else `dg-publish`; nil when absent.
    public var publish: Bool?
    /// Every other key, in source order, for templates and the knowledge graph.
    public var extra: [FrontMatterValue.Entry]

    /// A front matter with the given fields; everything not given has its default.
    public init(
        format: FrontMatterFormat = .none,
        title: String? = nil,
        date: NoteDate? = nil,
        updated: NoteDate? = nil,
        tags: [String] = [],
        categories: [String] = [],
        aliases: [String] = [],
        description: String? = nil,
        permalink: String? = nil,
        draft: Bool = false,
        publish: Bool? = nil,
        extra: [FrontMatterValue.Entry] = []
    ) {
        self.format = format
        self.title = title
        self.date = date
        self.updated = updated
        self.tags = tags
        self.categories = categories
        self.aliases = aliases
        self.description = description
        self.permalink = permalink
        self.draft = draft
        self.publish = publish
        self.extra = extra
    }

    /// A note without front matter.
    public static let empty = FrontMatter()

    /// The value of a key kept in `extra`, matched exactly; nil when absent.
    public func extraValue(forKey key: String) -> FrontMatterValue? {
        extra.first { $0.key == key }?.value
    }

    /// Whether the note belongs in the built site.
    ///
    /// `publish: false` (or `dg-publish: false`) always wins, so an author can hide a note under
    /// any policy; a draft is hidden unless drafts are included; under `.optIn` a note must say
    /// `publish: true`.
    public func isPublished(policy: PublishPolicy, includeDrafts: Bool) -> Bool {
        if publish == false { return false }
        if draft && !includeDrafts { return false }
        switch policy {
        case .optOut: return true
        case .optIn: return publish == true
        }
    }
}

/// What the site's search box can find: how much of each note the index holds.
public enum SearchMode: String, Sendable, CaseIterable {
    /// Titles, aliases, tags, headings and the text of every section: a word anywhere in a note
    /// finds it. The index holds about the notes' size in text.
    case full
    /// Titles, aliases, tags and headings only: a small index for a vault of thousands of notes.
    case titles
    /// No search box and no index.
    case none
}

/// One thing the search box can lead to: a note, a concept or a tag page.
public struct SearchDocument: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case note, concept, tag
    }

    /// A stretch of a note under one heading; the first has no heading (the text above the
    /// first heading, under the page's title).
    public struct Section: Sendable, Equatable {
        /// The heading's plain text; empty for the first section.
        public var heading: String
        /// The heading's fragment as hrefs write it (percent-encoded); empty for the first section.
        public var fragment: String
        /// The section's plain text as UTF-8, whitespace collapsed; empty in `titles` mode.
        /// Bytes, not a String: gathered from strings' own bytes, they are valid UTF-8, and
        /// making a String of them checked each byte again (a vault's worth of text).
        public var utf8Text: [UInt8]
        /// The section's plain text.
        public var text: String { String(decoding: utf8Text, as: UTF8.self) }

        /// Whether `utf8Text` holds a byte a JSON string must escape (or may: 0xE2 leads
        /// U+2028 as well as "…"); else the index copies it as it is.
        var needsEscaping: Bool

        public init(heading: String, fragment: String, text: String) {
            let utf8Text = Array(text.utf8)
            self.init(heading: heading, fragment: fragment, utf8Text: utf8Text,
                      needsEscaping: utf8Text.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0xE2 })
        }

        init(heading: String, fragment: String, utf8Text: [UInt8], needsEscaping: Bool) {
            self.heading = heading
            self.fragment = fragment
            self.utf8Text = utf8Text
            self.needsEscaping = needsEscaping
        }
    }

    public var kind: Kind
    public var title: String
    /// The page's href from the site root (`dl/vae/index.html`), which the page's script
    /// prefixes with its own way to the root.
    public var href: String
    /// Where it lives, shown under the title: the note's folder, empty for the others.
    public var folder: String
    public var tags: [String]
    public var aliases: [String]
    public var sections: [Section]

    public init(kind: Kind, title: String, href: String, folder: String = "", tags: [String] = [], aliases: [String] = [],
                sections: [Section] = []) {
        self.kind = kind
        self.title = title
        self.href = href
        self.folder = folder
        self.tags = tags
        self.aliases = aliases
        self.sections = sections
    }
}

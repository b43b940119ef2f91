public import Foundation
public import Notes
public import SearchIndex

/// The language of the interface strings (headings such as "Backlinks"), not of the notes.
public enum InterfaceLanguage: String, Sendable {
    case en, ko
}

/// Everything the site generator needs, as plain values. The pipeline has already rendered each
/// note's Markdown to HTML (with links relative to the note's own page) and resolved every link.
public struct SiteInput: Sendable {
    /// The site title, shown in the header and in every page's `<title>`.
    public var title: String
    public var description: String?
    /// The absolute URL the site is published under, e.g. `https://me.github.io/notes/`.
    /// `sitemap.xml` and `atom.xml` are written only when it is set.
    public var baseURL: String?
    public var language: InterfaceLanguage
    /// Links to pages end in `index.html` (works straight from disk) rather than in `/`.
    public var directoryIndex: Bool
    /// Published notes only. A note whose permalink is the root is the home page's body.
    public var notes: [NotePage]
    /// Files the notes reference, copied as they are.
    public var assets: [AssetFile]
    /// Further pages (concept pages and the like), each rendered with a named theme template.
    public var extraPages: [ExtraPage]
    /// The most central concepts, most central first, shown on the index page.
    public var centralConcepts: [ExtraPageLink] = []
    /// Pages load KaTeX (its files are among `assets`, under `assets/katex/`) to render the TeX
    /// left in `math` spans. Off by default: the site then runs no script at all.
    public var katex: Bool = false
    /// Files of the site written by someone else (the graph's `graph.dot`, `.json` and
    /// `.graphml`, which the build writes as they are made): no page may take their place.
    /// A note with `permalink: /graph.json` failed the build with an unlocated "appears twice".
    public var writtenElsewhere: [(path: String, origin: String)] = []
    /// The feed's `<updated>`; nil means the newest note date. The clock is never read, so two
    /// builds of the same input give the same bytes.
    public var buildDate: NoteDate?
    /// The search box and its index (`search-index.js`); none when nil or `.none`.
    public var search: SearchInput?
    /// `search` when the site has a search box and index: not nil, not `.none`.
    var searchIndex: SearchInput? {
        guard let search, search.mode != .none else { return nil }
        return search
    }

    public init(title: String, description: String? = nil, baseURL: String? = nil,
                language: InterfaceLanguage = .en, directoryIndex: Bool = true,
                notes: [NotePage] = [], assets: [AssetFile] = [], extraPages: [ExtraPage] = [],
                buildDate: NoteDate? = nil) {
        self.title = title
        self.description = description
        self.baseURL = baseURL
        self.language = language
        self.directoryIndex = directoryIndex
        self.notes = notes
        self.assets = assets
        self.extraPages = extraPages
        self.buildDate = buildDate
    }
}

/// One published note, ready to be placed in a page.
///
/// Its values are held in one object (`Storage`) that every copy shares: the site model puts
/// each page in several lists (sorted, by folder, by tag, recent), and a copy of a struct of
/// some twenty strings and arrays retained each of them, and released each again (tens of
/// thousands of copies a build). A copy now retains one object. The values are the object's
/// constants, so reading one checks no exclusive access; a setter, rare after the page is made,
/// puts a new object with the value changed in place of the old one, which copies share.
/// `localGraph`, set on every page once the pages are made, is kept beside the object.
/// What the site's search index holds: the mode, and the entries of the notes and concepts,
/// made when the index is written, on a thread beside the pages (`NotePages.searchDocuments`).
/// The tag pages' entries are the generator's own.
///
/// The entries come in batches, in order, each handed to `batch` as it is made: the index is
/// written batch by batch, and no more than a batch of entries is in memory at once.
public struct SearchInput: Sendable {
    public var mode: SearchMode
    public var documents: @Sendable (_ batch: ([SearchDocument]) throws -> Void) throws -> Void

    public init(mode: SearchMode, batches: @escaping @Sendable (_ batch: ([SearchDocument]) throws -> Void) throws -> Void) {
        self.mode = mode
        self.documents = batches
    }
}

public struct NotePage: Sendable {
    /// Every value but `localGraph`, as the struct held them.
    struct Fields: Sendable {
        var path: NotePath
        var permalink: Permalink
        var title: String
        var titleHTML: String?
        /// The id of the note's `# Title` heading when the page heading stands in for it, so
        /// `[x](#title)` and `[[Note#Title]]` land on the page heading; nil when none was dropped.
        var titleID: String? = nil
        var description: String?
        var date: NoteDate?
        var updated: NoteDate?
        var tags: [String]
        var toc: [TocEntry]
        var bodyUTF8: [UInt8]
        /// Renders the body when it is read, in place of `bodyUTF8` (`NotePages`): a body is
        /// made on the thread that writes its page, and freed with the page, where rendering
        /// every body first held a site's worth of HTML (90 MB at 10,000 notes) in memory
        /// until the last page was written.
        var deferredBody: (@Sendable () -> [UInt8])? = nil
        var backlinks: [Backlink]
        var outgoing: [OutgoingLink]
        var frontMatter: [FrontMatterValue.Entry]
        var sourceLine: Int
        var concepts: [NoteConcept]
        /// `permalink` encoded once per build (`NotePages.LinkTargets`), for the lists that
        /// link the note (tag pages, the index); nil for a page made elsewhere. Derived from
        /// the permalink, and used only while it is that permalink's (`PageLinks.href(_:via:)`).
        var target: Permalink.HrefTarget? = nil
    }

    /// The values, shared by copies and never changed in place.
    final class Storage: Sendable {
        let fields: Fields
        /// `date`, and `updated` when it is another date, as templates see them
        /// (`TemplateValues.date`): made once for the page, where every list showing the note
        /// (its own page, the index, each of its tags' pages) made them again, some 1,900
        /// instructions a date, and freed them with the list.
        let dateValue: TemplateValue?
        let updatedValue: TemplateValue?

        init(_ fields: Fields) {
            self.fields = fields
            dateValue = fields.date.map(TemplateValues.date)
            if let updated = fields.updated, updated != fields.date {
                updatedValue = TemplateValues.date(updated)
            } else {
                updatedValue = nil
            }
        }
    }

    private var storage: Storage

    /// Changes the values through a new object: another copy of the page may share the old one.
    private mutating func update(_ change: (inout Fields) -> Void) {
        var fields = storage.fields
        change(&fields)
        storage = Storage(fields)
    }

    public var path: NotePath {
        get { storage.fields.path }
        set { update { $0.path = newValue } }
    }
    public var permalink: Permalink {
        get { storage.fields.permalink }
        set { update { $0.permalink = newValue } }
    }
    /// The title as plain text (used in `<title>`, lists, feeds).
    public var title: String {
        get { storage.fields.title }
        set { update { $0.title = newValue } }
    }
    /// The title with inline markup or math as HTML, for the page heading; nil means the escaped
    /// plain title.
    public var titleHTML: String? {
        get { storage.fields.titleHTML }
        set { update { $0.titleHTML = newValue } }
    }
    /// The id the page heading carries: the dropped `# Title` heading's (see `Fields.titleID`).
    public var titleID: String? {
        get { storage.fields.titleID }
        set { update { $0.titleID = newValue } }
    }
    public var description: String? {
        get { storage.fields.description }
        set { update { $0.description = newValue } }
    }
    public var date: NoteDate? {
        get { storage.fields.date }
        set { update { $0.date = newValue } }
    }
    public var updated: NoteDate? {
        get { storage.fields.updated }
        set { update { $0.updated = newValue } }
    }
    public var tags: [String] {
        get { storage.fields.tags }
        set { update { $0.tags = newValue } }
    }
    public var toc: [TocEntry] {
        get { storage.fields.toc }
        set { update { $0.toc = newValue } }
    }
    /// The rendered body; trusted HTML, inserted as is.
    public var bodyHTML: String {
        get { String(decoding: bodyUTF8, as: UTF8.self) }
        set { bodyUTF8 = Array(newValue.utf8) }
    }
    /// `bodyHTML` as UTF-8, as it is kept: the renderer writes a body as bytes and the page
    /// takes it as bytes (`HTMLRenderer.renderUTF8`), so a body that is never read as a string
    /// (the feeds read it) is never made one. A page from `NotePages` renders its body here,
    /// each time it is read (once for its page; again for the home page or a feed entry).
    public var bodyUTF8: [UInt8] {
        get { storage.fields.deferredBody?() ?? storage.fields.bodyUTF8 }
        set { update { $0.bodyUTF8 = newValue; $0.deferredBody = nil } }
    }
    public var backlinks: [Backlink] {
        get { storage.fields.backlinks }
        set { update { $0.backlinks = newValue } }
    }
    public var outgoing: [OutgoingLink] {
        get { storage.fields.outgoing }
        set { update { $0.outgoing = newValue } }
    }
    /// The note's front matter in source order, offered to templates as `note.frontMatter`.
    public var frontMatter: [FrontMatterValue.Entry] {
        get { storage.fields.frontMatter }
        set { update { $0.frontMatter = newValue } }
    }
    /// The line the note's body starts on, for error messages.
    public var sourceLine: Int {
        get { storage.fields.sourceLine }
        set { update { $0.sourceLine = newValue } }
    }
    /// The note's local graph (see `GraphPages`), offered to templates as `note.localGraph`;
    /// drawn when the page is rendered, so a site's pictures are not all held in memory at once.
    public var localGraph: (@Sendable () -> GraphPicture?)?
    /// Context made when the page is rendered, after `context` (its keys win): for values still
    /// being made elsewhere, such as the graph page's picture, which Graphviz draws in its own
    /// process while the other pages render.
    public var lateContext: (@Sendable () -> [String: any Sendable])?
    /// The concepts the note defines, then those it mentions, offered as `note.concepts`.
    public var concepts: [NoteConcept] {
        get { storage.fields.concepts }
        set { update { $0.concepts = newValue } }
    }
    /// The note's page as a link target encoded once (see `Fields.target`).
    var target: Permalink.HrefTarget? { storage.fields.target }
    /// Which page this is for the site's tables of its notes (`SiteModel`): its storage,
    /// which copies share and any change replaces.
    var identity: ObjectIdentifier { ObjectIdentifier(storage) }
    /// `date` as templates see it, made once (`Storage.dateValue`).
    var dateValue: TemplateValue? { storage.dateValue }
    /// `updated` as templates see it when it is not `date` (else nil), made once.
    var updatedValue: TemplateValue? { storage.updatedValue }

    /// `dateValue` and `updatedValue` for pages in `language`: the English ones are made once
    /// with the page; another language's are made where they are shown.
    func dateValues(in language: InterfaceLanguage) -> (date: TemplateValue?, updated: TemplateValue?) {
        guard language != .en else { return (storage.dateValue, storage.updatedValue) }
        return (storage.dateValue == nil ? nil : storage.fields.date.map { TemplateValues.date($0, language: language) },
                storage.updatedValue == nil ? nil : storage.fields.updated.map { TemplateValues.date($0, language: language) })
    }

    public init(path: NotePath, permalink: Permalink, title: String, titleHTML: String? = nil,
                description: String? = nil, date: NoteDate? = nil, updated: NoteDate? = nil,
                tags: [String] = [], toc: [TocEntry] = [], bodyHTML: String,
                backlinks: [Backlink] = [], outgoing: [OutgoingLink] = [],
                frontMatter: [FrontMatterValue.Entry] = [], sourceLine: Int = 1) {
        self.init(Fields(path: path, permalink: permalink, title: title, titleHTML: titleHTML,
                         description: description, date: date, updated: updated, tags: tags, toc: toc,
                         bodyUTF8: Array(bodyHTML.utf8), backlinks: backlinks, outgoing: outgoing,
                         frontMatter: frontMatter, sourceLine: sourceLine, concepts: []))
    }

    /// A page of these values, made at once (`NotePages` has every one of them in hand).
    init(_ fields: Fields) {
        storage = Storage(fields)
    }
}

/// A concept a note defines or mentions, for its "concepts in this note" list.
public struct NoteConcept: Sendable, Hashable {
    public var name: String
    /// The concept's page.
    public var permalink: Permalink
    /// The note defines it (rather than only mentioning it).
    public var isDefined: Bool
    /// `permalink` encoded once per build (by `NotePages`, which every note naming the concept
    /// shares it from); nil for a concept made elsewhere, whose link is made from `permalink`.
    /// Derived from `permalink`, so left out of equality and hashing.
    @Derived var target: Permalink.HrefTarget? = nil

    public init(name: String, permalink: Permalink, isDefined: Bool) {
        self.name = name
        self.permalink = permalink
        self.isDefined = isDefined
    }
}

/// A heading of a note, for its table of contents.
public struct TocEntry: Sendable, Hashable {
    /// 1 to 6, as in `<h1>`–`<h6>`.
    public var level: Int
    /// Plain text of the heading.
    public var text: String
    /// The heading's `id`, without `#`.
    public var anchor: String

    public init(level: Int, text: String, anchor: String) {
        self.level = level
        self.text = text
        self.anchor = anchor
    }
}

/// A link to this note from another one, with the sentence around it. The sentence is split in
/// three so the template can mark the link text: `contextBefore` `<mark>contextMatch</mark>`
/// `contextAfter`. All three are plain text.
public struct Backlink: Sendable, Hashable {
    public var sourceTitle: String
    public var sourcePermalink: Permalink
    public var contextBefore: String
    public var contextMatch: String
    public var contextAfter: String
    /// `sourcePermalink` encoded once per build (by `NotePages`, from the targets every page
    /// linking the source shares); nil for a backlink made elsewhere, whose link is made from
    /// `sourcePermalink`. Derived from it, so left out of equality and hashing.
    @Derived var sourceTarget: Permalink.HrefTarget? = nil

    public init(sourceTitle: String, sourcePermalink: Permalink,
                contextBefore: String, contextMatch: String, contextAfter: String) {
        self.sourceTitle = sourceTitle
        self.sourcePermalink = sourcePermalink
        self.contextBefore = contextBefore
        self.contextMatch = contextMatch
        self.contextAfter = contextAfter
    }

    /// A backlink whose sentence has nothing to mark.
    public init(sourceTitle: String, sourcePermalink: Permalink, context: String) {
        self.init(sourceTitle: sourceTitle, sourcePermalink: sourcePermalink,
                  contextBefore: context, contextMatch: "", contextAfter: "")
    }

    /// The whole sentence.
    public var context: String { contextBefore + contextMatch + contextAfter }
}

/// A link from this note to another published note (or a heading in one).
public struct OutgoingLink: Sendable, Hashable {
    public var title: String
    public var permalink: Permalink
    public var fragment: String?
    /// `permalink` encoded once per build, as `Backlink.sourceTarget`; left out of equality
    /// and hashing.
    @Derived var target: Permalink.HrefTarget? = nil

    public init(title: String, permalink: Permalink, fragment: String? = nil) {
        self.title = title
        self.permalink = permalink
        self.fragment = fragment
    }
}

/// A value worked out from a value's other properties and carried along to save working it out
/// again (a permalink encoded once as a link target): equal to any other and hashed as nothing,
/// so the value it is part of compares and hashes by what it was derived from, with the
/// `Equatable` and `Hashable` Swift writes.
@propertyWrapper
struct Derived<Value: Sendable>: Sendable, Hashable {
    var wrappedValue: Value

    init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }

    static func == (a: Derived, b: Derived) -> Bool { true }

    func hash(into hasher: inout Hasher) {}
}

/// A file a note references (an image, a PDF), copied from `source` to `permalink`.
public struct AssetFile: Sendable, Hashable {
    public var source: URL
    public var permalink: Permalink

    public init(source: URL, permalink: Permalink) {
        self.source = source
        self.permalink = permalink
    }
}

/// A page that is not a note, rendered with the theme template `template` (its name without
/// `.mustache`, e.g. `concept` for `concept.mustache`) and then wrapped in the layout.
///
/// `context` is offered to the template at the top level, beside the standard keys (`site`,
/// `labels`, `root`, `page`, `lang`), which win on a clash. Values are converted for the template:
/// a `Permalink` becomes a relative href from this page, a `NoteDate` a date object
/// (`day`, `datetime`, `rfc3339`), a `FrontMatterValue` its template value, and dictionaries and
/// arrays are converted element by element. An `ExtraPageLink` becomes `{title, href}`.
public struct ExtraPage: Sendable {
    public var permalink: Permalink
    public var template: String
    public var title: String
    public var context: [String: any Sendable]
    /// The page's local graph, drawn when the page is rendered; it reaches the template as
    /// `localGraph` (`partials/local-graph.mustache`), as on note pages.
    public var localGraph: (@Sendable () -> GraphPicture?)?
    /// Context made when the page is rendered, after `context` (its keys win): for values still
    /// being made elsewhere, such as the graph page's picture, which Graphviz draws in its own
    /// process while the other pages render.
    public var lateContext: (@Sendable () -> [String: any Sendable])?
    /// Context made only when the page is rendered, as template values with the page's links
    /// at hand, and dropped right after: tens of thousands of concept pages must not all hold
    /// their lists in memory at once. For the module's own pages (concept pages). Its keys win
    /// over `context`'s.
    var values: (@Sendable (PageLinks) -> TemplateContext)?

    public init(permalink: Permalink, template: String, title: String, context: [String: any Sendable] = [:]) {
        self.permalink = permalink
        self.template = template
        self.title = title
        self.context = context
    }
}

/// A link for an extra page's context: becomes `{title, href}` with the href relative to the page.
public struct ExtraPageLink: Sendable, Hashable {
    public var title: String
    public var permalink: Permalink
    public var fragment: String?

    public init(title: String, permalink: Permalink, fragment: String? = nil) {
        self.title = title
        self.permalink = permalink
        self.fragment = fragment
    }
}

/// One file of the finished site.
public struct OutputFile: Sendable, Hashable {
    public enum Contents: Sendable, Hashable {
        /// Bytes to write.
        case data([UInt8])
        /// A file to copy as it is.
        case copy(URL)
    }

    /// Relative to the output folder, `/`-separated, NFC: `dl/vae/index.html`.
    public var path: String
    public var contents: Contents

    public init(path: String, contents: Contents) {
        self.path = path
        self.contents = contents
    }
}

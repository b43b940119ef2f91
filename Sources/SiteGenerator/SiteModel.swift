import Diagnostics
import Foundation
import Notes

/// What every page of one build shares, computed once before pages render in parallel: the
/// notes in their display orders, the tags, the labels.
struct SiteModel: Sendable {
    struct Tag: Sendable {
        var slug: String
        /// The spelling shown: the first in byte order among the spellings that share the slug.
        var name: String
        var permalink: Permalink
        /// Sorted by path.
        var notes: [NotePage]
        /// `permalink` encoded once, with its links from the pages that link tags most made
        /// beforehand (`tagShapes`): every note page links its tags, and every list of notes
        /// each note's tags.
        var target: Permalink.HrefTarget? = nil
    }

    /// The pages that link a tag, as they stand to it: note pages and the index up to five
    /// folders deep outside `tags/`, and the other tags' pages (`tags/<slug>/` to
    /// `tags/<other>/`).
    static let tagShapes = (0...5).map { Permalink.HrefTarget.Shape(shared: 0, climb: $0) } + [Permalink.HrefTarget.Shape(shared: 1, climb: 1)]

    struct Folder: Sendable {
        /// The folder in the content tree, `dl/gan`; empty for the top level.
        var path: String
        /// Sorted by path.
        var notes: [NotePage]
    }

    let input: SiteInput
    let labels: [String: String]
    /// `labels` as one template value, made once for every page.
    let labelValues: TemplateValue
    /// `site {title, description?, baseURL?, katex?, search?}`, the same on every page: made once.
    let siteValue: TemplateValue
    /// The base URL with a trailing slash.
    let baseURL: String?
    /// The note shown as the home page's body.
    let home: NotePage?
    /// Every other note, sorted by path.
    let listed: [NotePage]
    let folders: [Folder]
    /// A page per folder holding published notes whose URL no other page has (`FolderPages`).
    let folderPages: [FolderPage]
    /// The page of each folder, by folder path, for the links to it: its folder page, or the
    /// note whose URL is the folder's (`x/index.md`).
    let folderPermalinks: [String: Permalink]
    /// Newest first, undated last; at most `SiteGenerator.recentCount`.
    let recent: [NotePage]
    /// Sorted by name.
    let tags: [Tag]
    let tagsBySlug: [String: Tag]
    /// Each tag as written in some note's front matter, with its slug (`TagPages.slug` of the
    /// trimmed, composed name), found once here: every list of notes shows each note's tags,
    /// and making a slug costs thousands of instructions. Spellings that trim to nothing are
    /// absent. Keys compare as Strings do (canonically equivalent spellings are one key), so
    /// an entry keeps its exact spelling and is used only for that (`slug(ofTag:)`).
    private let tagSlugs: [String: (raw: String, slug: String)]
    /// Each note's tags as positions in `tags`, in the note's order without repeats (what
    /// `tagLinks` makes of `note.tags`), by the note's storage (`NotePage.identity`): found
    /// once here, where every list showing a note looked each of its tags up by spelling and
    /// by slug, two hashed strings a tag, on its own page, the index and each tag's page. The
    /// site holds every note, so an identity stays one note's while the model lives. Notes
    /// without tags are absent.
    private let tagsByNote: [ObjectIdentifier: [Int]]
    /// Whether the site has a concept index (`ConceptPages.index`), linked from the navigation.
    let hasConceptIndex: Bool
    let hasGraphPage: Bool
    let navTargets: Nav
    /// `common`'s keys made so far, by the pages' standing to the navigation.
    let commonKeys = CommonKeys()

    /// `reserved`: output files the site has besides those `input` names (the theme's).
    init(_ input: SiteInput, reserved: Set<String> = []) throws {
        self.input = input
        labels = Labels.table(for: input.language)
        labelValues = .object(TemplateObject(labels.mapValues { TemplateValue.string($0) }))
        hasConceptIndex = input.extraPages.contains { $0.permalink == ConceptPages.index }
        hasGraphPage = input.extraPages.contains { $0.permalink == GraphPages.permalink }
        navTargets = Nav(directoryIndex: input.directoryIndex)
        if let base = input.baseURL?.trimmingCharacters(in: .whitespaces), !base.isEmpty {
            // Made a valid URI once here: every absolute URL of the site starts with it.
            switch BaseURL.normalize(base) {
            case .success(let url): baseURL = url
            case .failure(let problem): throw SiteError(problem.message, hint: problem.hint)
            }
        } else {
            baseURL = nil
        }
        var siteValue: TemplateContext = ["title": .string(input.title)]
        siteValue.set("description", text: input.description)
        siteValue.set("baseURL", text: baseURL)
        if input.katex { siteValue["katex"] = true }
        if input.searchIndex != nil { siteValue["search"] = true }
        self.siteValue = .object(siteValue)

        // Orders are found over indices and the notes copied once: a NotePage is a big value,
        // and sorting ten thousand of them moves each many times.
        let notes = input.notes
        // Paths in natural order (`2주차.md` before `10주차.md`), which is every list of notes by name.
        let sortedOrder = notes.indices.sorted { a, b in
            notes[a].path != notes[b].path ? String.naturallyPrecede(notes[a].path.string, notes[b].path.string)
                : notes[a].permalink < notes[b].permalink
        }
        let sorted = sortedOrder.map { notes[$0] }
        let home = sorted.first { $0.permalink == .root }
        self.home = home
        var listed = sorted
        if let home, let index = listed.firstIndex(where: { $0.path == home.path && $0.permalink == .root }) {
            listed.remove(at: index)
        }
        self.listed = listed

        var byFolder: [String: [NotePage]] = [:]
        for note in listed { byFolder[note.path.folder, default: []].append(note) }
        folders = byFolder.keys.sorted(by: String.naturallyPrecede).map { Folder(path: $0, notes: byFolder[$0]!) }

        let byDate = listed.indices.sorted { a, b in
            SiteModel.newestFirst(date: listed[a].date, path: listed[a].path, date: listed[b].date, path: listed[b].path)
        }
        recent = byDate.prefix(SiteGenerator.recentCount).map { listed[$0] }

        // Notes in path order, the home page among them: each tag's list comes out sorted by path
        // without sorting (and so copying) big NotePage values.
        var bySlug: [String: Tag] = [:]
        var tagSlugs: [String: (raw: String, slug: String)] = [:]
        var slugsByNote: [(note: ObjectIdentifier, slugs: [String])] = []
        slugsByNote.reserveCapacity(sorted.count)
        for note in sorted {
            var slugsOfNote: Set<String> = []
            var slugOrder: [String] = []
            for raw in note.tags {
                let name = raw.trimmingWhitespaceAndNewlines().nfc
                guard !name.isEmpty else { continue }
                let slug = TagPages.slug(for: name)
                if tagSlugs[raw] == nil { tagSlugs[raw] = (raw, slug) }
                // Mutated in place: copying the tag out and back would copy its note list for
                // every note, quadratic in the size of a tag.
                if bySlug[slug] == nil {
                    bySlug[slug] = Tag(slug: slug, name: name, permalink: TagPages.permalink(for: name), notes: [])
                }
                if Theme.byteOrder(name, bySlug[slug]!.name) { bySlug[slug]!.name = name }
                if slugsOfNote.insert(slug).inserted {
                    bySlug[slug, default: Tag(slug: slug, name: name, permalink: TagPages.permalink(for: name), notes: [])].notes.append(note)
                    slugOrder.append(slug)
                }
            }
            if !slugOrder.isEmpty { slugsByNote.append((note.identity, slugOrder)) }
        }
        for slug in bySlug.keys {
            bySlug[slug]!.target = Permalink.HrefTarget(bySlug[slug]!.permalink, preparing: Self.tagShapes,
                                                        directoryIndex: input.directoryIndex)
        }
        tagsBySlug = bySlug
        self.tagSlugs = tagSlugs
        let unsorted = Array(bySlug.values)
        let lowered = unsorted.map { $0.name.lowercased() }
        let tags = unsorted.indices.sorted {
            lowered[$0] != lowered[$1] ? String.naturallyPrecede(lowered[$0], lowered[$1]) : Theme.byteOrder(unsorted[$0].name, unsorted[$1].name)
        }.map { unsorted[$0] }
        self.tags = tags
        var position: [String: Int] = [:]
        for (k, tag) in tags.enumerated() { position[tag.slug] = k }
        var tagsByNote: [ObjectIdentifier: [Int]] = [:]
        tagsByNote.reserveCapacity(slugsByNote.count)
        for (note, slugs) in slugsByNote { tagsByNote[note] = slugs.map { position[$0]! } }
        self.tagsByNote = tagsByNote

        var taken = reserved
        taken.insert("index.html")
        taken.insert("404.html")
        taken.insert(TagPages.index.outputFile)
        for note in notes { taken.insert(note.permalink.outputFile) }
        for tag in tags { taken.insert(tag.permalink.outputFile) }
        for page in input.extraPages { taken.insert(page.permalink.outputFile) }
        for asset in input.assets { taken.insert(asset.permalink.outputFile) }
        for file in input.writtenElsewhere { taken.insert(file.path) }
        folderPages = FolderPages.pages(folders, taken: taken)
        var folderPermalinks: [String: Permalink] = [:]
        for page in folderPages { folderPermalinks[page.path] = page.permalink }
        // A folder whose URL is a note's (`x/index.md` is `x/`) is linked to that note.
        var notesAt: Set<Permalink> = []
        for note in notes { notesAt.insert(note.permalink) }
        for folder in folders where !folder.path.isEmpty {
            var path = folder.path
            while !path.isEmpty {
                if folderPermalinks[path] == nil, notesAt.contains(Permalink(path + "/")) {
                    folderPermalinks[path] = Permalink(path + "/")
                }
                path = FolderPages.parent(of: path)
            }
        }
        self.folderPermalinks = folderPermalinks
    }

    /// By date, newest first; undated notes after dated ones; ties by path.
    static func newestFirst(_ a: NotePage, _ b: NotePage) -> Bool {
        newestFirst(date: a.date, path: a.path, date: b.date, path: b.path)
    }

    static func newestFirst(date a: NoteDate?, path pathA: NotePath, date b: NoteDate?, path pathB: NotePath) -> Bool {
        switch (a, b) {
        case let (x?, y?) where x != y: return x > y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return pathA != pathB && String.naturallyPrecede(pathA.string, pathB.string)
        }
    }

    func links(for page: Permalink) -> PageLinks {
        PageLinks(page: page, directoryIndex: input.directoryIndex, absoluteBase: nil)
    }

    /// The pages every page's navigation links (and local graphs link), as link targets made
    /// once, with their links from pages up to five folders deep (any other is written when
    /// asked).
    struct Nav: Sendable {
        let root: Permalink.HrefTarget
        let tags: Permalink.HrefTarget
        let feed: Permalink.HrefTarget
        let concepts: Permalink.HrefTarget
        let graph: Permalink.HrefTarget
        /// Not in the navigation: the graph's DOT file, which every local graph links.
        let dot: Permalink.HrefTarget

        init(directoryIndex: Bool) {
            func target(_ permalink: Permalink) -> Permalink.HrefTarget {
                Permalink.HrefTarget(permalink, preparing: (0...5).map { Permalink.HrefTarget.Shape(shared: 0, climb: $0) },
                                     directoryIndex: directoryIndex)
            }
            root = target(.root)
            tags = target(TagPages.index)
            feed = target(Permalink("atom.xml"))
            concepts = target(ConceptPages.index)
            graph = target(GraphPages.permalink)
            dot = target(GraphPages.dotFile)
        }
    }

    /// Keys every page and the layout see: `site`, `lang`, `labels`, `root`, `nav`.
    ///
    /// All but `canonicalURL` depend on the page only through its `root` and how it stands to
    /// the navigation's targets (`CommonKeys.Key`), which most pages share with many others:
    /// those keys are made once per such standing and handed out as one shared object (its
    /// names copied only when a page adds its own), where they were made for every page,
    /// some 7,600 instructions each. Links made absolute (the 404 page) are made here.
    func common(_ links: PageLinks) -> TemplateContext {
        guard links.absoluteBase == nil else { return makeCommon(links) }
        let origin = links.origin
        // The way to the root is `../` for each of the page's folders unless a `/` of its path
        // may join a neighbour into one character (`Permalink.slashesStandAlone`): only then is
        // it made, and part of the key.
        let key = CommonKeys.Key(folders: origin.folders, root: links.page.slashesStandAlone ? nil : links.root,
                                 home: navTargets.root.shape(from: origin), tags: navTargets.tags.shape(from: origin),
                                 feed: navTargets.feed.shape(from: origin), concepts: navTargets.concepts.shape(from: origin),
                                 graph: navTargets.graph.shape(from: origin))
        // Found and kept apart, not through a closure making them: one closing over `self`
        // copied the whole model (a retain of each of its parts) on every page.
        var context: TemplateContext
        if let found = commonKeys.keys(for: key) {
            context = found
        } else {
            context = makeCommon(links, canonical: false)
            commonKeys.keep(context, for: key)
        }
        if let baseURL {
            context["canonicalURL"] = .string(links.page.absoluteURL(base: baseURL))
        }
        return context
    }

    /// `common` made afresh, with `canonicalURL` (when there is a base URL) if asked.
    func makeCommon(_ links: PageLinks, canonical: Bool = true) -> TemplateContext {
        var nav: TemplateContext = [
            "home": .string(links.href(navTargets.root)),
            "tags": .string(links.href(navTargets.tags)),
            "allNotes": .string(links.href(navTargets.root, fragment: "ng-all-notes")),
        ]
        if baseURL != nil { nav["feed"] = .string(links.href(navTargets.feed)) }
        if hasConceptIndex { nav["concepts"] = .string(links.href(navTargets.concepts)) }
        if hasGraphPage { nav["graph"] = .string(links.href(navTargets.graph)) }
        var context: TemplateContext = [
            "site": siteValue,
            "lang": .string(input.language.rawValue),
            "labels": labelValues,
            "root": .string(links.root),
            "nav": .object(nav),
        ]
        if canonical, let baseURL {
            context["canonicalURL"] = .string(links.page.absoluteURL(base: baseURL))
        }
        return context
    }

    /// The heading HTML: the note's own, or its escaped plain title.
    func titleHTML(_ note: NotePage) -> String {
        if let html = note.titleHTML, !html.isEmpty { return html }
        return HTMLEscaping.text(note.title)
    }

    /// `{name, href}` for each of the note's tags, in the note's order, without repeats.
    func tagLinks(_ note: NotePage, _ links: PageLinks) -> [TemplateValue] {
        var once = TagLinks(links, remembering: false)
        return tagLinks(note, &once)
    }

    /// The same, taking each tag's link from `made` once one note on the page has linked it.
    func tagLinks(_ note: NotePage, _ made: inout TagLinks) -> [TemplateValue] {
        let tags = note.tags
        guard !tags.isEmpty else { return [] }
        if let positions = tagsByNote[note.identity] {
            var result: [TemplateValue] = []
            result.reserveCapacity(positions.count)
            for t in positions {
                if made.remembers, t < made.byPosition.count, let link = made.byPosition[t] {
                    result.append(link)
                    continue
                }
                let link = tagLink(t, made.links)
                if made.remembers {
                    if made.byPosition.count <= t { made.byPosition += repeatElement(nil, count: t + 1 - made.byPosition.count) }
                    made.byPosition[t] = link
                }
                result.append(link)
            }
            return result
        }
        // Notes carry a handful of tags: the slugs seen are scanned, not hashed into a Set
        // (compared as the Set did, by String equality), and kept on the stack rather than in
        // an array of their own, one per note in every list.
        var result: [TemplateValue] = []
        result.reserveCapacity(tags.count)
        withUnsafeTemporaryAllocation(of: String.self, capacity: tags.count) { seen in
            var seenCount = 0
            defer { _ = seen.baseAddress!.deinitialize(count: seenCount) }
            for raw in tags {
                guard let slug = slug(ofTag: raw) else { continue }
                guard !seen[..<seenCount].contains(slug) else { continue }
                (seen.baseAddress! + seenCount).initialize(to: slug)
                seenCount += 1
                if made.remembers, let link = made.bySlug[slug] {
                    result.append(link)
                    continue
                }
                guard let tag = tagsBySlug[slug] else { continue }
                let link: TemplateValue = .object(TemplateValues.Names.name, .string(tag.name),
                                                  TemplateValues.Names.href, .string(made.links.href(tag.permalink, via: tag.target)))
                if made.remembers { made.bySlug[slug] = link }
                result.append(link)
            }
        }
        return result
    }

    /// `{name, href}` of `tags[t]`, read in place (a copy of a Tag retains its note list).
    private func tagLink(_ t: Int, _ links: PageLinks) -> TemplateValue {
        .object(TemplateValues.Names.name, .string(tags[t].name),
                TemplateValues.Names.href, .string(links.href(tags[t].permalink, via: tags[t].target)))
    }

    /// The tag links one page has made, by slug: a page of note summaries (a tag's page, the
    /// index) links the same few tags hundreds of times, and each link is a relative href and
    /// an object to build. The link depends only on the tag and the page, so it is made once.
    /// A note's own page links its tags once each, and remembers nothing (`remembering: false`).
    struct TagLinks {
        let links: PageLinks
        fileprivate let remembers: Bool
        fileprivate var bySlug: [String: TemplateValue] = [:]
        /// By position in `SiteModel.tags`, for notes whose tags the model knows.
        fileprivate var byPosition: [TemplateValue?] = []

        init(_ links: PageLinks, remembering: Bool = true) {
            self.links = links
            remembers = remembering
        }
    }

    /// The slug of a tag as written, nil when it trims to nothing: from `tagSlugs` when the
    /// site's notes wrote it byte for byte so, else made here.
    func slug(ofTag raw: String) -> String? {
        if let known = tagSlugs[raw], String.sameBytes(known.raw, raw) { return known.slug }
        let name = raw.trimmingWhitespaceAndNewlines().nfc
        guard !name.isEmpty else { return nil }
        return TagPages.slug(for: name)
    }

    /// A note in a list: `{title, titleHTML, href, description?, date?, updated?, tags}`.
    /// On a page that lists many notes, their tags' links are shared (`TagLinks`).
    func summary(_ note: NotePage, _ tagLinks: inout TagLinks) -> TemplateValue {
        typealias N = TemplateValues.Names
        // Room for all eight names at once; each set once, by names fingerprinted once.
        var value = TemplateContext(minimumCapacity: 8)
        value.append(distinct: N.title, .string(note.title))
        value.append(distinct: N.titleHTML, .string(titleHTML(note)))
        value.append(distinct: N.href, .string(tagLinks.links.href(note.permalink, via: note.target)))
        value.append(distinct: N.path, .string(note.path.string))
        value.append(distinct: N.tags, .list(self.tagLinks(note, &tagLinks)))
        value.append(distinct: N.description, text: note.description)
        // Made once with the page (`NotePage.dateValue`), shared by every list showing it.
        let (date, updated) = note.dateValues(in: input.language)
        if let date { value.append(distinct: N.date, date) }
        if let updated { value.append(distinct: N.updated, updated) }
        return .object(value)
    }
}

/// The keys every page shares with the pages that stand as it does to the site root and the
/// navigation's targets (`SiteModel.common`), made once per standing by whichever page first
/// needs them; read and filled from every rendering thread.
final class CommonKeys: @unchecked Sendable {
    /// What the keys depend on: the way up to the root (the page's folders, and its
    /// `upToRoot` when that may differ from `../` for each), and the page's shape towards
    /// each page the navigation links (`Permalink.HrefTarget.Shape`, which decides the link).
    struct Key: Equatable {
        var folders: Int
        var root: String?
        var home: Permalink.HrefTarget.Shape
        var tags: Permalink.HrefTarget.Shape
        var feed: Permalink.HrefTarget.Shape
        var concepts: Permalink.HrefTarget.Shape
        var graph: Permalink.HrefTarget.Shape
    }

    /// A site has a few standings (its folder depths, and the pages inside the navigation's
    /// own folders): they are scanned, and beyond this many more are made and not kept.
    static let limit = 64

    private var made: [(key: Key, keys: TemplateContext)] = []
    private let lock = NSLock()

    /// The keys made for `key`, if any.
    func keys(for key: Key) -> TemplateContext? {
        lock.withLock { made.first { $0.key == key }?.keys }
    }

    /// Keeps `keys`, made for `key`, for the pages after.
    func keep(_ keys: TemplateContext, for key: Key) {
        lock.withLock {
            if made.count < Self.limit, !made.contains(where: { $0.key == key }) { made.append((key, keys)) }
        }
    }
}

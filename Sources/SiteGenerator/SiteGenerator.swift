import Diagnostics
import Dispatch
import Foundation
import Notes
import SearchIndex

/// Turns a `SiteInput` into the files of the site. Pure: it reads nothing but the theme and its
/// input and writes nothing (`SiteWriter` does that); the same input gives the same bytes, in
/// the same order (sorted by path).
///
/// Pages: one per note at its permalink; `index.html` (the note whose permalink is the root, if
/// any, above the notes grouped by folder and the most recent ones); `tags/` and one page per tag
/// at `tags/<slug>/`; `404.html`; each extra page; `search-index.js` when the input has a search
/// (`SearchInput`); and, when `baseURL` is set, `sitemap.xml` and `atom.xml`. Plus the theme's `assets/` and the notes' asset files (copied, not read).
///
/// Two things at one output path are an error (`SiteError`) naming both, rather than a
/// diagnostic: continuing would silently drop one of them.
///
/// ## Template context
///
/// Every page template and the layout see: `site {title, description?, baseURL?, katex?, search?}`
/// (`search` when the site has a search index, `search-index.js`, and its box), `lang`
/// (`en`/`ko`), `labels.*` (see `Labels`), `root` (`../../`, the way to the site root, for
/// `{{root}}assets/…`), `nav {home, tags, allNotes, feed?}` (hrefs), `page {kind, title?,
/// description?}`, `canonicalURL?`; the layout also gets `content` (the page template's output,
/// insert with `{{{content}}}`). Absent values are left out, never `""`, so `{{#x}}` tests work.
/// - `note`: `note {title, titleHTML, titleID? (the id of the `# Title` heading the page heading
///   stands in for), path, folders [{name, href?, isFirst}] (the folders above it), hasFolders, folder?, sourceLine, description?, date?, updated?,
///   tags [{name, href}], hasTags, toc [{level, depth, text, href}], hasToc (two or more
///   headings), bodyHTML, backlinks [{title, href, contexts [{before?, match?, after?}]}],
///   hasBacklinks, outgoing [{title, href}], hasOutgoing, concepts [{name, href, isDefined}],
///   hasConcepts, frontMatter {key: value}}`.
///   Dates are `{day, datetime, rfc3339, original}`.
/// - `index`: `home? {title, titleHTML, titleID?, bodyHTML, description?}`, `recent [summary]`,
///   `folders [{name, path?, isTopLevel, count, notes [summary]}]`, `hasNotes`,
///   `centralConcepts [{title, href}]` (most central first), `hasCentralConcepts`.
/// - `folder`: `folder {name, path, count (notes at any depth), countText {before, count, after},
///   parents [{name, href?}],
///   subfolders [{name, href?, count}], hasSubfolders, notes [summary], hasNotes}`; index
///   `folders` entries have `href` when the folder has a page.
/// - `tag`: `tag {name, href, count, countText {before, count, after} (the count as a phrase:
///   "3 notes", "노트 3개")}`, `tagsHref`, `notes [summary]`.
/// - `tags`: `tags [{name, href, count}]`, `hasTags`.
/// - `404`: the common keys only; its links are absolute when there is a base URL.
/// - extra pages: their own context (converted, see `ExtraPage`) plus the common keys.
///
/// A summary is `{title, titleHTML, href, path, tags, description?, date?, updated?}`.
public struct SiteGenerator: Sendable {
    public let theme: Theme

    /// How many notes the index's "recent" list and the feed show.
    public static let recentCount = 10
    public static let feedCount = 20

    public init(theme: Theme) {
        self.theme = theme
    }

    /// The jobs that make the pages, and the files to copy; paths checked.
    func plan(_ input: SiteInput) throws -> (jobs: [Job], copies: [OutputFile]) {
        let site = try SiteModel(input, reserved: Set(theme.assets.keys))
        // Every job's closure holds the model, and each extra page's its page, through one
        // object (`Shared`): closures holding the structs themselves copied them, a retain of
        // each of their two dozen parts per page, and released them all again after.
        let shared = Shared(site: site, extraPages: input.extraPages)
        var jobs: [Job] = []
        var copies: [(path: String, origin: String, source: URL)] = []

        // First in line: the one job that reads every note, started while the pages are.
        if let search = input.searchIndex {
            jobs.append(Job(path: SearchIndexWriter.fileName, origin: "the search index", streaming: { emit in
                // The stream holds `emit` only while this closure runs.
                try withoutActuallyEscaping(emit) { emit in
                    var stream = SearchIndexWriter.Stream(mode: search.mode, emit: emit)
                    try search.documents { try stream.append($0) }
                    try stream.append(Self.searchDocuments(ofTags: shared.site))
                    try stream.finish()
                }
            }))
        }

        if let home = site.home {
            jobs.append(Job(path: "index.html", origin: "the home page (\(home.path), line \(home.sourceLine))",
                            file: home.path.string) { try renderIndex(shared.site) })
        } else {
            jobs.append(Job(path: "index.html", origin: "the home page") { try renderIndex(shared.site) })
        }
        for note in site.listed {
            jobs.append(Job(path: note.permalink.outputFile, origin: "note \(note.path) (line \(note.sourceLine))",
                            file: note.path.string) {
                try renderNote(note, shared.site)
            })
        }
        jobs.append(Job(path: TagPages.index.outputFile, origin: "the tag index") { try renderTagIndex(shared.site) })
        for tag in site.tags {
            jobs.append(Job(path: tag.permalink.outputFile, origin: "the page of tag '\(tag.name)'") { try renderTag(tag, shared.site) })
        }
        for folder in site.folderPages {
            jobs.append(Job(path: folder.permalink.outputFile, origin: "the page of folder '\(folder.path)'") {
                try renderFolder(folder, shared.site)
            })
        }
        jobs.append(Job(path: "404.html", origin: "the 404 page") { try renderNotFound(shared.site) })
        for (i, page) in input.extraPages.enumerated() {
            jobs.append(Job(path: page.permalink.outputFile,
                            origin: "extra page '\(shared.extraPages[i].title)' (template \(shared.extraPages[i].template))") {
                try renderExtra(shared.extraPages[i], shared.site)
            })
        }
        if site.baseURL != nil {
            jobs.append(Job(path: "sitemap.xml", origin: "the sitemap") { Array(Feeds.sitemap(shared.site).utf8) })
            jobs.append(Job(path: "atom.xml", origin: "the Atom feed") { Array(Feeds.atom(shared.site).utf8) })
        }
        for (path, bytes) in theme.assets {
            jobs.append(Job(path: path, origin: "theme file \(path)") { bytes })
        }
        for asset in input.assets {
            copies.append((asset.permalink.outputFile, "asset \(asset.permalink) (from \(asset.source.path))", asset.source))
        }

        try Self.checkPaths(jobs.map { ($0.path, $0.origin, $0.file) } + copies.map { copy in (copy.path, { copy.origin }, nil) }
                            + input.writtenElsewhere.map { file in (file.path, { file.origin }, nil) })
        return (jobs, copies.map { OutputFile(path: $0.path, contents: .copy($0.source)) })
    }

    /// Every file of the site in memory, sorted by path.
    public func render(_ input: SiteInput) throws -> [OutputFile] {
        let box = FileBox()
        _ = try render(input) { box.append($0) }
        return box.files.sorted { Theme.byteOrder($0.path, $1.path) }
    }

    /// Renders the site page by page on every core, handing each file to `emit` as soon as it
    /// is made (from any thread), so the caller can write it and let it go: a big site is never
    /// whole in memory. Returns the paths emitted, sorted. A failing page stops nothing else;
    /// the first error in path order is thrown after all ran, so the same broken input always
    /// reports the same error. Files emitted before an error are the caller's to discard.
    ///
    /// `writeStreaming`, when given, writes the files that are made in pieces (the search index,
    /// as big as the notes' text) as the pieces come, so that they are never whole in memory;
    /// without it they are emitted whole, as every other file.
    public func render(_ input: SiteInput, emit: @Sendable (OutputFile) throws -> Void,
                       writeStreaming: (@Sendable (_ path: String, _ body: Job.Body) throws -> Void)? = nil) throws -> [String] {
        let (jobs, copies) = try plan(input)
        let results = ResultBox(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            results.set(index, Result {
                if let body = jobs[index].streaming, let writeStreaming {
                    try writeStreaming(jobs[index].path, body)
                } else {
                    let bytes = try jobs[index].make()
                    try emit(OutputFile(path: jobs[index].path, contents: .data(bytes)))
                }
            })
        }
        let order = jobs.indices.sorted { Theme.byteOrder(jobs[$0].path, jobs[$1].path) }
        for index in order { try results.get(index).get() }
        for copy in copies { try emit(copy) }
        return (jobs.map(\.path) + copies.map(\.path)).sorted(by: Theme.byteOrder)
    }

    /// The model and the extra pages, held once by every job (see `plan`).
    final class Shared: Sendable {
        let site: SiteModel
        let extraPages: [ExtraPage]

        init(site: SiteModel, extraPages: [ExtraPage]) {
            self.site = site
            self.extraPages = extraPages
        }
    }

    public struct Job: @unchecked Sendable {
        /// What makes a file in pieces, handing each to `emit` as it is made.
        public typealias Body = (_ emit: (UnsafeRawBufferPointer) throws -> Void) throws -> Void

        var path: String
        /// What the file is, for an error message: made only when there is one (a site is tens
        /// of thousands of jobs, and an error is rare).
        var origin: () -> String
        /// The note the page is made from (its path in the content folder), where an error
        /// about the page's output path is located; nil for the pages the site makes itself.
        var file: String?
        var make: () throws -> [UInt8]
        /// For a file made in pieces: what makes them (`make` then gathers them).
        var streaming: Body?

        init(path: String, origin: @autoclosure @escaping () -> String, file: String? = nil, make: @escaping () throws -> [UInt8]) {
            self.path = path
            self.origin = origin
            self.file = file
            self.make = make
        }

        init(path: String, origin: @autoclosure @escaping () -> String, streaming body: @escaping Body) {
            self.init(path: path, origin: origin()) {
                var bytes: [UInt8] = []
                try body { bytes.append(contentsOf: $0) }
                return bytes
            }
            streaming = body
        }
    }

    /// Every output path must stay inside the output folder and be claimed once.
    ///
    /// Every problem is found, not only the first: the error's message lists them all, and its
    /// `diagnostics` hold each one located in the note it comes from (`file`), so that a build
    /// reports them as it reports a broken link, `note.md:1:1: error: …`. (A note whose
    /// permalink is `/tags/` or `/../x/` stopped the build with an unlocated error naming only
    /// the first such note.)
    static func checkPaths(_ claims: [(path: String, origin: () -> String, file: String?)]) throws {
        var owners: [String: [Int]] = [:]
        owners.reserveCapacity(claims.count)
        var messages: [String] = []
        var located: [Diagnostic] = []
        func location(_ file: String?) -> SourceLocation? { file.map { SourceLocation(file: $0, line: 1, column: 1) } }
        let pathHint = "change its permalink"
        for (k, claim) in claims.enumerated() {
            if let problem = OutputPath.problem(with: claim.path) {
                let message = "\(claim.origin()) would be written to '\(claim.path)', which \(problem)"
                messages.append(message)
                located.append(.error("output-path", message, at: location(claim.file), hint: pathHint))
                continue
            }
            owners[claim.path, default: []].append(k)
        }
        let clashHint = "give one of them a different permalink (front matter `permalink:`) or rename it"
        let clashes = owners.filter { $0.value.count > 1 }.sorted { Theme.byteOrder($0.key, $1.key) }
        var lines: [String] = []
        for (path, claimants) in clashes {
            let named = claimants.map { (origin: claims[$0].origin(), file: claims[$0].file) }.sorted { Theme.byteOrder($0.origin, $1.origin) }
            let line = "'\(path)' is claimed by " + named.map(\.origin).joined(separator: " and ")
            lines.append(line)
            located.append(.error("permalink-collision", line, at: location(named.lazy.compactMap(\.file).first), hint: clashHint))
        }
        if !lines.isEmpty { messages.append("two pages or files would be written to the same place:\n  " + lines.joined(separator: "\n  ")) }
        guard !messages.isEmpty else { return }
        throw SiteError(messages.joined(separator: "\n"), hint: lines.isEmpty ? pathHint : clashHint, diagnostics: located)
    }

    /// The tag pages' search entries, by tag name: a tag is found by its name.
    static func searchDocuments(ofTags site: SiteModel) -> [SearchDocument] {
        site.tags.map { tag in
            SearchDocument(kind: .tag, title: tag.name,
                           href: tag.permalink.relativeHref(from: .root, fragment: nil, directoryIndex: site.input.directoryIndex))
        }
    }

    // MARK: - Pages

    func renderIndex(_ site: SiteModel) throws -> [UInt8] {
        let links = site.links(for: .root)
        var context = site.common(links)
        var page: TemplateContext = ["kind": "index"]
        page.set("description", text: site.home?.description ?? site.input.description)
        context["page"] = .object(page)
        if let home = site.home {
            var homeContext: TemplateContext = [
                "title": .string(home.title),
                "titleHTML": .string(site.titleHTML(home)),
                "bodyHTML": Self.withoutTrailingNewlines(home.bodyUTF8),
            ]
            homeContext.set("description", text: home.description)
            homeContext.set("titleID", text: home.titleID)
            context["home"] = .object(homeContext)
        }
        var tagLinks = SiteModel.TagLinks(links)
        context["folders"] = .list(site.folders.map { folder -> TemplateValue in
            var value: TemplateContext = [
                "name": .string(folder.path.isEmpty ? site.labels["topLevel"]! : folder.path),
                "isTopLevel": .bool(folder.path.isEmpty),
                "count": .int(folder.notes.count),
                "notes": .list(folder.notes.map { site.summary($0, &tagLinks) }),
            ]
            value.set("path", text: folder.path)
            if let permalink = site.folderPermalinks[folder.path] { value["href"] = .string(links.href(permalink)) }
            return .object(value)
        })
        context["recent"] = .list(site.recent.map { site.summary($0, &tagLinks) })
        context["hasNotes"] = .bool(!site.listed.isEmpty)
        site.addCentralConcepts(links, to: &context)
        return try renderPage(template: "index", consume context, site: site)
    }

    func renderNote(_ note: NotePage, _ site: SiteModel) throws -> [UInt8] {
        typealias N = TemplateValues.Names
        let links = site.links(for: note.permalink)
        var context = site.common(links)
        var page = TemplateContext(minimumCapacity: 3)
        page.append(distinct: N.kind, "note")
        page.append(distinct: N.title, .string(note.title))
        page.append(distinct: N.description, text: note.description ?? site.input.description)
        context["page"] = .object(page)

        // Room for every name set below (twenty-four at most), so the object is allocated once
        // rather than regrown twice, each time copying the names made so far. Each name is
        // set once, by a name fingerprinted once for the build (`TemplateValues.Names`).
        var value = TemplateContext(minimumCapacity: 24)
        value.append(distinct: N.title, .string(note.title))
        value.append(distinct: N.titleHTML, .string(site.titleHTML(note)))
        value.append(distinct: N.titleID, text: note.titleID)
        value.append(distinct: N.path, .string(note.path.string))
        value.append(distinct: N.sourceLine, .int(note.sourceLine))
        value.append(distinct: N.bodyHTML, Self.withoutTrailingNewlines(note.bodyUTF8))
        value.append(distinct: N.folder, text: note.path.folder)
        // The folders above the note, each linked to its page.
        let folders = FolderPages.crumbs(ofFolder: note.path.folder, pages: site.folderPermalinks)
        value.append(distinct: N.folders, .list(folders.enumerated().map { k, crumb -> TemplateValue in
            var crumbValue: TemplateContext = ["name": .string(crumb.name), "isFirst": .bool(k == 0)]
            if let permalink = crumb.permalink { crumbValue["href"] = .string(links.href(permalink)) }
            return .object(crumbValue)
        }))
        value.append(distinct: N.hasFolders, .bool(!folders.isEmpty))
        value.append(distinct: N.description, text: note.description)
        // Made once with the page (`NotePage.dateValue`), shared by every list showing it.
        let (date, updated) = note.dateValues(in: site.input.language)
        if let date { value.append(distinct: N.date, date) }
        if let updated { value.append(distinct: N.updated, updated) }

        let tags = site.tagLinks(note, links)
        value.append(distinct: N.tags, .list(tags))
        value.append(distinct: N.hasTags, .bool(!tags.isEmpty))

        let minLevel = note.toc.map(\.level).min() ?? 1
        value.append(distinct: N.toc, .list(note.toc.map { entry -> TemplateValue in
            .object(N.level, .int(entry.level), N.depth, .int(entry.level - minLevel + 1), N.text, .string(entry.text),
                    N.href, .string(PageLinks.inPage(entry.anchor)))
        }))
        value.append(distinct: N.hasToc, .bool(note.toc.count >= 2))

        let backlinks = Self.groupBacklinks(note.backlinks).map { group -> TemplateValue in
            .object(
                N.title, .string(group.title),
                N.href, .string(links.href(group.permalink, via: group.target)),
                N.contexts, .list(group.contexts.map { link in
                    TemplateValues.snippet(before: link.contextBefore, match: link.contextMatch, after: link.contextAfter)
                }))
        }
        value.append(distinct: N.backlinks, .list(backlinks))
        value.append(distinct: N.hasBacklinks, .bool(!backlinks.isEmpty))

        let outgoing = Self.distinctOutgoing(note.outgoing, from: note.permalink).map { link -> TemplateValue in
            .object(N.title, .string(link.title), N.href, .string(links.href(link.permalink, via: link.target, fragment: link.fragment)))
        }
        value.append(distinct: N.outgoing, .list(outgoing))
        value.append(distinct: N.hasOutgoing, .bool(!outgoing.isEmpty))
        site.addConcepts(of: note, links, to: &value)

        var frontMatter = TemplateContext()
        for entry in note.frontMatter { frontMatter[entry.key] = TemplateValues.frontMatter(entry.value) }
        value.append(distinct: N.frontMatter, .object(frontMatter))

        if let graph = note.localGraph?() {
            value.append(distinct: N.localGraph, GraphPages.localGraphValue(graph, language: site.input.language, links: links, targets: site.navTargets))
        }

        context["note"] = .object(value)
        return try renderPage(template: "note", consume context, site: site)
    }

    func renderTagIndex(_ site: SiteModel) throws -> [UInt8] {
        let links = site.links(for: TagPages.index)
        var context = site.common(links)
        context["page"] = ["kind": "tags", "title": .string(site.labels["tags"]!)]
        context["tags"] = .list(site.tags.map { tag -> TemplateValue in
            ["name": .string(tag.name), "href": .string(links.href(tag.permalink)), "count": .int(tag.notes.count)]
        })
        context["hasTags"] = .bool(!site.tags.isEmpty)
        return try renderPage(template: "tags", consume context, site: site)
    }

    func renderTag(_ tag: SiteModel.Tag, _ site: SiteModel) throws -> [UInt8] {
        let links = site.links(for: tag.permalink)
        var context = site.common(links)
        context["page"] = ["kind": "tag", "title": .string("#" + tag.name)]
        // The count as a phrase, split either side of the number the template marks up.
        let (before, after) = Labels.patterns(for: site.input.language)["noteCount"]!.parts(tag.notes.count)
        let countText: TemplateValue = ["before": .string(before), "count": .int(tag.notes.count), "after": .string(after)]
        context["tag"] = ["name": .string(tag.name), "href": .string(links.href(tag.permalink)), "count": .int(tag.notes.count),
                          "countText": countText]
        context["tagsHref"] = .string(links.href(TagPages.index))
        var tagLinks = SiteModel.TagLinks(links)
        context["notes"] = .list(tag.notes.map { site.summary($0, &tagLinks) })
        return try renderPage(template: "tag", consume context, site: site)
    }

    func renderFolder(_ folder: FolderPage, _ site: SiteModel) throws -> [UInt8] {
        let links = site.links(for: folder.permalink)
        var context = site.common(links)
        context["page"] = ["kind": "folder", "title": .string(folder.name)]
        var tagLinks = SiteModel.TagLinks(links)
        let (before, after) = Labels.patterns(for: site.input.language)["noteCount"]!.parts(folder.count)
        context["folder"] = [
            "name": .string(folder.name),
            "path": .string(folder.path),
            "count": .int(folder.count),
            "countText": ["before": .string(before), "count": .int(folder.count), "after": .string(after)],
            "parents": .list(FolderPages.crumbs(ofFolder: FolderPages.parent(of: folder.path), pages: site.folderPermalinks).map { crumb in
                var value: TemplateContext = ["name": .string(crumb.name)]
                if let permalink = crumb.permalink { value["href"] = .string(links.href(permalink)) }
                return .object(value)
            }),
            "subfolders": .list(folder.subfolders.map { sub -> TemplateValue in
                var value: TemplateContext = ["name": .string(sub.name), "count": .int(sub.count)]
                if let permalink = site.folderPermalinks[sub.path] { value["href"] = .string(links.href(permalink)) }
                return .object(value)
            }),
            "hasSubfolders": .bool(!folder.subfolders.isEmpty),
            "notes": .list(folder.notes.map { site.summary($0, &tagLinks) }),
            "hasNotes": .bool(!folder.notes.isEmpty),
        ]
        return try renderPage(template: "folder", consume context, site: site)
    }

    func renderNotFound(_ site: SiteModel) throws -> [UInt8] {
        // Served for a missing URL at any depth, so its links cannot be relative to itself:
        // absolute with a base URL, else relative to the root (right for a top-level miss).
        let links = PageLinks(page: .root, directoryIndex: site.input.directoryIndex, absoluteBase: site.baseURL)
        var context = site.common(links)
        context["canonicalURL"] = nil
        context["page"] = ["kind": "404", "title": .string(site.labels["notFound"]!)]
        return try renderPage(template: "404", consume context, site: site)
    }

    func renderExtra(_ extra: ExtraPage, _ site: SiteModel) throws -> [UInt8] {
        let links = site.links(for: extra.permalink)
        var context: TemplateContext = [:]
        for (key, value) in extra.context {
            context[key] = TemplateValues.convert(value, links: links)
        }
        if let late = extra.lateContext {
            for (key, value) in late() { context[key] = TemplateValues.convert(value, links: links) }
        }
        if let values = extra.values {
            // Into an empty object, setting the values' names one by one gives the same
            // names, values and order (an object holds each name once): the values' object is
            // taken as it is (concept pages have no `context`), not copied entry by entry,
            // each name fingerprinted and looked up again.
            if context.isEmpty {
                context = values(links)
            } else {
                for (key, value) in values(links) { context[key] = value }
            }
        }
        // Room for the names set below and `content` (`renderPage`): a concept page's own
        // object holds two, and grew twice, each time moving them to new storage.
        let common = site.common(links)
        context.reserveCapacity(context.count + common.count + 3)
        if let picture = extra.localGraph?() {
            context["localGraph"] = GraphPages.localGraphValue(picture, language: site.input.language, links: links, targets: site.navTargets)
        }
        for (key, value) in common { context[key] = value }
        context["page"] = .object(TemplateValues.Names.kind, .string(extra.template), TemplateValues.Names.title, .string(extra.title))
        return try renderPage(template: extra.template, consume context, site: site)
    }

    /// Renders the layout around `template`, which it finds as `content`.
    ///
    /// The page is rendered straight into the array it is handed on as, with room for as much
    /// as the template and the layout (besides its content) wrote at most so far, and the
    /// template is rendered where the layout writes `{{{content}}}`
    /// (`TemplateLibrary.render(number:inLayout:_:into:)`): a page's bytes are written once,
    /// where they were copied out of each render's buffer into an array, and the template's
    /// then into the layout.
    ///
    /// The context is taken (`consuming`: callers hand theirs over with `consume`), so the
    /// page's object is freed here once rendered, not copied.
    ///
    /// Templates are rendered and sized by number (`TemplateLibrary.number(of:)`), the page's
    /// looked up once and the layout's once for the theme.
    func renderPage(template: String, _ values: consuming TemplateContext, site: SiteModel) throws -> [UInt8] {
        let library = theme.library
        guard let number = library.number(of: template) else {
            throw SiteError("the theme has no template '\(template).mustache'",
                            hint: "add \(template).mustache to the project's templates/ folder")
        }
        guard let layout = theme.layoutNumber else {
            // The template's own errors come first, as it is rendered first.
            try theme.render(number: number, values, into: PageBytes(capacity: 0))
            throw SiteError("the theme has no template 'layout.mustache'")
        }
        var spilled: PageBytes?
        var sizes = (written: 0, kept: 0)
        let room = library.sizeHint(number) + library.sizeHint(layout)
        let html = try [UInt8](unsafeUninitializedCapacity: room) { memory, initialized in
            let out = PageBytes(writingInto: memory)
            sizes = try theme.render(number: number, inLayout: layout, values, into: out)
            if out.wroteInPlace { initialized = out.count } else { spilled = out }
        }
        let page = spilled?.bytes ?? html
        library.noteSize(number, sizes.written)
        // The layout's size hint is what it writes besides the content.
        library.noteSize(layout, page.count - sizes.kept)
        return page
    }

    /// The templates put their own newline after inserted HTML.
    ///
    /// Trimmed as `PageBytes.trimTrailingNewlines` trims bytes: removing last characters while they are
    /// `"\n"` or `"\r\n"`, which this replaced, walked graphemes backwards and copied the
    /// whole body to remove one. A last character is one of those exactly when the last byte
    /// is a line feed: grapheme rules break before and after it but for a carriage return
    /// before it, the two making `"\r\n"`. The cut falls before a control character, a
    /// character boundary, so the prefix is the String the loop left.
    static func trimmingTrailingNewlines(_ html: String) -> String {
        let kept = html.withUTF8Bytes(countWithoutTrailingNewlines)
        if kept == html.utf8.count { return html }
        return String(html[..<html.utf8.index(html.utf8.startIndex, offsetBy: kept)])
    }

    /// The links of `links` that leave the page at `page`, each once (the first of equal
    /// ones), in order. A note links a handful of pages: up to `scanLimit` links the ones kept
    /// are scanned with `==`, the equality the `Set` it replaced (SipHash over the title, the
    /// permalink and the fragment, thousands of instructions a link) compares by; more go
    /// through the Set.
    static func distinctOutgoing(_ links: [OutgoingLink], from page: Permalink) -> [OutgoingLink] {
        guard links.count > scanLimit else {
            var kept: [OutgoingLink] = []
            kept.reserveCapacity(links.count)
            for link in links where link.permalink != page && !kept.contains(link) { kept.append(link) }
            return kept
        }
        var seen: Set<OutgoingLink> = []
        return links.filter { $0.permalink != page && seen.insert($0).inserted }
    }

    static let scanLimit = 16

    /// `trimmingTrailingNewlines` of the text `html` is the UTF-8 of: the same bytes cut off.
    static func trimmingTrailingNewlines(_ html: [UInt8]) -> [UInt8] {
        let n = html.withUnsafeBufferPointer(countWithoutTrailingNewlines)
        return n == html.count ? html : Array(html[..<n])
    }

    /// The same bytes as a template value that holds `html` itself with the count it keeps:
    /// a page's body went through the copy above, the whole body for its one last newline.
    static func withoutTrailingNewlines(_ html: [UInt8]) -> TemplateValue {
        .utf8(html, count: html.withUnsafeBufferPointer(countWithoutTrailingNewlines))
    }

    /// How many of `bytes` stay once the newlines at the end are dropped: each `\n` at the end
    /// goes, with a `\r` before it (one `\r\n` character); a lone `\r` stays. The one loop of
    /// the three trimmings (a string, an array, a page's buffer).
    static func countWithoutTrailingNewlines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var n = bytes.count
        while n > 0, bytes[n - 1] == 0x0A {
            n -= 1
            if n > 0, bytes[n - 1] == 0x0D { n -= 1 }
        }
        return n
    }

    struct BacklinkGroup {
        var title: String
        var permalink: Permalink
        var contexts: [Backlink]
        /// The first link's `sourceTarget` (`PageLinks.href(_:via:)` checks it is the permalink's).
        var target: Permalink.HrefTarget? = nil
    }

    /// One entry per linking note, ordered by title, then permalink; its sentences keep their
    /// order, without repeats or empty ones.
    static func groupBacklinks(_ backlinks: [Backlink]) -> [BacklinkGroup] {
        // The groups in an array, changed where they are: a group copied out of a dictionary
        // and stored back copied its list of sentences at every append, the dictionary
        // holding the other reference. A note has a handful of linking notes: up to
        // `scanLimit` groups are found by scanning with `==` (hashing a permalink cost more
        // than the scan), more by a dictionary made then, which compares the same way.
        var groups: [BacklinkGroup] = []
        var position: [Permalink: Int]?
        for link in backlinks {
            let source = link.sourcePermalink
            let found = position.map { $0[source] } ?? groups.firstIndex { $0.permalink == source }
            let k: Int
            if let found {
                k = found
            } else {
                k = groups.count
                groups.append(BacklinkGroup(title: link.sourceTitle, permalink: source, contexts: [], target: link.sourceTarget))
                if position != nil {
                    position![source] = k
                } else if groups.count > scanLimit {
                    position = Dictionary(uniqueKeysWithValues: groups.indices.map { (groups[$0].permalink, $0) })
                }
            }
            if !link.context.trimmingWhitespaceAndNewlines().isEmpty, !groups[k].contexts.contains(link) {
                groups[k].contexts.append(link)
            }
        }
        // Permalinks differ between groups, so the order is total: the same whatever the
        // groups' order before sorting.
        return groups.sorted {
            $0.title != $1.title ? String.naturallyPrecede($0.title, $1.title) : $0.permalink < $1.permalink
        }
    }
}

/// Collects results from concurrent jobs, one slot per job.
final class ResultBox: @unchecked Sendable {
    private var results: [Result<Void, any Error>?]
    private let lock = NSLock()

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<Void, any Error>) {
        lock.withLock { results[index] = result }
    }

    func get(_ index: Int) -> Result<Void, any Error> {
        lock.withLock { results[index]! }
    }
}

/// Files handed over from concurrent jobs.
final class FileBox: @unchecked Sendable {
    private var collected: [OutputFile] = []
    private let lock = NSLock()

    func append(_ file: OutputFile) { lock.withLock { collected.append(file) } }
    var files: [OutputFile] { lock.withLock { collected } }
}

/// Checks on the relative paths the site writes.
enum OutputPath {
    /// Why `path` cannot be written under the output folder, or nil when it can.
    static func problem(with path: String) -> String? {
        // One pass over the bytes: every page and file of a site is checked, twice.
        path.withUTF8Bytes { bytes -> String? in
            if bytes.isEmpty { return "is empty" }
            if bytes[0] == 0x2F { return "is absolute" }
            var emptyPart = false
            var dotPart = false
            var partStart = 0
            for i in 0...bytes.count {
                let b: UInt8 = i < bytes.count ? bytes[i] : 0x2F
                if b == 0x5C || (b == 0 && i < bytes.count) { return "contains a backslash or NUL" }
                guard b == 0x2F else { continue }
                let length = i - partStart
                if length == 0 { emptyPart = true }
                if (length == 1 && bytes[partStart] == 0x2E) || (length == 2 && bytes[partStart] == 0x2E && bytes[partStart + 1] == 0x2E) {
                    dotPart = true
                }
                partStart = i + 1
            }
            if emptyPart { return "has an empty path component" }
            if dotPart { return "leaves the output folder" }
            return nil
        }
    }
}

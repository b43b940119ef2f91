import Diagnostics
public import Linker
public import Markdown
import Notes

/// The render phase for note bodies: each published note's Markdown becomes HTML whose links
/// are rewritten to relative URLs of the pages and files they resolved to, and the result is
/// packed into `NotePage`s for the templates.
public struct NotePages: Sendable {
    public let vault: LinkedVault
    public let directoryIndex: Bool
    /// Which concept mentions in note bodies link to the concepts' pages.
    public let autolink: AutolinkMode
    /// Renders math occurrence `k` of note `i`: `math(i, k, occurrence)`.
    public let math: @Sendable (Int, Int, MathOccurrence) -> String
    /// Every note's and concept's page as a link target encoded once, for the many pages that
    /// link each of them (concept pages, note bodies, "concepts in this note").
    let targets: LinkTargets

    /// How deep `![[Note]]` embeds may nest before the build stops following them.
    public static let maxEmbedDepth = 4

    public init(vault: LinkedVault, directoryIndex: Bool = true, autolink: AutolinkMode = .first,
                math: @escaping @Sendable (Int, Int, MathOccurrence) -> String = { HTMLRenderer.escapedTeX($2) }) {
        self.vault = vault
        self.directoryIndex = directoryIndex
        self.autolink = autolink
        self.math = math
        targets = LinkTargets(vault, directoryIndex: directoryIndex)
    }

    /// Pages for every published note, in path order, rendered on every core.
    public func build() -> [NotePage] {
        let published = vault.notes.indices.filter { vault.notes[$0].isPublished }
        return published.parallelMap { page(for: $0) }
    }

    func page(for index: Int) -> NotePage {
        // The note's parts read in place: a copy of the whole ParsedNote retains every part of it.
        let fm = vault.notes[index].note.frontMatter
        let permalink = vault.notes[index].permalink
        let (titleInlines, titleID) = droppedTitle(of: index, in: vault.notes[index].document, idPrefix: "") ?? (nil, nil)
        // The table of contents made in one array, each heading read in place.
        var toc: [TocEntry] = []
        vault.notes[index].document.headings.withUnsafeBufferPointer { headings in
            toc.reserveCapacity(headings.count)
            for h in headings.indices where headings[h].level >= 2 && headings[h].level <= 4 {
                toc.append(TocEntry(level: headings[h].level, text: headings[h].text, anchor: headings[h].id))
            }
        }
        let backlinks = vault.backlinks[index].compactMap { incoming -> Backlink? in
            let source = incoming.source
            guard vault.notes[source].isPublished, let context = incoming.contexts.first else { return nil }
            var link = Backlink(sourceTitle: vault.notes[source].title, sourcePermalink: vault.notes[source].permalink,
                                contextBefore: context.before, contextMatch: context.match, contextAfter: context.after)
            // Linked from the page through the target encoded once (`PageLinks.href(_:via:)`).
            link.sourceTarget = targets.notes[source]
            return link
        }
        let outgoing = vault.outgoing[index].map { target -> OutgoingLink in
            var link = OutgoingLink(title: vault.notes[target].title, permalink: vault.notes[target].permalink)
            link.target = targets.notes[target]
            return link
        }
        // A typeset title is rendered now, by the body's renderer (its links and math hooks);
        // the body itself when its page is written (`NotePage.bodyUTF8`).
        let titleHTML = titleInlines.map { inlines in
            noteRenderer(of: index, on: permalink, embedding: [index], droppingTitle: true).renderer.renderInlines(inlines)
        }
        let body: @Sendable () -> [UInt8] = { [self] in
            noteRenderer(of: index, on: permalink, embedding: [index], droppingTitle: true).renderer.renderUTF8()
        }
        // Made at once: each setter of a finished page would make its storage again.
        return NotePage(NotePage.Fields(
            path: vault.notes[index].path, permalink: permalink, title: vault.notes[index].title,
            titleHTML: titleHTML, titleID: titleID,
            description: fm.description, date: fm.date, updated: fm.updated, tags: fm.tags,
            toc: toc,
            bodyUTF8: [], deferredBody: body, backlinks: backlinks, outgoing: outgoing,
            frontMatter: fm.extra, sourceLine: vault.notes[index].note.bodyStartLine, concepts: concepts(of: index),
            target: targets.notes[index]))
    }

    /// The concepts note `index` defines, then those it mentions (`ConceptCatalog.concepts(in:)`).
    func concepts(of index: Int) -> [NoteConcept] {
        let catalog = vault.concepts
        let (defined, mentioned) = catalog.concepts(in: index)
        // One array of its final size: `defined.map + mentioned.map` made three.
        var concepts: [NoteConcept] = []
        concepts.reserveCapacity(defined.count + mentioned.count)
        func append(_ c: Int, isDefined: Bool) {
            var concept = NoteConcept(name: catalog.concepts[c].name, permalink: catalog.concepts[c].permalink, isDefined: isDefined)
            concept.target = targets.concepts[c]
            concepts.append(concept)
        }
        for c in defined { append(c, isDefined: true) }
        for c in mentioned { append(c, isDefined: false) }
        return concepts
    }

    /// Renders note `index` for the page at `page`. `stack` holds the notes being embedded, so an
    /// embed cycle (`A` embeds `B` embeds `A`) stops instead of recursing forever.
    func renderBody(of index: Int, on page: Permalink, embedding stack: [Int], droppingTitle: Bool, section: String? = nil,
                    idPrefix: String = "") -> String {
        noteRenderer(of: index, on: page, embedding: stack, droppingTitle: droppingTitle, section: section,
                     idPrefix: idPrefix).renderer.render()
    }

    /// The renderer of the body, and the dropped `# Title` heading's inlines when it holds more
    /// than plain text (`# 확률 $p(x)$`): the page heading typesets it, while `<title>`, lists
    /// of plain text and feeds keep the plain title. The dropped heading's id goes to the page
    /// heading, so links to it (`[x](#title)`, `[[Note#Title]]`), which `check` accepts, land. A page takes the body as bytes
    /// (`renderUTF8`), an embed as a string (`render`).
    ///
    /// An embedded note's headings and footnotes get ids of their own on the page that embeds
    /// it: `idPrefix` and `e<k>-` for the embed (`e3-summary`, `e3-fn-1`), after the prefix of
    /// the body around it, so neither the page's own ids nor another embed's share them. Links
    /// to the embedded note's headings lead to its own page, which has them unprefixed.
    func noteRenderer(of index: Int, on page: Permalink, embedding stack: [Int], droppingTitle: Bool,
                      section: String? = nil, idPrefix: String = "") -> (renderer: HTMLRenderer, titleInlines: [Inline]?, titleID: String?) {
        // Links to concept pages go in first: they are counted by section over the whole note.
        let linked = vault.autolinked(index, mode: autolink)
        var document = linked.document
        var titleInlines: [Inline]?
        var titleID: String?
        var firstBlock = 0
        if droppingTitle, let dropped = droppedTitle(of: index, in: document, idPrefix: idPrefix) {
            // The page shows the title itself; the note's own `# Title` would say it twice. The
            // renderer starts after it: the blocks, shared with the vault, stay as they are.
            firstBlock = 1
            (titleInlines, titleID) = dropped
        }
        if let section {
            // An embedded section: its blocks alone, made here (embeds are few).
            document.blocks = NotePages.section(section, of: Array(document.blocks.dropFirst(firstBlock)))
            firstBlock = 0
        }
        let resolved = linked.resolutions
        // The hooks keep small values: a copy of `NotePages` retains a vault's worth of arrays,
        // and each hook closing over `self` made one. Only embeds need all of it.
        let links = LinkWriter(targets: targets, directoryIndex: directoryIndex, origin: Permalink.HrefOrigin(page))
        let math = self.math
        let hooks = RenderHooks(
            link: { occurrence, link in
                links.rewrite(resolved[occurrence], link: link, from: index)
            },
            embed: { occurrence, link in
                self.embed(resolved[occurrence], link: link, from: index, with: links, stack: stack,
                           idPrefix: idPrefix + "e\(occurrence)-")
            },
            math: { k, occurrence in math(index, k, occurrence) })
        var renderer = HTMLRenderer(document: document, hooks: withRawHTML(hooks, of: index, on: page), firstBlock: firstBlock)
        renderer.idPrefix = idPrefix
        return (renderer, titleInlines, titleID)
    }

    /// The note's own `# Title` heading when the page heading stands in for it (its first block,
    /// saying the title): its inlines when they hold more than plain text, and its id. Nil when
    /// the note does not start so. `document` is the note's, or its autolinked copy, whose first
    /// heading is the same (autolinks never go into headings).
    func droppedTitle(of index: Int, in document: MarkdownDocument, idPrefix: String) -> (inlines: [Inline]?, id: String?)? {
        guard case .heading(1, let content, let id, _)? = document.blocks.first,
              document.headings.first?.text == vault.notes[index].title else { return nil }
        let isPlain = content.allSatisfy {
            switch $0 {
            case .text, .softBreak: return true
            default: return false
            }
        }
        return (isPlain ? nil : content, id.isEmpty ? nil : idPrefix + id)
    }

    /// How one page writes its links to notes, files and concept pages: all the link hooks
    /// need of `NotePages`.
    struct LinkWriter: Sendable {
        let targets: LinkTargets
        let directoryIndex: Bool
        let origin: Permalink.HrefOrigin

        func href(to target: Int, anchor: String?, from source: Int) -> String {
            // `targets.notes[target].permalink` is the note's permalink (`LinkTargets`).
            if targets.notes[target].permalink == origin.page, let anchor, target == source {
                return "#" + Permalink.encodeFragment(anchor)
            }
            return targets.notes[target].href(from: origin, fragment: anchor, directoryIndex: directoryIndex)
        }

        func rewrite(_ resolution: Resolution, link: LinkOccurrence, from source: Int) -> LinkRewrite {
            switch resolution {
            case .note(let target, let anchor):
                return .href(href(to: target, anchor: anchor, from: source), cssClass: nil, label: nil)
            case .asset(let path):
                return .href(Permalink.forAsset(at: path).relativeHref(from: origin.page), cssClass: nil, label: nil)
            case .external:
                return .keep
            case .unpublished:
                return .plainText
            case .concept(let concept):
                return .href(conceptHref(concept), cssClass: "concept-link", label: nil)
            case .folder(let folder):
                return .href(folderHref(folder), cssClass: nil, label: nil)
            case .broken(let reason):
                return .broken(reason: reason)
            }
        }

        /// The page at a folder's URL (`FolderPages`; the home page for the content folder).
        func folderHref(_ folder: String) -> String {
            let page = folder.isEmpty ? Permalink.root : Permalink(folder + "/")
            return page.relativeHref(from: origin.page, directoryIndex: directoryIndex)
        }

        func conceptHref(_ concept: Int) -> String {
            targets.concepts[concept].href(from: origin, fragment: nil, directoryIndex: directoryIndex)
        }
    }

    /// One block of note `index` (a concept's defining paragraph) as HTML for the page at `page`,
    /// with the note's links rewritten for that page. Embeds become links: an excerpt never
    /// pulls in another note's body.
    func renderExcerpt(_ block: Block, of index: Int, on page: Permalink, idPrefix: String = "") -> String {
        // The document read in place: a copy of the whole ParsedNote retains every part of it.
        var document = vault.notes[index].document
        // The note's footnotes come along only for a block that refers to one: the renderer
        // shows those referred to, so for the others they change nothing.
        document.blocks = !block.referencesFootnote ? [block] : [block] + document.blocks.filter {
            if case .footnoteDefinition = $0 { return true } else { return false }
        }
        let resolutions = vault.resolutions[index]
        let links = LinkWriter(targets: targets, directoryIndex: directoryIndex, origin: Permalink.HrefOrigin(page))
        let math = self.math
        let hooks = RenderHooks(
            link: { occurrence, link in
                links.rewrite(resolutions[occurrence], link: link, from: index)
            },
            embed: { occurrence, link in
                switch links.rewrite(resolutions[occurrence], link: link, from: index) {
                case .href(let href, _, _): return .link(href: href)
                case .keep: return .link(href: link.destination)
                case .plainText: return .plainText
                case .broken(let reason): return .broken(reason: reason)
                }
            },
            math: { k, occurrence in math(index, k, occurrence) })
        var renderer = HTMLRenderer(document: document, hooks: withRawHTML(hooks, of: index, on: page))
        renderer.idPrefix = idPrefix
        return renderer.render()
    }

    /// `hooks` with raw HTML's `<img src>` and `<a href>` rewritten for the page at `page`, for a note that
    /// has raw HTML: the file the linker found and copied (`NoteIndex.rawImageAsset`), linked
    /// relative to the page, as a Markdown image is. A `src` naming no file stays as written
    /// (`check` reports it).
    ///
    /// Raw `<a href>` links are rewritten too, resolved as the Markdown link `[…](href)` is
    /// (`LinkedVault.resolveRawLink`, which `check` asks as well): `other.md#a` becomes the
    /// other note's page and heading, a file its copy. A link to an unpublished note loses its
    /// `href` (its text stays, as a Markdown link's does); one leading nowhere stays as
    /// written. `check` reports both.
    ///
    /// Most notes have no raw HTML, and their hooks are handed back after a look at the note in
    /// place; the rewriting is made apart (`rewritingRawHTML`): made here, the copy of the
    /// vault it closes over was made for every note page and every concept definition, some
    /// 1,600 instructions each.
    private func withRawHTML(_ hooks: RenderHooks, of index: Int, on page: Permalink) -> RenderHooks {
        guard !vault.notes[index].document.rawHTML.isEmpty else { return hooks }
        return rewritingRawHTML(hooks, of: index, on: page)
    }

    @inline(never)
    private func rewritingRawHTML(_ hooks: RenderHooks, of index: Int, on page: Permalink) -> RenderHooks {
        var hooks = hooks
        let vault = self.vault, noteIndex = vault.index, path = vault.notes[index].path
        let links = LinkWriter(targets: targets, directoryIndex: directoryIndex, origin: Permalink.HrefOrigin(page))
        let nowhere = SourceLocation(file: path.string, line: 1, column: 1)
        hooks.rawHTML = { html in
            let withImages = RawHTMLImages.rewritingSources(in: html) { src in
                noteIndex.rawImageAsset(src, from: path).map { Permalink.forAsset(at: $0).relativeHref(from: page) }
            }
            return RawHTMLLinks.rewritingTargets(in: withImages) { href in
                guard let (link, resolution) = vault.resolveRawLink(href, in: index, at: nowhere) else { return .keep }
                switch links.rewrite(resolution, link: link, from: index) {
                case .href(let rewritten, _, _): return .href(rewritten)
                // An unpublished note leaks nowhere, not even its file name in an `href`.
                case .plainText: return .drop
                case .keep, .broken: return .keep
                }
            }
        }
        return hooks
    }

    private func embed(_ resolution: Resolution, link: LinkOccurrence, from source: Int, with links: LinkWriter, stack: [Int],
                       idPrefix: String) -> EmbedRewrite {
        let page = links.origin.page
        switch resolution {
        case .asset(let path):
            let src = Permalink.forAsset(at: path).relativeHref(from: page)
            return NotePages.imageExtensions.contains(path.pathExtension) ? .image(src: src) : .link(href: src)
        case .note(let target, let anchor):
            guard !stack.contains(target), stack.count <= NotePages.maxEmbedDepth else {
                return .broken(reason: "embed cycle: \(vault.notes[target].title) is already shown here")
            }
            let body = renderBody(of: target, on: page, embedding: stack + [target], droppingTitle: true, section: anchor,
                                  idPrefix: idPrefix)
            return .html(title: vault.notes[target].title, href: links.href(to: target, anchor: anchor, from: source), body: body)
        case .unpublished:
            return .plainText
        case .concept(let concept):
            return .link(href: links.conceptHref(concept))
        case .folder(let folder):
            return .link(href: links.folderHref(folder))
        case .external:
            return .link(href: link.destination)
        case .broken(let reason):
            return .broken(reason: reason)
        }
    }

    /// Every note's and concept's page as a link target (`Permalink.HrefTarget`), by index,
    /// and the concept index: made once per build and shared by the copies of `NotePages` that
    /// page rendering makes.
    final class LinkTargets: Sendable {
        let notes: [Permalink.HrefTarget]
        let concepts: [Permalink.HrefTarget]
        let conceptIndex: Permalink.HrefTarget
        /// Each note's place in the natural order of paths (`String.naturallyPrecede`), the order
        /// of lists of notes: ranked once, so a sort of notes compares two numbers.
        let pathRank: [Int]

        /// Links are made beforehand for the pages that link each target most (see
        /// `Permalink.HrefTarget.Shape`): concept pages, `concepts/<slug>/` all at one depth,
        /// link notes outside their folder and one another inside it; note pages link concepts
        /// from the depths the notes sit at (the four most common, in a vault of deep folders).
        init(_ vault: LinkedVault, directoryIndex: Bool) {
            typealias Shape = Permalink.HrefTarget.Shape
            let concepts = vault.concepts.concepts
            let conceptDepths = Set(concepts.map { Permalink.HrefOrigin($0.permalink).folders }).sorted()
            var notesAtDepth: [Int: Int] = [:]
            for n in vault.notes.indices where vault.notes[n].isPublished {
                notesAtDepth[Permalink.HrefOrigin(vault.notes[n].permalink).folders, default: 0] += 1
            }
            let noteDepths = notesAtDepth.keys.sorted { notesAtDepth[$0]! != notesAtDepth[$1]! ? notesAtDepth[$0]! > notesAtDepth[$1]! : $0 < $1 }.prefix(4)
            let shared = Permalink.HrefOrigin(ConceptPages.index).folders
            let fromConceptPages = conceptDepths.map { Shape(shared: 0, climb: $0) }
            let amongConceptPages = conceptDepths.filter { $0 >= shared }.map { Shape(shared: shared, climb: $0 - shared) }
            notes = vault.notes.map { Permalink.HrefTarget($0.permalink, preparing: fromConceptPages, directoryIndex: directoryIndex) }
            let conceptShapes = amongConceptPages + noteDepths.map { Shape(shared: 0, climb: $0) }
            self.concepts = concepts.map { Permalink.HrefTarget($0.permalink, preparing: conceptShapes, directoryIndex: directoryIndex) }
            conceptIndex = Permalink.HrefTarget(ConceptPages.index, preparing: amongConceptPages, directoryIndex: directoryIndex)
            let paths = vault.notes.map(\.path.string)
            var rank = [Int](repeating: 0, count: paths.count)
            for (k, n) in paths.indices.sorted(by: { String.naturallyPrecede(paths[$0], paths[$1]) }).enumerated() { rank[n] = k }
            pathRank = rank
        }
    }

    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp"]

    /// The blocks under the heading with `id`, up to the next heading of the same or a higher level.
    static func section(_ id: String, of blocks: [Block]) -> [Block] {
        guard let start = blocks.firstIndex(where: { if case .heading(_, _, id, _) = $0 { return true } else { return false } }),
              case .heading(let level, _, _, _) = blocks[start] else { return blocks }
        var end = start + 1
        while end < blocks.count {
            if case .heading(let l, _, _, _) = blocks[end], l <= level { break }
            end += 1
        }
        return Array(blocks[start..<end])
    }
}

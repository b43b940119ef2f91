public import Foundation
public import Diagnostics
public import KnowledgeGraph
public import Markdown
public import Notes

/// Where one link occurrence leads.
public enum Resolution: Sendable, Hashable {
    /// A published note, and the heading id when the link names a heading that exists.
    case note(Int, anchor: String?)
    /// A file in the content folder (image, PDF).
    case asset(NotePath)
    /// A URL with a scheme (`https:`, `mailto:`), or a protocol-relative one: not ours to resolve.
    case external
    /// An existing note that is not published: shown as plain text.
    case unpublished(Int)
    /// A concept's page (an index into `LinkedVault.concepts.concepts`): a wikilink naming a
    /// concept that no note answers to, `[[ELBO]]` or `[[T16058]]`.
    case concept(Int)
    /// A folder of the content tree that holds published notes (`[Deep learning](dl/)`), by its
    /// path (`dl`, or `""` for the content folder itself): the site's page for it, the folder
    /// page, or the page that has its URL (`dl/index.md`'s).
    case folder(String)
    /// Nothing answers to the link; the text is marked broken.
    case broken(reason: String)
}

/// A link into a note, seen from the note it points to.
public struct IncomingLink: Sendable, Hashable {
    /// The linking note.
    public var source: Int
    /// The sentences holding the links, in order (one per occurrence).
    public var contexts: [LinkContext]
}

/// The link phase's result: every occurrence resolved, backlinks, referenced assets, findings.
public struct LinkedVault: Sendable {
    public var notes: [ParsedNote]
    public var assets: [NotePath: URL]
    public var index: NoteIndex
    /// `resolutions[note][occurrence]` answers `notes[note].document.links[occurrence]`.
    public var resolutions: [[Resolution]]
    /// For each note, the published notes linking to it, sorted by the linking note's path
    /// (`String.naturallyPrecede`: `2주차.md` before `10주차.md`).
    public var backlinks: [[IncomingLink]]
    /// For each note, the published notes it links to, in order of first link.
    public var outgoing: [[Int]]
    /// Assets referenced by published notes, sorted.
    public var referencedAssets: [NotePath]
    /// The concepts the notes define and mention, and the links that lead to them.
    public var concepts: ConceptCatalog
    /// Notes, tags, concepts and the typed edges between them.
    public var graph: Graph
    public var diagnostics: [Diagnostic]
}

public enum Linker {
    /// Resolves every link of every note. Unpublished notes are indexed (so links to them are
    /// recognised and shown as plain text) but contribute nothing: no backlinks, no assets, no
    /// diagnostics about their own links.
    ///
    /// `concepts` is the vault's concept catalog (`ConceptCatalog.build`); when nil it is built
    /// here, without a glossary. A wikilink that no note answers to may name a concept.
    ///
    /// `graph: false` resolves links and reports their problems only, for `notegraph check`:
    /// no backlinks, no outgoing lists, no concept links and an empty graph.
    ///
    /// `diagnoses: false` resolves without writing diagnostics: `build` and `check` report link
    /// problems through `OfflineChecker`, whose findings carry their own suggestions, and the
    /// resolver's "did you mean" searches over every name were thrown away.
    public static func link(notes: [ParsedNote], assets: [NotePath: URL], concepts: ConceptCatalog? = nil,
                            graph makesGraph: Bool = true, diagnoses: Bool = true,
                            index prebuilt: NoteIndex? = nil) -> LinkedVault {
        link(notes: notes, assets: assets, conceptsWhenReady: { concepts ?? ConceptCatalog.build(notes: notes) },
             graph: makesGraph, diagnoses: diagnoses, index: prebuilt)
    }

    /// The same, with the concept catalog still being built elsewhere (`BuildPipeline` builds it
    /// on another thread): links are resolved first, and `conceptsWhenReady` is called, once, on
    /// the calling thread, when it is needed: for the few notes with a wikilink no note or file
    /// answers to (those notes are resolved again, whole, with the catalog, so their resolutions
    /// and diagnostics come out as a one-pass link makes them), and for the graph.
    public static func link(notes: [ParsedNote], assets: [NotePath: URL], conceptsWhenReady: () -> ConceptCatalog,
                            graph makesGraph: Bool = true, diagnoses: Bool = true,
                            index prebuilt: NoteIndex? = nil) -> LinkedVault {
        var (linked, graph) = linkGraphLater(notes: notes, assets: assets, conceptsWhenReady: conceptsWhenReady, graph: makesGraph,
                                             diagnoses: diagnoses, index: prebuilt)
        linked.graph = graph.wait()
        return linked
    }

    /// The same, the graph still being made on another thread: the vault returned has an empty
    /// graph, to be replaced by the one handed back when it is done. What the caller does next
    /// without the graph (`build` checks the links and converts the formulas) runs beside it:
    /// made last, on one core, by far the longest of the link phase's last steps, the graph of
    /// a big vault kept the other core idle for a tenth of the phase.
    public static func linkGraphLater(notes: [ParsedNote], assets: [NotePath: URL], conceptsWhenReady: () -> ConceptCatalog,
                                      graph makesGraph: Bool = true, diagnoses: Bool = true,
                                      index prebuilt: NoteIndex? = nil) -> (linked: LinkedVault, graph: Background<Graph>) {
        // A caller may have built the index already, beside other work (`BuildPipeline`).
        let index = prebuilt ?? NoteIndex(notes: notes, assets: Array(assets.keys), suggestions: diagnoses)
        @Sendable func resolve(_ i: Int, concepts: ConceptCatalog?) -> (resolutions: [Resolution], diagnostics: [Diagnostic], needsConcepts: Bool) {
            var resolver = Resolver(notes: notes, index: index, concepts: concepts, source: i, diagnoses: diagnoses)
            // Each link read in place (`Resolver.resolve(_:)`): taken by value, every link was
            // copied out of the array and destroyed again around the call.
            let resolved = notes[i].document.links.withUnsafeBufferPointer { links in
                links.indices.map { k in resolver.resolve(links.baseAddress! + k) }
            }
            return (resolved, notes[i].isPublished ? resolver.diagnostics : [], resolver.neededConcepts)
        }
        @Sendable func resolveWaiting(_ i: Int, concepts: ConceptCatalog,
                                      firstPass: (resolutions: [Resolution], diagnostics: [Diagnostic], needsConcepts: Bool))
            -> (resolutions: [Resolution], diagnostics: [Diagnostic], needsConcepts: Bool) {
            var resolver = Resolver(notes: notes, index: index, concepts: concepts, source: i, diagnoses: false)
            var resolutions = firstPass.resolutions
            notes[i].document.links.withUnsafeBufferPointer { links in
                for k in resolutions.indices where resolutions[k] == Resolver.waitingForConcepts {
                    resolutions[k] = resolver.resolve(links.baseAddress! + k)
                }
            }
            return (resolutions, [], resolver.neededConcepts)
        }
        var perNote = Array(notes.indices).parallelMap { i in resolve(i, concepts: nil) }
        // What the first pass found is final for every link to a note or a file: a link left
        // waiting for the concepts becomes a concept's page or stays broken. So the backlinks,
        // the outgoing links, the files referenced and the notes' part of the graph are made on
        // another thread while the concepts are merged and matched: a core was idle through the
        // merge, which runs on one, and both then waited for them.
        let firstPass = perNote
        let early = Background { () -> (links: NoteLinks, graph: GraphNotePart?) in
            let resolutions = firstPass.map(\.resolutions)
            // The two side by side as well: without concepts (or once they are ready) nothing
            // else is left to run.
            return concurrently({ LinkedVault.noteLinks(notes: notes, resolutions: resolutions, index: index, makesGraph: makesGraph) },
                                { makesGraph ? LinkedVault.graphNotePart(notes: notes, resolutions: resolutions) : nil })
        }
        let catalog = conceptsWhenReady()
        // Its `.concept` resolutions index no concepts: enough to resolve, not to build on.
        precondition(!(makesGraph && catalog.isNamesOnly), "a names-only concept catalog cannot make a graph")
        let waiting = notes.indices.filter { perNote[$0].needsConcepts }
        // Without diagnostics, only the links that waited are resolved again: no other link's
        // resolution depends on the catalog, and there is no order of diagnostics to keep.
        let again = waiting.parallelMap { i in
            diagnoses ? resolve(i, concepts: catalog) : resolveWaiting(i, concepts: catalog, firstPass: firstPass[i])
        }
        for (i, again) in zip(waiting, again) {
            perNote[i] = again
        }
        let resolutions = perNote.map(\.resolutions)
        let diagnostics = perNote.map(\.diagnostics)
        let (links, notePart) = early.wait()
        // The concepts' part of the graph on another core while their links are attached
        // here: the graph reads the concepts' definitions and mentions, not their links.
        let graph = Background { notePart.map { LinkedVault.buildGraph($0, notes: notes, concepts: catalog) } ?? Graph() }
        let linkedCatalog = makesGraph ? catalog.attachingLinks(notes: notes, resolutions: resolutions) : catalog
        let linked = LinkedVault(notes: notes, assets: assets, index: index, resolutions: resolutions,
                                 backlinks: links.backlinks, outgoing: links.outgoing,
                                 referencedAssets: links.referenced.sorted(),
                                 concepts: linkedCatalog,
                                 graph: Graph(),
                                 diagnostics: diagnostics.flatMap { $0 })
        return (linked, graph)
    }
}

/// What a vault's links to notes and files come to: the backlinks of each note (by linking
/// note, in path order, each with the contexts of its links), each note's outgoing links (the
/// notes it links, in link order, each once) and every file a page refers to.
struct NoteLinks: Sendable {
    var backlinks: [[IncomingLink]]
    var outgoing: [[Int]]
    var referenced: Set<NotePath>
}

extension LinkedVault {
    /// The `NoteLinks` of `resolutions` (one list per note, in link order): links to notes
    /// count only when a graph is made (`makesGraph`), files always; images in raw HTML and
    /// files raw `<a href>` links lead to are referenced too. Published notes only.
    static func noteLinks(notes: [ParsedNote], resolutions: [[Resolution]], index: NoteIndex, makesGraph: Bool) -> NoteLinks {
        var backlinkMap = [[Int: [LinkContext]]](repeating: [:], count: notes.count)
        var outgoing = [[Int]](repeating: [], count: notes.count)
        var referenced = Set<NotePath>()
        // Notes read in place: a for-in copy of a ParsedNote retains every part of it.
        for source in notes.indices where notes[source].isPublished {
            var seen = Set<Int>()
            for (k, resolution) in resolutions[source].enumerated() {
                switch resolution {
                case .note(let target, _) where makesGraph:
                    guard target != source else { continue }
                    if seen.insert(target).inserted { outgoing[source].append(target) }
                    let link = notes[source].document.links[k]
                    let context = link.context ?? LinkContext(before: "", match: link.displayText, after: "")
                    backlinkMap[target][source, default: []].append(context)
                case .asset(let path):
                    referenced.insert(path)
                default:
                    continue
                }
            }
            // Images written as raw HTML are shown too (`rawImageAsset`).
            for html in notes[source].document.rawHTML where RawHTMLImages.mayHoldImage(html) {
                for image in RawHTMLImages.sources(in: Array(html.utf8)) {
                    if let asset = index.rawImageAsset(image.source, from: notes[source].path) { referenced.insert(asset) }
                }
            }
            // And files raw `<a href>` links lead to (`RawLinks`).
            for asset in RawLinks.assets(of: source, notes: notes, index: index) { referenced.insert(asset) }
        }
        let backlinks = backlinkMap.map { map in
            map.keys.sorted { String.naturallyPrecede(notes[$0].path.string, notes[$1].path.string) }.map { IncomingLink(source: $0, contexts: map[$0]!) }
        }
        return NoteLinks(backlinks: backlinks, outgoing: outgoing, referenced: referenced)
    }
}

/// Resolves the links of one note.
struct Resolver {
    let notes: [ParsedNote]
    let index: NoteIndex
    /// Nil while the catalog is not ready: a wikilink that needs it sets `neededConcepts`.
    let concepts: ConceptCatalog?
    let source: Int
    /// False when nobody reads the diagnostics: they (and their suggestions) are not made.
    let diagnoses: Bool
    var diagnostics: [Diagnostic] = []
    /// A wikilink named no note or file, and there was no catalog to ask about concepts: this
    /// note's resolutions are incomplete and must be made again with the catalog.
    private(set) var neededConcepts = false
    /// The anchors of the notes this one links into (`Anchors.Tables`).
    private var anchorTables = Anchors.Tables()

    init(notes: [ParsedNote], index: NoteIndex, concepts: ConceptCatalog? = .empty, source: Int, diagnoses: Bool = true) {
        self.notes = notes
        self.index = index
        self.concepts = concepts
        self.source = source
        self.diagnoses = diagnoses
    }

    private var sourcePath: NotePath { notes[source].path }

    /// What a wikilink that may name a concept resolves to while the catalog is not ready:
    /// only such links give it, so it marks them for the second pass.
    static let waitingForConcepts = Resolution.broken(reason: "waiting for the concepts")

    /// Where `link` leads, the link read where it is stored (an element of the note's `links`,
    /// through the array's buffer): a `LinkOccurrence` is five strings and a context, and
    /// passed by value to a mutating method it was copied whole and destroyed for every link
    /// (no way of looping over the array avoided that), where each field read here costs one
    /// retain at most.
    mutating func resolve(_ link: UnsafePointer<LinkOccurrence>) -> Resolution {
        switch link.pointee.kind {
        case .wikiLink, .embed: resolveWiki(link)
        case .markdown, .image: resolveMarkdown(link)
        }
    }

    private mutating func resolveWiki(_ link: UnsafePointer<LinkOccurrence>) -> Resolution {
        if link.pointee.destination.isEmpty {
            // `[[#Heading]]`: this note.
            return noteTarget(source, link: link, headingText: link.pointee.fragment)
        }
        switch index.resolveWikiTarget(link.pointee.destination, from: sourcePath) {
        case .note(let target):
            return noteTarget(target, link: link, headingText: link.pointee.fragment)
        case .ambiguous(let candidates):
            let names = candidates.map { notes[$0].path.string }
            report(.warning("ambiguous", "[[\(link.pointee.destination)]] matches \(candidates.count) notes: \(names.joined(separator: ", "))",
                            at: link.pointee.location, hint: "write the folder too, e.g. [[\(notes[candidates[0]].path.withoutExtension)]]"))
            return noteTarget(candidates[0], link: link, headingText: link.pointee.fragment)
        case .asset(let path):
            return .asset(path)
        case .none:
            // A note always wins; failing one, a concept's page.
            guard let concepts else {
                neededConcepts = true
                return Resolver.waitingForConcepts
            }
            if let concept = concepts.concept(named: link.pointee.destination) {
                return .concept(concept)
            }
            let looksLikeFile = link.pointee.destination.contains(".") && NotePath(link.pointee.destination).pathExtension.count <= 5
                && !NotePath(link.pointee.destination).pathExtension.isEmpty
            let code = link.pointee.kind == .embed && looksLikeFile ? "missing-asset" : "broken-wikilink"
            report(.warning(code, "no note or file named \"\(link.pointee.destination)\"", at: link.pointee.location,
                            hint: hint { index.suggester?.nearest(to: link.pointee.destination).map { "did you mean [[\($0)]]?" } }))
            return .broken(reason: "no note or file named \(link.pointee.destination)")
        }
    }

    /// A link to a note, checked for publication and for the heading it names.
    private mutating func noteTarget(_ target: Int, link: UnsafePointer<LinkOccurrence>, headingText: String?, exactAnchor: Bool = false) -> Resolution {
        // The note's parts read in place: a copy of the whole ParsedNote retained every part of it.
        guard notes[target].isPublished else {
            report(.warning("unpublished-link", "links to an unpublished note (\(notes[target].path.string)); shown as plain text",
                            at: link.pointee.location))
            return .unpublished(target)
        }
        guard let fragment = headingText, !fragment.isEmpty else { return .note(target, anchor: nil) }
        // Both kinds of fragment are looked up as `check` looks them up (`Anchors`): the href
        // keeps a fragment exactly when the checker passes it.
        if exactAnchor {
            if let id = Anchors.id(named: fragment, in: anchorTables.table(of: target, in: notes)) {
                return .note(target, anchor: id)
            }
            // Block references: the site has no block ids yet, so the link goes to the note.
            if fragment.hasPrefix("^") { return .note(target, anchor: nil) }
            let wanted = (fragment.percentDecoded ?? fragment).nfc
            let headings = notes[target].document.headings
            report(.warning("broken-anchor", "\(notes[target].path.string) has no heading with id #\(wanted)", at: link.pointee.location,
                            hint: hint { Nearest.nearest(to: wanted, among: headings.map(\.id)).map { "did you mean #\($0)?" } }))
            return .note(target, anchor: nil)
        }
        // Wikilinks name a heading by its text; `A#B` names B under A.
        if fragment.trimmingHorizontalSpace().hasPrefix("^") { return .note(target, anchor: nil) }
        let headings = notes[target].document.headings
        let found = Anchors.heading(path: fragment, in: anchorTables.table(of: target, in: notes))
        if let k = found.found { return .note(target, anchor: headings[k].id) }
        // `[[Note#]]`, `[[Note# ]]`: no heading named, the note itself.
        guard found.matched < found.parts.count else { return .note(target, anchor: nil) }
        let wantedText = found.parts[found.matched]
        report(.warning("broken-anchor", "\(notes[target].path.string) has no heading \"\(wantedText)\"", at: link.pointee.location,
                        hint: hint { Nearest.nearest(to: wantedText, among: found.scope.map { headings[$0].text }).map { "did you mean #\($0)?" } }))
        return .note(target, anchor: nil)
    }

    private mutating func resolveMarkdown(_ link: UnsafePointer<LinkOccurrence>) -> Resolution {
        let destination = link.pointee.destination
        if destination.isEmpty {
            // `[x](#slug)`: this note's own heading.
            guard link.pointee.fragment != nil else { return .external }
            return noteTarget(source, link: link, headingText: link.pointee.fragment, exactAnchor: true)
        }
        if Resolver.isExternal(destination) { return .external }
        let decoded = destination.percentDecoded ?? destination
        guard let path = sourcePath.resolving(decoded) else {
            report(.warning("outside-content", "\"\(destination)\" leaves the content folder; not followed", at: link.pointee.location))
            return .broken(reason: "outside the content folder")
        }
        var match = index.resolvePath(path)
        if case .none = match, path.pathExtension.isEmpty || !NoteIndex.isKnownExtension(path.pathExtension) {
            // `[Adam](../optimization/adam)`: a note linked without its extension.
            match = index.resolvePath(NotePath(path.string + ".md"))
            if case .none = match { match = index.resolvePath(NotePath(path.string + ".markdown")) }
        }
        switch match {
        case .note(let target):
            checkCase(written: path, actual: notes[target].path, link: link)
            return noteTarget(target, link: link, headingText: link.pointee.fragment, exactAnchor: true)
        case .ambiguous(let candidates):
            return noteTarget(candidates[0], link: link, headingText: link.pointee.fragment, exactAnchor: true)
        case .asset(let asset):
            checkCase(written: path, actual: asset, link: link)
            return .asset(asset)
        case .none:
            // `[Deep learning](dl/)`: a folder with published notes has a page. A folder of
            // drafts alone has none, and is "no note at" like any other miss.
            if link.pointee.kind == .markdown, index.isPublishedFolder(path.string) { return .folder(path.string) }
            let isAsset = link.pointee.kind == .image || (!path.pathExtension.isEmpty && !path.isMarkdown)
            let code = isAsset ? "missing-asset" : "broken-link"
            var hint: String?
            if diagnoses, let other = index.caseInsensitiveMatches(path).first {
                hint = "\(other.string) differs only in case or Unicode normalisation: it works on macOS and breaks on Linux and most hosts"
            } else if diagnoses, link.pointee.kind == .markdown, let folder = index.publishedFolder(spelledLike: path.string) {
                hint = "the folder is spelled \(folder)/: folder pages have the folder's own spelling"
            }
            report(.warning(code, isAsset ? "missing file \"\(destination)\"" : "no note at \"\(destination)\"", at: link.pointee.location, hint: hint))
            return .broken(reason: isAsset ? "missing file \(decoded)" : "no note at \(decoded)")
        }
    }

    /// The site rewrites the link, so it works here; but the raw link (on GitHub, in another tool,
    /// on a case-sensitive host) only finds the file on a case-insensitive file system.
    private mutating func checkCase(written: NotePath, actual: NotePath, link: UnsafePointer<LinkOccurrence>) {
        // It only makes a diagnostic: without diagnostics, there is nothing to check.
        guard diagnoses else { return }
        let candidates = [written.string, written.string + ".md", written.string + ".markdown"]
        guard !candidates.contains(actual.string) else { return }
        let folderIndex = actual.stem.lowercased() == "index" || actual.stem.lowercased() == "readme"
        guard !(folderIndex && actual.folder == written.string) else { return }
        report(.warning("case-mismatch", "\"\(link.pointee.destination)\" finds \(actual.string) only by ignoring case",
                        at: link.pointee.location,
                        hint: "write \(actual.name): it works on macOS and Windows and breaks on Linux and most hosts"))
    }

    /// `https:`, `mailto:`, `//host`: a scheme of letters, digits, `+-.` followed by `:`.
    static func isExternal(_ destination: String) -> Bool {
        // Bytes, not Characters: this runs for every Markdown link of every note.
        destination.withUTF8Bytes { bytes in
            if bytes.count >= 2, bytes[0] == 0x2F, bytes[1] == 0x2F { return true }
            guard let colon = bytes.firstIndex(of: 0x3A), colon > 1 else { return false }
            func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
            guard isLetter(bytes[0]) else { return false }
            return bytes[..<colon].allSatisfy { b in
                isLetter(b) || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2D || b == 0x2E
            }
        }
    }

    private mutating func report(_ diagnostic: Diagnostic) {
        if diagnoses { diagnostics.append(diagnostic) }
    }

    /// A "did you mean" hint, searched for only when someone will read the diagnostic.
    private func hint(_ search: () -> String?) -> String? {
        diagnoses ? search() : nil
    }
}

extension NoteIndex {
    /// The file a raw-HTML `<img src>` of the note at `source` shows, resolved as a Markdown
    /// image is (relative to the note's folder or, with `/`, to the content root;
    /// percent-decoded; query and fragment cut), or nil for a URL, a `data:` image, or a name
    /// no file answers to. The linker copies the file, the site rewrites the `src` for the
    /// page, which does not sit in the note's folder (`dl/vae.md` is `dl/vae/index.html`).
    public func rawImageAsset(_ src: String, from source: NotePath) -> NotePath? {
        guard !src.isEmpty, !src.hasPrefix("#"), !src.hasPrefix("data:"), !Resolver.isExternal(src) else { return nil }
        var path = Substring(src)
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        let decoded = path.percentDecoded ?? String(path)
        guard let resolved = source.resolving(decoded), case .asset(let asset) = resolvePath(resolved) else { return nil }
        return asset
    }

    /// Extensions that make a link's last segment a file name rather than part of a note name.
    static func isKnownExtension(_ ext: String) -> Bool {
        ["md", "markdown", "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "pdf", "mp4", "webm", "mp3", "txt", "html", "csv", "json", "zip"].contains(ext)
    }
}

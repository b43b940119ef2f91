public import Diagnostics
public import Foundation
import KnowledgeGraph
import LinkCheck
import Linker
import Markdown
import Notes
import SearchIndex
import SiteGenerator

/// What `notegraph build` was asked to do, with every default already settled.
public struct BuildOptions: Sendable {
    public var content: URL
    public var output: URL
    /// A templates folder whose files override the built-in theme one by one; nil for none.
    public var templates: URL?
    public var config: ProjectConfig
    /// Also publish `draft: true` notes.
    public var includeDrafts: Bool
    /// Warnings fail the build as errors do.
    public var strict: Bool
    /// Lays out the graph pictures; nil builds the site without them (pages link graph.dot).
    public var graphviz: Graphviz?
    /// The concept glossary; nil means `config.glossary` (default `concepts.yml`) beside the
    /// content folder. A missing default glossary is no glossary.
    public var glossary: URL?
    /// False leaves the build's notes, graph and pages for the process's exit to reclaim, as
    /// compilers do (clang's `-disable-free`): freeing millions of small objects one by one
    /// took half a second, on one core, at the end of a 10,000-note build. For the command
    /// line, which exits right after; a library caller keeps the default.
    public var freesMemory = true

    /// `locatingGraphviz: false` leaves `graphviz` nil without looking for the program (and
    /// its plugins): for `check`, which draws nothing.
    public init(content: URL, output: URL, templates: URL?, config: ProjectConfig, includeDrafts: Bool, strict: Bool = false,
                locatingGraphviz: Bool = true) {
        self.graphviz = locatingGraphviz ? Graphviz.locate() : nil
        self.content = content
        self.output = output
        self.templates = templates
        self.config = config
        self.includeDrafts = includeDrafts
        self.strict = strict
    }
}

/// The phases, for progress reports.
public enum BuildPhase: String, Sendable, CaseIterable {
    case load, parse, concepts, link, graph, render, write
}

/// What a build did.
public struct BuildReport: Sendable {
    public var publishedNotes = 0
    public var unpublishedNotes = 0
    public var pages = 0
    public var files = 0
    public var diagnostics: [Diagnostic] = []
    /// False when errors kept the build from writing anything.
    public var wroteSite = false
    public var seconds: Double = 0
    /// Wall time of each phase that ran, in order.
    public var phaseSeconds: [(phase: BuildPhase, seconds: Double)] = []

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// A failure that stops a build before it can report per-note problems: a missing content
/// folder, a broken template, an output folder that cannot be written.
public struct BuildFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Runs the phases in order: load → parse → link → render → write.
///
/// The order matters: linking needs every note parsed (a link can point anywhere), rendering
/// needs every link resolved (bodies hold relative URLs), and writing happens only when no phase
/// found an error, so a failed build leaves the previous site untouched.
public enum BuildPipeline {
    /// How many of the graph page's most central concepts the index page shows.
    public static let centralConceptCount = 10

    public static func run(_ options: BuildOptions, progress: (@Sendable (BuildPhase) -> Void)? = nil) throws -> BuildReport {
        let started = Date()
        var report = BuildReport()
        var phaseStart = started
        var currentPhase: BuildPhase?
        func enter(_ phase: BuildPhase?) {
            let now = Date()
            if let currentPhase { report.phaseSeconds.append((currentPhase, now.timeIntervalSince(phaseStart))) }
            phaseStart = now
            currentPhase = phase
            if let phase { progress?(phase) }
        }
        /// The report as it stands, its last phase timed and its findings in order.
        func finished() -> BuildReport {
            enter(nil)
            report.diagnostics.sort()
            report.seconds = Date().timeIntervalSince(started)
            return report
        }

        enter(.load)
        let theme: Theme
        do {
            theme = try Theme.load(overrides: options.templates)
        } catch {
            throw BuildFailure("\(error)")
        }
        // The graph is made beside the link check and the formulas, and waited for before its
        // phase.
        var pendingGraph: Background<Graph>?
        let (vault, notes, linkedWithoutGraph, diagnostics) = try loadParseLink(options, linkDiagnostics: false,
                                                                                graphLater: { pendingGraph = $0 }, enter: enter)
        var linked = linkedWithoutGraph
        report.diagnostics += diagnostics.filter { !linkCodes.contains($0.code) }
        // The offline findings of `notegraph check`, as warnings (CheckSupport.swift).
        report.diagnostics += linkWarnings(linked, vault: vault)
        // Over indices: handed each note, `reduce` copied the whole ParsedNote.
        report.publishedNotes = notes.indices.reduce(0) { $0 + (notes[$1].isPublished ? 1 : 0) }
        report.unpublishedNotes = notes.count - report.publishedNotes

        // Formulas are converted before the error check, so their warnings count for --strict.
        let math = MathRenderer(mode: options.config.math, macros: options.config.mathMacros, notes: notes)
        report.diagnostics += math.diagnostics
        var katexFiles: [AssetFile] = []
        if options.config.math == .katex {
            do {
                katexFiles = try KaTeX.files()
            } catch {
                throw BuildFailure("\(error)")
            }
        }

        guard report.errors.isEmpty, !(options.strict && !report.warnings.isEmpty) else { return finished() }

        // Files are written into a staging folder as soon as they exist (the site is never
        // whole in memory); the swap at the end is the write phase. A failure discards it.
        let assets = linked.referencedAssets.compactMap { path in
            vault.assets[path].map { AssetFile(source: $0, permalink: Permalink.forAsset(at: path)) }
        }
        if let problem = OutputFolder.problem(output: options.output, content: options.content) {
            throw BuildFailure("\(problem.message)\n  hint: \(problem.hint)")
        }
        let staging: SiteStaging
        do {
            staging = try SiteStaging(output: options.output, protecting: [options.content],
                                      copiesFrom: (assets + katexFiles).map(\.source))
        } catch {
            throw BuildFailure("\(error)")
        }
        var paths: [String] = []

        // The graph comes before the pages, which embed its pictures. graph.dot, .json and
        // .graphml (a hundred MB on a big vault) are written by the threads that make them,
        // while the pages render, and each goes out of memory once written.
        enter(.graph)
        linked.graph = pendingGraph!.wait()
        let siteGraph = SiteGraph.build(linked.graph, directoryIndex: options.config.directoryIndex,
                                        language: options.config.language, graphviz: options.graphviz,
                                        pictures: options.config.graphPictures,
                                        writingDataFiles: { try staging.write(path: $0, streaming: $1) })

        enter(.render)
        let notePages = NotePages(vault: linked, directoryIndex: options.config.directoryIndex,
                                  autolink: options.config.autolink,
                                  math: { math.render(note: $0, index: $1, occurrence: $2) })
        var pages = notePages.build()
        var conceptPages = ConceptPages(notePages: notePages, language: options.config.language).build()
        for i in pages.indices {
            pages[i].localGraph = siteGraph.localGraphDrawer(for: NodeID(.note, pages[i].path.string))
        }
        siteGraph.addLocalGraphs(to: &conceptPages)
        let home = notes.indices.first { notes[$0].isPublished && notes[$0].permalink == .root }
        var input = SiteInput(title: options.config.title ?? home.map { notes[$0].title } ?? "Notes",
                              description: options.config.description,
                              baseURL: options.config.baseURL,
                              language: options.config.language,
                              directoryIndex: options.config.directoryIndex,
                              notes: pages, assets: assets + katexFiles, extraPages: [siteGraph.graphPage] + conceptPages)
        input.katex = options.config.math == .katex
        let searchMode = options.config.search
        input.search = SearchInput(mode: searchMode) { batch in try notePages.searchDocuments(mode: searchMode, batch: batch) }
        input.writtenElsewhere = [GraphPages.dotFile, GraphPages.jsonFile, GraphPages.graphMLFile].map {
            ($0.outputFile, "the graph file \($0.outputFile)")
        }
        input.centralConcepts = siteGraph.ranking.prefix(while: { $0.kind == NodeKind.concept.rawValue })
            .prefix(centralConceptCount).compactMap { ranked in
                ranked.permalink.map { ExtraPageLink(title: ranked.title, permalink: $0) }
            }
        do {
            paths += try SiteGenerator(theme: theme).render(input, emit: { try staging.write($0) },
                                                            writeStreaming: { try staging.write(path: $0, streaming: $1) })
            paths += try siteGraph.waitForDataFiles()
            // The whole-graph picture's warnings, now that the graph page has waited for it.
            report.diagnostics += siteGraph.diagnostics
            enter(.write)
            try staging.commit()
        } catch let error as SiteError where !error.diagnostics.isEmpty {
            // Pages that would leave the output folder or land on one another: errors located
            // in their notes, reported like the others, and nothing written.
            _ = try? siteGraph.waitForDataFiles()
            staging.discard()
            report.diagnostics += error.diagnostics
            return finished()
        } catch {
            // The data files' writers finish first: none is left writing into a folder being removed.
            _ = try? siteGraph.waitForDataFiles()
            staging.discard()
            throw BuildFailure("\(error)")
        }
        report.files = paths.count
        report.pages = paths.filter { $0.hasSuffix(".html") }.count
        report.wroteSite = true
        if !options.freesMemory { ProcessExit.reclaims((vault, notes, linked, siteGraph, input, notePages, math)) }
        return finished()
    }

    /// The load, parse and link phases, shared by `build` and `graph`; the caller has entered
    /// `.load`. Per-note problems come back as diagnostics; only an unreadable content folder throws.
    /// `conceptNamesOnly: true` finds the concepts' names and keys only (see
    /// `ConceptCatalog.buildNames`), and `graph: false` builds no graph (see `Linker.link`) nor
    /// the links' contexts, which only the graph's backlinks and pages read: what `check` does
    /// without.
    /// `linkDiagnostics: false` when the caller reports link problems through `OfflineChecker`
    /// (build and check filter the linker's out): the linker then spends nothing on them.
    /// The vault returned keeps its notes' paths and URLs but not their bytes: the parse took them.
    /// `walked` is handed the vault as the walk found it, before any note is read, for work that
    /// needs only the file names and can run beside the parse.
    /// `keepTrees: false` (check) keeps of each note's tree its raw HTML only, and of its body
    /// what the link check reads (`OfflineChecker.checkedPart(ofBody:)`).
    /// `graphLater`, when given, is handed the graph still being made on another thread, and
    /// the `linked` returned has an empty graph (`Linker.linkGraphLater`): what the caller does
    /// next without it runs beside it.
    static func loadParseLink(_ options: BuildOptions, conceptNamesOnly: Bool = false, graph: Bool = true, linkDiagnostics: Bool = true,
                              keepTrees: Bool = true, walked: (Vault) -> Void = { _ in }, graphLater: ((Background<Graph>) -> Void)? = nil,
                              enter: (BuildPhase) -> Void)
        throws -> (vault: Vault, notes: [ParsedNote], linked: LinkedVault, diagnostics: [Diagnostic]) {
        var vault: Vault
        do {
            vault = try VaultLoader.find(root: options.content, ignore: options.config.ignore.map(Glob.init))
        } catch {
            throw BuildFailure("\(error)")
        }
        walked(vault)

        enter(.parse)
        let policy = options.config.publish
        let drafts = options.includeDrafts || options.config.drafts
        // Each note's concept facts are extracted right after it is parsed, on the same thread:
        // only the merge is left for the concepts phase.
        let extractor = options.config.concepts ? ConceptFactExtractor(namesOnly: conceptNamesOnly, notes: vault.notes.count) : nil
        // Each note is read on the thread that parses it, and its bytes are freed there once
        // decoded: the memory then serves the parse's own allocations instead of fresh pages
        // (a page fault each), and no core waits for all the files to be read first.
        let results = vault.notes.parallelMap { file -> Result<(note: ParsedNote, facts: ConceptFacts?), Diagnostic> in
            switch VaultLoader.readNote(file) {
            case .failure(let warning):
                return .failure(warning)
            case .success(let read):
                // The bytes go once decoded: their memory serves the parse.
                let loaded = Note.load(consume read)
                // A link's context (the sentence around it) is read by backlinks and pages only:
                // without a graph (check) there are neither, and it is not made.
                var note = ParsedNote.parse(loaded, policy: policy, includeDrafts: drafts, linkContexts: graph)
                let facts = extractor?.facts(of: note)
                // Once parsed, a body is read only by the link check and by `Anchors.htmlIDs`,
                // and `checkedPart` keeps what they read (all of it only where there is raw
                // HTML or `^`): the rest goes here, on the thread that parsed it, whose allocator
                // hands its memory to the next note. Kept whole, the bodies were 52 MB of a
                // 10,000-note build's peak, which on this kind of machine is time (each fresh
                // page is zeroed by the kernel). Without `keepTrees` (check), the tree goes too:
                // only its raw HTML is read later.
                note.note.body = OfflineChecker.checkedPart(ofBody: note.note.body)
                if !keepTrees {
                    note.document = note.document.keepingRawHTMLOnly()
                }
                return .success((note, facts))
            }
        }
        // A note that cannot be read is left out with a warning, as `VaultLoader.load` does.
        var parsed = vault.keepReadable(consume results)
        var diagnostics = vault.diagnostics
        // Moved out from the back into their places, as `keepReadable` does: mapping copied
        // each note's parts (a retain each, and a release when `parsed` went), on one core.
        // Every readable note has facts when there is an extractor, and none has without.
        let count = parsed.count
        var facts: [ConceptFacts] = []
        let notes = [ParsedNote](unsafeUninitializedCapacity: count) { buffer, initialized in
            var k = count
            var factsFromBack: [ConceptFacts] = []
            factsFromBack.reserveCapacity(extractor == nil ? 0 : count)
            while let (note, noteFacts) = parsed.popLast() {
                k -= 1
                (buffer.baseAddress! + k).initialize(to: consume note)
                if let noteFacts { factsFromBack.append(consume noteFacts) }
            }
            initialized = count
            factsFromBack.reverse()
            facts = consume factsFromBack
        }
        // Its cache of analysed headings goes on another thread: freed when this function
        // returned, it held up the link's core.
        releaseElsewhere(consume extractor)
        // Handed to the concepts job, which frees them on another thread once merged.
        let conceptFacts = Handoff(consume facts)
        // Each note's lists read in place, as `ParsedNote.diagnostics` joins them: the loop
        // handed out a copy of the whole ParsedNote.
        for i in notes.indices {
            diagnostics += notes[i].note.diagnostics
            diagnostics += notes[i].document.diagnostics
        }

        // The note index needs only the notes: it is built on another thread while the concepts
        // are found, whose merge runs on one core and leaves the other free.
        let assetPaths = Array(vault.assets.keys)
        let index = Background { NoteIndex(notes: notes, assets: assetPaths, suggestions: linkDiagnostics) }
        // Needs only the notes too: beside the merge, not on the link's core after it.
        let collisions = Background { permalinkCollisions(notes) }

        // The concepts are found on other threads while the links are resolved: a wikilink no
        // note answers to may name a concept, and only the few notes with such a link wait for
        // them (`Linker.link(conceptsWhenReady:)`). Merging the concepts runs on one core, and
        // resolving links fills the other. The concepts phase lasts until both are done.
        enter(.concepts)
        let conceptsJob: Background<(ConceptCatalog, [Diagnostic])>? = options.config.concepts ? Background {
            let (glossary, glossaryDiagnostics) = loadGlossary(options)
            let catalog = conceptNamesOnly ? ConceptCatalog.buildNames(notes: notes, facts: conceptFacts.take(), glossary: glossary)
                : ConceptCatalog.build(notes: notes, facts: conceptFacts.take(), glossary: glossary)
            return (catalog, glossaryDiagnostics + catalog.diagnostics)
        } : nil
        var (linked, pendingGraph) = Linker.linkGraphLater(notes: notes, assets: vault.assets, conceptsWhenReady: {
            let (catalog, found) = conceptsJob?.wait() ?? (.empty, [])
            diagnostics += found
            enter(.link)
            return catalog
        }, graph: graph, diagnoses: linkDiagnostics, index: index.wait())
        if let graphLater {
            graphLater(pendingGraph)
        } else {
            linked.graph = pendingGraph.wait()
        }
        diagnostics += linked.diagnostics
        diagnostics += collisions.wait()
        return (vault, notes, linked, diagnostics)
    }

    /// The glossary named by the options or the config, with its problems located in it. Its
    /// path in diagnostics is relative to the content folder (`../concepts.yml`), as note paths are.
    static func loadGlossary(_ options: BuildOptions) -> (Glossary?, [Diagnostic]) {
        let name = options.config.glossary ?? ProjectConfig.defaultGlossary
        let url = options.glossary
            ?? (name.hasPrefix("/") ? URL(fileURLWithPath: name) : options.content.deletingLastPathComponent().appendingPathComponent(name))
        let display = relativePath(of: url, from: options.content)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let explicit = options.glossary != nil || options.config.glossary != nil
            return (nil, explicit ? [.warning("glossary", "the glossary \(display) does not exist; no glossary used",
                                              at: SourceLocation(file: display, line: 1, column: 1))] : [])
        }
        switch TextDecoding.decode(Array(data), file: display) {
        case .failure(let diagnostic):
            return (nil, [diagnostic])
        case .success(let text):
            return Glossary.parse(text, file: display)
        }
    }

    /// `url` relative to the folder `base` (`../concepts.yml`), or its full path when they share
    /// nothing but the root.
    static func relativePath(of url: URL, from base: URL) -> String {
        let target = url.standardizedFileURL.pathComponents
        let origin = base.standardizedFileURL.pathComponents
        var common = 0
        while common < min(target.count, origin.count), target[common] == origin[common] { common += 1 }
        guard common > 1 else { return url.standardizedFileURL.path }
        return (Array(repeating: "..", count: origin.count - common) + target[common...]).joined(separator: "/")
    }

    /// Two published notes that want the same URL (a permalink in front matter, or `a.md` beside
    /// `a/index.md`) would overwrite each other: an error naming both.
    static func permalinkCollisions(_ notes: [ParsedNote]) -> [Diagnostic] {
        // By index: a `ParsedNote` copy retains every part of the note, ten thousand times
        // over on one core after the link phase.
        var seen: [Permalink: Int] = [:]
        seen.reserveCapacity(notes.count)
        var found: [Diagnostic] = []
        for i in notes.indices where notes[i].isPublished {
            let permalink = notes[i].permalink
            if let first = seen[permalink] {
                let path = notes[i].path.string
                found.append(.error("permalink-collision",
                                    "\(path) and \(notes[first].path.string) both publish to /\(permalink.path)",
                                    at: SourceLocation(file: path, line: 1, column: 1),
                                    hint: "give one of them a different permalink in its front matter"))
            } else {
                seen[permalink] = i
            }
        }
        return found
    }
}

/// Values left for the process's exit to reclaim (`BuildOptions.freesMemory`).
enum ProcessExit {
    private final class Box<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Keeps `value` alive until the process ends: one retain that is never released.
    static func reclaims<Value>(_ value: Value) {
        _ = Unmanaged.passRetained(Box(value))
    }
}

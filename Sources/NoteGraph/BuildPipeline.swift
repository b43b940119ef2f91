public import Diagnostics
public import Foundation
import Linker
import Markdown
public import Notes
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

    public init(content: URL, output: URL, templates: URL?, config: ProjectConfig, includeDrafts: Bool, strict: Bool = false) {
        self.content = content
        self.output = output
        self.templates = templates
        self.config = config
        self.includeDrafts = includeDrafts
        self.strict = strict
    }
}

/// The phases, for progress reports.
public enum BuildPhase: String, Sendable {
    case load, parse, link, render, write
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

        enter(.load)
        let theme: Theme
        do {
            theme = try Theme.load(overrides: options.templates)
        } catch {
            throw BuildFailure("\(error)")
        }
        let vault: Vault
        do {
            vault = try VaultLoader.load(root: options.content, ignore: options.config.ignore.map(Glob.init))
        } catch {
            throw BuildFailure("\(error)")
        }
        report.diagnostics += vault.diagnostics

        enter(.parse)
        let policy = options.config.publish
        let drafts = options.includeDrafts || options.config.drafts
        let notes = vault.notes.parallelMap { file in
            ParsedNote.parse(Note.load(file), policy: policy, includeDrafts: drafts)
        }
        for note in notes { report.diagnostics += note.diagnostics }
        report.publishedNotes = notes.filter(\.isPublished).count
        report.unpublishedNotes = notes.count - report.publishedNotes

        enter(.link)
        let linked = Linker.link(notes: notes, assets: vault.assets)
        report.diagnostics += linked.diagnostics
        report.diagnostics += permalinkCollisions(notes)

        guard report.errors.isEmpty, !(options.strict && !report.warnings.isEmpty) else {
            enter(nil)
            report.diagnostics.sort()
            report.seconds = Date().timeIntervalSince(started)
            return report
        }

        enter(.render)
        let pages = NotePages(vault: linked, directoryIndex: options.config.directoryIndex).build()
        let assets = linked.referencedAssets.compactMap { path in
            vault.assets[path].map { AssetFile(source: $0, permalink: Permalink.forAsset(at: path)) }
        }
        let home = notes.first { $0.isPublished && $0.permalink == .root }
        let input = SiteInput(title: options.config.title ?? home?.title ?? "Notes",
                              description: options.config.description,
                              baseURL: options.config.baseURL,
                              language: options.config.language,
                              directoryIndex: options.config.directoryIndex,
                              notes: pages, assets: assets)
        let files: [OutputFile]
        do {
            files = try SiteGenerator(theme: theme).render(input)
        } catch {
            throw BuildFailure("\(error)")
        }

        enter(.write)
        do {
            try SiteWriter.write(files, to: options.output, protecting: [options.content])
        } catch {
            throw BuildFailure("\(error)")
        }
        report.files = files.count
        report.pages = files.filter { $0.path.hasSuffix(".html") }.count
        report.wroteSite = true
        enter(nil)
        report.diagnostics.sort()
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Two published notes that want the same URL (a permalink in front matter, or `a.md` beside
    /// `a/index.md`) would overwrite each other: an error naming both.
    static func permalinkCollisions(_ notes: [ParsedNote]) -> [Diagnostic] {
        var seen: [Permalink: ParsedNote] = [:]
        var found: [Diagnostic] = []
        for note in notes where note.isPublished {
            if let first = seen[note.permalink] {
                found.append(.error("permalink-collision",
                                    "\(note.path.string) and \(first.path.string) both publish to /\(note.permalink.path)",
                                    at: SourceLocation(file: note.path.string, line: 1, column: 1),
                                    hint: "give one of them a different permalink in its front matter"))
            } else {
                seen[note.permalink] = note
            }
        }
        return found
    }
}

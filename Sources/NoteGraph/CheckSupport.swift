public import Diagnostics
public import Foundation
public import LinkCheck
import Linker
import Notes

// MARK: Configuration

/// The `check:` section of notegraph.yml.
///
/// ```yaml
/// check:
///   exclude: ["^https://localhost", "example\\.com"]   # regular expressions, matched anywhere in the URL
///   accept: [403, 999]      # status codes that count as working, besides 2xx
///   concurrency: 16         # requests in flight at once
///   per_host: 2             # … to one host
///   timeout: 10             # seconds
///   retries: 2              # after a timeout, 5xx or 429
///   cache: .notegraph/link-cache.json
///   cache_days: 7           # 0: no cache
/// ```
public struct CheckConfig: Sendable, Equatable {
    public var exclude: [String] = []
    public var accept: [Int] = []
    public var concurrency = 16
    public var perHost = 2
    public var timeout = 10.0
    public var retries = 2
    /// Relative to the project folder (the working directory).
    public var cache: String? = ".notegraph/link-cache.json"
    public var cacheDays = 7.0

    public init() {}

    /// The settings of the external check, with the cache path made absolute.
    public func externalSettings(projectFolder: URL) -> ExternalSettings {
        var settings = ExternalSettings()
        settings.exclude = exclude
        settings.accept = Set(accept)
        settings.concurrency = concurrency
        settings.perHost = perHost
        settings.timeout = timeout
        settings.retries = retries
        settings.cacheDays = cacheDays
        if let cache, !cache.isEmpty, cacheDays > 0 {
            settings.cacheFile = URL(fileURLWithPath: cache, relativeTo: projectFolder).standardizedFileURL
        }
        return settings
    }

    /// Reads the `check:` entry; each problem is located at the value or item it is about.
    static func parse(_ section: DocumentEntry, diagnostics: inout [Diagnostic]) -> CheckConfig {
        var config = CheckConfig()
        guard case .table = section.value else {
            diagnostics.append(.error("config", "check must be a table of settings (exclude, accept, concurrency, per_host, timeout, retries, cache, cache_days)", at: section.valueLocation))
            return config
        }
        var location = section.valueLocation
        func number(_ key: String, _ value: FrontMatterValue, minimum: Double) -> Double? {
            let n: Double? = switch value {
            case .int(let i): Double(i)
            case .double(let d): d
            default: nil
            }
            guard let n, n >= minimum else {
                let shown = minimum == minimum.rounded() ? String(Int(minimum)) : String(minimum)
                diagnostics.append(.error("config", "check.\(key) must be a number of at least \(shown)", at: location))
                return nil
            }
            return n
        }
        for entry in section.fields {
            let key = entry.key.replacingOccurrences(of: "-", with: "_")
            location = entry.valueLocation
            switch key {
            case "exclude":
                let patterns: [String]? = switch entry.value {
                case .string(let s): [s]
                case .array(let items): items.allSatisfy { $0.stringValue != nil } ? items.compactMap(\.stringValue) : nil
                default: nil
                }
                guard let patterns else {
                    diagnostics.append(.error("config", "check.exclude must be a list of regular expressions", at: location))
                    continue
                }
                config.exclude = patterns
                for (index, pattern) in patterns.enumerated() {
                    do { _ = try NSRegularExpression(pattern: pattern) } catch {
                        diagnostics.append(.error("config", "check.exclude: \(pattern) is not a valid regular expression", at: entry.itemLocation(index)))
                    }
                }
            case "accept":
                let items: [FrontMatterValue] = if case .array(let a) = entry.value { a } else { [entry.value] }
                var codes: [Int] = []
                for (index, item) in items.enumerated() {
                    if case .int(let code) = item, (100...599).contains(code) {
                        codes.append(code)
                    } else if let text = item.stringValue, let range = CheckConfig.statusRange(text) {
                        codes += range
                    } else {
                        diagnostics.append(.error("config", "check.accept must list HTTP status codes (403) or ranges (\"400..403\")", at: entry.itemLocation(index)))
                    }
                }
                config.accept = codes
            case "concurrency": config.concurrency = number(key, entry.value, minimum: 1).map { Int($0) } ?? config.concurrency
            case "per_host": config.perHost = number(key, entry.value, minimum: 1).map { Int($0) } ?? config.perHost
            case "timeout": config.timeout = number(key, entry.value, minimum: 0.1) ?? config.timeout
            case "retries": config.retries = number(key, entry.value, minimum: 0).map { Int($0) } ?? config.retries
            case "cache_days": config.cacheDays = number(key, entry.value, minimum: 0) ?? config.cacheDays
            case "cache":
                switch entry.value {
                case .string(let s): config.cache = s
                case .bool(false), .null: config.cache = nil
                default: diagnostics.append(.error("config", "check.cache must be a file path, or false", at: location))
                }
            default:
                diagnostics.append(ProjectConfig.unknownKey("check.", entry, among: ["exclude", "accept", "concurrency", "per_host", "timeout", "retries", "cache", "cache_days"]))
            }
        }
        return config
    }

    /// `"400..403"` or `"400-403"`.
    static func statusRange(_ text: String) -> [Int]? {
        let parts = text.replacingOccurrences(of: "..", with: "-").split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count, let low = numbers.first, let high = numbers.last,
              numbers.count <= 2, 100 <= low, low <= high, high <= 599 else { return nil }
        return Array(low...high)
    }
}

// MARK: What build and check share

extension BuildPipeline {
    /// Codes the link check owns. The linker reports some of the same problems as it resolves;
    /// build and check print the link check's findings for them instead (one finding per link,
    /// raw file names compared, nested headings and block ids checked).
    static let linkCodes = Set(FindingKind.allCases.map(\.rawValue))

    /// The file system's spelling of every note and file, for the case and normalisation check.
    static func rawNames(_ vault: Vault) -> RawNames {
        RawNames(root: vault.root, files: vault.notes.map { ($0.path, $0.url) } + vault.assets.map { ($0.key, $0.value) })
    }

    /// The offline link findings as the build prints them: warnings, whatever their severity in
    /// `check`, because a page with a broken link still renders; `--strict` fails on them.
    static func linkWarnings(_ linked: LinkedVault, vault: Vault) -> [Diagnostic] {
        OfflineChecker(vault: linked, names: rawNames(vault)).check().findings.map { finding in
            var diagnostic = finding.diagnostic
            diagnostic.severity = .warning
            return diagnostic
        }
    }
}

// MARK: The check command's pipeline

/// Which notes `check` looks at.
public enum CheckScope: Sendable, Equatable {
    case all
    /// Notes changed since a git revision (`git diff --name-only REF`, plus untracked files).
    case since(String)
    /// The named files (paths relative to the working directory, or absolute).
    case changed([String])
}

/// What `notegraph check` was asked to do.
public struct CheckOptions: Sendable {
    /// False leaves the loaded vault for the process's exit to reclaim (see
    /// `BuildOptions.freesMemory`).
    public var freesMemory = true
    public var content: URL
    public var config: ProjectConfig
    /// The notegraph.yml in use: when it changed, `--since` checks everything.
    public var configFile: URL?
    public var includeDrafts: Bool
    public var external: Bool
    public var orphans: Bool
    public var scope: CheckScope
    /// The folder relative paths are taken from (and the cache lives under).
    public var workingDirectory: URL

    public init(content: URL, config: ProjectConfig, configFile: URL?, includeDrafts: Bool, external: Bool,
                orphans: Bool, scope: CheckScope, workingDirectory: URL) {
        self.content = content
        self.config = config
        self.configFile = configFile
        self.includeDrafts = includeDrafts
        self.external = external
        self.orphans = orphans
        self.scope = scope
        self.workingDirectory = workingDirectory
    }
}

/// What a check found.
public struct CheckResult: Sendable {
    /// The link findings, ready to print; `pathPrefix` still to be chosen by the caller.
    public var findings: [Finding]
    public var summary: CheckSummary
    /// Load and parse problems (front matter, encoding): not link findings, printed apart.
    public var diagnostics: [Diagnostic]
    public var phaseSeconds: [(phase: String, seconds: Double)] = []
}

/// `--since` with a revision git does not know, or no git: the command was used wrongly (exit 2).
public struct CheckUsageError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Load → parse → link (shared with the build) → offline check → external check.
public enum CheckPipeline {
    public static func run(_ options: CheckOptions, log: (@Sendable (String) -> Void)? = nil) throws -> CheckResult {
        let started = Date()
        var phases: [(String, Double)] = []
        var mark = started
        func lap(_ name: String) {
            let now = Date()
            phases.append((name, now.timeIntervalSince(mark)))
            mark = now
        }
        var changed: Set<NotePath>?
        switch options.scope {
        case .all: break
        case .since(let ref): changed = try ChangedFiles.since(ref, options: options)
        case .changed(let files): changed = try ChangedFiles.named(files, options: options)
        }
        var current = "load"
        let buildOptions = BuildOptions(content: options.content, output: options.content, templates: nil,
                                        config: options.config, includeDrafts: options.includeDrafts,
                                        locatingGraphviz: false)
        // The file system's spellings need only the walk: they are read beside the parse, off
        // the single-threaded path between the link and the check.
        var namesJob: Background<RawNames>?
        let (vault, _, linked, loaded) = try BuildPipeline.loadParseLink(
            buildOptions, conceptNamesOnly: true, graph: false, linkDiagnostics: false, keepTrees: false,
            walked: { found in namesJob = Background { BuildPipeline.rawNames(found) } }
        ) { phase in
            lap(current)
            current = phase.rawValue
        }
        lap(current)
        // `loadParseLink` hands over the walked vault before it reads any note.
        let names = namesJob!.wait()
        let diagnostics = loaded.filter { !BuildPipeline.linkCodes.contains($0.code) }

        let sources = changed.map { ChangeScope.sources(in: linked, changed: $0) }
        let offline = OfflineChecker(vault: linked, names: names).check(sources: sources)
        var findings = offline.findings
        if options.orphans { findings += Orphans.find(in: linked) }
        lap("check")

        var summary = CheckSummary()
        summary.notes = offline.notesChecked
        summary.links = offline.linksChecked
        if options.external, !offline.external.isEmpty {
            let settings = options.config.check.externalSettings(projectFolder: options.workingDirectory)
            let distinct = Set(offline.external.map(\.url)).count
            log?("checking \(distinct) external URL\(distinct == 1 ? "" : "s")…")
            let (external, results) = runBlocking { await ExternalChecker(settings: settings).check(offline.external) }
            findings += external
            summary.externalURLs = results.count
            summary.cachedURLs = results.count(where: { $0.verdict == .cached })
            summary.excludedURLs = results.count(where: { $0.verdict == .excluded })
            lap("external")
        }
        // Report files as the file system spells them, so annotations land on the right file.
        for i in findings.indices {
            findings[i].location.file = names.spelling(of: NotePath(findings[i].location.file))
        }
        summary.seconds = Date().timeIntervalSince(started)
        // The file names too: freeing their table and set was the last work before the report.
        if !options.freesMemory { ProcessExit.reclaims((vault, linked, names)) }
        return CheckResult(findings: findings.sorted(), summary: summary, diagnostics: diagnostics.sorted(),
                           phaseSeconds: phases)
    }

    /// Runs async work from synchronous code (the command line is synchronous): the calling
    /// thread waits while the work runs on the cooperative pool.
    static func runBlocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let box = BlockingBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.value = await work()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}

/// Written once by the task, read once after the semaphore: the semaphore orders the two.
private final class BlockingBox<T>: @unchecked Sendable {
    var value: T?
}

/// Maps changed files (from git or the command line) into the content folder.
enum ChangedFiles {
    /// `git diff --name-only REF` (renames as delete + add, so links to the old name are
    /// checked too) plus untracked files, as content paths. Nil when everything must be checked
    /// (the configuration changed).
    static func since(_ ref: String, options: CheckOptions) throws -> Set<NotePath>? {
        let top = try git(["rev-parse", "--show-toplevel"], in: options.workingDirectory).trimmingCharacters(in: .newlines)
        let topURL = URL(fileURLWithPath: top, isDirectory: true)
        let diff = try git(["diff", "--name-only", "--no-renames", "-z", ref, "--"], in: topURL)
        let untracked = try git(["ls-files", "--others", "--exclude-standard", "-z"], in: topURL)
        let files = (diff + untracked).split(separator: "\0").map { topURL.appendingPathComponent(String($0)) }
        return map(files, options: options)
    }

    static func named(_ files: [String], options: CheckOptions) throws -> Set<NotePath>? {
        map(files.map { URL(fileURLWithPath: $0, relativeTo: options.workingDirectory) }, options: options)
    }

    private static func map(_ files: [URL], options: CheckOptions) -> Set<NotePath>? {
        let roots = [options.content.standardizedFileURL.path, options.content.resolvingSymlinksInPath().path]
            .map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        let configPath = options.configFile?.standardizedFileURL.resolvingSymlinksInPath().path
        var paths = Set<NotePath>()
        for file in files {
            let candidates = [file.standardizedFileURL.path, file.standardizedFileURL.resolvingSymlinksInPath().path]
            if let configPath, candidates.contains(configPath) { return nil }
            for candidate in candidates {
                guard let root = roots.first(where: { candidate.utf8.starts(with: $0.utf8) }) else { continue }
                let relative = String(decoding: candidate.utf8.dropFirst(root.utf8.count), as: UTF8.self)
                if let path = NotePath(normalizing: relative), !path.string.isEmpty { paths.insert(path) }
                break
            }
        }
        return paths
    }

    private static func git(_ arguments: [String], in folder: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = folder
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            throw CheckUsageError("cannot run git: \(error.localizedDescription)")
        }
        // stdout first: git's error output is a line or two, far below a pipe's buffer.
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errorData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errorData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw CheckUsageError("git \(arguments.joined(separator: " ")) failed: \(message)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

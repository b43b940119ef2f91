public import Diagnostics
public import Foundation
public import Linker
public import Notes
public import SearchIndex
public import SiteGenerator

/// `notegraph.yml`: the project's defaults. Every key is optional; command-line options win.
///
/// ```yaml
/// title: 딥러닝 스터디 노트
/// description: …
/// base_url: https://me.github.io/notes/
/// language: ko            # en | ko: the interface labels
/// content: content
/// output: site
/// templates: templates
/// publish: opt-out        # opt-in publishes only notes with publish: true / dg-publish: true
/// drafts: false
/// ignore: ["drafts/**", "*.tmp"]
/// directory_index: true   # links end in index.html, so the site works opened from disk
/// glossary: concepts.yml  # concept names and relations, beside the content folder
/// autolink: first         # first | all | none: which concept mentions link to concept pages
/// search: full            # full | titles | none: what the search box finds (none: no box)
/// check:                  # notegraph check --external (see CheckConfig)
///   exclude: ["^https?://localhost"]
///   timeout: 10
/// ```
public struct ProjectConfig: Sendable, Equatable {
    public var title: String?
    public var description: String?
    public var baseURL: String?
    public var language: InterfaceLanguage = .en
    public var content: String = "content"
    public var output: String = "site"
    public var templates: String = "templates"
    public var publish: PublishPolicy = .optOut
    public var drafts: Bool = false
    public var ignore: [String] = []
    public var directoryIndex: Bool = true
    /// The concept glossary, relative to the project folder; nil means `concepts.yml`.
    public var glossary: String?
    /// Which concept mentions in note bodies link to the concepts' pages.
    public var autolink: AutolinkMode = .first
    /// What the site's search box finds: every word of the notes, their titles and headings
    /// only, or nothing (no box, no index).
    public var search: SearchMode = .full
    /// `concepts: false`: no concepts at all (no extraction, concept pages, autolinks or concept
    /// nodes), a site of notes, links and tags only.
    public var concepts = true
    /// `graph: {pictures: false}`: no graph pictures (neither the graph page's nor the local
    /// graphs); the graph files and the graph page's ranking stay.
    public var graphPictures = true
    public var math: MathMode = .mathml
    /// TeX macros for every formula: `"\\R": "\\mathbb{R}"`.
    public var mathMacros: [String: String] = [:]
    /// `notegraph check`'s settings.
    public var check = CheckConfig()
    /// Where each setting's value was written, by setting (`content`, `output`, `templates`…):
    /// for the problems found after parsing, such as a folder that does not exist.
    public var locations: [String: SourceLocation] = [:]

    public init() {}

    /// Sets `baseURL` to `text` made a valid URI (see `BaseURL.normalize`), the one check
    /// both `base_url:` and `--base-url` go through; returns why it cannot be one instead.
    public mutating func setBaseURL(_ text: String) -> (message: String, hint: String)? {
        switch BaseURL.normalize(text) {
        case .success(let url):
            baseURL = url
            return nil
        case .failure(let problem):
            return (problem.message, problem.hint)
        }
    }

    public static let fileName = "notegraph.yml"
    public static let defaultGlossary = "concepts.yml"

    /// Reads `notegraph.yml` from `folder` when there is one. Problems are diagnostics located in
    /// the file: errors (a wrong type, a broken file) stop the build with exit code 2.
    public static func load(from folder: URL) -> (config: ProjectConfig, diagnostics: [Diagnostic]) {
        load(file: folder.appendingPathComponent(fileName), displayName: fileName)
    }

    /// Reads a config file at `url`; a missing file gives the defaults, one that cannot be
    /// read (a folder, no permission) an error.
    public static func load(file url: URL, displayName: String) -> (config: ProjectConfig, diagnostics: [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return (ProjectConfig(), []) }
            let what = isFolder.boolValue ? "is a folder, not a file" : "cannot be read"
            return (ProjectConfig(), [.error("config", "the configuration file \(displayName) \(what)")])
        }
        switch TextDecoding.decode(Array(data), file: displayName) {
        case .failure(let diagnostic):
            return (ProjectConfig(), [diagnostic])
        case .success(let text):
            return parse(text, file: displayName)
        }
    }

    /// Parses the text of a config file. Each problem points at what is wrong: a value's error
    /// at the value, a list item's at the item, a nested key's at that key.
    public static func parse(_ text: String, file: String) -> (config: ProjectConfig, diagnostics: [Diagnostic]) {
        var config = ProjectConfig()
        let (entries, parseDiagnostics) = FrontMatterParser.parseDocument(text, format: .yaml, file: file)
        var diagnostics = parseDiagnostics
        var location = SourceLocation(file: file, line: 1, column: 1)
        func expectString(_ key: String, _ value: FrontMatterValue) -> String? {
            if let s = value.stringValue, !s.isEmpty { return s }
            diagnostics.append(.error("config", "\(key) must be a text value", at: location))
            return nil
        }
        // Spellings of one setting (`base_url` and `base-url`, `autolink` and `autolinks`):
        // two of them in one file would silently undo each other, like a repeated key.
        var settingFirstSeen: [String: DocumentEntry] = [:]
        for entry in entries {
            let key = entry.key.replacingOccurrences(of: "-", with: "_")
            let value = entry.value
            location = entry.valueLocation
            if let setting = settingNames[key] {
                if let first = settingFirstSeen[setting] {
                    // The same key twice is already the parser's error.
                    if first.key != entry.key {
                        diagnostics.append(.error("duplicate-key", "\(entry.key) sets \(setting) again (first set as \(first.key) at line \(first.location.line), column \(first.location.column))",
                                                  at: entry.location, hint: "keep one of them"))
                    }
                } else {
                    settingFirstSeen[setting] = entry
                }
                config.locations[setting] = entry.valueLocation
            }
            switch key {
            case "title": config.title = expectString(key, value)
            case "description": config.description = expectString(key, value)
            case "base_url", "baseurl", "base":
                // Checked here, where the error can point at the line, not when the site is
                // rendered; kept normalized so every user of it writes the same valid URI.
                if let s = expectString(key, value), let problem = config.setBaseURL(s) {
                    diagnostics.append(.error("config", "\(entry.key): \(problem.message)", at: location, hint: problem.hint))
                }
            case "language", "lang":
                if let s = expectString(key, value) {
                    if let language = InterfaceLanguage(rawValue: s.lowercased()) {
                        config.language = language
                    } else {
                        diagnostics.append(.error("config", "language must be en or ko, not \(s)", at: location))
                    }
                }
            case "content": config.content = expectString(key, value) ?? config.content
            case "output": config.output = expectString(key, value) ?? config.output
            case "templates": config.templates = expectString(key, value) ?? config.templates
            case "glossary": config.glossary = expectString(key, value) ?? config.glossary
            case "concepts":
                // A path names the glossary (an older spelling of `glossary:`); a flag turns
                // concepts on or off.
                if case .bool(let b) = value { config.concepts = b } else { config.glossary = expectString(key, value) ?? config.glossary }
            case "graph":
                guard case .table = value else {
                    diagnostics.append(.error("config", "graph must be a table, such as {pictures: false}", at: location))
                    break
                }
                for item in entry.fields {
                    switch item.key {
                    case "pictures":
                        if case .bool(let b) = item.value { config.graphPictures = b } else {
                            diagnostics.append(.error("config", "graph.pictures must be true or false", at: item.valueLocation))
                        }
                    default:
                        diagnostics.append(unknownKey("graph.", item, among: ["pictures"]))
                    }
                }
            case "autolink", "autolinks":
                switch value {
                // YAML reads a bare `no` or `off` as false.
                case .bool(let b): config.autolink = b ? .first : .none
                default:
                    if let s = value.stringValue, let mode = AutolinkMode(rawValue: s.lowercased()) {
                        config.autolink = mode
                    } else {
                        let shown = value.stringValue.map { ", not \($0)" } ?? ""
                        diagnostics.append(.error("config", "autolink must be first, all or none\(shown)", at: location,
                                                  hint: "first links a concept's first mention in each section; none turns the links off"))
                    }
                }
            case "search":
                switch value {
                // `search: false` (or a bare `no`) turns the box off; `true` is the default.
                case .bool(let b): config.search = b ? .full : .none
                default:
                    // `off` and `on` are read as words, not as `false` and `true`; they mean those.
                    if let s = value.stringValue, let mode = SearchMode(rawValue: s.lowercased())
                        ?? ["off": .none, "on": .full][s.lowercased()] {
                        config.search = mode
                    } else {
                        let shown = value.stringValue.map { ", not \($0)" } ?? ""
                        diagnostics.append(.error("config", "search must be full, titles or none\(shown)", at: location,
                                                  hint: "titles keeps the index small on a vault of thousands of notes; none removes the search box"))
                    }
                }
            case "publish":
                if let s = expectString(key, value) {
                    if let policy = PublishPolicy(rawValue: s.lowercased()) {
                        config.publish = policy
                    } else {
                        diagnostics.append(.error("config", "publish must be opt-in or opt-out, not \(s)", at: location))
                    }
                }
            case "drafts":
                if case .bool(let b) = value { config.drafts = b } else {
                    diagnostics.append(.error("config", "drafts must be true or false", at: location))
                }
            case "directory_index", "clean_links":
                if case .bool(let b) = value { config.directoryIndex = key == "clean_links" ? !b : b } else {
                    diagnostics.append(.error("config", "\(entry.key) must be true or false", at: location))
                }
            case "math":
                var modeText: (text: String, at: SourceLocation)?
                switch value {
                case .string(let s): modeText = (s, location)
                case .table:
                    for item in entry.fields {
                        switch item.key {
                        case "mode", "engine", "render":
                            if let s = item.value.stringValue { modeText = (s, item.valueLocation) } else {
                                diagnostics.append(.error("config", "math.\(item.key) must be mathml, katex or none", at: item.valueLocation))
                            }
                        case "macros":
                            guard case .table = item.value else {
                                diagnostics.append(.error("config", "math.macros must map a command to its definition", at: item.valueLocation))
                                continue
                            }
                            for macro in item.fields {
                                if let definition = macro.value.stringValue {
                                    config.mathMacros[macro.key] = definition
                                } else {
                                    diagnostics.append(.error("config", "math macro \(macro.key) must be a text value", at: macro.valueLocation))
                                }
                            }
                        default:
                            diagnostics.append(unknownKey("math.", item, among: ["mode", "macros"]))
                        }
                    }
                default:
                    diagnostics.append(.error("config", "math must be mathml, katex or none, or a table with mode and macros", at: location))
                }
                if let modeText {
                    if let mode = MathMode(rawValue: modeText.text.lowercased()) {
                        config.math = mode
                    } else {
                        diagnostics.append(.error("config", "math must be mathml, katex or none, not \(modeText.text)", at: modeText.at))
                    }
                }
            case "ignore":
                let items: [(value: FrontMatterValue, at: SourceLocation)]
                switch value {
                case .array(let values): items = values.indices.map { (values[$0], entry.itemLocation($0)) }
                case .string: items = [(value, location)]
                case .null: items = []
                default:
                    diagnostics.append(.error("config", "ignore must be a list of globs", at: location, hint: "write ignore: [\"drafts/**\", \"*.tmp\"]"))
                    items = []
                }
                var patterns: [String] = []
                for item in items {
                    // A number or date is a name like any other (`2023`); a list or table is no glob.
                    guard let pattern = item.value.stringValue else {
                        diagnostics.append(.error("config", "ignore: each item must be a glob, such as \"drafts/**\"", at: item.at))
                        continue
                    }
                    if let problem = Glob.problem(in: pattern) {
                        diagnostics.append(.error("config", "ignore: \"\(pattern)\" is not a valid glob: \(problem.message)", at: item.at, hint: problem.hint))
                        continue
                    }
                    patterns.append(pattern)
                }
                config.ignore = patterns
            case "check":
                config.check = CheckConfig.parse(entry, diagnostics: &diagnostics)
            default:
                // Later features read their own keys; an unknown key is only a warning, with the
                // key meant when it is a slip of the keyboard (`autolnk`).
                if !ProjectConfig.reservedKeys.contains(key) {
                    diagnostics.append(unknownKey("", entry, among: knownKeys))
                }
            }
        }
        return (config, diagnostics)
    }

    /// A warning for a key nothing reads, at the key, naming the nearest known key when one
    /// is close enough to be a typo.
    static func unknownKey(_ prefix: String, _ entry: DocumentEntry, among known: [String]) -> Diagnostic {
        let nearest = Nearest.nearest(to: entry.key, among: known)
        return .warning("config", "unknown key \(prefix)\(entry.key) (ignored)", at: entry.location,
                        hint: nearest.map { "did you mean \(prefix)\($0)?" })
    }

    /// The keys notegraph.yml knows, as the README writes them: the candidates of "did you mean".
    static let knownKeys = ["title", "description", "base_url", "language", "content", "output", "templates", "publish",
                            "drafts", "ignore", "directory_index", "clean_links", "glossary", "concepts", "autolink",
                            "search", "graph", "math", "check"]

    /// The setting each spelling of a key sets (after `-` became `_`).
    static let settingNames: [String: String] = [
        "title": "title", "description": "description",
        "base_url": "base_url", "baseurl": "base_url", "base": "base_url",
        "language": "language", "lang": "language",
        "content": "content", "output": "output", "templates": "templates",
        "glossary": "glossary", "concepts": "concepts",
        "graph": "graph", "autolink": "autolink", "autolinks": "autolink", "search": "search",
        "publish": "publish", "drafts": "drafts",
        "directory_index": "directory_index", "clean_links": "directory_index",
        "math": "math", "ignore": "ignore", "check": "check",
    ]

    /// Keys that belong to other commands; accepted without a warning.
    static let reservedKeys: Set<String> = ["graph", "check", "concepts", "glossary", "external"]
}

public import Diagnostics
import Foundation
public import Linker
import Markdown
import Notes

/// An http(s) link found in a note, for the external check.
public struct ExternalLink: Sendable, Hashable {
    /// The URL without its fragment (what is requested).
    public var url: String
    /// The link as written.
    public var written: String
    public var location: SourceLocation
}

/// What the offline check found.
public struct OfflineReport: Sendable {
    public var findings: [Finding] = []
    /// http(s) links of the checked notes, in document order, for `--external`.
    public var external: [ExternalLink] = []
    public var notesChecked = 0
    public var linksChecked = 0
}

/// The offline half of `notegraph check`: every link, wikilink, embed, anchor and raw-HTML image
/// of the published notes, judged against the linker's resolutions (so the check and the site
/// agree on where a link leads) and against the file system's own spelling of file names.
public struct OfflineChecker: Sendable {
    public let vault: LinkedVault
    public let names: RawNames

    public init(vault: LinkedVault, names: RawNames) {
        self.vault = vault
        self.names = names
    }

    /// Checks the links of the published notes among `sources` (every published note when nil).
    public func check(sources: Set<Int>? = nil) -> OfflineReport {
        let indices = vault.notes.indices.filter { vault.notes[$0].isPublished && (sources?.contains($0) ?? true) }
        // The parts each pass reads, taken out once: the closure passing the checker on
        // copied all of it (every table of the linked vault) for every note.
        let (names, index, notes, resolutions) = (names, vault.index, vault.notes, vault.resolutions)
        // Each note's spelling on disk, looked up once when every note is checked: each pass
        // looked up its own (for its folder) and its targets' again for every link to a note,
        // hashing the same paths thousands of times. A check of a few sources looks up only
        // what it meets.
        let spellings = sources == nil ? notes.indices.map { names.spelling(of: notes[$0].path) } : nil
        let perNote = indices.parallelMap { i -> (OfflineReport, [(finding: Int, request: SuggestionRequest)]) in
            var pass = NotePass(names: names, spellings: spellings, index: index, notes: notes, resolutions: resolutions[i], source: i)
            pass.run()
            return (pass.report, pass.requests)
        }
        var report = OfflineReport()
        var requests: [(finding: Int, request: SuggestionRequest)] = []
        for (part, partRequests) in perNote {
            requests += partRequests.map { (report.findings.count + $0.finding, $0.request) }
            report.findings += part.findings
            report.external += part.external
            report.linksChecked += part.linksChecked
        }
        // The suggestions that need the names of the whole vault, once the broken links are
        // known: the names are measured only when a finding asks, for all such findings at once.
        if !requests.isEmpty {
            let answers = Suggester.answers(to: requests.map(\.request), checker: self)
            for (k, answer) in answers.enumerated() { report.findings[requests[k].finding].suggestion = answer }
        }
        report.notesChecked = indices.count
        report.findings.sort()
        return report
    }

    static func mayBeAmbiguous(_ name: String, in index: NoteIndex) -> Bool {
        (name.containsUTF8("/") && name.contains("/")) || index.isShared(name)
    }

    // MARK: Suggestions

    /// `../dl/vae.md`: the file system's spelling of `target`, relative to the folder of `source`.
    func relativeReference(to target: NotePath, from source: NotePath) -> String {
        OfflineChecker.relativeReference(to: target, from: source, names: names)
    }

    static func relativeReference(to target: NotePath, from source: NotePath, names: RawNames) -> String {
        let from = names.spelling(of: source).split(separator: "/").dropLast().map(String.init)
        let to = names.spelling(of: target).split(separator: "/").map(String.init)
        var common = 0
        while common < from.count, common < to.count - 1, Array(from[common].utf8) == Array(to[common].utf8) { common += 1 }
        let up = Array(repeating: "..", count: from.count - common)
        return (up + to[common...]).joined(separator: "/").replacingOccurrences(of: " ", with: "%20")
    }

    /// What the check reads of a note's body once the note is parsed: the whole body where it
    /// may hold a raw `<img>` or `<a>` (`HTMLImages`, whose locations come from the body) or an HTML id
    /// or name (`Anchors.htmlIDs`); else only the lines block ids are read from (`BlockIDs.skeleton`),
    /// which is nothing where there is no `^`. Each of those reads gives the same answer for the
    /// part as for the body. `check` keeps the part: the bodies were a third of its memory,
    /// and each note's is freed on the thread that parsed it, for the next note to reuse.
    public static func checkedPart(ofBody body: String) -> String {
        if HTMLImages.mayHoldImage(body) || RawHTMLLinks.mayHoldLink(body) || Anchors.mayHoldHTMLIDs(body) { return body }
        guard body.containsUTF8("^") else { return "" }
        return BlockIDs.skeleton(of: body)
    }

    /// Block ids (`^id`) written in a note.
    static func blockIDs(of note: ParsedNote) -> Set<String> {
        Set(BlockIDs.ids(in: note.note.body).map { $0.lowercased() })
    }
}

/// A suggestion that needs an index of the whole vault: asked for during the pass over the
/// notes, answered after it.
enum SuggestionRequest: Sendable {
    /// The nearest note name, title, alias or concept, as `[[name]]`.
    case wikiName(String)
    /// The nearest published note (or, with `asset`, file) to a broken path, written relative
    /// to the linking note; `![[…]]` around it when `embed`.
    case path(NotePath, asset: Bool, from: NotePath, embed: Bool = false)
    /// An answer known when the finding is made: a folder link spelled in another case gets
    /// the folder's spelling, as the build's hint gives it.
    case fixed(String)
}

/// The answers to the suggestion requests of a check. Each kind is answered for all its
/// requests at once (`Nearest.nearest(to:among:)`): the names of the whole vault are measured
/// only when some finding needs them, only those a broken name's length budget reaches, and on
/// every core.
enum Suggester {
    static func answers(to requests: [SuggestionRequest], checker: OfflineChecker) -> [String?] {
        var answers = [String?](repeating: nil, count: requests.count)
        var wiki: [(Int, String)] = []
        var notePaths: [(Int, NotePath)] = [], assetPaths: [(Int, NotePath)] = []
        for (k, request) in requests.enumerated() {
            switch request {
            case .wikiName(let name): wiki.append((k, name))
            case .path(let path, let asset, _, _):
                if asset { assetPaths.append((k, path)) } else { notePaths.append((k, path)) }
            case .fixed(let answer):
                answers[k] = answer
            }
        }
        let notes = checker.vault.notes
        if !wiki.isEmpty {
            // The names of the published notes, then of the concepts, made part by part on
            // every core as they are measured.
            let published = notes.indices.filter { notes[$0].isPublished }
            // Each concept's name and aliases (`appendNames(of:to:)`: a catalog of names only, as
            // `check` builds it, has no `concepts`, and makes its aliases when asked, here, in
            // each part).
            let catalog = checker.vault.concepts
            let conceptCount = catalog.conceptCount
            let size = 1024
            let noteParts = (published.count + size - 1) / size, conceptParts = (conceptCount + size - 1) / size
            let found = Nearest.nearest(to: wiki.map(\.1), parts: noteParts + conceptParts) { part -> ArraySlice<String> in
                var names: [String] = []
                if part < noteParts {
                    for i in published[(part * size)..<min((part + 1) * size, published.count)] {
                        names.append(NoteIndex.stem(of: notes[i].path))
                        names.append(notes[i].title)
                        names += notes[i].note.frontMatter.aliases
                    }
                } else {
                    let start = (part - noteParts) * size
                    for c in start..<min(start + size, conceptCount) {
                        catalog.appendNames(of: c, to: &names)
                    }
                }
                return names[...]
            }
            for ((k, _), found) in zip(wiki, found) { answers[k] = found.map { "[[\($0)]]" } }
        }
        for (wanted, paths) in [(notePaths, notePaths.isEmpty ? [] : notes.indices.filter { notes[$0].isPublished }.map { notes[$0].path }),
                                (assetPaths, assetPaths.isEmpty ? [] : Array(checker.vault.assets.keys))] where !wanted.isEmpty {
            for ((k, _), found) in zip(wanted, FileNames.nearest(to: wanted.map(\.1), among: paths)) {
                guard let found, case .path(_, _, let source, let embed) = requests[k] else { continue }
                let reference = checker.relativeReference(to: found, from: source)
                answers[k] = embed ? "![[\(reference)]]" : reference
            }
        }
        return answers
    }
}

/// Files by name, for suggestions: the nearest name wins, and of several files with that name
/// the one sharing the most folders with the broken path.
private enum FileNames {
    static func nearest(to wanted: [NotePath], among paths: [NotePath]) -> [NotePath?] {
        let names = Nearest.nearest(to: wanted.map(\.name), among: paths.map(\.name))
        // The files by name, only for the names found.
        let keys = Set(names.compactMap { $0.map(NoteIndex.key) })
        var byName: [String: [NotePath]] = [:]
        if !keys.isEmpty {
            for path in paths {
                let key = NoteIndex.key(path.name)
                if keys.contains(key) { byName[key, default: []].append(path) }
            }
        }
        return zip(wanted, names).map { path, name in
            guard let name, let candidates = byName[NoteIndex.key(name)] else { return nil }
            let folders = path.components.dropLast()
            func shared(_ other: NotePath) -> Int {
                zip(folders, other.components.dropLast()).prefix { $0 == $1 }.count
            }
            return candidates.max { a, b in
                let (sa, sb) = (shared(a), shared(b))
                return sa != sb ? sa < sb : b < a
            }
        }
    }
}

/// The check of one note's links; one per note, run in parallel.
///
/// It holds the parts of the checker it reads, not the checker: a copy of the linked vault
/// retained every table of it (concepts, graph, backlinks), for every note.
private struct NotePass {
    private let names: RawNames
    private let index: NoteIndex
    private let resolutions: [Resolution]
    let source: Int
    var report = OfflineReport()
    /// Findings (by index in `report.findings`) whose suggestion needs a vault-wide index.
    var requests: [(finding: Int, request: SuggestionRequest)] = []
    private var blockCache: [Int: Set<String>] = [:]
    /// The anchors of the notes this one links into (`Anchors.Tables`).
    private var anchorTables = Anchors.Tables()
    /// The note's folder as the file system spells it: every relative link starts there.
    private let rawFolder: RawNames.Folder
    /// Every note's spelling on disk (`RawNames.spelling(of:)`) by index, when looked up
    /// beforehand; nil to look each up when asked.
    private let spellings: [String]?

    /// The vault's notes, held once: a `ParsedNote` is read field by field, never copied whole
    /// (a copy retains every part of the note).
    private let notes: [ParsedNote]
    private let sourcePath: NotePath

    init(names: RawNames, spellings: [String]?, index: NoteIndex, notes: [ParsedNote], resolutions: [Resolution], source: Int) {
        self.names = names
        self.spellings = spellings
        self.index = index
        self.resolutions = resolutions
        self.source = source
        self.notes = notes
        sourcePath = notes[source].path
        if let spellings {
            rawFolder = names.folder(spelled: spellings[source])
        } else {
            rawFolder = names.folder(of: sourcePath)
        }
    }

    mutating func run() {
        // Each link read where the note's array stores it: handed to these mutating checks by
        // value, every link was copied whole (five strings and a context) and destroyed again.
        notes[source].document.links.withUnsafeBufferPointer { links in
            for k in links.indices {
                let link = links.baseAddress! + k
                report.linksChecked += 1
                switch link.pointee.kind {
                case .markdown, .image: checkMarkdown(link, resolutions[k])
                case .wikiLink, .embed: checkWiki(link, resolutions[k])
                }
            }
        }
        let images = HTMLImages.references(in: notes[source].document, body: notes[source].note.body,
                                           file: sourcePath.string, firstLine: notes[source].note.bodyStartLine)
        for image in images {
            report.linksChecked += 1
            checkHTMLImage(image)
        }
        // Raw `<a href>` links, resolved as the site resolves them to rewrite them, and checked
        // as the Markdown link they are read as.
        let rawLinks = HTMLImages.links(in: notes[source].document, body: notes[source].note.body,
                                        file: sourcePath.string, firstLine: notes[source].note.bodyStartLine)
        for raw in rawLinks {
            guard let (link, resolution) = LinkedVault.resolveRawLink(raw.source, in: source, notes: notes, index: index, at: raw.location) else { continue }
            report.linksChecked += 1
            withUnsafePointer(to: link) { checkMarkdown($0, resolution) }
        }
    }

    private mutating func add(_ kind: FindingKind, _ link: UnsafePointer<LinkOccurrence>, _ message: String, suggestion: String? = nil) {
        report.findings.append(Finding(kind, at: link.pointee.location, target: OfflineChecker.written(link.pointee.destination, link.pointee.fragment), message: message, suggestion: suggestion))
    }

    /// A finding whose suggestion is answered after the pass (`OfflineChecker.check`).
    private mutating func add(_ kind: FindingKind, _ link: UnsafePointer<LinkOccurrence>, _ message: String, suggesting request: SuggestionRequest) {
        add(kind, link, message)
        requests.append((report.findings.count - 1, request))
    }

    // MARK: Markdown links and images

    private mutating func checkMarkdown(_ link: UnsafePointer<LinkOccurrence>, _ resolution: Resolution) {
        let destination = link.pointee.destination
        if destination.isEmpty {
            // `[x](#slug)`: a heading of this note.
            if let fragment = link.pointee.fragment, !fragment.isEmpty { checkExactAnchor(fragment, in: source, link) }
            return
        }
        if case .external = resolution {
            if let url = OfflineChecker.httpURL(destination) {
                report.external.append(ExternalLink(url: url, written: OfflineChecker.written(link.pointee.destination, link.pointee.fragment), location: link.pointee.location))
            }
            return
        }
        let decoded = destination.percentDecoded ?? destination
        if case .broken = resolution {
            guard let path = sourcePath.resolving(decoded) else {
                add(.outsideContent, link, "\"\(destination)\" leaves the content folder; not followed")
                return
            }
            let isAsset = link.pointee.kind == .image || (!path.pathExtension.isEmpty && !path.isMarkdown && OfflineChecker.isFileExtension(path.pathExtension))
            if isAsset {
                add(.missingAsset, link, "missing file \"\(destination)\"", suggesting: .path(path, asset: true, from: sourcePath))
            } else if link.pointee.kind == .markdown, let folder = index.publishedFolder(spelledLike: path.string) {
                // `[x](DL/)` for the folder `dl`: its page has the folder's spelling.
                let reference = folder == sourcePath.folder ? "./" : OfflineChecker.relativeReference(to: NotePath(folder + "/x"), from: sourcePath, names: names).dropLast(1)
                add(.brokenLink, link, "no note at \"\(destination)\"", suggesting: .fixed(String(reference)))
            } else {
                let wanted = path.pathExtension.isEmpty ? NotePath(path.string + ".md") : path
                add(.brokenLink, link, "no note at \"\(destination)\"", suggesting: .path(wanted, asset: false, from: sourcePath))
            }
            return
        }
        if case .note(let target, _) = resolution {
            guard checkSpelling(decoded, reaches: notes[target].path, note: target, link) else { return }
            if let fragment = link.pointee.fragment, !fragment.isEmpty { checkExactAnchor(fragment, in: target, link) }
        } else if case .unpublished(let target) = resolution {
            guard checkSpelling(decoded, reaches: notes[target].path, note: target, link) else { return }
            add(.unpublishedLink, link, "links to an unpublished note (\(notes[target].path.string)); the site shows plain text")
        } else if case .asset(let asset) = resolution {
            _ = checkSpelling(decoded, reaches: asset, link)
        }
    }

    /// The linker found the target ignoring case and Unicode normalisation; a case-sensitive
    /// host compares bytes. False (and a finding) when only the lenient comparison finds it.
    /// `note` is the index of the target when it is a note, whose spelling may have been
    /// looked up beforehand.
    private mutating func checkSpelling(_ decoded: String, reaches target: NotePath, note: Int? = nil, _ link: UnsafePointer<LinkOccurrence>) -> Bool {
        guard let written = names.resolve(decoded, in: rawFolder) else { return true }
        let actual: String
        if let note, let spellings { actual = spellings[note] } else { actual = names.spelling(of: target) }
        if names.reaches(written, target, spelled: actual) { return true }
        // Two files that differ only in case: the one written may exist even if the linker chose the other.
        if [written, written + ".md", written + ".markdown"].contains(where: names.exists) { return true }
        let differsOnlyInForm = written.nfc == actual.nfc
            || (written + ".md").nfc == actual.nfc
        let how = differsOnlyInForm
            ? "differs from the file name \(actual) only in Unicode normalisation (\(OfflineChecker.form(written)) written, \(OfflineChecker.form(actual)) on disk)"
            : "finds \(actual) only by ignoring case"
        add(.caseMismatch, link, "\"\(link.pointee.destination)\" \(how): it works on macOS and breaks on Linux and most hosts",
            suggestion: OfflineChecker.relativeReference(to: target, from: sourcePath, names: names))
        return false
    }

    /// `#slug` in a Markdown link: exactly an id the page has, as the browser compares it
    /// (`Anchors.id(named:…)`, which the site's links are made by too).
    private mutating func checkExactAnchor(_ fragment: String, in target: Int, _ link: UnsafePointer<LinkOccurrence>) {
        let wanted = (fragment.percentDecoded ?? fragment).nfc
        if wanted.hasPrefix("^") {
            checkBlock(String(wanted.dropFirst()), in: target, link, suggestionPrefix: "#^")
            return
        }
        let headings = notes[target].document.headings
        if Anchors.id(named: fragment, in: anchorTables.table(of: target, in: notes)) != nil { return }
        let nearest = Nearest.nearest(to: wanted, among: headings.map(\.id))
        let where_ = target == source ? "this note" : notes[target].path.string
        add(.brokenAnchor, link, "\(where_) has no heading with id #\(wanted)", suggestion: nearest.map { "#" + $0 })
    }

    // MARK: Wikilinks and embeds

    private mutating func checkWiki(_ link: UnsafePointer<LinkOccurrence>, _ resolution: Resolution) {
        if link.pointee.destination.isEmpty {
            // `[[#Heading]]`: this note.
            if let fragment = link.pointee.fragment { checkWikiFragment(fragment, in: source, link) }
            return
        }
        if case .broken = resolution {
            let ext = NotePath(link.pointee.destination).pathExtension
            if !ext.isEmpty, ext != "md", OfflineChecker.isFileExtension(ext) {
                add(.missingAsset, link, "no file named \"\(link.pointee.destination)\"",
                    suggesting: .path(NotePath(link.pointee.destination), asset: true, from: sourcePath, embed: true))
            } else {
                add(.brokenWikilink, link, "no note or file named \"\(link.pointee.destination)\"", suggesting: .wikiName(link.pointee.destination))
            }
        } else if case .note(let target, _) = resolution {
            if OfflineChecker.mayBeAmbiguous(link.pointee.destination, in: index),
               case .ambiguous(let candidates) = index.resolveWikiTarget(link.pointee.destination, from: sourcePath) {
                let paths = candidates.map { notes[$0].path.string }
                add(.ambiguous, link, "[[\(link.pointee.destination)]] matches \(candidates.count) notes: \(paths.joined(separator: ", ")); using \(notes[target].path.string)",
                    suggestion: "[[\(notes[target].path.withoutExtension)]]")
            }
            if let fragment = link.pointee.fragment { checkWikiFragment(fragment, in: target, link) }
        } else if case .unpublished(let target) = resolution {
            add(.unpublishedLink, link, "links to an unpublished note (\(notes[target].path.string)); the site shows plain text")
        }
        // Assets and whatever else the linker resolves (concepts) lead somewhere.
    }

    /// `Heading`, `A#B` (B in the section under A) or `^block-id`, compared as Obsidian does
    /// (`Anchors.heading(path:in:)`, which the site's links are made by too).
    private mutating func checkWikiFragment(_ fragment: String, in target: Int, _ link: UnsafePointer<LinkOccurrence>) {
        let trimmed = fragment.trimmingHorizontalSpace()
        guard !trimmed.isEmpty else { return }
        let prefix = link.pointee.destination.isEmpty ? "[[" : "[[\(link.pointee.destination)"
        if trimmed.hasPrefix("^") {
            checkBlock(String(trimmed.dropFirst()), in: target, link, suggestionPrefix: prefix + "#^", suffix: "]]")
            return
        }
        let headings = notes[target].document.headings
        let found = Anchors.heading(path: trimmed, in: anchorTables.table(of: target, in: notes))
        guard found.found == nil, found.matched < found.parts.count else { return }
        let part = found.parts[found.matched]
        let under = found.path.isEmpty ? "" : " under \"\(found.path.joined(separator: " › "))\""
        let name = target == source ? "this note" : notes[target].path.string
        let suggestion = Nearest.nearest(to: part, among: found.scope.map { headings[$0].text }).map {
            prefix + "#" + (found.path + [$0]).joined(separator: "#") + "]]"
        }
        add(.brokenAnchor, link, "\(name) has no heading \"\(part)\"\(under)", suggestion: suggestion)
    }

    private mutating func checkBlock(_ id: String, in target: Int, _ link: UnsafePointer<LinkOccurrence>, suggestionPrefix: String, suffix: String = "") {
        let ids: Set<String>
        if let cached = blockCache[target] {
            ids = cached
        } else {
            ids = OfflineChecker.blockIDs(of: notes[target])
            blockCache[target] = ids
        }
        guard !ids.contains(id.lowercased()) else { return }
        let name = target == source ? "this note" : notes[target].path.string
        add(.brokenAnchor, link, "\(name) has no block ^\(id)",
            suggestion: Nearest.nearest(to: id.lowercased(), among: ids.sorted()).map { suggestionPrefix + $0 + suffix })
    }

    // MARK: Raw HTML

    private mutating func checkHTMLImage(_ image: HTMLImages.Reference) {
        let src = image.source
        func add(_ kind: FindingKind, _ message: String, suggestion: String? = nil, suggesting request: SuggestionRequest? = nil) {
            report.findings.append(Finding(kind, at: image.location, target: src, message: message, suggestion: suggestion))
            if let request { requests.append((report.findings.count - 1, request)) }
        }
        if src.isEmpty || src.hasPrefix("data:") || src.hasPrefix("#") { return }
        if let url = OfflineChecker.httpURL(src) {
            report.external.append(ExternalLink(url: url, written: src, location: image.location))
            return
        }
        if OfflineChecker.hasScheme(src) { return }
        var decodedPath = src
        if let cut = decodedPath.firstIndex(where: { $0 == "?" || $0 == "#" }) { decodedPath = String(decodedPath[..<cut]) }
        decodedPath = decodedPath.percentDecoded ?? decodedPath
        guard let path = sourcePath.resolving(decodedPath), let written = names.resolve(decodedPath, in: rawFolder) else {
            add(.outsideContent, "\"\(src)\" leaves the content folder; not followed")
            return
        }
        if names.exists(written) { return }
        switch index.resolvePath(path) {
        case .asset(let asset):
            add(.caseMismatch, "\"\(src)\" finds \(names.spelling(of: asset)) only by ignoring case or Unicode normalisation: it works on macOS and breaks on Linux and most hosts",
                suggestion: OfflineChecker.relativeReference(to: asset, from: sourcePath, names: names))
        default:
            add(.missingAsset, "missing file \"\(src)\"", suggesting: .path(path, asset: true, from: sourcePath))
        }
    }
}

extension OfflineChecker {
    /// The link as the author wrote its target: `vae.md#slug`, `Note#Heading`, `#slug`.
    static func written(_ link: LinkOccurrence) -> String {
        written(link.destination, link.fragment)
    }

    /// `written(_:)` from the two fields it reads, for a link read in place.
    static func written(_ destination: String, _ fragment: String?) -> String {
        guard let fragment else { return destination }
        return destination + "#" + fragment
    }

    /// The URL to request for an http(s) or protocol-relative link, without its fragment.
    static func httpURL(_ destination: String) -> String? {
        var url = destination
        if url.hasPrefix("//") { url = "https:" + url }
        let lower = url.prefix(8).lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return nil }
        if let hash = url.firstIndex(of: "#") { url = String(url[..<hash]) }
        return url
    }

    /// `mailto:`, `tel:`, `obsidian:`: a scheme of two or more letters, digits, `+-.`.
    static func hasScheme(_ text: String) -> Bool {
        if text.hasPrefix("//") { return true }
        guard let colon = text.firstIndex(of: ":") else { return false }
        let scheme = text[..<colon]
        guard scheme.count > 1, let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    /// Extensions that make a name a file rather than a note with a dot in its name.
    static func isFileExtension(_ ext: String) -> Bool {
        ["png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp", "ico", "pdf", "mp4", "webm", "mov", "mp3", "wav", "ogg",
         "m4a", "txt", "html", "htm", "csv", "json", "zip", "canvas", "excalidraw", "tex", "bib", "py", "ipynb"].contains(ext)
    }

    /// "NFC", "NFD" or "mixed" for a name, compared byte for byte.
    static func form(_ text: String) -> String {
        if text.utf8.elementsEqual(text.precomposedStringWithCanonicalMapping.utf8) { return "NFC" }
        if text.utf8.elementsEqual(text.decomposedStringWithCanonicalMapping.utf8) { return "NFD" }
        return "mixed"
    }
}

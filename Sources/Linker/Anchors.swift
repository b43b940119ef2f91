import Diagnostics
import Foundation
public import Markdown
import Notes

/// Where a link's `#fragment` lands in a note: the one answer that `build`, which writes the
/// link's href, and `check`, which reports it, both take. The site keeps a fragment exactly
/// when the checker passes it, so a link the checker passes never leads to a missing id, and a
/// fragment the site has to drop is always a finding.
///
/// (They were two functions: the linker took the last part of `[[Note#A#B]]` and the first
/// heading with that slug anywhere, where the checker searched B under A; the linker dropped
/// `[x](#fn-1)` and ids of the note's own HTML, which the checker passed; the linker slugged an
/// untrimmed `[[Note#Heading ]]`, which the checker trimmed.)
public enum Anchors {
    /// What the lookups read of one note, kept by the caller (`Tables`) for every link into it.
    ///
    /// Each part is made at its first use, since most links need one or none of them: a link
    /// `[x](note.md#id)` reads the ids, a wikilink `[[Note#Heading]]` that copies the heading
    /// reads the texts, and only a miss reads the slugs, the footnotes or the raw HTML. (Made all
    /// at once, for every note linked into, the tables cost 1.4% of a build's instructions.) A
    /// table belongs to the one caller that made it, on one thread.
    public final class Table {
        public let headings: [HeadingInfo]
        private let note: ParsedNote
        public init(_ note: ParsedNote) {
            self.note = note
            headings = note.document.headings
        }
        /// The headings' ids: NFC (`Slugger`), so a set's canonical comparison is a byte one.
        lazy var ids = Set(headings.lazy.map(\.id))
        /// The headings of each text (NFC), in order.
        lazy var byText: [String: [Int]] = Table.group(headings.indices) { self.headings[$0].text.nfc }
        /// The headings of each slug of a heading's text, in order.
        lazy var bySlug: [String: [Int]] = Table.group(headings.indices) { Slugger.slug(self.headings[$0].text.nfc) }
        /// How many footnotes the page lists (`MarkdownDocument.footnoteCount`: a walk of the note).
        lazy var footnotes = note.document.footnoteCount
        /// Ids of the note's raw HTML (`htmlIDs`: a search of the body).
        lazy var htmlIDs = Anchors.htmlIDs(in: note.note.body)

        private static func group(_ indices: Range<Int>, by key: (Int) -> String) -> [String: [Int]] {
            var groups: [String: [Int]] = [:]
            groups.reserveCapacity(indices.count)
            for i in indices { groups[key(i), default: []].append(i) }
            return groups
        }
    }

    /// The tables of the notes one caller (a note's `Resolver`, the check's pass over a note)
    /// links into, each made at the first link into its headings: made again for each link, a
    /// note of 6,000 sections linking `[[#Section n]]` in each took 13 s of CPU, growing with
    /// the square of the sections.
    public struct Tables {
        private var made: [Int: Table] = [:]
        public init() {}

        /// The table of `notes[target]`.
        public mutating func table(of target: Int, in notes: [ParsedNote]) -> Table {
            if let table = made[target] { return table }
            let table = Table(notes[target])
            made[target] = table
            return table
        }
    }

    /// The id a Markdown link's `#fragment` (`other.md#slug`, `#slug`) names on the page of the
    /// note of `table`, or nil when the page has no such id. Compared as a browser compares:
    /// exactly, after percent-decoding; in NFC, the form of every heading id (`Slugger`) and of
    /// what keyboards type. Besides headings: the footnotes the page lists (`fn-2`) and their
    /// references, the theme's own ids (`ng-…`), `top`, and `id`/`name` attributes of the
    /// note's raw HTML. Block ids (`#^id`) are no ids on the site: nil, the link goes to the note.
    public static func id(named fragment: String, in table: Table) -> String? {
        let wanted = (fragment.percentDecoded ?? fragment).nfc
        if wanted.hasPrefix("^") { return nil }
        if table.ids.contains(wanted) || isPageAnchor(wanted, footnotes: { table.footnotes }) || table.htmlIDs.contains(wanted) {
            return wanted
        }
        return nil
    }

    /// Ids every note page has besides its headings: `top`, the theme's `ng-…`, and footnotes
    /// `fn-N` / `fnref-N` / `fnref-N-K` for the `footnotes()` the page lists (counted only for
    /// such an id: it walks the note).
    public static func isPageAnchor(_ id: String, footnotes: () -> Int) -> Bool {
        if id == "top" || id.hasPrefix("ng-") { return true }
        func number(_ digits: Substring) -> Int? {
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0" else { return nil }
            return Int(digits)
        }
        if id.hasPrefix("fn-"), let n = number(id.dropFirst(3)) { return n <= footnotes() }
        if id.hasPrefix("fnref-") {
            let parts = id.dropFirst(6).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            guard let n = number(parts[0]), parts.count == 1 || number(parts[1]) != nil else { return false }
            return n <= footnotes()
        }
        return false
    }

    /// Whether `body` holds the bytes of `id=` or `name=`: without them `htmlIDs` finds none
    /// (the bytes are a necessary condition of Foundation's `contains`, `containsUTF8`).
    public static func mayHoldHTMLIDs(_ body: String) -> Bool {
        body.containsUTF8("id=") || body.containsUTF8("name=")
    }

    /// `id="…"` and `<a name="…">` written in a note's raw HTML (rare; read only on a miss).
    public static func htmlIDs(in body: String) -> Set<String> {
        guard mayHoldHTMLIDs(body), body.contains("id=") || body.contains("name=") else { return [] }
        var ids = Set<String>()
        for marker in [" id=\"", " id='", " name=\"", " name='"] {
            var rest = Substring(body)
            while let range = rest.range(of: marker) {
                let quote = marker.last!
                let after = rest[range.upperBound...]
                guard let close = after.firstIndex(of: quote) else { break }
                ids.insert(String(after[..<close]).nfc)
                rest = after[close...]
            }
        }
        return ids
    }

    /// Where a wikilink's heading path (`Heading`, `A#B`: B in the section under A) leads.
    public struct HeadingPath: Sendable, Equatable {
        /// The index in `headings` of the heading the whole path names, when it names one.
        public var found: Int?
        /// When it names none: the parts (trimmed), how many of them matched, the headings'
        /// indices searched for the first that did not, and the texts of the headings matched
        /// on the way there, for the finding and its "did you mean".
        public var parts: [String]
        public var matched: Int
        public var scope: Range<Int>
        public var path: [String]
    }

    /// Finds a wikilink fragment among a note's headings, as Obsidian does: each part by its
    /// heading's text, through the slug so case and punctuation do not matter; a later part
    /// only in the section under the heading the part before it matched; depth first over
    /// every heading a part matches (a note may repeat a heading). Among headings whose slugs
    /// match, those whose text is the part itself come first, so `[[#C]]` finds `## C`, not a
    /// `## C++` above it. The fragment is trimmed; empty parts (`A##B`) are skipped.
    public static func heading(path fragment: String, in table: Table) -> HeadingPath {
        let headings = table.headings
        let parts = fragment.trimmingHorizontalSpace().split(separator: "#")
            .map { $0.trimmingHorizontalSpace() }.filter { !$0.isEmpty }
        var result = HeadingPath(found: nil, parts: parts, matched: 0, scope: headings.indices, path: [])
        guard !parts.isEmpty else { return result }
        func search(_ depth: Int, _ scope: Range<Int>, _ path: [String]) -> Int? {
            if depth > result.matched { (result.matched, result.scope, result.path) = (depth, scope, path) }
            let part = parts[depth].nfc
            func deeper(_ i: Int) -> Int? {
                if depth + 1 == parts.count { return i }
                // The section under a heading runs to the next heading of the same or a higher level.
                let end = headings[(i + 1)...].firstIndex { $0.level <= headings[i].level } ?? headings.endIndex
                return search(depth + 1, (i + 1)..<end, path + [headings[i].text])
            }
            let exact = (table.byText[part] ?? []).filter { scope.contains($0) }
            for i in exact {
                if let found = deeper(i) { return found }
            }
            // The slugs only when no heading's text is the part as written.
            for i in table.bySlug[Slugger.slug(part)] ?? [] where scope.contains(i) && !exact.contains(i) {
                if let found = deeper(i) { return found }
            }
            return nil
        }
        result.found = search(0, headings.indices, [])
        return result
    }
}

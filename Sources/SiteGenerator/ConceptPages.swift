import Diagnostics
import Linker
import Markdown
public import Notes

/// The concept pages: one per concept at `concepts/<slug>/`, the page a student opens to revise
/// one idea across all their notes, and an index of them all at `concepts/`.
///
/// A concept page shows the concept's names, each definition (the defining paragraph, rendered,
/// linked to its section), related concepts by weight, the notes linking to it and, apart from
/// those, the notes that name it in plain text, each with the sentences around the mentions.
///
/// Template `concept`: `concept {name, aliases [String], hasAliases, definitions [{note {title,
/// href}, section?, excerptHTML?}], hasDefinitions, related [{name, href, weight}], hasRelated,
/// links [{title, href, contexts [{before?, match?, after?}]}], hasLinks, moreLinks?, moreLinksText?,
/// mentions [{title, href, count, countText ("3 mentions", "언급 3회"), contexts}], hasMentions, moreMentions?, moreMentionsText?}`,
/// `conceptsHref`. `moreLinksText` is the cut-off count as a phrase of the interface language.
/// Template `concepts`: `groups [{initial, id, concepts [{name, href, aliases?, definitions,
/// notes}]}]`, `hasConcepts`, `count`.
public struct ConceptPages: Sendable {
    /// The names of the pages' contexts, fingerprinted once (`TemplateValues.Names`).
    private typealias Names = TemplateValues.Names

    /// The concept index.
    public static let index = Permalink("concepts/")
    /// How many notes a concept page lists under links and under mentions; the rest are counted.
    public static let listLimit = 100
    /// How many related concepts a page lists.
    public static let relatedLimit = 16

    public let notePages: NotePages
    public let language: InterfaceLanguage

    public init(notePages: NotePages, language: InterfaceLanguage = .en) {
        self.notePages = notePages
        self.language = language
    }

    /// The index and every concept's page; none when the notes define no concept.
    public func build() -> [ExtraPage] {
        let catalog = notePages.vault.concepts
        guard !catalog.concepts.isEmpty else { return [] }
        // Heading texts by id, for the notes that define something and have many headings: a
        // note defining hundreds of concepts would otherwise be searched heading by heading for
        // each of them. A note of a few headings is searched (`sectionText`): hashing each of
        // its headings into a table cost more than the few searches made in it.
        var defining = Set<Int>()
        for concept in catalog.concepts {
            for d in concept.definitions where notePages.vault.notes[d.note].document.headings.count > Self.searchedHeadings {
                defining.insert(d.note)
            }
        }
        let notes = notePages.vault.notes
        let tables = Array(defining).parallelMap { n -> (Int, [String: String]) in
            var texts: [String: String] = [:]
            for heading in notes[n].document.headings where texts[heading.id] == nil { texts[heading.id] = heading.text }
            return (n, texts)
        }
        // By note, the other notes' tables empty (an empty dictionary is shared, not made).
        // Searched or looked up, the text is that of the first heading with the id.
        var headings = [[String: String]](repeating: [:], count: notes.count)
        for (n, texts) in tables { headings[n] = texts }
        // The count phrases of every mention on every page, each made once.
        var mostMentions = 0
        for list in catalog.mentions {
            for m in list.indices where list[m].unlinkedCount > mostMentions { mostMentions = list[m].unlinkedCount }
        }
        let source = Source(pages: self, headings: headings, counts: CountTexts(language: language, upTo: mostMentions))
        // Each page's lists are made when it is rendered (`values`), not all up front. The name
        // and permalink read in place: a copy of a Concept retains every part of it.
        var pages: [ExtraPage] = [indexPage()]
        pages.reserveCapacity(catalog.concepts.count + 1)
        for c in catalog.concepts.indices {
            var page = ExtraPage(permalink: catalog.concepts[c].permalink, template: "concept", title: catalog.concepts[c].name)
            page.values = { links in source.pages.context(for: c, headings: source.headings, counts: source.counts, links: links) }
            pages.append(page)
        }
        return pages
    }

    /// What every concept page's `values` needs, held once for all of them: each closure
    /// holding a copy of `ConceptPages` itself retained (and later released) the two dozen
    /// arrays of the vault it holds, twenty thousand times over, on objects every thread shares.
    final class Source: Sendable {
        let pages: ConceptPages
        /// By note: its heading texts by id, for the notes that define a concept and have more
        /// than `searchedHeadings` headings (else empty).
        let headings: [[String: String]]
        let counts: CountTexts

        init(pages: ConceptPages, headings: [[String: String]], counts: CountTexts) {
            self.pages = pages
            self.headings = headings
            self.counts = counts
        }
    }

    /// The phrases with a number that concept pages write, their patterns looked up once for
    /// all pages, and the count beside each mentioning note ("3 mentions", "언급 3회") made
    /// once per count: a page looked both patterns up in the language's table (hashing their
    /// names) and wrote a phrase for every note listed, some 15 M instructions a 2,000-note
    /// build for a few dozen different phrases. A class: every page is handed it, and a copy of
    /// the two patterns and the table retained each of their dozen strings.
    final class CountTexts: Sendable {
        /// "3 more notes": the notes past `listLimit`.
        let more: Labels.Pattern
        let mentionCount: Labels.Pattern
        /// `mentionCount.text(n)` for each `n` from 0 up to the count asked for.
        let mentions: [String]

        /// Counts from 0 to `upTo` (at most `tableLimit`) made now; others when asked.
        init(language: InterfaceLanguage, upTo: Int = -1) {
            let patterns = Labels.patterns(for: language)
            more = patterns["moreNotes"]!
            let mentionCount = patterns["mentionCount"]!
            self.mentionCount = mentionCount
            mentions = (0...min(max(upTo, 0), Self.tableLimit)).map { mentionCount.text($0) }
        }

        /// A note naming a concept ten thousand times would not make a table as long.
        static let tableLimit = 1_024

        /// `mentionCount.text(n)`.
        func mentionText(_ n: Int) -> String {
            n >= 0 && n < mentions.count ? mentions[n] : mentionCount.text(n)
        }
    }

    /// A concept page's context, made when the page is rendered, hrefs relative to it.
    /// `headings`: by note, its heading texts by id (those of the notes defining a concept that
    /// have many headings; see `sectionText`).
    ///
    /// Everything is read in place, field by field: a copy of a Concept, a ParsedNote or a
    /// mention retains every part of it, on objects the other threads are retaining too.
    /// `counts`: the count phrases in the pages' language (made here when not given).
    func context(for c: Int, headings: [[String: String]], counts: CountTexts? = nil, links pageLinks: PageLinks) -> TemplateContext {
        let counts = counts ?? CountTexts(language: language)
        let vault = notePages.vault
        let catalog = vault.concepts
        // Notes and related concepts are linked by targets encoded once (`NotePages.targets`).
        let targets = notePages.targets
        // Names appended, each once, with fingerprints worked out once for all pages (`Names`).
        var value = TemplateContext(minimumCapacity: 16)
        value.append(distinct: Names.name, .string(catalog.concepts[c].name))
        if !catalog.concepts[c].aliases.isEmpty {
            value.append(distinct: Names.aliases, .list(catalog.concepts[c].aliases.map { .string($0) }))
            value.append(distinct: Names.hasAliases, true)
        }

        let here = catalog.concepts[c].permalink
        let defined = catalog.concepts[c].definitions
        var definitions: [TemplateValue] = []
        definitions.reserveCapacity(defined.count)
        for d in defined.indices where vault.notes[defined[d].note].isPublished {
            let note = defined[d].note
            let title = vault.notes[note].title
            var item = TemplateContext(minimumCapacity: 4)
            item.append(distinct: Names.note, .object(Names.title, .string(title),
                                                  Names.href, .string(pageLinks.href(targets.notes[note], fragment: defined[d].anchor))))
            item.append(distinct: Names.source, .string(defined[d].source.rawValue))
            if let anchor = defined[d].anchor, let text = sectionText(of: note, anchor, headings: headings), text != title {
                item.append(distinct: Names.section, .string(text))
            }
            if let excerpt = defined[d].excerpt {
                // Each definition's footnotes get ids of their own (`d1-fn-1`, `d2-fn-1`).
                let html = SiteGenerator.trimmingTrailingNewlines(
                    notePages.renderExcerpt(excerpt, of: note, on: here, idPrefix: "d\(definitions.count + 1)-"))
                if !html.isEmpty { item.append(distinct: Names.excerptHTML, .string(html)) }
            }
            definitions.append(.object(item))
        }
        value.append(distinct: Names.hasDefinitions, .bool(!definitions.isEmpty))
        value.append(distinct: Names.definitions, .list(definitions))

        let relatedEdges = catalog.related[c]
        var related: [TemplateValue] = []
        related.reserveCapacity(min(relatedEdges.count, Self.relatedLimit))
        for r in relatedEdges.indices.prefix(Self.relatedLimit) {
            let other = relatedEdges[r].concept
            related.append(.object(Names.name, .string(catalog.concepts[other].name), Names.href, .string(pageLinks.href(targets.concepts[other])),
                                   Names.weight, .int(Int(relatedEdges[r].weight.rounded()))))
        }
        value.append(distinct: Names.hasRelated, .bool(!related.isEmpty))
        value.append(distinct: Names.related, .list(related))

        // Links, one entry per linking note, in note order.
        let (links, linkingNotes) = linkEntries(of: c, links: pageLinks)
        value.append(distinct: Names.hasLinks, .bool(!links.isEmpty))
        value.append(distinct: Names.links, .list(links))
        if linkingNotes > Self.listLimit {
            value.append(distinct: Names.moreLinks, .int(linkingNotes - Self.listLimit))
            value.append(distinct: Names.moreLinksText, .string(counts.more.text(linkingNotes - Self.listLimit)))
        }

        // Unlinked mentions: the notes that name it most come first.
        let mentionList = catalog.mentions[c]
        var mentioned: [Int] = []
        mentioned.reserveCapacity(mentionList.count)
        for m in mentionList.indices where mentionList[m].unlinkedCount > 0 && vault.notes[mentionList[m].note].isPublished {
            mentioned.append(m)
        }
        // Positions sorted, not the mentions; equal counts in the notes' path order, as every
        // list of notes (`String.naturallyPrecede`), then in list order.
        if mentioned.count > 1 {
            let rank = notePages.targets.pathRank
            mentioned.sort { a, b in
                let x = mentionList[a].unlinkedCount, y = mentionList[b].unlinkedCount
                if x != y { return x > y }
                let m = mentionList[a].note, n = mentionList[b].note
                return m != n ? rank[m] < rank[n] : a < b
            }
        }
        // The count beside a note's title is a phrase: "노트 1 1" read as a title and a number.
        var mentions: [TemplateValue] = []
        mentions.reserveCapacity(min(mentioned.count, Self.listLimit))
        for m in mentioned.prefix(Self.listLimit) {
            let note = mentionList[m].note
            mentions.append(.object(TemplateObject(
                Names.title, .string(vault.notes[note].title), Names.href, .string(pageLinks.href(targets.notes[note])),
                Names.count, .int(mentionList[m].unlinkedCount),
                Names.contexts, Self.snippets(mentionList[m].contexts),
                Names.countText, .string(counts.mentionText(mentionList[m].unlinkedCount)))))
        }
        value.append(distinct: Names.hasMentions, .bool(!mentions.isEmpty))
        value.append(distinct: Names.mentions, .list(mentions))
        if mentioned.count > Self.listLimit {
            value.append(distinct: Names.moreMentions, .int(mentioned.count - Self.listLimit))
            value.append(distinct: Names.moreMentionsText, .string(counts.more.text(mentioned.count - Self.listLimit)))
        }

        return TemplateContext(Names.concept, .object(value), Names.conceptsHref, .string(pageLinks.href(targets.conceptIndex)))
    }

    /// Notes with more headings than this have their heading texts in a table by id
    /// (`build`); those with fewer are searched.
    static let searchedHeadings = 16

    /// The text of the first heading of note `n` whose id is `anchor`: searched in a note of
    /// few headings, else looked up in its table in `headings` (which keeps the first heading
    /// of each id, ids compared as Strings either way).
    func sectionText(of n: Int, _ anchor: String, headings: [[String: String]]) -> String? {
        let noteHeadings = notePages.vault.notes[n].document.headings
        if noteHeadings.count > Self.searchedHeadings { return headings[n][anchor] }
        for h in noteHeadings.indices where noteHeadings[h].id == anchor { return noteHeadings[h].text }
        return nil
    }

    /// The "links" list of concept `c`'s page, `{title, href, contexts}` for each published note
    /// linking it, in note order, with the first three different contexts of its links there; and
    /// how many notes that is (the list stops at `listLimit`).
    ///
    /// `ConceptCatalog.links` is in note order, so a note's links come one after another: each
    /// run is one entry, its contexts kept as they come until three differ, where a table by note
    /// gathered every context of every note. A list out of note order (which the catalog does
    /// not make) takes `linkEntriesByNote`, that table.
    func linkEntries(of c: Int, links pageLinks: PageLinks, forcingGeneral: Bool = false) -> (entries: [TemplateValue], notes: Int) {
        let vault = notePages.vault
        let conceptLinks = vault.concepts.links[c]
        var inOrder = !forcingGeneral
        var i = 1
        while inOrder, i < conceptLinks.count {
            if conceptLinks[i - 1].note > conceptLinks[i].note { inOrder = false }
            i += 1
        }
        guard inOrder else { return linkEntriesByNote(of: c, links: pageLinks) }
        let targets = notePages.targets
        var entries: [TemplateValue] = []
        var notes = 0
        var start = 0
        while start < conceptLinks.count {
            let note = conceptLinks[start].note
            var end = start + 1
            while end < conceptLinks.count, conceptLinks[end].note == note { end += 1 }
            defer { start = end }
            guard vault.notes[note].isPublished else { continue }
            notes += 1
            guard notes <= Self.listLimit else { continue }
            var contexts: [LinkContext] = []
            contexts.reserveCapacity(min(end - start, 3))
            for k in start..<end where contexts.count < 3 {
                let context = Self.context(of: vault.notes[note].document.links[conceptLinks[k].occurrence])
                if !contexts.contains(context) { contexts.append(context) }
            }
            entries.append(.object(Names.title, .string(vault.notes[note].title), Names.href, .string(pageLinks.href(targets.notes[note])),
                                   Names.contexts, .list(contexts.map(Self.snippet))))
        }
        return (entries, notes)
    }

    /// `linkEntries` for links in any order: every context of every note gathered in a table
    /// by note, then the first three of each, in the order the notes first appear.
    func linkEntriesByNote(of c: Int, links pageLinks: PageLinks) -> (entries: [TemplateValue], notes: Int) {
        let vault = notePages.vault
        let targets = notePages.targets
        var linkOrder: [Int] = []
        var linkContexts: [Int: [LinkContext]] = [:]
        for link in vault.concepts.links[c] where vault.notes[link.note].isPublished {
            if linkContexts[link.note] == nil { linkOrder.append(link.note) }
            let context = Self.context(of: vault.notes[link.note].document.links[link.occurrence])
            if !linkContexts[link.note, default: []].contains(context) { linkContexts[link.note, default: []].append(context) }
        }
        let entries = linkOrder.prefix(Self.listLimit).map { n -> TemplateValue in
            .object(Names.title, .string(vault.notes[n].title), Names.href, .string(pageLinks.href(targets.notes[n])),
                    Names.contexts, .list(linkContexts[n]!.prefix(3).map(Self.snippet)))
        }
        return (entries, linkOrder.count)
    }

    /// The sentence around a link, or its text alone when it has none.
    static func context(of occurrence: LinkOccurrence) -> LinkContext {
        occurrence.context ?? LinkContext(before: "", match: occurrence.displayText, after: "")
    }

    /// The index of every concept; its lists are made when it is rendered, beside the other
    /// pages, rather than on one core before any page is.
    func indexPage() -> ExtraPage {
        let title = Labels.table(for: language)["concepts"] ?? "Concepts"
        var page = ExtraPage(permalink: Self.index, template: "concepts", title: title)
        page.values = { links in indexValues(links: links) }
        return page
    }

    /// The index's context, made as template values: `{groups [{initial, id, concepts [{name,
    /// href, aliases?, definitions, notes}]}], hasConcepts, count}`. It was made as
    /// `[String: any Sendable]` and converted (`TemplateValues.convert`), a cast tried per value
    /// and a dictionary per concept; the values are the ones that conversion gave (a
    /// permalink's href is the concept's `HrefTarget`'s, the same bytes).
    func indexValues(links: PageLinks) -> TemplateContext {
        let catalog = notePages.vault.concepts
        let targets = notePages.targets
        let order = Self.indexOrder(catalog.concepts.map(\.name))
        var groups: [TemplateValue] = []
        var currentInitial: String?
        var current: [TemplateValue] = []
        func flush() {
            if let initial = currentInitial, !current.isEmpty {
                groups.append(.object("initial", .string(initial), "id", .string(initial == "#" ? "other" : initial),
                                      "concepts", .list(current)))
            }
            current = []
        }
        for c in order {
            let initial = Self.initial(of: catalog.concepts[c].name)
            if initial != currentInitial {
                flush()
                currentInitial = initial
            }
            let definitions = catalog.concepts[c].definitions
            // Names fingerprinted once for the build (`Names`), each set once: as a dictionary
            // literal, every concept's four names were hashed and checked for repeats.
            var item = TemplateContext(minimumCapacity: 5)
            item.append(distinct: Names.name, .string(catalog.concepts[c].name))
            item.append(distinct: Names.href, .string(links.href(targets.concepts[c])))
            item.append(distinct: Names.definitions, .int(definitions.count))
            item.append(distinct: Names.notes, .int(Self.noteCount(definitions, catalog.mentions[c])))
            let aliases = catalog.concepts[c].aliases
            if !aliases.isEmpty {
                // One alias joined is itself.
                item.append(distinct: Names.aliases, .string(aliases.count == 1 ? aliases[0] : aliases.prefix(4).joined(separator: " · ")))
            }
            current.append(.object(item))
        }
        flush()
        return ["groups": .list(groups), "hasConcepts": .bool(!groups.isEmpty), "count": .int(catalog.concepts.count)]
    }

    /// How many different notes define or mention a concept. Both lists are in note order, so
    /// this counts the changes of note along their merge rather than filling a Set per
    /// concept; lists out of order (which the catalog does not make) are counted with a Set.
    static func noteCount(_ definitions: [ConceptDefinition], _ mentions: [ConceptMention]) -> Int {
        var count = 0, last = 0, i = 0, j = 0
        var lastDefinition = Int.min, lastMention = Int.min
        while i < definitions.count || j < mentions.count {
            let note: Int
            if j == mentions.count || (i < definitions.count && definitions[i].note <= mentions[j].note) {
                note = definitions[i].note
                guard note >= lastDefinition else { return noteCountBySet(definitions, mentions) }
                lastDefinition = note
                i += 1
            } else {
                note = mentions[j].note
                guard note >= lastMention else { return noteCountBySet(definitions, mentions) }
                lastMention = note
                j += 1
            }
            if count == 0 || note != last {
                count += 1
                last = note
            }
        }
        return count
    }

    /// `noteCount` for lists in any order.
    static func noteCountBySet(_ definitions: [ConceptDefinition], _ mentions: [ConceptMention]) -> Int {
        var notes = Set<Int>()
        for d in definitions { notes.insert(d.note) }
        for m in mentions { notes.insert(m.note) }
        return notes.count
    }

    /// `{before?, match?, after?}`, the parts that are not empty.
    static func snippet(_ context: LinkContext) -> TemplateValue {
        TemplateValues.snippet(before: context.before, match: context.match, after: context.after)
    }

    /// A mention's sentences, each `{before?, match?, after?}` as `snippet(_:)` makes it, the
    /// parts read where they lie in the note's buffer: no String is made of them.
    static func snippets(_ contexts: MentionContexts) -> TemplateValue {
        var items: [TemplateValue] = []
        items.reserveCapacity(contexts.count)
        let bytes = contexts.bytes
        contexts.forEachParts { before, match, after in
            items.append(TemplateValues.snippet(in: bytes, before: before, match: match, after: after))
        }
        return .list(items)
    }

    /// The order of the index: the positions of `names` sorted by their lowercased forms, in
    /// natural order (`String.naturallyPrecede`), names whose lowercased forms are equal (as
    /// Strings: canonically equivalent) in position order.
    ///
    /// The lowercased names are kept side by side in one buffer of bytes, and two ASCII ones
    /// (equal as Strings exactly when their bytes are) are compared there, by
    /// `naturallyPrecede`'s own rules (`naturalOrder`, then bytes); any other pair is compared
    /// as Strings. Each comparison of the Strings opened both (a copy of a short one) and
    /// retained them, some 260 instructions, 12 M for the index of a 2,000-note build.
    static func indexOrder(_ names: [String]) -> [Int] {
        // Each name lowercased once, not twice per comparison.
        let lowered = names.map { $0.lowercased() }
        var bytes: [UInt8] = []
        var spans: [(start: Int, count: Int, ascii: Bool)] = []
        spans.reserveCapacity(lowered.count)
        for name in lowered {
            name.withUTF8Bytes { utf8 in
                spans.append((bytes.count, utf8.count, String.allASCII(UnsafeRawBufferPointer(utf8))))
                bytes.append(contentsOf: utf8)
            }
        }
        return bytes.withUnsafeBufferPointer { all in
            spans.withUnsafeBufferPointer { spans in
                lowered.indices.sorted { a, b in
                    guard spans[a].ascii, spans[b].ascii else {
                        return lowered[a] != lowered[b] ? String.naturallyPrecede(lowered[a], lowered[b]) : a < b
                    }
                    let x = UnsafeBufferPointer(rebasing: all[spans[a].start ..< spans[a].start + spans[a].count])
                    let y = UnsafeBufferPointer(rebasing: all[spans[b].start ..< spans[b].start + spans[b].count])
                    let order = String.naturalOrder(x, y)
                    if order != 0 { return order < 0 }
                    // Tied in natural order (`07` and `7`, or equal): by bytes, as
                    // `naturallyPrecede` breaks the tie; equal names by position.
                    if x.elementsEqual(y) { return a < b }
                    return x.lexicographicallyPrecedes(y)
                }
            }
        }
    }

    /// The heading letter of a name in the index: an uppercase Latin letter, a Hangul initial
    /// consonant (가 → ㄱ), or `#` for digits and symbols.
    ///
    /// An ASCII first letter is read from its byte: the alphabetic ASCII scalars are A-Z and
    /// a-z, and uppercasing one is its capital (Unicode's properties and `uppercased()` cost
    /// some 650 instructions a name). The Hangul initials are tables made once, not per name.
    static func initial(of name: String) -> String {
        guard let first = name.unicodeScalars.first else { return "#" }
        let v = first.value
        if v < 0x80 {
            switch UInt8(v) {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return String(first)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): return String(Unicode.Scalar(UInt8(v) - 0x20))
            default: return "#"
            }
        }
        if v >= 0xAC00 && v <= 0xD7A3 {
            let jamo = hangulInitials[Int((v - 0xAC00) / 588)]
            // Tense consonants file under their plain ones, as Korean dictionaries do.
            return String(plainInitials[jamo] ?? jamo)
        }
        if first.properties.isAlphabetic { return String(first).uppercased() }
        return "#"
    }

    private static let hangulInitials = Array("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ".unicodeScalars)
    private static let plainInitials: [Unicode.Scalar: Unicode.Scalar] = ["ㄲ": "ㄱ", "ㄸ": "ㄷ", "ㅃ": "ㅂ", "ㅆ": "ㅅ", "ㅉ": "ㅈ"]
}

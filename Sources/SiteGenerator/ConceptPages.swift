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
/// links [{title, href, contexts [{before?, match?, after?}]}], hasLinks, moreLinks?,
/// mentions [{title, href, count, contexts}], hasMentions, moreMentions?}`, `conceptsHref`.
/// Template `concepts`: `groups [{initial, id, concepts [{name, href, aliases?, definitions,
/// notes}]}]`, `hasConcepts`, `count`.
public struct ConceptPages: Sendable {
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
        // Heading texts by id, for the notes that define something: a note defining hundreds of
        // concepts would otherwise be searched heading by heading for each of them.
        var defining = Set<Int>()
        for concept in catalog.concepts { for d in concept.definitions { defining.insert(d.note) } }
        let notes = notePages.vault.notes
        let tables = Array(defining).parallelMap { n -> (Int, [String: String]) in
            var texts: [String: String] = [:]
            for heading in notes[n].document.headings where texts[heading.id] == nil { texts[heading.id] = heading.text }
            return (n, texts)
        }
        let frozen = Dictionary(uniqueKeysWithValues: tables)
        // Each page's lists are made when it is rendered (`values`), not all up front.
        return [indexPage()] + catalog.concepts.indices.map { c in
            let concept = catalog.concepts[c]
            var page = ExtraPage(permalink: concept.permalink, template: "concept", title: concept.name)
            page.values = { links in context(for: c, headings: frozen, links: links) }
            return page
        }
    }

    /// A concept page's context, made when the page is rendered, hrefs relative to it.
    func context(for c: Int, headings: [Int: [String: String]], links pageLinks: PageLinks) -> TemplateContext {
        let vault = notePages.vault
        let catalog = vault.concepts
        let concept = catalog.concepts[c]
        let here = concept.permalink
        // Notes and related concepts are linked by targets encoded once (`NotePages.targets`).
        let targets = notePages.targets
        var value: TemplateContext = ["name": .string(concept.name)]
        if !concept.aliases.isEmpty {
            value["aliases"] = .list(concept.aliases.map { .string($0) })
            value["hasAliases"] = true
        }

        var definitions: [TemplateValue] = []
        for definition in concept.definitions where vault.notes[definition.note].isPublished {
            // Fields read in place: a copy of a whole ParsedNote retains every part of it.
            let title = vault.notes[definition.note].title
            var item: TemplateContext = [
                "note": .object("title", .string(title), "href", .string(pageLinks.href(targets.notes[definition.note], fragment: definition.anchor))),
                "source": .string(definition.source.rawValue),
            ]
            if let anchor = definition.anchor, let text = headings[definition.note]?[anchor], text != title {
                item["section"] = .string(text)
            }
            if let excerpt = definition.excerpt {
                let html = SiteGenerator.trimmingTrailingNewlines(notePages.renderExcerpt(excerpt, of: definition.note, on: here))
                if !html.isEmpty { item["excerptHTML"] = .string(html) }
            }
            definitions.append(.object(item))
        }
        value["definitions"] = .list(definitions)
        value["hasDefinitions"] = .bool(!definitions.isEmpty)

        let related = catalog.related[c].prefix(Self.relatedLimit).map { r -> TemplateValue in
            // The name read in place: a copy of a Concept retains every part of it.
            .object("name", .string(catalog.concepts[r.concept].name), "href", .string(pageLinks.href(targets.concepts[r.concept])),
                    "weight", .int(Int(r.weight.rounded())))
        }
        value["related"] = .list(Array(related))
        value["hasRelated"] = .bool(!related.isEmpty)

        // Links, one entry per linking note, in note order.
        var linkOrder: [Int] = []
        var linkContexts: [Int: [LinkContext]] = [:]
        for link in catalog.links[c] where vault.notes[link.note].isPublished {
            if linkContexts[link.note] == nil { linkOrder.append(link.note) }
            let occurrence = vault.notes[link.note].document.links[link.occurrence]
            let context = occurrence.context ?? LinkContext(before: "", match: occurrence.displayText, after: "")
            if !linkContexts[link.note, default: []].contains(context) { linkContexts[link.note, default: []].append(context) }
        }
        let links = linkOrder.prefix(Self.listLimit).map { n -> TemplateValue in
            .object("title", .string(vault.notes[n].title), "href", .string(pageLinks.href(targets.notes[n])),
                    "contexts", .list(linkContexts[n]!.prefix(3).map(Self.snippet)))
        }
        value["links"] = .list(Array(links))
        value["hasLinks"] = .bool(!links.isEmpty)
        if linkOrder.count > Self.listLimit { value["moreLinks"] = .int(linkOrder.count - Self.listLimit) }

        // Unlinked mentions: the notes that name it most come first.
        let mentioned = catalog.mentions[c]
            .filter { $0.unlinkedCount > 0 && vault.notes[$0.note].isPublished }
            .sorted { $0.unlinkedCount != $1.unlinkedCount ? $0.unlinkedCount > $1.unlinkedCount : $0.note < $1.note }
        let mentions = mentioned.prefix(Self.listLimit).map { m -> TemplateValue in
            .object("title", .string(vault.notes[m.note].title), "href", .string(pageLinks.href(targets.notes[m.note])),
                    "count", .int(m.unlinkedCount), "contexts", .list(m.contexts.map(Self.snippet)))
        }
        value["mentions"] = .list(Array(mentions))
        value["hasMentions"] = .bool(!mentions.isEmpty)
        if mentioned.count > Self.listLimit { value["moreMentions"] = .int(mentioned.count - Self.listLimit) }

        return ["concept": .object(value), "conceptsHref": .string(pageLinks.href(targets.conceptIndex))]
    }

    /// The index of every concept; its lists are made when it is rendered, beside the other
    /// pages, rather than on one core before any page is.
    func indexPage() -> ExtraPage {
        let title = Labels.table(for: language)["concepts"] ?? "Concepts"
        var page = ExtraPage(permalink: Self.index, template: "concepts", title: title)
        page.values = { links in TemplateObject(indexContext().mapValues { TemplateValues.convert($0, links: links) }) }
        return page
    }

    func indexContext() -> [String: any Sendable] {
        let vault = notePages.vault
        let catalog = vault.concepts
        // Each name lowercased once, not twice per comparison.
        let lowered = catalog.concepts.map { $0.name.lowercased() }
        let order = catalog.concepts.indices.sorted {
            lowered[$0] != lowered[$1] ? Theme.byteOrder(lowered[$0], lowered[$1]) : $0 < $1
        }
        var groups: [[String: any Sendable]] = []
        var currentInitial: String?
        var current: [[String: any Sendable]] = []
        func flush() {
            if let initial = currentInitial, !current.isEmpty {
                groups.append(["initial": initial, "id": initial == "#" ? "other" : initial, "concepts": current])
            }
            current = []
        }
        for c in order {
            let concept = catalog.concepts[c]
            let initial = Self.initial(of: concept.name)
            if initial != currentInitial {
                flush()
                currentInitial = initial
            }
            var notes = Set<Int>()
            for d in concept.definitions { notes.insert(d.note) }
            for m in catalog.mentions[c] { notes.insert(m.note) }
            var item: [String: any Sendable] = [
                "name": concept.name, "href": concept.permalink,
                "definitions": concept.definitions.count, "notes": notes.count,
            ]
            if !concept.aliases.isEmpty { item["aliases"] = concept.aliases.prefix(4).joined(separator: " · ") }
            current.append(item)
        }
        flush()
        return ["groups": groups, "hasConcepts": !groups.isEmpty, "count": catalog.concepts.count]
    }

    static func snippet(_ context: LinkContext) -> TemplateValue {
        var value: TemplateContext = [:]
        value.set("before", text: context.before)
        value.set("match", text: context.match)
        value.set("after", text: context.after)
        return .object(value)
    }

    /// The heading letter of a name in the index: an uppercase Latin letter, a Hangul initial
    /// consonant (가 → ㄱ), or `#` for digits and symbols.
    static func initial(of name: String) -> String {
        guard let first = name.unicodeScalars.first else { return "#" }
        let v = first.value
        if v >= 0xAC00 && v <= 0xD7A3 {
            let initials = Array("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ".unicodeScalars)
            let jamo = initials[Int((v - 0xAC00) / 588)]
            // Tense consonants file under their plain ones, as Korean dictionaries do.
            let plain: [Unicode.Scalar: Unicode.Scalar] = ["ㄲ": "ㄱ", "ㄸ": "ㄷ", "ㅃ": "ㅂ", "ㅆ": "ㅅ", "ㅉ": "ㅈ"]
            return String(plain[jamo] ?? jamo)
        }
        if first.properties.isAlphabetic { return String(first).uppercased() }
        return "#"
    }
}

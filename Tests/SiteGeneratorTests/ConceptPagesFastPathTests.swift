import Diagnostics
import Foundation
@testable import Linker
import Markdown
import Notes
import Testing
import TestSupport
@testable import SiteGenerator

/// Concept pages are made from the catalog field by field, their links grouped in one pass over
/// the runs of each note, their mentions sorted by position, the index straight as template
/// values. Each must give what the plain code gave (kept here as the reference: a table of
/// contexts by note, filtered and sorted copies, a `[String: any Sendable]` index converted by
/// casts), on generated vaults of Korean and English notes in folders (one called `concepts`),
/// with drafts, repeated links, links without context, sections and bold-term definitions, from
/// pages with and without `index.html` and with an absolute base.
@Suite struct ConceptPagesFastPathTests {
    static let names = ["VAE", "ELBO", "KL divergence", "변분 추론", "손실 함수", "Dropout", "어텐션", "Transformer", "a b#c", "100%"]
    static let folders = ["", "dl/", "concepts/", "노트/강의/", "a/b/c/", "%41/"]

    /// A vault of `count` notes drawn from `seed`.
    static func vault(seed: UInt64, count: Int) -> LinkedVault {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        func name() -> String { names[next(names.count)] }
        var files: [(String, String)] = []
        for i in 0..<count {
            var text = "---\ntitle: \(i % 3 == 0 ? name() : "노트 \(i)")\n"
            if next(6) == 0 { text += "draft: true\n" }
            if next(3) == 0 { text += "aliases: [\(name())]\n" }
            text += "---\n"
            // Some notes have more headings than are searched one by one (`searchedHeadings`),
            // a few of them repeated.
            if i % 11 == 0 {
                for k in 0..<(ConceptPages.searchedHeadings + 4) { text += "## 절 \(k % 15)\n\n내용 \(k).\n\n" }
            }
            for _ in 0..<(i % 11 == 0 ? 8 : 1 + next(4)) {
                switch next(6) {
                case 0: text += "## \(name())\n\n\(name())는 \(name())의 한 종류다. 자세히는 [[\(name())]]를 보자.\n\n"
                case 1: text += "**\(name())**: \(name())를 최대화하는 방법이다.\n\n"
                case 2: text += "[[\(name())]] [[\(name())]] [[\(name())|별칭]] 그리고 [[노트 \(next(count))]].\n\n"
                case 3: text += "이 문장은 \(name())와 \(name())를 언급한다. 또 \(name())도 나온다.\n\n"
                case 4: text += "- [[\(name())]]\n- \(name()) 설명 [[\(name())#정의]]\n\n"
                default: text += "## 정의\n\n\(name()) (\(name())) 는 [[\(name())]]와 다르다.\n\n"
                }
            }
            files.append(("\(folders[next(folders.count)])n\(i).md", text))
        }
        let notes = files.sorted { NotePath($0.0) < NotePath($1.0) }.map { path, text in
            let file = SourceFile(path: NotePath(path), url: URL(fileURLWithPath: "/vault/" + path), bytes: Array(text.utf8))
            return ParsedNote.parse(Note.load(file), policy: .optOut, includeDrafts: false)
        }
        return Linker.link(notes: notes, assets: [:], concepts: ConceptCatalog.build(notes: notes, glossary: nil))
    }

    static func pageLinks(for page: Permalink) -> [PageLinks] {
        [PageLinks(page: page, directoryIndex: true, absoluteBase: nil),
         PageLinks(page: page, directoryIndex: false, absoluteBase: nil),
         PageLinks(page: page, directoryIndex: true, absoluteBase: "https://x.org/notes/")]
    }

    @Test func conceptPageContextsAreTheReferenceOnes() {
        var pagesChecked = 0, linksSeen = 0, mentionsSeen = 0, sectionsSeen = 0
        for seed: UInt64 in [1, 2, 3, 0xC0FFEE] {
            let vault = Self.vault(seed: seed, count: 60)
            for directoryIndex in [true, false] {
                let pages = ConceptPages(notePages: NotePages(vault: vault, directoryIndex: directoryIndex))
                let built = pages.build()
                let catalog = vault.concepts
                #expect(built.count == (catalog.concepts.isEmpty ? 0 : catalog.concepts.count + 1))
                let reference = Self.referenceHeadings(pages)
                // Tables for the notes of many headings, as `build` makes them.
                var headings = [[String: String]](repeating: [:], count: vault.notes.count)
                for (n, texts) in reference where vault.notes[n].document.headings.count > ConceptPages.searchedHeadings {
                    headings[n] = texts
                }
                for (n, texts) in reference {
                    for (id, text) in texts { #expect(pages.sectionText(of: n, id, headings: headings) == text) }
                }
                #expect(reference.keys.contains { vault.notes[$0].document.headings.count > ConceptPages.searchedHeadings })
                for c in catalog.concepts.indices {
                    for links in Self.pageLinks(for: catalog.concepts[c].permalink) where links.directoryIndex == directoryIndex || links.absoluteBase != nil {
                        let fast = pages.context(for: c, headings: headings, links: links)
                        let plain = Self.referenceContext(pages, for: c, headings: reference, links: links)
                        #expect(Self.describe(.object(fast)) == Self.describe(.object(plain)), "concept \(catalog.concepts[c].name)")
                        // The page's own closure gives the same.
                        if let values = built[c + 1].values {
                            #expect(Self.describe(.object(values(links))) == Self.describe(.object(plain)))
                        }
                        // Links in any order take the table; in note order the two agree.
                        let runs = pages.linkEntries(of: c, links: links)
                        let table = pages.linkEntries(of: c, links: links, forcingGeneral: true)
                        #expect(runs.notes == table.notes)
                        #expect(Self.describe(.list(runs.entries)) == Self.describe(.list(table.entries)))
                        pagesChecked += 1
                        linksSeen += runs.notes
                        if case .object(let concept)? = plain["concept"] {
                            if case .list(let m)? = concept["mentions"] { mentionsSeen += m.count }
                            if case .list(let d)? = concept["definitions"] {
                                for case .object(let item) in d where item["section"] != nil { sectionsSeen += 1 }
                            }
                        }
                    }
                }
                // The index page, made straight, against the converted dictionaries.
                for links in Self.pageLinks(for: ConceptPages.index) where !catalog.concepts.isEmpty {
                    let plain = TemplateObject(Self.referenceIndexContext(pages).mapValues { TemplateValues.convert($0, links: links) })
                    #expect(Self.describe(.object(pages.indexValues(links: links))) == Self.describe(.object(plain)))
                    #expect(Self.describe(.object(built[0].values!(links))) == Self.describe(.object(plain)))
                }
            }
        }
        // The vaults hold what the paths are there for.
        #expect(pagesChecked > 100)
        #expect(linksSeen > 50)
        #expect(mentionsSeen > 50)
        #expect(sectionsSeen > 5)
    }

    /// The count of notes defining or mentioning a concept, over lists in note order (with
    /// repeats and notes in both) and out of it, against a Set.
    @Test func noteCountIsTheSetCount() {
        var state: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let location = Diagnostics.SourceLocation(file: "x.md", line: 1, column: 1)
        for round in 0..<2_000 {
            var a = (0..<next(6)).map { _ in next(8) }
            var b = (0..<next(6)).map { _ in next(8) }
            if round % 3 != 0 {
                a.sort()
                b.sort()
            }
            let definitions = a.map { ConceptDefinition(note: $0, anchor: nil, source: .title, excerpt: nil, location: location) }
            let mentions = b.map { ConceptMention(note: $0, count: 1, unlinkedCount: 1, contexts: []) }
            #expect(ConceptPages.noteCount(definitions, mentions) == Set(a + b).count, "\(a) \(b)")
            #expect(ConceptPages.noteCountBySet(definitions, mentions) == Set(a + b).count)
        }
    }

    // MARK: - The plain code, as it was

    static func referenceHeadings(_ pages: ConceptPages) -> [Int: [String: String]] {
        var defining = Set<Int>()
        for concept in pages.notePages.vault.concepts.concepts { for d in concept.definitions { defining.insert(d.note) } }
        var tables: [Int: [String: String]] = [:]
        for n in defining {
            var texts: [String: String] = [:]
            for heading in pages.notePages.vault.notes[n].document.headings where texts[heading.id] == nil { texts[heading.id] = heading.text }
            tables[n] = texts
        }
        return tables
    }

    static func referenceContext(_ pages: ConceptPages, for c: Int, headings: [Int: [String: String]], links pageLinks: PageLinks) -> TemplateContext {
        let vault = pages.notePages.vault
        let catalog = vault.concepts
        let concept = catalog.concepts[c]
        let here = concept.permalink
        var value: TemplateContext = ["name": .string(concept.name)]
        if !concept.aliases.isEmpty {
            value["aliases"] = .list(concept.aliases.map { .string($0) })
            value["hasAliases"] = true
        }
        var definitions: [TemplateValue] = []
        for definition in concept.definitions where vault.notes[definition.note].isPublished {
            let title = vault.notes[definition.note].title
            var item: TemplateContext = [
                "note": ["title": .string(title), "href": .string(pageLinks.href(vault.notes[definition.note].permalink, fragment: definition.anchor))],
                "source": .string(definition.source.rawValue),
            ]
            if let anchor = definition.anchor, let text = headings[definition.note]?[anchor], text != title {
                item["section"] = .string(text)
            }
            if let excerpt = definition.excerpt {
                let html = SiteGenerator.trimmingTrailingNewlines(
                    pages.notePages.renderExcerpt(excerpt, of: definition.note, on: here, idPrefix: "d\(definitions.count + 1)-"))
                if !html.isEmpty { item["excerptHTML"] = .string(html) }
            }
            definitions.append(.object(item))
        }
        value["definitions"] = .list(definitions)
        value["hasDefinitions"] = .bool(!definitions.isEmpty)
        let related = catalog.related[c].prefix(ConceptPages.relatedLimit).map { r -> TemplateValue in
            ["name": .string(catalog.concepts[r.concept].name), "href": .string(pageLinks.href(catalog.concepts[r.concept].permalink)),
             "weight": .int(Int(r.weight.rounded()))]
        }
        value["related"] = .list(Array(related))
        value["hasRelated"] = .bool(!related.isEmpty)
        var linkOrder: [Int] = []
        var linkContexts: [Int: [LinkContext]] = [:]
        for link in catalog.links[c] where vault.notes[link.note].isPublished {
            if linkContexts[link.note] == nil { linkOrder.append(link.note) }
            let occurrence = vault.notes[link.note].document.links[link.occurrence]
            let context = occurrence.context ?? LinkContext(before: "", match: occurrence.displayText, after: "")
            if !linkContexts[link.note, default: []].contains(context) { linkContexts[link.note, default: []].append(context) }
        }
        let links = linkOrder.prefix(ConceptPages.listLimit).map { n -> TemplateValue in
            ["title": .string(vault.notes[n].title), "href": .string(pageLinks.href(vault.notes[n].permalink)),
             "contexts": .list(linkContexts[n]!.prefix(3).map(ConceptPages.snippet))]
        }
        value["links"] = .list(Array(links))
        value["hasLinks"] = .bool(!links.isEmpty)
        let english = Labels.patterns(for: .en)
        if linkOrder.count > ConceptPages.listLimit {
            value["moreLinks"] = .int(linkOrder.count - ConceptPages.listLimit)
            value["moreLinksText"] = .string(english["moreNotes"]!.text(linkOrder.count - ConceptPages.listLimit))
        }
        let mentioned = catalog.mentions[c]
            .filter { $0.unlinkedCount > 0 && vault.notes[$0.note].isPublished }
            .sorted {
                if $0.unlinkedCount != $1.unlinkedCount { return $0.unlinkedCount > $1.unlinkedCount }
                return $0.note != $1.note && String.naturallyPrecede(vault.notes[$0.note].path.string, vault.notes[$1.note].path.string)
            }
        let mentions = mentioned.prefix(ConceptPages.listLimit).map { m -> TemplateValue in
            ["title": .string(vault.notes[m.note].title), "href": .string(pageLinks.href(vault.notes[m.note].permalink)),
             "count": .int(m.unlinkedCount), "countText": .string(english["mentionCount"]!.text(m.unlinkedCount)),
             "contexts": .list(m.contexts.map(Self.byteSnippet))]
        }
        value["mentions"] = .list(Array(mentions))
        value["hasMentions"] = .bool(!mentions.isEmpty)
        if mentioned.count > ConceptPages.listLimit {
            value["moreMentions"] = .int(mentioned.count - ConceptPages.listLimit)
            value["moreMentionsText"] = .string(english["moreNotes"]!.text(mentioned.count - ConceptPages.listLimit))
        }
        return ["concept": .object(value), "conceptsHref": .string(pageLinks.href(ConceptPages.index))]
    }

    static func referenceIndexContext(_ pages: ConceptPages) -> [String: any Sendable] {
        let catalog = pages.notePages.vault.concepts
        let lowered = catalog.concepts.map { $0.name.lowercased() }
        let order = catalog.concepts.indices.sorted {
            lowered[$0] != lowered[$1] ? String.naturallyPrecede(lowered[$0], lowered[$1]) : $0 < $1
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
            let initial = ConceptPages.initial(of: concept.name)
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

    /// A value written out whole, an object's names in byte order (lookups go by name, so
    /// the order names were set in does not show on a page).
    /// A mention's sentence as the page gives it: `{before?, match?, after?}`, the parts that
    /// are not empty, each the UTF-8 of the part's string (read back through `LinkContext`).
    static func byteSnippet(_ context: LinkContext) -> TemplateValue {
        var object = TemplateObject()
        for (name, part) in [("before", context.before), ("match", context.match), ("after", context.after)] where !part.isEmpty {
            object[name] = .bytes(Array(part.utf8))
        }
        return .object(object)
    }

    static func describe(_ value: TemplateValue) -> String {
        switch value {
        case .string(let s): return "s" + String(reflecting: Array(s.utf8))
        case .bool(let b): return "b\(b)"
        case .int(let i): return "i\(i)"
        case .double(let d): return "d\(d)"
        case .utf8(let bytes, let count): return "y\(Array(bytes[..<count]))"
        // Bytes written as they are, wherever they lie: as `utf8` of the same bytes.
        case .utf8Slice(let bytes, let from, let to): return "y\(Array(bytes[Int(from)..<Int(to)]))"
        case .list(let items): return "[" + items.map(describe).joined(separator: ",") + "]"
        case .object(let object):
            let pairs = object.map { (key: $0.key, value: describe($0.value)) }
            #expect(Set(pairs.map(\.key)).count == pairs.count)
            return "{" + pairs.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
                .map { String(reflecting: Array($0.key.utf8)) + ":" + $0.value }.joined(separator: ",") + "}"
        }
    }
}

extension ConceptPagesFastPathTests {
    /// The count phrases made once for all concept pages are the patterns' own phrases, in
    /// both languages, for counts in the table, past it (made when asked), at its limit and
    /// for a table not asked to hold any.
    @Test func countTextsAreThePatternsPhrases() {
        for language in [InterfaceLanguage.en, .ko] {
            let patterns = Labels.patterns(for: language)
            for upTo in [-1, 0, 1, 7, 100, ConceptPages.CountTexts.tableLimit + 50] {
                let counts = ConceptPages.CountTexts(language: language, upTo: upTo)
                #expect(counts.mentions.count == min(max(upTo, 0), ConceptPages.CountTexts.tableLimit) + 1)
                #expect(counts.more == patterns["moreNotes"]!)
                #expect(counts.mentionCount == patterns["mentionCount"]!)
                for n in Array(-2...(ConceptPages.CountTexts.tableLimit + 3)) + [12_345, Int.max] {
                    #expect(counts.mentionText(n) == patterns["mentionCount"]!.text(n), "\(language) \(upTo) \(n)")
                }
            }
        }
    }

    /// A Korean site's concept pages, made with the phrases of `build`, are the pages made
    /// with each page's own.
    @Test func koreanConceptPagesTakeTheSamePhrases() {
        let vault = Self.vault(seed: 7, count: 60)
        let pages = ConceptPages(notePages: NotePages(vault: vault, directoryIndex: true), language: .ko)
        let built = pages.build()
        let headings = Self.referenceHeadings(pages).reduce(into: [[String: String]](repeating: [:], count: vault.notes.count)) {
            if vault.notes[$1.key].document.headings.count > ConceptPages.searchedHeadings { $0[$1.key] = $1.value }
        }
        var checked = 0
        for c in vault.concepts.concepts.indices {
            let links = PageLinks(page: vault.concepts.concepts[c].permalink, directoryIndex: true, absoluteBase: nil)
            #expect(Self.describe(.object(built[c + 1].values!(links))) == Self.describe(.object(pages.context(for: c, headings: headings, links: links))))
            checked += 1
        }
        #expect(checked > 5)
    }
}

extension ConceptPagesFastPathTests {
    /// The index's order, made from the names' bytes side by side, against the sort of the
    /// lowercased Strings it replaced: on lists of ASCII names differing in case, in numbers
    /// (leading zeros, long runs), equal ones, Korean, decomposed (canonically equal to a
    /// composed one), emoji, empty and long names, alone and mixed.
    @Test func indexOrderIsTheSortOfTheLowercasedNames() {
        let parts = ["vae", "VAE", "Vae", "elbo", "a", "b", "A", "z", "10", "9", "007", "7", "0", "00", "v1.2", "v1.10", " ", "-", "_",
                     "#", "%", "~", "변분", "추론", "가", "ㄱ", "é", "e\u{301}", "E\u{301}", "É", "😀", "漢字", "ß", "İ", "Ǆ",
                     "12345678901234567890", String(repeating: "x", count: 40), String(repeating: "9", count: 25)]
        var random = SplitMix(state: 0x1DE_0)
        var lists = 0
        for round in 0..<600 {
            let asciiOnly = round % 3 == 0
            let pool = asciiOnly ? parts.filter(\.isASCIIOnly) : parts
            let names = (0..<random.below(40)).map { _ in (0..<random.below(4)).map { _ in random.pick(pool) }.joined() }
            let lowered = names.map { $0.lowercased() }
            let reference = names.indices.sorted {
                lowered[$0] != lowered[$1] ? String.naturallyPrecede(lowered[$0], lowered[$1]) : $0 < $1
            }
            #expect(ConceptPages.indexOrder(names) == reference, "\(names)")
            lists += 1
        }
        #expect(lists == 600)
        #expect(ConceptPages.indexOrder([]) == [])
    }

    /// The heading letter read from an ASCII byte and from the tables made once, against the
    /// code it replaced, for every ASCII first character, every Hangul syllable's block and
    /// other scripts.
    @Test func indexInitialIsTheReferenceOne() {
        func reference(_ name: String) -> String {
            guard let first = name.unicodeScalars.first else { return "#" }
            let v = first.value
            if v >= 0xAC00 && v <= 0xD7A3 {
                let initials = Array("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ".unicodeScalars)
                let jamo = initials[Int((v - 0xAC00) / 588)]
                let plain: [Unicode.Scalar: Unicode.Scalar] = ["ㄲ": "ㄱ", "ㄸ": "ㄷ", "ㅃ": "ㅂ", "ㅆ": "ㅅ", "ㅉ": "ㅈ"]
                return String(plain[jamo] ?? jamo)
            }
            if first.properties.isAlphabetic { return String(first).uppercased() }
            return "#"
        }
        var names = ["", "😀 emoji", "e\u{301}", "ß", "ǆ", "ﬁ", "ı", "漢字", "ㄱ", "\u{1100}", "Ωmega", "ω"]
        names += (0..<128).map { String(Unicode.Scalar(UInt8($0))) + "rest" }
        names += stride(from: 0xAC00, through: 0xD7A3, by: 97).map { String(Unicode.Scalar(UInt32($0))!) + "다" }
        for name in names { #expect(ConceptPages.initial(of: name) == reference(name), "\(name.debugDescription)") }
    }
}

import Diagnostics
import Markdown
import Notes
import Testing
@testable import SiteGenerator

/// The page contexts' shortcuts must give what the plain code gives: dates formatted from
/// bytes against `NoteDate`'s own texts, and tag slugs known from the site against slugs made
/// on the spot.
@Suite struct ContextFastPathTests {
    /// Every field at and around the widths the byte writer handles, and far outside them
    /// (negative, five digits, offsets beyond 99 hours), where `NoteDate` itself answers.
    @Test func datesAsNoteDateWritesThem() {
        let years = [0, 1, 9, 10, 99, 100, 999, 1000, 2025, 9999, 10000, 12345, -1, -5, -2025]
        let small = [0, 1, 9, 10, 12, 31, 59, 60, 99, 100, 123, -1, -10]
        let offsets: [Int?] = [nil, 0, 1, 59, 60, 3600, 32400, -32400, 19800, -34200, 359_999, 360_000, -359_999, -360_000, 45_296, -1]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func pick<T>(_ values: [T]) -> T {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return values[Int((state >> 33) % UInt64(values.count))]
        }
        var checked = 0
        for year in years {
            for _ in 0..<400 {
                let date = NoteDate(year: year, month: pick(small), day: pick(small), hour: pick(small), minute: pick(small),
                                    second: pick(small), utcOffsetSeconds: pick(offsets), hasTime: pick([true, false]))
                let day = TemplateValues.dayString(date)
                #expect(day == date.dayString, "\(date)")
                #expect(TemplateValues.rfc3339(date, day: day) == date.rfc3339, "\(date)")
                guard case .object(let value) = TemplateValues.date(date) else {
                    Issue.record("not an object")
                    return
                }
                #expect(value["day"]?.text == date.dayString)
                #expect(value["datetime"]?.text == (date.hasTime ? date.rfc3339 : date.dayString))
                #expect(value["rfc3339"]?.text == date.rfc3339)
                #expect(value["original"]?.text == date.original)
                checked += 1
            }
        }
        #expect(checked == years.count * 400)
        for text in ["2025-03-04", "2025-03-04T13:16:46.680+09:00", "2025-03-04 13:16:46 +0900", "2025-03-04T00:00Z", "0001-01-01"] {
            let date = try! #require(NoteDate(parsing: text))
            #expect(TemplateValues.rfc3339(date, day: TemplateValues.dayString(date)) == date.rfc3339)
        }
    }

    /// The sites' name order compares bytes where they are stored: the same as comparing the
    /// UTF-8 views, for prefixes, bytes past ASCII, NUL, and NFC against NFD spellings.
    @Test func byteOrderIsUTF8ViewOrder() {
        let names = ["", "a", "ab", "abc", "b", "B", "a/", "a/b", "a\u{0}", "caf\u{E9}", "cafe\u{301}", "노트", "노트-1", "노트/x",
                     "dl/gan/index.html", "dl/gan.html", "dl/gan/", "🙂", "abcdefghabcdefgh", "abcdefghabcdefgh0", "\u{7F}", "\u{80}"]
        for a in names {
            for b in names {
                #expect(Theme.byteOrder(a, b) == a.utf8.lexicographicallyPrecedes(b.utf8), "\(a) \(b)")
            }
        }
    }

    /// A page's date values, made once with it, are the ones made for its dates; `updated` only
    /// when it is another date; and a changed date makes them again.
    @Test func pageDateValuesAsMadeForItsDates() throws {
        func texts(_ value: TemplateValue?) -> [String]? {
            value.map { v in ["day", "datetime", "rfc3339", "original"].map { v.child($0)?.text ?? "<none>" } }
        }
        let a = try #require(NoteDate(parsing: "2025-03-04T13:16:46+09:00"))
        let b = try #require(NoteDate(parsing: "2025-03-05"))
        for (date, updated) in [(nil, nil), (a, nil), (nil, b), (a, a), (a, b)] as [(NoteDate?, NoteDate?)] {
            var page = NotePage(path: NotePath("x.md"), permalink: Permalink("x/"), title: "X", date: date, updated: updated, bodyHTML: "")
            #expect(texts(page.dateValue) == texts(date.map(TemplateValues.date)))
            #expect(texts(page.updatedValue) == (updated != nil && updated != date ? texts(updated.map(TemplateValues.date)) : nil))
            page.date = b
            #expect(texts(page.dateValue) == texts(TemplateValues.date(b)))
            #expect(texts(page.updatedValue) == (updated != nil && updated != b ? texts(updated.map(TemplateValues.date)) : nil))
        }
    }

    /// Tags as notes write them (padded, decomposed, reserved characters, empty), and other
    /// spellings no note wrote (canonically equal to a known one, or new): the slug is the one
    /// made from the trimmed, composed name either way.
    @Test func tagSlugsAsMadeOnTheSpot() throws {
        let written = ["딥러닝", " Deep Learning ", "deep-learning", "cafe\u{301}", "café", "a/b?c", "  ", "", "\u{212A}elvin",
                       "Kelvin", "..", "🙂 emoji", "\t탭\n", "e\u{301}\u{301}", "x#y%z"]
        var notes: [NotePage] = []
        for (i, tag) in written.enumerated() {
            notes.append(NotePage(path: NotePath("n\(i).md"), permalink: Permalink("n\(i)/"), title: "N\(i)",
                                  tags: [tag, written[(i + 3) % written.count]], bodyHTML: ""))
        }
        let site = try SiteModel(SiteInput(title: "T", notes: notes))
        func made(_ raw: String) -> String? {
            let name = raw.trimmingWhitespaceAndNewlines().nfc
            return name.isEmpty ? nil : TagPages.slug(for: name)
        }
        let others = ["caf\u{E9}", "Cafe\u{301}", "K\u{212A}", "new tag", " 딥러닝", "deep learning", "...", "\u{1100}\u{1161}"]
        for raw in written + others {
            #expect(site.slug(ofTag: raw) == made(raw), "\(raw.unicodeScalars.map { $0.value })")
        }
    }

    /// A page of summaries shares its tag links (`SiteModel.TagLinks`): every note's links,
    /// made with one memo across the page in any order, must be the ones made afresh for it
    /// and the ones the plain loop made (a Set of slugs seen, a link built per tag), on pages
    /// at several depths, with tags repeated, padded, decomposed, empty and unknown.
    @Test func sharedTagLinksAreTheOnesMadeAfresh() throws {
        let written = ["딥러닝", " Deep Learning ", "deep-learning", "cafe\u{301}", "café", "a/b?c", "  ", "", "\u{212A}elvin",
                       "Kelvin", "..", "🙂 emoji", "\t탭\n", "e\u{301}\u{301}", "x#y%z", "Deep Learning"]
        var state: UInt64 = 0x0DDB_1A5E_5BAD_5EED
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        var notes: [NotePage] = []
        for i in 0..<60 {
            var tags: [String] = []
            for _ in 0..<next(6) { tags.append(written[next(written.count)]) }
            // Spellings no note's tag table has byte for byte go through the slower slug path.
            if next(5) == 0 { tags.append(next(2) == 0 ? "caf\u{E9}" : "brand new") }
            notes.append(NotePage(path: NotePath("d\(i % 4)/n\(i).md"), permalink: Permalink("d\(i % 4)/n\(i)/"), title: "N\(i)",
                                  tags: tags, bodyHTML: ""))
        }
        let site = try SiteModel(SiteInput(title: "T", notes: notes))
        func pairs(_ values: [TemplateValue]) -> [[String]] {
            values.map { value in ["name", "href"].map { value.child($0)?.text ?? "<none>" } }
        }
        func plain(_ note: NotePage, _ links: PageLinks) -> [[String]] {
            var seen: Set<String> = []
            var result: [[String]] = []
            for raw in note.tags {
                guard let slug = site.slug(ofTag: raw) else { continue }
                guard seen.insert(slug).inserted, let tag = site.tagsBySlug[slug] else { continue }
                result.append([tag.name, links.href(tag.permalink)])
            }
            return result
        }
        for page in [Permalink.root, TagPages.index, Permalink("tags/deep-learning/"), Permalink("d1/n5/"), Permalink("a/b/c/d/")] {
            let links = site.links(for: page)
            var shared = SiteModel.TagLinks(links)
            for _ in 0..<200 {
                let note = notes[next(notes.count)]
                let fromMemo = pairs(site.tagLinks(note, &shared))
                #expect(fromMemo == pairs(site.tagLinks(note, links)), "\(note.tags) on \(page)")
                #expect(fromMemo == plain(note, links), "\(note.tags) on \(page)")
                // A page the model does not hold (a new storage) takes the spelling path,
                // with the same links, remembered or not.
                var other = note
                other.tags = note.tags
                #expect(other.identity != note.identity)
                #expect(pairs(site.tagLinks(other, &shared)) == fromMemo, "\(note.tags) on \(page)")
                #expect(pairs(site.tagLinks(other, links)) == fromMemo, "\(note.tags) on \(page)")
                guard case .object(let summary) = site.summary(note, &shared) else {
                    Issue.record("a summary is an object")
                    return
                }
                guard case .list(let tags)? = summary["tags"] else {
                    Issue.record("a summary lists its tags")
                    return
                }
                #expect(pairs(tags) == fromMemo)
            }
        }
    }

    /// Backlinks grouped in an array found by permalink, against the dictionary of groups
    /// copied out and stored back that it replaced: same groups, order, sentences, on links
    /// from repeated sources with repeated, blank, whitespace-only and Korean sentences.
    @Test func backlinkGroupsAsTheDictionaryMadeThem() {
        func reference(_ backlinks: [Backlink]) -> [SiteGenerator.BacklinkGroup] {
            var groups: [Permalink: SiteGenerator.BacklinkGroup] = [:]
            for link in backlinks {
                var group = groups[link.sourcePermalink]
                    ?? SiteGenerator.BacklinkGroup(title: link.sourceTitle, permalink: link.sourcePermalink, contexts: [])
                if !link.context.trimmingWhitespaceAndNewlines().isEmpty, !group.contexts.contains(link) {
                    group.contexts.append(link)
                }
                groups[link.sourcePermalink] = group
            }
            return groups.values.sorted {
                $0.title != $1.title ? Theme.byteOrder($0.title, $1.title) : $0.permalink < $1.permalink
            }
        }
        func flat(_ groups: [SiteGenerator.BacklinkGroup]) -> [String] {
            groups.map { "\($0.title)|\($0.permalink)|" + $0.contexts.map { "\($0.contextBefore)/\($0.contextMatch)/\($0.contextAfter)" }.joined(separator: ";") }
        }
        let titles = ["B", "a", "A", "노트", "B", "e\u{301}", "\u{e9}"]
        let pieces = ["", " ", "\n", "see ", "이것", "\r", "\n\t", "x"]
        var state: UInt64 = 0xBAC1_1A4C_5EED_0001
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        for _ in 0..<300 {
            var links: [Backlink] = []
            for _ in 0..<(next(4) == 0 ? next(80) : next(14)) {
                let source = next(30)
                links.append(Backlink(sourceTitle: titles[source % titles.count], sourcePermalink: Permalink("s\(source)/"),
                                      contextBefore: pieces[next(pieces.count)], contextMatch: pieces[next(pieces.count)],
                                      contextAfter: pieces[next(pieces.count)]))
            }
            #expect(flat(SiteGenerator.groupBacklinks(links)) == flat(reference(links)))
        }
    }

    /// Outgoing links kept once each by a scan (few links) or the Set (many), against the Set
    /// alone: equal titles written NFC and NFD count as one link, as they did.
    @Test func outgoingLinksOnceAsTheSetKeptThem() {
        func reference(_ links: [OutgoingLink], _ page: Permalink) -> [OutgoingLink] {
            var seen: Set<OutgoingLink> = []
            return links.filter { $0.permalink != page && seen.insert($0).inserted }
        }
        let titles = ["A", "a", "노트", "e\u{301}", "\u{e9}", ""]
        let fragments: [String?] = [nil, "", "x", "절", "e\u{301}", "\u{e9}"]
        var state: UInt64 = 0x0E7A_11CE_5EED_0002
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        for round in 0..<400 {
            let count = round % 2 == 0 ? next(SiteGenerator.scanLimit + 1) : next(60)
            let links = (0..<count).map { _ in
                OutgoingLink(title: titles[next(titles.count)], permalink: Permalink("p\(next(5))/"), fragment: fragments[next(fragments.count)])
            }
            let page = Permalink("p\(next(6))/")
            #expect(SiteGenerator.distinctOutgoing(links, from: page) == reference(links, page))
        }
    }

    /// A path's first part and fingerprint are kept beside its parts, also when they change.
    @Test func templatePathHeadFollowsItsParts() {
        var path = TemplatePath(parts: ["note", "title"])
        #expect(path.head == "note" && path.headPrint == TemplateObject.fingerprint("note"))
        path.parts = ["이름"]
        #expect(path.head == "이름" && path.headPrint == TemplateObject.fingerprint("이름") && path.prints == [path.headPrint])
        path.parts = []
        #expect(path.head == "" && path.headPrint == 0 && path.prints.isEmpty)
    }
}

/// The renderer writes pages into `PageBytes`; its escaping must be `HTML.escapeAttribute`'s,
/// byte for byte, and its buffer must keep every byte across growth.
@Suite struct PageBufferEscapingTests {
    @Test func escapesAsTheMarkdownModuleDoes() {
        let pieces = ["a", "&", "<", ">", "\"", "'", "노트", "e\u{301}", "🙂", "&amp;", "\n", "\t", "\u{0}", "`", "=", "?", "@", "~"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let out = PageBytes(capacity: 0)
        var expected: [UInt8] = []
        for _ in 0..<3_000 {
            let text = (0..<next(12)).map { _ in pieces[next(pieces.count)] }.joined()
            out.appendEscaped(text)
            expected += Array(HTML.escapeAttribute(text).utf8)
            let plain = pieces[next(pieces.count)]
            out.append(plain)
            expected += Array(plain.utf8)
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { out.appendEscaped($0) }
            expected += Array(HTML.escapeAttribute(text).utf8)
        }
        #expect(out.count == expected.count)
        #expect(out.bytes == expected)
        // Every byte value, alone and in a run.
        for b in UInt8.min...UInt8.max {
            let single = PageBytes(capacity: 1)
            [b, b, 0x61].withUnsafeBufferPointer { single.appendEscaped($0) }
            let entity: [UInt8] = switch b {
            case 0x26: Array("&amp;".utf8)
            case 0x3C: Array("&lt;".utf8)
            case 0x3E: Array("&gt;".utf8)
            case 0x22: Array("&quot;".utf8)
            case 0x27: Array("&#39;".utf8)
            default: [b]
            }
            #expect(single.bytes == entity + entity + [0x61], "\(b)")
        }
    }
}

/// Page contexts link notes and concepts through targets encoded once, and trim bodies on
/// their bytes; both must give what the plain code gives.
@Suite struct ContextLinkFastPathTests {
    /// The trimming loop as first written, character by character.
    static func referenceTrim(_ html: String) -> String {
        var html = html
        while html.last == "\n" || html.last == "\r\n" { html.removeLast() }
        return html
    }

    @Test func trimmingOnBytesAsByCharacters() {
        let pieces = ["\n", "\r", "\r\n", "\n\r", "a", "<p>", "노트", "e\u{301}", "\u{301}", "\u{0600}", "🙂", " ", "\t", "\u{2028}", "\u{85}"]
        var inputs = [""]
        for a in pieces {
            inputs.append(a)
            for b in pieces {
                inputs.append(a + b)
                for c in pieces { inputs.append(a + b + c) }
            }
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3_000 {
            var s = ""
            for _ in 0..<Int(state % 9) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                s += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            inputs.append(s)
        }
        for input in inputs {
            let fast = SiteGenerator.trimmingTrailingNewlines(input)
            let reference = Self.referenceTrim(input)
            #expect(Array(fast.utf8) == Array(reference.utf8), "\(input.unicodeScalars.map { $0.value })")
            #expect(fast == reference)
            // The bytes version (note bodies kept as UTF-8) cuts the same bytes.
            #expect(SiteGenerator.trimmingTrailingNewlines(Array(input.utf8)) == Array(reference.utf8), "\(input.unicodeScalars.map { $0.value })")
        }
    }

    /// Links of a page's lists through `PageLinks.href(_: HrefTarget)` are its links to the
    /// permalinks, relative, absolute (the 404 page) and without `index.html`, from concept
    /// pages, note pages, the root and files.
    @Test func targetLinksAsPermalinkLinks() {
        let targets = ["", "concepts/", "concepts/vae/", "concepts/변분-추론/", "concepts/a%20b/", "dl/vae/", "dl/generative/vae/",
                       "강의노트/노트 1/", "n/22/", "atom.xml", "graph/", "tags/", "concepts/vae/x.png"]
        let pages = targets + ["404.html", "concepts/vae/sub/", "dl/", "강의노트/"]
        for page in pages {
            for directoryIndex in [true, false] {
                for base in [nil, "https://x.org/notes/"] as [String?] {
                    let links = PageLinks(page: Permalink(page), directoryIndex: directoryIndex, absoluteBase: base)
                    for target in targets {
                        let made = Permalink.HrefTarget(Permalink(target))
                        for fragment in [nil, "", "ng-all-notes", "손실 함수"] as [String?] {
                            #expect(links.href(made, fragment: fragment) == links.href(Permalink(target), fragment: fragment),
                                    "\(page) -> \(target) # \(fragment ?? "nil") \(directoryIndex) \(base ?? "")")
                        }
                    }
                }
            }
        }
    }

    /// The fixed-size object makers set their names as a dictionary literal does: in order, a
    /// repeated name keeping its last value.
    @Test func objectMakersAsLiterals() {
        func pairs(_ value: TemplateValue) -> [String] {
            guard case .object(let object) = value else { return ["not an object"] }
            return object.map { "\($0.key)=\($0.value.text)" }
        }
        #expect(pairs(.object("a", "1", "b", 2)) == pairs(["a": "1", "b": 2]))
        #expect(pairs(.object("title", "노트", "href", "../x/index.html", "count", 3)) == pairs(["title": "노트", "href": "../x/index.html", "count": 3]))
        #expect(pairs(.object("a", "1", "b", true, "c", "", "d", 4)) == pairs(["a": "1", "b": true, "c": "", "d": 4]))
        #expect(pairs(.object("a", "1", "a", "2")) == pairs(["a": "1", "a": "2"]))
        #expect(pairs(.object("a", "1", "b", "2", "a", "3", "b", "4")) == pairs(["a": "1", "b": "2", "a": "3", "b": "4"]))
        #expect(pairs(.object("a", "1", "b", "2", "a", "3", "b", "4")) == ["a=3", "b=4"])
    }

    /// Links through a carried target (`PageLinks.href(_:via:)`: backlinks, outgoing links,
    /// summaries, tags) are the permalink's links, and a target of another permalink (a value
    /// changed since its target was made) is passed over.
    @Test func linksViaTargetsAsPermalinkLinks() {
        let targets = ["", "concepts/vae/", "dl/vae/", "dl/generative/vae/", "강의노트/노트 1/", "tags/딥러닝/", "tags/ml/", "n/22/"]
        let shapes = SiteModel.tagShapes + [Permalink.HrefTarget.Shape(shared: 1, climb: 2), Permalink.HrefTarget.Shape(shared: 2, climb: 1)]
        for page in targets + ["404.html", "dl/", "tags/"] {
            for directoryIndex in [true, false] {
                for base in [nil, "https://x.org/notes/"] as [String?] {
                    let links = PageLinks(page: Permalink(page), directoryIndex: directoryIndex, absoluteBase: base)
                    for target in targets {
                        let permalink = Permalink(target)
                        let prepared = Permalink.HrefTarget(permalink, preparing: shapes, directoryIndex: directoryIndex)
                        let other = Permalink.HrefTarget(Permalink("elsewhere/x/"), preparing: shapes, directoryIndex: directoryIndex)
                        for fragment in [nil, "", "elbo", "손실 함수"] as [String?] {
                            let plain = links.href(permalink, fragment: fragment)
                            #expect(links.href(permalink, via: prepared, fragment: fragment) == plain, "\(page) -> \(target) # \(fragment ?? "nil")")
                            #expect(links.href(permalink, via: other, fragment: fragment) == plain)
                            #expect(links.href(permalink, via: nil, fragment: fragment) == plain)
                        }
                    }
                }
            }
        }
    }

    /// A table of contents' in-page links, written at once for unreserved ids, are `#` and the
    /// id encoded as `Permalink.encodeFragment` encodes it, for every ASCII byte in each place
    /// and for ids that take the general code.
    @Test func inPageLinksAsEncodedFragments() {
        var anchors = ["", "a", "loss-function", "v2.1_final~x", "손실-함수", "a b", "x%20y", "q?", "e\u{301}", "🙂"]
        for b in 0..<128 {
            let c = String(UnicodeScalar(UInt8(b)))
            anchors += [c, "ab" + c, c + "-z", "sec" + c + "tion"]
        }
        for anchor in anchors {
            #expect(Array(PageLinks.inPage(anchor).utf8) == Array(("#" + Permalink.encodeFragment(anchor)).utf8), "\(anchor.unicodeScalars.map(\.value))")
        }
    }

    /// Backlinks and outgoing links compare and hash without the target they carry.
    @Test func carriedTargetsLeftOutOfEquality() {
        var backlink = Backlink(sourceTitle: "GAN", sourcePermalink: Permalink("dl/gan/"), contextBefore: "a ", contextMatch: "VAE", contextAfter: " b")
        let plainBacklink = backlink
        backlink.sourceTarget = Permalink.HrefTarget(Permalink("dl/gan/"))
        #expect(backlink == plainBacklink)
        #expect(backlink.hashValue == plainBacklink.hashValue)
        #expect(backlink != Backlink(sourceTitle: "GAN", sourcePermalink: Permalink("dl/gan/"), contextBefore: "a ", contextMatch: "VAE", contextAfter: " c"))
        var outgoing = OutgoingLink(title: "VAE", permalink: Permalink("dl/vae/"), fragment: "elbo")
        let plainOutgoing = outgoing
        outgoing.target = Permalink.HrefTarget(Permalink("dl/other/"))
        #expect(outgoing == plainOutgoing)
        #expect(outgoing.hashValue == plainOutgoing.hashValue)
        #expect(outgoing != OutgoingLink(title: "VAE", permalink: Permalink("dl/vae/"), fragment: nil))
    }

    /// A note's concept list takes the target `NotePages` made, unless the permalink changed.
    @Test func noteConceptsLinkTheirOwnPermalink() throws {
        var concept = NoteConcept(name: "VAE", permalink: Permalink("concepts/vae/"), isDefined: true)
        concept.target = Permalink.HrefTarget(Permalink("concepts/other/"))
        // Equality and hashing ignore the derived target.
        #expect(concept == NoteConcept(name: "VAE", permalink: Permalink("concepts/vae/"), isDefined: true))
        #expect(concept.hashValue == NoteConcept(name: "VAE", permalink: Permalink("concepts/vae/"), isDefined: true).hashValue)
        var page = NotePage(path: NotePath("dl/vae.md"), permalink: Permalink("dl/vae/"), title: "VAE", bodyHTML: "")
        page.concepts = [concept]
        let site = try SiteModel(SiteInput(title: "T", notes: [page]))
        var value = TemplateContext()
        site.addConcepts(of: page, site.links(for: page.permalink), to: &value)
        guard case .list(let items)? = value["concepts"], case .object(let item)? = items.first else {
            Issue.record("no concept list")
            return
        }
        #expect(item["href"]?.text == "../../concepts/vae/index.html")
    }
}

/// A sentence's `{before?, match?, after?}` made at once when all three parts are there is the
/// object the parts set one by one make: the same names in the same order, the same values,
/// for every combination of empty and present parts.
@Suite struct SnippetFastPathTests {
    @Test func snippetIsThePartsSetOneByOne() {
        let texts = ["", "a", "sentence before ", "매치", "<b>&'\"", String(repeating: "long ", count: 9)]
        for before in texts {
            for match in texts {
                for after in texts {
                    var reference = TemplateContext()
                    reference.set("before", text: before)
                    reference.set("match", text: match)
                    reference.set("after", text: after)
                    guard case .object(let made) = TemplateValues.snippet(before: before, match: match, after: after) else {
                        Issue.record("not an object")
                        return
                    }
                    #expect(made.map(\.key) == reference.map(\.key))
                    #expect(made.map(\.value.text) == reference.map(\.value.text))
                    #expect(made.printBits == reference.printBits)
                    for key in ["before", "match", "after", "other"] {
                        #expect(made[key]?.text == reference[key]?.text, "\(key)")
                    }
                }
            }
        }
    }

    /// Five names made at once are the five set one by one.
    @Test func fiveNamesAtOnce() {
        typealias N = TemplateValues.Names
        let made = TemplateObject(N.title, "T", N.href, "h", N.count, 3, N.contexts, ["x"], N.countText, "3 mentions")
        var reference = TemplateObject()
        for (key, value): (String, TemplateValue) in [("title", "T"), ("href", "h"), ("count", 3), ("contexts", ["x"]), ("countText", "3 mentions")] {
            reference[key] = value
        }
        #expect(made.map(\.key) == reference.map(\.key))
        #expect(made.map(\.value.text) == reference.map(\.value.text))
        #expect(made.printBits == reference.printBits)
        #expect(made["countText"]?.text == "3 mentions")
    }
}

import Foundation
import Diagnostics
import Markdown
import Notes

/// `TermRecognizer.analyse`, remembered by text for one extraction over a vault, from every
/// thread: notes repeat their section names ("정리", "Summary", a template's headings), and each
/// analysis costs thousands of instructions.
///
/// Texts are told apart by their bytes, not by Swift's `==` (which takes an NFD text for its NFC
/// twin, whose names differ in bytes): the analysis is a function of the bytes, and bytes are
/// what the table hashes and compares, without the normalising walk a string's own hash takes
/// over Hangul.
final class TermAnalysisCache: @unchecked Sendable {
    /// Read and written only under `lock`, which is what keeps its accesses apart: the dynamic
    /// exclusivity check Swift adds to each access of a class's stored property (two calls
    /// into the runtime, for every heading and title of every note) proves nothing more.
    @exclusivity(unchecked)
    private var known: [TextBytes: KeyedTermAnalysis]
    private let lock = SpinLock()

    /// About how many distinct headings and titles a note brings (3.9 in the benchmark corpus).
    static let textsPerNote = 4

    /// `notes`: how many notes will be analysed, for room in the table from the start. Grown
    /// from a thousand, the table of a 10,000-note vault was made again six times, each time
    /// under the lock every parsing thread takes.
    init(notes: Int = 0) {
        known = Dictionary(minimumCapacity: max(1024, notes * Self.textsPerNote))
    }

    func analyse(_ text: String) -> KeyedTermAnalysis {
        let key = TextBytes(text)
        lock.lock()
        let hit = known[key]
        lock.unlock()
        if let hit { return hit }
        let analysis = KeyedTermAnalysis(TermRecognizer.analyse(text))
        lock.lock()
        known[key] = analysis
        lock.unlock()
        return analysis
    }

    /// A text as a table key: equal when the bytes are, hashed from the bytes (FNV-1a, made once
    /// per key; the table mixes it with its seed).
    struct TextBytes: Hashable {
        let text: String
        let hash: UInt64

        init(_ text: String) {
            self.text = text
            hash = text.withUTF8Bytes { bytes in
                var h: UInt64 = 0xCBF2_9CE4_8422_2325
                for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
                return h
            }
        }

        static func == (a: TextBytes, b: TextBytes) -> Bool {
            a.hash == b.hash && String.sameBytes(a.text, b.text)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(hash)
        }

        /// The FNV-1a hash mixed with the table's seed (`HashMix`), which also spreads its low
        /// bits (the table's buckets), where `hash(into:)` ran SipHash at every lookup.
        func _rawHashValue(seed: Int) -> Int {
            HashMix.mixed(Int(truncatingIfNeeded: hash), seed: seed)
        }
    }
}

/// An analysis with the `ConceptName.key` of each name it defines: the keys a definition fact
/// needs, made once for a text however many notes repeat it.
struct KeyedTermAnalysis: Sendable {
    let analysis: TermAnalysis
    /// `ConceptName.key` of each of `analysis.defines`.
    let keys: [String]

    init(_ analysis: TermAnalysis) {
        self.analysis = analysis
        keys = analysis.defines.map(ConceptName.key)
    }

    var defines: [String] { analysis.defines }
    var synonyms: [[String]] { analysis.synonyms }
}

/// A place where one note defines a concept, before the vault's concepts are merged.
struct DefinitionFact: Sendable {
    /// Names of one concept, the main one first.
    let names: [String]
    /// `ConceptName.key` of each name: made here, in the parallel extraction, so the merge
    /// (which runs on one core) only looks them up.
    let keys: [String]
    var source: ConceptDefinition.Source
    /// A heading that is a bare term (no acronym pair). Such a heading written in a large share of
    /// the notes is a template's section name, not a concept.
    var isBareHeading = false
    /// `ConceptMerger.isPair(names)`: an acronym and its long form. Made here, in the parallel
    /// extraction, for the merge.
    let isPair: Bool
    var anchor: String?
    /// The text blocks the definition covers; nil for the note as a whole.
    var scope: Range<Int>?
    var excerpt: Block?
    var location: SourceLocation

    init(names: [String], source: ConceptDefinition.Source, isBareHeading: Bool = false, anchor: String?,
         scope: Range<Int>?, excerpt: Block?, location: SourceLocation) {
        self.init(names: names, keys: names.map(ConceptName.key), source: source, isBareHeading: isBareHeading,
                  anchor: anchor, scope: scope, excerpt: excerpt, location: location)
    }

    /// With the names' keys already made (`NoteFacts.aliasKeys`): `keys[n]` must be
    /// `ConceptName.key(names[n])`.
    init(names: [String], keys: [String], source: ConceptDefinition.Source, isBareHeading: Bool = false,
         anchor: String?, scope: Range<Int>?, excerpt: Block?, location: SourceLocation) {
        self.names = names
        self.keys = keys
        isPair = ConceptMerger.isPair(names)
        self.source = source
        self.isBareHeading = isBareHeading
        self.anchor = anchor
        self.scope = scope
        self.excerpt = excerpt
        self.location = location
    }
}

/// What one note says about concepts.
struct NoteFacts: Sendable {
    /// How many text blocks the note has (`TextBlocks`): the blocks a section or the whole note
    /// covers are numbered among them.
    var blockCount = 0
    var definitions: [DefinitionFact] = []
    /// The index in `definitions` of what the title defines.
    var titleDefinition: Int?
    /// The note's `aliases`: names of what the note is about, joined in the merge.
    var aliases: [String] = []
    /// Acronym pairs the note writes without defining them.
    var synonyms: [[String]] = []
    /// `ConceptName.key` of each alias and of each synonym's names (`keyingNames`).
    var aliasKeys: [String] = []
    var synonymKeys: [[String]] = []
    /// The note's first paragraph, the excerpt of what the note as a whole defines.
    var lead: Block?
    /// Every name above numbered in the vault's `NameTable`, for the merge: set by
    /// `ConceptFactExtractor`, on the parsing thread.
    var nameRefs = NameRefs()
}

/// Finds the definitions in one note: title, aliases, `concepts:` front matter, headings,
/// `**Term**:` paragraphs and `Long Form (ABBR)` in text. Pure and per note, so it runs in
/// parallel.
enum ConceptExtractor {
    /// `analyses` remembers the analysis of each heading and title across the notes of one
    /// extraction; nil analyses each afresh.
    ///
    /// `namesOnly` finds the same names, keys, pairs and aliases (all a names-only merge reads,
    /// `ConceptCatalog.buildNames`) without where they are: no excerpts, the section of a heading
    /// only as its own block, every location the body's start.
    static func extract(_ parsed: ParsedNote, analyses: TermAnalysisCache? = nil, namesOnly: Bool = false) -> NoteFacts {
        var walker = Walker(parsed: parsed, analyses: analyses, namesOnly: namesOnly)
        walker.run(parsed)
        walker.facts.aliasKeys = walker.facts.aliases.map { knownKey(of: $0, in: walker.facts.definitions) ?? ConceptName.key($0) }
        walker.facts.synonymKeys = walker.facts.synonyms.map { $0.map(ConceptName.key) }
        var facts = NoteFacts()
        swap(&facts, &walker.facts)
        return facts
    }

    /// The key of `name` made already for a definition of the note with the same bytes (a key is
    /// a function of the bytes), else nil. A note's aliases most often repeat what its title or
    /// a heading defines ("Topic Number 7 Method" beside `## Topic Number 7 Method (T7)`), and a
    /// byte comparison with each of a note's few names costs less than a key made again.
    static func knownKey(of name: String, in definitions: [DefinitionFact]) -> String? {
        for d in definitions.indices {
            for k in definitions[d].names.indices where String.sameBytes(definitions[d].names[k], name) {
                return definitions[d].keys[k]
            }
        }
        return nil
    }

    private struct Walker {
        let analyses: TermAnalysisCache?
        let namesOnly: Bool
        let document: MarkdownDocument
        var facts = NoteFacts()
        /// How many text blocks the walk has met (`TextBlocks`, whose order the walk keeps):
        /// a block's number, and in the end `facts.blockCount`.
        var blockCount = 0
        /// The top-level headings (but the title's) in order, each with its place among the text
        /// blocks: the headings a names-only walk reads, where a full walk finds them among its
        /// blocks (a heading inside a quote or list is a text block, but defines nothing). Each
        /// with the location its section's definitions take, found once for the walk and kept
        /// for `headings()`, which looked it up again.
        var sectionHeadings: [(block: Int, top: Int, location: SourceLocation)]
        /// The top-level block that is the note's own `# Title` (not rendered, so not an anchor).
        let titleHeadingTop: Int?
        /// Where `location(ofHeading:)` goes on looking among the document's headings.
        var headingCursor = 0
        let bodyStart: SourceLocation
        /// The id of the heading of the section being walked.
        var currentAnchor: String?
        var currentLocation: SourceLocation

        /// `parsed` is borrowed: an initializer takes its arguments owned, and the note was
        /// copied (each of its fields retained) for the call and destroyed in it.
        init(parsed: borrowing ParsedNote, analyses: TermAnalysisCache?, namesOnly: Bool) {
            let document = parsed.document
            // Every heading the walk can record is one of the document's.
            var sections: [(block: Int, top: Int, location: SourceLocation)] = []
            sections.reserveCapacity(document.headings.count)
            let start = SourceLocation(file: parsed.path.string, line: parsed.note.bodyStartLine, column: 1)
            let isTitle: Bool
            if case .heading(1, _, _, _)? = document.blocks.first, document.headings.first?.text == parsed.title {
                isTitle = true
            } else {
                isTitle = false
            }
            self.analyses = analyses
            self.namesOnly = namesOnly
            self.document = document
            titleHeadingTop = isTitle ? 0 : nil
            sectionHeadings = sections
            bodyStart = start
            currentLocation = start
        }

        /// The blocks are read in place, through the array's buffer, here and in `walk`: a `for`
        /// over an array of blocks copied each block on the way in (a retain of every payload)
        /// and destroyed the copy on the way out, for every block of every note.
        mutating func run(_ parsed: ParsedNote) {
            let blocks = document.blocks
            blocks.withUnsafeBufferPointer { blocks in
                for top in blocks.indices {
                    if case .heading(_, _, let id, _) = blocks[top], top != titleHeadingTop {
                        currentAnchor = id
                        currentLocation = namesOnly ? bodyStart : location(ofHeading: id)
                        sectionHeadings.append((blockCount, top, currentLocation))
                    }
                    walk(blocks.baseAddress! + top, top: top, paragraphScope: true)
                }
            }
            // Room for a definition from each heading, the title and the front matter's
            // concepts: the list grew by doubling, copying what it held, in most notes.
            if !sectionHeadings.isEmpty {
                facts.definitions.reserveCapacity(facts.definitions.count + sectionHeadings.count + 1)
            }
            facts.blockCount = blockCount
            headings()
            noteLevel(parsed)
        }

        /// The location of the heading whose id is `id`, or the body's start if the document
        /// lists none. The parse gives every heading an id of its own (`HeadingIDs`) and lists
        /// them in document order, in which `run` meets the top-level ones: each is found from
        /// where the one before was, most often at once. A table of the ids, made for every
        /// note, cost more to fill than this costs to read.
        private mutating func location(ofHeading id: String) -> SourceLocation {
            let headings = document.headings
            for k in headingCursor..<headings.count where headings[k].id == id {
                headingCursor = k + 1
                return headings[k].location
            }
            for k in 0..<min(headingCursor, headings.count) where headings[k].id == id { return headings[k].location }
            return bodyStart
        }

        /// Counts a text block: the walk meets them in the order `TextBlocks.append` lists them.
        private mutating func addBlock() {
            blockCount += 1
        }

        /// Adds acronym pairs the note writes without defining them; most texts have none.
        private mutating func addSynonyms(_ synonyms: [[String]]) {
            if !synonyms.isEmpty { facts.synonyms += synonyms }
        }

        private func analyse(_ text: String) -> KeyedTermAnalysis {
            analyses?.analyse(text) ?? KeyedTermAnalysis(TermRecognizer.analyse(text))
        }

        // MARK: Blocks

        /// `block` points into the buffer of the array that holds it (`run`): a block passed by
        /// value was copied at each call, the caller being unable to prove the buffer unchanged
        /// while the walk mutates itself. Only the payload a case binds is copied (a retain).
        private mutating func walk(_ block: UnsafePointer<Block>, top: Int, paragraphScope: Bool) {
            switch block.pointee {
            case .paragraph(let inlines):
                let index = blockCount
                addBlock()
                if paragraphScope { boldTerm(inlines, excerpt: block, scope: index..<index + 1) }
                inlineAcronyms(inlines, excerpt: block, scope: index..<index + 1)
            case .heading:
                addBlock()
            case .blockQuote(let blocks), .footnoteDefinition(_, let blocks):
                walk(blocks, top: top, paragraphScope: true)
            case .callout(let callout):
                if !callout.title.isEmpty { addBlock() }
                walk(callout.blocks, top: top, paragraphScope: true)
            case .list(_, let items):
                items.withUnsafeBufferPointer { items in
                    for k in items.indices {
                        let start = blockCount
                        walk(items[k].blocks, top: top, paragraphScope: false)
                        // `- **Dropout**: …` defines Dropout; the item, sub-items included, is its section.
                        items[k].blocks.withUnsafeBufferPointer { blocks in
                            if let first = blocks.baseAddress, !blocks.isEmpty, case .paragraph(let inlines) = first.pointee {
                                boldTerm(inlines, excerpt: first, scope: start..<blockCount)
                            }
                        }
                    }
                }
            case .table(_, let header, let rows):
                blockCount += header.count
                for row in rows { blockCount += row.count }
            case .codeBlock, .htmlBlock, .thematicBreak:
                break
            }
        }

        /// `walk` of each of `blocks`, read in place (`run`).
        private mutating func walk(_ blocks: [Block], top: Int, paragraphScope: Bool) {
            blocks.withUnsafeBufferPointer { blocks in
                for k in blocks.indices { walk(blocks.baseAddress! + k, top: top, paragraphScope: paragraphScope) }
            }
        }

        /// `**Dropout**: …`, `**Batch Normalization (BN)**: …`, `**Term:** …`.
        /// `excerpt` points to the paragraph's block (`walk`), read only for a definition's excerpt.
        private mutating func boldTerm(_ inlines: [Inline], excerpt: UnsafePointer<Block>, scope: Range<Int>) {
            guard let i = ConceptExtractor.leadingStrong(inlines), case .strong(let content) = inlines[i] else { return }
            var term = ConceptExtractor.plainText(content, document: document).trimmingSpaces()
            if term.hasSuffix(":") || term.hasSuffix("：") {
                term = String(term.unicodeScalars.dropLast()).trimmingSpaces()
            } else {
                guard i + 1 < inlines.count, case .text(let after) = inlines[i + 1] else { return }
                let rest = after.trimmingSpaces()
                guard rest.hasPrefix(":") || rest.hasPrefix("：") else { return }
            }
            let analysis = analyse(term)
            guard !analysis.defines.isEmpty else { return }
            facts.definitions.append(DefinitionFact(names: analysis.defines, keys: analysis.keys, source: .boldTerm, anchor: currentAnchor,
                                                    scope: scope, excerpt: namesOnly ? nil : excerpt.pointee, location: currentLocation))
            addSynonyms(analysis.synonyms)
        }

        /// `Kullback-Leibler Divergence (KLD)`, `Variational Auto Encoder(이하 VAE)` in a paragraph.
        private mutating func inlineAcronyms(_ inlines: [Inline], excerpt: UnsafePointer<Block>, scope: Range<Int>) {
            guard ConceptExtractor.hasParenthesis(inlines) else { return }
            var pairs: [[String]] = []
            ConceptExtractor.acronymCandidates(inlines, document: document) { before, inside in
                if let pair = TermRecognizer.pair(before: Substring(before), inside: Substring(inside)) { pairs.append(pair) }
            }
            for pair in pairs {
                facts.definitions.append(DefinitionFact(names: pair, source: .acronym, anchor: currentAnchor,
                                                        scope: scope, excerpt: namesOnly ? nil : excerpt.pointee, location: currentLocation))
            }
        }

        // MARK: Headings and the note as a whole

        /// What each top-level heading but the title's defines (`sectionHeadings`, in order), with
        /// the text blocks up to the next top-level heading of its level or above as its section
        /// (a heading in a quote or a list ends nothing; the title's comes before all the others).
        /// A names-only walk has neither sections nor locations: its section is the heading's
        /// own block, its location the body's start.
        private mutating func headings() {
            let sections = sectionHeadings
            for (k, (b, top, location)) in sections.enumerated() {
                guard case .heading(let level, let content, let id, _) = document.blocks[top] else { continue }
                let analysis = analyse(ConceptExtractor.plainText(content, document: document))
                addSynonyms(analysis.synonyms)
                guard !analysis.defines.isEmpty else { continue }
                var end = b + 1
                var excerpt: Block?
                if !namesOnly {
                    end = blockCount
                    var endTop = document.blocks.count
                    for next in sections[(k + 1)...] {
                        if case .heading(let otherLevel, _, _, _) = document.blocks[next.top], otherLevel <= level {
                            end = next.block
                            endTop = next.top
                            break
                        }
                    }
                    excerpt = ConceptExtractor.firstParagraph(in: document.blocks[(top + 1)..<endTop], throughHeadings: true)
                }
                facts.definitions.append(DefinitionFact(names: analysis.defines, keys: analysis.keys, source: .heading,
                                                        isBareHeading: analysis.defines.count == 1,
                                                        anchor: id, scope: b..<end, excerpt: excerpt,
                                                        location: location))
            }
        }

        private mutating func noteLevel(_ parsed: ParsedNote) {
            let fm = parsed.note.frontMatter
            let lead = namesOnly ? nil
                : ConceptExtractor.firstParagraph(in: document.blocks[(titleHeadingTop.map { $0 + 1 } ?? 0)...], throughHeadings: true)
            facts.lead = lead
            // A title that is only the file name says nothing about a concept, and the home page's
            // title is the site's name.
            let hasRealTitle = (fm.title.map { !$0.isEmpty } ?? false) || document.firstTitleHeading != nil
            if hasRealTitle, parsed.permalink != .root {
                let analysis = analyse(parsed.title)
                addSynonyms(analysis.synonyms)
                if !analysis.defines.isEmpty {
                    facts.titleDefinition = facts.definitions.count
                    facts.definitions.append(DefinitionFact(names: analysis.defines, keys: analysis.keys, source: .title, anchor: nil, scope: nil,
                                                            excerpt: lead, location: bodyStart))
                }
            }
            var declared: [String] = []
            switch fm.extraValue(forKey: "concepts") {
            case .array(let items)?: declared = items.compactMap(\.stringValue)
            case .string(let s)?: declared = s.split(separator: ",").map(String.init)
            default: break
            }
            for entry in declared {
                let name = entry.trimmingSpaces().nfc
                guard TermRecognizer.scalarCount(name) >= 2 else { continue }
                let analysis = analyse(name)
                if name.contains("(") && analysis.defines.count == 2 {
                    facts.definitions.append(DefinitionFact(names: analysis.defines, keys: analysis.keys, source: .frontMatter,
                                                            anchor: nil, scope: nil, excerpt: lead, location: bodyStart))
                } else {
                    facts.definitions.append(DefinitionFact(names: [name], source: .frontMatter, anchor: nil, scope: nil,
                                                            excerpt: lead, location: bodyStart))
                }
            }
            // One array, made once: mapped and then filtered, it was made twice and grown.
            var aliases: [String] = []
            if !fm.aliases.isEmpty {
                aliases.reserveCapacity(fm.aliases.count)
                for alias in fm.aliases {
                    let trimmed = alias.trimmingSpaces()
                    if TermRecognizer.scalarCount(trimmed) >= 2 { aliases.append(trimmed) }
                }
            }
            facts.aliases = aliases
        }
    }

    // MARK: Acronyms in prose

    /// Calls `body` with the text before and the text inside each parenthesis in the prose of a
    /// paragraph (the runs of its `InlineText` outside links) that may hold an acronym pair: a
    /// closing parenthesis within 82 scalars, and a capital inside or two in the word before.
    ///
    /// Read from the UTF-8 bytes of the prose (`proseRunBytes`): only the neighbourhood of a
    /// parenthesis is decoded, where `InlineText` decoded every scalar of the paragraph, code and
    /// math included. A paragraph whose text may not be NFC, which `InlineText` normalises, is
    /// read by `acronymCandidatesByScalar`.
    static func acronymCandidates(_ inlines: [Inline], document: MarkdownDocument, _ body: (String, String) -> Void) {
        guard forEachProseRun(inlines, { acronymCandidates(inRun: $0, body) }) else {
            return acronymCandidatesByScalar(inlines, document: document, body)
        }
    }

    /// `acronymCandidates` over the scalars of `InlineText`: right for any paragraph.
    static func acronymCandidatesByScalar(_ inlines: [Inline], document: MarkdownDocument, _ body: (String, String) -> Void) {
        let text = InlineText(inlines, document: document)
        let all = text.scalars
        for run in text.runs where run.link == nil {
            let scalars = all[run.range]
            var start = scalars.startIndex
            var i = scalars.startIndex
            while i < scalars.endIndex {
                let c = scalars[i]
                guard c == "(" || c == "（" else { i += 1; continue }
                var j = i + 1
                while j < scalars.endIndex, j - i <= 82, scalars[j] != ")", scalars[j] != "）", scalars[j] != "(" { j += 1 }
                guard j < scalars.endIndex, scalars[j] == ")" || scalars[j] == "）" else { i += 1; continue }
                // A pair needs capitals: an acronym inside, or right before the parenthesis.
                let capitalInside = scalars[(i + 1)..<j].contains { $0.value >= 0x41 && $0.value <= 0x5A }
                var w = i
                while w > start, scalars[w - 1] == " " { w -= 1 }
                var capitalsBefore = 0
                while w > start, !ConceptName.isSpace(scalars[w - 1]) {
                    if scalars[w - 1].value >= 0x41 && scalars[w - 1].value <= 0x5A { capitalsBefore += 1 }
                    w -= 1
                }
                guard capitalInside || capitalsBefore >= 2 else {
                    start = j + 1
                    i = j + 1
                    continue
                }
                // The long form is at most a dozen or so words back.
                let window = max(start, i - 160)
                body(String(scalars: scalars[window..<i]), String(scalars: scalars[(i + 1)..<j]))
                start = j + 1
                i = j + 1
            }
        }
    }

    /// The UTF-8 bytes of each prose run of a paragraph, as `InlineText` makes its runs without
    /// a link: text and line breaks (as spaces), through emphasis; code, math, HTML, images,
    /// links, wikilinks and footnote references end a run, and nothing in a link is prose. Nil
    /// when a text may not be NFC (`ConceptName.needsNormalization`, the bytes on which
    /// `InlineText` normalises).
    static func proseRunBytes(_ inlines: [Inline]) -> [[UInt8]]? {
        var runs: [[UInt8]] = []
        return forEachProseRun(inlines, { runs.append(Array($0)) }) ? runs : nil
    }

    /// Calls `body` with the bytes of each prose run of a paragraph (`proseRunBytes`), in order,
    /// each gathered in one buffer that serves every run rather than kept in an array of its
    /// own. Returns false, having called `body` for none, when a text may not be NFC: every text
    /// is asked that before any run is offered.
    static func forEachProseRun(_ inlines: [Inline], _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        // A paragraph of one text (most paragraphs that reach here) is one run of the text's
        // own bytes: offered in place rather than copied into the buffer, after the same
        // question of NFC and with the same skip of an empty run as the gathering walk below.
        if inlines.count == 1, case .text(let t) = inlines[0] {
            return t.withUTF8Bytes { bytes in
                guard !ConceptExtractor.mayNeedNFC(bytes) else { return false }
                if !bytes.isEmpty { body(bytes) }
                return true
            }
        }
        func mayNeedNFC(_ inlines: [Inline]) -> Bool {
            for inline in inlines {
                switch inline {
                case .text(let t):
                    if t.withUTF8Bytes(ConceptExtractor.mayNeedNFC) { return true }
                case .emphasis(let c), .strong(let c), .strikethrough(let c):
                    if mayNeedNFC(c) { return true }
                default:
                    continue
                }
            }
            return false
        }
        guard !mayNeedNFC(inlines) else { return false }
        var current: [UInt8] = []
        func close() {
            if !current.isEmpty { current.withUnsafeBufferPointer(body) }
            current.removeAll(keepingCapacity: true)
        }
        func collect(_ inlines: [Inline]) {
            for inline in inlines {
                switch inline {
                case .text(let t):
                    t.withUTF8Bytes { current.append(contentsOf: $0) }
                case .softBreak, .lineBreak:
                    current.append(0x20)
                case .emphasis(let c), .strong(let c), .strikethrough(let c):
                    collect(c)
                case .code, .html, .link, .image, .wikiLink, .math, .footnoteReference:
                    close()
                }
            }
        }
        collect(inlines)
        close()
        return true
    }

    /// `ConceptName.needsNormalization` by `memchr`: a paragraph's text is long, and its bytes
    /// are read many at a time rather than one by one.
    static func mayNeedNFC(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.firstOffset(of: 0xCC) != nil || bytes.firstOffset(of: 0xCD) != nil { return true }
        var from = 0
        while let k = bytes.firstOffset(of: 0xE1, from: from) {
            if k + 1 < bytes.count, bytes[k + 1] >= 0x84, bytes[k + 1] <= 0x87 { return true }
            from = k + 1
        }
        return false
    }

    /// `acronymCandidatesByScalar`'s walk over one run, by bytes. A parenthesis is found by its
    /// bytes (`(` is no part of another scalar's UTF-8; `（` is EF BC 88); the scalar counts the
    /// walk bounds (82 ahead, 160 back) are counted by lead bytes, and only the word before the
    /// parenthesis is decoded, for its white space.
    static func acronymCandidates(inRun bytes: UnsafeBufferPointer<UInt8>, _ body: (String, String) -> Void) {
        let n = bytes.count
        /// The length of the parenthesis at `k` (`(`, `（`, `)` or `）` as `kind`), else 0.
        @inline(__always) func paren(at k: Int) -> (length: Int, kind: UInt8) {
            let b = bytes[k]
            if b == 0x28 || b == 0x29 { return (1, b) }
            if b == 0xEF, k + 2 < n, bytes[k + 1] == 0xBC, bytes[k + 2] == 0x88 || bytes[k + 2] == 0x89 {
                return (3, bytes[k + 2] == 0x88 ? 0x28 : 0x29)
            }
            return (0, 0)
        }
        @inline(__always) func scalarLength(_ lead: UInt8) -> Int {
            lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        }
        @inline(__always) func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        var start = 0
        var i = 0
        var nextEF = -1
        while i < n {
            // Only a `(` or the lead byte EF of `（` can open: straight to the nearer one.
            if nextEF < i { nextEF = bytes.firstOffset(of: 0xEF, from: i) ?? n }
            i = min(bytes.firstOffset(of: 0x28, from: i) ?? n, nextEF)
            guard i < n else { break }
            let (openLength, openKind) = paren(at: i)
            guard openLength > 0, openKind == 0x28 else { i += 1; continue }
            // The walk to the closing parenthesis stops at a `)`, `）` or `(` (not at a `（`) or
            // 83 scalars on, and takes what it stops at if that closes.
            var j = i + openLength
            var scalarsOn = 1
            while j < n, scalarsOn <= 82 {
                let (length, kind) = paren(at: j)
                if length > 0, kind == 0x29 || length == 1 { break }
                j += scalarLength(bytes[j])
                scalarsOn += 1
            }
            let close = j < n ? paren(at: j) : (length: 0, kind: 0)
            guard close.length > 0, close.kind == 0x29 else { i += openLength; continue }
            let closeLength = close.length
            let capitalInside = bytes[(i + openLength)..<j].contains { $0 >= 0x41 && $0 <= 0x5A }
            var w = i
            while w > start, bytes[w - 1] == 0x20 { w -= 1 }
            var capitalsBefore = 0
            while w > start {
                let (value, from) = TermRecognizer.scalar(in: bytes, endingAt: w)
                if ConceptName.isSpace(Unicode.Scalar(value)!) { break }
                if value >= 0x41 && value <= 0x5A { capitalsBefore += 1 }
                w = from
            }
            guard capitalInside || capitalsBefore >= 2 else {
                start = j + closeLength
                i = j + closeLength
                continue
            }
            // The long form is at most a dozen or so words back: 160 scalars, not before `start`.
            var window = i
            var back = 0
            while window > start, back < 160 {
                window -= 1
                while window > start, bytes[window] & 0xC0 == 0x80 { window -= 1 }
                back += 1
            }
            body(text(window..<i), text((i + openLength)..<j))
            start = j + closeLength
            i = j + closeLength
        }
    }

    // MARK: Helpers

    /// Where the strong emphasis of a `**Term**: …` paragraph is: the first inline that is not a
    /// text of spaces and tabs only (an empty text included), if it is strong; else nil. Most
    /// paragraphs start with words, and are told so from their first inline, read in place
    /// rather than copied.
    static func leadingStrong(_ inlines: [Inline]) -> Int? {
        inlines.withUnsafeBufferPointer { inlines in
            for k in inlines.indices {
                switch inlines[k] {
                case .text(let t):
                    let blank = t.withUTF8Bytes { bytes in bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 } }
                    if !blank { return nil }
                case .strong:
                    return k
                default:
                    return nil
                }
            }
            return nil
        }
    }

    /// Plain text of a heading or bold term; code and math become U+FFFC, which no term contains.
    ///
    /// Built by appending whole strings: a string's append copies the bytes as they are (it
    /// neither normalises nor merges anything), which is what appending their scalars one by one
    /// to a `UnicodeScalarView` gave, at a fraction of the cost.
    static func plainText(_ inlines: [Inline], document: MarkdownDocument) -> String {
        var out = ""
        func collect(_ inlines: [Inline]) {
            for inline in inlines {
                switch inline {
                case .text(let t): out.append(t)
                case .softBreak, .lineBreak: out.append(" ")
                case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, let c): collect(c)
                case .wikiLink(let index):
                    if index < document.links.count { out.append(document.links[index].displayText) }
                case .code, .math, .html, .image: out.append("\u{FFFC}")
                case .footnoteReference: continue
                }
            }
        }
        collect(inlines)
        return out
    }

    /// "(" or "（" (EF BC 88) in the text's bytes, read from its contiguous storage: a loop over
    /// `utf8` pays for each byte's index check, and every paragraph of every note comes here.
    ///
    /// `（` is looked for by its lead byte EF, which Korean text never holds (Hangul syllables
    /// lead with EA–ED), rather than by its last byte 88, a continuation byte found every few
    /// syllables.
    ///
    /// Inlined: in `hasParenthesis` it lets the inlines be read without a copy of each (made
    /// again when this was a call of its own).
    @inline(__always)
    static func holdsParenthesis(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            if bytes.firstOffset(of: 0x28) != nil { return true }
            var from = 0
            while let k = bytes.firstOffset(of: 0xEF, from: from) {
                if k + 2 < bytes.count, bytes[k + 1] == 0xBC, bytes[k + 2] == 0x88 { return true }
                from = k + 1
            }
            return false
        }
    }

    /// Whether any prose text holds a `(`: most paragraphs do not, and skip the acronym scan.
    ///
    /// The inlines are read in place, through the array's buffer: iterating the array copied
    /// each inline on the way in and destroyed the copy on the way out.
    static func hasParenthesis(_ inlines: [Inline]) -> Bool {
        inlines.withUnsafeBufferPointer { inlines in
            for k in inlines.indices {
                switch inlines[k] {
                case .text(let t):
                    if holdsParenthesis(t) { return true }
                case .emphasis(let c), .strong(let c), .strikethrough(let c):
                    if hasParenthesis(c) { return true }
                default:
                    continue
                }
            }
            return false
        }
    }

    /// The first paragraph of a stretch of blocks (looking into lists, quotes and callouts); it
    /// stops at a heading unless `throughHeadings`.
    static func firstParagraph(in blocks: ArraySlice<Block>, throughHeadings: Bool = false) -> Block? {
        for block in blocks {
            switch block {
            case .paragraph:
                return block
            case .heading:
                if !throughHeadings { return nil }
            case .list(_, let items):
                if let first = items.first, let found = firstParagraph(in: first.blocks[...]) { return found }
            case .blockQuote(let inner):
                if let found = firstParagraph(in: inner[...]) { return found }
            case .callout(let callout):
                if let found = firstParagraph(in: callout.blocks[...]) { return found }
            default:
                continue
            }
        }
        return nil
    }
}

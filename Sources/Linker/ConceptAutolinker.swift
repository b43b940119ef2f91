import Diagnostics
public import Markdown

/// Which concept mentions a note page links to the concepts' pages (`autolink:` in
/// notegraph.yml).
public enum AutolinkMode: String, Sendable, CaseIterable {
    /// The first mention of each concept in each section: enough to reach every idea from where
    /// it comes up, without turning a paragraph about the ELBO into a row of links.
    case first
    /// Every mention.
    case all
    /// None: only the links the note writes itself.
    case none
}

extension LinkedVault {
    /// Note `note`'s document with concept mentions wrapped in links to the concepts' pages, and
    /// the resolutions of its links extended with a `.concept` for each link added, so the render
    /// phase treats them as it treats `[[ELBO]]`.
    ///
    /// What is linked is what counts as a mention (`ConceptCatalog.scan`): names in prose, never
    /// in headings, callout titles, links, code, math or raw HTML. A section that defines a
    /// concept does not link it (it would link the page to the idea it is explaining), nor does
    /// a note whose title, aliases or `concepts:` name the concept, anywhere; and with
    /// `.first` each concept is linked once per section, the stretch up to the next heading of
    /// any level; a link the note writes itself to the concept's page, or to a note or section
    /// defining it (`[KL Divergence](kl.md)`), counts as that once. A name split by markup
    /// (`Variational *Auto* Encoder`) is left alone.
    public func autolinked(_ note: Int, mode: AutolinkMode) -> (document: MarkdownDocument, resolutions: [Resolution]) {
        autolinked(note, mode: mode, shortcut: true)
    }

    func autolinked(_ note: Int, mode: AutolinkMode, shortcut: Bool) -> (document: MarkdownDocument, resolutions: [Resolution]) {
        let parsed = notes[note]
        let resolved = note < resolutions.count ? resolutions[note] : []
        // The mention scan found every name in the note (`ConceptCatalog.noteMatches`); with
        // none there is nothing to link.
        guard mode != .none, parsed.isPublished, note < concepts.noteMatches.count, !concepts.noteMatches[note].isEmpty else {
            return (parsed.document, resolved)
        }
        let catalog = concepts
        let notes = self.notes
        var linker = ConceptAutolinker(source: parsed.document, resolutions: resolved, scanned: concepts.noteMatches[note], mode: mode,
                                       reachedBy: { catalog.concepts(reachedBy: $0, from: note, notes: notes) },
                                       definitions: note < concepts.noteDefinitions.count ? concepts.noteDefinitions[note] : [],
                                       location: SourceLocation(file: parsed.path.string, line: parsed.note.bodyStartLine, column: 1))
        linker.shortcut = shortcut
        return linker.run()
    }
}

/// Rewrites one note's tree. It walks the blocks in the order `ConceptExtractor` does, so its
/// count of text blocks names the same blocks as the definitions' `blocks` ranges.
///
/// Each text block is walked once, counting its scalars as `InlineText` counts them (the
/// offsets of the scan's matches) without decoding or keeping them, and only up to its last
/// match; the rest of the block is read only for the links that mark a concept as linked. A
/// block, list or note with nothing to link is handed back as it was (nil from `rewrite`),
/// not copied: most blocks link nothing.
struct ConceptAutolinker {
    let source: MarkdownDocument
    let resolutions: [Resolution]
    /// The note's matches from the mention scan, block by block, in text order.
    let scanned: [ConceptCatalog.TextMatch]
    let mode: AutolinkMode
    /// The concepts a link of the note leads to (`ConceptCatalog.concepts(reachedBy:)`).
    let reachedBy: (Resolution) -> [Int]
    /// Where the added links say they are: they are not in the source, so the body's start.
    let location: SourceLocation

    /// What the note as a whole is about (its title, aliases, `concepts:`): never linked in it,
    /// even outside the section that defines it, since the page is that concept's own note.
    private let aboutNote: [Int]
    /// The note's defining sections around the block being linked.
    private var cover: SectionCover
    private var textBlock = 0
    /// The concepts linked in this section (`.first`), in the order linked. A section links a
    /// handful, so a list searched from the start beats a set's hashing, and emptying it at a
    /// heading keeps its storage.
    private var linkedInSection: [Int] = []
    private var addedLinks: [LinkOccurrence] = []
    private var addedResolutions: [Resolution] = []
    /// The next of `scanned` to read: blocks come in order, and so do their matches.
    private var nextScanned = 0

    /// Whether a block stops being counted after its last match, and a block without matches
    /// is not counted at all (tests turn it off to hold the two ways to each other).
    var shortcut = true

    /// A match chosen to be linked, with the text node holding it.
    private struct Chosen {
        /// The node's number among the block's text nodes outside links, in walk order.
        var node: Int
        /// The node's first scalar in the block's text.
        var nodeStart: Int
        var range: Range<Int>
        var concept: Int
        /// Whether the node's scalars are its own (not normalised to NFC when counted): a
        /// piece is then cut out of its UTF-8 between counted scalars.
        var asWritten: Bool
    }

    // The walk of the current block (`linking`); kept between blocks for their storage.
    private var block = 0
    /// Scalars of the block's text before the walk's place, while `counting`.
    private var offset = 0
    private var counting = false
    /// Open inline HTML tags around the walk's place, outside links (`<span>…</span>`).
    private var htmlDepth = 0
    /// Text nodes outside links passed so far.
    private var textNodes = 0
    /// The block's matches not yet passed, `matchCursor..<matchEnd` of `scanned`.
    private var matchCursor = 0
    private var matchEnd = 0
    /// Links with text met before the block's first text node outside links: they count only
    /// if it has one (a block of links alone leaves the section as it was).
    private var pendingLinks: [Int] = []
    private var chosen: [Chosen] = []

    init(source: MarkdownDocument, resolutions: [Resolution], scanned: [ConceptCatalog.TextMatch], mode: AutolinkMode,
         reachedBy: @escaping (Resolution) -> [Int], definitions: [ConceptCatalog.NoteDefinition], location: SourceLocation) {
        self.source = source
        self.resolutions = resolutions
        self.scanned = scanned
        self.mode = mode
        self.reachedBy = reachedBy
        self.location = location
        aboutNote = definitions.filter(\.source.namesTheNote).map(\.concept)
        cover = SectionCover(definitions)
    }

    mutating func run() -> (document: MarkdownDocument, resolutions: [Resolution]) {
        guard let blocks = rewrite(source.blocks), !addedLinks.isEmpty else { return (source, resolutions) }
        var document = source
        document.blocks = blocks
        document.links += addedLinks
        return (document, resolutions + addedResolutions)
    }

    /// `blocks` with their mentions linked, or nil where none is: the array is copied only at
    /// its first changed block.
    private mutating func rewrite(_ blocks: [Block]) -> [Block]? {
        var out: [Block]?
        for i in blocks.indices {
            guard let changed = rewrite(blocks[i]) else { continue }
            if out == nil { out = blocks }
            out![i] = changed
        }
        return out
    }

    private mutating func rewrite(_ block: Block) -> Block? {
        switch block {
        case .paragraph(let inlines):
            return linking(inlines).map { .paragraph($0) }
        case .heading:
            textBlock += 1
            linkedInSection.removeAll(keepingCapacity: true)
            return nil
        case .blockQuote(let blocks):
            return rewrite(blocks).map { .blockQuote($0) }
        case .footnoteDefinition(let label, let blocks):
            return rewrite(blocks).map { .footnoteDefinition(label: label, $0) }
        case .callout(var callout):
            // The title is a heading of sorts: counted, never linked.
            if !callout.title.isEmpty { textBlock += 1 }
            guard let blocks = rewrite(callout.blocks) else { return nil }
            callout.blocks = blocks
            return .callout(callout)
        case .list(let info, let items):
            var out: [ListItem]?
            for i in items.indices {
                guard let blocks = rewrite(items[i].blocks) else { continue }
                if out == nil { out = items }
                out![i].blocks = blocks
            }
            return out.map { .list(info, $0) }
        case .table(let alignments, let header, let rows):
            var newHeader: [[Inline]]?
            for i in header.indices {
                guard let cell = linking(header[i]) else { continue }
                if newHeader == nil { newHeader = header }
                newHeader![i] = cell
            }
            var newRows: [[[Inline]]]?
            for r in rows.indices {
                for i in rows[r].indices {
                    guard let cell = linking(rows[r][i]) else { continue }
                    if newRows == nil { newRows = rows }
                    newRows![r][i] = cell
                }
            }
            guard newHeader != nil || newRows != nil else { return nil }
            return .table(alignments: alignments, header: newHeader ?? header, rows: newRows ?? rows)
        case .codeBlock, .htmlBlock, .thematicBreak:
            return nil
        }
    }

    /// One text block with its chosen mentions turned into links, or nil where none is.
    private mutating func linking(_ inlines: [Inline]) -> [Inline]? {
        block = textBlock
        textBlock += 1
        // The scan's matches of this block; blocks before it (never linked) are passed over.
        var k = nextScanned
        while k < scanned.count, scanned[k].block < block { k += 1 }
        var end = k
        while end < scanned.count, scanned[end].block == block { end += 1 }
        nextScanned = end
        // Without matches, all that can change is which concepts the section has linked, and
        // only through links: with `.all` nothing at all.
        if k == end && shortcut && mode == .all { return nil }
        matchCursor = k
        matchEnd = end
        if k < end { cover.move(to: block) }
        counting = k < end || !shortcut
        offset = 0
        htmlDepth = 0
        textNodes = 0
        pendingLinks.removeAll(keepingCapacity: true)
        chosen.removeAll(keepingCapacity: true)
        walk(inlines, link: nil)
        guard !chosen.isEmpty else { return nil }
        var next = 0
        var node = 0
        return rebuild(inlines, next: &next, node: &node)
    }

    /// Walks `inlines` as `InlineText` collects them (`link`: the link whose text they are),
    /// counting scalars while `counting`, choosing among the matches in each text node outside
    /// links, and marking the concepts of links with text as linked, in text order.
    private mutating func walk(_ inlines: [Inline], link: Int?) {
        for inline in inlines {
            switch inline {
            case .text(let t):
                if let link {
                    if !t.isEmpty { linkHasText(link) }
                    if counting { offset += Self.textCount(t).count }
                } else {
                    if textNodes == 0 { flushPendingLinks() }
                    if counting {
                        let start = offset
                        let (count, asWritten) = Self.textCount(t)
                        offset += count
                        choose(inNode: start..<offset, asWritten: asWritten)
                    }
                    textNodes += 1
                }
            case .softBreak, .lineBreak:
                if let link { linkHasText(link) }
                if counting { offset += 1 }
            case .code(let t):
                if counting { offset += t.withUTF8Bytes { InlineText.scalarCount($0, stoppingIfNotNFC: false) } ?? 0 }
            case .html(let tag):
                // The tags in a link's text open nothing outside it.
                if link == nil {
                    if tag.hasPrefix("</") {
                        htmlDepth = max(0, htmlDepth - 1)
                    } else if tag.hasPrefix("<") && !tag.hasPrefix("<!") && !tag.hasPrefix("<?") && !tag.hasSuffix("/>")
                                && !Self.isVoidElement(tag) {
                        htmlDepth += 1
                    }
                }
                if counting, Self.mayStartWithBR(tag), tag.lowercased().hasPrefix("<br") { offset += 1 }
            case .emphasis(let c), .strong(let c), .strikethrough(let c):
                walk(c, link: link)
            case .link(let index, let c):
                if InlineText.isBareURL(c, link: index < source.links.count ? source.links[index] : nil) {
                    // An autolinked URL shows the URL itself: counted, never a run of text.
                    if counting { offset += PlainText.of(c, math: source.math, links: source.links).unicodeScalars.count }
                } else {
                    walk(c, link: index)
                }
            case .image(_, let alt):
                if counting { offset += PlainText.of(alt, math: source.math, links: source.links).unicodeScalars.count }
            case .wikiLink(let index):
                guard index < source.links.count else { continue }
                let display = source.links[index].displayText
                if !display.isEmpty { linkHasText(index) }
                if counting { offset += display.unicodeScalars.count }
            case .math(let index):
                if counting, index < source.math.count {
                    offset += source.math[index].tex.withUTF8Bytes { InlineText.scalarCount($0, stoppingIfNotNFC: false) } ?? 0
                }
            case .footnoteReference:
                continue
            }
        }
    }

    /// How many scalars a `.text` node adds to the text (`InlineText.append`), and whether they
    /// are the node's own (not normalised to NFC).
    private static func textCount(_ t: String) -> (count: Int, asWritten: Bool) {
        if let count = t.withUTF8Bytes({ InlineText.scalarCount($0, stoppingIfNotNFC: true) }) { return (count, true) }
        return (t.nfc.unicodeScalars.count, false)
    }

    /// Whether `tag` may be `<br…>` lowercased: its first bytes are `<` and `b`, `r` in either
    /// case (no other character lowercases to them), so most tags skip `lowercased()`.
    private static func mayStartWithBR(_ tag: String) -> Bool {
        var bytes = tag.utf8.makeIterator()
        guard bytes.next() == UInt8(ascii: "<"), let b = bytes.next(), b | 0x20 == UInt8(ascii: "b"),
              let r = bytes.next(), r | 0x20 == UInt8(ascii: "r") else { return false }
        return true
    }

    /// The matches in the text node `range` (the block's scalars), chosen in order: outside
    /// raw HTML, not of a concept the note or this section is about, and with `.first` not
    /// linked before in the section. A match not inside one node (split by markup) is passed.
    private mutating func choose(inNode range: Range<Int>, asWritten: Bool) {
        while matchCursor < matchEnd, Int(scanned[matchCursor].start) < range.upperBound {
            let match = scanned[matchCursor]
            matchCursor += 1
            guard htmlDepth == 0, Int(match.start) >= range.lowerBound, Int(match.end) <= range.upperBound else { continue }
            let concept = Int(match.concept)
            guard !isCovered(concept) else { continue }
            if mode == .first {
                if linkedInSection.contains(concept) { continue }
                linkedInSection.append(concept)
            }
            chosen.append(Chosen(node: textNodes, nodeStart: range.lowerBound, range: Int(match.start)..<Int(match.end),
                                 concept: concept, asWritten: asWritten))
        }
        // After the last match only the links matter: the text need not be counted.
        if matchCursor == matchEnd && shortcut { counting = false }
    }

    /// Whether the note, or a section around this block, is about `concept` (it defines it).
    private func isCovered(_ concept: Int) -> Bool {
        aboutNote.contains(concept) || cover.covers(concept)
    }

    /// A run of text in link `link`: the concepts it leads to are linked in this section
    /// (`.first`), once the block is known to have text of its own.
    private mutating func linkHasText(_ link: Int) {
        guard mode == .first, link < resolutions.count else { return }
        if textNodes == 0 {
            pendingLinks.append(link)
        } else {
            markLinked(link)
        }
    }

    private mutating func flushPendingLinks() {
        guard !pendingLinks.isEmpty else { return }
        for link in pendingLinks { markLinked(link) }
        pendingLinks.removeAll(keepingCapacity: true)
    }

    private mutating func markLinked(_ link: Int) {
        for concept in reachedBy(resolutions[link]) where !linkedInSection.contains(concept) {
            linkedInSection.append(concept)
        }
    }

    /// `inlines` with the chosen matches from `next` on cut out of their text nodes as links;
    /// `node` counts the text nodes outside links as `walk` did.
    private mutating func rebuild(_ inlines: [Inline], next: inout Int, node: inout Int) -> [Inline] {
        var out: [Inline] = []
        out.reserveCapacity(inlines.count + 2 * (chosen.count - next))
        for k in inlines.indices {
            // After the last link, the rest is as it was: taken whole, not walked.
            guard next < chosen.count else {
                out.append(contentsOf: inlines[k...])
                break
            }
            let inline = inlines[k]
            switch inline {
            case .text(let written):
                let here = node
                node += 1
                guard chosen[next].node == here else {
                    out.append(inline)
                    continue
                }
                // Pieces come from the node's scalars as the scan read them, which are NFC even
                // where the source was not.
                let nodeStart = chosen[next].nodeStart
                if chosen[next].asWritten {
                    var cutter = UTF8Cutter(text: written)
                    _ = cutLinks(here, from: nodeStart, with: &cutter, next: &next, into: &out)
                    if let rest = cutter.rest() { out.append(.text(rest)) }
                } else {
                    // Rare: text written in decomposed form, cut from its normalised scalars.
                    var cutter = InlineText.NodeCutter(written)
                    let end = nodeStart + InlineText.scalars(ofTextNode: written).count
                    let position = cutLinks(here, from: nodeStart, with: &cutter, next: &next, into: &out)
                    if position < end { out.append(.text(cutter.piece((position - nodeStart)..<(end - nodeStart)))) }
                }
            case .emphasis(let children):
                out.append(.emphasis(rebuild(children, next: &next, node: &node)))
            case .strong(let children):
                out.append(.strong(rebuild(children, next: &next, node: &node)))
            case .strikethrough(let children):
                out.append(.strikethrough(rebuild(children, next: &next, node: &node)))
            default:
                // Links, code, math, HTML and images hold no text node of the walk.
                out.append(inline)
            }
        }
        return out
    }

    /// Appends a link to concept `concept` showing `name`, recorded as a link of the note.
    /// Cuts the chosen matches of text node `node` (from `next` on) out of it as links, with
    /// the text before each, into `out`; returns the scalar offset where the node's rest starts.
    private mutating func cutLinks<Cutter: ScalarRangeCutter>(_ node: Int, from nodeStart: Int, with cutter: inout Cutter,
                                                               next: inout Int, into out: inout [Inline]) -> Int {
        var position = nodeStart
        while next < chosen.count, chosen[next].node == node {
            let match = chosen[next].range
            if position < match.lowerBound {
                out.append(.text(cutter.piece((position - nodeStart)..<(match.lowerBound - nodeStart))))
            }
            appendLink(cutter.piece((match.lowerBound - nodeStart)..<(match.upperBound - nodeStart)), chosen[next].concept, into: &out)
            position = match.upperBound
            next += 1
        }
        return position
    }

    private mutating func appendLink(_ name: String, _ concept: Int, into out: inout [Inline]) {
        out.append(.link(source.links.count + addedLinks.count, [.text(name)]))
        addedLinks.append(LinkOccurrence(kind: .markdown, destination: "", label: name, location: location))
        addedResolutions.append(.concept(concept))
    }

    /// Cuts a text node taken as written into pieces at scalar offsets, in order. The byte of
    /// a scalar is found by counting the bytes that start one, eight at a time: most of a node
    /// lies before its match, and Korean prose has no run of ASCII to skip.
    struct UTF8Cutter: ScalarRangeCutter {
        let text: String
        /// Where the walk through the UTF-8 is: the byte starting scalar `scalar`.
        private var scalar = 0
        private var byte = 0

        init(text: String) {
            self.text = text
        }

        /// The scalars `range` of the node as a string; ranges come in order, not overlapping.
        ///
        /// The piece is copied from the bytes found, in the same pass over the text's storage:
        /// cut between scalars of a valid string, it is well-formed without checking
        /// (`UTF8Text.string(ofWellFormed:)`). Made through the text's scalar view and a
        /// Substring, as it was, a piece cost some nine hundred instructions, 27 M a build.
        mutating func piece(_ range: Range<Int>) -> String {
            text.withUTF8Bytes { bytes in
                let start = advance(bytes, to: range.lowerBound)
                let end = advance(bytes, to: range.upperBound)
                return UTF8Text.string(ofWellFormed: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            }
        }

        /// The node's text after the last piece, or nil if there is none.
        func rest() -> String? {
            text.withUTF8Bytes { bytes in
                byte < bytes.count ? UTF8Text.string(ofWellFormed: UnsafeBufferPointer(rebasing: bytes[byte...])) : nil
            }
        }

        /// The byte offset of scalar `target`, at or after the walk's place.
        private mutating func advance(_ bytes: UnsafeBufferPointer<UInt8>, to target: Int) -> Int {
            precondition(target >= scalar, "pieces in order")
            let n = bytes.count
            while scalar < target {
                if byte + 8 <= n {
                    let word = UnsafeRawPointer(bytes.baseAddress! + byte).loadUnaligned(as: UInt64.self)
                    let starts = 8 - ByteWord.count(ByteWord.continuationBytes(word))
                    if scalar + starts <= target {
                        scalar += starts
                        byte += 8
                        // The last scalar begun in the word may end after it.
                        while byte < n, bytes[byte] & 0xC0 == 0x80 { byte += 1 }
                        continue
                    }
                }
                byte += 1
                while byte < n, bytes[byte] & 0xC0 == 0x80 { byte += 1 }
                scalar += 1
            }
            return byte
        }
    }

    /// `<br>`, `<img …>` and the like have no closing tag.
    private static func isVoidElement(_ tag: String) -> Bool {
        let name = tag.dropFirst().prefix { $0.isLetter || $0.isNumber }.lowercased()
        return ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"].contains(name)
    }
}

/// Cuts pieces of one text by scalar offsets, in increasing order: `UTF8Cutter` from the text's
/// bytes as written, `InlineText.NodeCutter` from its normalised scalars.
protocol ScalarRangeCutter {
    mutating func piece(_ range: Range<Int>) -> String
}

extension InlineText.NodeCutter: ScalarRangeCutter {}

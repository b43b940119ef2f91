import Diagnostics
@testable import Linker
import Markdown

// The autolinker as it was before it counted a block's text instead of decoding it, cut the
// linked nodes out of their own strings, and took the rest of a block whole after its last
// link: `AutolinkDifferentialTests` holds `ConceptAutolinker` to it.

/// Rewrites one note's tree. It walks the blocks in the order `ConceptExtractor` does, so its
/// count of text blocks names the same blocks as the definitions' `blocks` ranges.
struct ReferenceConceptAutolinker {
    let source: MarkdownDocument
    let resolutions: [Resolution]
    /// The note's matches from the mention scan, block by block, in text order.
    let scanned: [ConceptCatalog.TextMatch]
    let mode: AutolinkMode
    /// The concepts a link of the note leads to (`ConceptCatalog.concepts(reachedBy:)`).
    let reachedBy: (Resolution) -> [Int]
    let definitions: [ConceptCatalog.NoteDefinition]
    /// Where the added links say they are: they are not in the source, so the body's start.
    let location: SourceLocation

    /// What the note as a whole is about (its title, aliases, `concepts:`): never linked in it,
    /// even outside the section that defines it, since the page is that concept's own note.
    private let aboutNote: [Int]
    private var textBlock = 0
    private var linkedInSection = Set<Int>()
    private var addedLinks: [LinkOccurrence] = []
    private var addedResolutions: [Resolution] = []
    /// The next of `scanned` to read: blocks come in order, and so do their matches.
    private var nextScanned = 0

    init(source: MarkdownDocument, resolutions: [Resolution], scanned: [ConceptCatalog.TextMatch], mode: AutolinkMode,
         reachedBy: @escaping (Resolution) -> [Int], definitions: [ConceptCatalog.NoteDefinition], location: SourceLocation) {
        self.source = source
        self.resolutions = resolutions
        self.scanned = scanned
        self.mode = mode
        self.reachedBy = reachedBy
        self.definitions = definitions
        self.location = location
        aboutNote = definitions.filter { [.title, .alias, .frontMatter].contains($0.source) }.map(\.concept)
    }

    mutating func run() -> (document: MarkdownDocument, resolutions: [Resolution]) {
        var document = source
        document.blocks = rewrite(source.blocks)
        guard !addedLinks.isEmpty else { return (source, resolutions) }
        document.links += addedLinks
        return (document, resolutions + addedResolutions)
    }

    private mutating func rewrite(_ blocks: [Block]) -> [Block] {
        var out: [Block] = []
        out.reserveCapacity(blocks.count)
        for block in blocks { out.append(rewrite(block)) }
        return out
    }

    private mutating func rewrite(_ block: Block) -> Block {
        switch block {
        case .paragraph(let inlines):
            return .paragraph(linking(inlines))
        case .heading:
            textBlock += 1
            linkedInSection.removeAll()
            return block
        case .blockQuote(let blocks):
            return .blockQuote(rewrite(blocks))
        case .footnoteDefinition(let label, let blocks):
            return .footnoteDefinition(label: label, rewrite(blocks))
        case .callout(var callout):
            // The title is a heading of sorts: counted, never linked.
            if !callout.title.isEmpty { textBlock += 1 }
            callout.blocks = rewrite(callout.blocks)
            return .callout(callout)
        case .list(let info, var items):
            for i in items.indices { items[i].blocks = rewrite(items[i].blocks) }
            return .list(info, items)
        case .table(let alignments, let header, let rows):
            var newHeader: [[Inline]] = []
            for cell in header { newHeader.append(linking(cell)) }
            var newRows: [[[Inline]]] = []
            for row in rows {
                var cells: [[Inline]] = []
                for cell in row { cells.append(linking(cell)) }
                newRows.append(cells)
            }
            return .table(alignments: alignments, header: newHeader, rows: newRows)
        case .codeBlock, .htmlBlock, .thematicBreak:
            return block
        }
    }

    /// Whether a block the scan found nothing in skips `InlineText` (tests turn it off to hold
    /// the two ways to each other).
    var shortcut = true

    /// What `InlineText` records of `inlines`, without their text: whether a text node lies
    /// outside links (`textNodes` is not empty), and the links given a run of text.
    private func linkRuns(_ inlines: [Inline], link: Int?, hasText: inout Bool, links: inout [Int]) {
        for inline in inlines {
            switch inline {
            case .text(let t):
                if let link {
                    if !t.isEmpty { links.append(link) }
                } else {
                    hasText = true
                }
            case .softBreak, .lineBreak:
                if let link { links.append(link) }
            case .emphasis(let c), .strong(let c), .strikethrough(let c):
                linkRuns(c, link: link, hasText: &hasText, links: &links)
            case .link(let index, let c):
                if !InlineText.isBareURL(c, link: index < source.links.count ? source.links[index] : nil) {
                    linkRuns(c, link: index, hasText: &hasText, links: &links)
                }
            case .wikiLink(let index):
                if index < source.links.count, !source.links[index].displayText.isEmpty { links.append(index) }
            case .code, .html, .image, .math, .footnoteReference:
                continue
            }
        }
    }

    /// One text block with its chosen mentions turned into links.
    private mutating func linking(_ inlines: [Inline]) -> [Inline] {
        let block = textBlock
        textBlock += 1
        if shortcut {
            var k = nextScanned
            while k < scanned.count, scanned[k].block < block { k += 1 }
            if k == scanned.count || Int(scanned[k].block) != block {
                // Nothing to link here: all that can change is which concepts this section has
                // linked already, through the links the note writes. Their text is not needed,
                // only which links `InlineText` would give a run of text.
                var hasText = false
                var runLinks: [Int] = []
                linkRuns(inlines, link: nil, hasText: &hasText, links: &runLinks)
                guard hasText else { return inlines }
                nextScanned = k
                if mode == .first {
                    for link in runLinks where link < resolutions.count { linkedInSection.formUnion(reachedBy(resolutions[link])) }
                }
                return inlines
            }
        }
        let text = InlineText(inlines, document: source, recordingTextNodes: true)
        guard !text.textNodes.isEmpty else { return inlines }
        let cover = aboutNote + definitions.compactMap { d in d.blocks.map { $0.contains(block) } == true ? d.concept : nil }

        let insideHTML = Self.rawHTMLFlags(inlines)
        var chosen: [(range: Range<Int>, concept: Int)] = []
        var linked = linkedInSection
        let mode = self.mode
        let nodes = text.textNodes
        var node = 0
        func consider(_ range: Range<Int>, _ concept: Int) {
            guard !cover.contains(concept) else { return }
            // Matches come in order: the node holding this one is at or after the last.
            while node < nodes.count, nodes[node].upperBound <= range.lowerBound { node += 1 }
            guard node < nodes.count, nodes[node].lowerBound <= range.lowerBound,
                  range.upperBound <= nodes[node].upperBound, !insideHTML[node] else { return }
            if mode == .first, !linked.insert(concept).inserted { return }
            chosen.append((range, concept))
        }
        // The scan's matches of this block; blocks before it (never linked) are passed over.
        var k = nextScanned
        while k < scanned.count, scanned[k].block < block { k += 1 }
        var end = k
        while end < scanned.count, scanned[end].block == block { end += 1 }
        let mine = scanned[k..<end]
        nextScanned = end
        k = mine.startIndex
        for run in text.runs {
            if let link = run.link {
                if mode == .first, link < resolutions.count { linked.formUnion(reachedBy(resolutions[link])) }
                continue
            }
            // The scan matched each run alone, so a run's matches lie inside it, in order.
            while k < mine.endIndex, Int(mine[k].start) < run.range.upperBound {
                let m = mine[k]
                if Int(m.start) >= run.range.lowerBound {
                    consider(Int(m.start)..<Int(m.end), Int(m.concept))
                }
                k += 1
            }
        }
        linkedInSection = linked
        guard !chosen.isEmpty else { return inlines }

        var nodeIndex = 0
        var next = 0
        var newLinks: [LinkOccurrence] = []
        var newResolutions: [Resolution] = []
        let firstIndex = source.links.count + addedLinks.count
        let location = self.location
        func rebuild(_ inlines: [Inline]) -> [Inline] {
            var out: [Inline] = []
            out.reserveCapacity(inlines.count)
            for inline in inlines {
                switch inline {
                case .text:
                    let range = nodes[nodeIndex]
                    nodeIndex += 1
                    guard next < chosen.count, chosen[next].range.upperBound <= range.upperBound else {
                        out.append(inline)
                        continue
                    }
                    // Pieces come from the scanned scalars, which are NFC even where the source was not.
                    var position = range.lowerBound
                    while next < chosen.count, chosen[next].range.upperBound <= range.upperBound {
                        let (match, concept) = chosen[next]
                        if position < match.lowerBound { out.append(.text(String(scalars: text.scalars[position..<match.lowerBound]))) }
                        let name = String(scalars: text.scalars[match])
                        out.append(.link(firstIndex + newLinks.count, [.text(name)]))
                        newLinks.append(LinkOccurrence(kind: .markdown, destination: "", label: name, location: location))
                        newResolutions.append(.concept(concept))
                        position = match.upperBound
                        next += 1
                    }
                    if position < range.upperBound { out.append(.text(String(scalars: text.scalars[position..<range.upperBound]))) }
                case .emphasis(let children):
                    out.append(.emphasis(rebuild(children)))
                case .strong(let children):
                    out.append(.strong(rebuild(children)))
                case .strikethrough(let children):
                    out.append(.strikethrough(rebuild(children)))
                default:
                    // Links, code, math, HTML and images hold no recorded text.
                    out.append(inline)
                }
            }
            return out
        }
        let result = rebuild(inlines)
        addedLinks += newLinks
        addedResolutions += newResolutions
        return result
    }

    /// For each text node `InlineText` records, whether it sits between an inline HTML tag and
    /// its closing tag (`<a href="…">VAE</a>`, `<abbr>KL</abbr>`): a link there could nest in
    /// the author's own, so raw HTML is left as written.
    static func rawHTMLFlags(_ inlines: [Inline]) -> [Bool] {
        var flags: [Bool] = []
        var depth = 0
        func walk(_ inlines: [Inline]) {
            for inline in inlines {
                switch inline {
                case .text:
                    flags.append(depth > 0)
                case .html(let tag):
                    if tag.hasPrefix("</") {
                        depth = max(0, depth - 1)
                    } else if tag.hasPrefix("<") && !tag.hasPrefix("<!") && !tag.hasPrefix("<?") && !tag.hasSuffix("/>")
                                && !isVoidElement(tag) {
                        depth += 1
                    }
                case .emphasis(let children), .strong(let children), .strikethrough(let children):
                    walk(children)
                default:
                    continue
                }
            }
        }
        walk(inlines)
        return flags
    }

    /// `<br>`, `<img …>` and the like have no closing tag.
    private static func isVoidElement(_ tag: String) -> Bool {
        let name = tag.dropFirst().prefix { $0.isLetter || $0.isNumber }.lowercased()
        return ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"].contains(name)
    }
}

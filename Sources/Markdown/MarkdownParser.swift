import Diagnostics

/// Parses a note body into a `MarkdownDocument`.
///
/// The steps, in order: protect math and wikilinks from Markdown (`Protector`), parse with
/// cmark-gfm (`Cmark`), convert its tree into Swift values while expanding the placeholders
/// back into math and wikilink nodes, recognise callouts, give headings ids, and record every
/// link with its location and the sentence around it.
public enum MarkdownParser {
    /// - Parameters:
    ///   - text: the body, LF line endings.
    ///   - file: the path reported in locations.
    ///   - firstLine: the line of the file on which `text` starts (after front matter).
    ///   - linkContexts: whether each link gets the sentence around it (`LinkOccurrence.context`).
    ///     Only backlinks and pages read it; `notegraph check` makes neither and passes false,
    ///     which leaves every context nil and the rest of the document as it would be.
    public static func parse(_ text: String, file: String, firstLine: Int = 1, linkContexts: Bool = true) -> MarkdownDocument {
        parse(text, file: file, firstLine: firstLine, strategy: .guessFirst, linkContexts: linkContexts).document
    }

    /// How the code and HTML blocks the protector must leave alone are found.
    enum Strategy {
        /// Guessed from the lines, checked against the parse (`SinglePass`); two parses only
        /// when the guess was wrong.
        case guessFirst
        /// A first parse of the unprotected text finds them: always two parses.
        case twoPasses
    }

    /// The document, and whether one cmark parse made it. Tests hold the two strategies to
    /// each other.
    static func parse(_ text: String, file: String, firstLine: Int = 1, strategy: Strategy, linkContexts: Bool = true)
        -> (document: MarkdownDocument, singlePass: Bool) {
        let bytes = Array(text.utf8)
        // Where the lines start: the protector, the check of a single pass and the converter
        // all need them, and they are found once.
        let lineStarts = bytes.withUnsafeBufferPointer { $0.lineStarts() }
        guard Protector.mayNeedProtection(bytes) else {
            let unprotected = Protector.Result(text: bytes, spans: [], lineMap: LineMap(), replacedPrivateUse: false)
            return (convert(bytes, unprotected, lineStarts: lineStarts, file: file, firstLine: firstLine, linkContexts: linkContexts, check: nil)!, true)
        }
        if strategy == .guessFirst {
            let guess = bytes.withUnsafeBufferPointer { LiteralBlockGuess.lines($0, lineStarts: lineStarts) }
            let protected = Protector.protect(bytes, codeLines: guess, lineStarts: lineStarts)
            let check = { (found: Cmark.BlockLines) in
                bytes.withUnsafeBufferPointer {
                    SinglePass.holds(original: $0, guess: guess, spans: protected.spans, found: found, lineStarts: lineStarts)
                }
            }
            if let document = convert(bytes, protected, lineStarts: lineStarts, file: file, firstLine: firstLine, linkContexts: linkContexts, check: check) {
                return (document, true)
            }
        }
        let protected = Protector.protect(bytes, codeLines: Cmark.literalBlockLines(bytes), lineStarts: lineStarts)
        return (convert(bytes, protected, lineStarts: lineStarts, file: file, firstLine: firstLine, linkContexts: linkContexts, check: nil)!, false)
    }

    /// Parses the protected text and converts it; nil when `check` turns down the parse.
    private static func convert(_ bytes: [UInt8], _ protected: Protector.Result, lineStarts: [Int], file: String,
                                firstLine: Int, linkContexts: Bool, check: ((Cmark.BlockLines) -> Bool)?) -> MarkdownDocument? {
        var converter = Converter(original: bytes, protected: protected, file: file, lineOffset: firstLine - 1,
                                  lineStarts: lineStarts)
        converter.recordsContexts = linkContexts
        // The converter reads cmark's nodes in place, while the tree is alive. Nil from cmark (it
        // could not allocate) is an empty document.
        let parsed: [Block]?? = Cmark.withDocument(protected.text) { document in
            if let check, !check(Cmark.blockLines(of: document)) { return nil }
            return converter.blocks(document.children)
        }
        if case .some(.none) = parsed { return nil }
        let blocks = parsed.flatMap { $0 } ?? []
        var diagnostics: [Diagnostic] = []
        if protected.replacedPrivateUse || converter.replacedStrayPlaceholderScalars {
            diagnostics.append(.warning("private-use-character",
                                        "private-use characters U+E000–U+E01F were replaced by U+FFFD",
                                        at: SourceLocation(file: file, line: firstLine, column: 1)))
        }
        diagnostics += converter.diagnostics
        return MarkdownDocument(blocks: blocks, headings: converter.headings, links: converter.links,
                                math: converter.math, diagnostics: diagnostics, mayHoldRawHTML: converter.madeRawHTML)
    }
}

/// Turns cmark's nodes (`CmarkNode`) into `Block`s and `Inline`s; owns the occurrence tables
/// while doing so. Its recursion follows the nodes' `children`, which stop at `Cmark.maxDepth`.
struct Converter {
    let original: [UInt8]
    let protected: Protector.Result
    let file: String
    let lineOffset: Int
    private var lineStarts: [Int]
    /// The math index for each protector span that is math, or the link index for wikilinks.
    private var spanTarget: [Int?]

    var headings: [HeadingInfo] = []
    var links: [LinkOccurrence] = []
    var math: [MathOccurrence] = []
    var diagnostics: [Diagnostic] = []
    private var headingIDs = HeadingIDs()
    private var footnoteCount = 0
    /// The paragraph whose inlines are being converted, for `location(of:)`.
    private var currentParagraph: (line: Int32, column: Int32)?
    /// The last location `location(line:byteOffset:)` made: its line, the byte it counted to
    /// (in `original`) and the column there.
    private var lastColumn: (line: Int, end: Int, column: Int)?
    /// Where each line of the protected text starts, made at the first link on a paragraph's
    /// continuation line (`contentStart(ofProtectedLine:)`).
    private var protectedLineStarts: [Int]?
    /// The plain text of the paragraph whose links get their contexts, and where each link's
    /// text is in it (`recordContexts`): kept between paragraphs for their room.
    private var contextScalars: [Unicode.Scalar] = []
    private var contextRanges: [(Int, Range<Int>)] = []
    /// Tests only: the general ways the shortcuts stand in for. Every text is checked as
    /// UTF-8 (`Cmark.text`), and every list of inlines searched for a text that may start
    /// with the continuation mark, not only those `expand` says may hold one.
    var checksEveryText = false
    var searchesEveryListForMarks = false
    /// Tests only: callouts made by `callout(from:)`, which copies, rather than in place
    /// (`calloutOrQuote`).
    var buildsCalloutsByCopy = false
    /// Whether links get their sentences (`recordContexts`): false for a reader of the document
    /// that reads no `LinkOccurrence.context` (`MarkdownParser.parse(linkContexts:)`).
    var recordsContexts = true
    /// Whether an HTML block or inline HTML was made: without one, the document holds no raw
    /// HTML (`MarkdownDocument.mayHoldRawHTML`).
    private(set) var madeRawHTML = false
    /// Whether a placeholder scalar (U+E000–U+E01F) stood outside a placeholder and became
    /// U+FFFD. The note's own such characters were replaced before parsing; these came from an
    /// entity cmark decoded (`&#xE000;`).
    private(set) var replacedStrayPlaceholderScalars = false

    /// `lineStarts`: the original's `lineStarts()`, when the caller has them already.
    init(original: [UInt8], protected: Protector.Result, file: String, lineOffset: Int, lineStarts: [Int]? = nil) {
        self.original = original
        self.protected = protected
        self.file = file
        self.lineOffset = lineOffset
        self.lineStarts = lineStarts ?? original.withUnsafeBufferPointer { $0.lineStarts() }
        self.spanTarget = Array(repeating: nil, count: protected.spans.count)
        // Room for the math and the wikilinks the spans become (the placeholders cmark left in
        // text, which is nearly all of them), rather than growing the tables one by one.
        var mathSpans = 0
        for span in protected.spans where span.kind == .inlineMath || span.kind == .displayMath { mathSpans += 1 }
        math.reserveCapacity(mathSpans)
        links.reserveCapacity(protected.spans.count - mathSpans)
    }

    // MARK: Locations

    /// A location from an original line (1-based) and byte offset (0-based) within it.
    ///
    /// The characters before the offset are counted from the last location made on the same
    /// line when it lies before (`lastColumn`): links and formulas come in order along a line,
    /// and counting each one's from the line's start made a line of 12,000 links take seconds,
    /// growing with the square of their number.
    mutating func location(line: Int, byteOffset: Int) -> SourceLocation {
        guard line >= 1, line <= lineStarts.count else {
            return SourceLocation(file: file, line: line + lineOffset, column: 1)
        }
        let start = lineStarts[line - 1]
        let end = min(start + max(byteOffset, 0), original.count)
        var column = 1
        var i = start
        if let last = lastColumn, last.line == line, last.end <= end {
            column = last.column
            i = last.end
        }
        while i < end {
            if original[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        lastColumn = (line, end, column)
        return SourceLocation(file: file, line: line + lineOffset, column: column)
    }

    /// A location from cmark's position in the protected text.
    ///
    /// cmark-gfm gets inline columns wrong on a paragraph's continuation lines: it adds the offset
    /// within the line, after its indentation and `>` markers were stripped, to the paragraph's
    /// start column. The stripped part is measured here and the column rebuilt from it.
    mutating func location(of node: CmarkNode) -> SourceLocation {
        let startLine = node.startLine
        let startColumn = node.startColumn
        let line = Int(startLine)
        var protectedOffset = max(Int(startColumn) - 1, 0)
        if let paragraph = currentParagraph, startLine > paragraph.line {
            protectedOffset = contentStart(ofProtectedLine: line) + max(Int(startColumn - paragraph.column), 0)
        }
        let offset = protected.lineMap.originalOffset(line: line, protectedOffset: protectedOffset)
        return location(line: line, byteOffset: offset)
    }

    /// Byte offset where a continuation line's text starts: after `>` markers and indentation.
    private mutating func contentStart(ofProtectedLine line: Int) -> Int {
        let text = protected.text
        // The lines' starts are found once, at the first link on a continuation line: each
        // such link scanned the text from its start (a long paragraph of linked lines took
        // time growing with the square of its lines).
        if protectedLineStarts == nil {
            var starts = [0]
            for k in text.indices where text[k] == 0x0A { starts.append(k + 1) }
            protectedLineStarts = starts
        }
        let starts = protectedLineStarts!
        // As the scan did: a line past the last one starts at the end of the text.
        let start = line >= 1 && line <= starts.count ? min(starts[line - 1], text.count) : (line < 1 ? 0 : text.count)
        var i = start
        while i < text.count, text[i] == 0x20 || text[i] == 0x09 || text[i] == 0x3E { i += 1 }
        return i - start
    }

    // MARK: Blocks

    mutating func blocks(_ nodes: CmarkNode.Children) -> [Block] {
        var result: [Block] = []
        // One allocation for a note's top level, where growing one block at a time took six.
        result.reserveCapacity(nodes.keptCount)
        for node in nodes {
            if let block = block(node) { result.append(block) }
        }
        return result
    }

    mutating func block(_ node: CmarkNode) -> Block? {
        switch node.kind {
        case .paragraph:
            currentParagraph = (node.startLine, node.startColumn)
            defer { currentParagraph = nil }
            let content = inlines(node.children)
            recordContexts(in: content)
            return .paragraph(content)
        case .heading:
            let content = inlines(node.children)
            recordContexts(in: content)
            let text = PlainText.of(content, math: math, links: links).trimmingHorizontalSpace()
            let id = headingIDs.unique(for: text)
            let loc = location(of: node)
            let level = node.headingLevel
            // Room for a note's headings at once (see `HeadingIDs`).
            if headings.isEmpty { headings.reserveCapacity(8) }
            headings.append(HeadingInfo(level: level, text: text, id: id, location: loc))
            return .heading(level: level, content: content, id: id, line: loc.line)
        case .blockQuote:
            let children = blocks(node.children)
            if buildsCalloutsByCopy { return Converter.callout(from: children) ?? .blockQuote(children) }
            return Converter.calloutOrQuote(children)
        case .list:
            var items: [ListItem] = []
            // One allocation for the items, however many: a list's children are its items (but
            // on the last kept level, whose count is not known up front and grows as it goes).
            items.reserveCapacity(node.children.keptCount)
            for child in node.children where child.kind == .item {
                items.append(ListItem(task: child.taskChecked, blocks: blocks(child.children)))
            }
            return .list(node.listInfo, items)
        case .codeBlock:
            return .codeBlock(info: restore(node.fenceInfo), literal: restore(node.literal))
        case .htmlBlock:
            madeRawHTML = true
            return .htmlBlock(restore(node.literal))
        case .thematicBreak:
            return .thematicBreak
        case .table:
            var header: [[Inline]] = []
            var rows: [[[Inline]]] = []
            for row in node.children {
                var cells: [[Inline]] = []
                for cell in row.children where cell.kind == .tableCell {
                    let content = inlines(cell.children)
                    recordContexts(in: content)
                    cells.append(content)
                }
                if row.kind == .tableHeader { header = cells } else { rows.append(cells) }
            }
            return .table(alignments: node.alignments, header: header, rows: rows)
        case .footnoteDefinition:
            // cmark-gfm numbers footnotes by first reference, gives each reference its number as
            // literal, and moves the referenced definitions to the end in that order.
            footnoteCount += 1
            return .footnoteDefinition(label: String(footnoteCount), blocks(node.children))
        case .item, .document:
            return .blockQuote(blocks(node.children))
        default:
            // An inline where a block was expected: keep its content in a paragraph.
            let content = inlines(CollectionOfOne(node))
            return content.isEmpty ? nil : .paragraph(content)
        }
    }

    /// `> [!type]± Title` as the first line of a block quote makes it a callout.
    static func callout(from children: [Block]) -> Block? {
        guard case .paragraph(let first)? = children.first, case .text(let text)? = first.first,
              let head = calloutHead(ofFirstText: text) else { return nil }
        // The title runs to the end of the first line; what follows is the callout's body.
        var title: [Inline] = []
        if !head.title.isEmpty { title.append(.text(head.title)) }
        var body: [Inline] = []
        var inTitle = true
        for inline in first.dropFirst() {
            if inTitle {
                if case .softBreak = inline { inTitle = false; continue }
                if case .lineBreak = inline { inTitle = false; continue }
                title.append(inline)
            } else {
                body.append(inline)
            }
        }
        var blocks: [Block] = []
        if !body.isEmpty { blocks.append(.paragraph(body)) }
        blocks += children.dropFirst()
        return .callout(Callout(kind: head.kind, title: title, folding: head.folding, blocks: blocks))
    }

    /// The block a quote with these children is: a callout when its first line says so
    /// (`callout(from:)`), else the quote. The callout is made in the children's own storage,
    /// which the quote owns alone: its body is the children less the first paragraph's head,
    /// where `callout(from:)` copied the first paragraph's inlines and the other blocks into
    /// new arrays and dropped the old ones (two allocations and two frees a callout).
    static func calloutOrQuote(_ children: consuming [Block]) -> Block {
        var blocks = children
        guard case .paragraph(var first)? = blocks.first, case .text(let text)? = first.first,
              let head = calloutHead(ofFirstText: text) else { return .blockQuote(blocks) }
        // The title runs to the first break of the first line; what follows it is the body.
        var end = 1
        while end < first.count {
            if case .softBreak = first[end] { break }
            if case .lineBreak = first[end] { break }
            end += 1
        }
        var title: [Inline] = []
        title.reserveCapacity((head.title.isEmpty ? 0 : 1) + end - 1)
        if !head.title.isEmpty { title.append(.text(head.title)) }
        title.append(contentsOf: first[1..<end])
        // The paragraph lets go of its inlines, so that they are cut in place.
        blocks[0] = .thematicBreak
        first.removeSubrange(0..<min(end + 1, first.count))
        if first.isEmpty {
            blocks.removeFirst()
        } else {
            blocks[0] = .paragraph(first)
        }
        return .callout(Callout(kind: head.kind, title: title, folding: head.folding, blocks: blocks))
    }

    /// The head of a callout, when `text` (the first inline of a quote's first paragraph) opens one.
    static func calloutHead(ofFirstText text: String) -> CalloutHead? {
        switch calloutHeadByBytes(text) {
        case .head(let found): found
        case .notACallout: nil
        case .unsure: calloutHead(text)
        }
    }

    /// What the first text of a callout says: its kind (lowercased), its folding, and the start
    /// of its title (the rest of the text, leading spaces trimmed).
    struct CalloutHead: Equatable {
        var kind: String
        var folding: CalloutFolding
        var title: String
    }

    /// `[!kind]±` read character by character: right for any text; nil when it opens no callout.
    static func calloutHead(_ text: String) -> CalloutHead? {
        guard text.hasPrefix("[!"), let close = text.firstIndex(of: "]") else { return nil }
        let kind = String(text[text.index(text.startIndex, offsetBy: 2)..<close]).trimmingHorizontalSpace()
        guard isCalloutKind(kind) else { return nil }
        var rest = text[text.index(after: close)...]
        var folding = CalloutFolding.notFoldable
        if rest.hasPrefix("-") {
            folding = .closed
            rest = rest.dropFirst()
        } else if rest.hasPrefix("+") {
            folding = .open
            rest = rest.dropFirst()
        }
        return CalloutHead(kind: kind.lowercased(), folding: folding, title: Spaces.trimmingLeading(String(rest)))
    }

    /// What the bytes of a text say of it as a callout's first text (`calloutHeadByBytes`).
    enum CalloutReading: Equatable {
        case head(CalloutHead)
        /// It opens no callout.
        case notACallout
        /// The bytes cannot tell: `calloutHead` reads the characters.
        case unsure
    }

    /// `calloutHead` from the UTF-8 bytes, when every byte it reads is ASCII (`> [!note] 용어`:
    /// all but the title).
    ///
    /// Why the bytes tell the characters here: between two ASCII scalars there is always a
    /// character boundary, except inside CR LF, and neither `[`, `!`, `]`, `-` nor `+` is CR or
    /// LF. So when the bytes up to `]`, the byte after it and, after a `-` or `+` there, the
    /// byte after that are ASCII, `[`, `!`, that `]` and that `-` or `+` are characters of
    /// their own, the first `]` byte is the first `]` character, and cutting at these bytes is
    /// cutting at those characters. A text whose first two bytes are not `[!` does not start
    /// with those two characters; one without a `]` byte has no `]` character.
    static func calloutHeadByBytes(_ text: String) -> CalloutReading {
        text.withUTF8Bytes { b -> CalloutReading in
            guard b.count >= 2, b[0] == 0x5B, b[1] == 0x21 else { return .notACallout }   // [!
            guard let close = b.firstOffset(of: 0x5D) else { return .notACallout }         // ]
            var restStart = close + 1
            var folding = CalloutFolding.notFoldable
            if restStart < b.count, b[restStart] == 0x2D || b[restStart] == 0x2B {       // - +
                folding = b[restStart] == 0x2D ? .closed : .open
                restStart += 1
            }
            // The bytes read: all of them up to the rest, and the rest's first.
            let readEnd = min(restStart + 1, b.count)
            for i in 0..<readEnd where b[i] >= 0x80 { return .unsure }
            // The kind, trimmed of what `trimmingHorizontalSpace` trims of ASCII text (spaces
            // and tabs); in ASCII text a `[` byte is a `[` character.
            var lo = 2, hi = close
            while lo < hi, b[lo] == 0x20 || b[lo] == 0x09 { lo += 1 }
            while hi > lo, b[hi - 1] == 0x20 || b[hi - 1] == 0x09 { hi -= 1 }
            let kind = UnsafeBufferPointer(rebasing: b[lo..<hi])
            guard !kind.isEmpty, kind.firstOffset(of: 0x5B) == nil else { return .notACallout }
            // The title, trimmed as `Spaces.trimmingLeading` trims: of spaces, tabs, LF and CR.
            while restStart < b.count, b[restStart] == 0x20 || b[restStart] == 0x09 || b[restStart] == 0x0A || b[restStart] == 0x0D {
                restStart += 1
            }
            return .head(CalloutHead(kind: UTF8Text.string(ofValid: kind, isASCII: true).lowercased(), folding: folding,
                                     title: String(decoding: UnsafeBufferPointer(rebasing: b[restStart...]), as: UTF8.self)))
        }
    }

    /// A callout's kind is not empty and holds no `[`.
    private static func isCalloutKind(_ kind: String) -> Bool {
        !kind.isEmpty && !(kind.containsUTF8("[") && kind.contains("["))
    }

    // MARK: Inlines

    mutating func inlines(_ nodes: some Sequence<CmarkNode>) -> [Inline] {
        var result: [Inline] = []
        // Room for the inlines at once: one per cmark child where the children are counted
        // (texts cmark splits are joined, so rarely more are made), else a few. Growing from
        // empty took an allocation at the first, the second and the third; four for every
        // list held room for three more in most of the tree's lists, which are one long (a
        // paragraph's text, a link's label): the tree is what a build holds longest, and
        // memory is time (the kernel zeroes each fresh page). (`Array(unsafeUninitializedCapacity:)`
        // allocates through unspecialised code, at twice the cost.)
        let counted = (nodes as? CmarkNode.Children)?.keptCount ?? 0
        result.reserveCapacity(counted > 0 ? counted : 4)
        // The texts since the last other inline: the first where cmark keeps it, and the
        // bytes of all of them joined once a second one comes (cmark leaves `[`, `!` and `]`
        // as separate text nodes). No text since the last other inline: `first` is nil. An
        // empty text node still makes an empty text, as it always did.
        var first: UnsafeBufferPointer<UInt8>?
        var joined: [UInt8] = []
        // Whether every one of those texts has whole characters at its ends: then they, and
        // their join, are well-formed UTF-8 and become strings without a second check
        // (`Cmark.text`).
        var wellFormed = !checksEveryText
        // Whether a text made of those flushed starts with an `EE` lead byte, as the
        // continuation mark does (`expand(bytes:wellFormed:into:)`).
        var mayHoldMark = false
        func flush(_ result: inout [Inline], _ converter: inout Converter) {
            guard let text = first else { return }
            if joined.isEmpty {
                if converter.expand(bytes: text, wellFormed: wellFormed, into: &result) { mayHoldMark = true }
            } else {
                if joined.withUnsafeBufferPointer({ converter.expand(bytes: $0, wellFormed: wellFormed, into: &result) }) {
                    mayHoldMark = true
                }
                joined.removeAll(keepingCapacity: true)
            }
            first = nil
            wellFormed = !converter.checksEveryText
        }
        for node in nodes {
            if case .text = node.kind {
                let literal = node.literalBytes
                if wellFormed, !UTF8Text.hasWholeEnds(literal) { wellFormed = false }
                if let text = first {
                    if joined.isEmpty { joined.append(contentsOf: text) }
                    joined.append(contentsOf: literal)
                } else {
                    first = literal
                }
                continue
            }
            flush(&result, &self)
            switch node.kind {
            case .softBreak: result.append(.softBreak)
            case .lineBreak: result.append(.lineBreak)
            case .code: result.append(.code(restore(node.literal)))
            case .htmlInline:
                madeRawHTML = true
                result.append(.html(restore(node.literal)))
            case .emphasis: result.append(.emphasis(inlines(node.children)))
            case .strong: result.append(.strong(inlines(node.children)))
            case .strikethrough: result.append(.strikethrough(inlines(node.children)))
            case .link, .image:
                let index = links.count
                let isImage = node.kind == .image
                let destination = restore(node.url)
                let title = node.title
                var fragment: String?
                var path = destination
                // The `#` found by memchr where the bytes lie (`utf8.firstIndex(of:)` went
                // through generic code, byte by byte); its offset is the same index.
                if let offset = destination.withUTF8Bytes({ $0.firstOffset(of: 0x23) }) {
                    let hash = destination.utf8.index(destination.utf8.startIndex, offsetBy: offset)
                    fragment = String(destination[destination.utf8.index(after: hash)...])
                    path = String(destination[..<hash])
                }
                links.append(LinkOccurrence(kind: isImage ? .image : .markdown, destination: path, fragment: fragment,
                                            label: nil, title: title.isEmpty ? nil : restore(title),
                                            location: location(of: node)))
                let children = inlines(node.children)
                links[index].label = PlainText.of(children, math: math, links: links)
                result.append(isImage ? .image(index, alt: children) : .link(index, children))
            case .footnoteReference:
                result.append(.footnoteReference(label: node.literal))
            default:
                // Texts of the list not made by `expand` here: read for the mark too.
                let content = inlines(node.children)
                if Self.startsWithLeadByte(content[...]) { mayHoldMark = true }
                result += content
            }
        }
        flush(&result, &self)
        // A soft break followed by a continued math line is the inside of one span, not a space.
        // Only a text starting with the mark's `EE` lead byte can start with the mark. The
        // texts of this list are made by `expand` from the texts flushed (but for those of an
        // unknown inline's content), which says whether one starts so: without one, the list
        // stands as it is. (The whole list was searched for such a text; now only the texts
        // made of bytes with an `EE` byte are.)
        let marked = searchesEveryListForMarks ? Self.startsWithLeadByte(result[...]) : mayHoldMark
        guard marked else { return result }
        var cleaned: [Inline] = []
        cleaned.reserveCapacity(result.count)
        var i = 0
        while i < result.count {
            // The mark is a scalar of its own (a byte test, not `hasPrefix`, which compares
            // characters and cost a thousand instructions a text).
            if case .text(let t) = result[i], t.utf8.first == 0xEE, t.unicodeScalars.first == Converter.continuationScalar {
                if case .softBreak? = cleaned.last { cleaned.removeLast() }
                let rest = String(t.unicodeScalars.dropFirst())
                if !rest.isEmpty { cleaned.append(.text(rest)) }
            } else {
                cleaned.append(result[i])
            }
            i += 1
        }
        return cleaned
    }

    static let openMark = String(Character(Protector.open))
    static let closeMark = String(Character(Protector.close))
    static let fillerMark = String(Character(Protector.filler))
    /// Marks a text that continues a multi-line span (set by `expand`).
    static let continuationMark = "\u{E003}"
    static let continuationScalar: Unicode.Scalar = "\u{E003}"

    /// Splits a text, given as cmark's bytes, at placeholders into text, math and wikilink
    /// inlines. A text without an `EE` lead byte (most of them) becomes one string at once.
    /// `wellFormed`: the bytes are cmark's texts with whole characters at their ends, copied
    /// into strings without a second UTF-8 check (`Cmark.text`); so are the runs between
    /// placeholders, which are whole characters too.
    /// True when a text made starts with an `EE` lead byte, as the continuation mark does
    /// (`startsWithLeadByte`): only bytes that hold one can make such a text, and only those
    /// are read for it.
    @discardableResult
    mutating func expand(bytes: UnsafeBufferPointer<UInt8>, wellFormed: Bool, into result: inout [Inline]) -> Bool {
        guard bytes.firstOffset(of: 0xEE) != nil else {
            result.append(.text(Cmark.text(bytes, wellFormed: wellFormed)))
            return false
        }
        let firstNew = result.count
        if protected.spans.isEmpty {
            result.append(.text(Cmark.text(bytes, wellFormed: wellFormed)))
        } else if !expandBytes(bytes, wellFormed: wellFormed, into: &result) {
            expand(String(decoding: bytes, as: UTF8.self), into: &result)
        }
        return Self.startsWithLeadByte(result[firstNew...])
    }

    /// Whether one of `inlines` is a text starting with an `EE` lead byte: the only texts that
    /// may start with the continuation mark.
    static func startsWithLeadByte(_ inlines: ArraySlice<Inline>) -> Bool {
        inlines.contains { inline in
            if case .text(let t) = inline, t.utf8.first == 0xEE { return true }
            return false
        }
    }

    /// Splits a text at placeholders into text, math and wikilink inlines, scalar by scalar:
    /// what `expandBytes` falls back to for a placeholder it cannot read.
    mutating func expand(_ text: String, into result: inout [Inline]) {
        guard !protected.spans.isEmpty, Self.mayHoldPlaceholder(text) else {
            result.append(.text(text))
            return
        }
        let firstNew = result.count
        var buffer = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var startsWithFiller = false
        var sawAnything = false
        while let scalar = scalars.next() {
            if scalar == Protector.filler {
                if !sawAnything { startsWithFiller = true }
                sawAnything = true
                continue
            }
            sawAnything = true
            guard scalar == Protector.open, let index = Self.placeholderIndex(after: &scalars) else {
                buffer.append(stray(scalar))
                continue
            }
            if !buffer.isEmpty {
                result.append(.text(String(buffer)))
                buffer = String.UnicodeScalarView()
            }
            guard index < protected.spans.count else { continue }
            result.append(inline(forSpan: index))
        }
        if !buffer.isEmpty { result.append(.text(String(buffer))) }
        if startsWithFiller { Self.markContinuation(&result, from: firstNew) }
    }

    /// Tells `inlines` to drop the soft break before the inlines `expand` made from `first` on:
    /// their text continues a span from the line before.
    private static func markContinuation(_ result: inout [Inline], from first: Int) {
        if result.count > first, case .text(let t) = result[first] {
            result[first] = .text(Converter.continuationMark + t)
        } else {
            result.insert(.text(Converter.continuationMark), at: first)
        }
    }

    /// `expand` by bytes: the text between placeholders is copied in runs rather than scalar
    /// by scalar. The placeholders' scalars (U+E000 to U+E01F) are `EE 80 xx` in UTF-8, and
    /// the note's own were replaced before parsing, so every such byte triple is one of ours.
    /// False, with `result` untouched, for a placeholder that is not open, hex digits, close:
    /// `expand` then reads the text scalar by scalar as before.
    ///
    /// The placeholders are checked in a first pass, so the second can append as it goes: the
    /// text between two spans is one run of the input, or several joined where fillers were
    /// dropped between them; empty runs make nothing.
    private mutating func expandBytes(_ b: UnsafeBufferPointer<UInt8>, wellFormed: Bool, into result: inout [Inline]) -> Bool {
        guard Self.placeholdersAreWellFormed(b) else { return false }
        let firstNew = result.count
        // The text being gathered: its first non-empty run, and all of them joined once a
        // second one comes.
        var firstRun: Range<Int>?
        var joined: [UInt8] = []
        func addRun(_ run: Range<Int>) {
            guard !run.isEmpty else { return }
            guard let first = firstRun else {
                firstRun = run
                return
            }
            if joined.isEmpty { joined.append(contentsOf: UnsafeBufferPointer(rebasing: b[first])) }
            joined.append(contentsOf: UnsafeBufferPointer(rebasing: b[run]))
        }
        func endText(_ result: inout [Inline]) {
            guard let first = firstRun else { return }
            if joined.isEmpty {
                result.append(.text(Cmark.text(UnsafeBufferPointer(rebasing: b[first]), wellFormed: wellFormed)))
            } else {
                result.append(.text(joined.withUnsafeBufferPointer { Cmark.text($0, wellFormed: wellFormed) }))
                joined.removeAll(keepingCapacity: true)
            }
            firstRun = nil
        }
        var runStart = 0
        var i = 0
        let n = b.count
        while let lead = b.firstOffset(of: 0xEE, from: i) {
            guard lead + 2 < n, b[lead + 1] == 0x80, b[lead + 2] <= 0x82 else {
                i = lead + 1
                continue
            }
            addRun(runStart..<lead)
            if b[lead + 2] == 0x82 {  // filler: dropped
                i = lead + 3
                runStart = i
                continue
            }
            // An open (checked above): hex digits up to the close.
            var j = lead + 3
            var index = 0
            while true {
                let third = b[j + 2]
                j += 3
                if third == 0x81 { break }
                index = index * 16 + Int(third - 0x90)
            }
            endText(&result)
            if index < protected.spans.count { result.append(inline(forSpan: index)) }
            i = j
            runStart = i
        }
        addRun(runStart..<n)
        endText(&result)
        if n >= 3, b[0] == 0xEE, b[1] == 0x80, b[2] == 0x82 {  // starts with a filler
            Self.markContinuation(&result, from: firstNew)
        }
        return true
    }

    /// Whether every placeholder in `b` is open, hex digits, close (`expandBytes` reads them
    /// without further checks); fillers may stand anywhere, and no other scalar of the
    /// alphabet (U+E000–U+E01F) may stand outside a placeholder (`expand` replaces those).
    static func placeholdersAreWellFormed(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        while let lead = b.firstOffset(of: 0xEE, from: i) {
            guard lead + 2 < n, b[lead + 1] == 0x80, b[lead + 2] <= 0x82 else {
                if lead + 2 < n, b[lead + 1] == 0x80, b[lead + 2] <= 0x9F { return false }
                i = lead + 1
                continue
            }
            switch b[lead + 2] {
            case 0x82:  // filler
                i = lead + 3
                continue
            case 0x80:  // open
                break
            default:  // a close with no open
                return false
            }
            var j = lead + 3
            var digits = 0
            while true {
                guard j + 2 < n, b[j] == 0xEE, b[j + 1] == 0x80 else { return false }
                let third = b[j + 2]
                j += 3
                if third == 0x81 { break }
                // At most eight digits, as `placeholderIndex` reads: the index cannot overflow.
                guard third >= 0x90, third <= 0x9F, digits < 8 else { return false }
                digits += 1
            }
            guard digits > 0 else { return false }
            i = j
        }
        return true
    }

    private mutating func inline(forSpan index: Int) -> Inline {
        let span = protected.spans[index]
        let loc = location(line: span.line, byteOffset: span.byteOffset)
        switch span.kind {
        case .inlineMath, .displayMath:
            if let existing = spanTarget[index] { return .math(existing) }
            math.append(MathOccurrence(tex: span.content, display: span.kind == .displayMath, location: loc,
                                       delimiterLength: span.delimiterLength))
            spanTarget[index] = math.count - 1
            return .math(math.count - 1)
        case .wikiLink, .embed:
            if let existing = spanTarget[index] { return .wikiLink(existing) }
            let syntax = WikiLinkSyntax(parsing: span.content)
            links.append(LinkOccurrence(kind: span.kind == .embed ? .embed : .wikiLink, destination: syntax.target,
                                        fragment: syntax.fragment, label: syntax.label, location: loc))
            spanTarget[index] = links.count - 1
            return .wikiLink(links.count - 1)
        }
    }

    /// Puts the original source back where cmark placed a placeholder somewhere literal
    /// (a code span or URL the pre-scan did not see as one).
    func restore(_ text: String) -> String {
        guard !protected.spans.isEmpty, Self.mayHoldPlaceholder(text) else {
            return text
        }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar == Protector.filler { continue }
            guard scalar == Protector.open, let index = Self.placeholderIndex(after: &scalars) else {
                out.append(Self.isPlaceholderScalar(scalar) ? Self.replacement : scalar)
                continue
            }
            guard index < protected.spans.count else { continue }
            out.append(contentsOf: Converter.sourceText(of: protected.spans[index]).unicodeScalars)
        }
        return String(out)
    }

    /// The index of the placeholder whose open `scalars` just read: hex digits (one to eight,
    /// U+E010–U+E01F) and a close, which are then read too. Nil, with `scalars` where it was,
    /// for anything else: the protector writes only well-formed placeholders, but an entity
    /// cmark decodes (`&#xE000;`) can stand anywhere, with any number of digits after it.
    static func placeholderIndex(after scalars: inout String.UnicodeScalarView.Iterator) -> Int? {
        var ahead = scalars
        var index = 0, digits = 0
        while let next = ahead.next() {
            if next == Protector.close {
                guard digits > 0 else { return nil }
                scalars = ahead
                return index
            }
            guard digits < 8, next.value >= Protector.digitBase, next.value < Protector.digitBase + 16 else { return nil }
            index = index * 16 + Int(next.value - Protector.digitBase)
            digits += 1
        }
        return nil
    }

    static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// Whether `scalar` is of the placeholder alphabet (U+E000–U+E01F), as no text of the note
    /// can be: its own were replaced before parsing (`Protector.Result.replacedPrivateUse`).
    static func isPlaceholderScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0xE000 && scalar.value <= 0xE01F
    }

    /// A scalar outside any placeholder, as the text keeps it: U+FFFD for one of the alphabet's,
    /// as the protector replaces the note's own.
    private mutating func stray(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        guard Self.isPlaceholderScalar(scalar) else { return scalar }
        replacedStrayPlaceholderScalars = true
        return Self.replacement
    }

    /// Whether `text` may hold a placeholder (U+E000–U+E01F, UTF-8 `EE 80 80`–`EE 80 9F`):
    /// a byte scan, true for any `EE` lead byte.
    static func mayHoldPlaceholder(_ text: String) -> Bool {
        text.withUTF8Bytes { $0.firstOffset(of: 0xEE) != nil }
    }

    static func sourceText(of span: Protector.Span) -> String {
        switch span.kind {
        case .inlineMath: "$" + span.content + "$"
        case .displayMath: "$$" + span.content + "$$"
        case .wikiLink: "[[" + span.content + "]]"
        case .embed: "![[" + span.content + "]]"
        }
    }

    // MARK: Contexts

    /// Gives every link in a paragraph, heading or cell the sentence around it.
    mutating func recordContexts(in content: [Inline]) {
        // Most paragraphs hold no link: their plain text is not worth collecting. Nor is it
        // when no context is wanted: nothing else reads that text, and it costs `check`, whose
        // contexts nothing reads, an eighth of converting the tree.
        guard recordsContexts, Self.holdsLink(content) else { return }
        // The converter's buffers, emptied and kept: one allocation a note, rather than one and
        // its regrowths for each paragraph with a link.
        contextScalars.removeAll(keepingCapacity: true)
        contextRanges.removeAll(keepingCapacity: true)
        PlainText.collect(content, math: math, links: links, into: &contextScalars, ranges: &contextRanges)
        guard !contextRanges.isEmpty else { return }
        for (index, range) in contextRanges where links[index].context == nil {
            links[index].context = PlainText.sentence(around: range, in: contextScalars)
        }
    }

    /// Whether `content` has a link, image or wikilink at any depth: what `PlainText.collect`
    /// records a range for.
    static func holdsLink(_ content: [Inline]) -> Bool {
        content.contains { inline in
            switch inline {
            case .link, .image, .wikiLink: true
            case .emphasis(let c), .strong(let c), .strikethrough(let c): holdsLink(c)
            default: false
            }
        }
    }
}

import Foundation

/// The ids of one document's headings, made unique exactly as `Slugger.uniqueSlug(for:)` makes
/// them: the same base slug, and `-1`, `-2`, … after a base already handed out, skipping ids
/// already taken. Kept in a list while the document has few (a note has a handful of headings):
/// the slugger's dictionary cost more to allocate, grow and hash into than the list costs to
/// search. Past `listLimit` ids a dictionary indexes the list, so a document with thousands of
/// headings is not quadratic. Both find an id by `==`, as the slugger's dictionary does.
struct HeadingIDs {
    /// Every id handed out, with the last number added to it as a base (0: none yet).
    private var ids: [(id: String, repeats: Int)] = []
    /// Where each id is in `ids`, once there are more than `listLimit`.
    private var index: [String: Int]?
    static let listLimit = 16

    /// The id for the next heading with this text.
    mutating func unique(for text: String) -> String {
        let base = Slugger.baseID(for: text)
        guard let k = position(of: base) else {
            add(base)
            return base
        }
        var n = ids[k].repeats
        var candidate: String
        repeat {
            n += 1
            candidate = "\(base)-\(n)"
        } while position(of: candidate) != nil
        ids[k].repeats = n
        add(candidate)
        return candidate
    }

    private func position(of id: String) -> Int? {
        if let index { return index[id] }
        return ids.firstIndex { $0.id == id }
    }

    /// Adds an id not handed out before.
    private mutating func add(_ id: String) {
        // Room for a note's headings at once, rather than an allocation at the first, second,
        // third and fifth.
        if ids.isEmpty { ids.reserveCapacity(8) }
        ids.append((id, 0))
        if index != nil {
            index![id] = ids.count - 1
        } else if ids.count > Self.listLimit {
            var built: [String: Int] = [:]
            built.reserveCapacity(ids.count * 2)
            for (k, entry) in ids.enumerated() { built[entry.id] = k }
            index = built
        }
    }
}

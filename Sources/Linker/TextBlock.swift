import Diagnostics
import Foundation
import Markdown

/// The pieces of inline content the concept phase reads, in document order: headings,
/// paragraphs, callout titles and table cells, inside quotes, footnotes, callouts and list items
/// too. Code, HTML and rules hold none. The `n`th text block of a note is the `n`th that
/// `append` lists: the extraction numbers sections by it (`DefinitionFact.scope`), the mention
/// scan and the autolinker walk the same order.
///
/// The blocks are listed again wherever they are read, for as long as one note is read: kept in
/// each note's facts from the parse to the end of the scan, the 363,000 blocks of a 10,000-note
/// build were 23 MB of its memory, which on a machine whose fresh pages are slow to come cost
/// more than listing them again.
enum TextBlocks {
    /// Appends each text block's inlines to `list`, in order. The blocks are read in place
    /// through their arrays' buffers: a `for` over an array of blocks copied each (a retain of
    /// its payload) and destroyed the copy. A list, not a walk calling a closure: the scan's
    /// state captured by a closure was copied at every block, the matcher and the text's buffer
    /// included.
    static func append(_ blocks: [Block], to list: inout [[Inline]]) {
        blocks.withUnsafeBufferPointer { buffer in
            for k in buffer.indices { append(buffer.baseAddress! + k, to: &list) }
        }
    }

    private static func append(_ block: UnsafePointer<Block>, to list: inout [[Inline]]) {
        switch block.pointee {
        case .paragraph(let inlines):
            list.append(inlines)
        case .heading(_, let content, _, _):
            list.append(content)
        case .blockQuote(let blocks), .footnoteDefinition(_, let blocks):
            append(blocks, to: &list)
        case .callout(let callout):
            if !callout.title.isEmpty { list.append(callout.title) }
            append(callout.blocks, to: &list)
        case .list(_, let items):
            items.withUnsafeBufferPointer { items in
                for k in items.indices { append(items[k].blocks, to: &list) }
            }
        case .table(_, let header, let rows):
            list.append(contentsOf: header)
            for row in rows { list.append(contentsOf: row) }
        case .codeBlock, .htmlBlock, .thematicBreak:
            break
        }
    }
}

/// The plain text of a text block (`TextBlocks`) with the stretches where concept names may be
/// matched.
///
/// The text is what `PlainText` gives (math as TeX, code as written, a wikilink as its label), so
/// sentences around matches read like backlink contexts. Runs cover only prose: text, emphasis,
/// line breaks and the text of links. Code, math, HTML and images end a run and are never
/// matched; a link's text is a run of its own, tagged with the link, so a match there is a
/// linked mention.
struct InlineText {
    struct Run {
        var range: Range<Int>
        /// The link occurrence whose text this is, or nil for plain prose.
        var link: Int?
    }

    /// The text's scalars, `storage[..<length]`, as an array of their own: for tests and the
    /// rare reader of a whole text. The scan reads `storage` in place.
    var scalars: [Unicode.Scalar] { Array(storage[..<min(length, storage.count)]) }
    /// The buffer the scalars are decoded into, its first `length` the text's. Longer than the
    /// text once a longer one was read into it (`read`): what lies past `length` was left by
    /// an earlier text and means nothing. The scalars are decoded straight into it, where they
    /// were decoded into a scratch buffer and then appended, and it is never emptied between
    /// texts: the copy, the scratch buffer (allocated for a long text) and the emptying were a
    /// fifth of the scan's reading of a block.
    private(set) var storage: [Unicode.Scalar] = []
    var runs: [Run] = []
    /// With `recordingTextNodes`: the scalars of each `.text` inline outside links, in the
    /// order a depth-first walk meets them, so a match can be traced back to the node holding
    /// it (`ConceptAutolinker` splits that node around the match).
    private(set) var textNodes: [Range<Int>] = []
    /// The number of scalars in the text: `scalars.count`, or, `countingOnly`, the count alone.
    private(set) var length = 0
    private let recordsTextNodes: Bool
    /// Whether the scalars are counted, not kept (`scalars` stays empty).
    private let countsOnly: Bool
    private var runStart: Int?
    private var runLink: Int?

    /// With `countingOnly`, the runs and text nodes alone, at the offsets they have with the
    /// scalars: what the autolinker needs of a block, which it then reads from the few nodes it
    /// links in (`scalars(ofTextNode:)`), not from the whole block's scalars made again.
    init(_ inlines: [Inline], document: MarkdownDocument, recordingTextNodes: Bool = false, countingOnly: Bool = false) {
        recordsTextNodes = recordingTextNodes
        countsOnly = countingOnly
        collect(inlines, link: nil, document: document)
        close()
    }

    /// An empty text, to be filled by `read`.
    init() {
        recordsTextNodes = false
        countsOnly = false
    }

    /// The scalars a `.text` inline holding `text` adds to the text (normalised if it may not
    /// be NFC, as `append` makes them).
    static func scalars(ofTextNode text: String) -> [Unicode.Scalar] {
        var node = InlineText()
        node.append(text)
        return node.scalars
    }

    /// Makes this the text of `inlines`, as `init(_:document:)` makes it, in the buffers of the
    /// text read before: the mention scan reads every block of every note, and allocated (and
    /// grew) new arrays for each.
    mutating func read(_ inlines: [Inline], document: MarkdownDocument) {
        runs.removeAll(keepingCapacity: true)
        textNodes.removeAll(keepingCapacity: true)
        runStart = nil
        runLink = nil
        length = 0
        collect(inlines, link: nil, document: document)
        close()
    }

    private mutating func open(link: Int?) {
        if runStart != nil, runLink == link { return }
        close()
        runStart = length
        runLink = link
    }

    private mutating func close() {
        if let start = runStart, start < length {
            runs.append(Run(range: start..<length, link: runLink))
        }
        runStart = nil
        runLink = nil
    }

    /// A link whose text is its own address (`https://…`, `www.…`, an autolinked e-mail).
    static func isBareURL(_ content: [Inline], link: LinkOccurrence?) -> Bool {
        guard content.count == 1, case .text(let t) = content[0] else { return false }
        if let link, t == link.destination || "mailto:" + t == link.destination || "http://" + t == link.destination { return true }
        return t.hasPrefix("www.") || (t.containsUTF8("://") && t.contains("://"))
    }

    /// Appends the scalars of `text`, decoding its UTF-8 directly (the hot path of the mention
    /// scan); text that may not be NFC (decomposed Hangul from macOS) is normalised first.
    private mutating func append(_ text: String) {
        if countsOnly {
            length += text.withUTF8Bytes { InlineText.scalarCount($0, stoppingIfNotNFC: true) } ?? text.nfc.unicodeScalars.count
            return
        }
        guard !appendDecoded(text, normalizing: true) else { return }
        // Rare: only text written in decomposed form, appended as its NFC form's scalars.
        appendVerbatim(text.nfc)
    }

    /// Makes room in `storage` for `extra` scalars after the text's: grown by doubling, so a
    /// text of n scalars is written with O(log n) growths at most, and never again once the
    /// buffer is as long as the longest text read. The first room is for a long paragraph
    /// (4 KB): grown from a few dozen, the buffer of each note's scan was made again several
    /// times, at the cost of the copies the direct decoding saves.
    private mutating func reserve(_ extra: Int) {
        let needed = length + extra
        guard storage.count < needed else { return }
        storage.append(contentsOf: repeatElement(" ", count: max(needed, 2 * storage.count, 1024) - storage.count))
    }

    private mutating func appendSpace() {
        if !countsOnly {
            reserve(1)
            storage[length] = " "
        }
        length += 1
    }

    /// Appends the scalars of `text` as they are (`text.unicodeScalars`), decoded as `append`
    /// decodes: code, math, an image's alt text, a link's label, and text `append` has made NFC.
    /// Code and math are long, and a string's scalar view pays an index step per scalar.
    private mutating func appendVerbatim(_ text: String) {
        if countsOnly {
            length += text.withUTF8Bytes { InlineText.scalarCount($0, stoppingIfNotNFC: false) } ?? 0
            return
        }
        let done = appendDecoded(text, normalizing: false)
        assert(done, "a decoding that does not stop for NFC always finishes")
    }

    /// How many scalars `decode` writes for a string's bytes, or nil where it returns nil
    /// (`stoppingIfNotNFC`): counted eight bytes at a time, Korean included, as the bytes that
    /// do not continue a scalar (10xxxxxx). A byte that may start a combining mark (0xCC, 0xCD)
    /// or a conjoining jamo (0xE1 then 0x84–0x87) is looked for in a word only where one of
    /// those values may be in it. Only for a string's bytes, which are well-formed: a sequence
    /// cut short, where `decode` returns nil, is not looked for.
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>, stoppingIfNotNFC: Bool) -> Int? {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return 0 }
        /// Whether some byte of `v` is zero.
        func hasZeroByte(_ v: UInt64) -> Bool { ByteWord.zeroBytes(v) != 0 }
        func startsNonNFC(_ i: Int) -> Bool {
            let b = bytes[i]
            return b == 0xCC || b == 0xCD || (b == 0xE1 && i + 1 < n && bytes[i + 1] >= 0x84 && bytes[i + 1] <= 0x87)
        }
        var continuations = 0
        var i = 0
        while i + 8 <= n {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            if word & ByteWord.highBits != 0 {
                continuations += ByteWord.count(ByteWord.continuationBytes(word))
                if stoppingIfNotNFC,
                   hasZeroByte((word & 0xFEFE_FEFE_FEFE_FEFE) ^ 0xCCCC_CCCC_CCCC_CCCC) || hasZeroByte(word ^ 0xE1E1_E1E1_E1E1_E1E1) {
                    for k in i..<(i + 8) where startsNonNFC(k) { return nil }
                }
            }
            i += 8
        }
        while i < n {
            if bytes[i] & 0xC0 == 0x80 { continuations += 1 }
            if stoppingIfNotNFC, startsNonNFC(i) { return nil }
            i += 1
        }
        return n - continuations
    }

    /// Decodes `text` straight into `storage` after the text's scalars, in room made first for
    /// one scalar per byte (the most there can be): nothing is filled, cut or copied for the
    /// text's scalars. With `normalizing`, stops at the first byte that may start a text that
    /// is not NFC (`ConceptName.needsNormalization`), appends nothing (what it wrote past
    /// `length` means nothing) and returns false.
    private mutating func appendDecoded(_ text: String, normalizing: Bool) -> Bool {
        let written: Int? = text.withUTF8Bytes { bytes in
            reserve(bytes.count)
            let start = length
            return storage.withUnsafeMutableBufferPointer { buffer in
                InlineText.decode(bytes, into: UnsafeMutableBufferPointer(rebasing: buffer[start...]), stoppingIfNotNFC: normalizing)
            }
        }
        guard let written else { return false }
        length += written
        return true
    }

    /// `PlainText.sentence(around:in:)` of the text's scalars, read in place.
    func sentence(around range: Range<Int>) -> LinkContext {
        storage.withUnsafeBufferPointer { buffer in
            PlainText.sentence(around: range, in: UnsafeBufferPointer(rebasing: buffer[..<length]))
        }
    }

    /// `PlainText.appendSentenceUTF8(around:in:to:)` of the text's scalars, read in place.
    func appendSentenceUTF8(around range: Range<Int>, to bytes: inout [UInt8]) -> (Int, Int, Int) {
        storage.withUnsafeBufferPointer { buffer in
            PlainText.appendSentenceUTF8(around: range, in: UnsafeBufferPointer(rebasing: buffer[..<length]), to: &bytes)
        }
    }

    /// Decodes well-formed UTF-8 (a Swift string's) into `out`, which has room for one scalar
    /// per byte; returns how many scalars were written. With `stoppingIfNotNFC`, nil at the
    /// first byte that may start a combining mark or a conjoining jamo (as
    /// `ConceptName.needsNormalization` judges), or at a sequence cut short, which a string's
    /// bytes never have. Most prose is ASCII, and a byte below 0x80 is its own scalar: at an
    /// ASCII byte, eight are read at a time where they are all ASCII. Only there: in Korean
    /// prose an ASCII byte is mostly a lone space between syllables, and a lead byte never
    /// starts eight ASCII bytes, so it goes straight to its sequence.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<Unicode.Scalar>,
                       stoppingIfNotNFC: Bool) -> Int? {
        let n = bytes.count
        guard let p = bytes.baseAddress, let o = out.baseAddress else { return 0 }
        var written = 0
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0x80 {
                let word = i &+ 8 <= n ? UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) : 0x80
                if word & 0x8080_8080_8080_8080 == 0 {
                    // The eight bytes widened as one vector, stored at once: byte by byte, two
                    // instructions each, this was most of the decoding of English prose.
                    let scalars = SIMD8<UInt32>(truncatingIfNeeded: unsafeBitCast(word, to: SIMD8<UInt8>.self))
                    UnsafeMutableRawPointer(o + written).storeBytes(of: scalars, as: SIMD8<UInt32>.self)
                    written &+= 8
                    i &+= 8
                } else {
                    o[written] = Unicode.Scalar(b)
                    written &+= 1
                    i &+= 1
                }
                continue
            }
            let value: UInt32
            if b < 0xE0 {
                if stoppingIfNotNFC, b == 0xCC || b == 0xCD { return nil }
                guard i &+ 1 < n else { return nil }
                value = (UInt32(b & 0x1F) << 6) | UInt32(p[i &+ 1] & 0x3F)
                i &+= 2
            } else if b < 0xF0 {
                guard i &+ 2 < n else { return nil }
                if stoppingIfNotNFC, b == 0xE1 && p[i &+ 1] >= 0x84 && p[i &+ 1] <= 0x87 { return nil }
                value = (UInt32(b & 0x0F) << 12) | (UInt32(p[i &+ 1] & 0x3F) << 6) | UInt32(p[i &+ 2] & 0x3F)
                i &+= 3
            } else {
                guard i &+ 3 < n else { return nil }
                value = (UInt32(b & 0x07) << 18) | (UInt32(p[i &+ 1] & 0x3F) << 12)
                    | (UInt32(p[i &+ 2] & 0x3F) << 6) | UInt32(p[i &+ 3] & 0x3F)
                i &+= 4
            }
            // Well-formed UTF-8 decodes to a valid scalar (no surrogate, nothing past
            // U+10FFFF): the check `Unicode.Scalar(_:)` makes could never fail here.
            o[written] = unsafeBitCast(value, to: Unicode.Scalar.self)
            written &+= 1
        }
        return written
    }

    private mutating func collect(_ inlines: [Inline], link: Int?, document: MarkdownDocument) {
        for inline in inlines {
            switch inline {
            case .text(let t):
                open(link: link)
                let start = length
                append(t)
                if recordsTextNodes, link == nil { textNodes.append(start..<length) }
            case .softBreak, .lineBreak:
                open(link: link)
                appendSpace()
            case .code(let t):
                close()
                appendVerbatim(t)
            case .html(let tag):
                close()
                if tag.lowercased().hasPrefix("<br") { appendSpace() }
            case .emphasis(let c), .strong(let c), .strikethrough(let c):
                collect(c, link: link, document: document)
            case .link(let index, let c):
                close()
                if InlineText.isBareURL(c, link: index < document.links.count ? document.links[index] : nil) {
                    // An autolinked URL shows the URL itself: nothing in it is a mention.
                    appendVerbatim(PlainText.of(c, math: document.math, links: document.links))
                } else {
                    collect(c, link: index, document: document)
                    close()
                }
            case .image(_, let alt):
                close()
                appendVerbatim(PlainText.of(alt, math: document.math, links: document.links))
            case .wikiLink(let index):
                close()
                if index < document.links.count {
                    open(link: index)
                    appendVerbatim(document.links[index].displayText)
                    close()
                }
            case .math(let index):
                close()
                if index < document.math.count { appendVerbatim(document.math[index].tex) }
            case .footnoteReference:
                close()
            }
        }
    }
}


extension InlineText {
    /// Cuts the text of one `.text` inline into pieces at scalar offsets counted as `InlineText`
    /// counts them (from the node's start), for the autolinker to split the node around a link.
    ///
    /// Where the node is taken as written (no byte that may start a text that is not NFC), its
    /// scalars are its own, and a piece is copied out of the string's UTF-8 between the offsets'
    /// bytes, found by counting the bytes that start a scalar: no scalar decoded and no new
    /// string checked as UTF-8. A node normalised when read is cut from its normalised scalars.
    struct NodeCutter {
        private let text: String
        private let normalized: [Unicode.Scalar]?
        /// Where the walk through the UTF-8 is: the byte starting scalar `scalar`.
        private var scalar = 0
        private var byte = 0

        init(_ text: String) {
            self.text = text
            let asWritten = text.withUTF8Bytes { InlineText.scalarCount($0, stoppingIfNotNFC: true) } != nil
            normalized = asWritten ? nil : InlineText.scalars(ofTextNode: text)
        }

        /// The scalars `range` of the node as a string. Ranges must come in order, not
        /// overlapping (the walk goes forward only).
        mutating func piece(_ range: Range<Int>) -> String {
            if let normalized { return String(scalars: normalized[range]) }
            let start = advance(to: range.lowerBound)
            let end = advance(to: range.upperBound)
            let utf8 = text.utf8
            let lower = utf8.index(utf8.startIndex, offsetBy: start)
            let upper = utf8.index(utf8.startIndex, offsetBy: end)
            return String(Substring(text.unicodeScalars[lower..<upper]))
        }

        /// The byte offset of scalar `target`, at or after the walk's place.
        private mutating func advance(to target: Int) -> Int {
            precondition(target >= scalar, "pieces in order")
            text.withUTF8Bytes { bytes in
                while scalar < target {
                    // A scalar is its lead byte and the continuation bytes (10xxxxxx) after it.
                    byte += 1
                    while byte < bytes.count, bytes[byte] & 0xC0 == 0x80 { byte += 1 }
                    scalar += 1
                }
            }
            return byte
        }
    }
}

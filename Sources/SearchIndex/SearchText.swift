import Diagnostics
public import Markdown

/// The text of a note as its search entry holds it: split into sections at the note's
/// top-level headings, each section's text plain (markup dropped, a wikilink as its label, code
/// as written, inline math as its TeX, as backlink contexts read) with runs of white space made
/// one space. Inline math left out left holes in the sentences the results show ("with , , .
/// forward: ,"). Display math is left out: whole derivations of TeX filled the results'
/// snippets and matched a search for "KL" in every `D_{KL}` before the prose that explains it.
/// Raw HTML is left out; a `<br>` separates words as it does on the page.
public enum SearchText {
    /// The sections of `document`. `skippingFirstBlock`: its first block is the `# Title` the
    /// page shows as its heading (`NotePages.droppedTitle`), whose text is the entry's title.
    /// `withText: false` keeps the headings only (`SearchMode.titles`). `fragment` makes a
    /// heading's id the fragment of an href (percent-encoded as the pages write it).
    public static func sections(of document: MarkdownDocument, skippingFirstBlock: Bool, withText: Bool,
                                fragment: (String) -> String) -> [SearchDocument.Section] {
        var sections: [SearchDocument.Section] = []
        var heading = ""
        var anchor = ""
        var text = Collector()
        // Display formulas read as nothing: see `SearchText`.
        var inlineMath = document.math
        for m in inlineMath.indices where inlineMath[m].display { inlineMath[m].tex = "" }
        func close() {
            let body = withText ? text.bytes : []
            // A note's opening section exists only when it has text: a note starting with a
            // heading has none above it.
            if !sections.isEmpty || !heading.isEmpty || !body.isEmpty {
                sections.append(.init(heading: heading, fragment: anchor, utf8Text: body))
            }
            text = Collector()
        }
        let blocks = document.blocks
        for b in blocks.indices.dropFirst(skippingFirstBlock ? 1 : 0) {
            if case .heading(_, let content, let id, _) = blocks[b] {
                close()
                var title = Collector()
                title.add(PlainText.of(content, math: document.math, links: document.links))
                heading = title.string
                anchor = fragment(id)
            } else if withText {
                collect(blocks[b], document: document, math: inlineMath, into: &text)
            }
        }
        close()
        return sections
    }

    static func collect(_ block: Block, document: MarkdownDocument, math: [MathOccurrence], into text: inout Collector) {
        switch block {
        case .paragraph(let inlines), .heading(_, let inlines, _, _):
            text.add(inlines, document: document, math: math)
        case .blockQuote(let children), .footnoteDefinition(_, let children):
            for child in children { collect(child, document: document, math: math, into: &text) }
        case .callout(let callout):
            text.add(callout.title, document: document, math: math)
            for child in callout.blocks { collect(child, document: document, math: math, into: &text) }
        case .list(_, let items):
            for item in items {
                for child in item.blocks { collect(child, document: document, math: math, into: &text) }
            }
        case .table(_, let header, let rows):
            for cell in header { text.add(cell, document: document, math: math) }
            for row in rows {
                for cell in row { text.add(cell, document: document, math: math) }
            }
        case .codeBlock(_, let literal):
            text.add(literal)
        case .htmlBlock, .thematicBreak:
            break
        }
    }

    /// Text gathered as UTF-8, each run of white space one space, none at either end; every
    /// piece added is a word apart from the one before.
    struct Collector {
        private(set) var bytes: [UInt8] = []
        private var spacePending = false

        var string: String { String(decoding: bytes, as: UTF8.self) }

        mutating func add(_ inlines: [Inline], document: MarkdownDocument, math: [MathOccurrence]) {
            add(PlainText.of(inlines, math: math, links: document.links))
        }

        mutating func add(_ piece: String) {
            var piece = piece
            piece.withUTF8 { utf8 in
                // Most pieces are tidy already (single spaces between words, none at the
                // ends): appended whole, where the byte loop below cost some thirty
                // instructions a byte of a vault's text.
                if Self.isTidy(utf8) {
                    if spacePending { bytes.append(0x20) }
                    bytes.append(contentsOf: utf8)
                    return
                }
                for byte in utf8 {
                    if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                        spacePending = !bytes.isEmpty
                        continue
                    }
                    if spacePending {
                        bytes.append(0x20)
                        spacePending = false
                    }
                    bytes.append(byte)
                }
            }
            spacePending = !bytes.isEmpty
        }

        /// Whether `utf8` is non-empty, starts and ends with a byte above the space, and holds
        /// no control byte nor two spaces in a row: what the byte loop would copy as it is.
        /// Eight bytes at a time: nearly every word of prose holds a space, so the test is for
        /// two in a row (a space beside the one before it, in the word or across its start).
        static func isTidy(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let first = utf8.first, let last = utf8.last, first > 0x20, last > 0x20 else { return false }
            var i = 0
            var afterSpace = false
            while i &+ 8 <= utf8.count {
                let word = ByteWord.load(utf8, at: i)
                let spaces = ByteWord.bytes(equalTo: 0x20, in: word)
                if ByteWord.bytes(below: 0x20, in: word) != 0 || spaces & (spaces << 8) != 0 || (afterSpace && spaces & 0x80 != 0) {
                    return false
                }
                afterSpace = spaces >> 63 != 0
                i &+= 8
            }
            while i < utf8.count {
                let byte = utf8[i]
                if byte < 0x20 { return false }
                if byte == 0x20 {
                    if afterSpace { return false }
                    afterSpace = true
                } else {
                    afterSpace = false
                }
                i &+= 1
            }
            return true
        }
    }
}

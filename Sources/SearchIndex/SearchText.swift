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
                sections.append(.init(heading: heading, fragment: anchor, utf8Text: body, needsEscaping: withText && text.needsEscaping))
            }
            text = Collector()
        }
        let blocks = document.blocks
        // The headings' plain text was made by the parse (`MarkdownDocument.headings`, in
        // document order, those inside quotes too): each top-level heading's is found by its
        // id, which is unique in the note, moving on from the one before.
        let headings = document.headings
        var h = 0
        for b in blocks.indices.dropFirst(skippingFirstBlock ? 1 : 0) {
            if case .heading(_, _, let id, _) = blocks[b] {
                close()
                while h < headings.count, headings[h].id != id { h += 1 }
                var title = Collector()
                if h < headings.count { title.add(headings[h].text) }
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

    /// Text gathered as UTF-8, each run of white space one space, none at either end.
    /// Inlines are read in place into the bytes (what `PlainText.of` would give, without its
    /// array of scalars and the String made of it), and whether any byte will need a JSON
    /// escape is noted on the way, so the index writer copies most sections whole.
    struct Collector {
        private(set) var bytes: [UInt8] = []
        /// Whether `bytes` holds a control character, `"`, `\\` or the lead byte of U+2028 or
        /// U+2029 (0xE2, which other punctuation shares): the writer escapes only then.
        private(set) var needsEscaping = false
        private var spacePending = false

        var string: String { String(decoding: bytes, as: UTF8.self) }

        /// `inlines`' plain text (`PlainText.of`), a word apart from what came before and after.
        mutating func add(_ inlines: [Inline], document: MarkdownDocument, math: [MathOccurrence]) {
            append(inlines, document: document, math: math)
            breakWord()
        }

        /// `piece`, a word apart from what came before and after.
        mutating func add(_ piece: String) {
            append(piece)
            breakWord()
        }

        mutating func breakWord() {
            spacePending = !bytes.isEmpty
        }

        /// As `PlainText.collect` reads inlines: text and code as written, a break as a space,
        /// `<br>` as a space and other HTML as nothing, a wikilink as its shown text, math as
        /// `math` gives it, footnote references as nothing.
        private mutating func append(_ inlines: [Inline], document: MarkdownDocument, math: [MathOccurrence]) {
            for inline in inlines {
                switch inline {
                case .text(let t), .code(let t):
                    append(t)
                case .softBreak, .lineBreak:
                    breakWord()
                case .html(let tag):
                    if Self.isLineBreakTag(tag) { breakWord() }
                case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, let c), .image(_, let c):
                    append(c, document: document, math: math)
                case .wikiLink(let index):
                    if index < document.links.count { append(document.links[index].displayText) }
                case .math(let index):
                    if index < math.count { append(math[index].tex) }
                case .footnoteReference:
                    continue
                }
            }
        }

        /// Whether a raw HTML tag is a `<br>` (any case, any attributes), as `PlainText` tests it.
        static func isLineBreakTag(_ tag: String) -> Bool {
            var tag = tag
            return tag.withUTF8 { utf8 in
                utf8.count >= 3 && utf8[0] == UInt8(ascii: "<") && utf8[1] | 0x20 == UInt8(ascii: "b") && utf8[2] | 0x20 == UInt8(ascii: "r")
            }
        }

        /// `text` run on from what came before: white space in it, at either end too, is a
        /// word break; the bytes between are appended as they are.
        mutating func append(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                var start = 0
                var end = utf8.count
                // One space at either end is common ("see " before a link): taken apart here, so
                // the rest may still be copied whole.
                if start < end, utf8[start] == 0x20 {
                    start += 1
                    breakWord()
                }
                var trailingSpace = false
                if end > start, utf8[end - 1] == 0x20 {
                    end -= 1
                    trailingSpace = true
                }
                let middle = UnsafeBufferPointer(rebasing: utf8[start..<end])
                // Most text is tidy already (single spaces between words): appended whole, where
                // the byte loop below cost some thirty instructions a byte of a vault's text.
                if let escapes = Self.tidiness(of: middle) {
                    if spacePending { bytes.append(0x20) }
                    spacePending = false
                    bytes.append(contentsOf: middle)
                    needsEscaping = needsEscaping || escapes
                } else {
                    for byte in middle {
                        if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                            breakWord()
                            continue
                        }
                        if spacePending {
                            bytes.append(0x20)
                            spacePending = false
                        }
                        bytes.append(byte)
                        if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xE2 { needsEscaping = true }
                    }
                }
                if trailingSpace { breakWord() }
            }
        }

        /// Nil unless `utf8` is non-empty, starts and ends with a byte above the space, and
        /// holds no control byte nor two spaces in a row (what the byte loop would copy as it
        /// is); then whether it holds a byte the index must escape. Eight bytes at a time:
        /// nearly every word of prose holds a space, so the test is for two in a row (a space
        /// beside the one before it, in the word or across its start).
        static func tidiness(of utf8: UnsafeBufferPointer<UInt8>) -> Bool? {
            guard let first = utf8.first, let last = utf8.last, first > 0x20, last > 0x20 else { return nil }
            var i = 0
            var afterSpace = false
            var escapes: UInt64 = 0
            while i &+ 8 <= utf8.count {
                let word = ByteWord.load(utf8, at: i)
                let spaces = ByteWord.bytes(equalTo: 0x20, in: word)
                if ByteWord.bytes(below: 0x20, in: word) != 0 || spaces & (spaces << 8) != 0 || (afterSpace && spaces & 0x80 != 0) {
                    return nil
                }
                escapes |= ByteWord.bytes(equalTo: UInt8(ascii: "\""), in: word) | ByteWord.bytes(equalTo: UInt8(ascii: "\\"), in: word)
                    | ByteWord.bytes(equalTo: 0xE2, in: word)
                afterSpace = spaces >> 63 != 0
                i &+= 8
            }
            while i < utf8.count {
                let byte = utf8[i]
                if byte < 0x20 { return nil }
                if byte == 0x20 {
                    if afterSpace { return nil }
                    afterSpace = true
                } else {
                    afterSpace = false
                }
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xE2 { escapes = 1 }
                i &+= 1
            }
            return escapes != 0
        }
    }
}

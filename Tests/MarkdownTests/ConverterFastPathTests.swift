@testable import Markdown
import Testing
import TestSupport

/// The converter's shortcuts against the general code they stand in for, on generated input
/// full of the awkward cases: a callout's head read from bytes against the reading by
/// characters, heading ids kept in a list against `Slugger`'s dictionary.
@Suite struct ConverterFastPathTests {
    static let calloutPieces: [String] = [
        "[!", "[", "!", "]", "]-", "]+", "-", "+", "note", "NOTE", "Tip", "warning", " ", "  ", "\t", "[!note]",
        "\r\n", "\r", "\n", "\u{0B}", "\u{0C}", "\u{1F}", "\u{7F}", "\u{85}", "\u{A0}", "\u{200B}", "\u{3000}",
        "\u{301}", "\u{200D}", "\u{600}", "용어", "é", "e\u{301}", "Title", "x", "[!tip]- ", "[!info]+", "K", "\u{212A}",
    ]

    static func calloutText(_ random: inout SplitMix) -> String {
        let start = random.chance(70) ? random.pick(["[!", "[!note]", "[!tip]-", "[!", "[! "]) : ""
        return start + (0..<random.below(8)).map { _ in random.pick(calloutPieces) }.joined()
    }

    @Test func calloutHeadByBytesAgreesWithCharacters() {
        var random = SplitMix(state: 0xCA11_0001)
        var read = 0, refused = 0
        for _ in 0..<40_000 {
            let text = Self.calloutText(&random)
            let general = Converter.calloutHead(text)
            switch Converter.calloutHeadByBytes(text) {
            case .head(let head):
                read += 1
                #expect(general.map { Self.same($0, head) } ?? false, "\(String(reflecting: text))")
            case .notACallout:
                refused += 1
                #expect(general == nil, "\(String(reflecting: text))")
            case .unsure:
                break
            }
        }
        #expect(read > 5_000 && refused > 5_000, "\(read) read, \(refused) refused by bytes")
    }

    /// Equal bytes: `==` would take an NFD text for its NFC twin.
    static func same(_ a: Converter.CalloutHead, _ b: Converter.CalloutHead) -> Bool {
        a.kind.utf8.elementsEqual(b.kind.utf8) && a.folding == b.folding && a.title.utf8.elementsEqual(b.title.utf8)
    }

    @Test func calloutsParse() {
        let doc = MarkdownParser.parse("> [!Note]- 용어\n> body\n", file: "a.md")
        guard case .callout(let callout)? = doc.blocks.first else {
            Issue.record("no callout: \(doc.blocks)")
            return
        }
        #expect(callout.kind == "note")
        #expect(callout.folding == .closed)
        guard callout.title.count == 1, case .text(let title) = callout.title[0] else {
            Issue.record("title: \(callout.title)")
            return
        }
        #expect(title == "용어")
        guard callout.blocks.count == 1, case .paragraph(let body) = callout.blocks[0], body.count == 1,
              case .text(let text) = body[0] else {
            Issue.record("body: \(callout.blocks)")
            return
        }
        #expect(text == "body")
    }

    static let headingPieces: [String] = [
        "Intro", "intro", "INTRO", "Intro 1", "intro-1", "Intro-2", "-1", "-2", "1", " ", "-", "_", "é", "e\u{301}",
        "É", "E\u{301}", "자료구조", "\u{1100}\u{1161}", "가", "a", "A", "a-1", "a 1", "!", "(", "Stack", "&",
    ]

    @Test func headingIDsAgreeWithSlugger() {
        var random = SplitMix(state: 0x51D5_0001)
        var longest = 0
        for _ in 0..<3_000 {
            var slugger = Slugger()
            var ids = HeadingIDs()
            let count = random.chance(20) ? random.below(80) : random.below(10)
            longest = max(longest, count)
            for _ in 0..<count {
                let text = (0..<(1 + random.below(3))).map { _ in random.pick(Self.headingPieces) }.joined()
                let want = slugger.uniqueSlug(for: text)
                let got = ids.unique(for: text)
                #expect(got.utf8.elementsEqual(want.utf8), "\(String(reflecting: text)): \(got) ≠ \(want)")
            }
        }
        #expect(longest > HeadingIDs.listLimit * 2)
    }

    /// Pieces for notes whose math continues over lines in quotes and lists (the continuation
    /// mark), with the private-use characters cmark may make of entities (the placeholders'
    /// open among them, before digits, a close or anything else), next to the pieces that make
    /// cmark cut, drop and encode texts.
    static let markPieces: [String] = [
        "$$\na\n$$", "$$a\nb$$", "> $$x\n> y$$", "- $a\n  b$", "$x\ny$", "\\(a\nb\\)", "[[a\nb]]", "\n", " ",
        "&#xE003;", "&#xE001;", "&#xE002;", "&#xE010;", "&#57347;", "\u{E003}", "\u{E100}", "가", "x",
        "&#xE000;", "&#57344;", "&#xE01F;&#xE01F;&#xE01F;&#xE01F;&#xE01F;&#xE01F;&#xE01F;&#xE01F;&#xE01F;",
    ]

    static func note(_ random: inout SplitMix) -> String {
        (0..<random.below(30)).map { _ in
            random.chance(40) ? random.pick(markPieces) : random.pick(CmarkStringTests.notePieces)
        }.joined()
    }

    /// The conversion with its shortcuts (texts copied without a second UTF-8 check, lists
    /// read for the continuation mark only when `expand` met an `EE` byte) against the
    /// conversion without them, on the protected text as the parser makes it: the same blocks,
    /// links and math, down to the bytes.
    @Test func shortcutsConvertAsTheGeneralWay() {
        var random = SplitMix(state: 0xC0DE_0003)
        var marked = 0
        for _ in 0..<4_000 {
            let text = Self.note(&random)
            let bytes = Array(text.utf8)
            let protected = Protector.protect(bytes, codeLines: Cmark.literalBlockLines(bytes))
            func convert(general: Bool) -> String {
                var converter = Converter(original: bytes, protected: protected, file: "t.md", lineOffset: 0)
                converter.checksEveryText = general
                converter.searchesEveryListForMarks = general
                converter.buildsCalloutsByCopy = general
                let blocks = Cmark.withDocument(protected.text) { converter.blocks($0.children) } ?? []
                return "\(blocks)|\(converter.links)|\(converter.math)|\(converter.headings)"
            }
            let fast = convert(general: false), general = convert(general: true)
            #expect(fast.utf8.elementsEqual(general.utf8), "\(String(reflecting: text))")
            if protected.text.contains(0xEE) { marked += 1 }
        }
        #expect(marked > 1_000, "\(marked) notes with placeholders")
    }

    /// Pieces that put links, images and wikilinks in sentences, in paragraphs, headings, list
    /// items, quotes and table cells, beside the pieces that make cmark cut and encode texts.
    static let contextPieces: [String] = [
        "[a](b.md)", "[링크](노트.md#가)", "![그림](x.png)", "[[노트]]", "[[노트#제목|별칭]]", "![[그림.png]]",
        "[**굵게** $x$](y)", "Sentence. ", "문장입니다. ", "Why? ", "끝! ", "。", "\n", "# ", "## ", "- ", "> ",
        "> [!note] ", "| [[a]] | [b](c) |\n|---|---|\n| x [[d]] | e |\n", "\n\n", " ", "가나다", "$$a$$",
    ]

    /// Without contexts (`linkContexts: false`, as `notegraph check` parses), a document is
    /// the one made with them but for every link's context, which is nil: the same blocks,
    /// headings, links, math and diagnostics, down to the bytes.
    @Test func documentsWithoutContextsDifferOnlyInContexts() {
        var random = SplitMix(state: 0xC0_7E47)
        var withContext = 0
        func dump(_ document: MarkdownDocument, links: [LinkOccurrence]) -> String {
            "\(document.blocks)|\(links)|\(document.math)|\(document.headings)|\(document.diagnostics)|\(document.rawHTML)"
        }
        for _ in 0..<3_000 {
            let text = (0..<random.below(30)).map { _ in
                random.chance(50) ? random.pick(Self.contextPieces) : random.pick(CmarkStringTests.notePieces)
            }.joined()
            let full = MarkdownParser.parse(text, file: "t.md", firstLine: 3)
            let bare = MarkdownParser.parse(text, file: "t.md", firstLine: 3, linkContexts: false)
            #expect(bare.links.allSatisfy { $0.context == nil }, "\(String(reflecting: text))")
            if full.links.contains(where: { $0.context != nil }) { withContext += 1 }
            var cleared = full.links
            for i in cleared.indices { cleared[i].context = nil }
            let a = dump(full, links: cleared), b = dump(bare, links: bare.links)
            #expect(a.utf8.elementsEqual(b.utf8), "\(String(reflecting: text))")
        }
        #expect(withContext > 1_000, "\(withContext) documents whose links have contexts")
    }

    /// Pieces of quotes whose first line may open a callout: titles with breaks, inlines and
    /// placeholders after the head, empty bodies, nested quotes and lists.
    static let calloutQuotePieces: [String] = [
        "> [!note]", "> [!tip]- 제목", "> [!Info]+", "> [!x] ", "> [!용어]", "> ", ">> [!warning] t", "\n", "\n> ",
        "\n\n", "text", "가나", " ", "*e*", "**b**", "[[w]]", "$m$", "  \n> ", "\\\n> ", "> - item", "- ", "[!", "]",
        "<b>h</b>", "`c`", "[a](b)",
    ]

    /// Callouts made in the quote's own storage (`calloutOrQuote`) against those copied out of
    /// it (`callout(from:)`): the same document, down to the bytes.
    @Test func calloutsInPlaceAreTheCopiedOnes() {
        var random = SplitMix(state: 0xCA11_0077)
        var callouts = 0
        for _ in 0..<4_000 {
            let text = (0..<random.below(16)).map { _ in
                random.chance(70) ? random.pick(Self.calloutQuotePieces) : random.pick(CmarkStringTests.notePieces)
            }.joined()
            let bytes = Array(text.utf8)
            let protected = Protector.protect(bytes, codeLines: Cmark.literalBlockLines(bytes))
            func convert(copying: Bool) -> String {
                var converter = Converter(original: bytes, protected: protected, file: "t.md", lineOffset: 0)
                converter.buildsCalloutsByCopy = copying
                let blocks = Cmark.withDocument(protected.text) { converter.blocks($0.children) } ?? []
                return "\(blocks)|\(converter.links)|\(converter.math)|\(converter.headings)"
            }
            let inPlace = convert(copying: false), copied = convert(copying: true)
            #expect(inPlace.utf8.elementsEqual(copied.utf8), "\(String(reflecting: text))")
            if inPlace.contains("callout(") { callouts += 1 }
        }
        #expect(callouts > 1_000, "\(callouts) notes with callouts")
    }
}

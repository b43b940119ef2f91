import Diagnostics
@testable import Markdown
import Testing
import TestSupport

/// The shortcuts of the tree walks and plain text held to the code they stand in for, on
/// generated input: plain text decoded from UTF-8 against the standard library's scalars,
/// joined texts against scalar collection, the walk for block lines that skips inlines against
/// the walk of every node, line ends from line starts against a search for the newline.
@Suite struct TreeWalkFastPathTests {
    /// Scalars of every UTF-8 length, combining marks, private-use characters and CR LF.
    static let textPieces: [String] = [
        "", "a", "Z", " ", "\t", "\n", "\r\n", "\r", ".", "?", "!", "。", "é", "e\u{301}", "ñ", "ß", "Ω", "\u{212A}",
        "한국어", "数学", "\u{E000}", "\u{E003}", "\u{FFFD}", "\u{FEFF}", "😀", "👩‍💻", "\u{10FFFF}", "\u{7F}", "\u{80}",
        "\u{7FF}", "\u{800}", "\u{FFFF}", "\u{10000}", "$x$", "[[a]]", "…",
    ]

    static func text(_ random: inout SplitMix) -> String {
        (0..<random.below(9)).map { _ in random.pick(textPieces) }.joined()
    }

    @Test func scalarsDecodedFromUTF8AreTheStringsScalars() {
        var random = SplitMix(state: 0x5CA1_0001)
        for _ in 0..<20_000 {
            // Appended to what is there already, in buffers of every capacity.
            var fast: [Unicode.Scalar] = Array(Self.text(&random).unicodeScalars)
            if random.chance(50) { fast.reserveCapacity(fast.count + random.below(40)) }
            var general = fast
            for _ in 0..<(1 + random.below(4)) {
                let text = Self.text(&random)
                PlainText.appendScalars(of: text, to: &fast)
                general.append(contentsOf: text.unicodeScalars)
            }
            #expect(fast == general)
        }
    }

    /// The plain text the general path makes: the inlines' scalars collected and encoded.
    static func collected(_ inlines: [Inline]) -> String {
        var scalars: [Unicode.Scalar] = []
        var ranges: [(Int, Range<Int>)] = []
        PlainText.collect(inlines, math: [], links: [], into: &scalars, ranges: &ranges)
        return String(scalars: scalars)
    }

    @Test func joinedTextsAreTheCollectedPlainText() {
        var random = SplitMix(state: 0x5CA1_0002)
        var joined = 0
        for _ in 0..<20_000 {
            let inlines: [Inline] = (0..<random.below(5)).map { _ in
                switch random.below(10) {
                case 0: .softBreak
                case 1: .emphasis([.text(Self.text(&random))])
                case 2, 3: .code(Self.text(&random))
                default: .text(Self.text(&random))
                }
            }
            let expected = Self.collected(inlines)
            if let fast = PlainText.joinedText(inlines) {
                joined += 1
                #expect(Array(fast.utf8) == Array(expected.utf8), "\(inlines)")
            }
            #expect(Array(PlainText.of(inlines, math: [], links: []).utf8) == Array(expected.utf8), "\(inlines)")
        }
        #expect(joined > 5_000)
    }

    /// Markdown made of the blocks the walk looks for or passes by: tables, fenced and indented
    /// code, HTML blocks, quotes, lists and task items, and inlines of every extension.
    static let blockPieces: [String] = [
        "| a | b |\n| - | :-: |\n| c | d |\n", "|x|\n|-|\n", "```\ncode\n```\n", "~~~\n~~~\n", "    indented\n",
        "<div>\nhtml\n</div>\n", "<!-- c -->\n", "> ", "> > ", "- ", "1. ", "- [ ] ", "- [x] ", "  ", "\n", "\n\n",
        "# Heading ~~s~~\n", "text *em* **strong** ~~del~~ `code` <b>x</b> www.e.org a@b.co [l](u)\n", "[^1]\n",
        "[^1]: note\n", "***\n", "Setext\n===\n", "para | with | pipes\n", "> | q | t |\n> |---|---|\n",
        "- | in | list |\n  |----|----|\n", "<script>\n", "</script>\n", "한국어 $x$ [[n]]\n",
    ]

    @Test func blockLinesFromContainersAreThoseOfEveryNode() {
        var random = SplitMix(state: 0x5CA1_0003)
        var tables = 0, literal = 0
        for _ in 0..<4_000 {
            let text = (0..<(1 + random.below(14))).map { _ in random.pick(Self.blockPieces) }.joined()
            let bytes = Array(text.utf8)
            let fast = Cmark.blockLines(bytes, everyNode: false)
            #expect(fast == Cmark.blockLines(bytes, everyNode: true), "\(String(reflecting: text))")
            tables += fast.tables.count
            literal += fast.literal.count
        }
        #expect(tables > 1_000 && literal > 1_000, "\(tables) tables, \(literal) literal blocks")
    }

    @Test func blockLinesOfDeepNestingAreThoseOfEveryNode() {
        for depth in [1, 31, 32, 33, 200] {
            for inner in ["| a |\n| - |\n", "```\nx\n```\n", "<div>\n", "text\n"] {
                for marker in ["> ", "- ", "1. "] {
                    let text = String(repeating: marker, count: depth) + inner
                    let bytes = Array(text.utf8)
                    #expect(Cmark.blockLines(bytes, everyNode: false) == Cmark.blockLines(bytes, everyNode: true),
                            "\(depth) \(String(reflecting: inner)) \(marker)")
                }
            }
        }
    }

    @Test func lineEndsFromLineStartsAreTheNewlinesFound() {
        var random = SplitMix(state: 0x5CA1_0004)
        let pieces = ["a", "\n", "\n\n", "\r\n", " ", "한", "```", "<div>", ""]
        for _ in 0..<5_000 {
            let bytes = Array((0..<random.below(20)).map { _ in random.pick(pieces) }.joined().utf8)
            bytes.withUnsafeBufferPointer { buffer in
                let starts = buffer.lineStarts()
                for k in starts.indices where starts[k] < buffer.count {
                    let end = k + 1 < starts.count ? starts[k + 1] - 1 : buffer.count
                    #expect(end == buffer.lineEnd(from: starts[k]), "\(bytes) line \(k)")
                }
                #expect(LiteralBlockGuess.lines(buffer, lineStarts: starts) == LiteralBlockGuess.lines(buffer))
            }
        }
    }

    /// The vector scan of `lastSpanOpener` on regions long enough for its 32- and 16-byte steps,
    /// with the openers and their near neighbours (`Z`, `]`, `^`, `#`, `%`, `D`, `|`) placed at
    /// every distance from the ends and from the block edges.
    @Test func lastSpanOpenerOfLongRegionsIsTheLastOpener() {
        var random = SplitMix(state: 0x5CA1_0005)
        let rare: [UInt8] = [0x24, 0x5B, 0x5C, 0x5A, 0x5D, 0x5E, 0x23, 0x25, 0x44, 0x7C, 0xA4, 0xDB, 0xDC]
        for _ in 0..<6_000 {
            let count = random.below(260)
            let density = 1 + random.below(200)
            let bytes: [UInt8] = (0..<count).map { _ in
                random.below(density) == 0 ? random.pick(rare) : UInt8(0x61 + random.below(26))
            }
            let start = count == 0 ? 0 : random.below(min(count, 40) + 1)
            let end = max(start, count - random.below(min(count, 40) + 1))
            let expected = (start..<end).last { [0x24, 0x5B, 0x5C].contains(bytes[$0]) }
            let found = bytes.withUnsafeBufferPointer { Protector.lastSpanOpener($0, from: start, to: end) }
            #expect(found == expected, "\(bytes) \(start)..<\(end)")
        }
    }

    @Test func keptCountIsTheNumberOfChildren() {
        let text = "# a\n\npara\n\n- x\n- y\n\n> q\n\n| t |\n|---|\n\n```\nc\n```\n"
        let counts = Cmark.withDocument(Array(text.utf8)) { document -> (Int, Int) in
            var children = document.children
            let kept = children.keptCount
            var seen = 0
            while children.next() != nil { seen += 1 }
            return (kept, seen)
        }
        #expect(counts.map { $0.0 == $0.1 && $0.0 == 6 } ?? false, "\(String(describing: counts))")
    }

    /// Notes with and without raw HTML, in every place the tree keeps it: blocks, inline, in
    /// callouts, tables, lists, quotes, footnotes, link texts and image alts.
    static let htmlPieces: [String] = [
        "<div>\n가\n</div>\n", "<span>a</span>", "<br>", "<!-- c -->", "<img src=\"a.png\">", "`<code>`", "    <pre>\n",
        "> [!note] 제목 <b>x</b>\n> 본문 <i>y</i>\n", "| <b>h</b> | b |\n|---|---|\n| <i>c</i> | d |\n", "- <u>item</u>\n",
        "> <q>quote</q>\n", "[^1]\n\n[^1]: <sup>note</sup>\n", "[<em>link</em>](u)", "![<s>alt</s>](i.png)", "**<b>x</b>**",
        "text", "한국어", "\n", "\n\n", "$x$", "[[a]]", "# 제목\n", "<", ">", "&lt;b&gt;",
    ]

    @Test func rawHTMLOfParsedNotesIsTheWalkedRawHTML() {
        var random = SplitMix(state: 0x5CA1_0006)
        var withHTML = 0, without = 0
        for _ in 0..<3_000 {
            let text = (0..<random.below(8)).map { _ in random.pick(Self.htmlPieces) }.joined()
            var document = MarkdownParser.parse(text, file: "t.md")
            let walked = document.walkedRawHTML
            #expect(document.rawHTML.map { Array($0.utf8) } == walked.map { Array($0.utf8) }, "\(String(reflecting: text))")
            if walked.isEmpty { without += 1 } else { withHTML += 1 }
            let pruned = document.keepingRawHTMLOnly()
            #expect(pruned.rawHTML.map { Array($0.utf8) } == walked.map { Array($0.utf8) }, "\(String(reflecting: text))")
            // Blocks set later are walked, whatever the parser made.
            document.blocks.append(.htmlBlock("<hr>"))
            #expect(document.rawHTML.map { Array($0.utf8) } == (walked + ["<hr>"]).map { Array($0.utf8) })
        }
        #expect(withHTML > 500 && without > 500, "\(withHTML) notes with raw HTML, \(without) without")
    }
}

@testable import Markdown
import Testing
import TestSupport

/// `HTMLRenderer` writes into `HTMLOutput` (bytes gathered, long texts appended as strings) and
/// renders a paragraph in place; it must write exactly what the renderer that appended every
/// piece to a `String` wrote (`ReferenceHTMLRenderer`), for every document and every hook.
@Suite struct HTMLRendererTests {
    static let texts = [
        "plain words", "VAE는 ELBO를 최대화한다.", "a & b < c > d \"q\" 'x'", "\u{0600}", "\u{0600}>", "x\u{0600} y",
        "e\u{301}", "🙂👍🏽", "  spaced  ", "line\\\nbreak", "soft\nbreak", "`code & <b>`", "$x < y$", "<b>bold</b>", "<br>",
        "[link](a.md \"title & 'quote'\")", "[[wiki]]", "[[wiki|라벨]]", "![[embed.md]]", "![[pic.png|20x30]]", "![[doc.pdf]]",
        "![alt *em*](i.png \"t\")", "*em* **strong** ~~del~~", "footnote[^1]", "again[^2]", "<https://example.com/a?b=1&c=2>",
        String(repeating: "긴 한국어 문장입니다 ", count: 6), String(repeating: "long ascii text ", count: 6),
        String(repeating: "한국어 & 특수 <문자> ", count: 5), "\u{0600}\u{0600}", "<span title=\"x\u{0600}\">", "trailing \u{0600}",
        // NFD: Hangul in conjoining jamo, a Latin letter and its mark; long enough to be a long text.
        "\u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}", String(repeating: "\u{1112}\u{1161}\u{11AB}e\u{301} ", count: 8),
        "\r", "끝\r", "\u{212A}elvin", "[^1]", "[^nested]: x[^1]",
    ]
    static let prefixes = ["", "- ", "1. ", "3) ", "> ", "> [!note] Title *x*\n> ", "> [!tip]- \n> ", "> [!warning]+ 제목\n> ",
                           "# ", "## ", "- [ ] ", "- [x] ", "  - ", "[^1]: ", "[^2]: "]

    static func document(_ random: inout SplitMix) -> String {
        var lines: [String] = []
        for _ in 0..<(1 + random.below(12)) {
            switch random.below(12) {
            case 0:
                lines.append("$$\nx^2 & <y>\n$$")
            case 1:
                lines.append("```py extra\ncode & <tags>\r\n```")
            case 2:
                lines.append("<div>\n" + random.pick(texts) + "\r\n</div>")
            case 3:
                lines.append("| a | b & c | 한 |\n|:--|:-:|--:|\n| " + random.pick(texts) + " | x | " + random.pick(texts) + " |")
            case 4:
                lines.append("---")
            default:
                let text = (0..<(1 + random.below(4))).map { _ in random.pick(texts) }.joined(separator: random.chance(30) ? "\n" : " ")
                let math = random.chance(20) ? "\n$$\nz\n$$\n" + random.pick(texts) : ""
                lines.append(random.pick(prefixes) + text + math)
            }
            if random.chance(60) { lines.append("") }
        }
        return lines.joined(separator: random.chance(10) ? "\r\n" : "\n")
    }

    static func hooks(_ variant: Int) -> RenderHooks {
        let link: @Sendable (Int, LinkOccurrence) -> LinkRewrite = { index, _ in
            switch (index + variant) % 5 {
            case 0: return .keep
            case 1: return .href("../a b/&'x.html#f", cssClass: variant % 2 == 0 ? "concept-link" : nil, label: "라벨")
            case 2: return .plainText
            case 3: return .broken(reason: "gone <\"here\">")
            default: return .href("x.html", cssClass: nil, label: nil)
            }
        }
        let embed: @Sendable (Int, LinkOccurrence) -> EmbedRewrite = { index, link in
            switch (index + variant) % 5 {
            case 0: return .html(title: "T & \u{0600}", href: index % 2 == 0 ? "t.html" : nil, body: "<p>body \(link.destination)</p>\n")
            case 1: return .image(src: "i&.png")
            case 2: return .link(href: "d.pdf")
            case 3: return .plainText
            default: return .broken(reason: "no <embed>")
            }
        }
        let math: @Sendable (Int, MathOccurrence) -> String = { index, occurrence in
            variant % 3 == 0 ? HTMLRenderer.escapedTeX(occurrence) : "<math \(index)>" + occurrence.tex + "\u{0600}</math>"
        }
        return RenderHooks(link: link, embed: embed, math: math)
    }

    @Test func sameAsAppendingToAString() {
        var random = SplitMix(state: 0x4854_4D4C)
        for round in 0..<400 {
            let text = Self.document(&random)
            let document = MarkdownParser.parse(text, file: "n.md")
            for variant in 0..<3 {
                let hooks = Self.hooks(variant + round)
                let fast = HTMLRenderer(document: document, hooks: hooks)
                let reference = ReferenceHTMLRenderer(document: document, hooks: hooks)
                // Bytes compared: strings compare canonically equivalent text as equal.
                let expected = Array(reference.render().utf8)
                #expect(Array(fast.render().utf8) == expected, "round \(round): \(text.debugDescription)")
                // The bytes a page takes, never made a string, are the same text.
                #expect(fast.renderUTF8() == expected, "round \(round): \(text.debugDescription)")
                for heading in document.blocks {
                    if case .heading(_, let content, _, _) = heading {
                        #expect(Array(fast.renderInlines(content).utf8) == Array(reference.renderInlines(content).utf8))
                    }
                }
            }
        }
    }

    /// `HTMLOutput.hasSuffix` answers from its bytes where it can: it must answer as the
    /// string of everything written would, after `\r`, marks that join what follows (U+0600),
    /// long texts appended as strings, in ASCII and non-ASCII output alike.
    ///
    /// The same for an output kept as bytes, for `removeSuffix` (as the string's `hasSuffix`
    /// then `removeLast` of as many characters), and for outputs written into one another.
    @Test(arguments: [false, true]) func suffixesAsTheStringAnswers(keptAsBytes: Bool) {
        let pieces = ["\r", "\n", "\r\n", ">", " ", "<p>", "</p>\n", "\u{0600}", "한", "e\u{301}", "a",
                      String(repeating: "한국어 ", count: 20), String(repeating: "ascii ", count: 20), "&",
                      "\u{1112}\u{1161}\u{11AB}", "\u{0600}</p>\n", "\r</p>\n", "p>\n", "/p>\n"]
        let suffixes: [StaticString] = [">", " ", "\n", "</p>\n"]
        var random = SplitMix(state: keptAsBytes ? 0x4259_5445 : 0x5355_4646)
        for _ in 0..<3_000 {
            var output = keptAsBytes ? HTMLOutput(bytesReservingCapacity: 16) : HTMLOutput()
            var string = ""
            for _ in 0..<random.below(8) {
                if random.chance(15) {
                    // A part written apart, then written in (a callout's title, a footnote).
                    var part = HTMLOutput(sameKindAs: output)
                    let piece = random.pick(pieces)
                    part.write(html: piece)
                    part.writeEscaped(piece)
                    output.write(part)
                    string += piece + HTML.escape(piece)
                }
                if random.chance(20) {
                    let suffix = random.pick(suffixes)
                    var reference = string
                    let had = reference.hasSuffix(suffix.description)
                    if had { reference.removeLast(suffix.description.count) }
                    #expect(output.removeSuffix(suffix) == had, "\(string.debugDescription) \(suffix)")
                    string = reference
                }
                let piece = random.pick(pieces)
                switch random.below(3) {
                case 0:
                    output.write(html: piece)
                    string += piece
                case 1:
                    output.writeEscaped(piece)
                    string += HTML.escape(piece)
                default:
                    output.writeEscapedAttribute(piece)
                    string += HTML.escapeAttribute(piece)
                }
                for suffix in suffixes {
                    #expect(output.hasSuffix(suffix) == string.hasSuffix(suffix.description), "\(string.debugDescription) \(suffix)")
                }
            }
            if keptAsBytes {
                #expect(output.bytes == Array(string.utf8))
            } else {
                #expect(Array(output.string.utf8) == Array(string.utf8))
            }
        }
    }
}

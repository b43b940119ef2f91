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
                #expect(Array(fast.render().utf8) == Array(reference.render().utf8), "round \(round): \(text.debugDescription)")
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
    @Test func suffixesAsTheStringAnswers() {
        let pieces = ["\r", "\n", "\r\n", ">", " ", "<p>", "</p>\n", "\u{0600}", "한", "e\u{301}", "a",
                      String(repeating: "한국어 ", count: 20), String(repeating: "ascii ", count: 20), "&"]
        let suffixes: [StaticString] = [">", " ", "\n", "</p>\n"]
        var random = SplitMix(state: 0x5355_4646)
        for _ in 0..<3_000 {
            var output = HTMLOutput()
            var string = ""
            for _ in 0..<random.below(8) {
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
            #expect(Array(output.string.utf8) == Array(string.utf8))
        }
    }
}

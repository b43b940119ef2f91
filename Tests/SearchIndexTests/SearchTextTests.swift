import Foundation
import Markdown
import Testing
@testable import SearchIndex

@Suite struct SearchTextTests {
    func sections(_ markdown: String, skippingFirstBlock: Bool = false, withText: Bool = true) -> [SearchDocument.Section] {
        SearchText.sections(of: MarkdownParser.parse(markdown, file: "n.md"), skippingFirstBlock: skippingFirstBlock,
                            withText: withText, fragment: { "#" + $0 })
    }

    @Test func splitsAtHeadingsWithTheTextAboveTheFirstUntitled() {
        let found = sections("Intro line\nnext line.\n\n## 변분 오토인코더 (VAE)\n\nVAE는 **잠재** 변수 모델이다.\n\n### Loss\n\nELBO를 최대화한다.\n")
        #expect(found == [
            .init(heading: "", fragment: "", text: "Intro line next line."),
            .init(heading: "변분 오토인코더 (VAE)", fragment: "#변분-오토인코더-vae", text: "VAE는 잠재 변수 모델이다."),
            .init(heading: "Loss", fragment: "#loss", text: "ELBO를 최대화한다."),
        ])
    }

    @Test func aNoteStartingWithAHeadingHasNoUntitledSection() {
        #expect(sections("# Title\n\nBody.\n").map(\.heading) == ["Title"])
        #expect(sections("# Title\n\nBody.\n", skippingFirstBlock: true) == [.init(heading: "", fragment: "", text: "Body.")])
        #expect(sections("").isEmpty)
        #expect(sections("---\n").isEmpty)
    }

    @Test func inlineMathReadsAsItsTeXAndDisplayMathIsLeftOut() {
        let found = sections("손실함수 $L = \\frac{\\alpha}{2}$는 작다.\n\n$$\nx^2\n$$\n\n## 확률 $p(x)$\n\nend\n")
        #expect(found[0].text == "손실함수 L = \\frac{\\alpha}{2}는 작다.")
        #expect(sections("a $$x^2$$ b \\[y\\] c\n")[0].text == "a b c")
        #expect(found[1].heading == "확률 p(x)")
    }

    @Test func codeIsTextAndRawHTMLIsNot() {
        let found = sections("Use `torch.nn`.\n\n```python\nimport torch\nx = 1\n```\n\n<div class=\"x\">hidden words</div>\n\na<br>b\n")
        #expect(found[0].text == "Use torch.nn. import torch x = 1 a b")
    }

    @Test func listsTablesQuotesCalloutsAndFootnotesAreText() {
        let markdown = """
        - one
          - two
        1. three

        | 용어 | 뜻 |
        | --- | --- |
        | KL | 발산 |

        > quoted **words**

        > [!tip] Callout title
        > callout body

        Note[^1].

        [^1]: the footnote
        """
        let text = sections(markdown)[0].text
        for piece in ["one two three", "용어 뜻 KL 발산", "quoted words", "Callout title callout body", "Note.", "the footnote"] {
            #expect(text.contains(piece), "\(piece) in \(text)")
        }
    }

    @Test func linksAndWikilinksReadAsTheirText() {
        let found = sections("See [the VAE note](vae.md), [[ELBO|evidence bound]] and [[KL divergence]].\n")
        #expect(found[0].text == "See the VAE note, evidence bound and KL divergence.")
    }

    @Test func headingsInsideQuotesAreTextNotSections() {
        let found = sections("> ## Inside\n> words\n\nafter\n")
        #expect(found.count == 1)
        #expect(found[0].text == "Inside words after")
    }

    @Test func titlesModeKeepsHeadingsWithoutText() {
        let found = sections("Intro.\n\n## A\n\ntext\n\n## B\n", withText: false)
        // Without text, the untitled opening section holds nothing to find.
        #expect(found == [.init(heading: "A", fragment: "#a", text: ""), .init(heading: "B", fragment: "#b", text: "")])
    }

    @Test func whiteSpaceRunsBecomeOneSpace() {
        let found = sections("a\t\tb   c\nd\n\n\n\ne\n")
        #expect(found[0].text == "a b c d e")
    }

    @Test func aHugeNoteIsReadWhole() {
        let paragraph = "The ELBO bounds the evidence from below 증거 하한.\n\n"
        let markdown = String(repeating: paragraph, count: 40_000)
        let found = sections(markdown)
        #expect(found.count == 1)
        #expect(found[0].text.utf8.count == (paragraph.utf8.count - 1) * 40_000 - 1)
    }
}

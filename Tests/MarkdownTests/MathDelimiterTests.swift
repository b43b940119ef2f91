import Testing
@testable import Markdown

/// pandoc's math rules, each case as a user would write it.
@Suite struct MathDelimiterTests {
    func html(_ markdown: String) -> String {
        HTMLRenderer(document: MarkdownParser.parse(markdown, file: "t.md")).render()
    }

    func tex(_ markdown: String) -> [String] {
        MarkdownParser.parse(markdown, file: "t.md").math.map(\.tex)
    }

    @Test func inlineDollar() {
        #expect(html("a $x^2$ b") == "<p>a <span class=\"math inline\">x^2</span> b</p>\n")
    }

    @Test func openingDollarFollowedBySpaceIsNotMath() {
        #expect(tex("a $ x$ b").isEmpty)
    }

    @Test func closingDollarPrecededBySpaceIsNotMath() {
        #expect(tex("a $x $ b").isEmpty)
    }

    @Test func closingDollarFollowedByDigitIsNotMath() {
        #expect(tex("costs $x$5 more").isEmpty)
        #expect(tex("prices $5 and $10").isEmpty)
        #expect(html("prices $5 and $10") == "<p>prices $5 and $10</p>\n")
    }

    @Test func escapedDollarIsLiteral() {
        #expect(tex("a \\$x$ b").isEmpty)
        #expect(html("costs \\$5") == "<p>costs $5</p>\n")
        // An escaped dollar inside math stays in the TeX and does not close it.
        #expect(tex("$a \\$ b$") == ["a \\$ b"])
    }

    @Test func displayMathInsideParagraph() {
        let out = html("before $$E = mc^2$$ after")
        #expect(out == "<p>before</p>\n<div class=\"math display\">E = mc^2</div>\n<p>after</p>\n")
    }

    @Test func displayMathBlockWithListAndPlusLines() {
        let source = """
        $$
        \\begin{aligned}
        a &= b
        - c \\\\
        + d
        \\end{aligned}
        $$
        """
        let doc = MarkdownParser.parse(source, file: "t.md")
        #expect(doc.math.count == 1)
        #expect(doc.math[0].tex == "\n\\begin{aligned}\na &= b\n- c \\\\\n+ d\n\\end{aligned}\n")
        #expect(doc.math[0].display)
        let out = HTMLRenderer(document: doc).render()
        #expect(!out.contains("<ul>"))
        #expect(!out.contains("<li>"))
        #expect(out.hasPrefix("<div class=\"math display\">"))
    }

    @Test func backslashDelimiters() {
        #expect(tex("a \\(x+y\\) b") == ["x+y"])
        let doc = MarkdownParser.parse("\\[\\int_0^1 f\\]", file: "t.md")
        #expect(doc.math.map(\.tex) == ["\\int_0^1 f"])
        #expect(doc.math[0].display)
    }

    @Test func noEmphasisInsideMath() {
        #expect(html("$a_1 * b_2 * c$ and $x_i$ _y_") ==
            "<p><span class=\"math inline\">a_1 * b_2 * c</span> and <span class=\"math inline\">x_i</span> <em>y</em></p>\n")
    }

    @Test func backslashesKept() {
        #expect(tex("$\\frac{\\alpha}{2}\\|W\\|^2_2$") == ["\\frac{\\alpha}{2}\\|W\\|^2_2"])
    }

    @Test func pipeInsideMathDoesNotSplitTableCell() {
        let source = """
        | a | b |
        |---|---|
        | $p(x|z)$ | $\\|x\\|$ |
        """
        let doc = MarkdownParser.parse(source, file: "t.md")
        #expect(doc.math.map(\.tex) == ["p(x|z)", "\\|x\\|"])
        guard case .table(_, let header, let rows)? = doc.blocks.first else {
            Issue.record("no table")
            return
        }
        #expect(header.count == 2)
        #expect(rows.first?.count == 2)
    }

    @Test func koreanGluedToMath() {
        #expect(html("손실함수 $L$는 작다") == "<p>손실함수 <span class=\"math inline\">L</span>는 작다</p>\n")
        #expect(html("**$x$**는") == "<p><strong><span class=\"math inline\">x</span></strong>는</p>\n")
    }

    @Test func nothingInsideCodeIsMath() {
        #expect(tex("`$x$` and ``a $y$ b``").isEmpty)
        #expect(tex("```\n$x$\n```\n").isEmpty)
        #expect(tex("para\n\n    $x$ indented code\n").isEmpty)
        #expect(html("`$x$`") == "<p><code>$x$</code></p>\n")
    }

    @Test func nothingInsideRawHTMLIsMath() {
        #expect(tex("<div title=\"$x$\">\n$y$\n</div>\n").isEmpty)
        #expect(tex("a <span title=\"$x$\">b</span>").isEmpty)
    }

    @Test func mathInLinkDestinationIsNot() {
        #expect(tex("[a](https://x.org/$a$) and https://y.org/$b$").isEmpty)
    }

    @Test func texIsEscapedInOutput() {
        #expect(html("$a < b & c$") == "<p><span class=\"math inline\">a &lt; b &amp; c</span></p>\n")
    }

    @Test func multiLineInlineMathInBlockQuote() {
        let doc = MarkdownParser.parse("> $$\n> a\n> b\n> $$\n", file: "t.md")
        #expect(doc.math.map(\.tex) == ["\na\nb\n"])
        let out = HTMLRenderer(document: doc).render()
        #expect(out == "<blockquote>\n<div class=\"math display\">\na\nb\n</div>\n</blockquote>\n")
    }

    @Test func multiLineInlineMathKeepsFollowingText() {
        let doc = MarkdownParser.parse("값 $a +\nb$는 크다", file: "t.md")
        #expect(doc.math.map(\.tex) == ["a +\nb"])
        #expect(HTMLRenderer(document: doc).render() == "<p>값 <span class=\"math inline\">a +\nb</span>는 크다</p>\n")
    }

    @Test func mathLocationsAreExact() {
        let doc = MarkdownParser.parse("# 제목\n\n손실 $L$ 과 $$x$$", file: "n.md", firstLine: 4)
        #expect(doc.math.map(\.location.description) == ["n.md:6:4", "n.md:6:10"])
    }

    @Test func blankLineEndsMath() {
        #expect(tex("$a\n\nb$").isEmpty)
        #expect(tex("$$a\n\nb$$").isEmpty)
    }

    @Test func unclosedDollarsLinear() {
        // 200,000 openers with no closer: must finish fast (linear scan).
        let text = String(repeating: "$a ", count: 200_000)
        #expect(tex(text).isEmpty)
    }
}

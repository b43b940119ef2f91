import Foundation
@testable import Markdown
import Testing
import TestSupport

/// One cmark parse with guessed code lines (`SinglePass`) must give exactly the document of the
/// two-pass parse, on every note; and it should be the one parse on ordinary notes, or it saves
/// nothing.
@Suite struct SinglePassTests {
    /// Everything a document holds that later phases read, as text.
    static func fingerprint(_ document: MarkdownDocument) -> String {
        DocumentDump.of(document) + HTMLRenderer(document: document).render()
            + document.diagnostics.map { "\($0)" }.joined(separator: "\n")
    }

    /// Parses both ways; records an issue when they differ. Returns whether one parse held.
    @discardableResult
    static func agree(_ text: String, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let guessed = MarkdownParser.parse(text, file: "n.md", strategy: .guessFirst)
        let two = MarkdownParser.parse(text, file: "n.md", strategy: .twoPasses)
        let a = fingerprint(guessed.document), b = fingerprint(two.document)
        if a != b {
            Issue.record("one parse and two differ for \(String(reflecting: text)):\n--- one\n\(a)\n--- two\n\(b)",
                         sourceLocation: sourceLocation)
        }
        return guessed.singlePass
    }

    /// Shapes where a wrong guess or a span that changes the blocks would show.
    static let tricky: [String] = [
        // A `$$` opened before a fence and closed inside it: the fence wins.
        "$$\n```\n$$\n```\n",
        "$a\n```\nb$\n```\n",
        // A code span that would run across a fence.
        "`a $x$\n~~~\nb`\n~~~\n",
        // Math inside code, HTML and comments.
        "```sh\necho $HOME $PATH$\n```\n\ntext $x$\n",
        "    indented $a$ code\n\ntext $b$\n",
        "- item\n\n      indented in item $a$\n\n$c$\n",
        "<div>\n$x$ in html\n</div>\n\n$y$\n",
        "<!-- $a$\ncomment $b$ -->\n$c$\n",
        "<!-- $x --> y$\nnext $z$\n",
        "text\n<div>\n$x$\n</div>\n",
        "<span>\n$x$\n</span>\n\n<br>\n$y$\n",
        "<script>\nlet a = $b$\n</script>\n$c$\n",
        "<pre>\n$x$</pre> $y$\n",
        // Display math whose lines look like blocks.
        "$$\n- a\n+ b\n$$\n",
        "$$\na\n    b\n$$\n",
        "$$\nx\n# not heading\n$$\n",
        "$$\nx\n> q\n$$\n",
        "$$\n1. one\n2) two\n$$\n",
        "$$\na\n===\n$$\n",
        "$$\na\n---\n$$\n",
        "$$\na\n| x | y |\n$$\n",
        "$$\na | b\n|---|---|\n$$\n",
        "$$\n[^1]: foot\n$$\n",
        "$$\n<div>\n$$\n",
        "$$\n```\n$$\n",
        "$$\n~~~\n$$\n",
        // Tables.
        "| $a|b$ | c |\n|---|---|\n| 1 | 2 |\n",
        "| a | b |\n|---|---|\n| $x|y$ | 2 |\n",
        "| a | b |\n|---|---|\n| $x$ | [[W|l]] |\n",
        "$p(x|z)$ and\n|---|---|\n",
        "x | $a$\n--- | ---\n1 | 2\n",
        // Quotes, callouts, lists.
        "> $$\n> a\n> - b\n> $$\n",
        "> $$\n> a\n> b\n> $$\n",
        "> [!note] $T$\n> ```\n> $x$\n> ```\n> $y$\n",
        "- a $x$\n  ```\n  $y$\n  ```\n- b $$\n  c\n  $$\n",
        "1. $$\n   a\n   b\n   $$\n",
        "- ```\n  $a$\n  ```\n",
        "    ```\n    $a$\n    ```\n",
        // Headings and setext.
        "# $$a\n    b$$\n",
        "Title $x$\n===\n\n    code $y$\n",
        "[a]: /url \"$x$\"\n---\n",
        "para $a\nb$\n    c\n",
        // Wikilinks, embeds, escapes, private use.
        "[[Note]] and ![[img.png|300]] `[[code]]`\n```\n[[x]]\n```\n",
        "\\$5 and $10, $$\\$$ \\(a\\) \\[b\\]\n",
        "\u{E000}1\u{E001} and $x$\n```\n\u{E002}\n```\n",
        "",
        "$",
        "```\n",
        "~~~~\n$a$\n~~~\n$b$\n",
        "```\n$a$\n````\n$b$\n",
        "text\n```js\n$a$\n",
    ]

    @Test func trickyShapesAgree() {
        for text in Self.tricky { Self.agree(text) }
    }

    /// Shapes the guess must get right in one parse (else the saving is gone).
    @Test func ordinaryNotesTakeOneParse() {
        let notes = [
            "# VAE\n\n손실함수 $L$는 $$\\mathbb{E}[x]$$ 이다.\n\n```python\nx = 1  # $not math$\n```\n\n- [[ELBO]] 참고\n",
            "> [!tip] 팁\n> $x$\n\n| a | b |\n|---|---|\n| $y$ | 2 |\n\n<details>\n<summary>more</summary>\n\n$z$\n\n</details>\n",
            "$$\n\\begin{aligned}\na &= b \\\\\n c &= d\n\\end{aligned}\n$$\n\n~~~\ncode\n~~~\n",
            "- item $a$\n  ```\n  code\n  ```\n- next [[x]]\n",
        ]
        for note in notes {
            #expect(Self.agree(note), "fell back to two parses: \(String(reflecting: note))")
        }
    }

    @Test func notesOnDiskAgree() {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var folders = [root.appendingPathComponent("content"), root.appendingPathComponent("Tests/Fixtures")]
        if let extra = ProcessInfo.processInfo.environment["NOTEGRAPH_EXTRA_CORPUS"] { folders.append(URL(fileURLWithPath: extra)) }
        var total = 0, single = 0
        for folder in folders {
            for url in LiteralBlockPassTests.notes(under: folder) {
                guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else { continue }
                total += 1
                if Self.agree(text, "\(url.path)") { single += 1 }
            }
        }
        #expect(total > 40)
        // content/ is written like real notes: nearly all of it must take one parse.
        #expect(single * 10 >= total * 9, "\(single) of \(total) notes took one parse")
    }

    /// Notes assembled at random from lines that sit on the edges: fences, display math with
    /// block-like lines, tables with pipes in math, quotes, lists, HTML, indented code.
    @Test func generatedNotesAgree() {
        let pieces = [
            "```", "~~~", "````", "```sh", "    ```", "  ```", "> ```", "- ```",
            "$$", "$$x$$", "$a$", "$a", "b$", "\\[", "\\]", "$$\\frac{a}{b}", "x$$", "$p(x|z)$", "$5 and $6",
            "- a", "+ b", "* c", "1. d", "2) e", "# h", "## $x$ h", "===", "---", "***", "___",
            "| a | b |", "|---|---|", "| $x|y$ | 2 |", "a | b", ":-: | --", "| $q$ | [[W|l]] |",
            "> q $m$", "> $$", "> > deep", ">", "[^1]: foot $f$", "[a]: /u \"$t$\"", "[[Note#H|l]]", "![[img.png]]",
            "<div>", "</div>", "<!-- c $x$", "-->", "<pre>", "</pre>", "<br>", "<span>$s$</span>", "<?php $x ?>", "<!DOCTYPE html>",
            "    indented $i$", "      deeper", "\ttab $t$", "text `code $c$` more", "`open", "close`",
            "plain text with $math$ and [link](a.md) ~~s~~ www.x.org", "한글 $L$는 **$x$**는", "- $$", "  $$", "  a $b$",
            "<custom-tag>", "<span>", "- [ ] $t$", "-x + y", "= z", "#3 $n$", "\\begin{aligned}", "&= a \\\\", "",  "", "",
        ]
        var random = SplitMix(state: 0x51_96_1E)
        var single = 0
        let count = 10000
        for _ in 0..<count {
            let lines = (0..<(1 + random.below(12))).map { _ in random.pick(pieces) }
            let text = lines.joined(separator: "\n") + (random.chance(80) ? "\n" : "")
            if Self.agree(text) { single += 1 }
        }
        // Not a goal, a sanity check that the generator reaches both paths.
        #expect(single > count / 10 && single < count, "\(single) of \(count) took one parse")
    }

    @Test func guessFindsFencesAndHTMLBlocks() {
        func guess(_ text: String) -> [ClosedRange<Int>] {
            Array(text.utf8).withUnsafeBufferPointer(LiteralBlockGuess.lines)
        }
        #expect(guess("a\n```\nb\n```\nc\n") == [2...4])
        #expect(guess("> - ~~~~\n>   x\n>   ~~~~\n") == [1...3])
        #expect(guess("```\nnever closed\n\n") == [1...3])
        #expect(guess("<div>\nx\n\ny\n") == [1...2])
        #expect(guess("<!-- a -->\nb\n") == [1...1])
        #expect(guess("<!--\na\n-->\nb\n") == [1...3])
        #expect(guess("text\n<span>\n") == [])
        #expect(guess("\n<span>\nx\n") == [2...3])
        #expect(guess("```a`b\nnot a fence\n") == [])
    }
}

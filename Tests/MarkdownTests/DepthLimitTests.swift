import Diagnostics
import Foundation
import Markdown
import Testing

/// cmark-gfm's tree is read only `Cmark.maxDepth` (32) levels deep, counting the document:
/// a container deeper than that is dropped and its content joins the nearest kept ancestor, so
/// hostile notes (thousands of `>` or list markers) cannot overflow a worker thread's stack in
/// any later pass. These tests pin exactly what survives at and around that boundary, so that a
/// change in how the tree is walked cannot change a document unnoticed.
@Suite struct DepthLimitTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden").appendingPathComponent("depth-limit.txt")

    /// A note that uses every kind of node the converter knows: headings with links and math,
    /// nested inlines, wikilinks, a continuation line, breaks, inline HTML, a footnote, task
    /// items with a nested ordered list, a table with alignments, a code block holding a
    /// placeholder-looking `$`, an HTML block and a thematic break.
    static let richNote = """
    # Heading with [link](a.md#x) and $m$
    Paragraph with *emph **strong [link](b.md "title") `code $c$`** end* and [[Wiki|label]] text
    continuation line with [second](c.md) and ~~strike~~ ![img](i.png)
    hard break\\
    after <span>html</span> and a footnote[^1] www.example.com

    - [ ] task one
    - [x] task two with [[Other]]
      1. nested ordered `x` and **deep *er [l2](d.md)***

    | h1 | h2 |
    |:---|---:|
    | c1 [l](t.md) | $y$ |

    ```swift
    code $not math$ [[no link]]
    ```

    <div>block html [[w]]</div>

    ---

    [^1]: The footnote with [fl](f.md)
    """

    /// The rich note inside `depth` block quotes: the sweep moves every kind of node across the
    /// boundary, where containers are first kept, then flattened.
    static func quoted(_ text: String, depth: Int) -> String {
        let prefix = String(repeating: "> ", count: depth)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { prefix + $0 }.joined(separator: "\n") + "\n"
    }

    /// Compared with a golden file written by the copy-then-convert parser the limit was
    /// introduced with; regenerate with NOTEGRAPH_UPDATE_GOLDEN=1 only after an intended change.
    @Test func documentsAroundTheLimitAreUnchanged() throws {
        var out = ""
        for depth in [0] + Array(24...33) {
            let document = MarkdownParser.parse(Self.quoted(Self.richNote, depth: depth), file: "d.md")
            out += "=== \(depth) block quotes\n" + DocumentDump.of(document)
        }
        if ProcessInfo.processInfo.environment["NOTEGRAPH_UPDATE_GOLDEN"] != nil {
            try FileManager.default.createDirectory(at: Self.golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try out.write(to: Self.golden, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let got = out.split(separator: "\n", omittingEmptySubsequences: false)
        for (line, (w, g)) in zip(want, got).enumerated() where w != g {
            Issue.record("Golden/depth-limit.txt differs at line \(line + 1):\n  expected: \(w)\n  actual:   \(g)")
            return
        }
        #expect(want.count == got.count)
    }

    /// Runs `body` on a thread with a small stack, as the parallel loaders' workers have, and
    /// waits for it: overflowing that stack crashes the test run.
    static func onSmallStack(_ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            body()
            done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        done.wait()
    }

    /// 200 nested block quotes: quotes 1 to 31 are kept; the 32nd and deeper, the paragraph and
    /// the emphasis, strong and link inside them are dropped, and each text, code span and break
    /// becomes a paragraph of its own in the 31st quote. A dropped link records no occurrence;
    /// wikilinks and math live in the text and are kept.
    @Test func deepBlockQuotesKeepTheirText() {
        let text = String(repeating: "> ", count: 200) + "**bold** [link](x.md) and `code` [[Wiki]] $m$\nsecond line\n"
        Self.onSmallStack {
            let document = MarkdownParser.parse(text, file: "q.md")
            var blocks = document.blocks
            var quotes = 0
            while blocks.count == 1, case .blockQuote(let inner) = blocks[0] {
                quotes += 1
                blocks = inner
            }
            #expect(quotes == 31)
            let paragraphs = blocks.map { block -> String in
                guard case .paragraph(let content) = block else { return "not a paragraph" }
                return DocumentDump.inlines(content)
            }
            #expect(paragraphs == ["text(\"bold\")", "text(\" \")", "text(\"link\")", "text(\" and \")", "code(\"code\")",
                                   "text(\" \") wiki(0) text(\" \") math(0)", "softBreak", "text(\"second line\")"])
            #expect(document.links.map(\.destination) == ["Wiki"])
            #expect(document.math.map(\.tex) == ["m"])
            _ = HTMLRenderer(document: document).render()
        }
    }

    /// 200 nested lists on one line: document, then list and item alternate, so the kept tree
    /// ends with the 16th list (depth 31), whose items were flattened away: a list keeps only
    /// items, so the text under it is dropped with them.
    @Test func deepListsEndInAnEmptyList() {
        let text = String(repeating: "- ", count: 200) + "item *a*\n"
        Self.onSmallStack {
            let document = MarkdownParser.parse(text, file: "l.md")
            var blocks = document.blocks
            var lists = 0
            while blocks.count == 1, case .list(_, let items) = blocks[0] {
                lists += 1
                guard items.count == 1 else {
                    #expect(items.isEmpty)
                    break
                }
                blocks = items[0].blocks
            }
            #expect(lists == 16)
            _ = HTMLRenderer(document: document).render()
        }
    }

    /// Quotes and lists mixed, 10,000 levels: neither the parse nor the rendering may overflow.
    @Test func mixedNestingOnSmallStack() {
        let text = String(repeating: "> 1. ", count: 5_000) + "end [x](y.md)\n"
        Self.onSmallStack {
            let document = MarkdownParser.parse(text, file: "m.md")
            _ = HTMLRenderer(document: document).render()
        }
    }

    /// The same with math and a wikilink, so the first pass (which finds code blocks for the
    /// math scanner) walks the whole deep tree too.
    @Test func mixedNestingWithMathOnSmallStack() {
        let text = String(repeating: "> 1. ", count: 5_000) + "end $x$ [[y]]\n"
        Self.onSmallStack {
            let document = MarkdownParser.parse(text, file: "m.md")
            #expect(document.math.map(\.tex) == ["x"])
            #expect(document.links.map(\.destination) == ["y"])
            _ = HTMLRenderer(document: document).render()
        }
    }
}

/// A line-per-block description of a document and its occurrence tables, for comparing
/// documents in tests: the depth of each block is written as a number, not as indentation.
enum DocumentDump {
    static func of(_ document: MarkdownDocument) -> String {
        var lines: [String] = []
        blocks(document.blocks, level: 1, into: &lines)
        for link in document.links {
            let context = link.context.map { "\($0.before)|\($0.match)|\($0.after)" } ?? "-"
            lines.append("link \(link.kind.rawValue) \(q(link.destination)) #\(link.fragment.map(q) ?? "-") label \(link.label.map(q) ?? "-")"
                + " title \(link.title.map(q) ?? "-") at \(link.location.line):\(link.location.column) context \(q(context))")
        }
        for heading in document.headings {
            lines.append("heading \(heading.level) \(q(heading.text)) id \(q(heading.id)) at \(heading.location.line):\(heading.location.column)")
        }
        for math in document.math {
            lines.append("math \(q(math.tex)) display \(math.display) at \(math.location.line):\(math.location.column)")
        }
        for diagnostic in document.diagnostics {
            lines.append("diagnostic \(diagnostic.code)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func blocks(_ blocks: [Block], level: Int, into lines: inout [String]) {
        for block in blocks {
            let head = "[\(level)] "
            switch block {
            case .paragraph(let content):
                lines.append(head + "paragraph " + inlines(content))
            case .heading(let level2, let content, let id, let line):
                lines.append(head + "h\(level2) \(q(id)) line \(line) " + inlines(content))
            case .blockQuote(let children):
                lines.append(head + "quote")
                Self.blocks(children, level: level + 1, into: &lines)
            case .callout(let callout):
                lines.append(head + "callout \(callout.kind) \(callout.folding) " + inlines(callout.title))
                Self.blocks(callout.blocks, level: level + 1, into: &lines)
            case .list(let info, let items):
                lines.append(head + "list ordered \(info.ordered) start \(info.start) tight \(info.tight) items \(items.count)")
                for item in items {
                    lines.append("[\(level + 1)] item task \(item.task.map { "\($0)" } ?? "-")")
                    Self.blocks(item.blocks, level: level + 2, into: &lines)
                }
            case .codeBlock(let info, let literal):
                lines.append(head + "code \(q(info)) \(q(literal))")
            case .htmlBlock(let html):
                lines.append(head + "html \(q(html))")
            case .thematicBreak:
                lines.append(head + "hr")
            case .table(let alignments, let header, let rows):
                lines.append(head + "table \(alignments) header [\(header.map(inlines).joined(separator: " | "))]")
                for row in rows {
                    lines.append("[\(level + 1)] row [\(row.map(inlines).joined(separator: " | "))]")
                }
            case .footnoteDefinition(let label, let children):
                lines.append(head + "footnote \(q(label))")
                Self.blocks(children, level: level + 1, into: &lines)
            }
        }
    }

    static func inlines(_ content: [Inline]) -> String {
        content.map { inline -> String in
            switch inline {
            case .text(let text): "text(\(q(text)))"
            case .softBreak: "softBreak"
            case .lineBreak: "lineBreak"
            case .code(let code): "code(\(q(code)))"
            case .html(let html): "html(\(q(html)))"
            case .emphasis(let c): "emph(\(inlines(c)))"
            case .strong(let c): "strong(\(inlines(c)))"
            case .strikethrough(let c): "strike(\(inlines(c)))"
            case .link(let index, let c): "link\(index)(\(inlines(c)))"
            case .image(let index, let alt): "image\(index)(\(inlines(alt)))"
            case .wikiLink(let index): "wiki(\(index))"
            case .math(let index): "math(\(index))"
            case .footnoteReference(let label): "fnref(\(q(label)))"
            }
        }.joined(separator: " ")
    }

    /// A string quoted with its newlines visible, so every block stays on one line.
    static func q(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

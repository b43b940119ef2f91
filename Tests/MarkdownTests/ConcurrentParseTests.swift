import Diagnostics
@testable import Markdown
import Testing

/// Notes are parsed on every core at once. cmark-gfm keeps the characters that open an
/// extension's inline syntax (`~` of strikethrough, `www.` and `@` of autolinks) in one table
/// for the whole process, and each parse used to remove them when it finished: another note
/// parsed at that moment lost its strikethrough or links now and then. Thousands of parses side
/// by side must each keep every extension.
@Suite struct ConcurrentParseTests {
    @Test func extensionsHoldWhileOtherNotesFinish() {
        let text = """
        # 노트 $i

        - ~~Adam이면 튜닝 안 해도 된다~~ → 아님
        - see www.example.com and someone@example.com

        | a | b |
        |---|---|
        | 1 | ~~2~~ |
        """
        let pages = Array(0..<4_000).parallelMap { i -> String in
            let document = MarkdownParser.parse(text.replacingOccurrences(of: "$i", with: "\(i)"), file: "n\(i).md")
            return HTMLRenderer(document: document).render()
        }
        var broken = 0
        for page in pages where page.contains("~~") || !page.contains("<del>") || !page.contains("href=\"http://www.example.com\"")
            || !page.contains("mailto:someone@example.com") || !page.contains("<table") {
            broken += 1
        }
        #expect(broken == 0, "\(broken) of \(pages.count) pages lost an extension")
    }

    /// The library's add-and-remove calls reach notegraph, which keeps the table still: this is
    /// what lets notes finish on every core at once. Should a linker stop the executable from
    /// interposing, parsing stays correct (one finish at a time) but this test says so.
    @Test func finishingRunsOnEveryCore() {
        #expect(Cmark.finishesConcurrently)
    }

    /// The block-only first pass (table extension only) runs beside full parses: it must not
    /// take the other extensions' characters away from them, nor be disturbed by them.
    @Test func blockPassesBesideFullParsesKeepEveryExtension() {
        let text = "~~struck~~ and www.example.com\n\n```\ncode\n```\n\n| a |\n|---|\n| ~~1~~ |\n"
        let results = Array(0..<4_000).parallelMap { i -> (lines: [ClosedRange<Int>], page: String) in
            if i % 2 == 0 { return (Cmark.literalBlockLines(Array(text.utf8)), "") }
            return ([], HTMLRenderer(document: MarkdownParser.parse(text, file: "n\(i).md")).render())
        }
        for (i, result) in results.enumerated() {
            if i % 2 == 0 {
                #expect(result.lines == [3...5], "pass \(i)")
            } else {
                #expect(result.page.contains("<del>struck</del>") && result.page.contains("href=\"http://www.example.com\"")
                        && result.page.contains("<td><del>1</del></td>"), "page \(i)")
            }
        }
    }
}

import Diagnostics
import Markdown
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
}

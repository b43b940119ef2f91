import Testing
@testable import Markdown

/// The tree's lists of inlines are made at about their length: the parse trees are what a
/// build holds longest (about 140 MB of a 10,000-note build's peak), and a list of one inline
/// with room for four, as most were, held three unused slots.
@Suite struct InlineCapacityTests {
    @Test func oneInlineListsHoldNoRoomForFour() throws {
        let document = MarkdownParser.parse("Plain text.\n\n*one*\n\n[label](x.md) and **bold**\n", file: "a.md")
        guard case .paragraph(let plain) = document.blocks[0],
              case .paragraph(let emphasised) = document.blocks[1],
              case .emphasis(let inner) = emphasised.first,
              case .paragraph(let mixed) = document.blocks[2],
              case .link(_, let label) = mixed.first else {
            Issue.record("unexpected tree: \(document.blocks)")
            return
        }
        #expect(plain.count == 1 && plain.capacity < 4)
        #expect(emphasised.count == 1 && emphasised.capacity < 4)
        #expect(inner.count == 1 && inner.capacity < 4)
        #expect(label.count == 1 && label.capacity < 4)
        #expect(mixed.count == 3)
    }

    /// Where texts that cmark split are joined, or math and wikilinks expand a text into
    /// several inlines, the lists still hold every inline in order.
    @Test func joinedAndExpandedTextsKeepEveryInline() {
        let document = MarkdownParser.parse("a [b] ![c] $x$ and [[Note]] then $$y$$ end\n", file: "a.md")
        guard case .paragraph(let content) = document.blocks[0] else {
            Issue.record("no paragraph")
            return
        }
        #expect(PlainText.of(content, math: document.math, links: document.links) == "a [b] ![c] x and Note then y end")
    }
}

import Markdown
import Testing

/// `Block.referencesFootnote` decides whether a block rendered alone (a concept's defining
/// paragraph) takes its note's footnotes along; a reference anywhere inside must be seen.
@Suite struct FootnoteReferenceTests {
    /// The blocks of `text` other than footnote definitions, each with whether it refers to one.
    static func answers(_ text: String) -> [Bool] {
        MarkdownParser.parse(text, file: "f.md").blocks.compactMap { block in
            if case .footnoteDefinition = block { return nil }
            return block.referencesFootnote
        }
    }

    @Test func referencesAnywhereInsideAreSeen() {
        let note = """
        # Title[^h]

        Plain paragraph[^a].

        Inside **strong *emphasis*[^a]** and ~~struck[^a]~~.

        A [link text[^a]](https://example.com) here.

        - item one
          - nested item[^a]

        > quoted[^a]

        > [!note] Callout title[^a]
        > body

        | head | cell |
        | ---- | ---- |
        | a | b[^a] |

        [^a]: The footnote.
        [^h]: In the heading.
        """
        #expect(Self.answers(note) == [true, true, true, true, true, true, true, true])
    }

    @Test func blocksWithoutReferencesSayNo() {
        let note = """
        # Title

        Text with [^not-a-note] brackets, `code[^a]`, $x^a$ and [[Wiki]].

        ```
        fenced[^a]
        ```

        - a list
        - [ ] a task

        ---

        <div>raw[^a]</div>

        | h | i |
        | - | - |
        | c | d |

        [^a]: Never referred to outside code.
        """
        #expect(Self.answers(note) == [false, false, false, false, false, false, false])
    }
}

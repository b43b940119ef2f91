import Diagnostics
@testable import Linker
import Markdown
import Testing
import TestSupport

/// The text blocks are numbered three times over: by the extraction (a section is a range of
/// them), by the mention scan (`TextBlocks.append`, since the facts no longer keep the blocks)
/// and by the autolinker. A block counted by one and not by another would shift every section
/// after it, and a mention inside a defining section would count as one, or one outside as none.
@Suite struct TextBlocksTests {
    static func textBlocks(of document: MarkdownDocument) -> [[Inline]] {
        var list: [[Inline]] = []
        TextBlocks.append(document.blocks, to: &list)
        return list
    }

    /// The top-level heading whose text block is the `index`th, with its level and id, or nil
    /// when that block is not a top-level heading: numbered from the blocks before each
    /// top-level block, each listed on its own.
    static func topLevelHeading(at index: Int, in document: MarkdownDocument) -> (level: Int, id: String)? {
        var start = 0
        for block in document.blocks {
            if start == index, case .heading(let level, _, let id, _) = block { return (level, id) }
            var own: [[Inline]] = []
            TextBlocks.append([block], to: &own)
            start += own.count
            if start > index { return nil }
        }
        return nil
    }

    @Test func everyKindOfBlockInDocumentOrder() {
        let text = """
        # Title

        First paragraph.

        > ## Quoted heading
        > Quoted text.

        > [!note] Callout title
        > Callout body.

        > [!tip]
        > Untitled callout body.

        - Item one
          - Nested item
        - ## Listed heading

        | Head A | Head B |
        | --- | --- |
        | Cell 1 | Cell 2 |

        ```
        code is no text block
        ```

        <div>nor is HTML</div>

        ---

        Last paragraph with a note.[^1]

        [^1]: Footnote text.

        """
        let note = parsedNotes([("n.md", text)])[0]
        let document = note.document
        let texts = Self.textBlocks(of: document).map { ConceptExtractor.plainText($0, document: document) }
        #expect(texts == ["Title", "First paragraph.", "Quoted heading", "Quoted text.", "Callout title", "Callout body.",
                          "Untitled callout body.", "Item one", "Nested item", "Listed heading", "Head A", "Head B",
                          "Cell 1", "Cell 2", "Last paragraph with a note.", "Footnote text."])
        #expect(ConceptExtractor.extract(note).blockCount == texts.count)
        #expect(ConceptExtractor.extract(note, namesOnly: true).blockCount == texts.count)
    }

    /// A heading's section runs to the next top-level heading of its level or above, counted in
    /// text blocks; a heading in a quote or a list ends nothing.
    @Test(arguments: 0..<4)
    func sectionsEndAtTheNextHeadingOfTheirLevel(_ seed: Int) {
        let notes = parsedNotes(ExtractorNamesOnlyTests.trickyNotes(UInt64(seed) &+ 0x5EC7)) + parsedNotes(studyVault)
        var sections = 0, ended = 0
        for note in notes {
            let count = Self.textBlocks(of: note.document).count
            for d in ConceptExtractor.extract(note).definitions where d.source == .heading {
                guard let scope = d.scope, let heading = Self.topLevelHeading(at: scope.lowerBound, in: note.document) else {
                    Issue.record("\(note.path.string): a heading section that does not start at a top-level heading")
                    continue
                }
                sections += 1
                var want = count
                for b in (scope.lowerBound + 1)..<max(count, scope.lowerBound + 1) {
                    if let next = Self.topLevelHeading(at: b, in: note.document), next.level <= heading.level {
                        want = b
                        break
                    }
                }
                if want < count { ended += 1 }
                #expect(scope.upperBound == want, "\(note.path.string) \(heading.id)")
            }
        }
        #expect(sections > 40 && ended > 10, "\(sections) sections, \(ended) ended by a heading")
    }

    /// The scan numbers blocks as the extraction does: a name inside its own defining section,
    /// after a quoted heading and a table, is no mention; after the section ends it is one.
    @Test func theScanSeesSectionsWhereTheExtractionPutThem() throws {
        let text = """
        ## Variational Auto Encoder (VAE)

        > ## A quoted aside
        > Still inside: VAE.

        | a | b |
        | --- | --- |
        | VAE | x |

        - VAE in a list, still inside.

        ## Training

        Outside now: the VAE is trained.

        """
        let notes = parsedNotes([("vae.md", text), ("other.md", "# Other\n\nNothing here.\n")])
        let catalog = ConceptCatalog.build(notes: notes)
        let vae = try #require(catalog.concept(named: "VAE"))
        let mention = try #require(catalog.mentions[vae].first { notes[$0.note].path.string == "vae.md" })
        #expect(mention.count == 1)
        #expect(mention.contexts.map { $0.before + $0.match + $0.after } == ["Outside now: the VAE is trained."])
    }
}

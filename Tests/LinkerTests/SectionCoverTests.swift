@testable import Linker
import Testing
import TestSupport

/// `SectionCover` answers, block after block, which concepts' defining sections hold the
/// block; it must give what asking every definition for every block gives (in definition
/// order, each concept once), whatever the nesting, overlaps, gaps and empty ranges.
@Suite struct SectionCoverTests {
    typealias Definition = ConceptCatalog.NoteDefinition

    /// The plain answer: every definition asked.
    static func naive(_ definitions: [Definition], block b: Int) -> [Int] {
        var cover: [Int] = []
        for definition in definitions {
            if let range = definition.blocks, range.contains(b), !cover.contains(definition.concept) {
                cover.append(definition.concept)
            }
        }
        return cover
    }

    static func definition(_ concept: Int, _ blocks: Range<Int>?) -> Definition {
        Definition(concept: concept, anchor: nil, source: .heading, blocks: blocks)
    }

    @Test func nestedSectionsOpenAndClose() {
        // `## VAE` (blocks 0..<10) holds `### ELBO` (3..<6); a note-level title covers all.
        let definitions = [Self.definition(7, 0..<12), Self.definition(1, 0..<10), Self.definition(2, 3..<6),
                           Self.definition(3, nil), Self.definition(4, 5..<5)]
        var cover = SectionCover(definitions)
        var seen: [[Int]] = []
        for b in 0..<13 {
            cover.move(to: b)
            seen.append(cover.concepts)
            #expect(cover.covers(7) == (b < 12))
            #expect(!cover.covers(3) && !cover.covers(4))
        }
        #expect(seen[0] == [7, 1] && seen[3] == [7, 1, 2] && seen[5] == [7, 1, 2] && seen[6] == [7, 1])
        #expect(seen[10] == [7] && seen[12] == [])
    }

    @Test func anOrderNotByStartKeepsDefinitionOrder() {
        // Later definitions starting earlier still come after earlier ones; a concept defined
        // twice around the block is listed once, where it comes first.
        let definitions = [Self.definition(5, 4..<8), Self.definition(6, 0..<9), Self.definition(5, 2..<6)]
        var cover = SectionCover(definitions)
        cover.move(to: 5)
        #expect(cover.concepts == [5, 6])
        cover.move(to: 7)
        #expect(cover.concepts == [5, 6])
        cover.move(to: 8)
        #expect(cover.concepts == [6])
    }

    @Test func agreesWithAskingEveryDefinition() {
        var random = SplitMix(state: 0x5EC7)
        for _ in 0..<400 {
            let blocks = Int.random(in: 0...40, using: &random)
            let definitions = (0..<Int.random(in: 0...25, using: &random)).map { _ -> Definition in
                let concept = Int.random(in: 0..<8, using: &random)
                guard Int.random(in: 0..<6, using: &random) != 0 else { return Self.definition(concept, nil) }
                let start = Int.random(in: 0...max(blocks, 1), using: &random)
                let end = start + Int.random(in: 0...12, using: &random)
                return Self.definition(concept, start..<end)
            }
            var cover = SectionCover(definitions)
            // Blocks asked in order, some skipped, some asked twice, as the autolinker asks.
            var b = 0
            while b <= blocks + 2 {
                cover.move(to: b)
                #expect(cover.concepts == Self.naive(definitions, block: b), "block \(b) of \(definitions)")
                for concept in 0..<8 {
                    #expect(cover.covers(concept) == Self.naive(definitions, block: b).contains(concept))
                }
                if Int.random(in: 0..<4, using: &random) != 0 { b += Int.random(in: 1...3, using: &random) }
            }
        }
    }
}

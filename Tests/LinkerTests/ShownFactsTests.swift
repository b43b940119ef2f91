import Diagnostics
@testable import Linker
import Testing
import TestSupport

/// The facts a concept page shows for one note (`ConceptMerger.shownFacts`): found with a
/// dictionary past a few facts, they are the ones the list search finds.
@Suite struct ShownFactsTests {
    static let sources: [ConceptDefinition.Source] = [.title, .alias, .frontMatter, .heading, .boldTerm, .acronym]

    static func facts(_ rng: inout SplitMix, count: Int, anchors: Int) -> [DefinitionFact] {
        (0..<count).map { i in
            // Anchors that differ only in a suffix, ones equal but for their normalisation (which
            // compare equal), and none.
            let a = rng.below(anchors + 1)
            let anchor: String? = a == anchors ? nil : (a % 3 == 0 ? "same-\(a)" : a % 3 == 1 ? "caf\u{E9}\(a / 3)" : "cafe\u{301}\(a / 3)")
            let scoped = rng.chance(70)
            return DefinitionFact(names: ["Same"], source: rng.pick(Self.sources), anchor: anchor,
                                  scope: scoped ? i..<(i + 1) : nil, excerpt: nil,
                                  location: SourceLocation(file: "n.md", line: i + 1, column: 1))
        }
    }

    static func describe(_ facts: [DefinitionFact]) -> [String] {
        facts.map { "\($0.anchor ?? "-") \($0.source) \($0.location.line) \(String(describing: $0.scope))" }
    }

    @Test func dictionaryFindsWhatTheListFinds() {
        var rng = SplitMix(state: 616)
        for round in 0..<3000 {
            let facts = Self.facts(&rng, count: round % 80, anchors: 1 + rng.below(1 + round % 40))
            for hasSection in [false, true] {
                let list = ConceptMerger.shownFacts(facts, hasSection: hasSection, listLimit: .max)
                let dictionary = ConceptMerger.shownFacts(facts, hasSection: hasSection, listLimit: 0)
                let byDefault = ConceptMerger.shownFacts(facts, hasSection: hasSection)
                #expect(Self.describe(dictionary) == Self.describe(list))
                #expect(Self.describe(byDefault) == Self.describe(list))
            }
        }
    }
}

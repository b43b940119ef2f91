@testable import Linker
import Testing
import TestSupport

/// The matches a scan keeps for the autolinker are the matches found, in order, in an array
/// of their own size (not the room reserved while scanning).
@Suite struct FittedMatchesTests {
    @Test func fittedKeepsEveryMatchInOrder() {
        var random = SplitMix(state: 0x3E17_0003)
        #expect(ConceptCatalog.fitted([]).isEmpty && ConceptCatalog.fitted([]).capacity == 0)
        var reserved: [ConceptCatalog.TextMatch] = []
        reserved.reserveCapacity(64)
        #expect(ConceptCatalog.fitted(reserved).capacity == 0)
        for count in [1, 2, 33, 64, 65, 1_000] {
            var matches: [ConceptCatalog.TextMatch] = []
            matches.reserveCapacity(64)
            for _ in 0..<count {
                matches.append(ConceptCatalog.TextMatch(block: Int32(random.below(50)), start: Int32(random.below(500)),
                                                        end: Int32(random.below(500)), concept: Int32(random.below(90))))
            }
            let fitted = ConceptCatalog.fitted(matches)
            #expect(fitted == matches)
            // Room for no more than the allocator's rounding.
            #expect(fitted.capacity < count + 16, "\(fitted.capacity) for \(count)")
        }
    }
}

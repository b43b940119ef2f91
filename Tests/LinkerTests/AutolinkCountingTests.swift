@testable import Linker
import Testing
import TestSupport

/// The autolinker's byte-level shortcuts against the code they stand in for: the scalar count
/// of a text node (`InlineText.scalarCount`, eight bytes at a time) against the scalars
/// `InlineText.decode` writes, stops included, and its cuts of a node taken as written
/// (`ConceptAutolinker.UTF8Cutter`) against the node's scalars.
@Suite struct AutolinkCountingTests {
    static let pieces: [String] = [
        "plain ascii words that run longer than eight bytes ", "변분 오토인코더", " ", "VAE", "é", "Cafe\u{301}",
        "오토\u{1102}\u{1165}", "\u{3000}", "😀", "漢字", "Ᾰ", "ᄀ", "\u{1E00}", "\u{0300}", "\u{036F}", "\u{0370}", "ñ",
        "T2763", String(repeating: "가", count: 13), "\u{1161}", "x\u{E1}\u{84}", "\u{0100}\u{0140}",
    ]

    @Test(arguments: [true, false]) func countAgreesWithTheDecoding(stoppingIfNotNFC: Bool) {
        var random = SplitMix(state: 0x5CA1_A5)
        for _ in 0..<20_000 {
            let text = (0..<random.below(9)).map { _ in random.pick(Self.pieces) }.joined()
            let fast = text.withUTF8Bytes { InlineText.scalarCount($0, stoppingIfNotNFC: stoppingIfNotNFC) }
            let decoded = text.withUTF8Bytes { bytes in
                withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: max(bytes.count, 1)) {
                    InlineText.decode(bytes, into: $0, stoppingIfNotNFC: stoppingIfNotNFC)
                }
            }
            #expect(fast == decoded, "\(text.debugDescription)")
            if !stoppingIfNotNFC { #expect(fast == text.unicodeScalars.count, "\(text.debugDescription)") }
        }
    }

    @Test func cutsAreTheNodesScalars() {
        var random = SplitMix(state: 0xC07_2)
        var checked = 0
        for _ in 0..<5_000 {
            let text = (0..<(1 + random.below(8))).map { _ in random.pick(Self.pieces) }.joined()
            guard text.withUTF8Bytes({ InlineText.scalarCount($0, stoppingIfNotNFC: true) }) != nil else { continue }
            let scalars = Array(text.unicodeScalars)
            var cuts = (0..<random.below(6)).map { _ in random.below(scalars.count + 1) }
            cuts += [0]
            cuts.sort()
            var cutter = ConceptAutolinker.UTF8Cutter(text: text)
            for k in 1..<cuts.count {
                let range = cuts[k - 1]..<cuts[k]
                let piece = cutter.piece(range)
                let expected = String(String.UnicodeScalarView(scalars[range]))
                #expect(Array(piece.utf8) == Array(expected.utf8), "\(text.debugDescription) \(range)")
                // Made from bytes without a check, the piece is still a String like any other
                // (its ASCII flag, its characters, its equality).
                #expect(piece == expected && piece.count == expected.count && piece.unicodeScalars.count == range.count,
                        "\(text.debugDescription) \(range)")
            }
            let rest = String(String.UnicodeScalarView(scalars[cuts.last!...]))
            #expect(cutter.rest().map { Array($0.utf8) } == (rest.isEmpty ? nil : Array(rest.utf8)), "\(text.debugDescription)")
            checked += 1
        }
        #expect(checked > 1_000)
    }

    /// The cutter on an empty node and on a long one, cut in many places (past several words of
    /// eight bytes at a time between cuts), against the node's scalars.
    @Test func cutsOfEmptyAndLongNodes() {
        var empty = ConceptAutolinker.UTF8Cutter(text: "")
        #expect(empty.piece(0..<0) == "")
        #expect(empty.rest() == nil)

        var random = SplitMix(state: 0x10_96)
        for _ in 0..<50 {
            let text = (0..<(200 + random.below(400))).map { _ in random.pick(Self.pieces) }.joined()
            guard text.withUTF8Bytes({ InlineText.scalarCount($0, stoppingIfNotNFC: true) }) != nil else { continue }
            let scalars = Array(text.unicodeScalars)
            var cuts = (0..<random.below(40)).map { _ in random.below(scalars.count + 1) } + [0]
            cuts.sort()
            var cutter = ConceptAutolinker.UTF8Cutter(text: text)
            for k in 1..<cuts.count {
                let range = cuts[k - 1]..<cuts[k]
                #expect(cutter.piece(range) == String(String.UnicodeScalarView(scalars[range])))
            }
            let rest = String(String.UnicodeScalarView(scalars[cuts.last!...]))
            #expect(cutter.rest() == (rest.isEmpty ? nil : rest))
        }
    }
}

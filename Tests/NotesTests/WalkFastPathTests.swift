import Testing
import Diagnostics
import Foundation
@testable import Notes
import TestSupport

/// The walk's string work (`VaultLoader.inByteOrder`, `concatenate`, `String.sameBytes`) and
/// `NotePath`'s byte loops, each compared with the general operation it stands for on generated
/// names: prefixes of one another, sixteen-byte prefixes in common, Korean, NFD, NUL bytes.
@Suite struct WalkFastPathTests {
    static let pieces = ["a", "b", "B", "-", ".", "_", "/", "0", "9", "노", "트", "é", "e\u{301}", "\u{0}", " ", "~", "\u{7F}", "😀",
                         "note-0", "abcdefgh", "노트-0123"]

    static func name(_ rng: inout SplitMix) -> String {
        (0..<rng.below(12)).map { _ in rng.pick(pieces) }.joined()
    }

    /// Distinct byte strings, as a folder's names are.
    static func names(_ rng: inout SplitMix, count: Int) -> [String] {
        var seen = Set<[UInt8]>(), names: [String] = []
        for _ in 0..<count {
            let name = Self.name(&rng)
            if seen.insert(Array(name.utf8)).inserted { names.append(name) }
        }
        return names
    }

    @Test func byteOrderIsBytesPrecede() {
        var rng = SplitMix(state: 16)
        for round in 0..<40 {
            var names = Self.names(&rng, count: 1 + rng.below(300))
            // Long names sharing their first sixteen bytes and more.
            if round % 2 == 0 { names += ["abcdefghabcdefgh", "abcdefghabcdefgh0", "abcdefghabcdefgh/", "abcdefghabcdefg", "abcdefghabcdefgh\u{0}"] }
            let entries = names.shuffled(using: &rng).map { (name: $0, type: rng.below(3)) }
            let fast = VaultLoader.inByteOrder(entries)
            let general = entries.sorted { String.bytesPrecede($0.name, $1.name) }
            #expect(fast.map { Array($0.name.utf8) } == general.map { Array($0.name.utf8) })
            #expect(fast.map(\.type) == general.map(\.type))
            #expect(general.map { Array($0.name.utf8) } == entries.map { Array($0.name.utf8) }.sorted { $0.lexicographicallyPrecedes($1) })
        }
    }

    @Test func concatenateAndSameBytesAreTheGeneralOnes() {
        var rng = SplitMix(state: 3)
        for _ in 0..<2_000 {
            let a = Self.name(&rng), b = Self.name(&rng)
            #expect(Array(VaultLoader.concatenate(a, b).utf8) == Array((a + b).utf8))
            #expect(String.sameBytes(a, b) == a.utf8.elementsEqual(b.utf8))
            #expect(String.sameBytes(a, a))
            let nfc = a.nfc
            #expect(String.sameBytes(a, nfc) == a.utf8.elementsEqual(nfc.utf8))
        }
        #expect(!String.sameBytes("caf\u{E9}", "cafe\u{301}"))
    }

    /// The previous `isClean`, over the `utf8` view.
    static func referenceIsClean(_ path: String) -> Bool {
        var segmentStart = 0, dots = 0, index = 0
        for byte in path.utf8 {
            if byte == 0x2F {
                let length = index - segmentStart
                if length == 0 || dots == length && length <= 2 { return false }
                segmentStart = index + 1
                dots = 0
            } else if byte == 0x2E {
                dots += 1
            }
            index += 1
        }
        let length = index - segmentStart
        return !(length == 0 && index > 0) && !(dots == length && length > 0 && length <= 2)
    }

    @Test func isCleanAndOrderAreTheGeneralOnes() {
        var rng = SplitMix(state: 11)
        var paths = ["", ".", "..", "/", "a/", "/a", "a//b", "a/./b", "a/../b", "...", "a/...", ".a/b.", "노트/..", "x/..y"]
        paths += (0..<3_000).map { _ in Self.name(&rng) }
        for path in paths {
            #expect(NotePath.isClean(path) == Self.referenceIsClean(path), "\(path.debugDescription)")
        }
        let notePaths = paths.compactMap { NotePath(normalizing: $0) }
        for _ in 0..<3_000 {
            let a = rng.pick(notePaths), b = rng.pick(notePaths)
            #expect((a < b) == a.string.utf8.lexicographicallyPrecedes(b.string.utf8))
        }
    }
}

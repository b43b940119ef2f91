import Diagnostics
@testable import Linker
import Testing
import TestSupport

/// "Did you mean …?" suggestions, shared by the linker's warnings and `notegraph check`.
@Suite struct NearestTests {
    @Test func nearestNames() {
        let nearest = Nearest(["ELBO", "VAE", "변분 오토인코더", "Kullback-Leibler Divergence", "note-00003"])
        #expect(nearest.nearest(to: "ELBOO") == "ELBO")
        #expect(nearest.nearest(to: "elbo") == "ELBO")
        #expect(nearest.nearest(to: "vaee") == "VAE")
        #expect(nearest.nearest(to: "vea") == nil)  // a transposition is two edits; three letters allow one
        #expect(nearest.nearest(to: "변분 오토인코다") == "변분 오토인코더")
        #expect(nearest.nearest(to: "Kullback Leibler Divergence") == "Kullback-Leibler Divergence")
        #expect(nearest.nearest(to: "T3359") == nil)
        #expect(nearest.nearest(to: "") == nil)
        #expect(Nearest.distance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars), limit: 5) == 3)
        #expect(Nearest.distance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars), limit: 2) == 3)
        #expect(Nearest.distance(Array("".unicodeScalars), Array("ab".unicodeScalars), limit: 5) == 2)
    }

    /// The filters only skip names that cannot be near enough: on names that are all alike (the
    /// case that lets the most through), the answer is the plain search's, a full Levenshtein
    /// over every name with the same budget and tie rule.
    @Test func sameAnswerAsMeasuringEveryName() {
        var rng = SplitMix(state: 42)
        let pieces = ["Topic", "Number", "Method", "note", "주제", "방법", "ELBO", "VAE", "KL", " ", "-", "1", "2", "3", "4", "9", "8", "é", "e\u{301}"]
        func name(_ parts: Int) -> String {
            (0..<parts).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
        }
        let names = (0..<400).map { _ in name(1 + Int(rng.next() % 7)) }
        let nearest = Nearest(names)
        func key(_ s: String) -> [Unicode.Scalar] { Array(s.nfc.lowercased().unicodeScalars) }
        var answered = 0
        for _ in 0..<300 {
            var wanted = names[Int(rng.next() % UInt64(names.count))]
            // A few edits: some within the budget, some beyond.
            for _ in 0..<Int(rng.next() % 5) {
                var scalars = Array(wanted.unicodeScalars)
                let at = scalars.isEmpty ? 0 : Int(rng.next() % UInt64(scalars.count))
                switch rng.next() % 3 {
                case 0: scalars.insert("x", at: at)
                case 1: if !scalars.isEmpty { scalars.remove(at: at) }
                default: if !scalars.isEmpty { scalars[at] = "q" }
                }
                wanted = String(String.UnicodeScalarView(scalars))
            }
            let wantedKey = key(wanted)
            var expected: (distance: Int, name: String)?
            if !wantedKey.isEmpty {
                let limit = max(1, wantedKey.count / 3)
                // Distinct by bytes: Swift's `==` would take an NFD name for its NFC twin.
                var seen = Set<[UInt8]>()
                for candidate in names where !candidate.isEmpty && seen.insert(Array(candidate.utf8)).inserted {
                    let d = Nearest.distance(wantedKey, key(candidate), limit: 1_000)
                    guard d <= limit else { continue }
                    if let e = expected, e.distance < d || (e.distance == d && !candidate.utf8.lexicographicallyPrecedes(e.name.utf8)) { continue }
                    expected = (d, candidate)
                }
            }
            #expect(nearest.nearest(to: wanted) == expected?.name, "\(wanted)")
            if expected != nil { answered += 1 }
        }
        #expect(answered > 100, "the test must exercise near names")
    }
}

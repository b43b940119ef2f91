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

    /// Many names at once (`notegraph check`'s broken wikilinks) get what one index gives each:
    /// over several parts (so the parts' answers are merged), with duplicates, NFD twins,
    /// non-ASCII names and names too short or long for any budget.
    @Test func manyNamesAtOnceAnswerAsOneIndex() {
        var rng = SplitMix(state: 7)
        let pieces = ["Topic", "Number", "note", "주제", "방법", "ELBO", "KL", " ", "-", "1", "2", "3", "é", "e\u{301}", "İ", "ß"]
        func name(_ parts: Int) -> String { (0..<parts).map { _ in rng.pick(pieces) }.joined() }
        var names = (0..<5_000).map { _ in name(1 + rng.below(8)) }
        names += names.prefix(300)                        // duplicates, in other parts
        names += ["", "x", String(repeating: "long name ", count: 20)]
        var wanted = (0..<120).map { _ -> String in
            var scalars = Array(rng.pick(names).unicodeScalars)
            for _ in 0..<rng.below(4) where !scalars.isEmpty {
                let at = rng.below(scalars.count)
                if rng.chance(50) { scalars[at] = "q" } else { scalars.remove(at: at) }
            }
            return String(String.UnicodeScalarView(scalars))
        }
        wanted += ["", "T", "note1", "NOTE1", "e\u{301}1"]
        let index = Nearest(names)
        let expected = wanted.map { index.nearest(to: $0) }
        #expect(Nearest.nearest(to: wanted, among: names) == expected)
        #expect(expected.compactMap { $0 }.count > 60, "the test must exercise near names")
        // Parts of any size, some empty, in any order of names.
        let shuffled = names.shuffled(using: &rng)
        let cuts = [0, 1, 1, 700, 2_049, 4_100, shuffled.count]
        let parts = Nearest.nearest(to: wanted, parts: cuts.count - 1) { k in shuffled[cuts[k]..<cuts[k + 1]] }
        #expect(parts == expected)
        #expect(Nearest.nearest(to: wanted, among: []) == wanted.map { _ in nil })
        #expect(Nearest.nearest(to: [], among: names) == [])
    }

    /// Many candidates at the same distance, in every order and part: the smallest in byte
    /// order wins, as with one index. Repeated letters exercise the counts held at two.
    @Test func tiesAnswerAsOneIndex() {
        var rng = SplitMix(state: 23)
        let words = ["aab", "abba", "concept", "no such concept 12", "노트-0042", "e\u{301}te\u{301}", "ÉTÉ", "mississippi", "zzzz"]
        var names: [String] = []
        for word in words {
            let scalars = Array(word.unicodeScalars)
            for at in scalars.indices {
                for replacement in ["a", "b", "s", "Z", "노", "\u{301}", "é"] as [Unicode.Scalar] {
                    var changed = scalars
                    changed[at] = replacement
                    names.append(String(String.UnicodeScalarView(changed)))
                    var longer = scalars
                    longer.insert(replacement, at: at)
                    names.append(String(String.UnicodeScalarView(longer)))
                }
            }
        }
        let wanted = words + words.map { $0.uppercased() } + ["aaab", "abab", "ississippi", "zz", "노트-42"]
        let expected = wanted.map { Nearest(names).nearest(to: $0) }
        #expect(expected.compactMap { $0 }.count >= words.count)
        for round in 0..<5 {
            let shuffled = names.shuffled(using: &rng)
            let cut = rng.below(shuffled.count)
            let parts = [shuffled[..<cut], shuffled[cut...]]
            #expect(Nearest.nearest(to: wanted, parts: 2) { parts[$0] } == expected, "round \(round)")
        }
    }

    /// The bag distance is the larger surplus of either side, including counts held at 255.
    @Test func bagDistanceIsTheLargerSurplus() {
        var rng = SplitMix(state: 11)
        for round in 0..<2_000 {
            let top = round % 2 == 0 ? 4 : 256
            let a = (0..<32).map { _ in UInt8(rng.below(top)) }
            let b = (0..<64).map { _ in UInt8(rng.below(top)) }
            let start = rng.below(2) * 32
            var surplusA = 0, surplusB = 0
            for k in 0..<32 {
                let d = Int(a[k]) - Int(b[start + k])
                if d > 0 { surplusA += d } else { surplusB -= d }
            }
            let measured = a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { Nearest.bagDistance(a, $0, from: start) } }
            #expect(measured == max(surplusA, surplusB))
        }
    }
}

/// The grouped search (`Nearest.Keys`): broken names that are alike share a pivot, and the
/// pivot's bounds stand in for each key's; the answers must be those of measuring every name.
@Suite struct NearestGroupTests {
    /// Plain Levenshtein over the keys, every distinct name (by bytes) measured, with the same
    /// budget and tie rule: the reference the search must agree with.
    static func reference(_ wanted: String, _ names: [String]) -> String? {
        reference(wanted, Candidates(names))
    }

    /// The distinct names (by bytes; Swift's `==` would take an NFD name for its NFC twin)
    /// with their keys, made once for many references.
    struct Candidates {
        var names: [(name: String, key: [Unicode.Scalar])] = []
        init(_ all: [String]) {
            var seen = Set<[UInt8]>()
            for name in all where !name.isEmpty && seen.insert(Array(name.utf8)).inserted {
                names.append((name, NearestGroupTests.key(name)))
            }
        }
    }

    static func key(_ s: String) -> [Unicode.Scalar] { Array(s.nfc.lowercased().unicodeScalars) }

    static func reference(_ wanted: String, _ candidates: Candidates) -> String? {
        let wantedKey = key(wanted)
        guard !wantedKey.isEmpty else { return nil }
        let limit = max(1, wantedKey.count / 3)
        var best: (distance: Int, name: String)?
        for (candidate, candidateKey) in candidates.names {
            // Each length difference costs an edit.
            guard abs(candidateKey.count - wantedKey.count) <= limit else { continue }
            let d = Nearest.distance(wantedKey, candidateKey, limit: 1_000)
            guard d <= limit else { continue }
            if let b = best, b.distance < d || (b.distance == d && !candidate.utf8.lexicographicallyPrecedes(b.name.utf8)) { continue }
            best = (d, candidate)
        }
        return best?.name
    }

    /// Broken names that differ in a number (as a generated vault's do), against names that
    /// are near some of them, in upper and lower case, with NFD twins, Hangul and long runs of
    /// one letter (counts held at 255).
    @Test func alikeBrokenNamesAnswerAsMeasuringEveryName() {
        var rng = SplitMix(state: 99)
        var wanted = (0..<60).map { _ in "No Such Concept \(rng.below(2_000))" }
        wanted += (0..<12).map { _ in "no-such-note-\(rng.below(2_000)).md" }
        wanted += ["노트 없음 \(rng.below(99))", "Cafe\u{301} \(rng.below(99))", String(repeating: "a", count: 280),
                   String(repeating: "ab", count: 140), "No Such Concept", "NO SUCH CONCEPT 12", ""]
        var names: [String] = []
        for _ in 0..<1_000 {
            let n = rng.below(2_000)
            switch rng.below(8) {
            case 0: names.append("No Such Concept \(n)")
            case 1: names.append("no such concept \(n)x")
            case 2: names.append("Concept \(n)")
            case 3: names.append("no-such-note-\(n).md")
            case 4: names.append("note-\(String(repeating: "0", count: rng.below(4)))\(n).md")
            case 5: names.append("노트 \(n)")
            case 6: names.append("Café \(n)")
            default: names.append("No Such Concep\(n)t")
            }
        }
        names += (0..<30).map { _ in String(repeating: rng.chance(50) ? "a" : "A", count: 250 + rng.below(60)) }
        // Names of the broken names' lengths and far from them, which the pivot's bag distance
        // dismisses for a whole group at once (`Group.bagReach`).
        names += (0..<300).map { _ in "Topic Number \(rng.below(2_000)) Method" }
        names += ["No Such Concept 12", "no such concept 12", "NO SUCH CONCEPT 12", "No Such Concept 1"]
        let candidates = Candidates(names)
        let expected = wanted.map { Self.reference($0, candidates) }
        #expect(expected.compactMap { $0 }.count > 20, "the test must exercise near names")
        #expect(Nearest.nearest(to: wanted, among: names) == expected)
        let shuffled = names.shuffled(using: &rng)
        let cut = rng.below(shuffled.count)
        #expect(Nearest.nearest(to: wanted, parts: 2) { [shuffled[..<cut], shuffled[cut...]][$0] } == expected)
        // The alike names did share pivots.
        let keys = Nearest.Keys(wanted.map(Nearest.key))
        #expect(keys.groups.count < wanted.count / 2)
    }

    /// A key's offsets are its bounds against its pivot, within the radius, and the group's
    /// lengths, reach and bag reach cover every member (and are reached by one).
    @Test func offsetsAreTheBoundsAgainstThePivot() {
        var rng = SplitMix(state: 5)
        let pieces = ["a", "b", "ab", "1", "2", "노", "é", "e\u{301}", " ", "Z"]
        let wanted = (0..<400).map { _ in (0..<rng.below(12)).map { _ in rng.pick(pieces) }.joined() }
        let keys = Nearest.Keys(wanted.map(Nearest.key))
        var grouped = 0
        for group in keys.groups {
            let pivot = keys.keys[group.pivot]
            #expect(group.members.first == group.pivot)
            for k in group.members {
                let key = keys.keys[k]
                let bag = keys.histograms.withUnsafeBufferPointer { all in
                    Nearest.bagDistance(UnsafeBufferPointer(rebasing: all[(k * 32)..<(k * 32 + 32)]), all, from: group.pivot * 32)
                }
                #expect(key.bagOffset == bag && bag <= Nearest.Keys.radius)
                #expect(key.missingOffset == Nearest.missing(pivot.signature, pivot.repeats, key.signature, key.repeats))
                #expect(key.missingOffset <= Nearest.Keys.radius)
                #expect(group.shortest <= key.count - key.limit && key.count + key.limit <= group.longest)
                #expect(key.limit + key.missingOffset <= group.reach)
                #expect(key.limit + key.bagOffset <= group.bagReach)
                if k != group.pivot { grouped += 1 }
            }
        }
        for group in keys.groups {
            #expect(group.members.map { keys.keys[$0].limit + keys.keys[$0].bagOffset }.max() == group.bagReach)
        }
        #expect(keys.groups.reduce(0) { $0 + $1.members.count } == wanted.filter { !Nearest.key($0).isEmpty }.count)
        #expect(grouped > 100)
    }

    /// Keys of names made of ASCII, Hangul syllables and CJK ideographs are read from the
    /// bytes; every key must be the general one (NFC, lowercased), for those names and others.
    @Test func plainKeysAreGeneralKeys() {
        var rng = SplitMix(state: 21)
        let pieces = ["a", "Z", " ", "-", "노트", "가", "漢字", "\u{3400}", "\u{11A8}", "\u{1100}\u{1161}", "é", "e\u{301}", "İ",
                      "Σ", "ß", "🧠", "\u{AC00}\u{11A8}", "\u{D7A3}", "\u{9FFF}", "\u{4DBF}"]
        for _ in 0..<3_000 {
            let name = (0..<rng.below(6)).map { _ in rng.pick(pieces) }.joined()
            #expect(Nearest.key(name) == name.nfc.lowercased().unicodeScalars.map(\.value), "\(name.debugDescription)")
        }
    }

    @Test func bitCountsAreTheSumOfPopulationCounts() {
        var rng = SplitMix(state: 3)
        for round in 0..<5_000 {
            let a = round == 0 ? UInt64.max : rng.next() & rng.next(), b = round == 0 ? UInt64.max : rng.next()
            #expect(Nearest.bitCount(a, b) == a.nonzeroBitCount + b.nonzeroBitCount)
        }
        #expect(Nearest.bitCount(0, 0) == 0)
        #expect(Nearest.missing(0b1011, 0b1, 0b0110, 0) == 3)
    }
}

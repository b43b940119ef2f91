/// "Did you mean …?": the candidate nearest to a broken name by edit distance, when it is near
/// enough to be the name the author meant (about one edit in three characters).
///
/// Built once per vault. Candidates are grouped by length, so a lookup only measures names whose
/// length is within the budget; a bit signature of each name's characters dismisses most of those
/// without measuring; and the measurement is a banded Levenshtein over one flat scalar buffer
/// that gives up as soon as the budget is exceeded. Hundreds of broken links against tens of
/// thousands of names stay fast.
public struct Nearest: Sendable {
    private struct Candidate: Sendable {
        var name: Int
        var start: Int
        var count: Int
        var signature: UInt64
    }

    private var names: [String] = []
    private var scalars: [UInt32] = []
    /// 32 character-class counts per candidate, by candidate number (`name`).
    private var histograms: [UInt8] = []
    /// Candidates by length of their comparison key (the index).
    private var byLength: [[Candidate]] = []

    /// How the keys of the names are made: in chunks on every core, or one by one on the
    /// calling thread (when the caller already runs on every core).
    enum Measuring { case inParallel, oneByOne }

    public init(_ candidates: some Sequence<String>) {
        self.init(candidates, measuring: .inParallel)
    }

    /// The keys of a run of names, written one after another into flat buffers (no array per
    /// name), with what the index needs of each name.
    private struct Measured: Sendable {
        var scalars: [UInt32] = []
        var histograms: [UInt8] = []
        /// Per name: where its key starts in `scalars`, its length, signature and byte hash.
        var entries: [(start: Int, count: Int, signature: UInt64, hash: Int)] = []

        init(_ names: ArraySlice<String>) {
            entries.reserveCapacity(names.count)
            histograms.reserveCapacity(names.count * 32)
            for name in names {
                let start = scalars.count
                Nearest.appendKey(of: name, to: &scalars)
                let count = scalars.count - start
                let histogramStart = histograms.count
                histograms += repeatElement(0, count: 32)
                var signature: UInt64 = 0
                for k in start..<scalars.count {
                    let scalar = scalars[k]
                    signature |= 1 << UInt64(scalar % 64)
                    if histograms[histogramStart + Int(scalar % 32)] < 255 { histograms[histogramStart + Int(scalar % 32)] += 1 }
                }
                var hasher = Hasher()
                name.withUTF8Bytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
                entries.append((start, count, signature, hasher.finalize()))
            }
        }
    }

    /// A name compared by its bytes, with its hash made beforehand (on every core).
    private struct ByteName: Hashable {
        let hash: Int
        let name: String
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
        static func == (a: ByteName, b: ByteName) -> Bool {
            a.hash == b.hash && a.name.withUTF8Bytes { x in b.name.withUTF8Bytes { y in x.elementsEqual(y) } }
        }
    }

    init(_ candidates: some Sequence<String>, measuring: Measuring) {
        let all = candidates.filter { !$0.isEmpty }
        // Keys, signatures, counts and byte hashes, in chunks on every core: a vault's
        // wikilink names are tens of thousands, and the checker waited for them on one core.
        let chunkSize = 4096
        let chunks = stride(from: 0, to: all.count, by: chunkSize).map { all[$0..<min($0 + chunkSize, all.count)] }
        let measured = measuring == .inParallel ? chunks.parallelMap(Measured.init) : chunks.map(Measured.init)
        // Each name once, by its bytes: Swift's `==` would take an NFD name for its NFC twin,
        // and the two can differ in which one a tie prefers.
        var seen = Set<ByteName>(minimumCapacity: all.count)
        names.reserveCapacity(all.count)
        histograms.reserveCapacity(all.count * 32)
        var position = 0
        for part in measured {
            for (k, entry) in part.entries.enumerated() {
                defer { position += 1 }
                guard seen.insert(ByteName(hash: entry.hash, name: all[position])).inserted else { continue }
                if byLength.count <= entry.count { byLength += Array(repeating: [], count: entry.count + 1 - byLength.count) }
                byLength[entry.count].append(Candidate(name: names.count, start: scalars.count, count: entry.count,
                                                       signature: entry.signature))
                histograms += part.histograms[(k * 32)..<(k * 32 + 32)]
                names.append(all[position])
                scalars += part.scalars[entry.start..<(entry.start + entry.count)]
            }
        }
    }

    /// Compared case-insensitively in NFC, so `elbo` finds `ELBO` and an NFD name its NFC twin.
    static func key(_ name: String) -> [UInt32] {
        var key: [UInt32] = []
        appendKey(of: name, to: &key)
        return key
    }

    private static func appendKey(of name: String, to key: inout [UInt32]) {
        // Most names are ASCII (stems, abbreviations): no normalisation to do.
        if name.isASCIIOnly {
            // Written in place: appending byte by byte checked capacity and uniqueness each time.
            name.withUTF8Bytes { bytes in
                let start = key.count
                key.append(contentsOf: repeatElement(0, count: bytes.count))
                key.withUnsafeMutableBufferPointer { key in
                    for (k, b) in bytes.enumerated() { key[start + k] = UInt32(b &- 0x41 < 26 ? b | 0x20 : b) }
                }
            }
        } else if !appendPlainKey(of: name, to: &key) {
            for scalar in name.nfc.lowercased().unicodeScalars { key.append(scalar.value) }
        }
    }

    /// The key of a name made of ASCII, Hangul syllables and CJK ideographs (the names of a
    /// Korean vault), read from its bytes: NFC changes none of those characters whatever
    /// surrounds them (a trailing jamo after a syllable is not one of them), and only A–Z have
    /// a lower case. False, with `key` as it was, for any other name.
    private static func appendPlainKey(of name: String, to key: inout [UInt32]) -> Bool {
        let start = key.count
        let plain = name.withUTF8Bytes { bytes -> Bool in
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x80 {
                    key.append(UInt32(byte &- 0x41 < 26 ? byte | 0x20 : byte))
                    i += 1
                    continue
                }
                guard byte & 0xF0 == 0xE0, i + 2 < bytes.count else { return false }
                let value = UTF8Text.threeByteScalar(bytes, at: i)
                guard UTF8Text.isHangulOrHan(value) else { return false }
                key.append(value)
                i += 3
            }
            return true
        }
        if !plain { key.removeSubrange(start...) }
        return plain
    }

    /// One bit per character class (scalar value modulo 64). Each class one string has and the
    /// other lacks costs at least one edit, so the classes missing on either side bound the
    /// distance from below.
    private static func signature(_ key: [UInt32]) -> UInt64 {
        key.reduce(0) { $0 | (1 << UInt64($1 % 64)) }
    }

    /// Character counts by class (scalar value modulo 32, at most 255). The surplus of either side
    /// over the other (the bag distance) is a tighter lower bound on the edit distance.
    private static func histogram(_ key: [UInt32]) -> [UInt8] {
        var counts = [UInt8](repeating: 0, count: 32)
        for scalar in key where counts[Int(scalar % 32)] < 255 { counts[Int(scalar % 32)] += 1 }
        return counts
    }

    /// The larger surplus, as `(|a − b|₁ + |Σa − Σb|) / 2`: the two surpluses sum to the first
    /// term and differ by the second. Written without branches or overflow checks so that it
    /// compiles to a few vector instructions; it runs for most candidates of every lookup.
    static func bagDistance(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var absolute: Int32 = 0, difference: Int32 = 0
        for k in 0..<32 {
            let d = Int32(truncatingIfNeeded: a[k]) &- Int32(truncatingIfNeeded: b[start &+ k])
            difference &+= d
            absolute &+= d < 0 ? 0 &- d : d
        }
        return Int((absolute &+ (difference < 0 ? 0 &- difference : difference)) / 2)
    }

    /// The nearest name within the budget; ties go to the smaller name in byte order, so the
    /// answer never depends on the order names were added in.
    public func nearest(to name: String) -> String? {
        match(Nearest.key(name))?.name
    }

    /// The nearest name to each of `names` among `candidates`: what
    /// `Nearest(candidates).nearest(to:)` answers for each, for a few names (the broken links of
    /// a check) against many candidates (every name of a vault).
    ///
    /// Nothing is kept, so nothing is indexed: each candidate's key is made once, into a
    /// reused buffer, and measured against every name at once (`Search`). A candidate whose
    /// key is shorter or longer than every name's budget allows is skipped before its key is
    /// made (for ASCII, the key has as many characters as the name has bytes). The candidates
    /// are searched in chunks on every core; each chunk's nearest is the nearest of that chunk
    /// by the same rule (distance, then byte order), so the nearest of the chunks' answers is
    /// the answer over all of them.
    public static func nearest(to names: [String], among candidates: [String]) -> [String?] {
        let chunkSize = 2048
        return nearest(to: names, parts: (candidates.count + chunkSize - 1) / chunkSize) { k in
            candidates[(k * chunkSize)..<min((k + 1) * chunkSize, candidates.count)]
        }
    }

    /// `nearest(to:among:)` over candidates made in `parts` parts, part `k` by `part(k)`, so
    /// that making them (names of a range of notes, say) is spread over the cores too.
    public static func nearest(to names: [String], parts: Int, _ part: @Sendable (Int) -> ArraySlice<String>) -> [String?] {
        let keys = Keys(names.map(Nearest.key))
        var reached: [Bool] = []
        for (count, limit) in zip(keys.counts, keys.limits) where count > 0 {
            if reached.count <= count + limit { reached += Array(repeating: false, count: count + limit + 1 - reached.count) }
            for length in max(1, count - limit)...(count + limit) { reached[length] = true }
        }
        guard !reached.isEmpty, parts > 0 else { return names.map { _ in nil } }
        let lengths = reached
        let answers = Array(0..<parts).parallelMap { k -> [(distance: Int, name: String)?] in
            var search = Search(keys)
            for name in part(k) where !name.isEmpty {
                let isASCII = name.isASCIIOnly
                if isASCII {
                    let count = name.utf8.count
                    guard count < lengths.count && lengths[count] else { continue }
                }
                search.consider(name, isASCII: isASCII)
            }
            return search.best
        }
        return keys.counts.indices.map { k in
            var best: (distance: Int, name: String)?
            for chunk in answers {
                guard let found = chunk[k] else { continue }
                if let current = best, current.distance < found.distance
                    || (current.distance == found.distance && !found.name.utf8.lexicographicallyPrecedes(current.name.utf8)) { continue }
                best = found
            }
            return best?.name
        }
    }

    /// The broken names of a search, as `Search` reads them for every candidate. Made once per
    /// search and shared by its parts.
    ///
    /// Keys that are alike (the broken links of a vault are often one name with a number that
    /// changes: `No Such Concept 1`, `No Such Concept 12`) are grouped around a pivot, one of
    /// them. Both lower bounds `Search` uses before measuring are metrics: the bag distance,
    /// and the classes one side holds (once or twice) that the other lacks, the larger side
    /// (`missing`). So a candidate's bound against a key is at least its bound against the
    /// key's pivot less the pivot's against the key (`Key.missingOffset`, `Key.bagOffset`):
    /// one comparison with the pivot dismisses most candidates for every key of the group.
    /// Unlike keys are groups of one, compared as before.
    struct Keys: Sendable {
        /// What a candidate is compared with, per key.
        struct Key: Sendable {
            var start: Int
            var count: Int
            var limit: Int
            var signature: UInt64
            /// The character classes (as in `signature`) the key holds at least twice.
            var repeats: UInt64
            /// The pivot's `missing` and bag distance against this key (0 for the pivot).
            var missingOffset: Int
            var bagOffset: Int
        }

        /// Keys around one pivot, with what every candidate is first compared with.
        struct Group: Sendable {
            var pivot: Int
            var members: [Int]
            /// A candidate shorter than `shortest` or longer than `longest` is beyond every
            /// member's budget, as is one whose `missing` against the pivot exceeds `reach`.
            var shortest: Int
            var longest: Int
            var reach: Int
            /// Likewise for the pivot's bag distance: beyond `bagReach`, it is beyond every
            /// member's budget less the member's `bagOffset`.
            var bagReach: Int
        }

        /// The keys one after another.
        let scalars: [UInt32]
        let keys: [Key]
        /// 32 class counts per key, one key after another.
        let histograms: [UInt8]
        let groups: [Group]
        var counts: [Int] { keys.map(\.count) }
        var limits: [Int] { keys.map(\.limit) }

        /// How far from its pivot (both bounds) a key may be: further apart, the pivot's bound
        /// is too weak to dismiss candidates, and the key is better compared on its own.
        static let radius = 2
        /// How many pivots a key is compared with before it becomes one itself: the grouping
        /// stays linear for thousands of unlike broken names.
        static let pivotsTried = 32

        init(_ keys: [[UInt32]]) {
            scalars = keys.flatMap { $0 }
            var start = 0
            var infos: [Key] = []
            for key in keys {
                var once: UInt64 = 0, twice: UInt64 = 0
                for scalar in key {
                    twice |= once & 1 << UInt64(scalar % 64)
                    once |= 1 << UInt64(scalar % 64)
                }
                infos.append(Key(start: start, count: key.count, limit: max(1, key.count / 3), signature: once, repeats: twice,
                                 missingOffset: 0, bagOffset: 0))
                start += key.count
            }
            let histograms = keys.flatMap(Nearest.histogram)
            self.histograms = histograms
            var groups: [Group] = [], recent: [Int] = []
            histograms.withUnsafeBufferPointer { all in
                for k in keys.indices where !keys[k].isEmpty {
                    let own = UnsafeBufferPointer(rebasing: all[(k * 32)..<(k * 32 + 32)])
                    var joined = false
                    for g in recent.reversed() {
                        let pivot = infos[groups[g].pivot]
                        let missing = Nearest.missing(pivot.signature, pivot.repeats, infos[k].signature, infos[k].repeats)
                        guard missing <= Keys.radius else { continue }
                        let bag = Nearest.bagDistance(own, all, from: groups[g].pivot * 32)
                        guard bag <= Keys.radius else { continue }
                        infos[k].missingOffset = missing
                        infos[k].bagOffset = bag
                        groups[g].members.append(k)
                        joined = true
                        break
                    }
                    if !joined {
                        recent.append(groups.count)
                        if recent.count > Keys.pivotsTried { recent.removeFirst() }
                        groups.append(Group(pivot: k, members: [k], shortest: 0, longest: 0, reach: 0, bagReach: 0))
                    }
                }
            }
            for g in groups.indices {
                let members = groups[g].members.map { infos[$0] }
                groups[g].shortest = members.map { $0.count - $0.limit }.min()!
                groups[g].longest = members.map { $0.count + $0.limit }.max()!
                groups[g].reach = members.map { $0.limit + $0.missingOffset }.max()!
                groups[g].bagReach = members.map { $0.limit + $0.bagOffset }.max()!
            }
            self.keys = infos
            self.groups = groups
        }
    }

    /// The classes (scalar value modulo 64) one side holds that the other lacks, plus those it
    /// holds twice or more that the other holds at most once; the larger of the two sides. Each
    /// such class costs the other side an edit, so this bounds the edit distance from below.
    /// (Population counts in software on this target: the first bound every candidate meets.)
    static func missing(_ signature: UInt64, _ repeats: UInt64, _ otherSignature: UInt64, _ otherRepeats: UInt64) -> Int {
        max(bitCount(signature & ~otherSignature, repeats & ~otherRepeats),
            bitCount(otherSignature & ~signature, otherRepeats & ~repeats))
    }

    /// `a.nonzeroBitCount + b.nonzeroBitCount`, the two counted together: without a population
    /// count instruction on the baseline x86-64 target, each count is a dozen operations, and
    /// the sums of the two words' bit pairs and nibbles still fit their fields when added.
    @inline(__always)
    static func bitCount(_ a: UInt64, _ b: UInt64) -> Int {
        let m1: UInt64 = 0x5555_5555_5555_5555, m2: UInt64 = 0x3333_3333_3333_3333, m4: UInt64 = 0x0F0F_0F0F_0F0F_0F0F
        var x = a &- ((a &>> 1) & m1), y = b &- ((b &>> 1) & m1)
        x = (x & m2) &+ ((x &>> 2) & m2)           // each nibble: 0…4
        y = (y & m2) &+ ((y &>> 2) & m2)
        var z = x &+ y                              // each nibble: 0…8
        z = (z & m4) &+ ((z &>> 4) & m4)           // each byte: 0…16
        return Int(truncatingIfNeeded: (z &* 0x0101_0101_0101_0101) &>> 56)
    }

    /// The nearest candidate so far to each of several keys, candidates coming one at a time.
    ///
    /// The same rule as `match`, so the same answers: a candidate counts when its distance is
    /// within the key's budget (`max(1, count / 3)`, and no more than the best distance found
    /// so far), and of equal distances the smaller name in byte order wins. The answer is the
    /// least (distance, name) over all candidates, so the order they come in does not matter,
    /// nor does a name coming twice. Each test is a lower bound on the edit distance, cheapest
    /// first: per group of keys (`Keys`), the lengths and `missing` against the pivot; per key,
    /// the difference in length, the pivot's `missing` less the key's offset, the pivot's bag
    /// distance (measured once per group) less the key's offset, the key's own `missing`, the
    /// key's own bag distance.
    /// Only a candidate that passes them all is measured.
    private struct Search {
        private let keys: Keys
        /// Per key, the distance of the best candidate so far (`Int.max` before one) and its name.
        private var distances: [Int]
        private var names: [String?]
        /// The candidate's key, made only when it is measured (an ASCII candidate's counts are
        /// read from its bytes).
        private var candidate: [UInt32] = []
        private var candidateHistogram = [UInt8](repeating: 0, count: 32)
        private var row: [Int]

        init(_ keys: Keys) {
            self.keys = keys
            distances = keys.keys.map { _ in Int.max }
            names = keys.keys.map { _ in nil }
            // Every measured candidate is at most `limit` longer than its key.
            row = [Int](repeating: 0, count: keys.keys.map { $0.count + $0.limit + 2 }.max() ?? 2)
        }

        /// Per key, the nearest candidate so far, with its distance.
        var best: [(distance: Int, name: String)?] {
            zip(distances, names).map { distance, name in name.map { (distance, $0) } }
        }

        /// `isASCII`: the name is all ASCII, as the caller found; its key is then its bytes
        /// with A–Z lowercased (`appendKey`), and its counts are read from the bytes.
        mutating func consider(_ name: String, isASCII: Bool) {
            var length = 0, signature: UInt64 = 0, twice: UInt64 = 0
            var keyMade = false
            candidateHistogram.withUnsafeMutableBufferPointer { counts in
                for i in 0..<32 { counts[i] = 0 }
                if isASCII {
                    name.withUTF8Bytes { bytes in
                        length = bytes.count
                        // Fewer than 255 bytes cannot fill a count: no test per byte.
                        let capped = bytes.count >= 255
                        for byte in bytes {
                            let scalar = byte &- 0x41 < 26 ? byte | 0x20 : byte
                            let bit: UInt64 = 1 &<< UInt64(scalar & 63)
                            twice |= signature & bit
                            signature |= bit
                            if !capped || counts[Int(scalar & 31)] < 255 { counts[Int(scalar & 31)] &+= 1 }
                        }
                    }
                } else {
                    candidate.removeAll(keepingCapacity: true)
                    Nearest.appendKey(of: name, to: &candidate)
                    keyMade = true
                    length = candidate.count
                    for scalar in candidate {
                        let bit: UInt64 = 1 << UInt64(scalar % 64)
                        twice |= signature & bit
                        signature |= bit
                        if counts[Int(scalar % 32)] < 255 { counts[Int(scalar % 32)] += 1 }
                    }
                }
            }
            // The keys a candidate passes every bound of: rare, so measured after the loop.
            var passed: [Int] = []
            let keys = self.keys
            keys.histograms.withUnsafeBufferPointer { histograms in
            candidateHistogram.withUnsafeBufferPointer { counts in
            keys.keys.withUnsafeBufferPointer { infos in
                for group in keys.groups {
                    guard group.shortest <= length, length <= group.longest else { continue }
                    // `missing` against the pivot, one side at a time: the first often suffices.
                    let pivot = infos[group.pivot]
                    let lacking = Nearest.bitCount(pivot.signature & ~signature, pivot.repeats & ~twice)
                    guard lacking <= group.reach else { continue }
                    let pivotMissing = max(lacking, Nearest.bitCount(signature & ~pivot.signature, twice & ~pivot.repeats))
                    guard pivotMissing <= group.reach else { continue }
                    var pivotBag = -1
                    for k in group.members {
                        let key = infos[k]
                        let budget = min(distances[k], key.limit)
                        guard abs(length - key.count) <= budget, pivotMissing - key.missingOffset <= budget else { continue }
                        // The pivot's bag distance is measured once for the whole group. Beyond
                        // `bagReach`, no member (this one and those after it) is within its
                        // budget, `pivotBag - key.bagOffset <= budget` below failing for each:
                        // the rest of the group is left at once rather than tested one by one.
                        if pivotBag < 0 {
                            pivotBag = Nearest.bagDistance(counts, histograms, from: group.pivot * 32)
                            if pivotBag > group.bagReach { break }
                        }
                        guard pivotBag - key.bagOffset <= budget else { continue }
                        if key.missingOffset > 0 {
                            guard Nearest.missing(key.signature, key.repeats, signature, twice) <= budget else { continue }
                        }
                        if key.bagOffset > 0 {
                            guard Nearest.bagDistance(counts, histograms, from: k * 32) <= budget else { continue }
                        }
                        passed.append(k)
                    }
                }
            }
            }
            }
            guard !passed.isEmpty else { return }
            if !keyMade {
                candidate.removeAll(keepingCapacity: true)
                Nearest.appendKey(of: name, to: &candidate)
            }
            for k in passed {
                let key = keys.keys[k]
                let budget = min(distances[k], key.limit)
                let d = keys.scalars.withUnsafeBufferPointer { scalars in
                    candidate.withUnsafeBufferPointer { candidate in
                        row.withUnsafeMutableBufferPointer { row in
                            Nearest.distance(UnsafeBufferPointer(rebasing: scalars[key.start..<(key.start + key.count)]),
                                             candidate, limit: budget, row: row)
                        }
                    }
                }
                guard d <= budget else { continue }
                if d == distances[k], let current = names[k], !name.utf8.lexicographicallyPrecedes(current.utf8) { continue }
                distances[k] = d
                names[k] = name
            }
        }
    }

    /// The nearest name to a comparison key within its budget, with its distance.
    private func match(_ wanted: [UInt32]) -> (distance: Int, name: String)? {
        guard !wanted.isEmpty else { return nil }
        let limit = max(1, wanted.count / 3)
        let wantedSignature = Nearest.signature(wanted)
        let wantedHistogram = Nearest.histogram(wanted)
        var best: (distance: Int, name: Int)?
        var row = [Int](repeating: 0, count: wanted.count + limit + 2)
        // Every buffer is opened once per lookup: the loop below runs for tens of thousands of
        // names, and most leave it after a few comparisons.
        scalars.withUnsafeBufferPointer { allScalars in
        histograms.withUnsafeBufferPointer { allHistograms in
        wanted.withUnsafeBufferPointer { wantedScalars in
        wantedHistogram.withUnsafeBufferPointer { wantedCounts in
        row.withUnsafeMutableBufferPointer { row in
            for length in max(1, wanted.count - limit)...(wanted.count + limit) {
                guard length < byLength.count else { break }
                let group = byLength[length]
                for candidate in group {
                    let budget = min(best?.distance ?? limit, limit)
                    let missing = max((wantedSignature & ~candidate.signature).nonzeroBitCount,
                                      (candidate.signature & ~wantedSignature).nonzeroBitCount)
                    guard missing <= budget,
                          Nearest.bagDistance(wantedCounts, allHistograms, from: candidate.name * 32) <= budget else { continue }
                    let other = UnsafeBufferPointer(rebasing: allScalars[candidate.start..<(candidate.start + candidate.count)])
                    let d = Nearest.distance(wantedScalars, other, limit: budget, row: row)
                    guard d <= budget else { continue }
                    if let current = best {
                        let better = d < current.distance
                            || (d == current.distance && names[candidate.name].utf8.lexicographicallyPrecedes(names[current.name].utf8))
                        guard better else { continue }
                    }
                    best = (d, candidate.name)
                }
            }
        }
        }
        }
        }
        }
        return best.map { ($0.distance, names[$0.name]) }
    }

    public static func nearest(to name: String, among candidates: some Sequence<String>) -> String? {
        Nearest(candidates).nearest(to: name)
    }

    /// Levenshtein distance of two scalar strings, for tests and one-off use.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        let a = a.map(\.value), b = b.map(\.value)
        var row = [Int](repeating: 0, count: b.count + 1)
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                row.withUnsafeMutableBufferPointer { Nearest.distance(a, b, limit: limit, row: $0) }
            }
        }
    }

    /// Levenshtein distance, computed only in a band of `limit` cells around the diagonal, in
    /// one reused row of at least `b.count + 1` cells; anything beyond the limit is `limit + 1`.
    private static func distance(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>, limit: Int,
                                 row: UnsafeMutableBufferPointer<Int>) -> Int {
        let over = limit + 1
        if abs(a.count - b.count) > limit { return over }
        if a.isEmpty || b.isEmpty { return min(max(a.count, b.count), over) }
        for j in 0...b.count { row[j] = j <= limit ? j : over }
        for i in 1...a.count {
            var diagonal = row[0]            // row i-1, column j-1
            row[0] = i <= limit ? i : over
            var best = row[0]
            let lo = max(1, i - limit), hi = min(b.count, i + limit)
            if lo > 1 {
                diagonal = row[lo - 1]
                row[lo - 1] = over
            }
            if lo <= hi {
                let ai = a[i - 1]
                for j in lo...hi {
                    let above = row[j]
                    let substitute = diagonal + (ai == b[j - 1] ? 0 : 1)
                    let value = min(substitute, above + 1, row[j - 1] + 1, over)
                    diagonal = above
                    row[j] = value
                    best = min(best, value)
                }
            }
            if hi < b.count { row[hi + 1] = over }
            if best > limit { return over }
        }
        return min(row[b.count], over)
    }
}

import Diagnostics

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
    /// Candidates by length of their comparison key.
    private var byLength: [Int: [Candidate]] = [:]

    public init(_ candidates: some Sequence<String>) {
        // Each name once, by its bytes: Swift's `==` would take an NFD name for its NFC twin,
        // and the two can differ in which one a tie prefers. For ASCII names the two are one
        // test, and hashing the string is cheaper than building its byte array.
        var seenASCII = Set<String>()
        var seen = Set<[UInt8]>()
        var distinct: [String] = []
        for name in candidates where !name.isEmpty {
            let isNew = name.isASCIIOnly ? seenASCII.insert(name).inserted : seen.insert(Array(name.utf8)).inserted
            if isNew { distinct.append(name) }
        }
        // Keys, signatures and counts per name, in chunks on every core: a vault's wikilink
        // names are tens of thousands, and the checker waited for them on one core.
        let chunkSize = 4096
        let unique = distinct
        let chunks = stride(from: 0, to: unique.count, by: chunkSize).map { $0..<min($0 + chunkSize, unique.count) }
        let measured = chunks.parallelMap { range in
            range.map { i -> (key: [UInt32], signature: UInt64, histogram: [UInt8]) in
                let key = Nearest.key(unique[i])
                return (key, Nearest.signature(key), Nearest.histogram(key))
            }
        }
        names.reserveCapacity(unique.count)
        histograms.reserveCapacity(unique.count * 32)
        for part in measured {
            for (key, signature, histogram) in part {
                byLength[key.count, default: []].append(Candidate(name: names.count, start: scalars.count, count: key.count,
                                                                  signature: signature))
                histograms += histogram
                names.append(unique[names.count])
                scalars += key
            }
        }
    }

    /// Compared case-insensitively in NFC, so `elbo` finds `ELBO` and an NFD name its NFC twin.
    private static func key(_ name: String) -> [UInt32] {
        // Most names are ASCII (stems, abbreviations): no normalisation to do.
        if name.isASCIIOnly {
            return name.utf8.map { UInt32($0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0) }
        }
        return name.nfc.lowercased().unicodeScalars.map(\.value)
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

    private static func bagDistance(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var surplusA = 0, surplusB = 0
        for k in 0..<32 {
            let d = Int(a[k]) - Int(b[start + k])
            if d > 0 { surplusA += d } else { surplusB -= d }
        }
        return max(surplusA, surplusB)
    }

    /// The nearest name within the budget; ties go to the smaller name in byte order, so the
    /// answer never depends on the order names were added in.
    public func nearest(to name: String) -> String? {
        let wanted = Nearest.key(name)
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
                guard let group = byLength[length] else { continue }
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
        return best.map { names[$0.name] }
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

/// "Did you mean …?": the nearest name by edit distance, if it is near enough to help.
///
/// Built once per vault: names are lowercased and bucketed by length, so a lookup only compares
/// names whose length is within the edit budget, and each comparison stops as soon as the budget
/// is exceeded. A vault of 10,000 notes with hundreds of broken links stays fast.
struct Suggester: Sendable {
    private var buckets: [Int: [(name: String, scalars: [Unicode.Scalar])]] = [:]

    init(_ names: some Sequence<String>) {
        for name in Set(names).sorted() {
            let scalars = Array(name.lowercased().unicodeScalars)
            buckets[scalars.count, default: []].append((name, scalars))
        }
    }

    func nearest(_ name: String) -> String? {
        let wanted = Array(name.lowercased().unicodeScalars)
        guard !wanted.isEmpty else { return nil }
        // About one edit in three characters; never something unrelated.
        let limit = max(1, wanted.count / 3)
        var best: (distance: Int, name: String)?
        for length in (wanted.count - limit)...(wanted.count + limit) {
            for candidate in buckets[length] ?? [] {
                let budget = best.map { min($0.distance, limit) } ?? limit
                let d = Suggester.distance(wanted, candidate.scalars, limit: budget)
                guard d <= budget else { continue }
                if best == nil || d < best!.distance || (d == best!.distance && candidate.name < best!.name) {
                    best = (d, candidate.name)
                }
            }
        }
        return best?.name
    }

    /// One-off lookup without an index.
    static func nearest(_ name: String, among candidates: [String]) -> String? {
        Suggester(candidates).nearest(name)
    }

    /// Levenshtein distance restricted to a band of `limit` around the diagonal; returns
    /// `limit + 1` as soon as every path exceeds the limit.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let big = limit + 1
        var previous = [Int](repeating: big, count: b.count + 1)
        var current = [Int](repeating: big, count: b.count + 1)
        for j in 0...min(b.count, limit) { previous[j] = j }
        for i in 1...a.count {
            let lo = max(1, i - limit)
            let hi = min(b.count, i + limit)
            current[0] = i <= limit ? i : big
            if lo > 1 { current[lo - 1] = big }
            var rowMin = current[0]
            if lo <= hi {
                for j in lo...hi {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    let value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    current[j] = min(value, big)
                    rowMin = min(rowMin, current[j])
                }
            }
            if hi < b.count { current[hi + 1] = big }
            if rowMin > limit { return big }
            swap(&previous, &current)
        }
        return min(previous[b.count], big)
    }
}

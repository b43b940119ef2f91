extension Graph {
    /// The nodes a person means by `name`: a node id written out (`concept:vae`), a label, an
    /// alias, or an id key (a note's path, with or without `.md`). Case does not matter and
    /// neither does Unicode normalisation (Swift compares strings by canonical equivalence, so a
    /// decomposed 변분 finds the composed one).
    ///
    /// The first of these that matches anything wins, and within it concepts come before notes
    /// before tags: `VAE` means the concept when there is one, else the note titled so. Several
    /// nodes come back only when they tie (two notes with one title).
    ///
    /// `kinds` limits the search to nodes of those kinds (`--nodes notes --around VAE` means
    /// the note even when a concept has that name too).
    public func nodes(named name: String, kinds: Set<NodeKind>? = nil) -> [Int] {
        let wanted = Graph.foldName(name)
        guard !wanted.isEmpty else { return [] }
        let candidates = nodes.indices.filter { kinds?.contains(nodes[$0].id.kind) ?? true }
        let rules: [(Node) -> Bool] = [
            { Graph.foldName($0.id.description) == wanted },
            { Graph.foldName($0.label) == wanted || ($0.id.kind == .tag && Graph.foldName($0.id.key) == wanted) },
            { $0.aliases.contains { Graph.foldName($0) == wanted } },
            { Graph.foldName($0.id.key) == wanted || Graph.foldName(Graph.withoutMarkdownExtension($0.id.key)) == wanted },
        ]
        for rule in rules {
            let matches = candidates.filter { rule(nodes[$0]) }
            guard !matches.isEmpty else { continue }
            let best = matches.map { Graph.lookupPreference(nodes[$0].id.kind) }.min()!
            return matches.filter { Graph.lookupPreference(nodes[$0].id.kind) == best }
        }
        return []
    }

    /// Names close to `name` (labels and aliases), nearest first, for "did you mean …?": those
    /// within a few edits (a transposition counts as one), then those containing it. The edits
    /// always leave one character of the name standing: two edits turn `변분` into any
    /// two-letter name (`AE`, `KL`), which says nothing, while `변분 오토인코더` contains it.
    public func suggestions(for name: String, limit: Int = 5) -> [String] {
        let wanted = Array(Graph.foldName(name))
        guard !wanted.isEmpty else { return [] }
        let budget = min(max(2, wanted.count / 3), wanted.count - 1)
        var names = Set<String>()
        for node in nodes {
            names.insert(node.label)
            for alias in node.aliases { names.insert(alias) }
        }
        var near: [(distance: Int, name: String)] = []
        var containing: [(extra: Int, name: String)] = []
        for candidate in names {
            let folded = Array(Graph.foldName(candidate))
            guard !folded.isEmpty else { continue }
            let d = EditDistance.optimalAlignment(wanted, folded, limit: budget)
            if d <= budget {
                near.append((d, candidate))
            } else if wanted.count >= 2, String(folded).contains(String(wanted)) {
                containing.append((folded.count - wanted.count, candidate))
            }
        }
        near.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        containing.sort { $0.extra != $1.extra ? $0.extra < $1.extra : $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return Array((near.map(\.name) + containing.map(\.name)).prefix(max(0, limit)))
    }

    /// Lowercased, with surrounding white space and a leading `#` (tags) removed.
    static func foldName(_ name: String) -> String {
        var s = Substring(name)
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s.lowercased()
    }

    static func withoutMarkdownExtension(_ key: String) -> String {
        for ext in [".md", ".markdown"] where key.lowercased().hasSuffix(ext) {
            return String(key.dropLast(ext.count))
        }
        return key
    }

    static func lookupPreference(_ kind: NodeKind) -> Int {
        switch kind {
        case .concept: 0
        case .note: 1
        case .tag: 2
        }
    }
}

/// Edit distances between names, by `Character` (grapheme cluster): a Hangul syllable or an
/// emoji with modifiers is one unit, however many scalars it holds.
public enum EditDistance {
    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions), giving up
    /// with `limit + 1` once every alignment costs more than `limit`.
    public static func optimalAlignment(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        let width = b.count + 1
        var before = [Int](repeating: 0, count: width)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: width)
        for i in 1...a.count {
            current[0] = i
            var rowMin = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, before[j - 2] + 1)
                }
                current[j] = value
                rowMin = min(rowMin, value)
            }
            if rowMin > limit { return limit + 1 }
            (before, previous, current) = (previous, current, before)
        }
        return min(previous[b.count], limit + 1)
    }
}

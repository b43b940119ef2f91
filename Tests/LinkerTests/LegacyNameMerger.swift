@testable import Linker
import Diagnostics
import Notes

/// The names-only concept merge (`ConceptMerger.mergeNames`) as it was before its shortcuts
/// (ids remembered for titles and aliases, a list for a note's bare headings, the key table
/// made by `mapValues`): the reference the merge must agree with.
struct LegacyNameMerger {
    let notes: [ParsedNote]
    let facts: [NoteFacts]
    let glossary: Glossary

    private var ids: [String: Int] = [:]
    private var parent: [Int] = []
    private var tallies: [(spelling: String, key: String, id: Int, count: Int, pairAcronym: Bool, glossary: Bool)] = []
    private var tallyOfSpelling: [String: Int] = [:]
    private var definitions: [(note: Int, id: Int)] = []
    private var conceptOfRoot: [Int] = []

    init(notes: [ParsedNote], facts: [NoteFacts], glossary: Glossary) {
        self.notes = notes
        self.facts = facts
        self.glossary = glossary
    }

    private mutating func id(key: String) -> Int? {
        guard !key.isEmpty else { return nil }
        if let i = ids[key] { return i }
        ids[key] = parent.count
        parent.append(parent.count)
        return parent.count - 1
    }

    private mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x { x = parent[x] }
        return x
    }

    private mutating func union(_ a: Int, _ b: Int) {
        let ra = find(a), rb = find(b)
        if ra == rb { return }
        if ra < rb { parent[rb] = ra } else { parent[ra] = rb }
    }

    @discardableResult
    private mutating func join(_ names: [String], keys: [String], pairAcronym: Bool = false, glossary: Bool = false) -> Int? {
        var first: Int?
        for (n, name) in names.enumerated() {
            guard let i = id(key: keys[n]) else { continue }
            let spelling = ConceptMerger.nfc(name)
            let t: Int
            if let known = tallyOfSpelling[spelling] { t = known } else {
                t = tallies.count
                tallyOfSpelling[spelling] = t
                tallies.append((spelling, keys[n], i, 0, false, false))
            }
            tallies[t].count += 1
            if pairAcronym && n == 0 { tallies[t].pairAcronym = true }
            if glossary && n == 0 { tallies[t].glossary = true }
            if let f = first { union(f, i) } else { first = i }
        }
        return first
    }

    /// Each concept's names (shown name, then aliases) in concept order, and the table of keys.
    mutating func mergeNames() -> (names: [[String]], byKey: [String: Int]) {
        let published = notes.reduce(0) { $0 + ($1.isPublished ? 1 : 0) }
        var bareCounts: [String: Int] = [:]
        for f in facts {
            var seen = Set<String>()
            for d in f.definitions where d.isBareHeading {
                if seen.insert(d.keys[0]).inserted { bareCounts[d.keys[0], default: 0] += 1 }
            }
        }
        let templates = Set(bareCounts.filter {
            $0.value >= ConceptMerger.templateMinimum && $0.value * ConceptMerger.templateShare >= published
        }.keys)
        var glossaryIDs: [Int] = []
        for entry in glossary.entries {
            let names = [entry.name] + entry.aliases
            if let i = join(names, keys: names.map(ConceptName.key), glossary: true) { glossaryIDs.append(i) }
        }
        for (n, f) in facts.enumerated() {
            for d in f.definitions {
                if d.isBareHeading, templates.contains(d.keys[0]) { continue }
                guard let i = join(d.names, keys: d.keys, pairAcronym: ConceptMerger.isPair(d.names)) else { continue }
                definitions.append((n, i))
            }
        }
        for f in facts {
            for (pair, keys) in zip(f.synonyms, f.synonymKeys) where keys.contains(where: { ids[$0] != nil }) {
                join(pair, keys: keys, pairAcronym: ConceptMerger.isPair(pair))
            }
        }
        for (n, f) in facts.enumerated() where !f.aliases.isEmpty {
            let titleID = f.titleDefinition.flatMap { ids[f.definitions[$0].keys[0]] }
            let known = f.aliasKeys.filter { ids[$0] != nil }
            var joinUnknown: Int? = titleID
            for (alias, key) in zip(f.aliases, f.aliasKeys) {
                let isKnown = ids[key] != nil
                guard let i = join([alias], keys: [key]) else { continue }
                if !isKnown {
                    if let target = joinUnknown {
                        union(target, i)
                    } else if known.isEmpty {
                        joinUnknown = i
                    }
                }
                definitions.append((n, i))
            }
        }
        var isConcept = [Bool](repeating: false, count: parent.count)
        for d in definitions { isConcept[find(d.id)] = true }
        for g in glossaryIDs { isConcept[find(g)] = true }
        var forms = [[Int]](repeating: [], count: parent.count)
        for t in tallies.indices {
            let root = find(tallies[t].id)
            if isConcept[root] { forms[root].append(t) }
        }
        var drafts: [ConceptMerger.Draft] = []
        for root in forms.indices where !forms[root].isEmpty {
            func better(_ a: Int, _ b: Int) -> Bool {
                let x = tallies[a], y = tallies[b]
                if x.glossary != y.glossary { return x.glossary }
                if x.glossary { return a < b }
                if x.pairAcronym != y.pairAcronym { return x.pairAcronym }
                if x.count != y.count { return x.count > y.count }
                return a < b
            }
            let ordered = forms[root].sorted(by: better)
            drafts.append(ConceptMerger.Draft(root: root, name: tallies[ordered[0]].spelling, key: tallies[ordered[0]].key,
                                              spellings: ordered.map { tallies[$0].spelling },
                                              inGlossary: ordered.contains { tallies[$0].glossary }))
        }
        drafts.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        conceptOfRoot = [Int](repeating: -1, count: parent.count)
        for (c, d) in drafts.enumerated() { conceptOfRoot[d.root] = c }
        var byKey: [String: Int] = [:]
        for (key, i) in ids {
            let c = conceptOfRoot[find(i)]
            if c >= 0 { byKey[key] = c }
        }
        return (drafts.map { [$0.name] + ConceptMergeFastPathTests.referenceAliases(of: $0) }, byKey)
    }
}

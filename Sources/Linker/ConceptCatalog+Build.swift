import Diagnostics
import Foundation
import Markdown
import Notes

extension ConceptCatalog {
    /// Finds the concepts of the published notes and their mentions.
    ///
    /// Extraction and mention matching run per note in parallel; merging runs once, in note
    /// order, so the same notes always give the same concepts in the same order. Links are
    /// attached later (`attachingLinks`), once they are resolved.
    ///
    /// `mentions: false` finds the concepts and their definitions only, at a fraction of the cost
    /// (matching every name in every text is most of the work). Mentions, related edges from
    /// mentions and the matches the autolinker reads are then left empty. `buildNames` does less
    /// still, for `notegraph check`.
    public static func build(notes: [ParsedNote], glossary: Glossary? = nil, mentions: Bool = true) -> ConceptCatalog {
        let extractor = ConceptFactExtractor(namesOnly: false, notes: notes.count)
        return build(notes: notes, facts: extractFacts(notes, extractor: extractor), names: extractor.names, glossary: glossary,
                     mentions: mentions)
    }

    /// `build` from facts already extracted, one per note in order, by a
    /// `ConceptFactExtractor(namesOnly: false)` (the build extracts them as it parses).
    public static func build(notes: [ParsedNote], facts extracted: consuming [ConceptFacts], glossary: Glossary? = nil,
                             mentions: Bool = true) -> ConceptCatalog {
        let names = extracted.first?.names ?? NameTable()
        precondition(extracted.count == notes.count && extracted.allSatisfy { !$0.namesOnly && $0.names === names },
                     "facts of every note, in full, from one extractor")
        let facts = extracted.map(\.value)
        releaseElsewhere(consume extracted)
        return build(notes: notes, facts: consume facts, names: names, glossary: glossary, mentions: mentions)
    }

    /// `facts` is taken, not borrowed: the caller keeps no reference that would free them here,
    /// on the merge's one core, after the thread they are handed to has let go.
    private static func build(notes: [ParsedNote], facts: consuming [NoteFacts], names: NameTable, glossary: Glossary?,
                              mentions: Bool) -> ConceptCatalog {
        var merger = ConceptMerger(notes: notes, facts: copy facts, glossary: glossary ?? Glossary(), names: names)
        let drafts = merger.joinNames()
        // The matcher needs only the concepts' spellings, known once the names are joined: it is
        // made on another core while this one gathers the concepts' definitions (the merge runs
        // on one core, and the matcher was made after it, on the same one).
        let matcher: Background<MentionMatcher>? = mentions ? {
            var names: [(name: String, concept: Int)] = []
            for c in drafts.indices {
                for spelling in drafts[c].spellings { names.append((spelling, c)) }
            }
            return Background { [names] in MentionMatcher(names: names) }
        }() : nil
        var catalog = merger.merge(drafts)
        // The scan reads the notes' trees, not their facts: the facts of every note are freed
        // now, before the scan's own allocations, and on another thread (a tenth of a second
        // on one core that the link phase would otherwise wait for).
        releaseElsewhere(consume merger)
        releaseElsewhere(consume facts)
        if let matcher {
            catalog.scanMentions(notes: notes, matcher: matcher.wait())
        }
        return catalog
    }

    /// The concepts' names and keys, and nothing else: whether a name names a concept
    /// (`concept(named:)`, with the index `build` gives it), each concept's `names`, and the
    /// glossary's diagnostics, each the same as `build` makes them. All `notegraph check` asks of
    /// the concepts. The definitions are not gathered into concepts and no page gets a slug:
    /// `concepts` is empty (`isNamesOnly`), so a `.concept` resolution made with this catalog
    /// must not index it, and nothing may build a graph or pages from it.
    public static func buildNames(notes: [ParsedNote], glossary: Glossary? = nil) -> ConceptCatalog {
        let extractor = ConceptFactExtractor(namesOnly: true, notes: notes.count)
        return buildNames(notes: notes, facts: extractFacts(notes, extractor: extractor), names: extractor.names, glossary: glossary)
    }

    /// `buildNames` from facts already extracted, one per note in order, by a
    /// `ConceptFactExtractor(namesOnly: true)` (`check` extracts them as it parses).
    public static func buildNames(notes: [ParsedNote], facts extracted: consuming [ConceptFacts], glossary: Glossary? = nil) -> ConceptCatalog {
        let names = extracted.first?.names ?? NameTable()
        precondition(extracted.count == notes.count && extracted.allSatisfy { $0.namesOnly && $0.names === names },
                     "names-only facts of every note, from one extractor")
        let facts = extracted.map(\.value)
        releaseElsewhere(consume extracted)
        return buildNames(notes: notes, facts: consume facts, names: names, glossary: glossary)
    }

    /// `facts` is taken, as `build`'s are.
    private static func buildNames(notes: [ParsedNote], facts: consuming [NoteFacts], names: NameTable, glossary: Glossary?) -> ConceptCatalog {
        var merger = ConceptMerger(notes: notes, facts: copy facts, glossary: glossary ?? Glossary(), names: names)
        let catalog = merger.mergeNames()
        releaseElsewhere(consume merger)
        releaseElsewhere(consume facts)
        return catalog
    }

    /// What each published note says about concepts, extracted on every core with one analysis
    /// cache for the vault (notes repeat their headings).
    private static func extractFacts(_ notes: [ParsedNote], extractor: ConceptFactExtractor) -> [NoteFacts] {
        Array(notes.indices).parallelMap { i in extractor.facts(of: notes[i]).value }
    }
}

/// What one note says about concepts, as `ConceptFactExtractor` found it: handed back to
/// `ConceptCatalog.build(notes:facts:)` or `buildNames(notes:facts:)` in note order.
public struct ConceptFacts: Sendable {
    let value: NoteFacts
    let namesOnly: Bool
    /// The table `value`'s names are numbered in: the same for every note of a vault.
    let names: NameTable
}

/// Extracts each note's concept facts where the note is parsed, on the parsing thread, while
/// its tree is fresh: the merge can then start as soon as the last note is parsed, on one core
/// beside the link phase on the other, instead of after a second pass over every note. One
/// extractor serves a whole vault (it shares the analysis of repeated headings).
public final class ConceptFactExtractor: Sendable {
    private let analyses: TermAnalysisCache
    /// The vault's names, numbered as they are extracted (`NameTable`).
    let names: NameTable
    private let namesOnly: Bool

    /// `namesOnly`: facts for `buildNames` (what `check` needs), else for `build`. `notes`: how
    /// many notes the vault has, for room in the name table from the start.
    public init(namesOnly: Bool, notes: Int = 0) {
        self.namesOnly = namesOnly
        names = NameTable(capacity: notes * NameTable.stringsPerNote)
        analyses = TermAnalysisCache(notes: notes)
    }

    public func facts(of note: ParsedNote) -> ConceptFacts {
        guard note.isPublished else { return ConceptFacts(value: NoteFacts(), namesOnly: namesOnly, names: names) }
        var facts = ConceptExtractor.extract(note, analyses: analyses, namesOnly: namesOnly)
        names.number(&facts)
        return ConceptFacts(value: facts, namesOnly: namesOnly, names: names)
    }
}

extension ConceptCatalog {

    // MARK: Mentions

    /// What one note says about the concepts it does not define there.
    struct NoteScan: Sendable {
        /// By concept, in concept order.
        var mentions: [(concept: Int, mention: ConceptMention)] = []
        /// Counts by `from << 32 | to`, in that key's order, each key once.
        var related: [(pair: UInt64, count: Int)] = []
        /// Every match outside links, in text order (`ConceptCatalog.noteMatches`).
        var matches: [TextMatch] = []
        /// The concepts of `mentions`, most mentioned first, ties in concept order
        /// (`ConceptCatalog.noteMentions`): ranked in the parallel scan, not in the merge after it.
        var ranked: [Int] = []
    }

    private mutating func scanMentions(notes: [ParsedNote], matcher: MentionMatcher) {
        let definitions = noteDefinitions
        let scans = Array(notes.indices).parallelMap { i -> NoteScan in
            guard notes[i].isPublished, matcher.count > 0 else { return NoteScan() }
            var scan = ConceptCatalog.scan(note: i, document: notes[i].document,
                                           definitions: i < definitions.count ? definitions[i] : [], matcher: matcher)
            scan.ranked = scan.mentions.sorted {
                $0.mention.count != $1.mention.count ? $0.mention.count > $1.mention.count : $0.concept < $1.concept
            }.map(\.concept)
            return scan
        }
        // The notes' findings gathered by concept on one core and the related edges on the
        // other: one after the other, on one core, both cores waited for them.
        let found = mentions, foundEdges = relatedEdges, conceptCount = concepts.count
        let (gathered, relations) = concurrently({
            // Each concept's list made at its length: appended one by one, thousands of lists
            // were made again as they grew.
            var lists = found
            var mentionCounts = [Int](repeating: 0, count: lists.count)
            for scan in scans {
                for (c, _) in scan.mentions { mentionCounts[c] += 1 }
            }
            for c in lists.indices where mentionCounts[c] > 0 { lists[c].reserveCapacity(lists[c].count + mentionCounts[c]) }
            for scan in scans {
                for (c, mention) in scan.mentions { lists[c].append(mention) }
            }
            return (mentions: lists, matches: scans.map(\.matches), ranked: scans.map(\.ranked))
        }, {
            let edges = ConceptCatalog.addingCounts(scans.map(\.related), to: foundEdges)
            return (edges: edges, related: ConceptCatalog.symmetricRelations(edges, conceptCount: conceptCount))
        })
        mentions = gathered.mentions
        noteMatches = gathered.matches
        noteMentions = gathered.ranked
        relatedEdges = relations.edges
        related = relations.related
        // Ten thousand notes' findings, each a few arrays, are freed on another thread.
        releaseElsewhere(consume scans)
    }

    /// The edges of `edges` and of the notes' pair counts (`NoteScan.related`), one per pair in
    /// key order (`from << 32 | to`), each weighing its counts added from 0, then the weights of
    /// its edges in `edges`, in their order: what a dictionary by pair summed, without hashing
    /// every pair of every note. The counts are whole numbers, which a `Double` adds exactly in
    /// any order: they are added as integers, sorted, and made a `Double` once.
    static func addingCounts(_ counts: [[(pair: UInt64, count: Int)]], to edges: [RelatedEdge]) -> [RelatedEdge] {
        var pairs: [(pair: UInt64, count: Int)] = []
        pairs.reserveCapacity(counts.reduce(0) { $0 + $1.count })
        for list in counts { pairs.append(contentsOf: list) }
        pairs.sort { $0.pair < $1.pair }
        // The edges' places in key order, ties in edge order (the order their weights are added).
        let keys = edges.map { UInt64($0.from) << 32 | UInt64($0.to) }
        let order = edges.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        var merged: [RelatedEdge] = []
        merged.reserveCapacity(pairs.count + edges.count)
        var i = 0, j = 0
        while i < pairs.count || j < order.count {
            let key = i < pairs.count && (j == order.count || pairs[i].pair <= keys[order[j]]) ? pairs[i].pair : keys[order[j]]
            var count = 0
            while i < pairs.count, pairs[i].pair == key {
                count += pairs[i].count
                i += 1
            }
            var weight = Double(count)
            while j < order.count, keys[order[j]] == key {
                weight += edges[order[j]].weight
                j += 1
            }
            merged.append(RelatedEdge(from: Int(key >> 32), to: Int(key & 0xFFFF_FFFF), weight: weight))
        }
        return merged
    }

    /// Each distinct key of `keys` with how many times it is there, in key order (`keys` is
    /// sorted in place).
    static func counted(_ keys: inout [UInt64]) -> [(pair: UInt64, count: Int)] {
        guard !keys.isEmpty else { return [] }
        keys.sort()
        var counts: [(pair: UInt64, count: Int)] = []
        var start = 0
        for k in 1...keys.count where k == keys.count || keys[k] != keys[start] {
            counts.append((keys[start], k - start))
            start = k
        }
        return counts
    }

    /// By concept: the concepts joined to it by an edge in either direction, the weights of the
    /// edges between the two added, strongest first (ties in concept order).
    ///
    /// `edges` are in key order (`from`, then `to`), each pair once, as `relatedEdges` is: the
    /// edges from a concept then lie together, in the order of the concepts they lead to, and
    /// those into it, gathered in edge order, come in the order of the concepts they leave. Each
    /// concept's list is those two runs merged, where sorting all its edges by the other concept
    /// was half the cost. Two concepts share at most two edges, one each way, and two weights
    /// added from 0 make the same `Double` in either order: the sums a dictionary per concept made.
    static func symmetricRelations(_ edges: [RelatedEdge], conceptCount: Int) -> [[RelatedConcept]] {
        // The edges into each concept, by counting: `incoming[inStart[c]..<inStart[c + 1]]`,
        // each the concept it leaves and its weight.
        var inStart = [Int](repeating: 0, count: conceptCount + 1)
        for edge in edges { inStart[edge.to + 1] += 1 }
        for c in 0..<conceptCount { inStart[c + 1] += inStart[c] }
        var fill = inStart
        var incoming = [RelatedConcept](repeating: RelatedConcept(concept: 0, weight: 0), count: edges.count)
        for edge in edges {
            incoming[fill[edge.to]] = RelatedConcept(concept: edge.from, weight: edge.weight)
            fill[edge.to] += 1
        }
        var related = [[RelatedConcept]](repeating: [], count: conceptCount)
        var outStart = 0
        for c in 0..<conceptCount {
            var outEnd = outStart
            while outEnd < edges.count, edges[outEnd].from == c { outEnd += 1 }
            var i = outStart, j = inStart[c]
            let inEnd = inStart[c + 1]
            outStart = outEnd
            guard i < outEnd || j < inEnd else { continue }
            var summed: [RelatedConcept] = []
            summed.reserveCapacity(outEnd - i + inEnd - j)
            while i < outEnd || j < inEnd {
                let item: RelatedConcept
                if j == inEnd || (i < outEnd && edges[i].to <= incoming[j].concept) {
                    item = RelatedConcept(concept: edges[i].to, weight: edges[i].weight)
                    i += 1
                } else {
                    item = incoming[j]
                    j += 1
                }
                if let last = summed.last, last.concept == item.concept {
                    summed[summed.count - 1].weight += item.weight
                } else {
                    // From 0, as a dictionary's default: -0 becomes 0.
                    summed.append(RelatedConcept(concept: item.concept, weight: 0 + item.weight))
                }
            }
            summed.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.concept < $1.concept }
            related[c] = summed
        }
        return related
    }

    /// The mentions in one note: every match outside the note's own defining sections, counted
    /// per concept, with the sentences of the first few unlinked ones; and for each match inside
    /// a section defining another concept, a `related` count, even where a section of its own
    /// concept encloses the match.
    static func scan(note: Int, document: MarkdownDocument, definitions: [NoteDefinition],
                     matcher: MentionMatcher, contextsPerNote: Int = 3) -> NoteScan {
        // The concepts whose defining sections hold the block read, in definition order.
        var cover = SectionCover(definitions)
        struct Tally {
            var concept: Int
            var count = 0
            var unlinked = 0
            var contexts = MentionContexts.Collector.List()
        }
        // Each concept's tally, in order of first mention, found with one lookup per match.
        // Room for what a long note holds: grown from nothing, the tables were made again
        // several times in most notes.
        var tallies: [Tally] = []
        tallies.reserveCapacity(32)
        var tallyOfConcept = FirstSightNumbers(capacity: 32)
        // Each pair as it is seen, counted once the note is read (`counted`): a dictionary
        // looked up for each match in a defining section cost more than the sort. Room for a
        // long note's pairs, which grew the array several times.
        var relatedPairs: [UInt64] = []
        relatedPairs.reserveCapacity(64)
        // The sentences of all the note's mentions, laid out in one buffer at the end.
        var sentences = MentionContexts.Collector()
        var scratch = MentionMatcher.Scratch()
        var matches: [TextMatch] = []
        matches.reserveCapacity(64)
        var text = InlineText()
        var blocks: [[Inline]] = []
        blocks.reserveCapacity(2 * document.blocks.count)
        TextBlocks.append(document.blocks, to: &blocks)
        for (b, inlines) in blocks.enumerated() {
            text.read(inlines, document: document)
            cover.move(to: b)
            for run in text.runs {
                let unlinked = run.link == nil
                matcher.forEachMatch(in: text.storage, range: run.range, scratch: &scratch) { match in
                    if unlinked {
                        matches.append(TextMatch(block: Int32(b), start: Int32(match.range.lowerBound),
                                                 end: Int32(match.range.upperBound), concept: Int32(match.concept)))
                    }
                    let c = match.concept
                    // Sections nest: in `### ELBO … with VAE` under `## VAE`, VAE is not a
                    // mention (the note defines it around there), but the ELBO section still
                    // names it, and the VAE section names the ELBO.
                    for other in cover.concepts where other != c {
                        relatedPairs.append(UInt64(other) << 32 | UInt64(c))
                    }
                    if cover.covers(c) { return }
                    let t = tallyOfConcept.number(of: c)
                    if t == tallies.count { tallies.append(Tally(concept: c)) }
                    tallies[t].count += 1
                    if unlinked {
                        tallies[t].unlinked += 1
                        if tallies[t].contexts.count < contextsPerNote {
                            sentences.append(to: &tallies[t].contexts) { bytes in
                                text.appendSentenceUTF8(around: match.range, to: &bytes)
                            }
                        }
                    }
                }
            }
        }
        var scan = NoteScan(related: ConceptCatalog.counted(&relatedPairs), matches: ConceptCatalog.fitted(matches))
        tallies.sort { $0.concept < $1.concept }
        let contexts = sentences.laidOut(tallies.map(\.contexts))
        scan.mentions = tallies.indices.map { k in
            let t = tallies[k]
            return (t.concept, ConceptMention(note: note, count: t.count, unlinkedCount: t.unlinked, contexts: contexts[k]))
        }
        return scan
    }

    /// `matches` in an array of their size. A note's matches are kept until its page is
    /// rendered (the autolinker reads them), and the room reserved for a long note's, or
    /// doubled while appending, was most of each note's array: some 640 bytes a note, a
    /// note without a match included.
    static func fitted(_ matches: [TextMatch]) -> [TextMatch] {
        guard !matches.isEmpty else { return [] }
        return [TextMatch](unsafeUninitializedCapacity: matches.count) { out, count in
            matches.withUnsafeBufferPointer { all in
                out.baseAddress!.initialize(from: all.baseAddress!, count: all.count)
            }
            count = matches.count
        }
    }

    // MARK: Links

    /// The catalog with the links that lead to each concept: to its page, or to a note (or a
    /// section) that defines it.
    func attachingLinks(notes: [ParsedNote], resolutions: [[Resolution]]) -> ConceptCatalog {
        guard !concepts.isEmpty else { return self }
        var catalog = self
        var links = [[ConceptLink]](repeating: [], count: concepts.count)
        for (source, note) in notes.enumerated() where note.isPublished && source < resolutions.count {
            for (k, resolution) in resolutions[source].enumerated() {
                for c in concepts(reachedBy: resolution, from: source, notes: notes) {
                    links[c].append(ConceptLink(note: source, occurrence: k))
                }
            }
        }
        catalog.links = links
        return catalog
    }

    /// The concepts a link leads to: the concept whose page it names, or those the linked note
    /// is about (title, aliases, `concepts:`) or the linked section defines by its heading.
    ///
    /// A link to a whole note leads to what the note is about, not to every idea one of its
    /// sections explains: `[[VAE note|VAE]]` is a link to VAE, and listing it among the links to
    /// the reparameterization trick (defined in a section of that note) showed a sentence about
    /// VAE on the trick's page. Only a note that names no concept of its own (its title a date,
    /// "Week 3") is about what its headings define, and a link to it leads to those.
    func concepts(reachedBy resolution: Resolution, from source: Int, notes: [ParsedNote]) -> [Int] {
        switch resolution {
        case .concept(let c):
            return [c]
        case .note(let target, let anchor) where target != source && notes[target].isPublished && target < noteDefinitions.count:
            let definitions = noteDefinitions[target]
            let aboutItself = definitions.contains(where: \.source.namesTheNote)
            var reached: [Int] = []
            for definition in definitions where !reached.contains(definition.concept) {
                let section = definition.source == .heading && (anchor.map { $0 == definition.anchor } ?? !aboutItself)
                if definition.source.namesTheNote || section { reached.append(definition.concept) }
            }
            return reached
        default:
            return []
        }
    }
}

/// Joins the names the notes and the glossary give into concepts.
///
/// Names are joined when they share a key, or are written together: a glossary entry, an
/// acronym with its long form, a title with its aliases. In order of trust:
/// 1. the glossary;
/// 2. definitions: titles, headings, bold terms, `Long (ABBR)` in text, `concepts:`;
/// 3. acronym pairs written without defining anything (they join names, never make a concept);
/// 4. aliases. A note's aliases are other names of what its title defines; a note whose title
///    defines nothing may list several concepts as aliases, so an alias that already names a
///    concept stays with it, and the others become one concept when none is known, or one each.
struct ConceptMerger {
    let notes: [ParsedNote]
    let facts: [NoteFacts]
    let glossary: Glossary

    /// The vault's `NameTable` as the merge found it: the facts' names are numbered in it
    /// (`NoteFacts.nameRefs`), and so are the glossary's (`glossaryNames`). The arrays below
    /// indexed by a key or a spelling are indexed by its number, where dictionaries keyed by
    /// the strings hashed each name again, on the merge's one core.
    private let numbers: [HashedName: Int32]
    /// Each glossary entry's names (its name, then its aliases), their keys and numbers.
    private let glossaryNames: [(names: [String], keys: [String], refs: [NameRef])]

    /// By key number: the key's id, or -1 before it has one.
    private var idOfKey: [Int]
    private var parent: [Int] = []
    /// Every distinct spelling seen, in order of first sight, with how often and how it was
    /// seen; `tallyOfSpelling` (by spelling number, -1 for none yet) finds a spelling's entry.
    /// A spelling has one key, so one class.
    private var tallies: [SpellingTally] = []
    private var tallyOfSpelling: [Int]
    /// Every definition, keyed by one of its names: which note, which fact, which class.
    private var definitions: [(note: Int, fact: FactRef, id: Int)] = []
    /// The concept of each class (-1 for none), once `joinNames` has ordered them.
    private var conceptOfRoot: [Int] = []
    private var diagnostics: [Diagnostic] = []

    private struct SpellingTally {
        var spelling: String
        var key: String
        var id: Int
        var count = 0
        var pairAcronym = false
        var glossary = false
    }

    /// A definition fact, found where it is kept rather than copied: fact `k` of a note, or the
    /// note's alias `k`, whose fact is made when it is read (a names-only merge never reads it).
    private enum FactRef {
        case note(Int)
        case alias(Int)
    }

    private func fact(_ note: Int, _ ref: FactRef) -> DefinitionFact {
        switch ref {
        case .note(let k):
            facts[note].definitions[k]
        case .alias(let k):
            DefinitionFact(names: [facts[note].aliases[k]], keys: [facts[note].aliasKeys[k]], source: .alias, anchor: nil,
                           scope: nil, excerpt: facts[note].lead,
                           location: SourceLocation(file: notes[note].path.string, line: 1, column: 1))
        }
    }

    /// `facts` must be numbered in `names` (`ConceptFactExtractor` numbers them); the glossary's
    /// names are numbered here.
    init(notes: [ParsedNote], facts: [NoteFacts], glossary: Glossary, names table: NameTable) {
        self.notes = notes
        self.facts = facts
        self.glossary = glossary
        var batch = NameTable.Batch()
        var entries: [(names: [String], keys: [String])] = []
        for entry in glossary.entries {
            let names = [entry.name] + entry.aliases
            let keys = names.map(ConceptName.key)
            for (name, key) in zip(names, keys) { batch.add(name, key: key) }
            entries.append((names, keys))
        }
        let refs = batch.numbered(in: table)
        var start = 0
        glossaryNames = entries.map { entry in
            defer { start += entry.names.count }
            return (entry.names, entry.keys, Array(refs[start..<(start + entry.names.count)]))
        }
        numbers = table.snapshot
        idOfKey = [Int](repeating: -1, count: numbers.count)
        tallyOfSpelling = [Int](repeating: -1, count: numbers.count)
        // Room for every name and definition at once.
        var names = refs.count, definitionCount = 0
        for n in facts.indices {
            names += facts[n].nameRefs.all.count
            definitionCount += facts[n].definitions.count + facts[n].aliases.count
        }
        parent.reserveCapacity(min(names, numbers.count))
        tallies.reserveCapacity(min(names, numbers.count))
        definitions.reserveCapacity(definitionCount)
    }

    /// A heading that is a bare term in more than this share of the notes (and in at least
    /// `templateMinimum` of them) is a template's section, like "Training Objective".
    static let templateShare = 4
    static let templateMinimum = 20

    /// The id of the key of `name`, and whether the key had one before; nil for an empty key.
    private mutating func newOrKnownID(_ name: NameRef) -> (id: Int, wasKnown: Bool)? {
        guard name.key >= 0 else { return nil }
        let known = idOfKey[Int(name.key)]
        if known >= 0 { return (known, true) }
        let new = parent.count
        idOfKey[Int(name.key)] = new
        parent.append(new)
        return (new, false)
    }

    /// Whether the key of `name` has an id.
    private func isKnown(_ name: NameRef) -> Bool {
        name.key >= 0 && idOfKey[Int(name.key)] >= 0
    }

    private mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    private mutating func union(_ a: Int, _ b: Int) {
        let ra = find(a), rb = find(b)
        if ra == rb { return }
        // The older root stays, so the outcome does not depend on hashing.
        if ra < rb { parent[rb] = ra } else { parent[ra] = rb }
    }

    /// Joins `names` (with their `ConceptName.key`s, and numbered as `refs` from
    /// `refs.startIndex` on) into one class; returns its first name's id.
    @discardableResult
    private mutating func join(_ names: [String], keys: [String], refs: ArraySlice<NameRef>, pairAcronym: Bool = false,
                               glossary: Bool = false) -> Int? {
        var first: Int?
        for n in names.indices {
            let ref = refs[refs.startIndex + n]
            guard let (i, _) = newOrKnownID(ref) else { continue }
            tally(names[n], key: keys[n], ref: ref, id: i, pairAcronym: pairAcronym && n == 0, glossary: glossary && n == 0)
            if let f = first { union(f, i) } else { first = i }
        }
        return first
    }

    /// Counts one sighting of `name` (numbered as `ref`), whose key has the id `i`. The spelling
    /// is made from the name at its first sight only: `nfc(name)`, as `ref.normalizes` says.
    private mutating func tally(_ name: String, key: String, ref: NameRef, id i: Int, pairAcronym: Bool = false,
                                glossary: Bool = false) {
        var t = tallyOfSpelling[Int(ref.spelling)]
        if t < 0 {
            t = tallies.count
            tallyOfSpelling[Int(ref.spelling)] = t
            tallies.append(SpellingTally(spelling: ref.normalizes ? name.nfc : name, key: key, id: i))
        }
        tallies[t].count += 1
        if pairAcronym { tallies[t].pairAcronym = true }
        if glossary { tallies[t].glossary = true }
    }

    static func nfc(_ s: String) -> String {
        ConceptName.needsNormalization(s) ? s.nfc : s
    }

    static func isPair(_ names: [String]) -> Bool {
        names.count == 2 && ConceptName.isAcronym(names[0])
    }

    /// One concept before it is made: its class, its spellings (the shown name first) and key.
    struct Draft {
        var root: Int
        var name: String
        var key: String
        var spellings: [String]
        var inGlossary: Bool
    }

    /// The catalog of `drafts`, the concepts `joinNames` found: their names, keys and
    /// definitions. The merge is two steps because the drafts' spellings (the names the mention
    /// scan looks for) are all the matcher needs: `ConceptCatalog.build` makes it from them
    /// while this runs.
    mutating func merge(_ drafts: [Draft]) -> ConceptCatalog {
        var usedSlugs = Set<String>()
        var concepts: [Concept] = []
        concepts.reserveCapacity(drafts.count)
        for d in drafts {
            let base = ConceptName.slug(d.name)
            var slug = base
            var n = 1
            while !usedSlugs.insert(slug).inserted {
                n += 1
                slug = "\(base)-\(n)"
            }
            concepts.append(Concept(key: d.key, name: d.name, aliases: ConceptMerger.aliases(of: d),
                                    permalink: Permalink("concepts/\(slug)/"), definitions: [], inGlossary: d.inGlossary))
        }
        let byKey = conceptsByKey()

        // Definitions: per note, a section that defines the concept takes over from the note's
        // title or aliases, both for display and for where mentions do not count. Grouped by
        // concept, then note, each group in the order the definitions were found.
        var grouped: [(concept: Int, note: Int, order: Int)] = []
        grouped.reserveCapacity(definitions.count)
        for (order, d) in definitions.enumerated() {
            let c = conceptOfRoot[find(d.id)]
            if c >= 0 { grouped.append((c, d.note, order)) }
        }
        grouped.sort { ($0.concept, $0.note, $0.order) < ($1.concept, $1.note, $1.order) }
        var noteDefinitions = [[ConceptCatalog.NoteDefinition]](repeating: [], count: notes.count)
        var start = 0
        while start < grouped.count {
            let (c, note, _) = grouped[start]
            var end = start + 1
            while end < grouped.count, grouped[end].concept == c, grouped[end].note == note { end += 1 }
            let facts = grouped[start..<end].map { fact(note, definitions[$0.order].fact) }
            start = end
            let blockCount = self.facts[note].blockCount
            let hasSection = facts.contains { $0.source == .heading }
            for fact in facts {
                let isNoteLevel = fact.scope == nil
                let blocks: Range<Int>? = isNoteLevel ? (hasSection ? nil : 0..<blockCount) : fact.scope
                noteDefinitions[note].append(.init(concept: c, anchor: fact.anchor, source: fact.source, blocks: blocks))
            }
            let sorted = Self.shownFacts(facts, hasSection: hasSection).sorted {
                ($0.scope?.lowerBound ?? -1) < ($1.scope?.lowerBound ?? -1)
            }
            for fact in sorted {
                concepts[c].definitions.append(ConceptDefinition(note: note, anchor: fact.anchor, source: fact.source,
                                                                 excerpt: fact.excerpt, location: fact.location))
            }
        }
        for n in noteDefinitions.indices {
            noteDefinitions[n].sort { ($0.blocks?.lowerBound ?? -1, $0.concept) < ($1.blocks?.lowerBound ?? -1, $1.concept) }
        }

        let relatedEdges = glossaryRelations(byKey: byKey)
        let catalog = ConceptCatalog(concepts: concepts,
                                     mentions: Array(repeating: [], count: concepts.count),
                                     links: Array(repeating: [], count: concepts.count),
                                     related: Array(repeating: [], count: concepts.count),
                                     relatedEdges: relatedEdges, diagnostics: diagnostics,
                                     byKey: byKey, noteDefinitions: noteDefinitions)
        return catalog
    }

    /// The fact shown for each anchor of one concept's definitions in one note (the note-level
    /// ones left out when a section defines it), in order of the anchors' first sight, a higher
    /// source taking over from a lower one.
    ///
    /// A list searched from its start, as one note defines one concept in one or two places (a
    /// dictionary per group cost more than the rest of the group's work), up to `listLimit`
    /// facts; past them a dictionary: a note of 40,000 headings of one name (anchors `same`,
    /// `same-1`, …) took seconds comparing each anchor with all before it. Anchors compare as a
    /// dictionary's keys do, so both find the same.
    static func shownFacts(_ facts: [DefinitionFact], hasSection: Bool, listLimit: Int = 16) -> [DefinitionFact] {
        var shown: [(anchor: String?, fact: DefinitionFact)] = []
        var index: [String?: Int]? = facts.count > listLimit ? [:] : nil
        for fact in facts {
            if fact.scope == nil && hasSection { continue }
            let found = index != nil ? index?[fact.anchor] : shown.firstIndex { $0.anchor == fact.anchor }
            if let k = found {
                if fact.source > shown[k].fact.source { shown[k].fact = fact }
            } else {
                index?[fact.anchor] = shown.count
                shown.append((fact.anchor, fact))
            }
        }
        return shown.map(\.fact)
    }

    /// The concepts' names and keys, and nothing else (`ConceptCatalog.buildNames`): the same
    /// classes, shown names, aliases, order and keys as `merge`, which makes them the same way,
    /// without the pages' slugs and without gathering the definitions.
    mutating func mergeNames() -> ConceptCatalog {
        let drafts = joinNames()
        let byKey = conceptsByKey()
        let relatedEdges = glossaryRelations(byKey: byKey)
        var catalog = ConceptCatalog(concepts: [], mentions: [], links: [], related: [],
                                     relatedEdges: relatedEdges, diagnostics: diagnostics,
                                     byKey: byKey, noteDefinitions: [])
        // The aliases are left for `names(of:)` to make, on the cores that ask for them.
        catalog.spellingsOnly = drafts.map(\.spellings)
        return catalog
    }

    /// Joins every name (glossary, definitions, acronym pairs, aliases) into classes and makes a
    /// draft of each class that is a concept, in concept order (by key); `conceptOfRoot` then
    /// maps a class to its concept.
    mutating func joinNames() -> [Draft] {
        let published = notes.reduce(0) { $0 + ($1.isPublished ? 1 : 0) }
        // Template headings. A bare heading has one name. One whose key is empty is left out:
        // it joins nothing, a template or not.
        var bareCounts = [Int](repeating: 0, count: numbers.count)
        var seen: [Int32] = []
        // The facts are read in place, by index, here and below: a `for` over them copied each
        // note's facts and each definition (a retain and a release of every field), on the
        // merge's one core. A note's names are numbered in the order they are read
        // (`NameRefs`): `at` follows them.
        for n in facts.indices {
            // A note has a handful of bare headings: a list of their keys' numbers.
            seen.removeAll(keepingCapacity: true)
            var at = 0
            for k in facts[n].definitions.indices {
                defer { at += facts[n].definitions[k].names.count }
                guard facts[n].definitions[k].isBareHeading else { continue }
                let key = facts[n].nameRefs.all[at].key
                if key >= 0, !seen.contains(key) {
                    seen.append(key)
                    bareCounts[Int(key)] += 1
                }
            }
        }
        func isTemplate(_ key: Int32) -> Bool {
            key >= 0 && bareCounts[Int(key)] >= Self.templateMinimum && bareCounts[Int(key)] * Self.templateShare >= published
        }

        // 1. The glossary.
        var glossaryIDs: [Int] = []
        for entry in glossaryNames {
            if let i = join(entry.names, keys: entry.keys, refs: entry.refs[...], glossary: true) { glossaryIDs.append(i) }
        }
        // 2. Definitions. The id of each title's first key is kept for its note's aliases
        // (`join` gives the first name's id when its key is not empty).
        var titleIDs = [Int?](repeating: nil, count: facts.count)
        for n in facts.indices {
            var at = 0
            for k in facts[n].definitions.indices {
                let names = facts[n].definitions[k].names, keys = facts[n].definitions[k].keys
                let refs = facts[n].nameRefs.all[at..<(at + names.count)]
                at += names.count
                if facts[n].definitions[k].isBareHeading, isTemplate(refs[refs.startIndex].key) { continue }
                guard let i = join(names, keys: keys, refs: refs, pairAcronym: facts[n].definitions[k].isPair) else { continue }
                definitions.append((n, .note(k), i))
                if k == facts[n].titleDefinition, refs[refs.startIndex].key >= 0 { titleIDs[n] = i }
            }
        }
        // 3. Acronym pairs that define nothing join names already known.
        for n in facts.indices {
            var at = facts[n].nameRefs.synonymsStart
            for s in facts[n].synonyms.indices {
                let pair = facts[n].synonyms[s]
                let refs = facts[n].nameRefs.all[at..<(at + pair.count)]
                at += pair.count
                guard refs.contains(where: isKnown) else { continue }
                join(pair, keys: facts[n].synonymKeys[s], refs: refs, pairAcronym: ConceptMerger.isPair(pair))
            }
        }
        // 4. Aliases.
        for n in facts.indices where !facts[n].aliases.isEmpty {
            // The title's first key has an id from step 2 or none at all: no later step gives a
            // key of a definition its id.
            let titleID = titleIDs[n]
            let start = facts[n].nameRefs.aliasesStart
            let refs = facts[n].nameRefs.all[start..<(start + facts[n].aliases.count)]
            // Whether any alias named a class before this note's aliases joined: only asked
            // when the title defines nothing.
            let noneKnown = titleID != nil || !refs.contains(where: isKnown)
            var joinUnknown: Int? = titleID
            for k in facts[n].aliases.indices {
                let ref = refs[start + k]
                guard let (i, isKnown) = newOrKnownID(ref) else { continue }
                tally(facts[n].aliases[k], key: facts[n].aliasKeys[k], ref: ref, id: i)
                if !isKnown {
                    if let target = joinUnknown {
                        union(target, i)
                    } else if noneKnown {
                        joinUnknown = i
                    }
                }
                definitions.append((n, .alias(k), i))
            }
        }

        // Classes with a definition or a glossary entry are concepts.
        var isConcept = [Bool](repeating: false, count: parent.count)
        for d in definitions { isConcept[find(d.id)] = true }
        for g in glossaryIDs { isConcept[find(g)] = true }

        // Each concept's spellings, in order of first sight: grouped by class in one array,
        // `forms[formStart[root]..<formStart[root + 1]]`, where an array per class was made and
        // grown, thousands of them, on the merge's one core.
        var rootOfTally = [Int](repeating: -1, count: tallies.count)
        var formStart = [Int](repeating: 0, count: parent.count + 1)
        for t in tallies.indices {
            let root = find(tallies[t].id)
            if isConcept[root] {
                rootOfTally[t] = root
                formStart[root + 1] += 1
            }
        }
        for root in parent.indices { formStart[root + 1] += formStart[root] }
        var forms = [Int](repeating: 0, count: formStart[parent.count])
        var nextForm = formStart
        for t in tallies.indices where rootOfTally[t] >= 0 {
            forms[nextForm[rootOfTally[t]]] = t
            nextForm[rootOfTally[t]] += 1
        }

        // Names, keys, order.
        // Earlier first sight is a smaller tally index. A total order (ties end with the
        // indices), so any sort gives one outcome.
        // Fields read in place: a copy of a tally retained its two strings.
        func better(_ a: Int, _ b: Int) -> Bool {
            if tallies[a].glossary != tallies[b].glossary { return tallies[a].glossary }
            if tallies[a].glossary { return a < b }
            if tallies[a].pairAcronym != tallies[b].pairAcronym { return tallies[a].pairAcronym }
            if tallies[a].count != tallies[b].count { return tallies[a].count > tallies[b].count }
            return a < b
        }
        var drafts: [Draft] = []
        for root in parent.indices where formStart[root] < formStart[root + 1] {
            let range = formStart[root]..<formStart[root + 1]
            // Most concepts have one spelling: nothing to sort. Sorted where they are: sorting
            // `forms[range]` copied the slice, the array being shared with it.
            if range.count > 1 {
                forms.withUnsafeMutableBufferPointer { all in
                    var group = UnsafeMutableBufferPointer(rebasing: all[range])
                    group.sort(by: better)
                }
            }
            let first = forms[range.lowerBound]
            drafts.append(Draft(root: root, name: tallies[first].spelling, key: tallies[first].key,
                                spellings: forms[range].map { tallies[$0].spelling },
                                inGlossary: forms[range].contains { tallies[$0].glossary }))
        }
        // Sorted as indices: the sort moves a draft (two strings and an array) many times over.
        // Each key's first bytes are read once (`SortPrefix`), and most comparisons end there.
        let keys = drafts.map(\.key)
        let prefixes = keys.map(String.SortPrefix.init)
        drafts = drafts.indices.sorted {
            String.bytesPrecede(keys[$0], prefixes[$0], keys[$1], prefixes[$1])
        }.map { drafts[$0] }
        conceptOfRoot = [Int](repeating: -1, count: parent.count)
        for (c, d) in drafts.enumerated() { conceptOfRoot[d.root] = c }
        return drafts
    }

    /// A concept's other names: its spellings after the shown one, each case-insensitive form
    /// once, in byte order.
    static func aliases(of draft: Draft) -> [String] {
        aliases(ofSpellings: draft.spellings)
    }

    /// `aliases(of:)` of a draft with these spellings (its shown name first, as every draft's
    /// spellings are): what a catalog of names only keeps of a concept (`spellingsOnly`).
    static func aliases(ofSpellings spellings: [String]) -> [String] {
        guard spellings.count > 1 else { return [] }
        let name = spellings[0]
        let others = spellings.dropFirst()
        if others.count == 1 {
            // One other spelling (most concepts): kept unless it is the name in another case,
            // and nothing to sort.
            let other = others[others.startIndex]
            // What `asciiAliases(ofSpellings:)` finds for two spellings (none kept exactly when
            // the other is the name in another case), without its array; through `Optional.map`
            // with a key path, `\.isEmpty` was applied at run time (`swift_getAtKeyPath`).
            let same = name.isASCIIOnly && other.isASCIIOnly
                ? asciiSameIgnoringCase(other, name)
                : other.lowercased() == name.lowercased()
            return same ? [] : [other]
        }
        let kept: [String]
        if others.count <= 8, let ascii = asciiAliases(ofSpellings: spellings) {
            kept = ascii
        } else if others.count <= 8 {
            // Most concepts have two or three spellings: a list, compared as the set would.
            var seen = [name.lowercased()]
            kept = others.filter { spelling in
                let lowered = spelling.lowercased()
                if seen.contains(lowered) { return false }
                seen.append(lowered)
                return true
            }
        } else {
            var seen: Set<String> = [name.lowercased()]
            kept = others.filter { seen.insert($0.lowercased()).inserted }
        }
        return kept.sorted(by: ConceptName.bytesPrecede)
    }

    /// `aliases(of:)` before the sort, when every spelling is ASCII: then `lowercased()` maps
    /// `A`–`Z` alone and lowercased spellings are equal when their bytes are, so a spelling is
    /// compared, case folded, byte by byte with the name and the spellings kept before it, and
    /// none is lowercased into a new string. Nil when a spelling is not ASCII.
    static func asciiAliases(of draft: Draft) -> [String]? {
        asciiAliases(ofSpellings: draft.spellings)
    }

    /// `asciiAliases(of:)` of a draft with these spellings, its shown name first.
    static func asciiAliases(ofSpellings spellings: [String]) -> [String]? {
        guard spellings.allSatisfy(\.isASCIIOnly) else { return nil }
        let name = spellings[0]
        var kept: [String] = []
        for spelling in spellings.dropFirst()
        where !asciiSameIgnoringCase(spelling, name) && !kept.contains(where: { asciiSameIgnoringCase(spelling, $0) }) {
            kept.append(spelling)
        }
        return kept
    }

    /// Whether two ASCII strings are equal once lowercased: compared byte by byte, case folded.
    private static func asciiSameIgnoringCase(_ a: String, _ b: String) -> Bool {
        a.withUTF8Bytes { x in
            b.withUTF8Bytes { y in
                guard x.count == y.count else { return false }
                for k in 0..<x.count where x[k] != y[k] {
                    // Equal once lowercased only as the two cases of one letter.
                    guard x[k] | 0x20 == y[k] | 0x20, (0x61...0x7A).contains(x[k] | 0x20) else { return false }
                }
                return true
            }
        }
    }

    /// Every key given an id, with its concept (after `joinNames`): the vault's `NameTable`
    /// with the concept of each number, so that no key is hashed again (thousands of strings,
    /// on the merge's one core). A number that is no key with an id (a spelling, a template
    /// heading, a pair that joined nothing) or whose class is no concept has none.
    private mutating func conceptsByKey() -> ConceptKeys {
        var concepts = [Int32](repeating: -1, count: idOfKey.count)
        for number in idOfKey.indices where idOfKey[number] >= 0 {
            concepts[number] = Int32(conceptOfRoot[find(idOfKey[number])])
        }
        return ConceptKeys(numbers: numbers, concepts: concepts)
    }

    /// The glossary's `related` lists as edges; a name no concept has is a warning.
    private mutating func glossaryRelations(byKey: ConceptKeys) -> [ConceptCatalog.RelatedEdge] {
        var relatedEdges: [ConceptCatalog.RelatedEdge] = []
        for entry in glossary.entries {
            guard let from = byKey[ConceptName.key(entry.name)] else { continue }
            for name in entry.related {
                if let to = byKey[ConceptName.key(name)], to != from {
                    relatedEdges.append(.init(from: from, to: to, weight: 1))
                } else if byKey[ConceptName.key(name)] == nil {
                    diagnostics.append(.warning("glossary", "\"\(entry.name)\" is related to \"\(name)\", which no note or glossary entry defines",
                                                at: entry.location, hint: "add \(name) to the glossary, or fix the spelling"))
                }
            }
        }
        return relatedEdges
    }
}

/// Numbers for keys in order of first sight (0 for the first key seen, 1 for the next...): what
/// `Dictionary.value(forKey:insertingIfAbsent:)` with the count gives, in a table of its own.
/// The mention scan numbers the concepts a note names, a few dozen, once per match: a
/// dictionary of `Int`s was a tenth of the scan's own work (its hashing, and making one per
/// note). Here a key is hashed by a multiplication and found by linear probing in a table
/// kept at most half full.
struct FirstSightNumbers {
    /// `keys[n]` is the key numbered n.
    private(set) var keys: [Int] = []
    /// Key numbers, -1 for an empty slot; a power of two long.
    private var slots: [Int32]
    /// 64 less the table size's log 2: how far the product is shifted to index the table.
    private var shift: UInt64

    /// Room for `capacity` keys before the table grows.
    init(capacity: Int) {
        var size = 8, bits: UInt64 = 3
        while size < 2 * capacity { size <<= 1; bits += 1 }
        slots = [Int32](repeating: -1, count: size)
        shift = 64 - bits
        keys.reserveCapacity(capacity)
    }

    /// The number of `key`, numbered now if it is new.
    mutating func number(of key: Int) -> Int {
        let mask = slots.count - 1
        var slot = self.slot(of: key)
        while true {
            let n = Int(slots[slot])
            if n < 0 { break }
            if keys[n] == key { return n }
            slot = (slot + 1) & mask
        }
        let n = keys.count
        keys.append(key)
        slots[slot] = Int32(n)
        if 2 * keys.count > slots.count { grow() }
        return n
    }

    /// Fibonacci hashing: the product's top bits, which every bit of the key changes.
    private func slot(of key: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Twice the slots, the keys placed again in number order.
    private mutating func grow() {
        slots = [Int32](repeating: -1, count: 2 * slots.count)
        shift -= 1
        let mask = slots.count - 1
        for (n, key) in keys.enumerated() {
            var slot = self.slot(of: key)
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(n)
        }
    }
}

extension Dictionary {
    /// The value of `key`, after storing `value` for it if it had none: one lookup where reading
    /// and then storing took two, each hashing the key (the merge's strings, on one core).
    mutating func value(forKey key: Key, insertingIfAbsent value: Value) -> Value {
        func read(_ stored: inout Value) -> Value { stored }
        return read(&self[key, default: value])
    }
}

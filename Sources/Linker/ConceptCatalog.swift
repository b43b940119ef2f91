public import Diagnostics

/// Every concept of the vault and how the notes refer to them. Arrays indexed by concept are
/// parallel to `concepts`, which is sorted by key.
public struct ConceptCatalog: Sendable {
    public var concepts: [Concept]
    /// By concept: the notes mentioning it in plain text, in note order.
    public var mentions: [[ConceptMention]]
    /// By concept: the links leading to it, in note order, then link order.
    public var links: [[ConceptLink]]
    /// By concept: related concepts (either direction, weights added), strongest first.
    public var related: [[RelatedConcept]]
    /// `related` edges as found, directed: a defining section of `from` mentions `to` (`weight`
    /// times), or the glossary lists `to` under `from`. Sorted.
    public var relatedEdges: [RelatedEdge]
    /// Glossary problems.
    public var diagnostics: [Diagnostic]

    /// A directed `related` edge.
    public struct RelatedEdge: Sendable, Hashable {
        public var from: Int
        public var to: Int
        public var weight: Double
    }

    /// Where one note defines one concept.
    struct NoteDefinition: Sendable, Hashable {
        var concept: Int
        var anchor: String?
        var source: ConceptDefinition.Source
        /// The text blocks the definition covers, where the concept is not "mentioned"; nil for
        /// a title or alias of a note that also has a section defining the concept.
        var blocks: Range<Int>?
    }

    /// Concept by name key, for every name of every concept.
    var byKey: ConceptKeys
    /// By note: its definitions (a defining section does not mention its own concept).
    var noteDefinitions: [[NoteDefinition]]
    /// By note: the concepts it mentions outside its defining sections, most mentioned first.
    var noteMentions: [[Int]] = []
    /// By note: every name match in its text outside links, as the mention scan found them, in
    /// text order. The autolinker (`LinkedVault.autolinked`) links among these rather than
    /// matching every name in every paragraph a second time. Empty when mentions were not
    /// scanned.
    var noteMatches: [[TextMatch]] = []

    /// Set by `buildNames` only: each concept's spellings, the shown name first
    /// (`ConceptMerger.Draft.spellings`), in concept order, for a catalog that knows the
    /// concepts' names and nothing else about them. Its names (`names(of:)`) are made from
    /// them when asked: only a broken wikilink's suggestion asks, on every core
    /// (`Suggester`), where making them all in the merge took a fifth of its time, on its one core.
    var spellingsOnly: [[String]]?

    /// Whether this catalog holds only the concepts' names and keys (`buildNames`): `concepts`
    /// and the arrays parallel to it are then empty, and an index from `concept(named:)` indexes
    /// `names` alone.
    public var isNamesOnly: Bool { spellingsOnly != nil }

    /// How many concepts there are: `concepts.count`, or the number of `names` of a catalog
    /// of names only.
    public var conceptCount: Int { spellingsOnly?.count ?? concepts.count }

    /// Concept `c`'s names, the shown one first (`Concept.names`): `names[c]`, made alone.
    public func names(of c: Int) -> [String] {
        guard let spellingsOnly else { return concepts[c].names }
        return [spellingsOnly[c][0]] + ConceptMerger.aliases(ofSpellings: spellingsOnly[c])
    }

    /// Appends `names(of: c)` to `names`, without an array for them alone (most concepts have
    /// one name): for the suggestions, which gather every concept's names.
    public func appendNames(of c: Int, to names: inout [String]) {
        guard let spellingsOnly else {
            names += concepts[c].names
            return
        }
        names.append(spellingsOnly[c][0])
        if spellingsOnly[c].count > 1 { names += ConceptMerger.aliases(ofSpellings: spellingsOnly[c]) }
    }

    /// Each concept's names, the shown one first (`Concept.names`), in concept order: what a
    /// broken wikilink may have meant.
    public var names: [[String]] { (0..<conceptCount).map(names(of:)) }

    /// A name matched in a text block: scalars `start..<end` of the block's `InlineText`.
    struct TextMatch: Sendable, Hashable {
        var block: Int32
        var start: Int32
        var end: Int32
        var concept: Int32
    }

    /// The concept a name (or alias) denotes, compared as concept names are.
    public func concept(named name: String) -> Int? {
        byKey[ConceptName.key(name)]
    }

    /// The concepts note `note` defines, in order of first definition.
    public func definedConcepts(in note: Int) -> [Int] {
        guard note < noteDefinitions.count else { return [] }
        // A note defines a handful of concepts: the list itself is searched, not a set hashed
        // and allocated for every page. A note of thousands of sections gets the set.
        var defined: [Int] = []
        guard noteDefinitions[note].count > Self.fewDefinitions else {
            for k in noteDefinitions[note].indices where !defined.contains(noteDefinitions[note][k].concept) {
                defined.append(noteDefinitions[note][k].concept)
            }
            return defined
        }
        var seen = Set<Int>(minimumCapacity: noteDefinitions[note].count)
        for definition in noteDefinitions[note] where seen.insert(definition.concept).inserted {
            defined.append(definition.concept)
        }
        return defined
    }

    /// Up to how many a list is searched from the start rather than hashed into a set.
    static let fewDefinitions = 32

    /// The concepts of note `note`: those it defines, in order of first definition, and those
    /// it only mentions, most mentioned first (ties in concept order).
    public func concepts(in note: Int) -> (defined: [Int], mentioned: [Int]) {
        let defined = definedConcepts(in: note)
        guard note < noteMentions.count else { return (defined, []) }
        // Searched in the few defined ones rather than in a set of them (`definedConcepts`).
        guard defined.count > Self.fewDefinitions else {
            return (defined, defined.isEmpty ? noteMentions[note] : noteMentions[note].filter { !defined.contains($0) })
        }
        let definedSet = Set(defined)
        return (defined, noteMentions[note].filter { !definedSet.contains($0) })
    }

    /// A catalog without concepts.
    public static let empty = ConceptCatalog(concepts: [], mentions: [], links: [], related: [], relatedEdges: [],
                                             diagnostics: [], byKey: ConceptKeys(), noteDefinitions: [])
}

/// The concept of each name key (`ConceptCatalog.byKey`): the vault's `NameTable` as the merge
/// read it, with the concept of each number. The merge makes it without hashing a key (see
/// `NameTable`); it is read as a `[String: Int]` from key to concept would be.
struct ConceptKeys: Sendable {
    /// Every key and spelling of the vault's concept facts and glossary, numbered.
    var numbers: [HashedName: Int32] = [:]
    /// By number: the concept whose key it is, or -1 for a number that is no concept's key.
    var concepts: [Int32] = []

    /// The concept of `key`, compared as a dictionary's keys are (`==`).
    subscript(key: String) -> Int? {
        guard let number = numbers[HashedName(key)], concepts[Int(number)] >= 0 else { return nil }
        return Int(concepts[Int(number)])
    }

    /// Every key with its concept, as one dictionary (for tests and inspection).
    var dictionary: [String: Int] {
        var keys: [String: Int] = [:]
        for (name, number) in numbers where concepts[Int(number)] >= 0 { keys[name.string] = Int(concepts[Int(number)]) }
        return keys
    }
}


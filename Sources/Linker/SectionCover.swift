/// The concepts whose defining sections hold a note's text block, followed block after block.
///
/// The mention scan (`ConceptCatalog.scan`) and the autolinker (`ConceptAutolinker`) both ask,
/// for every text block in order, which of the note's definitions cover it: a section does not
/// mention, nor link, the concept it defines. Asking each definition for each block made a note
/// with thousands of defining headings (a semester's lecture notes in one file) quadratic: a
/// 16 MB note spent more time there than in everything else. Here the definitions are sorted
/// by where their blocks start once, and moving to the next block opens the sections starting
/// there and closes those ending before it, so a note costs its blocks plus its definitions.
struct SectionCover {
    private let definitions: [ConceptCatalog.NoteDefinition]
    /// Definitions with blocks, by first block (ties in definition order).
    private let byStart: [Int]
    /// The next of `byStart` not opened yet.
    private var nextStart = 0
    /// The definitions open at `block`, in definition order.
    private var open: [Int] = []
    /// The first block after `block` that one of `open` does not cover: nothing closes before.
    private var soonestEnd = Int.max
    /// The block `concepts` describes; -1 before the first move.
    private(set) var block = -1
    /// The concepts of the definitions covering `block`, each once, in definition order.
    private(set) var concepts: [Int] = []

    init(_ definitions: [ConceptCatalog.NoteDefinition]) {
        self.definitions = definitions
        byStart = definitions.indices
            .filter { definitions[$0].blocks.map { !$0.isEmpty } ?? false }
            .sorted { (definitions[$0].blocks!.lowerBound, $0) < (definitions[$1].blocks!.lowerBound, $1) }
    }

    /// Moves to text block `b`, which is not before the block moved to last.
    mutating func move(to b: Int) {
        guard b != block else { return }
        precondition(b > block, "SectionCover moves forward only")
        block = b
        var changed = false
        // Sections that end before `b` close; they never reopen, since blocks only go forward.
        if soonestEnd <= b {
            let definitions = self.definitions
            open.removeAll { definitions[$0].blocks!.upperBound <= b }
            soonestEnd = Int.max
            for d in open { soonestEnd = min(soonestEnd, definitions[d].blocks!.upperBound) }
            changed = true
        }
        // Sections that start at or before `b` open, unless they ended before it.
        while nextStart < byStart.count, definitions[byStart[nextStart]].blocks!.lowerBound <= b {
            let d = byStart[nextStart]
            nextStart += 1
            guard definitions[d].blocks!.upperBound > b else { continue }
            open.insert(d, at: open.firstIndex { $0 > d } ?? open.count)
            soonestEnd = min(soonestEnd, definitions[d].blocks!.upperBound)
            changed = true
        }
        guard changed else { return }
        concepts.removeAll(keepingCapacity: true)
        for d in open where !concepts.contains(definitions[d].concept) {
            concepts.append(definitions[d].concept)
        }
    }

    /// Whether a definition covering the current block is of `concept`.
    func covers(_ concept: Int) -> Bool {
        concepts.contains(concept)
    }
}

/// Finds every concept name in a text in one pass, however many concepts there are.
///
/// An Aho–Corasick automaton over the folded UTF-8 of the names (see `ConceptName.fold`): the
/// text is folded the same way as it is read, so case and spaces or hyphens inside a name do not
/// matter ("Auto Encoder" finds "autoencoder"), and each text byte costs a bounded number of
/// steps on average whether there are ten names or a hundred thousand. Candidates are then held
/// to the rules of a mention:
///
/// - a name starting or ending with a Latin letter or digit needs a word boundary there; Hangul
///   after it is a boundary ("VAE는", "ELBO의", "KL을");
/// - a name ending in Hangul may be followed by a particle or ending ("변분 오토인코더를") but not
///   by more of a word ("학습" is not found in "학습률");
/// - an all-caps name matches only as written ("GAP", not "gap"), an `s` plural allowed;
/// - of overlapping matches the leftmost wins, then the longest ("Kullback-Leibler divergence"
///   over "Kullback-Leibler").
struct MentionMatcher: Sendable {
    struct Match: Sendable, Hashable {
        /// Scalar offsets in the text given to `matches`.
        var range: Range<Int>
        var concept: Int
    }

    private struct Pattern: Sendable {
        var concept: Int32
        /// Folded UTF-8 length.
        var length: Int32
        /// nil for any case; else the spellings (separators dropped) the text must show exactly.
        var exact: [[Unicode.Scalar]]?
        var startsHangul: Bool
        var endsHangul: Bool
        /// All-caps: "CNNs" is a mention of CNN.
        var allowsPlural: Bool
        /// The pattern ending at the dictionary link of the node where this one ends, or -1:
        /// the next output `report` reads there (`buildAutomaton`).
        var next: Int32 = -1
    }

    /// The patterns while the automaton is made; `records` is what the scan reads of them.
    private var patterns: [Pattern] = []
    /// What `report` reads of each pattern, in one buffer of 32-bit words: a record per
    /// pattern (`PatternRecord`), found by its first word's index there, which stands for the
    /// pattern in `Node.firstOutput` and in the records' `next`. A record holds its exact
    /// spellings in line, so a report reads one cache line where it read three (the pattern,
    /// its array of spellings, the spelling's own array), each a miss: the report was a seventh
    /// of the scan, two thirds of it waiting on them. A record that fits in a line starts where
    /// it does not cross one (`layOutRecords`).
    private var records: [UInt32] = []
    /// The number of distinct names.
    private(set) var count = 0
    /// The root's transitions for every class, while the automaton is built.
    private var rootNext = [Int32](repeating: -1, count: 256)
    /// The nodes of the automaton, numbered for the walk (`numberedForTheWalk`), the root 0.
    private var nodes: [Node] = [Node()]
    /// The edges of the nodes with more than one child: node `n`'s are
    /// `edgeClasses[n.edges..<n.edges + n.edgeCount]` (byte classes, `byteClass`), sorted, to
    /// `edgeTargets` at the same places.
    private var edgeClasses: [UInt8] = []
    private var edgeTargets: [Int32] = []

    /// A node as `run` reads it, in one record: a step from the node and the look for an output
    /// after a step into it each cost one cache line. In an array each (edge start, edge classes
    /// and targets, failure link, first output) they cost one line each, and the loop waited
    /// on them: past the rows (`rows`) most nodes are read once, from memory. 16 bytes, four to
    /// a line: what only a report reads (1 step in 70) is in `records`, and a name's nodes,
    /// which lie one after another (`numberedForTheWalk`), take half the lines they took with
    /// it in the record, where the walk's loads waited on memory for a third of its time.
    private struct Node {
        /// With one child (nearly every node past the rows), the child; else where the node's
        /// edges start in `edgeClasses` and `edgeTargets`.
        var edges: Int32 = 0
        var edgeCount: UInt8 = 0
        /// The class of the only child's edge, with one child.
        var onlyClass: UInt8 = 0
        /// Whether no pattern reported at the node (its own and those of its dictionary links)
        /// ends in Hangul: then none is a mention where an ASCII letter or digit other than `s`,
        /// or `_`, follows, and `run` does not look at them there (most names found end inside
        /// a longer word: "GAN" in "organ").
        var latinEnds = false
        var fail: Int32 = 0
        /// The pattern ending at the node, else at its dictionary link (the nearest node on
        /// the failure chain where one ends), or -1: the first output to report after a step,
        /// read once per byte of text outside the fast loop. Its record's index in `records`
        /// once the automaton is made (`layOutRecords`), its number in `patterns` before.
        var firstOutput: Int32 = -1
    }

    /// The alphabet the automaton reads: each byte's class, 0 for the bytes no name contains
    /// (after such a byte no name can be under way: every state goes back to the root). The
    /// classes follow byte order, so edges sorted by class are sorted by byte. Folded bytes
    /// never include A-Z or the separators, so there are fewer than 255 classes.
    private var byteClass = [UInt8](repeating: 0, count: 256)
    /// The class of each ASCII scalar once folded, `skipped` for the separators (they fold to
    /// nothing): the fold and the class in one load.
    private var asciiClass = [UInt8](repeating: 0, count: 128)
    private static let skipped: UInt8 = 0xFF
    private var classCount = 1
    /// Whole transition rows, failure links already followed, for the nodes numbered below
    /// `denseCount` (the root and the shallowest): `rows[node * classCount + class]` is the
    /// state after a byte of that class. Text mostly walks a few bytes into the trie and falls
    /// back; those states are the shallow ones, and a row spares them the search among their
    /// children and the failure chain. Deeper nodes keep the sparse search.
    private var denseCount = 1
    private var rows: [Int32] = [0]
    /// `rows` for `run`'s fast loop, which reads ASCII and Hangul from states with rows into
    /// states with rows and no output: each entry the target's row (`target * classCount`) when
    /// the target is such a state, else `-classCount` (the scalar is then read the general
    /// way). The loop then carries a row, not a node, and one load and one sign test are its
    /// step. The rows are stored after one more, the row `-classCount`, whose entries are all
    /// `-classCount` again: a Hangul syllable's three bytes are read one after the other and
    /// their sign tested once, at the end (a byte that leaves the fast loop leads the bytes
    /// after it into that row). `Tables.quickRows` points past it, at the row of the root.
    private var quickRows: [Int32] = [-1, 0]
    /// At most this many row entries (4 bytes each), so the rows stay in the caches.
    static let rowBudget = 1 << 18

    /// The ring of `Scratch.origin` holds `originMask + 1` entries: a power of two no smaller
    /// than the longest pattern's folded length.
    private var originMask = 0

    /// A name made ready for the trie: its folded bytes and what the mention rules need.
    struct Prepared: Sendable, Equatable {
        var bytes: [UInt8]
        var kept: [Unicode.Scalar]
        var caseSensitive: Bool
        var concept: Int
    }

    /// `preparedByScalar`, for an ASCII name (most of them) read from its bytes (`PreparedNames`).
    static func prepare(_ name: String, concept: Int) -> Prepared? {
        var one = PreparedNames()
        one.append(name)
        guard one.usable[0] else { return nil }
        return Prepared(bytes: one.bytes, kept: one.kept, caseSensitive: one.caseSensitive[0], concept: concept)
    }

    /// Names made ready side by side, in flat buffers: name `i`'s folded bytes are
    /// `bytes[byteStart[i]..<byteStart[i + 1]]` and its kept scalars
    /// `kept[keptStart[i]..<keptStart[i + 1]]`, both empty when it cannot be a pattern
    /// (`usable`). A `Prepared` per name held two arrays, and the matcher's making retained and
    /// released them wherever it read one (the preparation's gathering, the sort's keys, the
    /// trie): half of its time.
    struct PreparedNames {
        var bytes: [UInt8] = []
        var byteStart: [Int] = [0]
        var kept: [Unicode.Scalar] = []
        var keptStart: [Int] = [0]
        var usable: [Bool] = []
        var caseSensitive: [Bool] = []

        /// Room for `names` names of about `bytesEach` bytes.
        mutating func reserveCapacity(_ names: Int, bytesEach: Int) {
            bytes.reserveCapacity(names * bytesEach)
            kept.reserveCapacity(names * bytesEach)
            byteStart.reserveCapacity(names + 1)
            keptStart.reserveCapacity(names + 1)
            usable.reserveCapacity(names)
            caseSensitive.reserveCapacity(names)
        }

        /// Adds `name` as `preparedByScalar` makes it. An ASCII name is read from its bytes:
        /// there a byte is a scalar, the fold is `foldASCII` (nil exactly for the separators),
        /// the letters are A–Z and a–z (the only ASCII scalars alphabetic, lowercase or
        /// uppercase) and the name is NFC as it is. The scalars' properties were a third of
        /// the matcher's making.
        mutating func append(_ name: String) {
            // nil for a name not all ASCII; else whether it is usable, and then all caps.
            let ascii: Bool?? = name.withUTF8Bytes { utf8 in
                guard String.allASCII(UnsafeRawBufferPointer(utf8)) else { return nil }
                let bytesFrom = bytes.count, keptFrom = kept.count
                var letters = false, lower = false, upper = false
                for b in utf8 {
                    guard let folded = ConceptName.foldASCII(b) else { continue }
                    bytes.append(folded)
                    kept.append(Unicode.Scalar(b))
                    if b >= 0x61 && b <= 0x7A { lower = true; letters = true }
                    if b >= 0x41 && b <= 0x5A { upper = true; letters = true }
                }
                guard kept.count - keptFrom >= 2, letters else {
                    bytes.removeSubrange(bytesFrom...)
                    kept.removeSubrange(keptFrom...)
                    return .some(nil)
                }
                return !lower && upper
            }
            switch ascii {
            case .some(let allCaps?):
                close(usable: true, caseSensitive: allCaps)
            case .some(nil):
                close(usable: false, caseSensitive: false)
            case nil:
                if let made = MentionMatcher.preparedByScalar(name, concept: 0) {
                    bytes += made.bytes
                    kept += made.kept
                    close(usable: true, caseSensitive: made.caseSensitive)
                } else {
                    close(usable: false, caseSensitive: false)
                }
            }
        }

        private mutating func close(usable isUsable: Bool, caseSensitive isCaseSensitive: Bool) {
            byteStart.append(bytes.count)
            keptStart.append(kept.count)
            usable.append(isUsable)
            caseSensitive.append(isCaseSensitive)
        }

        /// `parts` one after another, as if their names had been added to one.
        init(joining parts: [PreparedNames]) {
            let names = parts.reduce(0) { $0 + $1.usable.count }
            bytes.reserveCapacity(parts.reduce(0) { $0 + $1.bytes.count })
            kept.reserveCapacity(parts.reduce(0) { $0 + $1.kept.count })
            byteStart.reserveCapacity(names + 1)
            keptStart.reserveCapacity(names + 1)
            usable.reserveCapacity(names)
            caseSensitive.reserveCapacity(names)
            for part in parts {
                let byteBase = bytes.count, keptBase = kept.count
                bytes += part.bytes
                kept += part.kept
                for i in part.usable.indices {
                    byteStart.append(byteBase + part.byteStart[i + 1])
                    keptStart.append(keptBase + part.keptStart[i + 1])
                }
                usable += part.usable
                caseSensitive += part.caseSensitive
            }
        }

        init() {}
    }

    /// A name made ready scalar by scalar, after normalising it: any name.
    static func preparedByScalar(_ name: String, concept: Int) -> Prepared? {
        let nfc = name.nfc
        var bytes: [UInt8] = []
        var kept: [Unicode.Scalar] = []
        for s in nfc.unicodeScalars {
            ConceptName.fold(s, into: &bytes)
            if !ConceptName.isSeparator(s) { kept.append(s) }
        }
        guard kept.count >= 2, !bytes.isEmpty, kept.contains(where: { $0.properties.isAlphabetic }) else { return nil }
        return Prepared(bytes: bytes, kept: kept, caseSensitive: ConceptName.isAllCaps(nfc), concept: concept)
    }

    /// Names that fold to the same bytes are one pattern, the concept of the first of them; it
    /// is case-sensitive only if all of them are, and then matches any of their spellings.
    ///
    /// The names are prepared on every core; the trie is then built without hashing: the
    /// patterns sorted by their bytes, each shares with the one before it the nodes of their
    /// common prefix. (Which number a node or pattern gets changes no match.)
    /// `rowBudget` bounds the entries of the whole rows (tests give small ones, so that texts
    /// cross between nodes with rows and nodes without).
    init(names: [(name: String, concept: Int)], rowBudget: Int = MentionMatcher.rowBudget) {
        let chunk = 512
        let chunks = Array(stride(from: 0, to: names.count, by: chunk))
        let prepared = PreparedNames(joining: chunks.parallelMap { start in
            var part = PreparedNames()
            let end = min(start + chunk, names.count)
            part.reserveCapacity(end - start, bytesEach: 16)
            for k in start..<end { part.append(names[k].name) }
            return part
        })
        var order = prepared.usable.indices.filter { prepared.usable[$0] }
        // By bytes (`lexicographicallyPrecedes`), then by position: compared with memcmp
        // (unsigned, as `UInt8`'s `<`) where they lie, all in one buffer. The sort runs on one
        // core, over every name of the vault; with an array of bytes per name, each comparison
        // retained and released both.
        let keyStart = prepared.byteStart
        /// memcmp's order of names `a` and `b`, then the shorter first; 0 for equal bytes.
        func compare(_ a: Int, _ b: Int, _ base: UnsafePointer<UInt8>) -> Int {
            let x = keyStart[a + 1] - keyStart[a], y = keyStart[b + 1] - keyStart[b]
            let common = Swift.min(x, y)
            if common > 0 {
                let order = memcmp(base + keyStart[a], base + keyStart[b], common)
                if order != 0 { return Int(order) }
            }
            return x - y
        }
        var parents: [(parent: Int32, byte: UInt8)] = [(-1, 0)]
        var outputs: [Int32] = [-1]
        prepared.bytes.withUnsafeBufferPointer { buffer in
            // No address only when no name has a byte, and then none is read.
            let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
            order.sort { a, b in
                let order = compare(a, b, base)
                return order != 0 ? order < 0 : a < b
            }
            prepared.kept.withUnsafeBufferPointer { kept in
                /// The kept scalars of name `i`.
                func keptOf(_ i: Int) -> UnsafeBufferPointer<Unicode.Scalar> {
                    UnsafeBufferPointer(rebasing: kept[prepared.keptStart[i]..<prepared.keptStart[i + 1]])
                }
                /// The nodes on the path of the previous pattern: `path[d]` is the node at depth d + 1.
                var path: [Int32] = []
                var previous = -1
                var k = 0
                while k < order.count {
                    let first = order[k]
                    let firstKept = keptOf(first)
                    let caseSensitive = prepared.caseSensitive[first]
                    var pattern = Pattern(concept: Int32(names[first].concept), length: Int32(keyStart[first + 1] - keyStart[first]),
                                          exact: caseSensitive ? [Array(firstKept)] : nil,
                                          startsHangul: ConceptName.isHangul(firstKept[0]),
                                          endsHangul: ConceptName.isHangul(firstKept[firstKept.count - 1]),
                                          allowsPlural: caseSensitive && ConceptName.isASCIILetter(firstKept[firstKept.count - 1]))
                    var next = k + 1
                    while next < order.count, compare(order[next], first, base) == 0 {
                        let other = order[next]
                        if !prepared.caseSensitive[other] {
                            pattern.exact = nil
                        } else if pattern.exact != nil {
                            let otherKept = keptOf(other)
                            if !pattern.exact!.contains(where: { $0.elementsEqual(otherKept) }) { pattern.exact!.append(Array(otherKept)) }
                        }
                        next += 1
                    }
                    k = next
                    patterns.append(pattern)

                    let from = keyStart[first], count = keyStart[first + 1] - from
                    var common = 0
                    if previous >= 0 {
                        let previousFrom = keyStart[previous], previousCount = keyStart[previous + 1] - previousFrom
                        while common < min(count, previousCount), base[from + common] == base[previousFrom + common] { common += 1 }
                    }
                    path.removeSubrange(common...)
                    var node: Int32 = common == 0 ? 0 : path[common - 1]
                    for b in UnsafeBufferPointer(start: base + from + common, count: count - common) {
                        let child = Int32(parents.count)
                        parents.append((node, b))
                        outputs.append(-1)
                        path.append(child)
                        node = child
                    }
                    outputs[Int(node)] = Int32(patterns.count - 1)
                    previous = first
                }
            }
        }
        classifyBytes(of: parents)
        // The nodes given whole rows: as many as the budget holds rows of, the root at least.
        denseCount = min(parents.count, max(1, rowBudget / classCount))
        let (walkOrder, walkOutputs) = Self.numberedForTheWalk(parents: parents, outputs: outputs, dense: denseCount)
        buildAutomaton(parents: walkOrder, outputs: walkOutputs)
        let longest = patterns.map { Int($0.length) }.max() ?? 1
        var size = 1
        while size < longest { size <<= 1 }
        originMask = size - 1
        layOutRecords()
        count = patterns.count
        patterns = []
    }

    /// A pattern's record in `records`, read in place. Four words (its concept, its folded
    /// length, the next record to report at the same node or -1, and its flags with the count
    /// of words after them), then its exact spellings, if any, each as its count of scalars
    /// and its scalars. No spelling: it matches in any case.
    private struct PatternRecord {
        static let headerWords = 4
        static let startsHangul: UInt32 = 1, endsHangul: UInt32 = 2, allowsPlural: UInt32 = 4
        let words: UnsafePointer<UInt32>

        var concept: Int32 { Int32(bitPattern: words[0]) }
        var length: Int { Int(words[1]) }
        var next: Int32 { Int32(bitPattern: words[2]) }
        func has(_ flag: UInt32) -> Bool { words[3] & flag != 0 }
        /// The spellings' words, empty for a pattern of any case.
        var spellings: UnsafeBufferPointer<UInt32> { UnsafeBufferPointer(start: words + Self.headerWords, count: Int(words[3] >> 8)) }

        /// The words of `pattern`'s record.
        static func size(of pattern: Pattern) -> Int {
            headerWords + (pattern.exact?.reduce(0) { $0 + 1 + $1.count } ?? 0)
        }

        /// Writes `pattern`'s record, `size(of: pattern)` words, at `at`, its `next` already a
        /// record's index.
        static func write(_ pattern: Pattern, size: Int, next: Int32, at: UnsafeMutablePointer<UInt32>) {
            var flags: UInt32 = 0
            if pattern.startsHangul { flags |= startsHangul }
            if pattern.endsHangul { flags |= endsHangul }
            if pattern.allowsPlural { flags |= allowsPlural }
            at[0] = UInt32(bitPattern: pattern.concept)
            at[1] = UInt32(bitPattern: pattern.length)
            at[2] = UInt32(bitPattern: next)
            at[3] = flags | UInt32(size - headerWords) << 8
            var k = headerWords
            for spelling in pattern.exact ?? [] {
                at[k] = UInt32(spelling.count)
                k += 1
                for scalar in spelling {
                    at[k] = scalar.value
                    k += 1
                }
            }
        }
    }

    /// Writes the patterns' records into `records`, in pattern order, and points the nodes'
    /// outputs (pattern numbers until now) at them. A record of at most a line's words that
    /// would cross a line starts at the next one; the lines are counted from the buffer's
    /// address, known before anything is written (the buffer is made at its full size, the
    /// padding's worst case included, and is never moved).
    private mutating func layOutRecords() {
        let lineWords = 64 / MemoryLayout<UInt32>.stride
        let sizes = patterns.map(PatternRecord.size(of:))
        let room = sizes.reduce(lineWords) { $0 + $1 + min($1, lineWords) - 1 }
        var start = [Int32](repeating: -1, count: patterns.count)
        let patterns = self.patterns
        records = [UInt32](unsafeUninitializedCapacity: room) { buffer, initialized in
            let base = buffer.baseAddress!
            // The words from the buffer's start to its first line.
            let skew = (64 - Int(bitPattern: base) % 64) % 64 / MemoryLayout<UInt32>.stride
            var used = 0
            for (p, size) in sizes.enumerated() {
                let column = (used - skew + lineWords) % lineWords
                if size <= lineWords, column + size > lineWords { used += lineWords - column }
                precondition(used <= Int(Int32.max), "too many names to match")
                start[p] = Int32(used)
                used += size
            }
            base.initialize(repeating: 0, count: used)
            for (p, pattern) in patterns.enumerated() {
                PatternRecord.write(pattern, size: sizes[p], next: pattern.next >= 0 ? start[Int(pattern.next)] : -1,
                                    at: base + Int(start[p]))
            }
            initialized = used
        }
        for k in nodes.indices where nodes[k].firstOutput >= 0 {
            nodes[k].firstOutput = start[Int(nodes[k].firstOutput)]
        }
    }

    /// The alphabet (`byteClass`, `classCount`, `asciiClass`): a class for each byte the trie's
    /// edges read, in byte order. The same whichever way the nodes are numbered.
    private mutating func classifyBytes(of parents: [(parent: Int32, byte: UInt8)]) {
        var present = [Bool](repeating: false, count: 256)
        for node in parents.indices.dropFirst() { present[Int(parents[node].byte)] = true }
        var classes = 1
        for b in 0..<256 where present[b] {
            byteClass[b] = UInt8(classes)
            classes += 1
        }
        precondition(classes < Int(Self.skipped), "folded names hold fewer distinct bytes")
        classCount = classes
        for v in 0..<128 {
            asciiClass[v] = ConceptName.foldASCII(UInt8(v)).map { byteClass[Int($0)] } ?? Self.skipped
        }
    }

    /// Each node's children, in the order they were made: node `n`'s are
    /// `children[start[n]..<start[n + 1]]`.
    private static func childLists(_ parents: [(parent: Int32, byte: UInt8)]) -> (start: [Int32], children: [Int32]) {
        let n = parents.count
        var start = [Int32](repeating: 0, count: n + 1)
        for node in 1..<max(n, 1) { start[Int(parents[node].parent) + 1] += 1 }
        for i in 0..<n { start[i + 1] += start[i] }
        var children = [Int32](repeating: 0, count: max(n - 1, 0))
        var fill = Array(start.dropLast())
        for node in 1..<max(n, 1) {
            let parent = Int(parents[node].parent)
            children[Int(fill[parent])] = Int32(node)
            fill[parent] += 1
        }
        return (start, children)
    }

    /// The same trie with its nodes numbered for the walk through a text: first the `dense`
    /// shallowest, by depth (the root 0, then its children, then theirs...), each depth in the
    /// order the nodes were made; then the others depth first, each node's children in the
    /// order they were made (by byte: the patterns were added sorted).
    ///
    /// The first are the nodes given whole rows (`buildRows`), the states text visits most: a
    /// node's failure node is shallower, so among them it comes first. Past them, most nodes
    /// have one child (the rest of one name), and depth first a name's nodes lie one after the
    /// other in `nodes`, their records read as the text goes on in one or two cache lines and
    /// the next ones fetched ahead. Numbered by depth, each lay a depth's width away from the
    /// one before, and the walk waited on memory at every byte of a name.
    /// Nodes are made after their parents, so each parent's depth is known before its child's.
    private static func numberedForTheWalk(parents: [(parent: Int32, byte: UInt8)], outputs: [Int32], dense: Int)
        -> (parents: [(parent: Int32, byte: UInt8)], outputs: [Int32]) {
        let n = parents.count
        var depth = [Int32](repeating: 0, count: n)
        var maxDepth = 0
        for node in 1..<max(n, 1) {
            depth[node] = depth[Int(parents[node].parent)] + 1
            maxDepth = max(maxDepth, Int(depth[node]))
        }
        var first = [Int32](repeating: 0, count: maxDepth + 2)
        for node in 0..<n { first[Int(depth[node]) + 1] += 1 }
        for d in 0...maxDepth { first[d + 1] += first[d] }
        // The nodes by depth: `byDepth[k]` is the kth.
        var byDepth = [Int32](repeating: 0, count: n)
        for node in 0..<n {
            byDepth[Int(first[Int(depth[node])])] = Int32(node)
            first[Int(depth[node])] += 1
        }
        let (childStart, children) = Self.childLists(parents)
        var number = [Int32](repeating: -1, count: n)
        let rowed = min(dense, n)
        for k in 0..<rowed { number[Int(byDepth[k])] = Int32(k) }
        var next: Int32 = Int32(rowed)
        var stack: [Int32] = []
        // A node past the rows whose parent has a row starts a subtree, numbered depth first
        // when it is met; the others are numbered with their parent's subtree, met before them
        // (a parent is shallower).
        for k in rowed..<n where number[Int(byDepth[k])] < 0 {
            stack.append(byDepth[k])
            while let node = stack.popLast() {
                number[Int(node)] = next
                next += 1
                var c = childStart[Int(node) + 1]
                while c > childStart[Int(node)] {
                    c -= 1
                    stack.append(children[Int(c)])
                }
            }
        }
        var renumbered = [(parent: Int32, byte: UInt8)](repeating: (-1, 0), count: n)
        var renumberedOutputs = [Int32](repeating: -1, count: n)
        for node in 0..<n {
            let k = Int(number[node])
            renumbered[k] = node == 0 ? (-1, 0) : (number[Int(parents[node].parent)], parents[node].byte)
            renumberedOutputs[k] = outputs[node]
        }
        return (renumbered, renumberedOutputs)
    }

    /// Lays the trie out in arrays and computes failure and dictionary links breadth first.
    private mutating func buildAutomaton(parents: [(parent: Int32, byte: UInt8)], outputs: [Int32]) {
        let n = parents.count
        let (edgeStart, lists) = Self.childLists(parents)
        var children = lists
        var childClasses = children.map { byteClass[Int(parents[Int($0)].byte)] }
        // Sort each node's few edges by byte (insertion sort: nearly all nodes have one).
        for node in 0..<n {
            let lo = Int(edgeStart[node]), hi = Int(edgeStart[node + 1])
            guard hi - lo > 1 else { continue }
            for i in (lo + 1)..<hi {
                let b = childClasses[i], t = children[i]
                var j = i - 1
                while j >= lo, childClasses[j] > b {
                    childClasses[j + 1] = childClasses[j]
                    children[j + 1] = children[j]
                    j -= 1
                }
                childClasses[j + 1] = b
                children[j + 1] = t
            }
        }
        for k in Int(edgeStart[0])..<Int(edgeStart[1]) { rootNext[Int(childClasses[k])] = children[k] }
        /// The child of `node` on class `c`, or -1.
        func transition(_ node: Int32, _ c: UInt8) -> Int32 {
            if node == 0 { return rootNext[Int(c)] }
            for k in Int(edgeStart[Int(node)])..<Int(edgeStart[Int(node) + 1]) where childClasses[k] == c { return children[k] }
            return -1
        }
        let output = outputs
        var fail = [Int32](repeating: 0, count: n)
        var dictionaryLink = [Int32](repeating: -1, count: n)
        var queue: [Int32] = []
        queue.reserveCapacity(n)
        for k in Int(edgeStart[0])..<Int(edgeStart[1]) { queue.append(children[k]) }
        var head = 0
        while head < queue.count {
            let u = queue[head]
            head += 1
            for k in Int(edgeStart[Int(u)])..<Int(edgeStart[Int(u) + 1]) {
                let v = children[k]
                let b = childClasses[k]
                var f = fail[Int(u)]
                var target: Int32 = 0
                while true {
                    let t = transition(f, b)
                    if t >= 0 { target = t; break }
                    if f == 0 { break }
                    f = fail[Int(f)]
                }
                fail[Int(v)] = target
                dictionaryLink[Int(v)] = output[Int(target)] >= 0 ? target : dictionaryLink[Int(target)]
                queue.append(v)
            }
        }
        // Each node's first output, and each pattern's next, as patterns.
        func outputOrNone(_ node: Int32) -> Int32 { node >= 0 ? output[Int(node)] : -1 }
        let firstOutput = (0..<n).map { output[$0] >= 0 ? output[$0] : outputOrNone(dictionaryLink[$0]) }
        // The outputs reported at a node: its first, then each one's `next`.
        for node in 0..<n where output[node] >= 0 {
            patterns[Int(output[node])].next = outputOrNone(dictionaryLink[node])
        }

        // The records: a node of one child holds it; the edges of the others stay in arrays,
        // in the nodes' order.
        var nodes = [Node](repeating: Node(), count: n)
        var manyClasses: [UInt8] = [], manyTargets: [Int32] = []
        for node in 0..<n {
            let lo = Int(edgeStart[node]), hi = Int(edgeStart[node + 1])
            var record = Node(fail: fail[node], firstOutput: firstOutput[node])
            record.edgeCount = UInt8(hi - lo)
            if hi - lo == 1 {
                record.edges = children[lo]
                record.onlyClass = childClasses[lo]
            } else {
                record.edges = Int32(manyClasses.count)
                manyClasses += childClasses[lo..<hi]
                manyTargets += children[lo..<hi]
            }
            record.latinEnds = true
            var reported = firstOutput[node]
            while reported >= 0 {
                if patterns[Int(reported)].endsHangul {
                    record.latinEnds = false
                    break
                }
                reported = patterns[Int(reported)].next
            }
            nodes[node] = record
        }
        assert(MemoryLayout<Node>.stride == 16, "a node's record fits a quarter of a cache line")
        self.nodes = nodes
        edgeClasses = manyClasses
        edgeTargets = manyTargets
        buildRows(edgeStart: edgeStart, classes: childClasses, targets: children)
    }

    /// Fills the rows of the nodes numbered below `denseCount`, the shallowest
    /// (`numberedForTheWalk`), as many as the budget allows. A node's row is its own
    /// children (`classes` and `targets` from `edgeStart`) over the row of its failure node,
    /// which is shallower and so filled before it.
    private mutating func buildRows(edgeStart: [Int32], classes edgeClasses: [UInt8], targets edgeTargets: [Int32]) {
        let classes = classCount
        rows = [Int32](repeating: 0, count: denseCount * classes)
        for c in 0..<classes where rootNext[c] >= 0 { rows[c] = rootNext[c] }
        for node in 1..<denseCount {
            let row = node * classes
            let failRow = Int(nodes[node].fail) * classes
            for c in 0..<classes { rows[row + c] = rows[failRow + c] }
            for k in Int(edgeStart[node])..<Int(edgeStart[node + 1]) {
                rows[row + Int(edgeClasses[k])] = edgeTargets[k]
            }
        }
        // Fewer than `budget` entries (or one row of at most 255 classes): the rows fit Int32.
        // Filled through pointers: a quarter of a million entries, on the merge's one core.
        let dense = Int32(denseCount), width = Int32(classes)
        let leave = -width
        quickRows = [Int32](unsafeUninitializedCapacity: classes + rows.count) { quick, initialized in
            for k in 0..<classes { quick[k] = leave }
            rows.withUnsafeBufferPointer { rows in
                nodes.withUnsafeBufferPointer { nodes in
                    for k in 0..<rows.count {
                        let t = rows[k]
                        quick[classes + k] = t < dense && nodes[Int(t)].firstOutput < 0 ? t &* width : leave
                    }
                }
            }
            initialized = classes + rows.count
        }
    }

    /// The automaton's arrays, read through pointers while a text is matched: the inner loop
    /// then checks no index and retains no array.
    private struct Tables {
        let nodes: UnsafePointer<Node>
        let edgeClasses: UnsafePointer<UInt8>
        let edgeTargets: UnsafePointer<Int32>
        let records: UnsafePointer<UInt32>
        let byteClass: UnsafePointer<UInt8>
        let asciiClass: UnsafePointer<UInt8>
        let classCount: Int
        let denseCount: Int32
        let rows: UnsafePointer<Int32>
        let quickRows: UnsafePointer<Int32>

        /// The child of `node` (one without a row, never the root) on `c`, or -1.
        @inline(__always)
        func transition(_ node: UnsafePointer<Node>, _ c: UInt8) -> Int32 {
            let count = Int(node.pointee.edgeCount)
            if count == 1 { return node.pointee.onlyClass == c ? node.pointee.edges : -1 }
            var lo = Int(node.pointee.edges)
            var hi = lo &+ count
            if count <= 8 {
                while lo < hi {
                    let e = edgeClasses[lo]
                    if e == c { return edgeTargets[lo] }
                    if e > c { return -1 }
                    lo += 1
                }
                return -1
            }
            while lo < hi {
                let mid = (lo + hi) >> 1
                let e = edgeClasses[mid]
                if e == c { return edgeTargets[mid] }
                if e < c { lo = mid + 1 } else { hi = mid }
            }
            return -1
        }

        /// The state after a byte of class `c` from `state`, a node without a row, and the
        /// failure links followed to find it: the transitions tried are the bytes read plus the
        /// failure links followed. The chain ends at a node with a row (the root has one).
        /// Both are returned, not the count added to through `inout`: a counter whose address
        /// is taken lives in memory, and `run` adds to it in its loop.
        @inline(never)
        func sparseStep(_ state: Int32, _ c: UInt8) -> (state: Int32, failures: Int) {
            var s = state
            var failures = 0
            while true {
                let node = nodes + Int(s)
                let t = transition(node, c)
                if t >= 0 { return (t, failures) }
                s = node.pointee.fail
                failures &+= 1
                if s < denseCount { return (rows[Int(s) &* classCount &+ Int(c)], failures) }
            }
        }
    }

    private func withTables<R>(_ body: (Tables) -> R) -> R {
        byteClass.withUnsafeBufferPointer { byteClass in
            asciiClass.withUnsafeBufferPointer { asciiClass in
                rows.withUnsafeBufferPointer { rows in
                    quickRows.withUnsafeBufferPointer { quickRows in
                        nodes.withUnsafeBufferPointer { nodes in
                            edgeClasses.withUnsafeBufferPointer { edgeClasses in
                                edgeTargets.withUnsafeBufferPointer { edgeTargets in
                                    records.withUnsafeBufferPointer { records in
                                        body(Tables(nodes: nodes.baseAddress!,
                                                    edgeClasses: edgeClasses.baseAddress ?? UnsafePointer(bitPattern: 1)!,
                                                    edgeTargets: edgeTargets.baseAddress ?? UnsafePointer(bitPattern: 4)!,
                                                    records: records.baseAddress ?? UnsafePointer(bitPattern: 4)!,
                                                    byteClass: byteClass.baseAddress!, asciiClass: asciiClass.baseAddress!,
                                                    classCount: classCount, denseCount: Int32(denseCount), rows: rows.baseAddress!,
                                                    quickRows: quickRows.baseAddress! + classCount))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Buffers reused from one call to the next, so matching a note's many short runs does not
    /// allocate for each.
    struct Scratch {
        fileprivate var candidates: [(start: Int, end: Int, concept: Int32)] = []
        /// The scalar each of the last folded bytes came from, to find where a match starts: a
        /// ring as long as the longest name (rounded up to a power of two), written at
        /// `byte count & mask`. A match starts where a name's folded UTF-8 does, at a byte that
        /// starts a scalar's encoding, never at a continuation byte (10xxxxxx): `run` leaves
        /// the slots of a Hangul syllable's two continuation bytes unwritten, as nothing reads
        /// them, and writes only its lead byte's.
        fileprivate var origin: [Int32] = []
        fileprivate var folded: [UInt8] = []
        /// Transitions tried, failure links followed included, over every call with this
        /// scratch: the matcher's work, which tests hold to the length of the text.
        var work = 0
        init() {}
    }

    /// The mentions in `scalars[range]`, in order, not overlapping. The range's ends count as
    /// word boundaries.
    func matches(in scalars: [Unicode.Scalar], range: Range<Int>) -> [Match] {
        var scratch = Scratch()
        var result: [Match] = []
        forEachMatch(in: scalars, range: range, scratch: &scratch) { result.append($0) }
        return result
    }

    /// Calls `body` with each mention in `scalars[range]`, in order, not overlapping.
    ///
    /// The loop runs once per scalar of every text the scan reads (millions per build): it is
    /// `run`, a function of its own over the tables' addresses, so that its state (the node,
    /// the ring's count, the failure links followed) stays in registers; the rare work (a scalar
    /// neither ASCII nor Hangul, a node with outputs, a step without a row) is done out of line.
    func forEachMatch(in scalars: [Unicode.Scalar], range: Range<Int>, scratch: inout Scratch, _ body: (Match) -> Void) {
        guard count > 0, !range.isEmpty else { return }
        // Origins are stored as Int32.
        precondition(range.lowerBound >= 0 && range.upperBound <= Int(Int32.max), "text too long to match")
        scratch.candidates.removeAll(keepingCapacity: true)
        if scratch.origin.count != originMask + 1 { scratch.origin = [Int32](repeating: 0, count: originMask + 1) }
        let mask = originMask
        var candidates = scratch.candidates
        var folded = scratch.folded
        scratch.candidates = []
        scratch.folded = []
        var steps = 0
        defer {
            scratch.candidates = candidates
            scratch.folded = folded
            scratch.work += steps
        }
        scratch.origin.withUnsafeMutableBufferPointer { originBuffer in
            scalars.withUnsafeBufferPointer { scalarBuffer in
                withTables { tables in
                    steps = run(tables, text: scalarBuffer.baseAddress!, range: range, origin: originBuffer.baseAddress!, mask: mask,
                                candidates: &candidates, folded: &folded)
                }
            }
        }
        guard !candidates.isEmpty else { return }
        if candidates.count > 1 {
            candidates.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
        }
        var lastEnd = range.lowerBound
        for c in candidates where c.start >= lastEnd {
            body(Match(range: c.start..<c.end, concept: Int(c.concept)))
            lastEnd = c.end
        }
    }

    /// The loop of `forEachMatch` over `text[range]`: appends every accepted output to
    /// `candidates`, in the order found, and returns the work done (the folded bytes read plus
    /// the failure links followed). ASCII and Hangul are folded in line; anything else, and every
    /// node with an output, is handed to a function out of line, so the loop's few locals are
    /// all it keeps. Never inlined: inside the scan of a note, its locals were spilled among the
    /// scan's own.
    @inline(never)
    private func run(_ tables: Tables, text: UnsafePointer<Unicode.Scalar>, range: Range<Int>, origin: UnsafeMutablePointer<Int32>,
                     mask: Int, candidates: inout [(start: Int, end: Int, concept: Int32)], folded: inout [UInt8]) -> Int {
        let asciiClass = tables.asciiClass, byteClass = tables.byteClass, nodes = tables.nodes
        // Folded bytes read so far: the ring slot of the next one.
        var count = 0
        var failures = 0
        var state: Int32 = 0
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            if state < tables.denseCount {
                // The fast loop: ASCII and Hangul read through `quickRows` while they lead from
                // a state with a row to another without an output. It stops before the first
                // scalar that does not (not one of them, or a step to a state without a row or
                // with an output), which is then read below as if the loop had not run.
                let quickRows = tables.quickRows
                let classCount = tables.classCount
                var row = Int(state) &* classCount
                quick: while i < end {
                    var v = text[i].value
                    // A stretch of ASCII (most prose) in a loop of its own, which keeps its few
                    // locals in registers: the loop over both scripts at once reloaded a table
                    // from the stack for every scalar and shared its tail with Hangul's three
                    // steps, 21 instructions an ASCII scalar where this takes 19.
                    while v < 0x80 {
                        let c = asciiClass[Int(v)]
                        if c != Self.skipped {
                            let next = quickRows[row &+ Int(c)]
                            if next < 0 { break quick }
                            row = Int(next)
                            origin[count & mask] = Int32(truncatingIfNeeded: i)
                            count &+= 1
                        }
                        i &+= 1
                        if i == end { break quick }
                        v = text[i].value
                    }
                    guard v >= 0xAC00 && v <= 0xD7A3 else { break }
                    let lead = byteClass[Int(0xE0 | (v >> 12))]
                    if lead == 0 {
                        // No name holds the syllable's lead byte: every state goes back to the
                        // root, and stays there through the continuation bytes (no name starts
                        // with one). The row is known without reading the table: Korean prose
                        // around names that are not Korean no longer waits on three loads, each
                        // on the one before, a syllable.
                        row = 0
                    } else {
                        // A byte that leaves leads the next into the row that leaves again.
                        let first = quickRows[row &+ Int(lead)]
                        let second = quickRows[Int(first) &+ Int(byteClass[Int(0x80 | ((v >> 6) & 0x3F))])]
                        let third = quickRows[Int(second) &+ Int(byteClass[Int(0x80 | (v & 0x3F))])]
                        if third < 0 { break }
                        row = Int(third)
                    }
                    // Only the lead byte's origin: no name starts at a continuation byte.
                    origin[count & mask] = Int32(truncatingIfNeeded: i)
                    count &+= 3
                    i &+= 1
                }
                // Both below 2^31 and the count of classes never 0: divided as 32-bit unsigned
                // numbers, without the checks for a negative overflow a signed `Int` division makes.
                state = Int32(bitPattern: UInt32(truncatingIfNeeded: row) / UInt32(truncatingIfNeeded: classCount))
                if i == end { break }
            }
            let v = text[i].value
            let at = Int32(truncatingIfNeeded: i)
            i &+= 1
            if v < 0x80 {
                let c = asciiClass[Int(v)]
                if c == Self.skipped { continue }
                state = Self.step(tables, state, c, &failures)
                origin[count & mask] = at
                count &+= 1
            } else if v >= 0xAC00 && v <= 0xD7A3 {
                state = Self.step(tables, state, byteClass[Int(0xE0 | (v >> 12))], &failures)
                state = Self.step(tables, state, byteClass[Int(0x80 | ((v >> 6) & 0x3F))], &failures)
                state = Self.step(tables, state, byteClass[Int(0x80 | (v & 0x3F))], &failures)
                origin[count & mask] = at
                count &+= 3
            } else {
                let after = Self.foldedStep(tables, text[i &- 1], at: at, state: state, count: count, origin: origin, mask: mask,
                                            folded: &folded)
                // A separator folds to nothing: no byte read, nothing to report.
                if after.count == count { continue }
                state = after.state
                count = after.count
                failures &+= after.failures
            }
            let node = nodes + Int(state)
            let first = node.pointee.firstOutput
            if first >= 0 {
                // A word goes on: no name found here whose last scalar is not Hangul is a mention
                // (`accepts`), save a plural.
                if i < end, node.pointee.latinEnds {
                    let next = text[i].value
                    if next < 0x80 && next != 0x73 && ConceptName.isWordScalar(text[i]) { continue }
                }
                report(tables, from: first, count: count, end: i, text: text, range: range, origin: origin, mask: mask,
                       candidates: &candidates)
            }
        }
        return count &+ failures
    }

    /// The state after a byte of class `c`: from the node's row when it has one (the shallow
    /// nodes the text mostly visits), else by the sparse search, whose failure links followed
    /// are added to `failures`.
    @inline(__always)
    private static func step(_ tables: Tables, _ state: Int32, _ c: UInt8, _ failures: inout Int) -> Int32 {
        if state < tables.denseCount { return tables.rows[Int(state) &* tables.classCount &+ Int(c)] }
        let next = tables.sparseStep(state, c)
        failures &+= next.failures
        return next.state
    }

    /// `run`'s step over a scalar neither ASCII nor Hangul (rare in prose): folded into
    /// `folded`, then each of its bytes read. The count is unchanged when it folds to nothing.
    @inline(never)
    private static func foldedStep(_ tables: Tables, _ scalar: Unicode.Scalar, at: Int32, state: Int32, count: Int,
                                   origin: UnsafeMutablePointer<Int32>, mask: Int,
                                   folded: inout [UInt8]) -> (state: Int32, count: Int, failures: Int) {
        folded.removeAll(keepingCapacity: true)
        ConceptName.fold(scalar, into: &folded)
        var state = state, count = count, failures = 0
        for b in folded {
            state = step(tables, state, tables.byteClass[Int(b)], &failures)
            origin[count & mask] = at
            count &+= 1
        }
        return (state, count, failures)
    }

    /// Appends the accepted outputs from `first` on (a node's own, then its dictionary links'),
    /// each ending at scalar `end` with the `count`th folded byte: `run`'s work where a name ends.
    @inline(never)
    private func report(_ tables: Tables, from first: Int32, count: Int, end: Int, text: UnsafePointer<Unicode.Scalar>,
                        range: Range<Int>, origin: UnsafeMutablePointer<Int32>, mask: Int,
                        candidates: inout [(start: Int, end: Int, concept: Int32)]) {
        var index = first
        while index >= 0 {
            let pattern = PatternRecord(words: tables.records + Int(index))
            let start = Int(origin[(count &- pattern.length) & mask])
            if accepts(pattern, start: start, end: end, in: text, range: range) {
                candidates.append((start, end, pattern.concept))
            }
            index = pattern.next
        }
    }

    /// Whether the text between `start` and `end` is a mention of `pattern`. The written form
    /// is compared with each spelling where both lie.
    private func accepts(_ pattern: PatternRecord, start: Int, end: Int, in scalars: UnsafePointer<Unicode.Scalar>,
                         range: Range<Int>) -> Bool {
        if start > range.lowerBound {
            let previous = scalars[start - 1]
            if pattern.has(PatternRecord.startsHangul) ? ConceptName.isHangul(previous) : ConceptName.isWordScalar(previous) { return false }
        }
        if end < range.upperBound {
            let next = scalars[end]
            if pattern.has(PatternRecord.endsHangul) {
                if ConceptName.isHangul(next), !MentionMatcher.particleStarts.contains(next) { return false }
            } else if ConceptName.isWordScalar(next) {
                let plural = pattern.has(PatternRecord.allowsPlural) && next == "s"
                    && (end + 1 == range.upperBound || !ConceptName.isWordScalar(scalars[end + 1]))
                if !plural { return false }
            }
        }
        let spellings = pattern.spellings
        guard !spellings.isEmpty else { return true }
        var at = 0
        spelling: while at < spellings.count {
            let length = Int(spellings[at])
            let form = at + 1
            at = form + length
            // The written scalars, separators dropped, must be the spelling.
            var k = 0
            for j in start..<end where !ConceptName.isSeparator(scalars[j]) {
                guard k < length, spellings[form + k] == scalars[j].value else { continue spelling }
                k += 1
            }
            if k == length { return true }
        }
        return false
    }

    /// First syllables of the particles, copulas and 하다-endings that may follow a Hangul name:
    /// "정규화를", "정규화는", "정규화한다", "정규화이다", "정규화된".
    static let particleStarts: Set<Unicode.Scalar> = Set(
        "은는이가을를의에와과로으도만까부보처나란랑께한들하할함해했합된되될됨인일임였다고서며면야요엔뿐마조라".unicodeScalars)
}

import Diagnostics
import Foundation

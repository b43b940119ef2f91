import Diagnostics
import Foundation
@testable import Linker

// The mention matcher as it was before its inner loop was rewritten (one read of a node's
// first output, origins and work counted in registers, forms compared in place):
// `MentionMatcherDifferentialTests` holds `MentionMatcher` to it.

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
struct ReferenceMentionMatcher: Sendable {
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
    }

    private var patterns: [Pattern] = []
    /// The root's transitions for every byte (most steps start at the root).
    private var rootNext = [Int32](repeating: -1, count: 256)
    /// The transitions of node `n` are `edgeBytes[edgeStart[n]..<edgeStart[n + 1]]`, sorted.
    private var edgeStart: [Int32] = [0, 0]
    private var edgeBytes: [UInt8] = []
    private var edgeTargets: [Int32] = []
    private var fail: [Int32] = [0]
    /// The pattern ending at each node, or -1.
    private var output: [Int32] = [-1]
    /// The nearest node on the failure chain with an output, or -1.
    private var dictionaryLink: [Int32] = [-1]

    /// The ring of `Scratch.origin` holds `originMask + 1` entries: a power of two no smaller
    /// than the longest pattern's folded length.
    private var originMask = 0

    /// The number of distinct names.
    var count: Int { patterns.count }

    /// A name made ready for the trie: its folded bytes and what the mention rules need.
    private struct Prepared: Sendable {
        var bytes: [UInt8]
        var kept: [Unicode.Scalar]
        var caseSensitive: Bool
        var concept: Int
    }

    private static func prepare(_ name: String, concept: Int) -> Prepared? {
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
    init(names: [(name: String, concept: Int)]) {
        let chunk = 512
        let chunks = Array(stride(from: 0, to: names.count, by: chunk))
        let prepared: [Prepared?] = chunks.parallelMap { start in
            names[start..<min(start + chunk, names.count)].map { ReferenceMentionMatcher.prepare($0.name, concept: $0.concept) }
        }.flatMap { $0 }
        var order = prepared.indices.filter { prepared[$0] != nil }
        order.sort { a, b in
            let x = prepared[a]!.bytes, y = prepared[b]!.bytes
            if x == y { return a < b }
            return x.lexicographicallyPrecedes(y)
        }
        var parents: [(parent: Int32, byte: UInt8)] = [(-1, 0)]
        var outputs: [Int32] = [-1]
        /// The nodes on the path of the previous pattern: `path[d]` is the node at depth d + 1.
        var path: [Int32] = []
        var previous: [UInt8] = []
        var k = 0
        while k < order.count {
            let first = prepared[order[k]]!
            var pattern = Pattern(concept: Int32(first.concept), length: Int32(first.bytes.count),
                                  exact: first.caseSensitive ? [first.kept] : nil,
                                  startsHangul: ConceptName.isHangul(first.kept[0]),
                                  endsHangul: ConceptName.isHangul(first.kept[first.kept.count - 1]),
                                  allowsPlural: first.caseSensitive && ConceptName.isASCIILetter(first.kept[first.kept.count - 1]))
            var next = k + 1
            while next < order.count, prepared[order[next]]!.bytes == first.bytes {
                let other = prepared[order[next]]!
                if !other.caseSensitive {
                    pattern.exact = nil
                } else if pattern.exact != nil, !pattern.exact!.contains(other.kept) {
                    pattern.exact!.append(other.kept)
                }
                next += 1
            }
            k = next
            patterns.append(pattern)

            let bytes = first.bytes
            var common = 0
            while common < min(bytes.count, previous.count), bytes[common] == previous[common] { common += 1 }
            path.removeSubrange(common...)
            var node: Int32 = common == 0 ? 0 : path[common - 1]
            for b in bytes[common...] {
                let child = Int32(parents.count)
                parents.append((node, b))
                outputs.append(-1)
                path.append(child)
                node = child
            }
            outputs[Int(node)] = Int32(patterns.count - 1)
            previous = bytes
        }
        buildAutomaton(parents: parents, outputs: outputs)
        let longest = patterns.map { Int($0.length) }.max() ?? 1
        var size = 1
        while size < longest { size <<= 1 }
        originMask = size - 1
    }

    /// Lays the trie out in arrays and computes failure and dictionary links breadth first.
    private mutating func buildAutomaton(parents: [(parent: Int32, byte: UInt8)], outputs: [Int32]) {
        let n = parents.count
        var counts = [Int32](repeating: 0, count: n + 1)
        for node in 1..<n { counts[Int(parents[node].parent) + 1] += 1 }
        for i in 0..<n { counts[i + 1] += counts[i] }
        edgeStart = counts
        edgeBytes = [UInt8](repeating: 0, count: n - 1)
        edgeTargets = [Int32](repeating: 0, count: n - 1)
        var fill = Array(counts.dropLast())
        for node in 1..<n {
            let parent = Int(parents[node].parent)
            let slot = Int(fill[parent])
            fill[parent] += 1
            edgeBytes[slot] = parents[node].byte
            edgeTargets[slot] = Int32(node)
        }
        // Sort each node's few edges by byte (insertion sort: nearly all nodes have one).
        for node in 0..<n {
            let lo = Int(edgeStart[node]), hi = Int(edgeStart[node + 1])
            guard hi - lo > 1 else { continue }
            for i in (lo + 1)..<hi {
                let b = edgeBytes[i], t = edgeTargets[i]
                var j = i - 1
                while j >= lo, edgeBytes[j] > b {
                    edgeBytes[j + 1] = edgeBytes[j]
                    edgeTargets[j + 1] = edgeTargets[j]
                    j -= 1
                }
                edgeBytes[j + 1] = b
                edgeTargets[j + 1] = t
            }
        }
        for k in Int(edgeStart[0])..<Int(edgeStart[1]) { rootNext[Int(edgeBytes[k])] = edgeTargets[k] }
        output = outputs
        fail = [Int32](repeating: 0, count: n)
        dictionaryLink = [Int32](repeating: -1, count: n)
        var queue: [Int32] = []
        queue.reserveCapacity(n)
        for k in Int(edgeStart[0])..<Int(edgeStart[1]) { queue.append(edgeTargets[k]) }
        var head = 0
        while head < queue.count {
            let u = queue[head]
            head += 1
            for k in Int(edgeStart[Int(u)])..<Int(edgeStart[Int(u) + 1]) {
                let v = edgeTargets[k]
                let b = edgeBytes[k]
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
    }

    /// The child of `node` on `byte`, or -1, read from the arrays while the automaton is
    /// built (`Tables.transition` reads the same while texts are matched).
    private func transition(_ node: Int32, _ byte: UInt8) -> Int32 {
        if node == 0 { return rootNext[Int(byte)] }
        var lo = Int(edgeStart[Int(node)])
        let hi = Int(edgeStart[Int(node) + 1])
        while lo < hi {
            if edgeBytes[lo] == byte { return edgeTargets[lo] }
            lo += 1
        }
        return -1
    }

    /// The automaton's arrays, read through pointers while a text is matched: the inner loop
    /// then checks no index and retains no array.
    private struct Tables {
        let rootNext: UnsafeBufferPointer<Int32>
        let edgeStart: UnsafeBufferPointer<Int32>
        let edgeBytes: UnsafeBufferPointer<UInt8>
        let edgeTargets: UnsafeBufferPointer<Int32>
        let fail: UnsafeBufferPointer<Int32>
        let output: UnsafeBufferPointer<Int32>
        let dictionaryLink: UnsafeBufferPointer<Int32>

        @inline(__always)
        func transition(_ node: Int32, _ byte: UInt8) -> Int32 {
            if node == 0 { return rootNext[Int(byte)] }
            var lo = Int(edgeStart[Int(node)])
            var hi = Int(edgeStart[Int(node) + 1])
            if hi - lo <= 8 {
                while lo < hi {
                    let b = edgeBytes[lo]
                    if b == byte { return edgeTargets[lo] }
                    if b > byte { return -1 }
                    lo += 1
                }
                return -1
            }
            while lo < hi {
                let mid = (lo + hi) >> 1
                let b = edgeBytes[mid]
                if b == byte { return edgeTargets[mid] }
                if b < byte { lo = mid + 1 } else { hi = mid }
            }
            return -1
        }

        @inline(__always)
        func step(_ state: Int32, _ byte: UInt8, _ work: inout Int) -> Int32 {
            var s = state
            while true {
                work += 1
                let t = transition(s, byte)
                if t >= 0 { return t }
                if s == 0 { return 0 }
                s = fail[Int(s)]
            }
        }
    }

    private func withTables<R>(_ body: (Tables) -> R) -> R {
        rootNext.withUnsafeBufferPointer { rootNext in
            edgeStart.withUnsafeBufferPointer { edgeStart in
                edgeBytes.withUnsafeBufferPointer { edgeBytes in
                    edgeTargets.withUnsafeBufferPointer { edgeTargets in
                        fail.withUnsafeBufferPointer { fail in
                            output.withUnsafeBufferPointer { output in
                                dictionaryLink.withUnsafeBufferPointer { dictionaryLink in
                                    body(Tables(rootNext: rootNext, edgeStart: edgeStart, edgeBytes: edgeBytes,
                                                edgeTargets: edgeTargets, fail: fail, output: output,
                                                dictionaryLink: dictionaryLink))
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
        fileprivate var candidates: [(start: Int, end: Int, pattern: Int32)] = []
        /// The scalar each of the last folded bytes came from, to find where a match starts: a
        /// ring as long as the longest name (rounded up to a power of two), written at
        /// `byte count & mask`.
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
    func forEachMatch(in scalars: [Unicode.Scalar], range: Range<Int>, scratch: inout Scratch, _ body: (Match) -> Void) {
        guard !patterns.isEmpty, !range.isEmpty else { return }
        scratch.candidates.removeAll(keepingCapacity: true)
        if scratch.origin.count != originMask + 1 { scratch.origin = [Int32](repeating: 0, count: originMask + 1) }
        var work = 0
        defer { scratch.work += work }
        let mask = originMask
        var candidates = scratch.candidates
        var folded = scratch.folded
        scratch.candidates = []
        scratch.folded = []
        defer {
            scratch.candidates = candidates
            scratch.folded = folded
        }
        scratch.origin.withUnsafeMutableBufferPointer { origin in
            scalars.withUnsafeBufferPointer { scalars in
                withTables { tables in
                    // Folded bytes read so far: the ring slot of the next one.
                    var count = 0
                    var state: Int32 = 0
                    for i in range {
                        let s = scalars[i]
                        let v = s.value
                        if v < 0x80 {
                            guard let b = ConceptName.foldASCII(UInt8(v)) else { continue }
                            state = tables.step(state, b, &work)
                            origin[count & mask] = Int32(i)
                            count += 1
                        } else if v >= 0xAC00 && v <= 0xD7A3 {
                            state = tables.step(state, UInt8(0xE0 | (v >> 12)), &work)
                            state = tables.step(state, UInt8(0x80 | ((v >> 6) & 0x3F)), &work)
                            state = tables.step(state, UInt8(0x80 | (v & 0x3F)), &work)
                            origin[count & mask] = Int32(i)
                            origin[(count + 1) & mask] = Int32(i)
                            origin[(count + 2) & mask] = Int32(i)
                            count += 3
                        } else {
                            folded.removeAll(keepingCapacity: true)
                            ConceptName.fold(s, into: &folded)
                            if folded.isEmpty { continue }
                            for b in folded {
                                state = tables.step(state, b, &work)
                                origin[count & mask] = Int32(i)
                                count += 1
                            }
                        }
                        var node = tables.output[Int(state)] >= 0 ? state : tables.dictionaryLink[Int(state)]
                        while node >= 0 {
                            let p = Int(tables.output[Int(node)])
                            let start = Int(origin[(count - Int(patterns[p].length)) & mask])
                            if accepts(patterns[p], start: start, end: i + 1, in: scalars, range: range) {
                                candidates.append((start, i + 1, Int32(p)))
                            }
                            node = tables.dictionaryLink[Int(node)]
                        }
                    }
                }
            }
        }
        guard !candidates.isEmpty else { return }
        if candidates.count > 1 {
            candidates.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
        }
        var lastEnd = range.lowerBound
        for c in candidates where c.start >= lastEnd {
            body(Match(range: c.start..<c.end, concept: Int(patterns[Int(c.pattern)].concept)))
            lastEnd = c.end
        }
    }

    private func accepts(_ pattern: Pattern, start: Int, end: Int, in scalars: UnsafeBufferPointer<Unicode.Scalar>,
                         range: Range<Int>) -> Bool {
        if start > range.lowerBound {
            let previous = scalars[start - 1]
            if pattern.startsHangul ? ConceptName.isHangul(previous) : ConceptName.isWordScalar(previous) { return false }
        }
        if end < range.upperBound {
            let next = scalars[end]
            if pattern.endsHangul {
                if ConceptName.isHangul(next), !ReferenceMentionMatcher.particleStarts.contains(next) { return false }
            } else if ConceptName.isWordScalar(next) {
                let plural = pattern.allowsPlural && next == "s"
                    && (end + 1 == range.upperBound || !ConceptName.isWordScalar(scalars[end + 1]))
                if !plural { return false }
            }
        }
        if let forms = pattern.exact {
            var written: [Unicode.Scalar] = []
            written.reserveCapacity(end - start)
            for k in start..<end where !ConceptName.isSeparator(scalars[k]) { written.append(scalars[k]) }
            if !forms.contains(written) { return false }
        }
        return true
    }

    /// First syllables of the particles, copulas and 하다-endings that may follow a Hangul name:
    /// "정규화를", "정규화는", "정규화한다", "정규화이다", "정규화된".
    static let particleStarts: Set<Unicode.Scalar> = Set(
        "은는이가을를의에와과로으도만까부보처나란랑께한들하할함해했합된되될됨인일임였다고서며면야요엔뿐마조라".unicodeScalars)
}


@testable import Linker
import Testing
import TestSupport
import Markdown
import Diagnostics

/// The byte-level and list-based shortcuts of the concept merge and the mention scan must give
/// what the general code gives, on any input: each is compared with the code it replaced (kept
/// here, or as `LegacyInlineText`), on generated inputs over the awkward cases (capitals, NFD,
/// marks, Hangul, emoji, separators, empty).
@Suite struct ConceptMergeFastPathTests {
    static let alphabet: [String] = [
        "a", "A", "z", "Z", "k", "K", "1", "0", " ", "  ", "\t", "\n", "\r", "-", "_", "+", ".", "/", "?", "@", "`",
        "[", "{", "~", "\u{7F}", "\u{0}", "é", "E\u{301}", "ß", "Σ", "σ", "İ", "\u{212A}", "\u{212B}", "\u{37E}",
        "가", "\u{1100}\u{1161}", "漢", "😀", "\u{A0}", "\u{3000}", "\u{2013}", "Ａ", "VAE", "Auto Encoder",
    ]

    static func randomText(_ random: inout SplitMix, maxPieces: Int = 10) -> String {
        (0..<random.below(maxPieces + 1)).map { _ in random.pick(alphabet) }.joined()
    }

    static func randomASCII(_ random: inout SplitMix, maxLength: Int = 16) -> String {
        String(decoding: (0..<random.below(maxLength + 1)).map { _ in UInt8(random.below(128)) }, as: UTF8.self)
    }

    // MARK: Slugs and byte order

    @Test func asciiSlugAgreesWithScalars() {
        var random = SplitMix(state: 0x5106_0001)
        for _ in 0..<20_000 {
            let name = Self.randomASCII(&random)
            let fast = ConceptName.asciiSlug(name)
            #expect(fast.map { $0.utf8.elementsEqual(ConceptName.slugByScalar(name).utf8) } ?? false, "\(String(reflecting: name))")
        }
        for v in 0..<128 {
            let name = "a" + String(UnicodeScalar(UInt8(v))) + "b"
            #expect(ConceptName.asciiSlug(name) == ConceptName.slugByScalar(name), "\(v)")
        }
        // Anything else is left to the scalars.
        for _ in 0..<5_000 {
            let name = Self.randomText(&random)
            if !name.isASCIIOnly { #expect(ConceptName.asciiSlug(name) == nil) }
            #expect(ConceptName.slug(name).utf8.elementsEqual(ConceptName.slugByScalar(name).utf8), "\(String(reflecting: name))")
        }
    }

    @Test func bytesPrecedeIsUTF8Order() {
        var random = SplitMix(state: 0x5106_0002)
        for _ in 0..<20_000 {
            let a = Self.randomText(&random, maxPieces: 4)
            // Often a prefix of the other, or equal.
            let b = random.chance(30) ? a + Self.randomText(&random, maxPieces: 2) : Self.randomText(&random, maxPieces: 4)
            #expect(ConceptName.bytesPrecede(a, b) == a.utf8.lexicographicallyPrecedes(b.utf8))
            #expect(ConceptName.bytesPrecede(b, a) == b.utf8.lexicographicallyPrecedes(a.utf8))
            #expect(!ConceptName.bytesPrecede(a, a))
        }
    }

    // MARK: Aliases

    /// `ConceptMerger.aliases(of:)` as it was: every spelling lowercased.
    static func referenceAliases(of draft: ConceptMerger.Draft) -> [String] {
        guard draft.spellings.count > 1 else { return [] }
        var seen: Set<String> = [draft.name.lowercased()]
        return draft.spellings.dropFirst().filter { seen.insert($0.lowercased()).inserted }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    @Test func aliasesAgreeWithLowercasing() {
        var random = SplitMix(state: 0x5106_0003)
        let words = ["vae", "VAE", "Vae", "vAE", "ELBO", "elbo", "Auto Encoder", "auto encoder", "a@", "A`", "a`",
                     "[x", "{x", "KL", "kl", "Kl", "\u{212A}L", "Ｋl", "변분", "ß", "SS", "ss", "é", "E\u{301}", "e\u{301}", "É"]
        var ascii = 0
        for _ in 0..<20_000 {
            var spellings: [String] = []
            for _ in 0..<(1 + random.below(10)) {
                let word = random.chance(70) ? random.pick(words) : Self.randomASCII(&random, maxLength: 3)
                // Spellings are distinct strings (one tally each).
                if !spellings.contains(word) { spellings.append(word) }
            }
            let draft = ConceptMerger.Draft(root: 0, name: spellings[0], key: "", spellings: spellings, inGlossary: false)
            let got = ConceptMerger.aliases(of: draft)
            let want = Self.referenceAliases(of: draft)
            #expect(got.count == want.count && zip(got, want).allSatisfy { $0.utf8.elementsEqual($1.utf8) }, "\(spellings)")
            if spellings.count <= 9, ConceptMerger.asciiAliases(of: draft) != nil { ascii += 1 }
        }
        #expect(ascii > 3_000, "\(ascii) drafts by bytes")
    }

    // MARK: Related concepts

    /// `related` as a dictionary per concept made it.
    static func referenceRelations(_ edges: [ConceptCatalog.RelatedEdge], conceptCount: Int) -> [[RelatedConcept]] {
        var symmetric = [[Int: Double]](repeating: [:], count: conceptCount)
        for edge in edges {
            symmetric[edge.from][edge.to, default: 0] += edge.weight
            symmetric[edge.to][edge.from, default: 0] += edge.weight
        }
        return symmetric.map { weights in
            weights.map { RelatedConcept(concept: $0.key, weight: $0.value) }
                .sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.concept < $1.concept }
        }
    }

    @Test func symmetricRelationsAgreeWithDictionaries() {
        var random = SplitMix(state: 0x5106_0004)
        // Weights whose sums depend on the order of addition, and signed zeros.
        let weights: [Double] = [1, 2, 0.1, 0.2, 0.3, 1e16, -1e16, 1e-300, 3, -0.0, 0.0, 7]
        for _ in 0..<3_000 {
            let count = 1 + random.below(12)
            // Edges as the catalog keeps them (`addingCounts` makes them): in key order, each
            // pair once; pairs both ways and edges to the concept itself among them.
            var byKey: [UInt64: ConceptCatalog.RelatedEdge] = [:]
            for _ in 0..<random.below(40) {
                let edge = ConceptCatalog.RelatedEdge(from: random.below(count), to: random.below(count), weight: random.pick(weights))
                byKey[UInt64(edge.from) << 32 | UInt64(edge.to)] = edge
            }
            let edges = byKey.keys.sorted().map { byKey[$0]! }
            let got = ConceptCatalog.symmetricRelations(edges, conceptCount: count)
            let want = Self.referenceRelations(edges, conceptCount: count)
            #expect(got.count == want.count)
            for (g, w) in zip(got, want) {
                #expect(g.map(\.concept) == w.map(\.concept), "\(edges)")
                #expect(g.map(\.weight.bitPattern) == w.map(\.weight.bitPattern), "\(edges)")
            }
        }
    }

    /// The related edges as a dictionary by pair summed them: each note's counts in note order,
    /// then the weights of the edges given, in their order.
    static func referenceAddingCounts(_ counts: [[(pair: UInt64, count: Int)]],
                                      to edges: [ConceptCatalog.RelatedEdge]) -> [ConceptCatalog.RelatedEdge] {
        var weights: [UInt64: Double] = [:]
        for list in counts {
            for (pair, n) in list { weights[pair, default: 0] += Double(n) }
        }
        for edge in edges { weights[UInt64(edge.from) << 32 | UInt64(edge.to), default: 0] += edge.weight }
        return weights.keys.sorted().map {
            ConceptCatalog.RelatedEdge(from: Int($0 >> 32), to: Int($0 & 0xFFFF_FFFF), weight: weights[$0]!)
        }
    }

    @Test func addingCountsAgreesWithDictionary() {
        var random = SplitMix(state: 0x5106_0005)
        // Weights whose sums depend on the order of addition, and signed zeros.
        let weights: [Double] = [1, 2, 0.1, 0.2, 0.3, 1e16, -1e16, 1e-300, 3, -0.0, 0.0, 7]
        for _ in 0..<3_000 {
            let count = 1 + random.below(6)
            func pair() -> UInt64 { UInt64(random.below(count)) << 32 | UInt64(random.below(count)) }
            // Each note's counts in key order, each pair once (`counted`).
            let notes: [[(pair: UInt64, count: Int)]] = (0..<random.below(6)).map { _ in
                var keys = (0..<random.below(8)).map { _ in pair() }
                return ConceptCatalog.counted(&keys)
            }
            // The glossary's edges: in any order, a pair more than once.
            let edges = (0..<random.below(8)).map { _ in
                ConceptCatalog.RelatedEdge(from: random.below(count), to: random.below(count), weight: random.pick(weights))
            }
            let got = ConceptCatalog.addingCounts(notes, to: edges)
            let want = Self.referenceAddingCounts(notes, to: edges)
            #expect(got.map { [$0.from, $0.to] } == want.map { [$0.from, $0.to] }, "\(notes) \(edges)")
            #expect(got.map(\.weight.bitPattern) == want.map(\.weight.bitPattern), "\(notes) \(edges)")
        }
    }

    // MARK: Dictionary

    /// `FirstSightNumbers` numbers keys as a dictionary given the count for each new key does,
    /// across its growths, for keys that share slots (multiples of the table size, negatives).
    @Test func firstSightNumbersAgreeWithDictionary() {
        var random = SplitMix(state: 0x5106_0006)
        let awkward = [0, 1, -1, 8, 16, 64, 1 << 32, -(1 << 40), Int.max, Int.min]
        for _ in 0..<2_000 {
            var table = FirstSightNumbers(capacity: random.below(40))
            var reference: [Int: Int] = [:]
            let range = 1 + random.below(300)
            for _ in 0..<random.below(400) {
                let key = random.chance(10) ? random.pick(awkward) : random.below(range) * (random.chance(50) ? 64 : 1)
                let want = reference.value(forKey: key, insertingIfAbsent: reference.count)
                #expect(table.number(of: key) == want, "\(key)")
            }
            #expect(table.keys.count == reference.count)
        }
    }

    @Test func valueInsertingIfAbsent() {
        var table: [String: Int] = ["a": 1]
        #expect(table.value(forKey: "a", insertingIfAbsent: 9) == 1)
        #expect(table == ["a": 1])
        #expect(table.value(forKey: "b", insertingIfAbsent: 2) == 2)
        #expect(table == ["a": 1, "b": 2])
        // Keys compare as Swift's strings do: the NFD spelling finds the NFC one.
        table["\u{E9}"] = 3
        #expect(table.value(forKey: "e\u{301}", insertingIfAbsent: 4) == 3)
        #expect(table.count == 3)
    }

    // MARK: InlineText

    @Test func decodeAgreesWithScalarView() {
        var random = SplitMix(state: 0x5106_0005)
        let long = ["abcdefghijklmnop", "0123456789", "가나다라", " ", "é", "E\u{301}", "\u{1100}\u{1161}", "😀", "\u{CC}"]
        for _ in 0..<20_000 {
            let text = random.chance(50) ? Self.randomText(&random, maxPieces: 30)
                : (0..<random.below(12)).map { _ in random.pick(long) }.joined()
            let scalars: [Unicode.Scalar] = text.withUTF8Bytes { bytes in
                withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: max(bytes.count, 1)) { buffer in
                    let n = InlineText.decode(bytes, into: buffer, stoppingIfNotNFC: false)!
                    return Array(buffer[..<n])
                }
            }
            #expect(scalars == Array(text.unicodeScalars), "\(String(reflecting: text))")
            let stopped: Bool = text.withUTF8Bytes { bytes in
                withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: max(bytes.count, 1)) { buffer in
                    InlineText.decode(bytes, into: buffer, stoppingIfNotNFC: true) == nil
                }
            }
            #expect(stopped == ConceptName.needsNormalization(text), "\(String(reflecting: text))")
            // The count the autolinker takes of a node is the decoding's, with the same stops.
            let count = text.withUTF8Bytes { InlineText.scalarCount($0, stoppingIfNotNFC: false) }
            #expect(count == scalars.count, "\(String(reflecting: text))")
            let countStopped = text.withUTF8Bytes { InlineText.scalarCount($0, stoppingIfNotNFC: true) } == nil
            #expect(countStopped == stopped, "\(String(reflecting: text))")
        }
    }

    /// ASCII of every length before and after each kind of scalar: every place a scalar's
    /// bytes can lie in or across the eight bytes `decode` widens at once.
    @Test func decodeAgreesAroundEightByteChunks() {
        for other in ["é", "가", "😀", "\u{7FF}", "\u{800}", "\u{FFFF}", "\u{10FFFF}", "\u{7F}", "\u{0}"] {
            for before in 0..<24 {
                for after in [0, 1, 7, 8, 9, 16] {
                    let text = String(repeating: "a", count: before) + other + String(repeating: "b", count: after)
                    let scalars: [Unicode.Scalar]? = text.withUTF8Bytes { bytes in
                        withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: max(bytes.count, 1)) { buffer in
                            InlineText.decode(bytes, into: buffer, stoppingIfNotNFC: true).map { Array(buffer[..<$0]) }
                        }
                    }
                    #expect(scalars == Array(text.unicodeScalars), "\(String(reflecting: text))")
                }
            }
        }
    }

    static let pieces: [String] = [
        "Variational Auto Encoder (VAE) ", "plain ascii words that run longer than eight bytes ", "변분 오토인코더", " ",
        "\n", "  \n", "`code (X) and more code`", "$N(0, I)$", "[Link (LL)](x.md)", "[[Wiki (WK)]]", "**Bold (BB)**",
        "*em* ", "<br>", "<span>", "é", "Cafe\u{301}", "오토\u{1102}\u{1165}", "\u{3000}", "😀", "漢字", "https://x.org/a",
        "![alt text](i.png)", "[^1]", "~~gone~~", "T2763", ".", String(repeating: "word ", count: 20),
        String(repeating: "가", count: 90), "`\u{1100}\u{1161} code`", "$\\alpha_{가}$",
    ]

    /// The `.text` inlines outside links, in the order `InlineText` records them.
    static func textNodes(_ inlines: [Inline]) -> [String] {
        var texts: [String] = []
        for inline in inlines {
            switch inline {
            case .text(let t): texts.append(t)
            case .emphasis(let c), .strong(let c), .strikethrough(let c): texts += textNodes(c)
            default: continue
            }
        }
        return texts
    }

    /// `InlineText.NodeCutter` copies pieces of a node out of its UTF-8 (or its normalised
    /// scalars): each must be the string of the node's scalars between the cuts.
    @Test func nodePiecesAreTheNodesScalars() {
        var random = SplitMix(state: 0xC077)
        for _ in 0..<3_000 {
            let text = (0..<(1 + random.below(6))).map { _ in random.pick(Self.pieces) }.joined()
            let scalars = InlineText.scalars(ofTextNode: text)
            var cuts = (0..<random.below(6)).map { _ in random.below(scalars.count + 1) }
            cuts += [0, scalars.count]
            cuts.sort()
            var cutter = InlineText.NodeCutter(text)
            for k in 1..<cuts.count {
                let range = cuts[k - 1]..<cuts[k]
                // Bytes compared: strings compare canonically equivalent text as equal.
                #expect(Array(cutter.piece(range).utf8) == Array(String(scalars: scalars[range]).utf8), "\(text.debugDescription) \(range)")
            }
        }
    }

    @Test func inlineTextAgreesWithLegacy() {
        var random = SplitMix(state: 0x5106_0006)
        var files: [(String, String)] = []
        for n in 0..<300 {
            var text = "# Note \(n)\n\n"
            for _ in 0..<8 {
                let line = (0..<(1 + random.below(12))).map { _ in random.pick(Self.pieces) }.joined()
                text += (random.chance(20) ? "- " : random.chance(10) ? "## " : "") + line + "\n\n"
            }
            files.append(("n\(n).md", text))
        }
        var blocks = 0
        // One text read block after block (the mention scan's way) must hold each block's text
        // alone, as a new one does.
        var reused = InlineText()
        for note in parsedNotes(files) {
            for inlines in TextBlocksTests.textBlocks(of: note.document) {
                Self.expectReadAsNew(&reused, inlines, document: note.document, &random)
                #expect(reused.textNodes.isEmpty)
                for recording in [false, true] {
                    let got = InlineText(inlines, document: note.document, recordingTextNodes: recording)
                    let want = LegacyInlineText(inlines, document: note.document, recordingTextNodes: recording)
                    #expect(got.scalars == want.scalars, "\(inlines)")
                    #expect(got.runs.map(\.range) == want.runs.map(\.range) && got.runs.map(\.link) == want.runs.map(\.link))
                    #expect(got.textNodes == want.textNodes)
                    // Counted, not kept (the autolinker's way): the same runs and nodes, and each
                    // node's scalars read alone are the ones the whole text holds there.
                    let counted = InlineText(inlines, document: note.document, recordingTextNodes: recording, countingOnly: true)
                    #expect(counted.scalars.isEmpty && counted.length == want.scalars.count)
                    #expect(counted.runs.map(\.range) == want.runs.map(\.range) && counted.runs.map(\.link) == want.runs.map(\.link))
                    #expect(counted.textNodes == want.textNodes)
                    if recording {
                        let texts = Self.textNodes(inlines)
                        #expect(texts.count == want.textNodes.count)
                        for (text, range) in zip(texts, want.textNodes) {
                            #expect(InlineText.scalars(ofTextNode: text) == Array(want.scalars[range]), "\(text.debugDescription)")
                        }
                    }
                }
                blocks += 1
            }
        }
        #expect(blocks > 2_000, "\(blocks) blocks")
    }

    /// Reads `inlines` into `reused`, as the mention scan reads block after block into one
    /// text, and checks it then holds what a new legacy reader of them holds: the scalars, the
    /// runs and, read from the reused buffer (longer than the text after a longer block), the
    /// sentences of the text's own scalars.
    static func expectReadAsNew(_ reused: inout InlineText, _ inlines: [Inline], document: MarkdownDocument, _ random: inout SplitMix) {
        reused.read(inlines, document: document)
        let fresh = LegacyInlineText(inlines, document: document)
        #expect(reused.scalars == fresh.scalars)
        #expect(reused.runs.map(\.range) == fresh.runs.map(\.range) && reused.runs.map(\.link) == fresh.runs.map(\.link))
        expectSameSentences(reused, fresh.scalars, &random)
    }

    /// `InlineText.sentence(around:)` against `PlainText.sentence(around:in:)` of the scalars
    /// of a new text, for random ranges (ends, empty ranges and the whole text included).
    static func expectSameSentences(_ text: InlineText, _ scalars: [Unicode.Scalar], _ random: inout SplitMix) {
        #expect(text.length == scalars.count && text.storage.count >= text.length)
        var ranges = [0..<0, scalars.count..<scalars.count, 0..<scalars.count]
        for _ in 0..<4 {
            let a = random.below(scalars.count + 1), b = random.below(scalars.count + 1)
            ranges.append(min(a, b)..<max(a, b))
        }
        for range in ranges {
            let sentence = PlainText.sentence(around: range, in: scalars)
            #expect(text.sentence(around: range) == sentence, "\(range) of \(scalars.count)")
            // The bytes the mention scan keeps are the strings' own, appended after what is there.
            var bytes: [UInt8] = [0x21]
            let (before, match, after) = text.appendSentenceUTF8(around: range, to: &bytes)
            #expect(bytes == [0x21] + Array(sentence.before.utf8) + Array(sentence.match.utf8) + Array(sentence.after.utf8),
                    "\(range) of \(scalars.count)")
            #expect(before == sentence.before.utf8.count && match == sentence.match.utf8.count && after == sentence.after.utf8.count)
        }
    }

    /// One text read after a huge one (and empty ones, and NFD that is normalised) holds its
    /// own scalars alone, and its sentences are its own, though its buffer is the huge one's.
    @Test func reusedTextAfterHugeOnes() {
        var random = SplitMix(state: 0x5106_0007)
        let huge = String(repeating: "변분 오토인코더. Auto Encoder (VAE) 😀 Cafe\u{301}! ", count: 4_000)
        let texts = [huge, "", "VAE", "오토\u{1102}\u{1165}", huge + "x", "a. b", "", String(repeating: "가", count: 70_000), "z"]
        var files: [(String, String)] = []
        for (n, text) in texts.enumerated() { files.append(("h\(n).md", "# H \(n)\n\n" + text + "\n")) }
        var reused = InlineText()
        var blocks = 0
        for note in parsedNotes(files) {
            for inlines in TextBlocksTests.textBlocks(of: note.document) {
                Self.expectReadAsNew(&reused, inlines, document: note.document, &random)
                blocks += 1
            }
        }
        #expect(blocks >= texts.count)
        // An empty text read into nothing: no scalars, no room needed.
        var empty = InlineText()
        empty.read([], document: parsedNotes([("e.md", "# E\n")])[0].document)
        #expect(empty.scalars.isEmpty && empty.length == 0 && empty.runs.isEmpty)
    }
}

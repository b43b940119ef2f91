@testable import Linker
import Testing
import TestSupport
import Diagnostics

/// The byte walks of concept-name extraction (acronym alignment, scalar counts, collapsed
/// spaces, alphabetic words, ASCII keys) against the scalar walks they replace
/// (`LegacyTermRecognizer` keeps those from before), byte for byte, on generated texts full of
/// the awkward cases: marks after a letter, Hangul syllables and jamo, word scalars of other
/// scripts, odd spaces, astral scalars.
@Suite struct ExtractionFastPathTests {
    static let longPieces: [String] = [
        "Variational", "Auto", "Encoder", "Evidence", "Lower", "Bound", "Topic", "Number", "2763", "Method", "T2763",
        "Kullback-Leibler", "Divergence", "auto", "encoder", "vae", "v", "a", "e", "VAE", "x", "X", "l2", "L",
        "변분", "오토인코더", "가", "é", "e\u{301}", "\u{301}", "Σ", "σ", "ß", "😀", "\u{1100}\u{1161}", "漢",
        " ", " ", " ", "  ", "-", "_", "\u{3000}", "\u{A0}", "\t", "\r\n", ".", "(", "Ａ", "ǅ", "Ⅳ", "٣",
    ]
    static let shortPieces: [String] = ["V", "A", "E", "T", "2", "7", "6", "3", "L", "K", "D", "B", "-", "x", "é", " ", "ß", "가", "1"]

    static func random(_ pieces: [String], _ random: inout SplitMix, upTo: Int) -> String {
        (0..<random.below(upTo + 1)).map { _ in random.pick(pieces) }.joined()
    }

    /// The UTF-8 offset of an index, for comparing indices made by different views.
    static func offset(_ text: String, _ index: String.Index?) -> Int? {
        index.map { text.utf8.distance(from: text.utf8.startIndex, to: $0) }
    }

    @Test func alignmentAgreesWithScalarArrays() {
        var random = SplitMix(state: 0xA11C_0001)
        var aligned = 0
        var spelled = 0
        for _ in 0..<40_000 {
            let long = Self.random(Self.longPieces, &random, upTo: 8)
            // Often an acronym of the long text's capitals, so that many alignments succeed.
            let short = random.chance(50)
                ? String(long.unicodeScalars.filter { $0.properties.isUppercase || ("0"..."9").contains($0) }.map(Character.init))
                : Self.random(Self.shortPieces, &random, upTo: 5)
            let want = LegacyTermRecognizer.alignmentStart(short: short, long: long)
            let got = TermRecognizer.alignmentStart(short: short, long: long)
            #expect(Self.offset(long, got) == Self.offset(long, want), "\(String(reflecting: short)) in \(String(reflecting: long))")
            #expect(TermRecognizer.alignmentOffset(short: short, long: long) == Self.offset(long, want))
            if let got, let want {
                aligned += 1
                // The same long form, cut through either view.
                #expect(String(long.unicodeScalars[got...]).utf8.elementsEqual(String(long.unicodeScalars[want...]).utf8))
            }
            let spells = TermRecognizer.spells(short, long)
            #expect(spells == LegacyTermRecognizer.spells(short, long), "\(String(reflecting: short)) spells \(String(reflecting: long))")
            if spells { spelled += 1 }
        }
        #expect(aligned > 8_000, "\(aligned) aligned")
        #expect(spelled > 4_000, "\(spelled) spelled")
        #expect(TermRecognizer.alignmentOffset(short: "VAE", long: "the Variational Auto Encoder") == 4)
        #expect(TermRecognizer.alignmentOffset(short: "VAE", long: "변분 Variational Auto Encoder") == 7)
        #expect(TermRecognizer.alignmentOffset(short: "T2763", long: "Topic Number 2763 Method") == 0)
        #expect(TermRecognizer.alignmentOffset(short: "VAE", long: "éVariational Auto Encoder") == nil)
    }

    @Test func scalarCountIsTheScalarViewsCount() {
        var random = SplitMix(state: 0xA11C_0002)
        for _ in 0..<20_000 {
            let text = Self.random(Self.longPieces, &random, upTo: 10)
            #expect(TermRecognizer.scalarCount(text) == text.unicodeScalars.count)
            let cut = random.below(text.unicodeScalars.count + 1)
            let sub = text.unicodeScalars.index(text.unicodeScalars.startIndex, offsetBy: cut)
            #expect(TermRecognizer.scalarCount(text[sub...]) == text[sub...].unicodeScalars.count)
            #expect(TermRecognizer.scalarCount(Substring(text.unicodeScalars[sub...])) == text.unicodeScalars[sub...].count)
        }
    }

    @Test func sameKeyIsEqualKeys() {
        var random = SplitMix(state: 0xA11C_0003)
        var same = 0
        for _ in 0..<40_000 {
            let a = Self.random(Self.longPieces + Self.shortPieces, &random, upTo: 4)
            var b = random.chance(50) ? a : Self.random(Self.longPieces + Self.shortPieces, &random, upTo: 4)
            if random.chance(50) {
                // Cases, spaces and hyphens moved about: another spelling of the same key.
                b = b.map { random.chance(30) ? String($0).uppercased() : String($0) }.joined()
                if random.chance(50) { b = b.replacingOccurrences(of: " ", with: "-") }
                if random.chance(50) { b += random.pick([" ", "-", "\t", "\n", "\r"]) }
            }
            let want = ConceptName.key(a) == ConceptName.key(b)
            #expect(ConceptName.sameKey(a, b) == want, "\(String(reflecting: a)) \(String(reflecting: b))")
            if want { same += 1 }
        }
        #expect(same > 10_000, "\(same) same keys")
    }

    @Test func collapsedTextIsFoundByBytes() {
        var random = SplitMix(state: 0xA11C_0004)
        var asIs = 0
        for _ in 0..<30_000 {
            let text = random.chance(30) ? TermFastPathTests.randomText(&random) : Self.random(Self.longPieces, &random, upTo: 6)
            let byScalar = TermRecognizer.isCollapsedByScalar(text)
            #expect(text.withUTF8Bytes(TermRecognizer.isCollapsed) == byScalar, "\(String(reflecting: text))")
            if byScalar { asIs += 1 }
            #expect(TermRecognizer.collapseSpaces(text).utf8.elementsEqual(LegacyTermRecognizer.collapseSpaces(text).utf8))
            let sub = text.dropFirst(random.below(3))
            #expect(TermRecognizer.collapseSpaces(sub).utf8.elementsEqual(LegacyTermRecognizer.collapseSpaces(sub).utf8))
        }
        #expect(asIs > 5_000 && asIs < 25_000, "\(asIs) already collapsed")
        // Every white-space scalar, alone and between words.
        for v in UInt32(0)...0x3000 {
            guard let s = Unicode.Scalar(v) else { continue }
            for text in [String(s), "a" + String(s) + "b", "a " + String(s)] {
                #expect(text.withUTF8Bytes(TermRecognizer.isCollapsed) == TermRecognizer.isCollapsedByScalar(text), "U+\(String(v, radix: 16))")
            }
        }
    }

    @Test func alphabeticWordsAreFoundByBytes() {
        for v in UInt32(0)...0x10FFFF {
            guard let s = Unicode.Scalar(v) else { continue }
            let word = "1" + String(s)
            if TermRecognizer.hasAlphabetic(word) != s.properties.isAlphabetic {
                Issue.record("U+\(String(v, radix: 16))")
            }
        }
        var random = SplitMix(state: 0xA11C_0005)
        for _ in 0..<10_000 {
            let word = Self.random(Self.longPieces, &random, upTo: 4)
            #expect(TermRecognizer.hasAlphabetic(word) == word.unicodeScalars.contains { $0.properties.isAlphabetic })
        }
    }

    /// `hasParenthesis` skips a paragraph only where the scan would offer nothing.
    @Test func parenthesisGateHidesNoCandidate() {
        var random = SplitMix(state: 0xA11C_0011)
        let pieces = InlineAcronymCandidateTests.pieces + ["㼈", "🜈", "\u{FF08}", "（A B）", "Auto Encoder（AE）"]
        var files: [(String, String)] = []
        for n in 0..<300 {
            var text = "# Note \(n)\n\n"
            for _ in 0..<8 { text += (0..<(1 + random.below(6))).map { _ in random.pick(pieces) }.joined() + "\n\n" }
            files.append(("n\(n).md", text))
        }
        var gated = 0
        for note in parsedNotes(files) {
            for case .paragraph(let inlines) in note.document.blocks where !ConceptExtractor.hasParenthesis(inlines) {
                gated += 1
                #expect(InlineAcronymCandidateTests.candidates(inlines, note.document, byScalar: true).isEmpty, "\(inlines)")
            }
        }
        #expect(gated > 300, "\(gated) paragraphs skipped")
        for text in pieces + ["", "(", "（", "\u{EF}", "a（", "x㼈y"] {
            #expect(ConceptExtractor.holdsParenthesis(text) == text.unicodeScalars.contains { $0 == "(" || $0 == "（" },
                    "\(String(reflecting: text))")
        }
    }
}

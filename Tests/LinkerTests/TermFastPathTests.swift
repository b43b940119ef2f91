@testable import Linker
import Testing
import TestSupport
import Markdown
import Diagnostics

/// The byte-level fast paths of `TermRecognizer` and `ConceptExtractor` must give what the
/// general walks by characters and scalars give, byte for byte, on any text; text they cannot
/// read exactly they must leave to those walks. Random texts over an alphabet of the awkward
/// cases: Hangul (syllables and conjoining jamo), mixed scripts, parentheses half- and
/// full-width, nested and unbalanced, combining and prepended marks, joiners, CR LF, odd spaces.
@Suite struct TermFastPathTests {
    static let alphabet: [String] = [
        "a", "A", "B", "T", "I", "V", "X", "e", "z", "1", "2", "9", " ", " ", "  ", "\t", "\n", "\r\n",
        "(", ")", "(", ")", "（", "）", ":", "：", ".", ",", "-", "\"",
        "변", "분", "오", "토", "이하", "란", "의", "漢", "。", "，", "“", "”", "Ａ", "①", "⑳",
        "\u{301}", "\u{600}", "\u{200D}", "\u{FE0F}", "\u{1100}", "\u{1161}", "\u{11A8}", "\u{A0}", "\u{3000}",
        "\u{2003}", "é", "ß", "Σ", "😀", "🇰🇷", "\u{0915}\u{094D}", "VAE", "Auto", "Encoder",
    ]

    static func randomText(_ random: inout SplitMix, maxPieces: Int = 14) -> String {
        (0..<random.below(maxPieces + 1)).map { _ in random.pick(alphabet) }.joined()
    }

    /// Equal bytes: Swift's `==` would take an NFD text for its NFC twin.
    static func same(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (a?, b?): a.utf8.elementsEqual(b.utf8)
        default: false
        }
    }

    @Test func trimmingByBytesAgreesWithScalars() {
        var random = SplitMix(state: 0x7E57_0001)
        var byBytes = 0
        for _ in 0..<20_000 {
            let text = Self.randomText(&random)
            let fast = text.trimmingSpaces()
            #expect(Self.same(fast, text.trimmingSpacesByScalar()), "\(String(reflecting: text))")
            // Substrings too, cut at scalar boundaries.
            let scalars = Array(text.unicodeScalars)
            let cut = random.below(scalars.count + 1)
            let sub = text[text.unicodeScalars.index(text.unicodeScalars.startIndex, offsetBy: cut)...]
            #expect(Self.same(sub.trimmingSpaces(), sub.trimmingSpacesByScalar()), "\(String(reflecting: text)) from \(cut)")
            if case _?? = text.utf8.withContiguousStorageIfAvailable(String.trimmingASCIISpaces) { byBytes += 1 }
        }
        #expect(byBytes > 5_000 && byBytes < 19_000, "\(byBytes) trimmed by bytes")
    }

    @Test func isSpaceIsWhiteSpace() {
        for v in UInt32(0)...0x10FFFF {
            guard let s = Unicode.Scalar(v) else { continue }
            if ConceptName.isSpace(s) != s.properties.isWhitespace {
                Issue.record("U+\(String(v, radix: 16))")
            }
        }
    }

    @Test func parenGroupsByBytesAgreeWithCharacters() {
        var random = SplitMix(state: 0x7E57_0002)
        var byBytes = 0
        func offsets(_ text: String, _ groups: [(open: String.Index, close: String.Index)]) -> [Int] {
            groups.flatMap { [text.utf8.distance(from: text.startIndex, to: $0.open), text.utf8.distance(from: text.startIndex, to: $0.close)] }
        }
        func offsets(_ text: String, _ groups: [TermRecognizer.ParenGroup]) -> [Int] {
            offsets(text, groups.map { (open: $0.open, close: $0.close) })
        }
        /// Where the characters after each parenthesis start, as `index(after:)` finds them.
        func ends(_ text: String, _ groups: [TermRecognizer.ParenGroup]) -> [Int] {
            groups.flatMap { [text.utf8.distance(from: text.startIndex, to: $0.afterOpen), text.utf8.distance(from: text.startIndex, to: $0.afterClose)] }
        }
        for _ in 0..<20_000 {
            let text = Self.randomText(&random, maxPieces: 20)
            let byCharacter = TermRecognizer.parenGroupsByCharacter(text)
            let want = offsets(text, byCharacter)
            let wantEnds = byCharacter.flatMap {
                [text.utf8.distance(from: text.startIndex, to: text.index(after: $0.open)),
                 text.utf8.distance(from: text.startIndex, to: text.index(after: $0.close))]
            }
            #expect(offsets(text, TermRecognizer.parenGroups(text)) == want, "\(String(reflecting: text))")
            #expect(ends(text, TermRecognizer.parenGroups(text)) == wantEnds, "\(String(reflecting: text))")
            if let fast = TermRecognizer.parenGroupsByByte(text) {
                byBytes += 1
                #expect(offsets(text, fast) == want, "\(String(reflecting: text))")
                #expect(ends(text, fast) == wantEnds, "\(String(reflecting: text))")
                // The indices reach the same characters.
                for group in fast {
                    #expect(text[group.open...].first == TermRecognizer.parenGroupsByCharacter(text).first { $0.open == group.open }.map { text[$0.open] })
                }
            }
        }
        #expect(byBytes > 2_000 && byBytes < 19_000, "\(byBytes) read by bytes")
        #expect(offsets("a (b (c)) d（e）", TermRecognizer.parenGroups("a (b (c)) d（e）")) == [2, 8, 11, 15])
        // A mark on a parenthesis makes another character: no group there.
        #expect(TermRecognizer.parenGroups("a (\u{301}b)").isEmpty)
        #expect(TermRecognizer.parenGroupsByByte("a (\u{301}b)") == nil)
    }

    @Test func stripEnumerationPrefilterAgrees() {
        var random = SplitMix(state: 0x7E57_0003)
        let starts = ["", "1. ", "2-1) ", "IV. ", "(3) ", "① ", "X", "I", "V", "(", "12", "⑳ "]
        for _ in 0..<20_000 {
            let text = random.pick(starts) + Self.randomText(&random)
            #expect(Self.same(TermRecognizer.stripEnumeration(text), TermRecognizer.stripEnumerationByScalar(text)),
                    "\(String(reflecting: text))")
        }
        #expect(TermRecognizer.stripEnumeration("3. Dropout") == "Dropout")
        #expect(TermRecognizer.stripEnumeration("Dropout") == "Dropout")
    }
}

/// The whole recognizer against its copy from before the fast paths (`LegacyTermRecognizer`):
/// every heading, term and acronym pair must come out the same, byte for byte.
@Suite struct TermRecognizerDifferentialTests {
    static let words: [String] = [
        "Variational", "Auto", "Encoder", "VAE", "(VAE)", "(이하", "VAE)", "(a.k.a.", "aka", "(약칭:", "줄여서", "약어",
        "Dropout", "(드롭아웃)", "드롭아웃", "변분", "오토인코더", "오토인코더의", "구조", "를", "Gradient를", "Overfitting이란",
        "정규화란", "정리", "Summary", "개요", "노트", "The", "a", "what", "Why", "1.", "2-1)", "IV.", "①", "(3)", ",", ":", "：",
        "（", "）", "(", ")", "ELBO,", "(ELBO,", "Evidence", "Lower", "Bound", "Bound)", "T2763", "(T2763)", "Topic", "Number",
        "2763", "Method", "Kullback-Leibler", "Divergence", "(KLD)", "KL", "발산", "vs", "and", "전형적인", "블록", "숫자", "예시",
        "Cafe\u{301}", "\u{301}", "\u{600}", "é", "ß", "😀", "\u{3000}", "\u{A0}", "\r\n", "漢字", "Ｘ", "L2", "(Weight", "Decay)",
        "Regularization", "정보량", "(Information", "Content)", "수식", "(Inverted", "Dropout)", "ReLU", "계열", "\u{1100}\u{1161}",
        "오토\u{1102}\u{1165}", "“", "”", "。", "Glorot)", "(Glorot", "Xavier", "Initialization", "합성곱", "신경망(CNN)의",
        "Study", "note", "Notes", "NOTE", "6", "Week", "THE", "İs", "\u{212A}", "Using", "주요", "다양한", "Introduction", "summary",
    ]
    static let separators = [" ", " ", " ", "", "  ", "\t", " (", ") ", "-", "\u{3000}"]

    static func heading(_ random: inout SplitMix) -> String {
        var out = ""
        for n in 0..<(1 + random.below(7)) {
            if n > 0 { out += random.pick(separators) }
            out += random.pick(words)
        }
        return out
    }

    static func same(_ a: [String]?, _ b: [String]?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (a?, b?): a.count == b.count && zip(a, b).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
        default: false
        }
    }

    @Test func analyseAgrees() {
        var random = SplitMix(state: 0xD1FF_0001)
        var defining = 0
        for _ in 0..<30_000 {
            let text = Self.heading(&random)
            let fast = TermRecognizer.analyse(text)
            let legacy = LegacyTermRecognizer.analyse(text)
            #expect(Self.same(fast.defines, legacy.defines), "\(String(reflecting: text))")
            #expect(fast.synonyms.count == legacy.synonyms.count
                    && zip(fast.synonyms, legacy.synonyms).allSatisfy { Self.same($0, $1) }, "\(String(reflecting: text))")
            if !fast.defines.isEmpty { defining += 1 }
        }
        #expect(defining > 3_000, "\(defining) headings define something")
    }

    @Test func termAndPairAgree() {
        var random = SplitMix(state: 0xD1FF_0002)
        for _ in 0..<30_000 {
            let text = Self.heading(&random)
            #expect(Self.same(TermRecognizer.term(text).map { [$0] }, LegacyTermRecognizer.term(text).map { [$0] }),
                    "\(String(reflecting: text))")
            let inside = Self.heading(&random)
            #expect(Self.same(TermRecognizer.pair(before: text[...], inside: inside[...]),
                              LegacyTermRecognizer.pair(before: text[...], inside: inside[...])),
                    "\(String(reflecting: text)) (\(String(reflecting: inside)))")
        }
    }

    @Test func helpersAgreeWithTheGeneralWalks() {
        var random = SplitMix(state: 0xD1FF_0003)
        var simple = 0
        for _ in 0..<20_000 {
            let text = TermFastPathTests.randomText(&random) + Self.heading(&random)
            #expect(TermRecognizer.characterCount(text) == text.count)
            #expect(TermRecognizer.decodedScalars(text) == Array(text.unicodeScalars))
            #expect(Self.same(TermRecognizer.spaceSeparatedWords(text), text.split(separator: " ").map(String.init)),
                    "\(String(reflecting: text))")
            #expect(TermRecognizer.holds(text, " ") == text.contains(" " as String), "\(String(reflecting: text))")
            #expect(TermRecognizer.holds(text, "-") == text.contains("-" as String), "\(String(reflecting: text))")
            if TermRecognizer.isSimpleText(text) {
                simple += 1
                // Simple text: one character per scalar.
                #expect(text.count == text.unicodeScalars.count, "\(String(reflecting: text))")
            }
            for s in text.unicodeScalars {
                #expect(TermRecognizer.isForbidden(s) == TermRecognizer.forbidden.contains(s))
            }
        }
        #expect(simple > 2_000 && simple < 18_000, "\(simple) simple texts")
        for v in UInt32(0)..<0x80 { #expect(TermRecognizer.isForbidden(Unicode.Scalar(v)!) == TermRecognizer.forbidden.contains(Unicode.Scalar(v)!)) }
    }
}

/// `ConceptExtractor.acronymCandidates` reads a paragraph's prose by bytes; it must offer
/// `TermRecognizer.pair` what the walk over `InlineText`'s scalars offers, in the same order.
@Suite struct InlineAcronymCandidateTests {
    static let pieces: [String] = [
        "Variational Auto Encoder ", "(VAE)", "(", ")", "（", "）", " (이하 VAE)", "KL", "ReLU", "Kullback-Leibler ",
        "변분 오토인코더", "(3 x 3 + 1)", " ", "  ", "\n", "  \n", "`code (X)`", "$N(0, I)$", "[Link (LL)](x.md)",
        "[[Wiki (WK)]]", "**Bold (BB)**", "*em* ", "<br>", "é", "Cafe\u{301}", "오토\u{1102}\u{1165}", "\u{3000}",
        "\u{A0}", "😀", "漢字", "AB", "CD", "x", "long words here ", "T2763", ".", ",", "![alt (AL)](i.png)",
        String(repeating: "word ", count: 20), String(repeating: "가", count: 90),
    ] + (80...84).map { "(A" + String(repeating: "가", count: $0 - 1) + ")" }   // the 82-scalar bound

    static func candidates(_ inlines: [Inline], _ document: MarkdownDocument, byScalar: Bool) -> [String] {
        var out: [String] = []
        let body = { (before: String, inside: String) in out.append(before + "|" + inside) }
        if byScalar { ConceptExtractor.acronymCandidatesByScalar(inlines, document: document, body) }
        else { ConceptExtractor.acronymCandidates(inlines, document: document, body) }
        return out
    }

    @Test func bytesAgreeWithScalars() {
        var random = SplitMix(state: 0xAC20_0001)
        var files: [(String, String)] = []
        for n in 0..<300 {
            var text = "# Note \(n)\n\n"
            for _ in 0..<8 {
                text += (0..<(1 + random.below(14))).map { _ in random.pick(Self.pieces) }.joined() + "\n\n"
            }
            files.append(("n\(n).md", text))
        }
        var offered = 0
        var byBytes = 0
        for note in parsedNotes(files) {
            for case .paragraph(let inlines) in note.document.blocks {
                let want = Self.candidates(inlines, note.document, byScalar: true)
                let got = Self.candidates(inlines, note.document, byScalar: false)
                #expect(got.count == want.count && zip(got, want).allSatisfy { $0.utf8.elementsEqual($1.utf8) },
                        "\(inlines)")
                offered += want.count
                if ConceptExtractor.proseRunBytes(inlines) != nil { byBytes += 1 }
            }
        }
        #expect(offered > 500, "\(offered) candidates")
        for piece in Self.pieces + ["\u{1100}", "\u{11FF}", "\u{1200}", "\u{E1}", "\u{300}", "\u{36F}", "\u{370}"] {
            for text in [piece, "x" + piece, piece + "가"] {
                #expect(text.withUTF8Bytes(ConceptExtractor.mayNeedNFC) == ConceptName.needsNormalization(text))
            }
        }
        #expect(byBytes > 500 && byBytes < 2_300, "\(byBytes) paragraphs read by bytes")
    }
}

/// The shortcuts of concept-fact extraction that read a word's or a text's bytes directly:
/// `isAcronym` by bytes, the ASCII-ending and ASCII-only exits of the particle and sentence
/// checks, and a one-text paragraph offered as its own run. Each must answer as the walk it
/// shortcuts, on generated words full of the awkward cases.
@Suite struct ConceptFactShortcutTests {
    static let pieces: [String] = [
        "A", "B", "T", "V", "a", "e", "z", "0", "2", "9", "-", " ", "_", ".", "VAE", "ReLU", "T2763", "L2", "KL",
        "란", "이란", "를", "는", "에서", "다", "는가", "의", "정규화", "가", "\u{1100}\u{1161}", "\u{1105}\u{1161}\u{11AB}",
        "é", "e\u{301}", "\u{301}", "Ａ", "Ｖ", "😀", "漢", "ß", "\u{212A}", "İ", "\u{3000}", "\u{A0}", "\r\n",
    ]

    static func word(_ random: inout SplitMix) -> String {
        (0..<random.below(7)).map { _ in random.pick(pieces) }.joined()
    }

    @Test func acronymByBytesIsAcronymByScalar() {
        var random = SplitMix(state: 0xFAC7_0001)
        var acronyms = 0
        for _ in 0..<30_000 {
            let text = Self.word(&random)
            let want = ConceptName.isAcronymByScalar(text)
            #expect(ConceptName.isAcronym(text) == want, "\(String(reflecting: text))")
            if want { acronyms += 1 }
            // Substrings too, cut at scalar boundaries.
            let cut = random.below(text.unicodeScalars.count + 1)
            let sub = text[text.unicodeScalars.index(text.unicodeScalars.startIndex, offsetBy: cut)...]
            #expect(ConceptName.isAcronym(sub) == ConceptName.isAcronymByScalar(sub), "\(String(reflecting: text)) from \(cut)")
        }
        #expect(acronyms > 500, "\(acronyms) acronyms")
        for (text, want) in [("VAE", true), ("ReLU", true), ("T16058", true), ("L2", true), ("A", false), ("Vae", false),
                             ("ABCDEFGHIJ", true), ("ABCDEFGHIJK", false), ("AB가", false), ("ＶＡＥ", false), ("A-", false)] {
            #expect(ConceptName.isAcronym(text) == want, "\(text)")
        }
    }

    @Test func wordChecksAgreeWithLegacy() {
        var random = SplitMix(state: 0xFAC7_0002)
        for _ in 0..<30_000 {
            let word = Self.word(&random)
            let isLast = random.below(2) == 0
            #expect(TermRecognizer.latinThenHangul(word) == LegacyTermRecognizer.latinThenHangul(word), "\(String(reflecting: word))")
            #expect(TermRecognizer.endsWithParticle(word, isLast: isLast) == LegacyTermRecognizer.endsWithParticle(word, isLast: isLast),
                    "\(String(reflecting: word))")
            #expect(TermRecognizer.endsLikeSentence(word) == LegacyTermRecognizer.endsLikeSentence(word), "\(String(reflecting: word))")
            #expect(TermFastPathTests.same(TermRecognizer.strippingTopicParticle(word), LegacyTermRecognizer.strippingTopicParticle(word)),
                    "\(String(reflecting: word))")
            #expect(TermRecognizer.endsInNonASCII(word) == ((word.unicodeScalars.last?.value ?? 0) >= 0x80))
        }
        #expect(TermRecognizer.endsWithParticle("정규화를", isLast: true))
        #expect(TermRecognizer.latinThenHangul("Gradient를"))
        #expect(TermRecognizer.strippingTopicParticle("Overfitting이란") == "Overfitting")
        #expect(!TermRecognizer.endsWithParticle("", isLast: true) && TermRecognizer.strippingTopicParticle("") == nil)
    }

    /// A paragraph of one text is offered in place; wrapped in emphasis, the same text goes
    /// through the gathering walk, which must find the same runs (or the same refusal).
    @Test func oneTextRunIsTheGatheredRun() {
        var random = SplitMix(state: 0xFAC7_0003)
        let prose = InlineAcronymCandidateTests.pieces + Self.pieces + ["", "\u{1100}", "\u{E1}", "\u{300}", "A (B)"]
        var offered = 0
        for _ in 0..<20_000 {
            let text = (0..<random.below(6)).map { _ in random.pick(prose) }.joined()
            let fast = ConceptExtractor.proseRunBytes([.text(text)])
            let gathered = ConceptExtractor.proseRunBytes([.emphasis([.text(text)])])
            #expect(fast == gathered, "\(String(reflecting: text))")
            if let fast, !fast.isEmpty { offered += 1 }
        }
        #expect(offered > 10_000, "\(offered) runs offered")
        #expect(ConceptExtractor.proseRunBytes([.text("")]) == [])
        #expect(ConceptExtractor.proseRunBytes([.text("Cafe\u{301}")]) == nil)
        #expect(ConceptExtractor.proseRunBytes([.text("AB (C)")]) == [Array("AB (C)".utf8)])
    }
}

extension ConceptFactShortcutTests {
    /// A text without an opening parenthesis has no group, by the byte walk or the character
    /// walk: `parenGroups` answers it without walking.
    @Test func noOpeningParenthesisNoGroup() {
        var random = SplitMix(state: 0xFAC7_0004)
        var skipped = 0
        for _ in 0..<20_000 {
            let text = TermFastPathTests.randomText(&random, maxPieces: 16)
            guard !ConceptExtractor.holdsParenthesis(text) else { continue }
            skipped += 1
            #expect(TermRecognizer.parenGroupsByCharacter(text).isEmpty, "\(String(reflecting: text))")
            #expect(TermRecognizer.parenGroupsByByte(text)?.isEmpty ?? true, "\(String(reflecting: text))")
            #expect(TermRecognizer.parenGroups(text).isEmpty)
        }
        #expect(skipped > 3_000, "\(skipped) texts without a parenthesis")
        #expect(TermRecognizer.parenGroups("a ) b ）").isEmpty)
        #expect(TermRecognizer.parenGroups("a（b）").count == 1)
    }
}

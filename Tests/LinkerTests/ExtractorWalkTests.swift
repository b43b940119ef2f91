import Diagnostics
@testable import Linker
import Markdown
import Testing
import TestSupport

/// The extractor's walk reads blocks and inlines in place (`Walker.run`, `leadingStrong`): the
/// names it finds must be those the walk over copies found, in names-only mode as in full, on
/// the shapes students write: Korean headings, acronyms in parentheses (`(이하 VAE)`), bold
/// definitions in lists, question headings, math and code inside text.
@Suite struct ExtractorWalkTests {
    /// `boldTerm`'s first test as it was written before `leadingStrong`: skip texts of spaces
    /// and tabs, then a strong emphasis or nothing.
    static func referenceLeadingStrong(_ inlines: [Inline]) -> Int? {
        var i = 0
        while i < inlines.count, case .text(let t) = inlines[i], t.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { i += 1 }
        guard i < inlines.count, case .strong = inlines[i] else { return nil }
        return i
    }

    static func randomInlines(_ random: inout SplitMix, depth: Int = 0) -> [Inline] {
        let texts = ["", " ", "\t", " \t ", "  x", "Dropout", "\u{3000}", "\u{A0}", "\n", "가", ": 설명", "e\u{301}"]
        return (0..<random.below(5)).map { _ -> Inline in
            switch random.below(depth > 1 ? 4 : 7) {
            case 0, 1: .text(random.pick(texts))
            case 2: .softBreak
            case 3: .code("x")
            case 4: .strong(randomInlines(&random, depth: depth + 1))
            case 5: .emphasis(randomInlines(&random, depth: depth + 1))
            default: .math(0)
            }
        }
    }

    @Test func leadingStrongIsTheLoopItReplaces() {
        var random = SplitMix(state: 0xB01D_0001)
        var found = 0
        for _ in 0..<20_000 {
            let inlines = Self.randomInlines(&random)
            let want = Self.referenceLeadingStrong(inlines)
            if want != nil { found += 1 }
            #expect(ConceptExtractor.leadingStrong(inlines) == want, "\(inlines)")
        }
        #expect(found > 1_000, "\(found) strong starts")
    }

    /// Notes made of the pieces students write, in random order and nesting.
    static func studentNotes(_ seed: UInt64) -> [(String, String)] {
        var random = SplitMix(state: seed)
        let headings = ["변분 오토인코더 (VAE)", "정리", "Dropout이란?", "왜 정규 분포를 가정하는가?", "What is ELBO?",
                        "Evidence Lower Bound (ELBO)", "드롭아웃 (Dropout)", "1. 배치 정규화 (Batch Normalization)",
                        "Topic Number 12 Method (T12)", "`code` 헤딩", "수식 $x^2$ 정리", "**Bold** Heading", "ReLU 계열",
                        "[[Linked]] Heading", "Kullback–Leibler Divergence (KLD)：", "Cafe\u{301} (CF)", "합성곱 신경망(CNN)"]
        let paragraphs = [
            "Variational Auto Encoder(이하 VAE)는 생성 모델이다.",
            "- **Dropout**: 학습 중 뉴런을 끈다.\n  - **Sub Term (ST)**: 하위 항목",
            "- **Batch Normalization (BN)**: 배치 단위 정규화",
            "**Term:** 콜론이 안에 있다.", "  **Spaced Term**: 앞에 공백", "**Not a term** 콜론 없음",
            "Kullback Leibler Divergence (KLD)는 $D_{KL}(q \\| p)$ 로 쓴다.",
            "`Code Span (CS)` 안의 괄호와 Mean Squared Error (MSE) 밖의 괄호.",
            "관련 파라미터 수는 (3 x 3 x 64 + 1) x 32 = 18464 처럼 계산한다.",
            "인라인 수식 $W \\sim N(0, Var(W))$ 과 가격 표기 $5 and $10.",
            "렐루 은(는) 시험 범위. Rectified Linear Unit（ReLU）도 있다.",
            "> [!note] 용어 (Term)\n> **Callout Term**: 설명\n> Stochastic Gradient Descent (SGD)",
            "| 항목 (Item) | Long Short Term Memory (LSTM) |\n| - | - |\n| a | b |",
            "[Link Text (LT)](https://x.y) and Generative Adversarial Network (GAN) [[wiki (W)]]",
            "Evidence Lower Bound (ELBO, 증거 하한)와 (ELBO, Evidence Lower Bound).",
            "Cafe\u{301} Latte (CL) in NFD, and 한국어 문장 (HKS).",
            "```python\nx = Mean Absolute Error (MAE)\n```",
        ]
        var files: [(String, String)] = []
        for n in 0..<40 {
            var parts: [String] = []
            if random.chance(70) { parts.append("---\ntitle: \(random.pick(headings))\naliases: [\(random.pick(headings)), \(random.pick(["Cafe\u{301} Latte", "Caf\u{E9} Latte", "T12", "Topic Number 12 Method", "\"  VAE  \""]))]\n---") }
            if random.chance(50) { parts.append("# \(random.pick(headings))") }
            for _ in 0..<(3 + random.below(12)) {
                if random.chance(35) {
                    parts.append("\(String(repeating: "#", count: 1 + random.below(3))) \(random.pick(headings))")
                } else {
                    let p = random.pick(paragraphs)
                    parts.append(random.chance(20) ? "> " + p.replacingOccurrences(of: "\n", with: "\n> ") : p)
                }
            }
            files.append(("s\(n).md", parts.joined(separator: "\n\n") + "\n"))
        }
        return files
    }

    @Test(arguments: 0..<4)
    func namesOnlyKeepsTheFullNamesOnStudentNotes(_ seed: Int) {
        var definitions = 0
        var reusedAliases = 0
        for note in parsedNotes(Self.studentNotes(UInt64(0x57D0_0000 + seed))) {
            let full = ConceptExtractor.extract(note)
            let light = ConceptExtractor.extract(note, namesOnly: true)
            definitions += full.definitions.count
            // Alias keys reused from the note's definitions are the keys made afresh.
            for facts in [full, light] {
                #expect(TermRecognizerDifferentialTests.same(facts.aliasKeys, facts.aliases.map(ConceptName.key)), "\(note.path.string)")
            }
            if full.aliases.contains(where: { a in full.definitions.contains { $0.names.contains { String.sameBytes($0, a) } } }) {
                reusedAliases += 1
            }
            #expect(ExtractorNamesOnlyTests.keptFacts(light) == ExtractorNamesOnlyTests.keptFacts(full), "\(note.path.string)")
            let cache = TermAnalysisCache()
            #expect(ExtractorNamesOnlyTests.keptFacts(ConceptExtractor.extract(note, analyses: cache, namesOnly: true))
                    == ExtractorNamesOnlyTests.keptFacts(full))
        }
        #expect(definitions > 100, "\(definitions) definitions")
        #expect(reusedAliases > 0, "\(reusedAliases) notes with an alias that a definition names")
    }

    /// What the walk finds in a few fixed notes, so that a change made to both modes alike
    /// would still be seen.
    @Test func fixedNotesDefineTheirNames() {
        let files = [
            ("a.md", "# 노트\n\nVariational Auto Encoder(이하 VAE)는 생성 모델이다.\n\n- **Dropout**: 뉴런을 끈다.\n"),
            ("b.md", "# B\n\n## 왜 정규 분포를 가정하는가?\n\n## Evidence Lower Bound (ELBO)\n\n`Code Span (CS)` and $f(Mean Squared Error (MSE))$ only.\n"),
            ("c.md", "# C\n\n> **Batch Normalization (BN)**: 배치 정규화\n\n관련 파라미터 수는 (3 x 3 x 64 + 1) x 32 이다.\n"),
        ]
        var found: [String: [[String]]] = [:]
        for note in parsedNotes(files) {
            for namesOnly in [false, true] {
                let names = ConceptExtractor.extract(note, namesOnly: namesOnly).definitions.map(\.names)
                if namesOnly { #expect(names == found[note.path.string]) } else { found[note.path.string] = names }
            }
        }
        // `노트` names a kind of document and `B` is one letter: neither title defines. The quoted
        // bold term is also an acronym pair in its paragraph's text: two facts, one concept.
        #expect(found["a.md"] == [["VAE", "Variational Auto Encoder"], ["Dropout"]])
        #expect(found["b.md"] == [["ELBO", "Evidence Lower Bound"]])
        #expect(found["c.md"] == [["BN", "Batch Normalization"], ["BN", "Batch Normalization"]])
    }

    /// `analyse` keeps its first pair apart from the others: headings with one, two and three
    /// pairs, and pairs after a heading pair, give what the legacy recogniser gives.
    @Test func pairsAfterTheFirstAreSynonyms() {
        let pairs = ["Evidence Lower Bound (ELBO)", "Kullback Leibler Divergence (KLD)", "변분 오토인코더 (VAE)",
                     "Dropout (드롭아웃)", "Variational Auto Encoder(이하 VAE)", "(ELBO, Evidence Lower Bound)", "x (y)", "정리 (Summary)"]
        var random = SplitMix(state: 0x9A1E_0001)
        var withSynonyms = 0
        for _ in 0..<3_000 {
            let text = (0..<(1 + random.below(3))).map { _ in random.pick(pairs) }.joined(separator: random.pick([" and ", ", ", " ", "와 "]))
            let fast = TermRecognizer.analyse(text), legacy = LegacyTermRecognizer.analyse(text)
            #expect(TermRecognizerDifferentialTests.same(fast.defines, legacy.defines), "\(text)")
            #expect(fast.synonyms.count == legacy.synonyms.count
                    && zip(fast.synonyms, legacy.synonyms).allSatisfy { TermRecognizerDifferentialTests.same($0, $1) }, "\(text)")
            if !fast.synonyms.isEmpty { withSynonyms += 1 }
        }
        #expect(withSynonyms > 300, "\(withSynonyms) texts with synonyms")
    }

    /// Every definition takes the location of the first of the document's headings whose id is
    /// its section's (the body's start outside sections, and in names-only mode everywhere):
    /// the walk finds it once per heading, going on through the document's headings from the one
    /// before (`location(ofHeading:)`), and `headings()` reuses it. Against a search of all the
    /// document's headings, on notes with repeated headings and headings in quotes and lists.
    @Test func definitionsTakeTheirSectionHeadingsLocation() {
        var random = SplitMix(state: 0xB01D_0009)
        let headings = ["Variational Auto Encoder (VAE)", "정리", "Summary", "Dropout", "변분 오토인코더", "KL Divergence (KLD)",
                        "Summary", "가 나", "Batch Normalization (BN)", "e\u{301}"]
        let bodies = ["**Dropout**: drops units.", "Kullback-Leibler Divergence (KLD) is used.", "plain text", "- **Term**: item\n  ## Inner",
                      "> ## Quoted heading", "| a | b |\n| - | - |\n| VAE | (VAE) |"]
        var files: [(String, String)] = []
        for n in 0..<300 {
            var text = random.chance(30) ? "---\ntitle: Note \(n)\nconcepts: [Dropout]\n---\n" : "# Note \(n)\n\n"
            if random.chance(50) { text += random.pick(bodies) + "\n\n" }
            for _ in 0..<random.below(9) {
                text += String(repeating: "#", count: 1 + random.below(4)) + " " + random.pick(headings) + "\n\n"
                for _ in 0..<random.below(3) { text += random.pick(bodies) + "\n\n" }
            }
            files.append(("d\(n).md", text))
        }
        var sectioned = 0
        for note in parsedNotes(files) {
            let start = SourceLocation(file: note.path.string, line: note.note.bodyStartLine, column: 1)
            for namesOnly in [false, true] {
                let facts = ConceptExtractor.extract(note, namesOnly: namesOnly)
                for d in facts.definitions {
                    let want = namesOnly ? start : d.anchor.flatMap { id in note.document.headings.first { $0.id == id }?.location } ?? start
                    #expect(d.location == want, "\(d.names) in \(note.path.string)")
                    if d.anchor != nil, !namesOnly { sectioned += 1 }
                }
            }
        }
        #expect(sectioned > 500, "\(sectioned) definitions in sections")
    }
}

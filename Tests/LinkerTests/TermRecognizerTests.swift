import Diagnostics
@testable import Linker
import Testing

@Suite struct ConceptNameTests {
    @Test func spacesHyphensAndCaseDoNotMatter() {
        let key = ConceptName.key("Autoencoder")
        #expect(ConceptName.key("Auto Encoder") == key)
        #expect(ConceptName.key("auto-encoder") == key)
        #expect(ConceptName.key("AUTO ENCODER") == key)
        #expect(ConceptName.key("Kullback–Leibler divergence") == ConceptName.key("kullback-leibler Divergence"))
        #expect(ConceptName.key("배치 정규화") == ConceptName.key("배치정규화"))
        #expect(ConceptName.key("VAE") != ConceptName.key("AE"))
    }

    @Test func decomposedHangulIsTheSameName() {
        let nfd = "오토인코더".decomposedStringWithCanonicalMapping
        #expect(nfd.unicodeScalars.count != "오토인코더".unicodeScalars.count)
        #expect(ConceptName.key(nfd) == ConceptName.key("오토인코더"))
    }

    @Test func acronymsAndAllCaps() {
        for word in ["VAE", "ELBO", "ReLU", "T16058", "GAP", "KLD", "L2"] { #expect(ConceptName.isAcronym(word), "\(word)") }
        for word in ["Dropout", "He", "AdaGrad", "BatchNorm", "vae", "V", "VERYLONGACRONYMX"] { #expect(!ConceptName.isAcronym(word), "\(word)") }
        #expect(ConceptName.isAllCaps("GAP"))
        #expect(ConceptName.isAllCaps("KL 발산"))
        #expect(!ConceptName.isAllCaps("ReLU"))
        #expect(!ConceptName.isAllCaps("배치 정규화"))
    }

    @Test func slugs() {
        #expect(ConceptName.slug("KL divergence") == "kl-divergence")
        #expect(ConceptName.slug("변분 오토인코더") == "변분-오토인코더")
        #expect(ConceptName.slug("C++") == "c++")
        #expect(ConceptName.slug("..") == "concept")
        #expect(ConceptName.slug("a/b?c") == "abc")
    }
}

@Suite struct TermRecognizerTests {
    func defines(_ heading: String) -> [String] { TermRecognizer.analyse(heading).defines }

    @Test func acronymWithItsLongForm() {
        #expect(defines("Variational Auto Encoder (VAE)") == ["VAE", "Variational Auto Encoder"])
        #expect(defines("Global Average Pooling(GAP)") == ["GAP", "Global Average Pooling"])
        #expect(defines("Rectified Linear Unit (ReLU)") == ["ReLU", "Rectified Linear Unit"])
        #expect(defines("VAE (Variational Autoencoder)") == ["VAE", "Variational Autoencoder"])
        #expect(defines("Topic Number 812 Method (T812)") == ["T812", "Topic Number 812 Method"])
    }

    @Test func koreanLongForms() {
        #expect(defines("변분 오토인코더 (VAE)") == ["VAE", "변분 오토인코더"])
        #expect(defines("합성곱 신경망(CNN)의 구조") == ["CNN", "합성곱 신경망"])
        #expect(defines("최대우도추정 (MLE) 정리") == ["MLE", "최대우도추정"])
        // `X 연산`, the operation X: defines X.
        #expect(defines("Convolution 연산") == ["Convolution"])
        #expect(defines("합성곱 연산") == ["합성곱"])
        #expect(defines("Dropout (드롭아웃)") == ["Dropout", "드롭아웃"])
        #expect(defines("정보량 (Information Content)") == ["정보량", "Information Content"])
    }

    @Test func aHeadingWithSeveralAcronymsDefinesTheFirst() {
        let analysis = TermRecognizer.analyse("Kullback-Leibler Divergence (KLD)의 비대칭성 with Maximum Likelihood Estimation (MLE)")
        #expect(analysis.defines == ["KLD", "Kullback-Leibler Divergence"])
        #expect(analysis.synonyms == [["MLE", "Maximum Likelihood Estimation"]])
    }

    @Test func shortTermsDefineThemselves() {
        #expect(defines("ReLU") == ["ReLU"])
        #expect(defines("Dropout") == ["Dropout"])
        #expect(defines("배치 정규화") == ["배치 정규화"])
        #expect(defines("Batch Normalization") == ["Batch Normalization"])
        #expect(defines("3. Early Stopping") == ["Early Stopping"])
        #expect(defines("2-1) 경사 하강법") == ["경사 하강법"])
        #expect(defines("Overfitting이란") == ["Overfitting"])
        #expect(defines("ReLU 계열") == ["ReLU"])
        #expect(defines("Xavier (Glorot) Initialization") == ["Xavier Initialization"])
        #expect(defines("Adam (optional)") == ["Adam"])
        #expect(defines("L2 Regularization (Weight Decay)") == ["L2 Regularization", "Weight Decay"])
        #expect(defines("수식 (Inverted Dropout)") == ["Inverted Dropout"])
    }

    @Test func questionsAndSentencesDefineNothing() {
        for heading in [
            "왜 Momentum을 쓰면 더 빨리 수렴할까?",
            "4-2 실습에서 loss가 갑자기 튀는 이유를 찾아보자",
            "Learning rate의 영향",
            "CNN에서는",
            "Why does batch norm help?",
            "How to pick a learning rate",
            "AE vs VAE",
            "Encoder와 Decoder",
            "Train / Test 차이",
            "출력층 활성화: Softmax",
            "가우시안 사이의 거리",
            "The whole idea",
            "정리", "요약", "Summary", "References", "구현", "예시",
            "ELBO 유도", "숫자 예시", "Scalar example",
            // A note's furniture, and an aspect of a term rather than the term.
            "각주", "이미지", "그림", "Footnotes", "Images", "ReLU 문제점", "파라미터 갯수", "파라미터 수", "Co-adaptation 방지", "L1과 L2 차이점", "Dropout pitfalls",
            "Deep Learning 스터디 노트",
            "전형적인 블록",
            "꼭 알아야 할 것",
        ] {
            #expect(defines(heading).isEmpty, "\(heading) should define nothing")
        }
    }

    @Test func pairsInRunningText() {
        #expect(TermRecognizer.pair(before: "이번 강의의 주제는 Variational Auto Encoder", inside: "이하 VAE") == ["VAE", "Variational Auto Encoder"])
        #expect(TermRecognizer.pair(before: "분포 차이는 Kullback-Leibler Divergence ", inside: "KLD") == ["KLD", "Kullback-Leibler Divergence"])
        #expect(TermRecognizer.pair(before: "오늘 배운 변분 오토인코더", inside: "이하 VAE") == ["VAE", "변분 오토인코더"])
        #expect(TermRecognizer.pair(before: "we maximise the ELBO ", inside: "Evidence Lower Bound") == ["ELBO", "Evidence Lower Bound"])
        #expect(TermRecognizer.pair(before: "bound", inside: "ELBO, Evidence Lower Bound") == ["ELBO", "Evidence Lower Bound"])
        // Not pairs: no alignment, no acronym, no explicit marker before a Korean long form.
        #expect(TermRecognizer.pair(before: "이 모델 ", inside: "CNN") == nil)
        #expect(TermRecognizer.pair(before: "파라미터 수는 ", inside: "3 x 3 x 64 + 1") == nil)
        #expect(TermRecognizer.pair(before: "the loss ", inside: "see Figure 3") == nil)
        #expect(TermRecognizer.pair(before: "오늘 배운 변분 오토인코더", inside: "VAE") == nil)
    }
}

/// The character tests of the acronym scan compare scalars, not `Character`s: for every
/// character they must answer as the comparison of characters did, combining marks included.
@Suite struct TermRecognizerCharacterTests {
    static let breaks = ".,;:!?()[]\"“”。，"

    static var characters: [Character] {
        var result: [Character] = []
        for v in Array(0x20...0x7E) + [0xA0, 0x2018, 0x2019, 0x201C, 0x201D, 0x3001, 0x3002, 0xFF08, 0xFF09, 0xFF0C, 0xFF0E, 0xAC00, 0x1F642] {
            let scalar = Unicode.Scalar(UInt32(v))!
            result.append(Character(scalar))
            // The same mark carrying a combining accent is another character.
            result.append(Character(String(scalar) + "\u{301}"))
        }
        return result
    }

    @Test func clauseBreaksAreTheListedCharactersOnly() {
        for c in Self.characters {
            #expect(TermRecognizer.isClauseBreak(c) == Self.breaks.contains(c), "\(c.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func parenthesisGroupsAsCharactersFindThem() {
        func reference(_ text: String) -> [(String.Index, String.Index)] {
            var groups: [(String.Index, String.Index)] = []
            var depth = 0
            var open: String.Index?
            var i = text.startIndex
            while i < text.endIndex {
                let c = text[i]
                if c == "(" || c == "（" {
                    if depth == 0 { open = i }
                    depth += 1
                } else if (c == ")" || c == "）") && depth > 0 {
                    depth -= 1
                    if depth == 0, let o = open { groups.append((o, i)) }
                }
                i = text.index(after: i)
            }
            return groups
        }
        let samples = ["Variational Auto Encoder (VAE)", "변분 오토인코더（VAE）와 (GAN (생성) 모델)", "(\u{301}x) (y)", "a (b", "a) (b)", "((a)) )(", ""]
        for text in samples {
            let found = TermRecognizer.parenGroups(text)
            let expected = reference(text)
            #expect(found.count == expected.count, "\(text)")
            for (a, b) in zip(found, expected) { #expect(a.open == b.0 && a.close == b.1, "\(text)") }
        }
    }
}

/// The all-ASCII shortcut of `ConceptName.key` folds as the scalar-by-scalar rule does.
@Suite struct ConceptKeyShortcutTests {
    static func reference(_ name: String) -> String {
        var bytes: [UInt8] = []
        for scalar in name.nfc.unicodeScalars { ConceptName.fold(scalar, into: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func everyASCIICharacterAndMixedNames() {
        for value in 0..<128 {
            let c = String(UnicodeScalar(UInt8(value)))
            for name in [c, "Ab" + c + "Z-9", c + " \t\r\n"] {
                #expect(ConceptName.key(name) == Self.reference(name), "\(value)")
            }
        }
        for name in ["Kullback–Leibler Divergence", "VAE", "변분 오토인코더", "e\u{301}clair", "Ｆｕｌｌ", "ΣΑΣ", "İ", ""] {
            #expect(ConceptName.key(name) == Self.reference(name), "\(name)")
        }
        #expect(ConceptName.needsNormalization("e\u{301}"))
        #expect(ConceptName.needsNormalization("\u{1100}\u{1161}"))
        #expect(!ConceptName.needsNormalization("가 é"))
    }
}

/// The extraction remembers each heading's analysis; what it gives back must be what a fresh
/// analysis gives, byte for byte, from any number of threads.
@Suite struct TermAnalysisCacheTests {
    @Test func rememberedAnalysesAreFreshOnes() {
        let texts = ["Variational Auto Encoder (VAE)", "정리", "Training Objective", "꼭 Gradient를 써야 할까?",
                     "Caf\u{E9} Filter (CF)", "Cafe\u{301} Filter (CF)", "Dropout", "배치 정규화", "Evidence Lower Bound (ELBO)의 역할"]
        let cache = TermAnalysisCache()
        let rounds = Array(repeating: texts, count: 50).flatMap { $0 }
        let results = rounds.parallelMap { cache.analyse($0) }
        for (text, result) in zip(rounds, results) {
            let fresh = TermRecognizer.analyse(text)
            #expect(result.analysis == fresh, "\(text)")
            // Canonically equal texts (NFC and NFD) are remembered apart, by their bytes.
            #expect(result.defines.map { Array($0.utf8) } == fresh.defines.map { Array($0.utf8) }, "\(text)")
            // The keys remembered with the names are theirs.
            #expect(result.keys.map { Array($0.utf8) } == fresh.defines.map { Array(ConceptName.key($0).utf8) }, "\(text)")
        }
        #expect(TermRecognizer.analyse("Cafe\u{301} Filter (CF)").defines.contains { $0.utf8.contains(0xCC) },
                "the NFD heading defines a name with its combining accent")
    }
}

@Suite struct CollapseSpacesTests {
    /// One space between words, none at either end, whatever spaces the text had; text that is
    /// already so comes back unchanged.
    @Test func collapsesEverySpaceRun() {
        let cases: [(String, String)] = [
            ("", ""), (" ", ""), ("a", "a"), ("a b", "a b"), (" a b ", "a b"), ("a  b", "a b"), ("a\tb", "a b"),
            ("a\u{A0}b", "a b"), ("\u{3000}변분 오토인코더\u{3000}", "변분 오토인코더"), ("a \n b", "a b"), ("Caf\u{E9}  Filter", "Caf\u{E9} Filter"),
            ("e\u{301} x", "e\u{301} x"),
        ]
        for (text, expected) in cases {
            let collapsed = TermRecognizer.collapseSpaces(text)
            #expect(Array(collapsed.unicodeScalars) == Array(expected.unicodeScalars), "\(text.debugDescription)")
            #expect(Array(TermRecognizer.collapseSpaces(Substring(text)).unicodeScalars) == Array(expected.unicodeScalars))
        }
    }
}

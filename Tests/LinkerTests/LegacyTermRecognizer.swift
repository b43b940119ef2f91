import Diagnostics
@testable import Linker

// The term recognizer as it was before its byte-level fast paths (commit f180e72), kept
// verbatim but for names, so TermRecognizerDifferentialTests can hold the fast one to it.
/// Tells terms from sentences and finds acronyms with their long forms.
///
/// The rules are heuristics over the shapes students give their headings; they err towards
/// defining nothing, since a heading that wrongly defines a concept turns every later use of
/// its words into a "mention". The glossary is the way out for anything they cannot see.
enum LegacyTermRecognizer {
    // MARK: Headings, titles, bold terms

    /// Reads a heading (or a title, or a bold `**Term**:`). An acronym written with its long form
    /// defines that concept; otherwise a short heading that is a term defines the term; a
    /// question or a sentence defines nothing.
    static func analyse(_ raw: String) -> TermAnalysis {
        var text = collapseSpaces(raw)
        text = stripEnumeration(text)
        while let last = text.unicodeScalars.last, last == ":" || last == "：" {
            text = String(text.unicodeScalars.dropLast()).legacyTrimmingSpaces()
        }
        guard !text.isEmpty else { return TermAnalysis() }

        let groups = parenGroups(text)
        var pairs: [[String]] = []
        var plainParts: [Substring] = []
        var previousEnd = text.startIndex
        var onlyTerm: String?
        for (n, group) in groups.enumerated() {
            let before = text[previousEnd..<group.open]
            let inside = text[text.index(after: group.open)..<group.close]
            let afterClose = text.index(after: group.close)
            let rest = text[afterClose...]
            plainParts.append(before)
            if let pair = pair(before: before, inside: inside) {
                pairs.append(pair)
            } else if n == 0, previousEnd == text.startIndex,
                      let found = headingPair(before: before, inside: inside, rest: rest) {
                switch found {
                case .pair(let names): pairs.append(names)
                case .term(let term): onlyTerm = term
                }
            }
            previousEnd = afterClose
        }
        plainParts.append(text[previousEnd...])
        if let first = pairs.first {
            return TermAnalysis(defines: first, synonyms: Array(pairs.dropFirst()))
        }
        if let onlyTerm { return TermAnalysis(defines: [onlyTerm]) }
        // No acronym: the heading without its parentheses ("Xavier (Glorot) Initialization").
        let plain = collapseSpaces(plainParts.joined(separator: " "))
        if let term = term(plain) { return TermAnalysis(defines: [term]) }
        return TermAnalysis()
    }

    enum HeadingPair {
        case pair([String])
        case term(String)
    }

    /// `A (B)` at the start of a heading where B is not an acronym of A's letters:
    /// `변분 오토인코더 (VAE)의 구조`, `Dropout (드롭아웃)`, `L2 Regularization (Weight Decay)`,
    /// `수식 (Inverted Dropout)`.
    static func headingPair(before: Substring, inside: Substring, rest: Substring) -> HeadingPair? {
        let a = String(before).legacyTrimmingSpaces()
        let b = stripMarker(inside).text
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let restIsEmpty = rest.legacyTrimmingSpaces().isEmpty || suffixesToDrop.contains(ConceptName.key(String(rest)))
        if ConceptName.isAcronym(b), let termA = term(a) {
            return .pair([b, termA])
        }
        if ConceptName.isAcronym(a), restIsEmpty, let termB = term(b) {
            return .pair([a, termB])
        }
        guard restIsEmpty, let termB = term(b) else { return nil }
        if isGeneric(a) {
            // "수식 (Inverted Dropout)": the section is about B.
            return termB.unicodeScalars.contains(where: ConceptName.isASCIILetter) ? .term(termB) : nil
        }
        guard let termA = term(a) else { return nil }
        let differentScripts = containsHangul(termA) != containsHangul(termB)
        let capitalised = termB.unicodeScalars.first.map { $0.properties.isUppercase } ?? false
        return differentScripts || capitalised ? .pair([termA, termB]) : nil
    }

    /// The term a heading names, cleaned (`3. Dropout` → `Dropout`, `ReLU 계열` → `ReLU`,
    /// `Overfitting이란` → `Overfitting`), or nil for a question, a sentence, a comparison or a
    /// generic section name (`정리`, `Examples`).
    static func term(_ raw: String) -> String? {
        var words = collapseSpaces(stripEnumeration(collapseSpaces(raw))).split(separator: " ").map(String.init)
        guard !words.isEmpty else { return nil }
        // "The trick", "A closer look": an article makes a description.
        if words.count > 1, ["the", "a", "an"].contains(words[0].lowercased()) { return nil }
        if words.count > 1, leadingWordsToDrop.contains(words[0]) { words.removeFirst() }
        if var last = words.last {
            // "Overfitting이란", "정규화란": what X is.
            if let stripped = strippingTopicParticle(last) {
                last = stripped
                words[words.count - 1] = stripped
            }
            if words.count > 1, suffixesToDrop.contains(ConceptName.key(last)) { words.removeLast() }
            else if voidingSuffixes.contains(ConceptName.key(last)) { return nil }
        }
        guard (1...5).contains(words.count) else { return nil }
        let text = words.joined(separator: " ")
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 2, scalars.count <= 50 else { return nil }
        if scalars.contains(where: { forbidden.contains($0) }) { return nil }
        if questionWords.contains(words[0].lowercased()) { return nil }
        for (n, word) in words.enumerated() {
            let lower = word.lowercased()
            if joiners.contains(lower) { return nil }
            guard word.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { return nil }
            if latinThenHangul(word) { return nil }
            let isLast = n == words.count - 1
            if endsWithParticle(word, isLast: isLast) { return nil }
        }
        if endsLikeSentence(words[words.count - 1]) { return nil }
        // `숫자 예시`, `ELBO 유도`, `Scalar example`: an aspect of something, not a term.
        if isGeneric(words[words.count - 1]) { return nil }
        // `전형적인 블록`: an adjective first makes a description.
        if words.count > 1, words[0].hasSuffix("적인") { return nil }
        if isGeneric(text) { return nil }
        return text
    }

    static func isGeneric(_ text: String) -> Bool {
        genericHeadings.contains(ConceptName.key(text))
    }

    // MARK: Acronyms

    /// An acronym and its long form written together: `Evidence Lower Bound (ELBO)`,
    /// `Variational Auto Encoder(이하 VAE)`, `VAE (Variational Autoencoder)`,
    /// `(ELBO, Evidence Lower Bound)`. The long form must spell the acronym (Schwartz–Hearst
    /// alignment), except after an explicit `이하`, where a short Hangul long form is taken.
    /// Returns `[acronym, long form]`.
    static func pair(before: Substring, inside: Substring) -> [String]? {
        let (inner, marked) = stripMarker(inside)
        guard !inner.isEmpty, inner.unicodeScalars.count <= 80 else { return nil }
        if ConceptName.isAcronym(inner) {
            if let long = longForm(of: inner, before: before) { return [inner, long] }
            if marked, let long = hangulLongForm(before: before) { return [inner, long] }
            return nil
        }
        // "(ELBO, Evidence Lower Bound)" or "(Evidence Lower Bound, ELBO)".
        let parts = inner.split(separator: ",", maxSplits: 1).map { String($0).legacyTrimmingSpaces() }
        if parts.count == 2 {
            for (short, long) in [(parts[0], parts[1]), (parts[1], parts[0])]
            where ConceptName.isAcronym(short) && spells(short, long) {
                return [short, long]
            }
        }
        // "VAE (Variational Autoencoder)".
        let words = before.split(separator: " ")
        if let last = words.last, ConceptName.isAcronym(last) {
            let short = String(last).legacyTrimmingSpaces()
            let longWords = inner.split(separator: " ").count
            if longWords <= short.count + 5, spells(short, inner), !inner.contains(short) {
                return [short, inner]
            }
        }
        return nil
    }

    /// The long form of `short` among the last words of `before`, or nil.
    static func longForm(of short: String, before: Substring) -> String? {
        let limit = min(short.count + 5, short.count * 2)
        guard let candidate = lastWords(of: before, limit: limit) else { return nil }
        guard let from = alignmentStart(short: short, long: candidate) else { return nil }
        let long = String(candidate.unicodeScalars[from...]).legacyTrimmingSpaces()
        guard long.unicodeScalars.count > short.unicodeScalars.count, (long.containsUTF8(" ") && long.contains(" ")) || (long.containsUTF8("-") && long.contains("-"))
                || long.unicodeScalars.count > short.unicodeScalars.count + 2 else { return nil }
        guard ConceptName.key(long) != ConceptName.key(short) else { return nil }
        return long
    }

    /// The last `limit` words (split at spaces) of the clause that ends `before`, which starts
    /// after its last clause break (`isClauseBreak`), joined by single spaces; nil when it has
    /// none.
    static func lastWords(of before: Substring, limit: Int) -> String? {
        if let simple = lastWordsOfSimpleText(before, limit: limit) { return simple.isEmpty ? nil : simple }
        return lastWordsByCharacter(before, limit: limit)
    }

    /// `lastWords` by characters, as written first: right for any text, and slow (an index step
    /// over a `Character` costs hundreds of instructions).
    static func lastWordsByCharacter(_ before: Substring, limit: Int) -> String? {
        var start = before.endIndex
        while start > before.startIndex {
            let previous = before.index(before: start)
            if isClauseBreak(before[previous]) { break }
            start = previous
        }
        let words = before[start...].split(separator: " ").suffix(limit)
        guard !words.isEmpty else { return nil }
        return words.joined(separator: " ")
    }

    /// `lastWords` by bytes, for a clause made only of scalars that are characters on their
    /// own (ASCII, Hangul syllables, CJK ideographs, the CJK marks that break clauses), where a
    /// character is a scalar and the byte walk is the character walk. "" for no words; nil for
    /// any other text, which `lastWordsByCharacter` reads.
    static func lastWordsOfSimpleText(_ before: Substring, limit: Int) -> String? {
        before.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            func isSimple(_ v: UInt32) -> Bool {
                v < 0x80 || (v >= 0xAC00 && v <= 0xD7A3) || (v >= 0x4E00 && v <= 0x9FFF)
                    || v == 0x3002 || v == 0xFF0C || v == 0x201C || v == 0x201D
            }
            /// The scalar ending just before `end`, and where it starts.
            func scalar(endingAt end: Int) -> (value: UInt32, start: Int) {
                var s = end - 1
                while s > 0, bytes[s] & 0xC0 == 0x80 { s -= 1 }
                let lead = UInt32(bytes[s])
                var value: UInt32
                switch end - s {
                case 1: value = lead
                case 2: value = lead & 0x1F
                case 3: value = lead & 0x0F
                default: value = lead & 0x07
                }
                for k in (s + 1)..<end { value = value << 6 | UInt32(bytes[k] & 0x3F) }
                return (value, s)
            }
            var start = bytes.count
            while start > 0 {
                let (value, from) = scalar(endingAt: start)
                if isClauseBreakScalar(value) {
                    // A mark joined to what comes before it (a prepended sign) is no break.
                    if from > 0, !isSimple(scalar(endingAt: from).value) { return nil }
                    break
                }
                guard isSimple(value) else { return nil }
                start = from
            }
            // The last `limit` words, from the end.
            var words: [Range<Int>] = []
            var end = bytes.count
            var i = bytes.count
            while i > start, words.count < limit {
                i -= 1
                if bytes[i] == 0x20 {
                    if i + 1 < end { words.append((i + 1)..<end) }
                    end = i
                }
            }
            if words.count < limit, start < end { words.append(start..<end) }
            var out: [UInt8] = []
            for word in words.reversed() {
                if !out.isEmpty { out.append(0x20) }
                out.append(contentsOf: bytes[word])
            }
            return String(decoding: out, as: UTF8.self)
        } ?? nil
    }

    /// `isClauseBreak` of a one-scalar character.
    @inline(__always)
    static func isClauseBreakScalar(_ v: UInt32) -> Bool {
        switch v {
        case 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x28, 0x29, 0x5B, 0x5D, 0x22, 0x201C, 0x201D, 0x3002, 0xFF0C: true
        default: false
        }
    }

    /// The scalar of a one-scalar character, else nil. None of the marks looked for below has
    /// another spelling, so comparing this is comparing characters, without building a
    /// `Character` for each mark on every step.
    @inline(__always)
    static func single(_ c: Character) -> UInt32? {
        var scalars = c.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return nil }
        return first.value
    }

    /// `. , ; : ! ? ( ) [ ] " “ ” 。 ，`: where the clause before an acronym's parenthesis begins.
    static func isClauseBreak(_ c: Character) -> Bool {
        single(c).map(isClauseBreakScalar) ?? false
    }

    /// Whether the whole of `long` spells `short` starting at its first word.
    static func spells(_ short: String, _ long: String) -> Bool {
        guard let from = alignmentStart(short: short, long: long) else { return false }
        let prefix = long.unicodeScalars[..<from]
        return prefix.allSatisfy { !$0.properties.isAlphabetic }
    }

    /// Schwartz–Hearst: match the acronym's letters and digits right to left in `long`, the
    /// first one at the start of a word. Returns where the long form begins.
    static func alignmentStart(short: String, long: String) -> String.UnicodeScalarView.Index? {
        // ASCII-only lowercasing keeps one scalar per scalar, so offsets stay those of `long`.
        func lower(_ s: Unicode.Scalar) -> Unicode.Scalar {
            s.value >= 0x41 && s.value <= 0x5A ? Unicode.Scalar(s.value + 0x20)! : s
        }
        let s = short.unicodeScalars.filter { ConceptName.isASCIIAlphanumeric($0) }.map(lower)
        let l = long.unicodeScalars.map(lower)
        guard !s.isEmpty, !l.isEmpty else { return nil }
        var si = s.count - 1
        var li = l.count - 1
        while si >= 0 {
            let c = s[si]
            while li >= 0 {
                let atWordStart = li == 0 || !ConceptName.isWordScalar(l[li - 1]) && !ConceptName.isHangul(l[li - 1])
                if l[li] == c && (si > 0 || atWordStart) { break }
                li -= 1
            }
            if li < 0 { return nil }
            li -= 1
            si -= 1
        }
        let offset = li + 1
        return long.unicodeScalars.index(long.unicodeScalars.startIndex, offsetBy: offset)
    }

    /// The Hangul words just before `(이하 VAE)`: at most two, stopping at a particle.
    static func hangulLongForm(before: Substring) -> String? {
        let words = before.split(separator: " ").map(String.init)
        var taken: [String] = []
        for word in words.reversed() {
            guard taken.count < 2, word.unicodeScalars.allSatisfy(ConceptName.isHangul),
                  !endsWithParticle(word, isLast: taken.isEmpty) else { break }
            taken.insert(word, at: 0)
        }
        let long = taken.joined(separator: " ")
        return long.unicodeScalars.count >= 2 ? long : nil
    }

    /// `이하 VAE`, `a.k.a. VAE`, `줄여서 VAE` → `VAE`, marked.
    static func stripMarker(_ inside: Substring) -> (text: String, marked: Bool) {
        var text = String(inside).legacyTrimmingSpaces()
        for marker in ["이하", "a.k.a.", "aka", "약칭", "줄여서", "약어"] where text.lowercased().hasPrefix(marker) {
            let rest = text.dropFirst(marker.count)
            if rest.first == " " || rest.first == ":" || marker.hasSuffix(".") {
                text = String(rest).legacyTrimmingSpaces()
                if text.hasPrefix(":") { text = String(text.dropFirst()).legacyTrimmingSpaces() }
                return (text, true)
            }
        }
        return (text, false)
    }

    // MARK: Text shapes

    /// Top-level parenthesis groups `( … )`, half-width or full-width, in order.
    static func parenGroups(_ text: String) -> [(open: String.Index, close: String.Index)] {
        var groups: [(String.Index, String.Index)] = []
        var depth = 0
        var open: String.Index?
        var i = text.startIndex
        while i < text.endIndex {
            let c = single(text[i])
            if c == 0x28 || c == 0xFF08 {               // ( （
                if depth == 0 { open = i }
                depth += 1
            } else if (c == 0x29 || c == 0xFF09) && depth > 0 {   // ) ）
                depth -= 1
                if depth == 0, let o = open { groups.append((o, i)) }
            }
            i = text.index(after: i)
        }
        return groups
    }

    /// `1. `, `2-1) `, `IV. `, `(3) `, `① ` at the start of a heading.
    static func stripEnumeration(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        if let first = scalars.first, (0x2460...0x2473).contains(first.value) {
            i = 1
        } else if scalars.first == "(" {
            var j = 1
            while j < scalars.count, scalars[j].properties.numericType != nil, scalars[j].value < 0x80 { j += 1 }
            if j > 1, j < scalars.count, scalars[j] == ")" { i = j + 1 }
        } else {
            var j = 0
            while j < scalars.count, (0x30...0x39).contains(scalars[j].value) || (j > 0 && (scalars[j] == "." || scalars[j] == "-") && j + 1 < scalars.count && (0x30...0x39).contains(scalars[j + 1].value)) {
                j += 1
            }
            if j == 0 {
                while j < scalars.count, "IVX".unicodeScalars.contains(scalars[j]) { j += 1 }
                if j > 0, j < scalars.count, scalars[j] != "." { j = 0 }
            }
            if j > 0, j < scalars.count, scalars[j] == "." || scalars[j] == ")" { j += 1 }
            if j > 0, j < scalars.count, scalars[j] == " " { i = j }
        }
        guard i > 0 else { return text }
        return String(scalars: scalars[i...]).legacyTrimmingSpaces()
    }

    static func collapseSpaces<S: StringProtocol>(_ text: S) -> String {
        // Most headings and terms are already collapsed: one plain space between words and
        // none at either end. Those come back as they are, without being rebuilt scalar by
        // scalar.
        var clean = true
        var previousWasSpace = true  // a space first is not clean
        for s in text.unicodeScalars {
            let isSpace = ConceptName.isSpace(s)
            if isSpace && (previousWasSpace || s != " ") {
                clean = false
                break
            }
            previousWasSpace = isSpace
        }
        if clean && !previousWasSpace || text.isEmpty { return String(text) }
        var out: [Unicode.Scalar] = []
        var pending = false
        for s in text.unicodeScalars {
            if ConceptName.isSpace(s) {
                pending = !out.isEmpty
            } else {
                if pending { out.append(" ") }
                pending = false
                out.append(s)
            }
        }
        return String(scalars: out)
    }

    static func containsHangul(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: ConceptName.isHangul)
    }

    /// `Gradient를`, `ELBO의`: a Latin word with a Korean particle is part of a phrase.
    static func latinThenHangul(_ word: String) -> Bool {
        var sawLatin = false
        for s in word.unicodeScalars {
            if ConceptName.isASCIILetter(s) { sawLatin = true }
            else if sawLatin, ConceptName.isHangul(s) { return true }
        }
        return false
    }

    static func endsWithParticle(_ word: String, isLast: Bool) -> Bool {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count >= 2, let last = scalars.last, ConceptName.isHangul(last) else { return false }
        if ["에서", "에게", "한테", "으로"].contains(where: { word.hasSuffix($0) }) { return true }
        if ["를", "을", "는", "은", "에", "로", "씩"].contains(where: { word.hasSuffix($0) }) { return true }
        // Nouns end in 의, 와 and 과 too (정의, 효과), so only a word inside the phrase counts.
        if !isLast, ["의", "와", "과"].contains(where: { word.hasSuffix($0) }) { return true }
        return false
    }

    static func endsLikeSentence(_ word: String) -> Bool {
        guard word.unicodeScalars.count >= 2, let last = word.unicodeScalars.last, ConceptName.isHangul(last) else { return false }
        return ["다", "요", "까", "죠", "네", "며", "는가", "은가", "인가", "한가", "는지", "을지"].contains(where: { word.hasSuffix($0) })
    }

    /// `Overfitting이란` → `Overfitting`, `정규화란` → `정규화`.
    static func strippingTopicParticle(_ word: String) -> String? {
        let scalars = Array(word.unicodeScalars)
        if word.hasSuffix("이란"), scalars.count > 2 { return String(scalars: scalars.dropLast(2)) }
        if word.hasSuffix("란"), scalars.count > 1 {
            let before = scalars[scalars.count - 2]
            let openSyllable = before.value >= 0xAC00 && before.value <= 0xD7A3 && (before.value - 0xAC00) % 28 == 0
            if openSyllable || ConceptName.isASCIIAlphanumeric(before) {
                return String(scalars: scalars.dropLast())
            }
        }
        return nil
    }

    private static let forbidden: Set<Unicode.Scalar> = Set("?!？！。,，;：:…\"“”=→←<>|~[]{}*#$`@「」/&\u{FFFC}".unicodeScalars)

    private static let questionWords: Set<String> = [
        "what", "why", "how", "when", "where", "which", "who", "whom", "whose", "is", "are", "was", "were",
        "do", "does", "did", "can", "could", "should", "would", "will", "let's",
        "왜", "어떻게", "무엇", "무엇이", "무엇을", "언제", "어디", "어디서", "누가", "꼭", "과연", "정말", "진짜", "만약",
    ]

    private static let joiners: Set<String> = [
        "vs", "vs.", "versus", "and", "or", "with", "without", "for", "to", "in", "on", "at", "by", "from",
        "into", "about", "not", "this", "that", "these", "those", "my", "our", "your", "its", "it", "than",
        "using", "via", "및", "또는", "그리고", "혹은", "대신",
    ]

    private static let leadingWordsToDrop: Set<String> = ["주요", "다양한", "여러", "여러가지", "대표적인", "기본적인", "간단한"]

    /// Last words that say "about X": `X 정리` defines X.
    private static let suffixesToDrop: Set<String> = [
        "정리", "요약", "개념", "개요", "소개", "기초", "계열", "복습", "연산", "overview", "summary", "basics", "intro",
    ]

    /// Last words that name a kind of document, not a concept: `Deep Learning 스터디 노트`.
    private static let voidingSuffixes: Set<String> = [
        "노트", "스터디", "필기", "강의", "과제", "회고", "공부", "메모", "notes", "note", "lecture", "lectures",
        "study", "homework", "assignment", "week",
    ]

    /// Section names every note has; they define nothing. Compared as keys.
    private static let genericHeadings: Set<String> = {
        let english = """
        introduction intro overview summary summaries conclusion conclusions definition definitions example examples
        worked-example implementation code references reference links link notes note background motivation intuition
        proof properties property pros-and-cons pros cons advantages disadvantages limitations limitation applications
        application results result experiments experiment discussion questions question faq todo appendix setup usage
        installation method methods approach idea ideas key-idea main-idea basic-idea goal goals objective objectives
        takeaways key-takeaways recap review exercise exercises problem problems solution solutions answer answers tips
        resources further-reading see-also related related-work contents table-of-contents misc comparison variants
        variations math formula formulas equations derivation pseudocode algorithm complexity history architecture
        structure details detail description explanation loss training inference model models data dataset evaluation
        notation footnotes footnote images figures figure tables issues pitfalls caveats
        """
        let korean = """
        개요 소개 요약 정리 결론 정의 예시 예제 구현 코드 참고 참고자료 참고문헌 레퍼런스 출처 링크 배경 동기 직관 증명 성질
        특징 특성 장점 단점 장단점 한계 한계점 응용 활용 결과 실험 토론 질문 답 답변 문제 풀이 해설 메모 느낀점 회고 과제 목표
        학습목표 목차 부록 용어 용어정리 비교 비교표 변형 변형들 수식 유도 알고리즘 복잡도 구조 원리 방법 방법론 아이디어
        기본아이디어 핵심 핵심아이디어 핵심개념 개념 실습 들어가며 마치며 시작하며 이론 배경지식 사전지식 더보기 기타 주의
        주의사항 팁 한줄요약 세줄요약 내용 본문 설명 의미 해석 동작 동작원리 작동원리 과정 흐름 순서 단계 구성 구성요소 종류
        표기법 체크 체크리스트 로그 진도 일정 계획 학습 추론 모델 데이터 평가 손실
        각주 이미지 그림 사진 표 도표 첨부 문제점 차이 차이점 필요성 이유 효과 역할 개수 갯수 수 방지 예방
        """
        return Set((english + " " + korean).split(whereSeparator: { $0 == " " || $0 == "\n" }).map { ConceptName.key(String($0)) })
    }()
}

extension StringProtocol {
    /// Without leading and trailing white space; walks only the ends.
    func legacyTrimmingSpaces() -> String {
        let view = unicodeScalars
        var lo = view.startIndex
        var hi = view.endIndex
        while lo < hi, ConceptName.isSpace(view[lo]) { lo = view.index(after: lo) }
        while hi > lo, ConceptName.isSpace(view[view.index(before: hi)]) { hi = view.index(before: hi) }
        return String(scalars: view[lo..<hi])
    }
}

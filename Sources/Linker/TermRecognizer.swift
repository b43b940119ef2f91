import Diagnostics
/// What a heading, a title or a bold term says about concepts.
struct TermAnalysis: Sendable, Equatable {
    /// The names of the concept the text defines, the main one first (an acronym before its
    /// long form); empty when the text defines nothing.
    var defines: [String] = []
    /// Further acronym pairs in the text ("… with Variational Auto Encoder (VAE)"): names of one
    /// concept that the text mentions but does not define.
    var synonyms: [[String]] = []
}

/// Tells terms from sentences and finds acronyms with their long forms.
///
/// The rules are heuristics over the shapes students give their headings; they err towards
/// defining nothing, since a heading that wrongly defines a concept turns every later use of
/// its words into a "mention". The glossary is the way out for anything they cannot see.
enum TermRecognizer {
    // MARK: Headings, titles, bold terms

    /// Reads a heading (or a title, or a bold `**Term**:`). An acronym written with its long form
    /// defines that concept; otherwise a short heading that is a term defines the term; a
    /// question or a sentence defines nothing.
    static func analyse(_ raw: String) -> TermAnalysis {
        var text = collapseSpaces(raw)
        text = stripEnumeration(text)
        while endsWithColon(text) {
            text = String(text.unicodeScalars.dropLast()).trimmingSpaces()
        }
        guard !text.isEmpty else { return TermAnalysis() }

        let groups = parenGroups(text)
        if groups.isEmpty {
            // No parentheses (most titles): no pair, and the text without its parentheses is
            // the text, which `term` collapses as the joined parts would have been.
            // `text` is collapsed: `stripEnumeration` and trimming keep `collapseSpaces`' text so.
            if let term = term(collapsed: text) { return TermAnalysis(defines: [term]) }
            return TermAnalysis()
        }
        // The pairs in order: the first is what the text defines, the others its synonyms. Kept
        // apart from the start, so a text with one pair (most that have any) makes no array of
        // pairs only to split it.
        var firstPair: [String]?
        var morePairs: [[String]] = []
        var previousEnd = text.startIndex
        var onlyTerm: String?
        for (n, group) in groups.enumerated() {
            let before = text[previousEnd..<group.open]
            let inside = text[group.afterOpen..<group.close]
            var found: [String]?
            if let pair = pair(before: before, inside: inside) {
                found = pair
            } else if n == 0, previousEnd == text.startIndex,
                      let heading = headingPair(before: before, inside: inside, rest: text[group.afterClose...]) {
                switch heading {
                case .pair(let names): found = names
                case .term(let term): onlyTerm = term
                }
            }
            if let found {
                if firstPair == nil { firstPair = found } else { morePairs.append(found) }
            }
            previousEnd = group.afterClose
        }
        if let firstPair {
            return TermAnalysis(defines: firstPair, synonyms: morePairs)
        }
        if let onlyTerm { return TermAnalysis(defines: [onlyTerm]) }
        // No acronym: the heading without its parentheses ("Xavier (Glorot) Initialization"):
        // the text before each group and after the last, cut only now that it is read.
        var plainParts: [Substring] = []
        plainParts.reserveCapacity(groups.count + 1)
        previousEnd = text.startIndex
        for group in groups {
            plainParts.append(text[previousEnd..<group.open])
            previousEnd = group.afterClose
        }
        plainParts.append(text[previousEnd...])
        let plain = collapseSpaces(plainParts.joined(separator: " "))
        if let term = term(collapsed: plain) { return TermAnalysis(defines: [term]) }
        return TermAnalysis()
    }

    /// Whether the last scalar is `:` or `：` (U+FF1A, EF BC 9A), read from the last bytes: an
    /// ASCII byte is only ever its own scalar, and EF only ever leads a three-byte one.
    static func endsWithColon(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            let n = bytes.count
            if n >= 1, bytes[n - 1] == 0x3A { return true }
            return n >= 3 && bytes[n - 3] == 0xEF && bytes[n - 2] == 0xBC && bytes[n - 1] == 0x9A
        }
    }

    private enum HeadingPair {
        case pair([String])
        case term(String)
    }

    /// `A (B)` at the start of a heading where B is not an acronym of A's letters:
    /// `변분 오토인코더 (VAE)의 구조`, `Dropout (드롭아웃)`, `L2 Regularization (Weight Decay)`,
    /// `수식 (Inverted Dropout)`.
    private static func headingPair(before: Substring, inside: Substring, rest: Substring) -> HeadingPair? {
        let a = String(before).trimmingSpaces()
        let b = stripMarker(inside).text
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let restIsEmpty = rest.trimmingSpaces().isEmpty || suffixesToDrop.contains(ConceptName.key(String(rest)))
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
        termOfCollapsed(collapseSpaces(stripEnumeration(collapseSpaces(raw))))
    }

    /// `term` of a text `collapseSpaces` leaves as it is (as `analyse` hands on): then both
    /// collapses in `term` leave their texts as they are, for `stripEnumeration` keeps a
    /// collapsed text collapsed (it returns the text, or a suffix of it trimmed), and only the
    /// enumeration is left to strip.
    static func term(collapsed text: String) -> String? {
        termOfCollapsed(stripEnumeration(text))
    }

    /// `term` from `collapseSpaces(stripEnumeration(collapseSpaces(raw)))`.
    private static func termOfCollapsed(_ collapsed: String) -> String? {
        var words = spaceSeparatedWords(collapsed)
        guard !words.isEmpty else { return nil }
        // "The trick", "A closer look": an article makes a description.
        if words.count > 1, articles.containsLowercased(words[0]) { return nil }
        // Whether `words` are still those of `collapsed`: then joined by spaces they are its
        // bytes again (it has single spaces between words and none at the ends, and split at
        // them, no word is empty), and the text is not built anew.
        var wordsAsCut = true
        if words.count > 1, leadingWordsToDrop.contains(words[0]) {
            words.removeFirst()
            wordsAsCut = false
        }
        // The key of the last word, while it is still the last: made once for every question
        // asked of it below.
        var lastKey: String?
        if var last = words.last {
            // "Overfitting이란", "정규화란": what X is.
            if let stripped = strippingTopicParticle(last) {
                last = stripped
                words[words.count - 1] = stripped
                wordsAsCut = false
            }
            let key = ConceptName.key(last)
            if words.count > 1, suffixesToDrop.contains(key) {
                words.removeLast()
                wordsAsCut = false
            }
            else if voidingSuffixes.contains(key) { return nil }
            else { lastKey = key }
        }
        guard (1...5).contains(words.count) else { return nil }
        let text = wordsAsCut ? collapsed : words.joined(separator: " ")
        let scalars = scalarCount(text)
        guard scalars >= 2, scalars <= 50 else { return nil }
        if containsForbidden(text) { return nil }
        if questionWords.containsLowercased(words[0]) { return nil }
        for (n, word) in words.enumerated() {
            if joiners.containsLowercased(word) { return nil }
            guard hasAlphabetic(word) else { return nil }
            if latinThenHangul(word) { return nil }
            let isLast = n == words.count - 1
            if endsWithParticle(word, isLast: isLast) { return nil }
        }
        if endsLikeSentence(words[words.count - 1]) { return nil }
        // `숫자 예시`, `ELBO 유도`, `Scalar example`: an aspect of something, not a term.
        if genericHeadings.contains(lastKey ?? ConceptName.key(words[words.count - 1])) { return nil }
        // `전형적인 블록`: an adjective first makes a description.
        if words.count > 1, words[0].hasSuffix("적인") { return nil }
        // A one-word text is its last word, just asked.
        if words.count > 1, isGeneric(text) { return nil }
        return text
    }

    /// `text.split(separator: " ").map(String.init)`. In simple text (`isSimpleText`) every
    /// space byte is a character of its own, so the words are cut from the bytes; elsewhere a
    /// space may carry a mark (` \u{301}`) and be no separator, and the characters decide.
    static func spaceSeparatedWords(_ text: String) -> [String] {
        guard isSimpleText(text) else { return text.split(separator: " ").map(String.init) }
        return text.withUTF8Bytes { bytes in
            var words: [String] = []
            var start = 0
            // The bytes of the word so far, or-ed together: 0x80 or more when one is not ASCII.
            var high: UInt8 = 0
            // Cut at ASCII spaces out of a string's valid UTF-8, a word is valid UTF-8: it
            // becomes a string without being checked a second time.
            func cut(at end: Int) {
                if end > start {
                    words.append(UTF8Text.string(ofValid: UnsafeBufferPointer(rebasing: bytes[start..<end]), isASCII: high < 0x80))
                }
                start = end + 1
                high = 0
            }
            var spaces = 0
            for byte in bytes where byte == 0x20 { spaces += 1 }
            words.reserveCapacity(spaces + 1)
            for i in 0..<bytes.count {
                if bytes[i] == 0x20 { cut(at: i) } else { high |= bytes[i] }
            }
            cut(at: bytes.count)
            return words
        }
    }

    static func isGeneric(_ text: String) -> Bool {
        genericHeadings.contains(ConceptName.key(text))
    }

    /// `text.unicodeScalars.contains(where: isForbidden)`, from the UTF-8 bytes: an ASCII byte
    /// is its scalar and asks the bit mask; other scalars are decoded where they start.
    static func containsForbidden(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            var i = 0
            while i < bytes.count {
                let (value, length) = scalar(in: bytes, startingAt: i)
                if isForbidden(Unicode.Scalar(value)!) { return true }
                i += length
            }
            return false
        }
    }

    // MARK: Acronyms

    /// An acronym and its long form written together: `Evidence Lower Bound (ELBO)`,
    /// `Variational Auto Encoder(이하 VAE)`, `VAE (Variational Autoencoder)`,
    /// `(ELBO, Evidence Lower Bound)`. The long form must spell the acronym (Schwartz–Hearst
    /// alignment), except after an explicit `이하`, where a short Hangul long form is taken.
    /// Returns `[acronym, long form]`.
    static func pair(before: Substring, inside: Substring) -> [String]? {
        let (inner, marked) = stripMarker(inside)
        guard !inner.isEmpty, scalarCount(inner) <= 80 else { return nil }
        if ConceptName.isAcronym(inner) {
            if let long = longForm(of: inner, before: before) { return [inner, long] }
            if marked, let long = hangulLongForm(before: before) { return [inner, long] }
            return nil
        }
        // "(ELBO, Evidence Lower Bound)" or "(Evidence Lower Bound, ELBO)".
        let parts = inner.split(separator: ",", maxSplits: 1).map { String($0).trimmingSpaces() }
        if parts.count == 2 {
            for (short, long) in [(parts[0], parts[1]), (parts[1], parts[0])]
            where ConceptName.isAcronym(short) && spells(short, long) {
                return [short, long]
            }
        }
        // "VAE (Variational Autoencoder)".
        let words = before.split(separator: " ")
        if let last = words.last, ConceptName.isAcronym(last) {
            let short = String(last).trimmingSpaces()
            let longWords = inner.split(separator: " ").count
            if longWords <= short.count + 5, spells(short, inner), !inner.contains(short) {
                return [short, inner]
            }
        }
        return nil
    }

    /// The long form of `short` among the last words of `before`, or nil.
    static func longForm(of short: String, before: Substring) -> String? {
        let shortCount = characterCount(short)
        let limit = min(shortCount + 5, shortCount * 2)
        guard let candidate = lastWords(of: before, limit: limit) else { return nil }
        guard let from = alignmentStart(short: short, long: candidate) else { return nil }
        // From the first byte, the candidate itself (`String.trimmingSpaces` keeps it if it can).
        let long = from == candidate.startIndex ? candidate.trimmingSpaces() : Substring(candidate.unicodeScalars[from...]).trimmingSpaces()
        // Foundation's `contains` only where the bytes leave a doubt (`holds`).
        let longScalars = scalarCount(long), shortScalars = scalarCount(short)
        // The count first: the same answer (the questions have no side effects), and most long
        // forms are long enough that the text is not searched.
        guard longScalars > shortScalars, longScalars > shortScalars + 2 || holds(long, " ") || holds(long, "-") else { return nil }
        guard !ConceptName.sameKey(long, short) else { return nil }
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
                // An ASCII byte is its own scalar, and a simple one: only a break stops there.
                let last = bytes[start - 1]
                if last < 0x80, !isClauseBreakScalar(UInt32(last)) {
                    start -= 1
                    continue
                }
                let (value, from) = scalar(endingAt: start)
                if isClauseBreakScalar(value) {
                    // A mark joined to what comes before it (a prepended sign) is no break.
                    if from > 0, !isSimple(scalar(endingAt: from).value) { return nil }
                    break
                }
                guard isSimple(value) else { return nil }
                start = from
            }
            // The last `limit` words, from the end: where the first of them starts and the last
            // ends, and whether two spaces stand together between (else those bytes are the
            // words joined by single spaces).
            var count = 0
            var first = 0
            var last = 0
            var doubleSpace = false
            var end = bytes.count
            var i = bytes.count
            while i > start, count < limit {
                i -= 1
                if bytes[i] == 0x20 {
                    if i + 1 < end {
                        if count == 0 { last = end }
                        count += 1
                        first = i + 1
                    } else if count > 0 {
                        doubleSpace = true
                    }
                    end = i
                }
            }
            if count < limit, start < end {
                if count == 0 { last = end }
                count += 1
                first = start
            }
            guard count > 0 else { return "" }
            guard doubleSpace else { return String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<last]), as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(last - first)
            var k = first
            while k < last {
                if bytes[k] != 0x20 || bytes[k - 1] != 0x20 { out.append(bytes[k]) }
                k += 1
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

    /// `text.count`, read from the bytes for ASCII text without a carriage return, where every
    /// byte is a character.
    static func characterCount(_ text: String) -> Int {
        let isPlain = text.withUTF8Bytes { bytes in !bytes.contains { $0 >= 0x80 || $0 == 0x0D } }
        return isPlain ? text.utf8.count : text.count
    }

    /// `text.unicodeScalars.count`, counted from the UTF-8 bytes: each scalar has one byte that
    /// is no continuation byte (`10xxxxxx`). The scalar view counted by stepping an index over
    /// each scalar, hundreds of instructions for a heading.
    static func scalarCount(_ text: some StringProtocol) -> Int {
        if let count = text.utf8.withContiguousStorageIfAvailable({ bytes -> Int in
            var count = 0
            for b in bytes where b & 0xC0 != 0x80 { count += 1 }
            return count
        }) { return count }
        return text.unicodeScalars.count
    }

    /// Whether every scalar of `text` is a character on its own (`isSimpleScalar`). Such text is
    /// NFC, and walks by characters, by scalars and by bytes meet the same things in it.
    static func isSimpleText(_ text: some StringProtocol) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var i = 0
            while i < bytes.count {
                if bytes[i] < 0x80 {
                    if bytes[i] == 0x0D { return false }
                    i += 1
                    continue
                }
                let (value, length) = scalar(in: bytes, startingAt: i)
                if !isSimpleScalar(value) { return false }
                i += length
            }
            return true
        } ?? false
    }

    /// Foundation's `text.contains(needle)` for a one-byte ASCII needle that is a character of
    /// its own (a space, a hyphen): the byte scan says no for sure; a yes is sure for simple
    /// text, where the needle's byte is a whole character, and is asked of Foundation otherwise.
    static func holds(_ text: String, _ needle: StaticString) -> Bool {
        guard text.containsUTF8(needle) else { return false }
        return isSimpleText(text) || text.contains(needle.description)
    }

    /// Whether the whole of `long` spells `short` starting at its first word.
    static func spells(_ short: String, _ long: String) -> Bool {
        guard let from = alignmentOffset(short: short, long: long) else { return false }
        // Nothing alphabetic before the long form. Among ASCII scalars the alphabetic ones are
        // the letters, so only other scalars ask their properties.
        return long.withUTF8Bytes { bytes in
            var i = 0
            while i < from {
                let (value, length) = scalar(in: bytes, startingAt: i)
                let alphabetic = value < 0x80 ? ConceptName.isASCIILetter(Unicode.Scalar(UInt8(value)))
                    : Unicode.Scalar(value)!.properties.isAlphabetic
                if alphabetic { return false }
                i += length
            }
            return true
        }
    }

    /// Schwartz–Hearst: match the acronym's letters and digits right to left in `long`, the
    /// first one at the start of a word. Returns where the long form begins.
    static func alignmentStart(short: String, long: String) -> String.UnicodeScalarView.Index? {
        guard let offset = alignmentOffset(short: short, long: long) else { return nil }
        return long.utf8.index(long.utf8.startIndex, offsetBy: offset)
    }

    /// `alignmentStart` as the offset of the long form's first byte, found by a walk over the
    /// UTF-8 bytes of both texts rather than over arrays of their scalars.
    ///
    /// What the walk over scalars compared: the ASCII letters and digits of `short`, lowercased
    /// (bytes of their own, as no other scalar's UTF-8 holds an ASCII byte), against each scalar
    /// of `long` with only `A`–`Z` lowercased, so a scalar can equal one only when it is that
    /// ASCII byte. `long`'s scalars are decoded backwards from their bytes, one step for each
    /// scalar the walk over the array took, and the scalar before a match is decoded (for its
    /// word start) only where the first letter is matched, where that walk asked for it.
    static func alignmentOffset(short: String, long: String) -> Int? {
        @inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }
        @inline(__always) func isAlphanumeric(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
        }
        return short.withUTF8Bytes { s -> Int? in
            long.withUTF8Bytes { l -> Int? in
                // `si`: just after the acronym's letter or digit still to match; `end`: just
                // after the scalar of `long` the walk looks at next (0 when none is left).
                var si = s.count
                while si > 0, !isAlphanumeric(s[si - 1]) { si -= 1 }
                guard si > 0, l.count > 0 else { return nil }
                var end = l.count
                while si > 0 {
                    let c = lower(s[si - 1])
                    // Is this the acronym's first letter or digit (no other one before it)?
                    var k = si - 1
                    while k > 0, !isAlphanumeric(s[k - 1]) { k -= 1 }
                    let isFirst = k == 0
                    var found = false
                    while end > 0 {
                        let (value, start) = scalar(in: l, endingAt: end)
                        if value < 0x80, lower(UInt8(value)) == c {
                            if !isFirst { found = true }
                            else if start == 0 { found = true }
                            else {
                                let previous = Unicode.Scalar(scalar(in: l, endingAt: start).value)!
                                found = !ConceptName.isWordScalar(previous) && !ConceptName.isHangul(previous)
                            }
                        }
                        end = start
                        if found { break }
                    }
                    if !found { return nil }
                    si = k
                }
                return end
            }
        }
    }

    /// `Array(text.unicodeScalars)`, decoded from the UTF-8 bytes in one pass: the scalar view's
    /// iterator costs several times as much per scalar.
    static func decodedScalars(_ text: String) -> [Unicode.Scalar] {
        text.withUTF8Bytes { bytes in
            var out: [Unicode.Scalar] = []
            out.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                let (value, length) = scalar(in: bytes, startingAt: i)
                out.append(Unicode.Scalar(value)!)
                i += length
            }
            return out
        }
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
        return scalarCount(long) >= 2 ? long : nil
    }

    /// `이하 VAE`, `a.k.a. VAE`, `줄여서 VAE` → `VAE`, marked.
    private static func stripMarker(_ inside: Substring) -> (text: String, marked: Bool) {
        var text = inside.trimmingSpaces()
        // Each marker starts with `a` or a Hangul syllable. A text that starts with another ASCII
        // scalar starts, lowercased, with a character whose decomposition starts with that
        // scalar, which is no marker's first character: most acronyms (`VAE`) stop here.
        if let first = text.utf8.first, first < 0x80, first | 0x20 != 0x61 { return (text, false) }
        let lower = text.lowercased()
        for marker in ["이하", "a.k.a.", "aka", "약칭", "줄여서", "약어"] where lower.hasPrefix(marker) {
            let rest = text.dropFirst(marker.count)
            if rest.first == " " || rest.first == ":" || marker.hasSuffix(".") {
                text = String(rest).trimmingSpaces()
                if text.hasPrefix(":") { text = String(text.dropFirst()).trimmingSpaces() }
                return (text, true)
            }
        }
        return (text, false)
    }

    // MARK: Text shapes

    /// A top-level parenthesis group `( … )`: where its opening and closing parentheses start,
    /// and where the characters after each start (`text.index(after:)` of each).
    struct ParenGroup {
        var open: String.Index
        var afterOpen: String.Index
        var close: String.Index
        var afterClose: String.Index
    }

    /// Top-level parenthesis groups `( … )`, half-width or full-width, in order.
    static func parenGroups(_ text: String) -> [ParenGroup] {
        // Every group opens at a `(` or `（` scalar, whose bytes (28, or EF BC 88) two `memchr`s
        // look for: most titles and headings have none, and no group, by either walk.
        guard ConceptExtractor.holdsParenthesis(text) else { return [] }
        if let groups = parenGroupsByByte(text) { return groups }
        return parenGroupsByCharacter(text).map {
            ParenGroup(open: $0.open, afterOpen: text.index(after: $0.open), close: $0.close, afterClose: text.index(after: $0.close))
        }
    }

    /// A scalar that is a character on its own whatever surrounds it, and that joins no
    /// neighbour into a character (no prepended sign, combining or spacing mark, joiner, jamo,
    /// regional indicator or emoji part): ASCII but the carriage return, Hangul syllables, CJK
    /// ideographs, the full-width ASCII forms and the CJK marks and quotes headings use.
    @inline(__always)
    static func isSimpleScalar(_ v: UInt32) -> Bool {
        if v < 0x80 { return v != 0x0D }
        return (v >= 0xAC00 && v <= 0xD7A3) || (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0xFF01 && v <= 0xFF5E)
            || v == 0x3001 || v == 0x3002 || v == 0x201C || v == 0x201D
    }

    /// The scalar of a well-formed UTF-8 sequence ending just before `end`, and where it starts.
    @inline(__always)
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, endingAt end: Int) -> (value: UInt32, start: Int) {
        var s = end - 1
        while s > 0, bytes[s] & 0xC0 == 0x80 { s -= 1 }
        return (scalar(in: bytes, startingAt: s).value, s)
    }

    /// The scalar of a well-formed UTF-8 sequence starting at `start`, and its length.
    @inline(__always)
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, startingAt start: Int) -> (value: UInt32, length: Int) {
        let lead = bytes[start]
        if lead < 0x80 { return (UInt32(lead), 1) }
        if lead < 0xE0 { return (UInt32(lead & 0x1F) << 6 | UInt32(bytes[start + 1] & 0x3F), 2) }
        if lead < 0xF0 {
            return (UInt32(lead & 0x0F) << 12 | UInt32(bytes[start + 1] & 0x3F) << 6 | UInt32(bytes[start + 2] & 0x3F), 3)
        }
        return (UInt32(lead & 0x07) << 18 | UInt32(bytes[start + 1] & 0x3F) << 12
                    | UInt32(bytes[start + 2] & 0x3F) << 6 | UInt32(bytes[start + 3] & 0x3F), 4)
    }

    /// `parenGroups` by bytes. A parenthesis scalar is a character of its own unless the scalar
    /// before it is a prepended sign or the one after it a mark or joiner; when every parenthesis
    /// has simple neighbours (`isSimpleScalar`), the parentheses the byte walk meets are those
    /// the character walk meets, at the same offsets. Nil otherwise, for the character walk.
    ///
    /// Each parenthesis is then a character of its own, one scalar long: the character after it
    /// starts where its bytes end. The groups are made as the bytes are read, with indices
    /// into the string's UTF-8 (which `utf8.index(_:offsetBy:)` makes without a walk).
    static func parenGroupsByByte(_ text: String) -> [ParenGroup]? {
        let utf8 = text.utf8
        return text.withUTF8Bytes { bytes -> [ParenGroup]? in
            @inline(__always) func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
            var groups: [ParenGroup] = []
            var depth = 0
            var open = 0
            var openLength = 1
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                var isOpen = false
                var length = 1
                if b == 0x28 || b == 0x29 {                     // ( )
                    isOpen = b == 0x28
                } else if b == 0xEF, i + 2 < n, bytes[i + 1] == 0xBC, bytes[i + 2] == 0x88 || bytes[i + 2] == 0x89 {
                    isOpen = bytes[i + 2] == 0x88               // （ ）
                    length = 3
                } else {
                    i += 1
                    continue
                }
                if i > 0, !isSimpleScalar(scalar(in: bytes, endingAt: i).value) { return nil }
                if i + length < n, !isSimpleScalar(scalar(in: bytes, startingAt: i + length).value) { return nil }
                if isOpen {
                    if depth == 0 {
                        open = i
                        openLength = length
                    }
                    depth += 1
                } else if depth > 0 {
                    depth -= 1
                    if depth == 0 {
                        groups.append(ParenGroup(open: index(open), afterOpen: index(open + openLength),
                                                 close: index(i), afterClose: index(i + length)))
                    }
                }
                i += length
            }
            return groups
        }
    }

    /// `parenGroups` by characters: right for any text.
    static func parenGroupsByCharacter(_ text: String) -> [(open: String.Index, close: String.Index)] {
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
        // Every enumeration starts with a digit, `(`, `I`, `V`, `X` or a circled number; most
        // headings start with none and are returned without reading further.
        guard let first = text.unicodeScalars.first?.value else { return text }
        switch first {
        case 0x28, 0x30...0x39, 0x49, 0x56, 0x58, 0x2460...0x2473: return stripEnumerationByScalar(text)
        default: return text
        }
    }

    /// `stripEnumeration` for any text.
    static func stripEnumerationByScalar(_ text: String) -> String {
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
        return String(scalars: scalars[i...]).trimmingSpaces()
    }

    static func collapseSpaces<S: StringProtocol>(_ text: S) -> String {
        // Most headings and terms are already collapsed: one plain space between words and
        // none at either end. Those come back as they are, without being rebuilt scalar by
        // scalar.
        if text.utf8.withContiguousStorageIfAvailable(isCollapsed) ?? isCollapsedByScalar(text) { return String(text) }
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

    /// Whether `collapseSpaces` leaves `text` as it is: no white space at either end, and none
    /// but single plain spaces between words (or nothing at all).
    static func isCollapsedByScalar<S: StringProtocol>(_ text: S) -> Bool {
        var previousWasSpace = true  // a space first is not clean
        for s in text.unicodeScalars {
            let isSpace = ConceptName.isSpace(s)
            if isSpace && (previousWasSpace || s != " ") { return false }
            previousWasSpace = isSpace
        }
        return !previousWasSpace || text.isEmpty
    }

    /// `isCollapsedByScalar` over the UTF-8 bytes: an ASCII byte is its scalar, and other
    /// scalars are decoded where they start.
    static func isCollapsed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previousWasSpace = true
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let isSpace: Bool
            var value = UInt32(b)
            if b < 0x80 {
                isSpace = b == 0x20 || (b >= 0x09 && b <= 0x0D)
                i += 1
            } else {
                let (v, length) = scalar(in: bytes, startingAt: i)
                value = v
                isSpace = ConceptName.isSpace(Unicode.Scalar(v)!)
                i += length
            }
            if isSpace && (previousWasSpace || value != 0x20) { return false }
            previousWasSpace = isSpace
        }
        return !previousWasSpace || bytes.isEmpty
    }

    static func containsHangul(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: ConceptName.isHangul)
    }

    /// Whether a scalar of `word` is alphabetic. Among ASCII scalars the alphabetic ones are the
    /// letters, so only other scalars ask their properties (a Hangul syllable is alphabetic).
    static func hasAlphabetic(_ word: String) -> Bool {
        word.withUTF8Bytes { bytes in
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 {
                    if (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) { return true }
                    i += 1
                    continue
                }
                let (value, length) = scalar(in: bytes, startingAt: i)
                if (value >= 0xAC00 && value <= 0xD7A3) || Unicode.Scalar(value)!.properties.isAlphabetic { return true }
                i += length
            }
            return false
        }
    }

    /// `Gradient를`, `ELBO의`: a Latin word with a Korean particle is part of a phrase.
    static func latinThenHangul(_ word: String) -> Bool {
        // An ASCII word (most of those in titles) holds no Hangul.
        if word.isASCIIOnly { return false }
        var sawLatin = false
        for s in word.unicodeScalars {
            if ConceptName.isASCIILetter(s) { sawLatin = true }
            else if sawLatin, ConceptName.isHangul(s) { return true }
        }
        return false
    }

    static func endsWithParticle(_ word: String, isLast: Bool) -> Bool {
        guard endsInNonASCII(word), let last = word.unicodeScalars.last, ConceptName.isHangul(last), scalarCount(word) >= 2 else { return false }
        if ["에서", "에게", "한테", "으로"].contains(where: { word.hasSuffix($0) }) { return true }
        if ["를", "을", "는", "은", "에", "로", "씩"].contains(where: { word.hasSuffix($0) }) { return true }
        // Nouns end in 의, 와 and 과 too (정의, 효과), so only a word inside the phrase counts.
        if !isLast, ["의", "와", "과"].contains(where: { word.hasSuffix($0) }) { return true }
        return false
    }

    static func endsLikeSentence(_ word: String) -> Bool {
        guard endsInNonASCII(word), scalarCount(word) >= 2, let last = word.unicodeScalars.last, ConceptName.isHangul(last) else { return false }
        return ["다", "요", "까", "죠", "네", "며", "는가", "은가", "인가", "한가", "는지", "을지"].contains(where: { word.hasSuffix($0) })
    }

    /// `Overfitting이란` → `Overfitting`, `정규화란` → `정규화`.
    static func strippingTopicParticle(_ word: String) -> String? {
        // A word that ends in an ASCII scalar ends in a character whose decomposition ends in
        // it, unlike 란's: no suffix below can match. Nor can an empty word.
        guard endsInNonASCII(word) else { return nil }
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

    /// Whether the last scalar of `word` is not ASCII, read from its last byte (an ASCII byte
    /// is only ever a scalar of its own); false for an empty word. A word that ends in an ASCII
    /// scalar ends in no Hangul syllable, which every particle and sentence ending above is.
    @inline(__always)
    static func endsInNonASCII(_ word: String) -> Bool {
        word.withUTF8Bytes { ($0.last ?? 0) >= 0x80 }
    }

    static let forbidden: Set<Unicode.Scalar> = Set("?!？！。,，;：:…\"“”=→←<>|~[]{}*#$`@「」/&\u{FFFC}".unicodeScalars)

    /// The ASCII members of `forbidden` as bits, so the common scalar needs no hashing.
    private static let forbiddenASCII: (low: UInt64, high: UInt64) = {
        var mask: (low: UInt64, high: UInt64) = (0, 0)
        for s in forbidden where s.value < 0x80 {
            if s.value < 64 { mask.low |= 1 << UInt64(s.value) } else { mask.high |= 1 << UInt64(s.value - 64) }
        }
        return mask
    }()

    /// `forbidden.contains(s)`.
    static func isForbidden(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 64 { return forbiddenASCII.low & (1 << UInt64(v)) != 0 }
        if v < 128 { return forbiddenASCII.high & (1 << UInt64(v - 64)) != 0 }
        return forbidden.contains(s)
    }

    /// "The trick", "A closer look": a first word that makes a description.
    static let articles: WordSet = ["the", "a", "an"]

    static let questionWords: WordSet = [
        "what", "why", "how", "when", "where", "which", "who", "whom", "whose", "is", "are", "was", "were",
        "do", "does", "did", "can", "could", "should", "would", "will", "let's",
        "왜", "어떻게", "무엇", "무엇이", "무엇을", "언제", "어디", "어디서", "누가", "꼭", "과연", "정말", "진짜", "만약",
    ]

    static let joiners: WordSet = [
        "vs", "vs.", "versus", "and", "or", "with", "without", "for", "to", "in", "on", "at", "by", "from",
        "into", "about", "not", "this", "that", "these", "those", "my", "our", "your", "its", "it", "than",
        "using", "via", "및", "또는", "그리고", "혹은", "대신",
    ]

    static let leadingWordsToDrop: WordSet = ["주요", "다양한", "여러", "여러가지", "대표적인", "기본적인", "간단한"]

    /// Last words that say "about X": `X 정리` defines X.
    static let suffixesToDrop: WordSet = [
        "정리", "요약", "개념", "개요", "소개", "기초", "계열", "복습", "연산", "overview", "summary", "basics", "intro",
    ]

    /// Last words that name a kind of document, not a concept: `Deep Learning 스터디 노트`.
    static let voidingSuffixes: WordSet = [
        "노트", "스터디", "필기", "강의", "과제", "회고", "공부", "메모", "notes", "note", "lecture", "lectures",
        "study", "homework", "assignment", "week",
    ]

    /// Section names every note has; they define nothing. Compared as keys.
    static let genericHeadings: WordSet = {
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
        return WordSet((english + " " + korean).split(whereSeparator: { $0 == " " || $0 == "\n" }).map { ConceptName.key(String($0)) })
    }()
}

/// A set of words, asked first by the shape of a word's UTF-8: its first byte and its length.
/// The recognizer asks its word lists (question words, joiners, generic headings …) about
/// every word of every heading and title, and most words share no shape with any member
/// ("Study", "note", "6"): those are answered without hashing the word, or lowercasing it.
///
/// The shapes are exact for simple words, made only of ASCII and Hangul syllables: such a word
/// is in NFC, as every member is (`init` checks), and Swift's `==`, canonical equivalence, then
/// holds only between equal bytes, so a member equal to the word has its shape. Any other word
/// (conjoining jamo, combining marks, a Kelvin sign that lowercases to `k`) asks the set.
struct WordSet: Sendable, ExpressibleByArrayLiteral {
    let words: Set<String>
    /// Bit `n` of entry `b`: a member starts with byte `b` and has `n` bytes (63: 63 or more).
    /// All ones when a member is not simple, so that every word asks the set.
    private let shapes: [UInt64]

    init(_ members: some Sequence<String>) {
        words = Set(members)
        var shapes = [UInt64](repeating: 0, count: 256)
        for word in words {
            let shape = word.withUTF8Bytes { bytes -> (first: UInt8, bit: UInt64)? in
                guard let first = bytes.first, Self.isSimple(bytes) else { return nil }
                return (first, 1 << UInt64(min(bytes.count, 63)))
            }
            guard let shape else {
                shapes = [UInt64](repeating: .max, count: 256)
                break
            }
            shapes[Int(shape.first)] |= shape.bit
        }
        self.shapes = shapes
    }

    init(arrayLiteral elements: String...) {
        self.init(elements)
    }

    /// `words.contains(word)`.
    func contains(_ word: String) -> Bool {
        guard mayContain(word, lowercased: false) else { return false }
        return words.contains(word)
    }

    /// `words.contains(word.lowercased())`, lowercasing only a word whose shape a member has.
    func containsLowercased(_ word: String) -> Bool {
        guard mayContain(word, lowercased: true) else { return false }
        return words.contains(word.lowercased())
    }

    /// False when no member can equal `word` (or, with `lowercased`, `word.lowercased()`).
    /// Lowercasing a simple word maps `A`–`Z` alone (Hangul has no case), so its lowercased
    /// form has its length and its first byte lowercased.
    private func mayContain(_ word: String, lowercased: Bool) -> Bool {
        word.withUTF8Bytes { bytes in
            guard var first = bytes.first, Self.isSimple(bytes) else { return true }
            if lowercased, first >= 0x41, first <= 0x5A { first += 0x20 }
            return shapes[Int(first)] & (1 << UInt64(min(bytes.count, 63))) != 0
        }
    }

    /// Whether the (valid) UTF-8 holds only ASCII and Hangul syllables (U+AC00–U+D7A3).
    static func isSimple(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            guard b & 0xF0 == 0xE0, i + 2 < bytes.count,
                  (0xAC00...0xD7A3).contains(UTF8Text.threeByteScalar(bytes, at: i)) else { return false }
            i += 3
        }
        return true
    }
}

extension String {
    /// `trimmingSpaces` of a string (the `StringProtocol` one): the string itself when neither
    /// its first nor its last scalar is white space (as in most names and headings), rather than
    /// a copy of its bytes checked anew as UTF-8.
    func trimmingSpaces() -> String {
        if withUTF8Bytes(Self.hasNoSpaceAtEitherEnd) { return self }
        return self[...].trimmingSpaces()
    }

    /// Whether neither the first nor the last scalar of the (valid) UTF-8 is white space
    /// (`ConceptName.isSpace`); true for no bytes, which trimmed are no bytes.
    static func hasNoSpaceAtEitherEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return true }
        let first = TermRecognizer.scalar(in: bytes, startingAt: 0).value
        let last = TermRecognizer.scalar(in: bytes, endingAt: bytes.count).value
        return !ConceptName.isSpace(Unicode.Scalar(first)!) && !ConceptName.isSpace(Unicode.Scalar(last)!)
    }
}

extension StringProtocol {
    /// Without leading and trailing white space; walks only the ends.
    func trimmingSpaces() -> String {
        if case let trimmed?? = utf8.withContiguousStorageIfAvailable(Self.trimmingASCIISpaces) { return trimmed }
        return trimmingSpacesByScalar()
    }

    /// `trimmingSpaces` by bytes, when what is left starts and ends with an ASCII character that
    /// is no space (or nothing is left): then only ASCII white space was cut, a byte at a time,
    /// and the bytes kept are those the walk by scalars keeps. Nil when an end that stays is not
    /// ASCII (it may be a space such as U+3000), which `trimmingSpacesByScalar` reads.
    static func trimmingASCIISpaces(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        var lo = 0
        var hi = bytes.count
        while lo < hi, isSpace(bytes[lo]) { lo += 1 }
        while hi > lo, isSpace(bytes[hi - 1]) { hi -= 1 }
        if lo == hi { return "" }
        guard bytes[lo] < 0x80, bytes[hi - 1] < 0x80 else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[lo..<hi]), as: UTF8.self)
    }

    /// `trimmingSpaces` by scalars: right for any text.
    func trimmingSpacesByScalar() -> String {
        let view = unicodeScalars
        var lo = view.startIndex
        var hi = view.endIndex
        while lo < hi, ConceptName.isSpace(view[lo]) { lo = view.index(after: lo) }
        while hi > lo, ConceptName.isSpace(view[view.index(before: hi)]) { hi = view.index(before: hi) }
        return String(scalars: view[lo..<hi])
    }
}

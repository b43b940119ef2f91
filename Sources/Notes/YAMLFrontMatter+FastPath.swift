import Diagnostics

/// The front matter nearly every note has, read without Yams.
///
/// Composing with Yams costs libyaml's tokenizer, a `Node` per value and a `String` per token,
/// which adds up to a noticeable share of a whole check over thousands of notes whose front
/// matter is a handful of `key: value` lines. This recognizer reads those lines directly. It
/// knows a deliberately small subset of YAML and answers nil for anything outside it, which
/// then takes the Yams path as before; so whenever it answers, its answer must be exactly
/// Yams' (the differential tests in `YAMLFastPathTests` hold it to that). The subset:
///
/// - `key: value` lines starting in column 1; keys of ASCII letters, digits, `_` and `-` (not
///   first), each key once (a repeated key is left to Yams);
/// - as value on the key's line: a plain scalar, typed as `value(of:)` types an untagged plain
///   scalar; a `"double"` or `'single'` quoted one with no escapes; a flow list `[a, "b"]` of
///   such scalars;
/// - nothing after the colon, then either nothing (null) or a block list of `- item` lines, all
///   indented alike (also not at all);
/// - empty lines, and comment lines with `#` in column 1.
///
/// Whatever might read differently in YAML is declined rather than handled: tabs, carriage
/// returns and other control characters, the Unicode characters libyaml takes for line breaks
/// or refuses, a `#` or `: ` inside a plain scalar, indicators (`&`, `*`, `!`, `|`, `>`, `@`…)
/// at its start, indented lines other than list items.
extension YAMLFrontMatter {
    /// The recognizer's answer for `text`, or nil when `text` is outside its subset. Like the
    /// Yams path it expects `checkNesting` to have passed; positions are relative to `text`.
    static func fastParse(_ text: String) -> (entries: [FrontMatterEntry], warnings: [FrontMatterProblem])? {
        var text = text
        let entries = text.withUTF8 { bytes in
            SimpleYAML(bytes: bytes).entries()
        }
        // The Yams path warns only about keys that are lists or mappings, which the subset has not.
        return entries.map { ($0, []) }
    }
}

extension YAMLFrontMatter {
    /// The decoded front matter of the YAML block whose bytes are `bytes` (valid UTF-8, whole
    /// lines), exactly as `parse` then `FrontMatter.decoding(_:format:)` give it, when that is
    /// found without a diagnostic: the block passes the nesting check (`checkNesting`), is in
    /// `fastParse`'s subset, repeats no key (compared as `decoding` compares keys) and decodes without a
    /// warning. Nil otherwise, and the caller takes that general path, which words every
    /// diagnostic.
    ///
    /// Read straight from the bytes (`SimpleYAML.frontMatter`): no string of the block, none of
    /// a known key, no array of entries to look through and throw away. Those, with looking up
    /// each key by its string, cost about as much as reading the values.
    static func directFrontMatter(_ bytes: UnsafeBufferPointer<UInt8>) -> FrontMatter? {
        SimpleYAML(bytes: bytes).frontMatter()
    }
}

/// One pass over the lines of a front matter in the subset `fastParse` describes.
private struct SimpleYAML {
    let bytes: UnsafeBufferPointer<UInt8>

    /// More keys than this are declined: repeated keys are found by comparing each key with the
    /// ones before it, which must stay cheap, and real front matter has a few dozen at most.
    static let maximumKeys = 64

    /// Longer keys are declined: libyaml refuses a key that runs over 1024 characters, and no
    /// real key gets near this.
    static let maximumKeyLength = 128

    /// A key whose line ends after the colon: a block list follows, or its value is null. Its
    /// items are gathered in a variable of their own (`walk`): appended through the optional,
    /// each one copied the whole list into a new array.
    private struct OpenKey {
        /// Where the key's bytes are.
        var key: Range<Int>
        var line: Int
        /// The column of the items' `-` (0-based), once the first item is seen.
        var itemIndent: Int?
    }

    /// Room for the items of a block list, made when its first item is seen: most lists have
    /// one to four, which then take one allocation, not one for each doubling.
    static let listCapacity = 4

    /// The top-level entries, or nil when the text is outside the subset.
    func entries() -> [FrontMatterEntry]? {
        guard let lines = acceptedLineCount() else { return nil }
        // Room for a key on every line, so that the array is allocated once.
        var entries: [FrontMatterEntry] = []
        entries.reserveCapacity(min(lines, Self.maximumKeys))
        let complete = walk { keyBytes, line, value, sourceText in
            let key = string(keyBytes.lowerBound, keyBytes.upperBound)
            guard !entries.contains(where: { $0.key == key }) else { return false }
            entries.append(FrontMatterEntry(key: key, value: value, sourceText: sourceText, line: line, column: 1))
            return true
        }
        return complete ? entries : nil
    }

    /// `FrontMatter.decoding(entries(), format: .yaml)` when it warns about nothing; nil when
    /// the text is outside the subset or decoding would warn (about a key set twice, a value of
    /// the wrong shape…), which the general path then says.
    ///
    /// Keys are matched on their bytes as `FrontMatter.foldedKeyAndField` matches the ones it
    /// packs: a key too long to pack (longer than any known spelling) is declined, so every key
    /// here is packed, and folded packed keys are equal exactly when `decoding`'s folded strings
    /// are. Only the entry chosen for each known field is kept, under an empty key: its key is
    /// read only to word a warning, and any warning declines.
    ///
    /// It runs `checkNesting`'s test too, and declines what fails it: `parse` reports that.
    func frontMatter() -> FrontMatter? {
        var brackets = 0
        guard acceptedLineCount(brackets: &brackets) != nil else { return nil }
        // `isTooShortToNestTooDeeply`, from the brackets counted above; else the full scan.
        if !YAMLFrontMatter.isTooShortToNestTooDeeply(byteCount: bytes.count, brackets: brackets) {
            guard YAMLFrontMatter.nestingProblem(bytes) == nil else { return nil }
        }
        return withUnsafeTemporaryAllocation(of: (index: Int, rank: Int)?.self, capacity: FrontMatter.fieldCount) { chosen in
            chosen.initialize(repeating: nil)
            return withUnsafeTemporaryAllocation(of: FrontMatter.PackedKey.self, capacity: Self.maximumKeys) { seen in
                frontMatter(chosen: chosen, seen: seen)
            }
        }
    }

    /// `frontMatter()`, with `chosen` (nil for each field) and room in `seen` for the folded
    /// keys met, at most `maximumKeys` (`walk` declines more).
    private func frontMatter(chosen: UnsafeMutableBufferPointer<(index: Int, rank: Int)?>,
                             seen: UnsafeMutableBufferPointer<FrontMatter.PackedKey>) -> FrontMatter? {
        var known: [FrontMatterEntry] = []
        var extra: [FrontMatterValue.Entry] = []
        var seenCount = 0
        // Read once: a global's every access goes through its lazy initialisation check.
        let knownKeyTable = FrontMatter.knownKeyTable
        let complete = walk { keyBytes, line, value, sourceText in
            guard let packed = FrontMatter.PackedKey(UnsafeBufferPointer(rebasing: bytes[keyBytes])) else { return false }
            let folded = packed.lowercasedIfCapitals ?? packed
            for k in 0..<seenCount where seen[k] == folded { return false }
            seen.baseAddress!.advanced(by: seenCount).initialize(to: folded)
            seenCount += 1
            guard let (field, rank) = knownKeyTable.field(of: folded) else {
                extra.append(FrontMatterValue.Entry(key: string(keyBytes.lowerBound, keyBytes.upperBound), value: value))
                return true
            }
            // `decoding`'s choice: the strongest spelling, the first of equals.
            let current = chosen[field.rawValue]
            if let current, current.rank <= rank { return true }
            let entry = FrontMatterEntry(key: "", value: value, sourceText: sourceText, line: line, column: 1)
            if let current {
                known[current.index] = entry
                chosen[field.rawValue] = (current.index, rank)
            } else {
                if known.isEmpty { known.reserveCapacity(FrontMatter.fieldCount) }
                chosen[field.rawValue] = (known.count, rank)
                known.append(entry)
            }
            return true
        }
        guard complete else { return nil }
        var warnings: [FrontMatterProblem] = []
        let result = FrontMatter.decodingFields(known, format: .yaml, chosen: UnsafeBufferPointer(chosen),
                                                extra: extra, warnings: &warnings)
        return warnings.isEmpty ? result : nil
    }

    /// Reads the lines (which `acceptedLineCount` has passed) in order and hands each top-level
    /// key to `visit` once its value is complete: where the key's bytes are, its line, its
    /// value and its `sourceText`. `visit` answers false to give up. False when the text is
    /// outside the subset or `visit` gave up; the keys handed over by then mean nothing.
    private func walk(_ visit: (_ key: Range<Int>, _ line: Int, _ value: FrontMatterValue, _ sourceText: String?) -> Bool) -> Bool {
        var open: OpenKey?
        var openItems: [FrontMatterValue] = []
        var keys = 0
        var values = 0
        var line = 0
        var next = 0
        while next < bytes.count {
            let start = next
            let end = bytes.lineEnd(from: start)
            next = end + 1
            line += 1
            // Empty lines and comment lines separate nothing in YAML.
            if start == end || bytes[start] == UInt8(ascii: "#") { continue }
            if bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "-") {
                guard open != nil, let item = listItem(start, end, indent: &open!.itemIndent) else { return false }
                if openItems.isEmpty { openItems.reserveCapacity(Self.listCapacity) }
                openItems.append(item)
                values += 1
                continue
            }
            if let finished = open {
                let (value, sourceText) = Self.value(closing: finished, items: openItems)
                guard visit(finished.key, finished.line, value, sourceText) else { return false }
                open = nil
                openItems = []
            }
            guard keys < Self.maximumKeys, let (keyEnd, valueStart) = keyLine(start, end) else { return false }
            keys += 1
            values += 1
            if valueStart == end {
                open = OpenKey(key: start..<keyEnd, line: line)
                continue
            }
            guard let (value, sourceText) = inlineValue(valueStart, end) else { return false }
            if case .array(let items) = value { values += items.count }
            guard visit(start..<keyEnd, line, value, sourceText) else { return false }
        }
        if let finished = open {
            let (value, sourceText) = Self.value(closing: finished, items: openItems)
            guard visit(finished.key, finished.line, value, sourceText) else { return false }
        }
        // The Yams path refuses front matter over its budget; let it.
        return values <= YAMLFrontMatter.maximumValues
    }

    /// The value of a key with nothing after its colon, and its `sourceText`: Yams gives the
    /// list below it, or an empty plain scalar, which is null and keeps its (empty) text.
    private static func value(closing open: OpenKey, items: [FrontMatterValue]) -> (FrontMatterValue, String?) {
        open.itemIndent == nil ? (.null, "") : (.array(items), nil)
    }

    // MARK: Lines

    /// Where the key of a `key:` line ends and where its value starts (after the spaces
    /// following the colon; `end` when there is none), or nil when the line is not a simple
    /// key line. `key:value` is one plain scalar in YAML, not a key, so a colon needs a space
    /// or the line's end after it.
    private func keyLine(_ start: Int, _ end: Int) -> (keyEnd: Int, valueStart: Int)? {
        guard Self.isKeyByte(bytes[start]), bytes[start] != UInt8(ascii: "-") else { return nil }
        var i = start + 1
        while i < end, Self.isKeyByte(bytes[i]) { i += 1 }
        guard i < end, bytes[i] == UInt8(ascii: ":"), i - start <= Self.maximumKeyLength else { return nil }
        let keyEnd = i
        i += 1
        guard i == end || bytes[i] == UInt8(ascii: " ") else { return nil }
        return (keyEnd, skipSpaces(i, end))
    }

    /// The scalar of a `- item` line whose `-` stands `indent` columns in, the same as the list's
    /// earlier items; nil for anything else, including an item with nothing after the dash.
    private func listItem(_ start: Int, _ end: Int, indent: inout Int?) -> FrontMatterValue? {
        let dash = skipSpaces(start, end)
        guard dash + 1 < end, bytes[dash] == UInt8(ascii: "-"), bytes[dash + 1] == UInt8(ascii: " "),
              indent == nil || indent == dash - start else { return nil }
        let valueStart = skipSpaces(dash + 1, end)
        guard valueStart < end, let scalar = scalar(valueStart, end) else { return nil }
        indent = dash - start
        return scalar.value
    }

    // MARK: Values

    /// The value written after a key's colon, and its text as `sourceText` keeps it: a scalar's
    /// text, nil for a list, as the Yams path has them.
    private func inlineValue(_ start: Int, _ end: Int) -> (value: FrontMatterValue, sourceText: String?)? {
        if bytes[start] == UInt8(ascii: "[") {
            return flowList(start, end).map { (.array($0), nil) }
        }
        return scalar(start, end).map { ($0.value, $0.text) }
    }

    /// A scalar filling the rest of a line in block context: quoted, or plain.
    private func scalar(_ start: Int, _ end: Int) -> (value: FrontMatterValue, text: String)? {
        let first = bytes[start]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            guard let close = closingQuote(start, end), skipSpaces(close + 1, end) == end else { return nil }
            let text = string(start + 1, close)
            return (.string(text), text)
        }
        return plainScalar(start, end)
    }

    /// A plain scalar from `start` to the line's end, less trailing spaces. A colon followed by
    /// a space (or ending the line) would make it a key, and ` #` would start a comment:
    /// declined.
    private func plainScalar(_ start: Int, _ end: Int) -> (value: FrontMatterValue, text: String)? {
        guard canStartPlain(start, end) else { return nil }
        var last = start
        var i = start
        while i < end {
            let byte = bytes[i]
            if byte == UInt8(ascii: ":"), i + 1 == end || bytes[i + 1] == UInt8(ascii: " ") { return nil }
            if byte == UInt8(ascii: "#"), bytes[i - 1] == UInt8(ascii: " ") { return nil }
            if byte != UInt8(ascii: " ") { last = i + 1 }
            i += 1
        }
        let text = string(start, last)
        return (YAMLFrontMatter.plainValue(text), text)
    }

    /// `[a, "b", 'c']` on one line with nothing but spaces after it. Items are quoted or plain
    /// scalars without any character that means something in a flow collection; no empty
    /// items, no trailing comma.
    private func flowList(_ open: Int, _ end: Int) -> [FrontMatterValue]? {
        var i = skipSpaces(open + 1, end)
        if i < end, bytes[i] == UInt8(ascii: "]") {
            return skipSpaces(i + 1, end) == end ? [] : nil
        }
        // Room for one item more than there are commas, allocated once: growing by appending
        // took an allocation for each doubling.
        var items: [FrontMatterValue] = []
        var commas = 0
        for k in i..<end where bytes[k] == UInt8(ascii: ",") { commas += 1 }
        items.reserveCapacity(commas + 1)
        while true {
            guard i < end, let (item, after) = flowItem(i, end) else { return nil }
            items.append(item)
            i = skipSpaces(after, end)
            guard i < end else { return nil }
            if bytes[i] == UInt8(ascii: "]") { break }
            guard bytes[i] == UInt8(ascii: ",") else { return nil }
            i = skipSpaces(i + 1, end)
        }
        return skipSpaces(i + 1, end) == end ? items : nil
    }

    /// One item of a flow list starting at `start`, and the index after it (before any spaces).
    private func flowItem(_ start: Int, _ end: Int) -> (FrontMatterValue, Int)? {
        let first = bytes[start]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            guard let close = closingQuote(start, end) else { return nil }
            return (.string(string(start + 1, close)), close + 1)
        }
        guard canStartPlain(start, end) else { return nil }
        var last = start
        var i = start
        while i < end, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "]") {
            switch bytes[i] {
            case UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ":"), UInt8(ascii: "#"),
                 UInt8(ascii: "?"), UInt8(ascii: "\""), UInt8(ascii: "'"):
                return nil
            case UInt8(ascii: " "):
                break
            default:
                last = i + 1
            }
            i += 1
        }
        return (YAMLFrontMatter.plainValue(string(start, last)), last)
    }

    /// The index of the quote closing the one at `start` on this line; nil when there is none
    /// or the text between needs unescaping (`\` in double quotes, `''` in single quotes).
    private func closingQuote(_ start: Int, _ end: Int) -> Int? {
        let quote = bytes[start]
        var i = start + 1
        while i < end {
            if bytes[i] == quote {
                if quote == UInt8(ascii: "'"), i + 1 < end, bytes[i + 1] == quote { return nil }
                return i
            }
            if quote == UInt8(ascii: "\""), bytes[i] == UInt8(ascii: "\\") { return nil }
            i += 1
        }
        return nil
    }

    /// Whether a plain scalar may start at `start`: not with a space or an indicator, except
    /// `-` before a letter, digit or `.` (`-1`, `-.5`); `- `, `-,` and the like mean something else.
    private func canStartPlain(_ start: Int, _ end: Int) -> Bool {
        let first = bytes[start]
        if first == UInt8(ascii: "-") {
            guard start + 1 < end else { return false }
            let second = bytes[start + 1]
            return Self.isLetterOrDigit(second) || second == UInt8(ascii: ".")
        }
        if first >= 0x80 { return true }
        switch first {
        case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","),
             UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"),
             UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"),
             UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            return false
        default:
            return true
        }
    }

    // MARK: Bytes

    /// Whether every character is one libyaml reads as itself: no control characters but `\n`
    /// (tabs and carriage returns change indentation and line counts), none of the Unicode line
    /// breaks (U+0085, U+2028, U+2029), no byte order mark (skipped at a line's start), no
    /// U+FFFE/U+FFFF (refused). The text is valid UTF-8, so looking at lead bytes suffices.
    /// Answers the number of lines (line breaks, plus one for an unterminated last line) when
    /// every character is accepted, nil otherwise.
    ///
    /// Eight ASCII bytes are checked at once (`asciiWordCheck`); a word holding any other byte
    /// goes byte by byte. The byte-by-byte loop alone cost some fifteen instructions a byte.
    private func acceptedLineCount() -> Int? {
        var brackets = 0
        return acceptedLineCount(brackets: &brackets)
    }

    /// `acceptedLineCount()`, counting in `brackets` the bytes that are `[` or `{` as it goes,
    /// which `YAMLFrontMatter.isTooShortToNestTooDeeply` counts: one pass over the bytes, not two.
    private func acceptedLineCount(brackets: inout Int) -> Int? {
        var breaks = 0
        var i = 0
        while i < bytes.count {
            if i + 8 <= bytes.count {
                let word = ByteWord.load(bytes, at: i)
                if let lineBreaks = Self.asciiWordCheck(word) {
                    guard lineBreaks >= 0 else { return nil }
                    breaks += lineBreaks
                    brackets += ByteWord.count(ByteWord.bytes(equalTo: UInt8(ascii: "["), in: word) | ByteWord.bytes(equalTo: UInt8(ascii: "{"), in: word))
                    i += 8
                    continue
                }
                // A byte that is not ASCII: this word byte by byte.
                for k in i..<(i + 8) {
                    guard acceptsByte(at: k, breaks: &breaks) else { return nil }
                    if bytes[k] == UInt8(ascii: "[") || bytes[k] == UInt8(ascii: "{") { brackets += 1 }
                }
                i += 8
                continue
            }
            guard acceptsByte(at: i, breaks: &breaks) else { return nil }
            if bytes[i] == UInt8(ascii: "[") || bytes[i] == UInt8(ascii: "{") { brackets += 1 }
            i += 1
        }
        return bytes.last == 0x0A || bytes.isEmpty ? breaks : breaks + 1
    }

    /// `acceptedLineCount`'s test of the byte at `i`, counting it in `breaks` when it is `\n`.
    /// A byte inside a character (a continuation byte) is none of the lead bytes asked about.
    @inline(__always)
    private func acceptsByte(at i: Int, breaks: inout Int) -> Bool {
        let byte = bytes[i]
        if byte < 0x80 {
            if byte < 0x20 {
                guard byte == 0x0A else { return false }
                breaks += 1
            } else if byte == 0x7F {
                return false
            }
        } else if byte == 0xC2 {
            if bytes[i + 1] < 0xA0 { return false }
        } else if byte == 0xE2 {
            if bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 { return false }
        } else if byte == 0xEF {
            if bytes[i + 1] == 0xBB, bytes[i + 2] == 0xBF { return false }
            if bytes[i + 1] == 0xBF, bytes[i + 2] >= 0xBE { return false }
        }
        return true
    }

    /// For eight bytes read as a little-endian word: nil when one is not ASCII; -1 when one is a
    /// control character other than `\n`, or DEL; else how many are `\n`.
    ///
    /// With every high bit clear, adding 0x60 to a byte carries into no other byte and sets its
    /// high bit exactly when the byte is 0x20 or more.
    @inline(__always)
    static func asciiWordCheck(_ word: UInt64) -> Int? {
        guard word & ByteWord.highBits == 0 else { return nil }
        let controls = ~(word &+ ByteWord.repeating(0x60)) & ByteWord.highBits
        let lineBreaks = ByteWord.bytes(equalTo: 0x0A, in: word)
        guard controls & ~lineBreaks == 0, ByteWord.bytes(equalTo: 0x7F, in: word) == 0 else { return -1 }
        return ByteWord.count(lineBreaks)
    }

    /// ASCII letters, digits, `_` and `-`.
    private static func isKeyByte(_ byte: UInt8) -> Bool {
        isLetterOrDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            false
        }
    }

    private func skipSpaces(_ start: Int, _ end: Int) -> Int {
        var i = start
        while i < end, bytes[i] == UInt8(ascii: " ") { i += 1 }
        return i
    }

    /// The text of `bytes[start..<end]`, whole UTF-8 sequences of the (valid) text: every cut
    /// is at an ASCII byte (a quote, a colon, a space, a line's end) or just after the last byte
    /// of a sequence, never inside one. So the
    /// bytes are made a string without the standard library checking them again
    /// (`UTF8Text.string(ofValid:isASCII:)`), which `String(decoding:as:)` did for every key
    /// and value.
    private func string(_ start: Int, _ end: Int) -> String {
        let piece = UnsafeBufferPointer(rebasing: bytes[start..<end])
        return UTF8Text.string(ofValid: piece, isASCII: String.allASCII(UnsafeRawBufferPointer(piece)))
    }
}

import Diagnostics
import Foundation

/// Reading the known keys out of a decoded front matter block. Lenient by design: a value of the
/// wrong shape becomes a warning and the field keeps its default, because one odd key must not
/// cost the author the whole note.
extension FrontMatter {
    /// The fields notegraph understands, each with the keys that spell it, strongest first: when
    /// a note has both `date` and `created`, `date` wins.
    enum Field: Int, CaseIterable {
        case title, date, updated, tags, categories, aliases, description, permalink, draft, publish

        var keys: [String] {
            switch self {
            case .title: ["title"]
            case .date: ["date", "created"]
            case .updated: ["updated", "modified", "lastmod", "last_modified_at"]
            case .tags: ["tags", "tag"]
            case .categories: ["categories", "category"]
            case .aliases: ["aliases", "alias"]
            case .description: ["description"]
            case .permalink: ["permalink", "dg-permalink"]
            case .draft: ["draft"]
            case .publish: ["publish", "dg-publish"]
            }
        }
    }

    /// Keys are matched without regard to case (`Title:` is common), each known spelling once.
    static let fieldForKey: [String: (field: Field, rank: Int)] =
        Dictionary(uniqueKeysWithValues: knownKeys.map { ($0.spelling, ($0.field, $0.rank)) })

    /// `key.lowercased()`, without its call when the key is ASCII with no capital letter (nearly
    /// every key), which `lowercased()` gives back unchanged.
    static func foldedKey(_ key: String) -> String {
        let unchanged = key.withUTF8Bytes { bytes in
            !bytes.contains { $0 >= 0x80 || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) }
        }
        return unchanged ? key : key.lowercased()
    }

    /// `fieldForKey[folded]`, comparing the bytes of an ASCII key with the known spellings
    /// rather than hashing it. For ASCII text, `String` equality (canonical equivalence) is byte
    /// equality; a key with any other byte may still be canonically equivalent to a known one,
    /// so it is looked up in the dictionary as before, and so is an ASCII key too long to pack
    /// (`PackedKey`), which no known spelling is.
    static func field(forFolded folded: String) -> (field: Field, rank: Int)? {
        if let key = folded.withUTF8Bytes(PackedKey.init) { return knownKeyTable.field(of: key) }
        return fieldForKey[folded]
    }

    /// `foldedKey(key)` and `field(forFolded:)` of it, from one look at the key's bytes: an ASCII
    /// key that packs is folded, when it has a capital letter, by `lowercased()` as before, and
    /// matched with its packed bytes folded alike (ASCII lowercasing maps `A`…`Z` to `a`…`z`
    /// and keeps every other byte). Any other key goes the two steps.
    static func foldedKeyAndField(_ key: String) -> (folded: String, field: (field: Field, rank: Int)?) {
        guard let packed = key.withUTF8Bytes(PackedKey.init) else {
            let folded = foldedKey(key)
            return (folded, field(forFolded: folded))
        }
        guard let lowered = packed.lowercasedIfCapitals else { return (key, knownKeyTable.field(of: packed)) }
        return (key.lowercased(), knownKeyTable.field(of: lowered))
    }

    /// Every known spelling with its field and rank (its place in `Field.keys`), for matching on
    /// bytes; `fieldForKey` is made from it.
    static let knownKeys: [(spelling: String, field: Field, rank: Int)] = Field.allCases.flatMap { field in
        field.keys.enumerated().map { (spelling: $0.element, field: field, rank: $0.offset) }
    }

    /// The known spellings packed (all of them pack: the longest, `last_modified_at`, takes
    /// sixteen bytes), by length, so that a key is compared only with the spellings of its own.
    static let knownKeyTable = KnownKeyTable(knownKeys)

    struct KnownKeyTable {
        /// The packed spellings with their fields and ranks, shortest first.
        private let entries: [(key: PackedKey, field: Field, rank: Int)]
        /// Where the spellings of each length start in `entries`: those of length `n` are at
        /// `starts[n]..<starts[n + 1]`.
        private let starts: [Int]

        init(_ known: [(spelling: String, field: Field, rank: Int)]) {
            let packed = known.compactMap { known in
                known.spelling.withUTF8Bytes(PackedKey.init).map { (key: $0, field: known.field, rank: known.rank) }
            }
            precondition(packed.count == known.count, "a known front matter key does not pack")
            let sorted = packed.sorted { $0.key.count < $1.key.count }
            entries = sorted
            starts = (0...PackedKey.capacity + 1).map { length in sorted.firstIndex { $0.key.count >= length } ?? sorted.count }
        }

        /// The field and rank of the spelling whose bytes `key` packs, nil when none.
        func field(of key: PackedKey) -> (field: Field, rank: Int)? {
            for i in starts[key.count]..<starts[key.count + 1] where entries[i].key == key {
                return (entries[i].field, entries[i].rank)
            }
            return nil
        }
    }

    /// The bytes of an ASCII key of at most sixteen bytes as two little-endian words, zero past
    /// the key's end, and its length: equal exactly when the bytes are equal, compared in three
    /// instructions. Comparing the strings' lengths and bytes one known spelling after another
    /// cost four hundred instructions a key.
    struct PackedKey: Equatable {
        static let capacity = 16
        var count: Int
        var low: UInt64 = 0
        var high: UInt64 = 0

        /// Nil when `bytes` hold a byte that is not ASCII, or more than sixteen.
        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count <= Self.capacity else { return nil }
            count = bytes.count
            var words: (UInt64, UInt64) = (0, 0)
            if let base = bytes.baseAddress {
                withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: base, byteCount: bytes.count) }
            }
            low = UInt64(littleEndian: words.0)
            high = UInt64(littleEndian: words.1)
            guard (low | high) & ByteWord.highBits == 0 else { return nil }
        }

        /// The key with `A`…`Z` made `a`…`z`; nil when it has none. In an ASCII byte, adding
        /// 0x3F sets the high bit from `A` up and adding 0x25 from past `Z` up, with no carry
        /// out of the byte; the difference marks the capitals, whose 0x20 bit is then set.
        var lowercasedIfCapitals: PackedKey? {
            func capitals(_ word: UInt64) -> UInt64 {
                (word &+ ByteWord.repeating(0x3F)) & ~(word &+ ByteWord.repeating(0x25)) & ByteWord.highBits
            }
            let (lowCapitals, highCapitals) = (capitals(low), capitals(high))
            guard lowCapitals | highCapitals != 0 else { return nil }
            var lowered = self
            lowered.low |= lowCapitals >> 2
            lowered.high |= highCapitals >> 2
            return lowered
        }
    }

    /// How many fields there are: `Field.allCases` makes a new array each time it is asked.
    static let fieldCount = Field.allCases.count

    /// Decodes `entries` (top-level keys in source order). Repeated keys keep the first value and
    /// warn; unknown keys go to `extra`.
    static func decoding(_ entries: [FrontMatterEntry], format: FrontMatterFormat) -> (FrontMatter, [FrontMatterProblem]) {
        // The index of the entry chosen for each field and the rank of its key, by the field's
        // raw value: plain numbers in stack memory, as hashing `Field` for a dictionary of
        // entries cost more than the rest of the loop, and an array one allocation per note.
        withUnsafeTemporaryAllocation(of: (index: Int, rank: Int)?.self, capacity: fieldCount) { chosen in
            chosen.initialize(repeating: nil)
            return decoding(entries, format: format, chosen: chosen)
        }
    }

    /// `decoding(_:format:)`, with `chosen` to fill: one nil for each field.
    ///
    /// Entries are read in place, by index: the loop over `enumerated()` and a function
    /// handing back the chosen entry each copied one, retaining its three strings.
    private static func decoding(_ entries: [FrontMatterEntry], format: FrontMatterFormat,
                                 chosen: UnsafeMutableBufferPointer<(index: Int, rank: Int)?>) -> (FrontMatter, [FrontMatterProblem]) {
        var warnings: [FrontMatterProblem] = []
        var seen = FirstLines(expecting: entries.count)
        var extra: [FrontMatterValue.Entry] = []
        for index in entries.indices {
            // `String` equality is canonical equivalence, so an NFD spelling of a key repeats
            // its NFC twin, which is what an author would expect.
            let (folded, known) = foldedKeyAndField(entries[index].key)
            if let firstLine = seen.line(of: folded) {
                warnings.append(FrontMatterProblem(
                    "'\(entries[index].key)' is set more than once; using the value from line \(firstLine)",
                    line: entries[index].line, column: entries[index].column, hint: "remove one of them"))
                continue
            }
            seen.insert(folded, line: entries[index].line)
            if let (field, rank) = known {
                if let current = chosen[field.rawValue], current.rank <= rank { continue }
                chosen[field.rawValue] = (index, rank)
            } else {
                extra.append(FrontMatterValue.Entry(key: entries[index].key, value: entries[index].value))
            }
        }

        let result = decodingFields(entries, format: format, chosen: UnsafeBufferPointer(chosen), extra: extra, warnings: &warnings)
        return (result, warnings)
    }

    /// The known fields read from the entries `chosen` points at (by the field's raw value; nil
    /// where no key spelled the field), with `extra` as the other keys. The second half of
    /// `decoding(_:format:)`, shared with `YAMLFrontMatter.directFrontMatter`, which chooses
    /// the entries without making an array of all of them: so the two read every field alike.
    static func decodingFields(_ entries: [FrontMatterEntry], format: FrontMatterFormat,
                               chosen: UnsafeBufferPointer<(index: Int, rank: Int)?>,
                               extra: [FrontMatterValue.Entry], warnings: inout [FrontMatterProblem]) -> FrontMatter {
        func chosenIndex(_ field: Field) -> Int? { chosen[field.rawValue]?.index }
        func text(_ field: Field) -> String? {
            guard let index = chosenIndex(field) else { return nil }
            return singleText(entries[index], &warnings)
        }
        // The fields in the order they were decoded before, which is the order of the warnings.
        let title = text(.title)
        let description = text(.description)
        let permalink = text(.permalink)
        let date = chosenIndex(.date).flatMap { Self.date(entries[$0], &warnings) }
        let updated = chosenIndex(.updated).flatMap { Self.date(entries[$0], &warnings) }
        let tags = chosenIndex(.tags).map { labels(entries[$0], &warnings) } ?? []
        let categories = chosenIndex(.categories).map { labels(entries[$0], &warnings) } ?? []
        let aliases = chosenIndex(.aliases).map { Self.aliases(entries[$0], &warnings) } ?? []
        let draft = chosenIndex(.draft).flatMap { boolean(entries[$0], &warnings) } ?? false
        let publish = chosenIndex(.publish).flatMap { boolean(entries[$0], &warnings) }
        return FrontMatter(format: format, title: title, date: date, updated: updated, tags: tags, categories: categories,
                           aliases: aliases, description: description, permalink: permalink, draft: draft,
                           publish: publish, extra: extra)
    }

    /// The folded keys met so far, each with the line of its first entry. A front matter has a
    /// handful of keys, for which comparing with each one is cheaper than hashing; one with
    /// many gets a dictionary, so that thousands of keys do not cost millions of comparisons.
    private struct FirstLines {
        static let linearLimit = 16
        private var keys: [(folded: String, line: Int)] = []
        private var index: [String: Int]?

        init(expecting count: Int) {
            if count > Self.linearLimit { index = Dictionary(minimumCapacity: count) } else { keys.reserveCapacity(count) }
        }

        func line(of folded: String) -> Int? {
            if let index { return index[folded] }
            return keys.first { $0.folded == folded }?.line
        }

        mutating func insert(_ folded: String, line: Int) {
            if index != nil { index![folded] = line } else { keys.append((folded, line)) }
        }
    }

    private static func warning(_ entry: FrontMatterEntry, _ message: String, hint: String? = nil) -> FrontMatterProblem {
        FrontMatterProblem(message, line: entry.line, column: entry.column, hint: hint)
    }

    /// A scalar as text, trimmed; nil when empty or null. Numbers and booleans come back as
    /// written (`title: 2024` is "2024", `title: 1.10` is "1.10").
    private static func singleText(_ entry: FrontMatterEntry, _ warnings: inout [FrontMatterProblem]) -> String? {
        let raw: String?
        switch entry.value {
        case .null:
            return nil
        case .string(let s):
            raw = s
        case .array, .table:
            warnings.append(warning(entry, "'\(entry.key)' should be text, not \(entry.value.shapeName); ignoring it"))
            return nil
        default:
            raw = entry.sourceText ?? entry.value.stringValue
        }
        let trimmed = raw?.trimmingWhitespaceAndNewlines() ?? ""
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func date(_ entry: FrontMatterEntry, _ warnings: inout [FrontMatterProblem]) -> NoteDate? {
        switch entry.value {
        case .null:
            return nil
        case .date(let date):
            return date
        case .string(let s) where s.trimmingHorizontalSpace().isEmpty:
            return nil
        case .string(let s):
            if let date = NoteDate(parsing: s) { return date }
            warnings.append(warning(entry, "'\(entry.key)' is not a date: '\(s)'",
                                    hint: "write dates as 2025-03-04, 2025-03-04 13:16:46 +0900 or 2025-03-04T13:16:46+09:00"))
            return nil
        default:
            let shown = entry.sourceText ?? entry.value.stringValue ?? entry.value.shapeName
            warnings.append(warning(entry, "'\(entry.key)' is not a date: \(shown)",
                                    hint: "write dates as 2025-03-04, 2025-03-04 13:16:46 +0900 or 2025-03-04T13:16:46+09:00"))
            return nil
        }
    }

    private static func boolean(_ entry: FrontMatterEntry, _ warnings: inout [FrontMatterProblem]) -> Bool? {
        switch entry.value {
        case .null:
            return nil
        case .bool(let b):
            return b
        case .string(let s):
            // Quoted booleans ("true", "yes") are what a JSON or TOML writer produces when it
            // does not know better; accept them rather than silently publishing.
            switch s.trimmingHorizontalSpace().lowercased() {
            case "true", "yes": return true
            case "false", "no": return false
            default: break
            }
        default:
            break
        }
        let shown = entry.sourceText ?? entry.value.stringValue ?? entry.value.shapeName
        warnings.append(warning(entry, "'\(entry.key)' should be true or false, not \(shown); ignoring it"))
        return nil
    }

    /// Tags and categories: a list, or words in one string separated by spaces or commas.
    private static func labels(_ entry: FrontMatterEntry, _ warnings: inout [FrontMatterProblem]) -> [String] {
        /// Trimmed, without a leading `#`, trimmed again. A trimmed word trims to itself: only a
        /// word that lost its `#` is trimmed a second time.
        func clean(_ word: String) -> String {
            var word = word.trimmingWhitespaceAndNewlines()
            guard startsWithHash(word) else { return word }
            word.removeFirst()
            return word.trimmingWhitespaceAndNewlines()
        }
        var words: [String] = []
        switch entry.value {
        case .null:
            return []
        case .array(let values):
            return cleanedTexts(of: values, entry, &warnings, clean)
        case .string(let s):
            words = s.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        case .table:
            warnings.append(warning(entry, "'\(entry.key)' should be a list or text, not a table; ignoring it"))
            return []
        default:
            words = [entry.sourceText ?? entry.value.stringValue ?? ""]
        }
        return cleaned(words, clean)
    }

    /// Aliases: a list, or one string that is one alias unless it contains commas.
    private static func aliases(_ entry: FrontMatterEntry, _ warnings: inout [FrontMatterProblem]) -> [String] {
        var names: [String] = []
        switch entry.value {
        case .null:
            return []
        case .array(let values):
            return cleanedTexts(of: values, entry, &warnings) { $0.trimmingWhitespaceAndNewlines() }
        case .string(let s):
            names = s.split(separator: ",").map(String.init)
        case .table:
            warnings.append(warning(entry, "'\(entry.key)' should be a list or text, not a table; ignoring it"))
            return []
        default:
            names = [entry.sourceText ?? entry.value.stringValue ?? ""]
        }
        return cleaned(names) { $0.trimmingWhitespaceAndNewlines() }
    }

    /// The items of a list of tags, categories or aliases as text, each cleaned as `cleaned`
    /// cleans them, straight from the values: the texts were gathered into an array of their
    /// own first, one more allocation for every list of every note. Nulls are skipped, lists
    /// and tables warned about; cleaning warns about nothing, so the warnings come out as
    /// before.
    private static func cleanedTexts(of values: [FrontMatterValue], _ entry: FrontMatterEntry,
                                     _ warnings: inout [FrontMatterProblem], _ clean: (String) -> String) -> [String] {
        var kept = Kept(expecting: values.count)
        for value in values {
            switch value {
            case .null: continue
            case .array, .table:
                warnings.append(warning(entry, "'\(entry.key)' contains \(value.shapeName); only text is used"))
            default:
                if let text = value.stringValue { kept.add(text, clean) }
            }
        }
        return kept.values
    }
    /// `word.hasPrefix("#")`, from the bytes when the `#` is followed by ASCII (or nothing), which
    /// cannot join it in one character; otherwise by `hasPrefix`, which compares characters.
    private static func startsWithHash(_ word: String) -> Bool {
        var bytes = word.utf8.makeIterator()
        guard bytes.next() == UInt8(ascii: "#") else { return false }
        guard let next = bytes.next(), next >= 0x80 else { return true }
        return word.hasPrefix("#")
    }

    /// Whether a tag's or an alias' cleaning (trimming, dropping a leading `#`) and NFC give
    /// `text` back as it is, known from its bytes: not empty, no `#` first, no space at either
    /// end, and made only of printable ASCII and Hangul syllables, which tags and aliases
    /// nearly always are. Neither end is then one that trimming removes (`String.mayTrim`),
    /// and every scalar is stable in NFC (`String.isStableInNFC`). Any other text answers
    /// false and is cleaned the general way; trimming, the `#` test and NFC's test cost three
    /// hundred instructions an item, this one look at the bytes.
    static func isAlreadyClean(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            guard let first = bytes.first, let last = bytes.last,
                  first != UInt8(ascii: "#"), first != 0x20, last != 0x20 else { return false }
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte >= 0x20, byte < 0x7F {
                    i += 1
                    continue
                }
                // A Hangul syllable (U+AC00…U+D7A3) is three bytes led by 0xEA…0xED; the text
                // is valid UTF-8, so its continuation bytes are there.
                guard byte >= 0xEA, byte <= 0xED, i + 2 < bytes.count else { return false }
                let scalar = UInt32(byte & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                guard scalar >= 0xAC00, scalar <= 0xD7A3 else { return false }
                i += 3
            }
            return true
        }
    }

    /// Applies `clean`, NFC-normalises (tags and aliases are matched against links and other
    /// notes, and macOS may hand us decomposed Hangul), drops empties and repeats, keeps order.
    private static func cleaned(_ items: [String], _ clean: (String) -> String) -> [String] {
        var kept = Kept(expecting: items.count)
        for item in items { kept.add(item, clean) }
        return kept.values
    }

    /// The cleaned texts kept so far: NFC, not empty, each once, in order. Repeats are found by
    /// comparing with the values kept so far while there are few of them (cheaper than
    /// hashing), with a set beyond that.
    private struct Kept {
        private(set) var values: [String] = []
        private var seen: Set<String>?

        init(expecting count: Int) {
            seen = count > 16 ? Set(minimumCapacity: count) : nil
            values.reserveCapacity(count)
        }

        /// Adds `text` cleaned by `clean` (which only trims, and drops a leading `#`) and
        /// normalised, unless empty or already kept. Text that `isAlreadyClean` is added as it
        /// is, which cleaning and normalising would give back unchanged.
        mutating func add(_ text: String, _ clean: (String) -> String) {
            if FrontMatter.isAlreadyClean(text) { keep(text) } else { add(clean(text)) }
        }

        mutating func add(_ cleaned: String) {
            let value = cleaned.nfc
            guard !value.isEmpty else { return }
            keep(value)
        }

        /// Adds `value` (cleaned, NFC, not empty) unless already kept.
        private mutating func keep(_ value: String) {
            if seen != nil {
                guard seen!.insert(value).inserted else { return }
            } else if values.contains(value) {
                return
            }
            values.append(value)
        }
    }
}

extension FrontMatterValue {
    /// "a list", "a table", … for messages.
    var shapeName: String {
        switch self {
        case .null: "nothing"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "text"
        case .date: "a date"
        case .array: "a list"
        case .table: "a table"
        }
    }
}

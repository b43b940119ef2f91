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

    /// `fieldForKey[folded]`, comparing the bytes of an ASCII key with the known spellings of its
    /// length rather than hashing it. For ASCII text, `String` equality (canonical equivalence)
    /// is byte equality; a key with any other byte may still be canonically equivalent to a known
    /// one, so it is looked up in the dictionary as before.
    static func field(forFolded folded: String) -> (field: Field, rank: Int)? {
        let match = folded.withUTF8Bytes { bytes -> (Field, Int)?? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return .none }
            func equals(_ spelling: String) -> Bool {
                spelling.utf8.count == bytes.count
                    && spelling.withUTF8Bytes { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
            }
            for (spelling, field, rank) in knownKeys where equals(spelling) { return .some((field, rank)) }
            return .some(nil)
        }
        if let match { return match }
        return fieldForKey[folded]
    }

    /// Every known spelling with its field and rank (its place in `Field.keys`), for matching on
    /// bytes; `fieldForKey` is made from it.
    static let knownKeys: [(spelling: String, field: Field, rank: Int)] = Field.allCases.flatMap { field in
        field.keys.enumerated().map { (spelling: $0.element, field: field, rank: $0.offset) }
    }

    /// Decodes `entries` (top-level keys in source order). Repeated keys keep the first value and
    /// warn; unknown keys go to `extra`.
    static func decoding(_ entries: [FrontMatterEntry], format: FrontMatterFormat) -> (FrontMatter, [FrontMatterProblem]) {
        var warnings: [FrontMatterProblem] = []
        // The index of the entry chosen for each field and the rank of its key, by the field's
        // raw value: a fixed array of plain numbers, as hashing `Field` for a dictionary of
        // entries cost more than the rest of the loop.
        var chosen: [(index: Int, rank: Int)?] = Array(repeating: nil, count: Field.allCases.count)
        var seen = FirstLines(expecting: entries.count)
        var extra: [FrontMatterValue.Entry] = []
        for (index, entry) in entries.enumerated() {
            // `String` equality is canonical equivalence, so an NFD spelling of a key repeats
            // its NFC twin, which is what an author would expect.
            let folded = foldedKey(entry.key)
            if let firstLine = seen.line(of: folded) {
                warnings.append(FrontMatterProblem(
                    "'\(entry.key)' is set more than once; using the value from line \(firstLine)",
                    line: entry.line, column: entry.column, hint: "remove one of them"))
                continue
            }
            seen.insert(folded, line: entry.line)
            if let (field, rank) = field(forFolded: folded) {
                if let current = chosen[field.rawValue], current.rank <= rank { continue }
                chosen[field.rawValue] = (index, rank)
            } else {
                extra.append(FrontMatterValue.Entry(key: entry.key, value: entry.value))
            }
        }

        var result = FrontMatter(format: format, extra: extra)
        func entry(_ field: Field) -> FrontMatterEntry? { chosen[field.rawValue].map { entries[$0.index] } }
        func text(_ field: Field) -> String? {
            guard let entry = entry(field) else { return nil }
            return singleText(entry, &warnings)
        }
        result.title = text(.title)
        result.description = text(.description)
        result.permalink = text(.permalink)
        if let entry = entry(.date) { result.date = date(entry, &warnings) }
        if let entry = entry(.updated) { result.updated = date(entry, &warnings) }
        if let entry = entry(.tags) { result.tags = labels(entry, &warnings) }
        if let entry = entry(.categories) { result.categories = labels(entry, &warnings) }
        if let entry = entry(.aliases) { result.aliases = aliases(entry, &warnings) }
        if let entry = entry(.draft) { result.draft = boolean(entry, &warnings) ?? false }
        if let entry = entry(.publish) { result.publish = boolean(entry, &warnings) }
        return (result, warnings)
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
        var words: [String] = []
        switch entry.value {
        case .null:
            return []
        case .array(let values):
            words.reserveCapacity(values.count)
            for value in values {
                switch value {
                case .null: continue
                case .array, .table:
                    warnings.append(warning(entry, "'\(entry.key)' contains \(value.shapeName); only text is used"))
                default:
                    if let text = value.stringValue { words.append(text) }
                }
            }
        case .string(let s):
            words = s.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        case .table:
            warnings.append(warning(entry, "'\(entry.key)' should be a list or text, not a table; ignoring it"))
            return []
        default:
            words = [entry.sourceText ?? entry.value.stringValue ?? ""]
        }
        return cleaned(words) { word in
            var word = word.trimmingWhitespaceAndNewlines()
            if startsWithHash(word) { word.removeFirst() }
            return word.trimmingWhitespaceAndNewlines()
        }
    }

    /// Aliases: a list, or one string that is one alias unless it contains commas.
    private static func aliases(_ entry: FrontMatterEntry, _ warnings: inout [FrontMatterProblem]) -> [String] {
        var names: [String] = []
        switch entry.value {
        case .null:
            return []
        case .array(let values):
            names.reserveCapacity(values.count)
            for value in values {
                switch value {
                case .null: continue
                case .array, .table:
                    warnings.append(warning(entry, "'\(entry.key)' contains \(value.shapeName); only text is used"))
                default:
                    if let text = value.stringValue { names.append(text) }
                }
            }
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

    /// `word.hasPrefix("#")`, from the bytes when the `#` is followed by ASCII (or nothing), which
    /// cannot join it in one character; otherwise by `hasPrefix`, which compares characters.
    private static func startsWithHash(_ word: String) -> Bool {
        var bytes = word.utf8.makeIterator()
        guard bytes.next() == UInt8(ascii: "#") else { return false }
        guard let next = bytes.next(), next >= 0x80 else { return true }
        return word.hasPrefix("#")
    }

    /// Applies `clean`, NFC-normalises (tags and aliases are matched against links and other
    /// notes, and macOS may hand us decomposed Hangul), drops empties and repeats, keeps order.
    /// Repeats are found by comparing with the values kept so far while there are few of them
    /// (cheaper than hashing), with a set beyond that.
    private static func cleaned(_ items: [String], _ clean: (String) -> String) -> [String] {
        var seen: Set<String>? = items.count > 16 ? Set(minimumCapacity: items.count) : nil
        var out: [String] = []
        out.reserveCapacity(items.count)
        for item in items {
            let value = clean(item).nfc
            guard !value.isEmpty else { continue }
            if seen != nil {
                guard seen!.insert(value).inserted else { continue }
            } else if out.contains(value) {
                continue
            }
            out.append(value)
        }
        return out
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

import Diagnostics
import Foundation
import Testing
import TestSupport
@testable import Notes

/// The shortcuts taken while loading front matter (plain scalar typing, the nesting check, the
/// trims, the JSON sniff, the decoding of known keys) against the general code they stand in
/// for, on hand-picked and generated input: wherever they answer, the answer must be the same
/// in every byte.
@Suite("Front matter fast paths")
struct FrontMatterFastPathTests {
    // MARK: Plain scalars

    static let extraScalars = [
        "", "n", "N", "no", "No", "NO", "nO", "nul", "null", "Null", "NULL", "nULL", "nulls", "t", "true", "True", "TRUE", "tRUE",
        "truex", "y", "yes", "Yes", "YES", "yES", "f", "false", "False", "FALSE", "falsy", "fals", "n\u{303}", "n\u{303}o", "~", "~x",
        "2025-07-07", "2025-07-07 10:54", "2025-07-07T10:54:00+09:00", "2025-07-07 10:54:00 +0900", "2025-07-07x", "2025-13-45",
        "2025-07-07\u{A0}", "2025-07-07\u{3000}", "1234-", "12345-", "1234", "123-4", "0001-01-01", "9999-12-31T23:59:60Z",
        "2025-7-7", "0x1F", "0X1F", "0o17", "0b1", "+", "-", ".", "+.", "-.", "1.", ".1", "1e5", "1E+5", "1e-5", "1_000",
        "1,000", "12:30", "\u{FF11}", "١٢٣", "Ⅻ", "한국어", "가", "e\u{301}", "K", "\u{212A}", ";", "\u{37E}", "`", "\u{1FEF}",
        "Topic Number 2763 Method", "nlp", "dl", "NaN", ".NaN", ".nan", ".Inf", "-.inf", "+.INF", "inf", "Infinity",
    ]

    /// Seeded random short strings over an alphabet of the characters that decide a type.
    static func randomScalars(count: Int, seed: UInt64) -> [String] {
        var random = SplitMix(state: seed)
        let alphabet = ["0", "1", "9", "-", "+", ".", "e", "E", "x", "o", "n", "N", "u", "l", "t", "r", "y", "s", "f", "a", "T",
                        "Y", "F", "~", ":", " ", "Z", "i", "\u{301}", "가", "\u{A0}"]
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...11, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
        }
    }

    @Test func plainValueAgreesWithTryingEveryType() {
        let texts = YAMLFastPathTests.scalars + YAMLFastPathTests.flowItems + Self.extraScalars
            + Self.randomScalars(count: 20_000, seed: 11)
        var failures: [String] = []
        for text in texts {
            let fast = YAMLFrontMatter.plainValue(text)
            let general = YAMLFrontMatter.typedPlainValue(text)
            if !YAMLFastPathTests.sameValue(fast, general) { failures.append("\(text.debugDescription): \(fast) vs \(general)") }
        }
        #expect(failures.count == 0, "\(failures.prefix(5))")
    }

    // MARK: Nesting

    /// Whenever the shortcut says a text is too short to nest too deeply, the full scan agrees.
    @Test func nestingShortcutNeverHidesAProblem() {
        var random = SplitMix(state: 5)
        let pieces = ["[", "{", "]", "}", " ", "-", "- ", "\n", "\n  ", "\"", "'", "#", "a", "key: ", String(repeating: "[", count: 40),
                      String(repeating: " ", count: 60), String(repeating: "-", count: 60)]
        var texts = [String(repeating: "[", count: 129), "a: " + String(repeating: "[", count: 129), String(repeating: "-", count: 256),
                     String(repeating: "-", count: 257), String(repeating: "[", count: 128) + "\n" + String(repeating: " ", count: 128)]
        for _ in 0..<5_000 {
            var text = ""
            while text.utf8.count < Int.random(in: 200...300, using: &random) { text += pieces.randomElement(using: &random)! }
            texts.append(text)
        }
        var shortcuts = 0
        var problems = 0
        for text in texts {
            var copy = text
            copy.withUTF8 { bytes in
                let problem = YAMLFrontMatter.nestingProblem(bytes)
                if problem != nil { problems += 1 }
                // The brackets are counted a word at a time: the answer is the plain count's.
                let brackets = bytes.filter { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "{") }.count
                #expect(YAMLFrontMatter.isTooShortToNestTooDeeply(bytes)
                        == (bytes.count <= YAMLFrontMatter.maximumDepth * 2 && brackets <= YAMLFrontMatter.maximumDepth))
                if YAMLFrontMatter.isTooShortToNestTooDeeply(bytes) {
                    shortcuts += 1
                    #expect(problem == nil, "\(text.debugDescription)")
                }
            }
        }
        // Both kinds of text are common in the mix, so the property is really exercised.
        #expect(shortcuts > 500)
        #expect(problems > 10)
        #expect(throws: FrontMatterProblem.self) { try YAMLFrontMatter.checkNesting(String(repeating: "-", count: 257)) }
        #expect(throws: FrontMatterProblem.self) { try YAMLFrontMatter.checkNesting("a: " + String(repeating: "[", count: 129)) }
        #expect(throws: Never.self) { try YAMLFrontMatter.checkNesting(String(repeating: "-", count: 256)) }
    }

    // MARK: Trims

    static let trimSamples: [String] = {
        let ends = ["", "a", "Z", "1", "#", "~", "가", "é", "e\u{301}", " ", "\t", "\n", "\r", "\u{0}", "\u{1F}", "\u{7F}", "\u{85}",
                    "\u{A0}", "\u{1680}", "\u{2003}", "\u{200B}", "\u{2028}", "\u{3000}", "\u{FEFF}", "\u{E000}", "😀", "\u{301}",
                    // The ends of the Hangul and Han ranges `mayTrim` answers itself, and their neighbours.
                    "漢", "\u{AC00}", "\u{D7A3}", "\u{D7A4}", "\u{4E00}", "\u{9FFF}", "\u{3400}", "\u{4DBF}", "\u{4DC0}", "\u{ABFF}"]
        var samples: [String] = []
        for first in ends {
            for last in ends {
                samples += [first + last, first + "mid" + last, first + " 중간 " + last, first + first + "x" + last + last]
            }
        }
        return samples
    }()

    /// Front matter values are trimmed by the shared helpers, whose end-byte shortcut must
    /// answer as Foundation does for every kind of end.
    @Test func trimsAgreeWithFoundation() {
        for text in Self.trimSamples {
            #expect(text.trimmingHorizontalSpace().utf8.elementsEqual(text.trimmingCharacters(in: .whitespaces).utf8),
                    "\(text.debugDescription)")
            #expect(text.trimmingWhitespaceAndNewlines().utf8.elementsEqual(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8),
                    "\(text.debugDescription)")
        }
    }

    // MARK: JSON sniff

    @Test func braceSniffAgreesWithCharacters() {
        let starts = ["", " ", "\n", "\t", "\r\n", "\u{B}", "\u{C}", "\u{1C}", "\u{85}", "\u{A0}", "\u{3000}", "\u{301}", " \u{301}"]
        let bodies = ["{", "{\"a\": 1}\n", "{\u{301}", "{\u{301}\"a\": 1}", "[", "title: x\n", "가", "", "#{", "{ "]
        for start in starts {
            for second in starts {
                for body in bodies {
                    let text = start + second + body
                    #expect(FrontMatterParser.startsWithBrace(text) == (text.first(where: { !$0.isWhitespace }) == "{"), "\(text.debugDescription)")
                }
            }
        }
    }

    // MARK: Decoding known keys

    /// Front matters whose keys repeat (in other cases, in NFD), whose lists repeat and start
    /// with `#`, with few keys and with more than the linear search takes.
    static let decodingSamples: [String] = {
        var samples = [
            "title: a\nTitle: b\nTITLE: c\n",
            "tags: [a, '#a', '#b', b, a, \"#\", '#\u{301}x', ' #c ', '\u{A0}d']\ncategories: x y,z\naliases: [ A , a, A, 가, 가 ]\n",
            "tags: \"#one two, three #one\"\naliases: \"x, y , x\"\ndraft: \"yes\"\npublish: No\n",
            "caf\u{E9}: 1\ncafe\u{301}: 2\nCAF\u{C9}: 3\n",
            "date: 2025-07-07\ncreated: 2024-01-01\nupdated: \"2025-01-01 10:00\"\nmodified: x\nlastmod: 2025-02-02\n",
            "date: ' '\nupdated: nope\ntitle: 2024\ndescription: 1.10\npermalink: '  /a/ '\ndg-permalink: /b/\n",
            "title: [a]\ndescription: {a: 1}\ntags: {a: 1}\naliases: [[a], b]\ndraft: 3\npublish: maybe\n",
            "Tags: [x]\ntag: [y]\nCategory: z\ndg-publish: true\npublish: false\n",
        ]
        let manyKeys = (0..<20).map { "key\($0 % 15): \($0)\nKEY\($0 % 7): x\n" }.joined()
        let manyTags = "tags: [" + (0..<40).map { "t\($0 % 13)" }.joined(separator: ", ") + "]\n"
        let manyAliases = "aliases:\n" + (0..<30).map { "  - 'name \($0 % 9)'\n" }.joined()
        samples += [manyKeys, manyTags, manyAliases, manyKeys + manyTags + manyAliases]
        return samples + YAMLFastPathTests.typical + YAMLFastPathTests.generated(count: 400, seed: 99)
    }()

    @Test func decodingAgreesWithTheReference() {
        var compared = 0
        for text in Self.decodingSamples {
            guard let (entries, _) = try? YAMLFrontMatter.parse(text, firstLine: 2) else { continue }
            compared += 1
            let (fast, fastWarnings) = FrontMatter.decoding(entries, format: .yaml)
            let (reference, referenceWarnings) = ReferenceDecoding.decoding(entries, format: .yaml)
            #expect(Self.describe(fast) == Self.describe(reference), "\(text.debugDescription)")
            #expect(fastWarnings.map(Self.describe) == referenceWarnings.map(Self.describe), "\(text.debugDescription)")
        }
        #expect(compared > 200)
    }

    // MARK: Known keys

    /// The byte-matched spellings are exactly the dictionary's, with the same field and rank.
    @Test func knownKeysMatchTheFields() {
        #expect(FrontMatter.knownKeys.count == FrontMatter.fieldForKey.count)
        for (spelling, field, rank) in FrontMatter.knownKeys {
            let entry = FrontMatter.fieldForKey[spelling.description]
            #expect(entry?.field == field && entry?.rank == rank, "\(spelling)")
        }
    }

    /// Keys in every case and near miss, NFD, and characters canonically equivalent to ASCII
    /// (the Kelvin sign, U+037E): folding and matching agree with `lowercased()` and the dictionary.
    @Test func keyFoldingAndMatchingAgreeWithTheDictionary() {
        var keys: [String] = []
        for (spelling, _, _) in FrontMatter.knownKeys {
            let key = spelling.description
            keys += [key, key.uppercased(), key.capitalized, key + "s", String(key.dropLast()), "x" + key, key + " ",
                     key.replacingOccurrences(of: "e", with: "e\u{301}"), key.replacingOccurrences(of: "a", with: "\u{E0}"),
                     key.replacingOccurrences(of: "k", with: "\u{212A}"), key.replacingOccurrences(of: "t", with: "T")]
        }
        keys += ["", "\u{212A}ey", "ta\u{212A}", "TAGS", "Tags", "tAgS", "t\u{0}ags", "tags\u{37E}", "\u{37E}", ";", "태그", "date\u{301}",
                 "LAST_MODIFIED_AT", "Dg-Publish", "category\u{200B}", "ＴＡＧＳ", "İtitle", "tİtle",
                 // The bytes beside `A` and `Z`, which the packed folding must leave alone, and the packing's length limit.
                 "@ags", "[ags", "`ags", "{ags", "tag@", "tag[", "Last_Modified_At", "LAST_MODIFIED_ATX", "last_modified_a",
                 "ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOPQ", "\u{7F}tags", "tags\u{7F}"]
        var random = SplitMix(state: 17)
        let alphabet = ["t", "a", "g", "s", "T", "A", "G", "S", "-", "_", "e", "\u{301}", "\u{212A}", "i", "İ", "l", "d"]
        for _ in 0..<3_000 {
            keys.append((0..<Int.random(in: 1...6, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined())
        }
        for key in keys {
            let folded = FrontMatter.foldedKey(key)
            #expect(folded.utf8.elementsEqual(key.lowercased().utf8), "\(key.debugDescription)")
            let fast = FrontMatter.field(forFolded: folded)
            let reference = FrontMatter.fieldForKey[key.lowercased()]
            #expect(fast?.field == reference?.field && fast?.rank == reference?.rank, "\(key.debugDescription)")
            let (foldedOnce, once) = FrontMatter.foldedKeyAndField(key)
            #expect(foldedOnce.utf8.elementsEqual(folded.utf8), "\(key.debugDescription)")
            #expect(once?.field == reference?.field && once?.rank == reference?.rank, "\(key.debugDescription)")
        }
    }

    /// Every ASCII key of one and two bytes, and each byte in every place of a sixteen-byte
    /// key: the packed folding marks exactly the capitals.
    @Test func packedFoldingMarksExactlyTheCapitals() {
        var keys: [String] = []
        for a in 0..<128 {
            keys.append(String(UnicodeScalar(UInt8(a))))
            for b in stride(from: 0, to: 128, by: 7) { keys.append(String(UnicodeScalar(UInt8(a))) + String(UnicodeScalar(UInt8(b)))) }
            for place in [0, 7, 8, 15] {
                var bytes = Array("last_modified_at".utf8)
                bytes[place] = UInt8(a)
                keys.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        for key in keys {
            let (folded, known) = FrontMatter.foldedKeyAndField(key)
            #expect(folded.utf8.elementsEqual(key.lowercased().utf8), "\(key.debugDescription)")
            let reference = FrontMatter.fieldForKey[key.lowercased()]
            #expect(known?.field == reference?.field && known?.rank == reference?.rank, "\(key.debugDescription)")
        }
    }

    // MARK: Words of bytes

    /// `ByteWord`'s answers for a word are the ones asked of each of its bytes, on words made of
    /// the bytes around every boundary the tricks rely on.
    @Test func byteWordsAgreeWithBytes() {
        var random = SplitMix(state: 23)
        let interesting: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x0B, 0x1F, 0x20, 0x21, 0x40, 0x41, 0x5A, 0x5B, 0x5D, 0x7B, 0x7E, 0x7F,
                                    0x80, 0x81, 0x8A, 0xDB, 0xFB, 0xFF]
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ in
                Bool.random(using: &random) ? interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            }
            let word = bytes.withUnsafeBufferPointer { ByteWord.load($0, at: 0) }
            for target: UInt8 in [0x00, 0x0A, 0x5B, 0x7B, 0x7F, 0xFF] {
                let marks = ByteWord.bytes(equalTo: target, in: word)
                let expected = bytes.enumerated().reduce(UInt64(0)) { $0 | ($1.element == target ? UInt64(0x80) << (8 * $1.offset) : 0) }
                #expect(marks == expected, "\(bytes) \(target)")
                #expect(ByteWord.count(marks) == bytes.filter { $0 == target }.count)
            }
        }
    }

    // MARK: Whole notes

    /// Notes as bytes, front matter and body: quotes, escapes, comments, nested and flow lists,
    /// Korean, dates with and without a time, CRLF and lone CR, a BOM, tabs, broken YAML, JSON
    /// and TOML, and bytes that are not UTF-8.
    static func generatedNotes(count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SplitMix(state: seed)
        let frontMatters = YAMLFastPathTests.typical + YAMLFastPathTests.nearMisses + decodingSamples.prefix(12) + [
            "title: \"탭\tand \\\"escape\\\"\"\n", "\ttitle: tab indented\n", "title: 'unclosed\n", "tags: [a, b\n",
            "nested:\n  deeper:\n    - [x, {y: z}]\n", "{\"title\": \"JSON 노트\", \"tags\": [\"a\", \"a\"]}\n", "{\"title\": \n",
            "date: 2025-07-07\ndate: 2025-07-08\n", "date: 2025-07-07T10:54:00.123+09:00\nupdated: 2025-07-07 10:54 +0900\n",
        ]
        let bodies = ["", "# 제목\n\n본문 text.\n", "body without newline", "---\nnot front matter\n", "a\tb\n\n- list\n"]
        let breaks: [[UInt8]] = [[0x0A], [0x0D, 0x0A], [0x0D]]
        let bad: [[UInt8]] = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xEA, 0xB0]]
        var notes: [[UInt8]] = []
        for _ in 0..<count {
            let newline = Int.random(in: 0..<10, using: &random) < 7 ? breaks[0] : breaks.randomElement(using: &random)!
            func lines(_ text: String) -> [UInt8] {
                Array(text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }.joined(separator: newline))
            }
            var bytes: [UInt8] = Int.random(in: 0..<10, using: &random) == 0 ? [0xEF, 0xBB, 0xBF] : []
            let fence = Int.random(in: 0..<12, using: &random) == 0 ? "+++" : "---"
            let matter = fence == "+++" ? "title = \"TOML\"\ntags = [\"a\"]\n" : frontMatters.randomElement(using: &random)!
            bytes += lines(fence + "\n" + matter + (Int.random(in: 0..<15, using: &random) == 0 ? "" : fence + "\n") + bodies.randomElement(using: &random)!)
            if Int.random(in: 0..<15, using: &random) == 0 {
                bytes.insert(contentsOf: bad.randomElement(using: &random)!, at: Int.random(in: 0...bytes.count, using: &random))
            }
            notes.append(bytes)
        }
        return notes
    }

    /// `Note.load` against decoding by the standard library (`String(validating:)`, then the
    /// line breaks replaced) followed by the same front matter parser.
    @Test func notesLoadAsTheStandardLibraryDecodesThem() {
        var invalid = 0
        for bytes in Self.generatedNotes(count: 3_000, seed: 42) {
            let note = Note.load(SourceFile(path: NotePath("n.md"), url: URL(fileURLWithPath: "/v/n.md"), bytes: bytes))
            let withoutBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            guard let text = String(validating: withoutBOM, as: UTF8.self) else {
                invalid += 1
                #expect(note.diagnostics.map(\.code) == ["invalid-utf8"])
                continue
            }
            let expected = FrontMatterParser.parse(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"),
                                                   file: "n.md")
            #expect(note.body.utf8.elementsEqual(expected.body.utf8))
            #expect(note.bodyStartLine == expected.bodyStartLine)
            #expect(Self.describe(note.frontMatter) == Self.describe(expected.frontMatter))
            #expect(note.diagnostics == expected.diagnostics, "\(text.debugDescription)")
        }
        #expect(invalid > 50)
    }

    /// Every field, byte for byte (`String`'s `==` would let an NFD spelling pass for NFC, and
    /// `FrontMatter`'s would fail a `.nan` in `extra`).
    static func describe(_ f: FrontMatter) -> [[UInt8]] {
        let texts: [String] = [f.format.rawValue, f.title ?? "-", f.description ?? "-", f.permalink ?? "-",
                               f.date.map { "\($0.epochSeconds) \($0.original) \($0.hasTime)" } ?? "-",
                               f.updated.map { "\($0.epochSeconds) \($0.original) \($0.hasTime)" } ?? "-",
                               "\(f.draft) \(String(describing: f.publish))"]
            + f.tags + ["|"] + f.categories + ["|"] + f.aliases + ["|"] + f.extra.map { "\($0.key)=\($0.value)" }
        return texts.map { Array($0.utf8) }
    }

    static func describe(_ p: FrontMatterProblem) -> String {
        "\(p.line):\(p.column) \(p.message) \(p.hint ?? "")"
    }
}

/// `FrontMatter.decoding` as it was before its shortcuts (dictionaries for the chosen fields
/// and the keys seen, a set for repeated tags, the shared trims, `hasPrefix("#")`), kept as
/// the reference the tests hold the current one to.
enum ReferenceDecoding {
    private enum Field: CaseIterable {
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
    private static let fieldForKey: [String: (field: Field, rank: Int)] = {
        var map: [String: (Field, Int)] = [:]
        for field in Field.allCases {
            for (rank, key) in field.keys.enumerated() { map[key] = (field, rank) }
        }
        return map
    }()

    /// Decodes `entries` (top-level keys in source order). Repeated keys keep the first value and
    /// warn; unknown keys go to `extra`.
    static func decoding(_ entries: [FrontMatterEntry], format: FrontMatterFormat) -> (FrontMatter, [FrontMatterProblem]) {
        var warnings: [FrontMatterProblem] = []
        var chosen: [Field: (entry: FrontMatterEntry, rank: Int)] = [:]
        var seen: [String: FrontMatterEntry] = [:]
        var extra: [FrontMatterValue.Entry] = []
        for entry in entries {
            // `String` equality is canonical equivalence, so an NFD spelling of a key repeats
            // its NFC twin, which is what an author would expect.
            let folded = entry.key.lowercased()
            if let first = seen[folded] {
                warnings.append(FrontMatterProblem(
                    "'\(entry.key)' is set more than once; using the value from line \(first.line)",
                    line: entry.line, column: entry.column, hint: "remove one of them"))
                continue
            }
            seen[folded] = entry
            if let (field, rank) = fieldForKey[folded] {
                if let current = chosen[field], current.rank <= rank { continue }
                chosen[field] = (entry, rank)
            } else {
                extra.append(FrontMatterValue.Entry(key: entry.key, value: entry.value))
            }
        }

        var result = FrontMatter(format: format, extra: extra)
        func text(_ field: Field) -> String? {
            guard let entry = chosen[field]?.entry else { return nil }
            return singleText(entry, &warnings)
        }
        result.title = text(.title)
        result.description = text(.description)
        result.permalink = text(.permalink)
        if let entry = chosen[.date]?.entry { result.date = date(entry, &warnings) }
        if let entry = chosen[.updated]?.entry { result.updated = date(entry, &warnings) }
        if let entry = chosen[.tags]?.entry { result.tags = labels(entry, &warnings) }
        if let entry = chosen[.categories]?.entry { result.categories = labels(entry, &warnings) }
        if let entry = chosen[.aliases]?.entry { result.aliases = aliases(entry, &warnings) }
        if let entry = chosen[.draft]?.entry { result.draft = boolean(entry, &warnings) ?? false }
        if let entry = chosen[.publish]?.entry { result.publish = boolean(entry, &warnings) }
        return (result, warnings)
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
            if word.hasPrefix("#") { word.removeFirst() }
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

    /// Applies `clean`, NFC-normalises (tags and aliases are matched against links and other
    /// notes, and macOS may hand us decomposed Hangul), drops empties and repeats, keeps order.
    private static func cleaned(_ items: [String], _ clean: (String) -> String) -> [String] {
        var seen: Set<String> = []
        var out: [String] = []
        for item in items {
            let value = clean(item).nfc
            guard !value.isEmpty, seen.insert(value).inserted else { continue }
            out.append(value)
        }
        return out
    }
}

import Foundation
import Testing
import TestSupport
@testable import Notes

/// Reading YAML front matter directly into a `FrontMatter` (`YAMLFrontMatter.directFrontMatter`)
/// is an optimisation only: whatever a note's text, `FrontMatterParser` must give the same
/// front matter, body, body line and diagnostics (text, position, hint) as the general path
/// (the YAML parser, then `FrontMatter.decoding`). Checked on hand-written front matters that
/// the direct reading must take, on near misses it must leave alone, and on thousands of
/// generated ones mixing the keys notegraph knows with every kind of value.
@Suite("Direct front matter")
struct DirectFrontMatterTests {
    /// Everything a caller sees of a parse, byte for byte (`==` on strings ignores Unicode
    /// normalisation, which must not differ either).
    static func rendering(_ parsed: ParsedFrontMatter) -> [UInt8] {
        var text = String(reflecting: parsed.frontMatter) + "\n" + parsed.body + "\n\(parsed.bodyStartLine)\n"
        for diagnostic in parsed.diagnostics {
            text += "\(diagnostic.severity) \(diagnostic.code) \(diagnostic.message) \(diagnostic.location.map { "\($0.file):\($0.line):\($0.column)" } ?? "-") \(diagnostic.hint ?? "-")\n"
        }
        return Array(text.utf8)
    }

    /// Whether the direct reading took `note`, and whether both front doors agree with the
    /// general path in every detail.
    static func check(_ note: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
        let general = FrontMatterParser.parse(note, file: "n.md", readingYAMLDirectly: false)
        let direct = FrontMatterParser.parse(note, file: "n.md")
        let viaBytes = Array(note.utf8).withUnsafeBufferPointer { bytes in
            FrontMatterParser.parse(utf8: bytes, isASCII: note.utf8.allSatisfy { $0 < 0x80 }, file: "n.md")
        }
        let expected = rendering(general)
        #expect(rendering(direct) == expected, "\(note.debugDescription)", sourceLocation: sourceLocation)
        #expect(rendering(viaBytes) == expected, "\(note.debugDescription)", sourceLocation: sourceLocation)
        return tookDirectPath(note)
    }

    /// Whether `directFrontMatter` answers for the block of `note` (between `---` fences).
    static func tookDirectPath(_ note: String) -> Bool {
        guard let block = YAMLFastPathTests.yamlFrontMatter(of: note) else { return false }
        return Array(block.utf8).withUnsafeBufferPointer { YAMLFrontMatter.directFrontMatter($0) } != nil
    }

    static func note(_ block: String) -> String { "---\n" + block + "---\n# Body\n\ntext\n" }

    /// Front matter as notes write it; the direct reading must take each.
    static let typical = [
        "title: \"Study note 1434\"\ndate: 2025-07-07 10:54\ntags: [dl, nlp]\naliases:\n  - Topic Number 2763 Method\nuse_math: true\n",
        "title: 시험 정리\ntags: [기말고사, optimization]\ndate: 2025-03-04\n",
        "Title: Capital key\nTags: [a, b, a]\nDG-Publish: true\ndraft: no\n",
        "date: 2025-01-01\ncreated: 2024-01-01\nupdated: 2025-02-02 10:00\nmodified: x\nlastmod: 2025-03-03\n",
        "created: 2024-01-01\ndate: 2025-01-01\n",
        "tags: \"#a b,c  #d\"\naliases: \"one, two , three\"\ncategories:\n  - \"#x\"\n  - y\n",
        "tags: [\"#머신러닝\", ' spaced ', \"e\u{301}\", é, é]\n",
        "title: 2024\ndescription: 1.10\npermalink: /a/b/\npublish: yes\n",
        "title: ''\ndescription: \"  \"\ntags: []\naliases:\nempty:\nweight: -3\n",
        "last_modified_at: 2025-01-01T10:00:00+09:00\ndg-permalink: /x/\n",
    ]

    /// Front matter the direct reading must leave to the general path, which words a warning
    /// or an error for each (or, for a long key, simply reads it).
    static let leftAlone = [
        "title: x\nTitle: y\n", "tags: [a]\nTAGS: [b]\n", "date: not a date\n", "draft: maybe\n", "title: [a, b]\n",
        "tags:\n  - [a]\n", "a_key_longer_than_sixteen: x\n", "title: \"unclosed\n", "title: a: b\n", "- a\n",
        "tags: [a, [b]]\n", "title: &a x\nalias: *a\n", "title: x\r\n", "title:\tx\n", "nested:\n  key: 1\n",
        "date: 2025-13-01\n", "publish: 1\n", "title: x\ntitle: y\n",
    ]

    /// The nesting check runs first on either path: a block in the subset that fails it (too
    /// many brackets in a plain scalar, list items indented too far) is declined and reported
    /// as before; long blocks that pass it are read directly.
    @Test func nestingLimits() {
        let brackets = "title: a" + String(repeating: "[", count: 129) + "\n"
        let indented = "tags:\n" + String(repeating: " ", count: 300) + "- a\n"
        for block in [brackets, indented] {
            #expect(!Self.check(Self.note(block)), "\(block.debugDescription)")
            #expect(!FrontMatterParser.parse(Self.note(block), file: "n.md").diagnostics.isEmpty)
        }
        let fewBrackets = "title: a" + String(repeating: "[", count: 128) + "\n"
        let longBlock = (1...30).map { "key\($0): value number \($0)\n" }.joined() + "tags: [a, b]\n"
        let indentedLess = "tags:\n" + String(repeating: " ", count: 100) + "- a\n"
        for block in [fewBrackets, longBlock, indentedLess] {
            #expect(Self.check(Self.note(block)), "\(block.debugDescription)")
        }
    }

    /// `isAlreadyClean` answers true only for text that cleaning and NFC give back unchanged,
    /// byte for byte, whether cleaned as a tag (dropping a `#`) or as an alias.
    @Test func alreadyCleanTextIsWhatCleaningGives() {
        let pieces = ["a", "Z", " ", "#", "-", "가", "힣", "e\u{301}", "é", "\u{3000}", "\u{200B}", "\t", "~", "\u{1100}", "\u{11A8}",
                      "漢", "😀", "\u{7F}", "\n", ",", "ㄱ"]
        var random = SplitMix(state: 0xC1EA)
        var clean = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            guard FrontMatter.isAlreadyClean(text) else { continue }
            clean += 1
            var asTag = text.trimmingWhitespaceAndNewlines()
            if asTag.hasPrefix("#") { asTag.removeFirst(); asTag = asTag.trimmingWhitespaceAndNewlines() }
            #expect(Array(asTag.nfc.utf8) == Array(text.utf8), "\(text.debugDescription)")
            #expect(Array(text.trimmingWhitespaceAndNewlines().nfc.utf8) == Array(text.utf8), "\(text.debugDescription)")
            #expect(!text.isEmpty)
        }
        #expect(clean > 1_000)
        #expect(FrontMatter.isAlreadyClean("기말고사") && FrontMatter.isAlreadyClean("Topic Number 2763 Method"))
        #expect(!FrontMatter.isAlreadyClean("#tag") && !FrontMatter.isAlreadyClean(" a") && !FrontMatter.isAlreadyClean("e\u{301}"))
    }

    @Test func typicalFrontMatterIsReadDirectly() {
        for block in Self.typical {
            #expect(Self.check(Self.note(block)), "\(block.debugDescription)")
        }
    }

    @Test func nearMissesAreLeftToTheGeneralPath() {
        for block in Self.leftAlone {
            #expect(!Self.check(Self.note(block)), "\(block.debugDescription)")
        }
        // Not YAML at all, or no front matter: the fences decide, as before.
        for note in ["---\n{\"title\": \"x\"}\n---\n", "+++\ntitle = \"x\"\n+++\n", "---\ntitle: x\n", "no front matter\n",
                     "---\n---\n", "---\n\n---\nbody", "---\ntitle: x\n...\nbody", "---  \ntitle: x\n---\t\nbody"] {
            _ = Self.check(note)
        }
    }

    /// The values a note writes come out as `FrontMatter` fields, not only as the general path has them.
    @Test func directValues() throws {
        let block = Self.typical[0]
        let front = try #require(Array(block.utf8).withUnsafeBufferPointer { YAMLFrontMatter.directFrontMatter($0) })
        #expect(front.format == .yaml)
        #expect(front.title == "Study note 1434")
        #expect(front.date?.original == "2025-07-07 10:54")
        #expect(front.tags == ["dl", "nlp"])
        #expect(front.aliases == ["Topic Number 2763 Method"])
        #expect(front.extra == [FrontMatterValue.Entry(key: "use_math", value: .bool(true))])
    }

    // MARK: Generated front matter

    static let keys = ["title", "Title", "date", "created", "Date", "updated", "modified", "lastmod", "last_modified_at",
                       "tags", "tag", "TAGS", "categories", "category", "aliases", "alias", "description", "permalink",
                       "dg-permalink", "draft", "publish", "dg-publish", "use_math", "weight", "x", "a_key_longer_than_sixteen"]
    static let words = ["dl", "nlp", "기말고사", "optimization", "#tag", "# spaced", " lead", "trail ", "a b", "e\u{301}", "é",
                        "dl", "", "~", "null", "yes", "No", "1", "-2", "1.50", "0x1F", "2025-01-01", "2025-07-07 10:54", "A: b",
                        "'q'", "\"d\"", "\"a, b\"", "\"esc\\\"d\"", "'it''s'", "&x", "*x", "[x]", "a #c", "x\u{3000}", "\u{200B}z"]

    static func generated(count: Int, seed: UInt64) -> [String] {
        var random = SplitMix(state: seed)
        func pick(_ options: [String]) -> String { options.randomElement(using: &random)! }
        func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
        /// Mostly words in the subset (the first 23), so that the direct path is taken often.
        func word() -> String { chance(85) ? pick(Array(words.prefix(23))) : pick(words) }
        var notes: [String] = []
        for _ in 0..<count {
            var block = ""
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                let key = pick(keys)
                switch Int.random(in: 0..<10, using: &random) {
                case 0..<4:
                    block += key + ": " + (chance(80) ? word() : pick(YAMLFastPathTests.scalars))
                case 4..<6:
                    let items = (0..<Int.random(in: 0...4, using: &random)).map { _ in word() }
                    block += key + ": [" + items.joined(separator: chance(85) ? ", " : ",") + "]"
                case 6..<8:
                    block += key + ":"
                    let indent = pick(["", "  ", "  ", "    "])
                    for _ in 0..<Int.random(in: 0...3, using: &random) {
                        block += "\n" + indent + "- " + word()
                    }
                default:
                    block += pick(["# comment", "", key + ":", key + ": \"" + pick(words) + "\"", key + ": '" + pick(words) + "'",
                                   "nested:\n  k: v", key + ": x\r", "\t" + key + ": x", key + ": a:b"])
                }
                block += chance(95) ? "\n" : pick(["\n\n", "\n# c\n", "  \n", "\r\n"])
            }
            notes.append(chance(95) ? note(block) : "---\n" + block + pick(["...\n", "---", "---  \nbody", ""]))
        }
        // And the YAML fast path's own generator, wrapped as notes.
        notes += YAMLFastPathTests.generated(count: count / 2, seed: seed &+ 1).map(note)
        return notes
    }

    @Test func generatedFrontMatterAgrees() {
        let notes = Self.generated(count: 4_000, seed: 0xF00D)
        var direct = 0
        for note in notes where Self.check(note) { direct += 1 }
        print("Direct front matter: \(direct) of \(notes.count) generated notes")
        // Both answers must be common, or the comparison proves little.
        #expect(direct >= notes.count / 5, "direct path took \(direct) of \(notes.count)")
        #expect(direct <= notes.count * 4 / 5, "direct path took \(direct) of \(notes.count)")
    }

    @Test func notesOnDiskAgree() {
        var folders = [YAMLFastPathTests.root.appendingPathComponent("content"), YAMLFastPathTests.root.appendingPathComponent("Tests/Fixtures")]
        if let extra = ProcessInfo.processInfo.environment["NOTEGRAPH_EXTRA_CORPUS"] { folders.append(URL(fileURLWithPath: extra)) }
        for folder in folders {
            guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { continue }
            var direct = 0
            var total = 0
            for case let url as URL in walker where url.pathExtension == "md" {
                guard let data = FileManager.default.contents(atPath: url.path) else { continue }
                total += 1
                if Self.check(String(decoding: data, as: UTF8.self)) { direct += 1 }
            }
            print("Direct front matter: \(direct) of \(total) notes under \(folder.path)")
        }
    }
}

import Foundation
import Testing
import TestSupport
@testable import Notes

/// The fast path for simple YAML (`YAMLFrontMatter.fastParse`) is an optimisation only: whenever
/// it answers, the answer must be exactly what the Yams path gives (entries, values and their
/// types, `sourceText`, positions, warnings). Checked on hand-written shapes and near misses, on
/// seeded random front matters, on every note of content/ and of the test fixtures, and on the
/// notes of a folder named by NOTEGRAPH_EXTRA_CORPUS (for a generated corpus).
@Suite("YAML fast path")
struct YAMLFastPathTests {
    typealias Parsed = (entries: [FrontMatterEntry], warnings: [FrontMatterProblem])

    /// What the two paths made of one text.
    enum Outcome: Equatable {
        /// The fast path declined.
        case declined
        /// The fast path answered and agrees with Yams.
        case agreed
        /// The fast path answered something else than Yams; the text says what differs.
        case disagreed(String)
        /// The text fails the nesting check, which runs before either path.
        case notNested
    }

    static func compare(_ text: String) -> Outcome {
        guard (try? YAMLFrontMatter.checkNesting(text)) != nil else { return .notNested }
        guard let fast = YAMLFrontMatter.fastParse(text) else { return .declined }
        let yams: Parsed
        do {
            yams = try YAMLFrontMatter.parseWithYams(text)
        } catch {
            return .disagreed("the fast path answered, Yams failed: \(error.message) at \(error.line):\(error.column)")
        }
        if let difference = difference(fast, yams) { return .disagreed(difference) }
        return .agreed
    }

    /// The first difference between the answers, nil when they are the same in every detail.
    static func difference(_ fast: Parsed, _ yams: Parsed) -> String? {
        guard fast.entries.count == yams.entries.count else {
            return "\(fast.entries.count) entries, Yams \(yams.entries.count): \(fast.entries.map(\.key)) vs \(yams.entries.map(\.key))"
        }
        for (a, b) in zip(fast.entries, yams.entries) {
            guard sameText(a.key, b.key), sameValue(a.value, b.value), a.sourceText.map(Array.init(_:)) == b.sourceText.map(Array.init(_:)),
                  a.line == b.line, a.column == b.column else {
                return "entry \(describe(a)) vs Yams \(describe(b))"
            }
        }
        let fastWarnings = fast.warnings.map { "\($0.message) \($0.line):\($0.column) \($0.hint ?? "")" }
        let yamsWarnings = yams.warnings.map { "\($0.message) \($0.line):\($0.column) \($0.hint ?? "")" }
        guard fastWarnings == yamsWarnings else { return "warnings \(fastWarnings) vs Yams \(yamsWarnings)" }
        return nil
    }

    static func describe(_ entry: FrontMatterEntry) -> String {
        "\(entry.key) = \(entry.value) (source \(entry.sourceText.debugDescription)) at \(entry.line):\(entry.column)"
    }

    /// Byte for byte: Swift's `==` on strings ignores differences of Unicode normalisation.
    static func sameText(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }

    /// Exact equality, with a NaN equal to itself and -0.0 unequal to 0.0.
    static func sameValue(_ a: FrontMatterValue, _ b: FrontMatterValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.int(x), .int(y)): x == y
        case let (.double(x), .double(y)): x.bitPattern == y.bitPattern
        case let (.string(x), .string(y)): sameText(x, y)
        case let (.date(x), .date(y)): x == y && sameText(x.original, y.original)
        case let (.array(x), .array(y)): x.count == y.count && zip(x, y).allSatisfy { sameValue($0, $1) }
        case let (.table(x), .table(y)):
            x.count == y.count && zip(x, y).allSatisfy { sameText($0.key, $1.key) && sameValue($0.value, $1.value) }
        default: false
        }
    }

    // MARK: Hand-written shapes

    /// Front matter as notes write it; the fast path must take every one of these.
    static let typical = [
        "title: \"Study note 1434\"\ndate: 2025-07-07 10:54\ntags: [ml, nlp]\naliases:\n  - Topic Number 2763 Method\nuse_math: true\n",
        "title: Weight Initialization\ndate: 2025-03-04\ncategories: [basics]\ntags: [deep-learning, 활성화함수]\ndraft: true\n",
        "title: \"변분 오토인코더 (VAE) 정리\"\ndescription: \"VAE의 구조, ELBO loss\"\naliases: [VAE, Variational Autoencoder, 변분 오토인코더]\n",
        "title: 딥러닝 입문\ntags:\n- a\n- b\npublish: yes\n",
        "tags: []\naliases: []\ndescription: \"\"\ntitle: ''\n",
        "created: 2025-03-09T14:20:00.000+09:00\nupdated: 2025-03-04 13:16:46 +0900\ndg-publish: false\nweight: -3\nratio: .5\nbig: 1e3\n",
        "# a comment\ntitle: x\n\nempty:\nnull_value: ~\nhex: 0x1F\noctal: 0o17\ninf: -.inf\nnan: .nan\nplus: +1\n",
        "permalink: /dl/intro/\nurl: https://example.com/a?b=c#d\nsingle: 'it is \"quoted\"'\ntrailing: value   \nwide:    spaced value\n",
        "tags: [\"#머신러닝\", 'a b', c]\nlist:\n    - \"quoted item\"\n    - 'single item'\n    - 2025-01-01\n    - 3\n",
        "title: C# and F#\nratio: 1:2\nmixed: [yes, No, ~, null, 1, 1.5, 2025-01-01, -1, +2]\n",
        "aliases:\n# between a key and its items\n  - a\n\n  - b\n# after the items\ntitle: x\n\n",
        "tags:\n- a\n# c\n- b\nempty:\n\n# c\nlast:",
        "title: last line without a newline",
        "",
        "# only a comment\n",
    ]

    /// Texts the fast path must leave to Yams: what YAML reads differently from how it looks, and
    /// what the subset leaves out.
    static let nearMisses = [
        "title: a # comment\n", "title: \"a\" # comment\n", "title: #comment\n", "key:value\n", "key : value\n",
        "\"title\": x\n", "? title\n: x\n", "-title: x\n", "키: 값\n", "a.b: c\n", "title:\tx\n", "\ttitle: x\n",
        "title: x\r\n", "title: a: b\n", "title: a:\n", "title: x\n---\nmore: y\n", "...\n", "%YAML 1.2\ntitle: x\n",
        "title: x\ntitle: y\n", "title: x\n  continued\n", "title: \"multi\nline\"\n", "title: 'it''s'\n",
        "title: \"esc\\\"aped\"\n", "title: &anchor x\nother: *anchor\n", "title: !tag x\n", "title: |\n  block\n",
        "title: > folded\n", "title: @at\n", "title: `tick`\n", "title: %pct\n", "tags: [a, [b]]\n", "tags: [a, ]\n",
        "tags: [a,, b]\n", "tags: {a: 1}\n", "tags: [a: b]\n", "tags: [a\n", "tags: [a] b\n", "tags: [a] # c\n",
        "tags: ['a''b']\n", "tags: [it's]\n", "tags:\n  - a\n    - b\n", "tags:\n  - a\n - b\n", "tags:\n  -\n",
        "tags:\n  - \n", "tags:\n  -a\n", "tags:\n  - - a\n", "tags:\n  - a: b\n", "tags:\n  - [a]\n",
        "nested:\n  key: value\n", "title: x\n- a\n", "title: - a\n", "title: -\n", "title: a\u{85}b\n",
        "title: a\u{2028}b\n", "\u{FEFF}title: x\n", "title: x\n   \nnext: y\n", "title: x\n  # indented comment\n",
        "title: a\u{7F}\n", "title: a\u{0}b\n",
    ]

    @Test func typicalFrontMatterTakesTheFastPath() {
        for text in Self.typical {
            #expect(Self.compare(text) == .agreed, "\(text.debugDescription)")
        }
    }

    /// The characters the recognizer refuses are found in every place of a line, eight bytes
    /// at a time or one by one; the same lines without them are taken.
    @Test func refusedCharactersAnywhereAreDeclined() {
        let refused = (0..<0x20).filter { $0 != 0x0A }.map { String(UnicodeScalar(UInt8($0))) }
            + ["\u{7F}", "\u{85}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFE}", "\u{FFFF}"]
        let line = "title: abcdefghijklmnopqrstuvw"
        for character in refused {
            for place in 7...line.count {
                var text = line
                text.insert(contentsOf: character, at: text.index(text.startIndex, offsetBy: place))
                for wrapped in [text + "\n", "a: 1\n" + text + "\nb: 2\n"] {
                    #expect(YAMLFrontMatter.fastParse(wrapped) == nil, "\(wrapped.debugDescription)")
                }
            }
        }
        for place in 7...line.count {
            var text = line
            text.insert(contentsOf: "가é", at: text.index(text.startIndex, offsetBy: place))
            #expect(Self.compare(text + "\nnext: x\n") == .agreed, "\(text.debugDescription)")
        }
    }

    @Test func nearMissesAreLeftToYams() {
        for text in Self.nearMisses {
            #expect(YAMLFrontMatter.fastParse(text) == nil, "\(text.debugDescription)")
        }
    }

    /// The values come out typed and placed as the rest of the program expects, not only the
    /// same as Yams'.
    @Test func fastPathValues() throws {
        let parsed = try #require(YAMLFrontMatter.fastParse(Self.typical[0]))
        #expect(parsed.warnings.isEmpty)
        #expect(parsed.entries.map(\.key) == ["title", "date", "tags", "aliases", "use_math"])
        #expect(parsed.entries.map(\.line) == [1, 2, 3, 4, 6])
        #expect(parsed.entries[0].value == .string("Study note 1434"))
        #expect(parsed.entries[1].value == .date(NoteDate(year: 2025, month: 7, day: 7, hour: 10, minute: 54, hasTime: true, original: "2025-07-07 10:54")))
        #expect(parsed.entries[2].value == .array([.string("ml"), .string("nlp")]))
        #expect(parsed.entries[2].sourceText == nil)
        #expect(parsed.entries[3].value == .array([.string("Topic Number 2763 Method")]))
        #expect(parsed.entries[4].value == .bool(true))
        #expect(parsed.entries[4].sourceText == "true")
    }

    /// The recognizer's own limits decline, and up to them it agrees with Yams.
    @Test func limits() {
        let keys = (1...65).map { "key\($0): \($0)\n" }
        #expect(Self.compare(keys.prefix(64).joined()) == .agreed)
        #expect(Self.compare(keys.joined()) == .declined)
        let longKey = String(repeating: "k", count: 128)
        #expect(Self.compare("\(longKey): x\n") == .agreed)
        #expect(Self.compare("\(longKey)k: x\n") == .declined)
        let longList = "tags:\n" + String(repeating: "  - tag\n", count: 2_000)
        #expect(Self.compare(longList) == .agreed)
    }

    /// Front matter parsed through the front door comes out as the Yams path alone gives it,
    /// errors included, whichever path was taken.
    @Test func parseAgreesWithTheYamsPath() {
        for text in Self.typical + Self.nearMisses + Self.generated(count: 100, seed: 7) {
            let viaParse = Result { () throws(FrontMatterProblem) in try YAMLFrontMatter.parse(text, firstLine: 1) }
            let viaYams = Result { () throws(FrontMatterProblem) in
                try YAMLFrontMatter.checkNesting(text)
                return try YAMLFrontMatter.parseWithYams(text)
            }
            switch (viaParse, viaYams) {
            case let (.success(a), .success(b)):
                #expect(Self.difference(a, b) == nil, "\(text.debugDescription)")
            case let (.failure(a), .failure(b)):
                #expect("\(a.message) \(a.line):\(a.column) \(a.hint ?? "")" == "\(b.message) \(b.line):\(b.column) \(b.hint ?? "")")
            default:
                Issue.record("one path failed, the other did not: \(text.debugDescription)")
            }
        }
    }

    // MARK: Generated front matter

    static let keys = ["title", "date", "tags", "aliases", "use_math", "draft", "dg-publish", "a_b", "x1", "2024", "true",
                       "null", "k-", "Title", "title", "ti tle", "\"title\"", "-x", "키", "a.b", "x:y", "?x", "~", "<<"]
    static let afterKeys = [": ", ": ", ": ", ":", ":  ", " : ", ":\t", "::", ":x"]
    /// Scalars in the subset, of every type; the fast path must take each of them.
    static let subsetScalars = [
        "yes", "No", "~", "null", "Null", "0x1F", "0o17", "0x", "1e3", "1E3", "1e", ".inf", "-.Inf", ".nan", "+1", "-1", "1.5",
        "-.5", "+.5", "0.", "007", "1_000", "2025-07-07", "2025-07-07 10:54", "2025-07-07T10:54:00Z", "2025-13-01", "12:30",
        "hello world", "a  b", "a#b", "C#", "https://x.y/z?q=1", "a:b", "trailing   ", "\"quoted\"", "\"with 'single'\"",
        "'single'", "\"\"", "''", "-1x", "-x", "-.5", "딥러닝 입문", "é", "e\u{301}", "a\u{A0}b", "it's", "a \"b\" c", "a, b",
        "a ] b", "a [b", "a{b}", "a - b", "a ? b", "a|b", "a>b", "a&b", "a*b", "a!b", "a%b", "a@b", "a`b", "$x", "(x)", "=",
        "<x>", "^x", "\\x", "/x", ".x", "true", "FALSE", "on", "off", "0", "-0", "+0", "0.0", "-0.0", "9223372036854775807",
        "9223372036854775808", "😀 emoji", "\"a # b\"", "'a: b'",
    ]
    /// Scalars the subset leaves out, or that are not scalars at all.
    static let otherScalars = [
        "a: b", "a #b", "\"esc\\\"\"", "'it''s'", "\"unclosed", "'unclosed", "\"a\" b", "&anchor x", "*alias", "!tag x", "!!str 1",
        "|", "> folded", "@at", "`tick`", "%pct", "- item", "-", "--x", "?x", ": x", "a\u{85}b", "a\u{2028}b", "a\tb", "a\rb",
        "\u{FEFF}x", "#c", "x # c", "\"a\" # c", "---", "...", "a:", "[x", "{x: 1}",
    ]
    static let scalars = subsetScalars + otherScalars
    static let flowItems = [
        "a", "b c", "\"c\"", "'d'", "\"e, f\"", "'g ]'", "yes", "~", "1", "1.5", "2025-01-01", "-1", "딥러닝", "", " ", "[x]",
        "{x}", "a: b", "a:b", "?a", "#a", "a #b", "a#b", "'a''b'", "\"a\\\\b\"", "it's", "-", "- a", "&a", "*a", "!a", "|a",
    ]
    static let lineBreaks = ["\n", "\n", "\n", "\n", "\n\n", "\n# comment\n", "\n  # indented\n", "\n   \n", "\r\n", "\n---\n", "\n...\n"]

    /// `count` front matters mixing the subset's constructs with near misses of each.
    static func generated(count: Int, seed: UInt64) -> [String] {
        var random = SplitMix(state: seed)
        func pick(_ options: [String]) -> String { options.randomElement(using: &random)! }
        func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
        var texts: [String] = []
        for _ in 0..<count {
            var text = ""
            // Mostly distinct keys, since a repeated key is declined.
            var fresh = Array(keys.prefix(13)).shuffled(using: &random)
            for _ in 0..<Int.random(in: 1...7, using: &random) {
                let key = chance(95) ? fresh.removeLast() : pick(keys)
                let separator = chance(92) ? ": " : pick(afterKeys)
                switch Int.random(in: 0..<10, using: &random) {
                case 0..<5:
                    text += key + separator + (chance(88) ? pick(subsetScalars) : pick(otherScalars))
                case 5..<7:
                    let items = (0..<Int.random(in: 0...4, using: &random)).map { _ in chance(90) ? pick(Array(flowItems.prefix(14))) : pick(flowItems) }
                    let comma = chance(85) ? ", " : pick([",", " ,", " , ", ",,"])
                    text += key + separator + "[" + items.joined(separator: comma) + (chance(90) ? "]" : pick(["", ",]", "] x", "]]"]))
                case 7..<9:
                    text += key + (chance(90) ? ":" : pick([": ", ":  ", ": #c"]))
                    let indent = String(repeating: " ", count: [0, 2, 2, 4, 1].randomElement(using: &random)!)
                    for _ in 0..<Int.random(in: 0...3, using: &random) {
                        let itemIndent = chance(90) ? indent : pick(["", " ", "   ", "    "])
                        let dash = chance(90) ? "- " : pick(["-", "-  ", "- - ", "-\t"])
                        text += "\n" + itemIndent + dash + (chance(88) ? pick(subsetScalars) : pick(otherScalars))
                    }
                default:
                    text += chance(85) ? pick(["# " + pick(scalars), ""]) : pick(["  " + key + ": x", key + ": a\n  continued", "- stray"])
                }
                text += chance(92) ? "\n" : pick(lineBreaks)
            }
            if chance(10) { text.removeLast() }
            texts.append(text)
        }
        return texts
    }

    @Test func generatedFrontMatterAgrees() {
        let texts = Self.generated(count: 800, seed: 2025)
        var accepted = 0
        for text in texts {
            let outcome = Self.compare(text)
            if outcome == .agreed { accepted += 1 }
            #expect(outcome == .agreed || outcome == .declined || outcome == .notNested, "\(text.debugDescription)")
        }
        print("YAML fast path: \(accepted) of \(texts.count) generated front matters")
        // The mix is built so that both answers are common; a fast path that always declines fails here.
        #expect(accepted >= texts.count / 5, "fast path took \(accepted) of \(texts.count)")
        #expect(accepted <= texts.count * 4 / 5, "fast path took \(accepted) of \(texts.count)")
    }

    /// Every single scalar and flow item of the generator, alone on a key's line and as a list item.
    @Test func everyScalarAgrees() {
        for scalar in Self.scalars {
            for text in ["key: \(scalar)\n", "key: \(scalar)", "key:\n  - \(scalar)\n", "key:\n- \(scalar)\nnext: 1\n"] {
                let outcome = Self.compare(text)
                if Self.subsetScalars.contains(scalar) {
                    #expect(outcome == .agreed, "\(text.debugDescription)")
                } else {
                    #expect(outcome == .agreed || outcome == .declined, "\(text.debugDescription)")
                }
            }
        }
        for item in Self.flowItems {
            for text in ["key: [\(item)]\n", "key: [\(item), x]\n", "key: [x,\(item)]\n", "key: [ \(item) ]\n"] {
                let outcome = Self.compare(text)
                #expect(outcome == .agreed || outcome == .declined, "\(text.debugDescription)")
            }
        }
    }

    // MARK: Notes on disk

    static func frontMatters(under folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "md" }.compactMap { url in
            FileManager.default.contents(atPath: url.path).flatMap { yamlFrontMatter(of: String(decoding: $0, as: UTF8.self)) }
        }
    }

    /// The lines between a note's `---` fences, each ending in `\n`, as `FrontMatterParser` hands
    /// them to the YAML parser; nil when the note has none or its front matter is JSON.
    static func yamlFrontMatter(of note: String) -> String? {
        let lines = note.split(separator: "\n", omittingEmptySubsequences: false)
        func isFence(_ line: Substring, _ fence: String) -> Bool {
            line.hasPrefix(fence) && line.dropFirst(3).allSatisfy { $0 == " " || $0 == "\t" }
        }
        guard let first = lines.first, isFence(first, "---"),
              let close = lines.dropFirst().firstIndex(where: { isFence($0, "---") || isFence($0, "...") }) else { return nil }
        let content = lines[1..<close].map { $0 + "\n" }.joined()
        return content.first(where: { !$0.isWhitespace }) == "{" ? nil : content
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Whole YAML documents go through the same parser (`FrontMatterParser.parseDocument`):
    /// the project's settings and glossaries.
    @Test func settingsFilesAgree() throws {
        let fixtures = FileManager.default.enumerator(at: Self.root.appendingPathComponent("Tests/Fixtures"), includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL } ?? []
        let files = [Self.root.appendingPathComponent("notegraph.yml"), Self.root.appendingPathComponent("concepts.yml")]
            + fixtures.filter { $0.pathExtension == "yml" }
        #expect(files.count >= 4)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let outcome = Self.compare(text)
            #expect(outcome == .agreed || outcome == .declined, "\(file.path)")
        }
        #expect(Self.compare(try String(contentsOf: files[0], encoding: .utf8)) == .agreed)
    }

    @Test func notesOnDiskAgree() {
        let root = Self.root
        var folders = [root.appendingPathComponent("content"), root.appendingPathComponent("Tests/Fixtures")]
        if let extra = ProcessInfo.processInfo.environment["NOTEGRAPH_EXTRA_CORPUS"] { folders.append(URL(fileURLWithPath: extra)) }
        for folder in folders {
            let texts = Self.frontMatters(under: folder)
            var accepted = 0
            for text in texts {
                let outcome = Self.compare(text)
                if outcome == .agreed { accepted += 1 }
                #expect(outcome == .agreed || outcome == .declined, "\(folder.lastPathComponent): \(text.debugDescription)")
            }
            print("YAML fast path: \(accepted) of \(texts.count) YAML front matters under \(folder.path)")
            if folder.lastPathComponent == "content" {
                #expect(texts.count > 15)
                #expect(accepted * 10 >= texts.count * 8, "fast path took \(accepted) of \(texts.count)")
            }
        }
    }
}

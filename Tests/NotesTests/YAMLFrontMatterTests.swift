import Testing
import Diagnostics
import Foundation
@testable import Notes

@Suite("YAML front matter")
struct YAMLFrontMatterTests {
    @Test func everyUnderstoodKey() throws {
        let text = """
        ---
        title: 딥러닝 입문
        date: 2025-03-04
        updated: 2025-03-05 10:00:00 +0900
        tags: [딥러닝, "#머신러닝", 딥러닝]
        categories: AI, 수학
        aliases:
          - DL 입문
          - 딥러닝 기초
        description: "신경망의 기초"
        permalink: /dl/intro/
        draft: false
        publish: true
        weight: 3
        series: 딥러닝
        math: yes
        nested:
          b: [x, 2.5]
          a: 1
        ---
        # 본문

        """
        let parsed = parse(text)
        #expect(parsed.diagnostics.isEmpty)
        let fm = parsed.frontMatter
        #expect(fm.format == .yaml)
        #expect(fm.title == "딥러닝 입문")
        #expect(fm.date == NoteDate(year: 2025, month: 3, day: 4))
        let updated = try #require(fm.updated)
        #expect((updated.year, updated.month, updated.day, updated.hour) == (2025, 3, 5, 10))
        #expect(updated.utcOffsetSeconds == 9 * 3600)
        #expect(fm.tags == ["딥러닝", "머신러닝"])
        #expect(fm.categories == ["AI", "수학"])
        #expect(fm.aliases == ["DL 입문", "딥러닝 기초"])
        #expect(fm.description == "신경망의 기초")
        #expect(fm.permalink == "/dl/intro/")
        #expect(fm.draft == false)
        #expect(fm.publish == true)
        #expect(fm.extra.map(\.key) == ["weight", "series", "math", "nested"])
        #expect(fm[extra: "weight"] == .int(3))
        #expect(fm[extra: "series"] == .string("딥러닝"))
        #expect(fm[extra: "math"] == .bool(true))
        #expect(fm[extra: "nested"] == .table([
            .init(key: "b", value: .array([.string("x"), .double(2.5)])),
            .init(key: "a", value: .int(1)),
        ]))
        #expect(parsed.body == "# 본문\n")
        #expect(parsed.bodyStartLine == 21)
    }

    @Test func alternativeKeyNames() {
        let parsed = parse("""
        ---
        created: 2024-01-02
        modified: 2024-02-03
        tag: 강화학습
        alias: RL
        dg-permalink: rl
        dg-publish: true
        ---
        """)
        #expect(parsed.diagnostics.isEmpty)
        let fm = parsed.frontMatter
        #expect(fm.date?.dayString == "2024-01-02")
        #expect(fm.updated?.dayString == "2024-02-03")
        #expect(fm.tags == ["강화학습"])
        #expect(fm.aliases == ["RL"])
        #expect(fm.permalink == "rl")
        #expect(fm.publish == true)
        #expect(fm.extra.isEmpty)
    }

    @Test(arguments: ["lastmod", "last_modified_at", "updated", "modified"])
    func updatedSpellings(key: String) {
        let fm = parse("---\n\(key): 2025-01-31\n---\n").frontMatter
        #expect(fm.updated?.dayString == "2025-01-31")
        #expect(fm.extra.isEmpty)
    }

    @Test func strongerSpellingWinsWhateverTheOrder() {
        let fm = parse("---\ncreated: 2020-01-01\ndate: 2021-01-01\ndg-publish: false\npublish: true\n---\n").frontMatter
        #expect(fm.date?.year == 2021)
        #expect(fm.publish == true)
    }

    @Test func keysAreMatchedWithoutCase() {
        let fm = parse("---\nTitle: 대문자\nTags: a b\n---\n").frontMatter
        #expect(fm.title == "대문자")
        #expect(fm.tags == ["a", "b"])
        #expect(fm.extra.isEmpty)
    }

    @Test(arguments: [
        ("2025-03-04", 2025, 3, 4, 0, 0, 0, nil as Int?, false),
        ("2025-03-04 13:16:46 +0900", 2025, 3, 4, 13, 16, 46, 32400, true),
        ("2025-03-04T13:16:46.680+09:00", 2025, 3, 4, 13, 16, 46, 32400, true),
        ("\"2025-03-04T13:16:46.680+09:00\"", 2025, 3, 4, 13, 16, 46, 32400, true),
        ("2025-03-04T04:16:46Z", 2025, 3, 4, 4, 16, 46, 0, true),
    ])
    func dateShapes(written: String, year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int,
                    offset: Int?, hasTime: Bool) throws {
        let parsed = parse("---\ndate: \(written)\n---\n")
        #expect(parsed.diagnostics.isEmpty)
        let date = try #require(parsed.frontMatter.date)
        #expect(date.year == year && date.month == month && date.day == day)
        #expect(date.hour == hour && date.minute == minute && date.second == second)
        #expect(date.utcOffsetSeconds == offset)
        #expect(date.hasTime == hasTime)
        #expect(date.original == written.trimmingCharacters(in: ["\""]))
    }

    @Test func datesInExtraKeysAreDates() {
        let fm = parse("---\ndeadline: 2025-06-30\nquoted: \"2025-06-30\"\n---\n").frontMatter
        #expect(fm[extra: "deadline"] == .date(NoteDate(year: 2025, month: 6, day: 30)))
        // Quoted scalars are always text.
        #expect(fm[extra: "quoted"] == .string("2025-06-30"))
    }

    @Test func unparsableDateIsAWarningAtItsKey() throws {
        let parsed = parse("---\ntitle: 노트\ndate: 어제 오후\n---\n본문\n")
        #expect(parsed.errors.isEmpty)
        let warning = try #require(parsed.warnings.first)
        #expect(parsed.warnings.count == 1)
        #expect(warning.code == "front-matter")
        #expect(warning.location == SourceLocation(file: "note.md", line: 3, column: 1))
        #expect(warning.message.contains("어제 오후"))
        #expect(parsed.frontMatter.date == nil)
        #expect(parsed.frontMatter.title == "노트")
        #expect(parsed.body == "본문\n")
    }

    /// A day the month does not have, or an offset beyond ±23:59, is not a date: it was taken
    /// as one, shown as written (`datetime="2024-02-30"`) and `+99:99` written out as `+100:39`.
    @Test(arguments: ["2024-02-30", "2023-02-29", "2024-04-31", "2024-01-01T00:00:00+99:99", "2024-01-01 10:00 +0975"])
    func impossibleDateIsAWarningAtItsKey(_ written: String) throws {
        let parsed = parse("---\ntitle: 노트\ndate: \(written)\n---\n본문\n")
        #expect(parsed.frontMatter.date == nil)
        let warning = try #require(parsed.warnings.first)
        #expect(warning.location == SourceLocation(file: "note.md", line: 3, column: 1))
        #expect(warning.message.contains(written))
    }

    @Test func leapDaysAndOffsetsThatExistAreDates() {
        #expect(NoteDate(parsing: "2024-02-29")?.day == 29)
        #expect(NoteDate(parsing: "2000-02-29")?.day == 29)
        #expect(NoteDate(parsing: "1900-02-29") == nil)
        #expect(NoteDate(parsing: "2024-12-31T23:59:60-23:59")?.rfc3339 == "2024-12-31T23:59:60-23:59")
        #expect(NoteDate(parsing: "2024-06-30 10:00 +0930")?.utcOffsetSeconds == 9 * 3600 + 30 * 60)
    }

    @Test func scalarsFollowTheCoreSchema() {
        let fm = parse("""
        ---
        a: 12
        b: -3
        c: 0x1F
        d: 1.5
        e: 1e3
        f: .inf
        g: true
        h: No
        i: null
        j: ~
        k:
        l: '12'
        m: "true"
        n: 1.2.3
        o: !!str 42
        p: |
          여러 줄
          텍스트
        q: +7
        ---
        """).frontMatter
        #expect(fm[extra: "a"] == .int(12))
        #expect(fm[extra: "b"] == .int(-3))
        #expect(fm[extra: "c"] == .int(31))
        #expect(fm[extra: "d"] == .double(1.5))
        #expect(fm[extra: "e"] == .double(1000))
        #expect(fm[extra: "f"] == .double(.infinity))
        #expect(fm[extra: "g"] == .bool(true))
        #expect(fm[extra: "h"] == .bool(false))
        #expect(fm[extra: "i"] == .null)
        #expect(fm[extra: "j"] == .null)
        #expect(fm[extra: "k"] == .null)
        #expect(fm[extra: "l"] == .string("12"))
        #expect(fm[extra: "m"] == .string("true"))
        #expect(fm[extra: "n"] == .string("1.2.3"))
        #expect(fm[extra: "o"] == .string("42"))
        #expect(fm[extra: "p"] == .string("여러 줄\n텍스트\n"))
        #expect(fm[extra: "q"] == .int(7))
    }

    @Test(arguments: [("2024", "2024"), ("1.10", "1.10"), ("yes", "yes"), ("2025-03-04", "2025-03-04"), ("'  공백  '", "공백")])
    func titleKeepsWhatWasWritten(written: String, title: String) {
        #expect(parse("---\ntitle: \(written)\n---\n").frontMatter.title == title)
    }

    @Test func draftAndPublishAcceptYesNo() {
        let fm = parse("---\ndraft: yes\npublish: \"no\"\n---\n").frontMatter
        #expect(fm.draft == true)
        #expect(fm.publish == false)
    }

    @Test func nonBooleanDraftIsAWarning() {
        let parsed = parse("---\ndraft: 아마도\n---\n")
        #expect(parsed.frontMatter.draft == false)
        #expect(parsed.warnings.count == 1)
        #expect(parsed.positions == ["2:1"])
    }

    @Test func repeatedKeyKeepsTheFirstAndWarns() {
        let parsed = parse("---\ntitle: 첫째\nother: 1\ntitle: 둘째\nother: 2\n---\n")
        #expect(parsed.frontMatter.title == "첫째")
        #expect(parsed.frontMatter[extra: "other"] == .int(1))
        #expect(parsed.frontMatter.extra.count == 1)
        #expect(parsed.warnings.count == 2)
        #expect(parsed.positions == ["4:1", "5:1"])
    }

    @Test func emptyFrontMatterIsFine() {
        for text in ["---\n---\n본문", "---\n\n---\n본문", "---\n# 주석만\n---\n본문"] {
            let parsed = parse(text)
            #expect(parsed.diagnostics.isEmpty)
            #expect(parsed.frontMatter == FrontMatter(format: .yaml))
            #expect(parsed.body == "본문")
        }
    }

    // MARK: Errors point into the file

    @Test func badIndentationOfAListItem() throws {
        let parsed = parse("---\ntitle: 제목\ntags:\n  - a\n - b\n---\n본문\n")
        let error = try #require(parsed.errors.first)
        #expect(error.code == "front-matter")
        #expect(error.location == SourceLocation(file: "note.md", line: 5, column: 2))
        #expect(error.message.hasPrefix("invalid YAML"))
        #expect(error.hint != nil)
        #expect(parsed.body == "본문\n")
        #expect(parsed.bodyStartLine == 7)
    }

    @Test func indentedKeyUnderAScalar() {
        let parsed = parse("---\ntitle: A\n  tags: x\n---\nbody\n")
        #expect(parsed.positions == ["3:7"])
        #expect(parsed.errors.count == 1)
    }

    @Test func columnsCountCharactersNotBytes() {
        // 제, 목, ':', ' ', 값 come before the offending second ':'.
        let parsed = parse("---\n제목: 값: 틀림\n---\n")
        #expect(parsed.positions == ["2:6"])
    }

    @Test func unclosedQuotePointsAtTheQuote() throws {
        let parsed = parse("---\ndate: 2024-01-01\ntitle: \"미완성\ntags: [a]\n---\n본문은 그대로\n")
        let error = try #require(parsed.errors.first)
        #expect(error.location == SourceLocation(file: "note.md", line: 3, column: 8))
        #expect(error.message.contains("line 3, column 8"))
        #expect(parsed.body == "본문은 그대로\n")
        #expect(parsed.bodyStartLine == 6)
    }

    @Test func unclosedBracket() {
        let parsed = parse("---\ntags: [a, b\n---\n")
        #expect(parsed.positions == ["2:7"])
    }

    @Test func tabIndentationGetsAHint() throws {
        let error = try #require(parse("---\n\ttitle: a\n---\n").errors.first)
        #expect(error.location?.line == 2)
        #expect(error.hint?.contains("tabs") == true)
    }

    @Test func listOrScalarIsNotAFrontMatter() {
        for text in ["---\n- a\n- b\n---\n", "---\n그냥 문장\n---\n"] {
            let parsed = parse(text)
            #expect(parsed.errors.count == 1)
            #expect(parsed.positions == ["2:1"])
            #expect(parsed.errors.first?.message.contains("mapping") == true)
        }
    }

    @Test func aliasBombIsRefused() {
        var lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...8 {
            let previous = "*a\(level - 1)"
            lines.append("a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]")
        }
        lines.append("---")
        lines.append("body")
        let parsed = parse(lines.joined(separator: "\n"))
        #expect(parsed.errors.count == 1)
        #expect(parsed.body == "body")
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        let parsed = parse("---\nx: \(deep)\n---\nbody")
        #expect(parsed.errors.count == 1)
        #expect(parsed.body == "body")
    }
}

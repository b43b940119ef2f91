import Testing
import Diagnostics
@testable import Notes

@Suite("TOML front matter")
struct TOMLFrontMatterTests {
    @Test func everyUnderstoodKey() {
        let parsed = parse("""
        +++
        # Hugo 스타일
        title = "딥러닝"
        date = 2025-03-04T13:16:46.680+09:00
        lastmod = 2025-03-05
        tags = ["딥러닝", "ml", "#딥러닝",]
        categories = "AI 수학"
        aliases = ['별칭']
        description = \"\"\"
        여러 줄
        설명\"\"\"
        permalink = "/dl/"
        draft = true
        publish = false
        weight = 1_000
        ratio = 6.5e-1
        hex = 0xFF
        when = 07:30:00

        [extra]
        math = true
        author.name = "홍길동"

        [[links]]
        url = "a"
        [[links]]
        url = "b"
        +++
        본문
        """)
        #expect(parsed.diagnostics.isEmpty)
        let fm = parsed.frontMatter
        #expect(fm.format == .toml)
        #expect(fm.title == "딥러닝")
        #expect(fm.date?.rfc3339 == "2025-03-04T13:16:46+09:00")
        #expect(fm.updated == NoteDate(year: 2025, month: 3, day: 5))
        #expect(fm.tags == ["딥러닝", "ml"])
        #expect(fm.categories == ["AI", "수학"])
        #expect(fm.aliases == ["별칭"])
        #expect(fm.description == "여러 줄\n설명")
        #expect(fm.permalink == "/dl/")
        #expect(fm.draft == true)
        #expect(fm.publish == false)
        #expect(fm.extra.map(\.key) == ["weight", "ratio", "hex", "when", "extra", "links"])
        #expect(fm[extra: "weight"] == .int(1000))
        #expect(fm[extra: "ratio"] == .double(0.65))
        #expect(fm[extra: "hex"] == .int(255))
        #expect(fm[extra: "when"] == .string("07:30:00"))
        #expect(fm[extra: "extra"] == .table([
            .init(key: "math", value: .bool(true)),
            .init(key: "author", value: .table([.init(key: "name", value: .string("홍길동"))])),
        ]))
        #expect(fm[extra: "links"] == .array([
            .table([.init(key: "url", value: .string("a"))]),
            .table([.init(key: "url", value: .string("b"))]),
        ]))
        #expect(parsed.body == "본문")
        #expect(parsed.bodyStartLine == 29)
    }

    /// The value of `x = <written>`.
    private func value(_ written: String) -> FrontMatterValue? {
        let parsed = parse("+++\nx = \(written)\n+++\n")
        #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics)")
        return parsed.frontMatter[extra: "x"]
    }

    @Test(arguments: [
        ("+99", 99), ("-17", -17), ("0", 0), ("1_000_000", 1_000_000), ("0xDEAD_BEEF", 0xDEADBEEF),
        ("0o755", 0o755), ("0b1101", 13), ("9223372036854775807", Int.max),
    ])
    func integers(written: String, expected: Int) {
        #expect(value(written) == .int(expected))
    }

    @Test(arguments: [
        ("+1.0", 1.0), ("3.1415", 3.1415), ("-0.01", -0.01), ("5e+22", 5e22), ("1e06", 1e6), ("-2E-2", -0.02),
        ("224_617.445_991", 224_617.445_991), ("inf", .infinity), ("-inf", -.infinity), ("+inf", .infinity),
    ])
    func floats(written: String, expected: Double) {
        #expect(value(written) == .double(expected))
    }

    @Test func nanIsADouble() throws {
        guard case .double(let d)? = value("nan") else { Issue.record("not a double"); return }
        #expect(d.isNaN)
    }

    @Test func strings() {
        #expect(value(#""탭\t이스케이프 \u00E9 \U0001F600 \"인용\" \\""#) == .string("탭\t이스케이프 é 😀 \"인용\" \\"))
        #expect(value(#"'C:\경로\파일'"#) == .string(#"C:\경로\파일"#))
        #expect(value("\"\"\"\n첫 줄\n둘째 줄\"\"\"") == .string("첫 줄\n둘째 줄"))
        #expect(value("\"\"\"한 \\\n    줄로 \\\n\n   이어짐\"\"\"") == .string("한 줄로 이어짐"))
        #expect(value("'''\n원문 \\n 그대로\n'''") == .string("원문 \\n 그대로\n"))
        #expect(value("\"\"\"따옴표 \"\"끝\"\"\"\"\"") == .string("따옴표 \"\"끝\"\""))
        #expect(value("\"\"") == .string(""))
    }

    @Test func datesAndTimes() {
        #expect(value("1979-05-27T07:32:00Z") == .date(NoteDate(parsing: "1979-05-27T07:32:00Z")!))
        guard case .date(let spaced)? = value("1979-05-27 07:32:00-07:00") else { Issue.record("not a date"); return }
        #expect(spaced.hour == 7 && spaced.utcOffsetSeconds == -7 * 3600)
        guard case .date(let local)? = value("1979-05-27T07:32:00.999") else { Issue.record("not a date"); return }
        #expect(local.utcOffsetSeconds == nil && local.hasTime)
        #expect(value("1979-05-27") == .date(NoteDate(year: 1979, month: 5, day: 27)))
        #expect(value("2024-02-29") == .date(NoteDate(year: 2024, month: 2, day: 29)))
        #expect(value("07:32:00.5") == .string("07:32:00.5"))
    }

    @Test func booleans() {
        #expect(value("true") == .bool(true))
        #expect(value("false") == .bool(false))
    }

    @Test func arraysSpanLinesWithCommentsAndTrailingCommas() {
        #expect(value("""
        [
          1, # 하나
          [2, "둘"],   # 중첩
          { a = 3 },
        ]
        """) == .array([.int(1), .array([.int(2), .string("둘")]), .table([.init(key: "a", value: .int(3))])]))
        #expect(value("[]") == .array([]))
    }

    @Test func inlineTables() {
        #expect(value("{ 이름 = \"홍\", pos.x = 1, pos.y = 2 }") == .table([
            .init(key: "이름", value: .string("홍")),
            .init(key: "pos", value: .table([.init(key: "x", value: .int(1)), .init(key: "y", value: .int(2))])),
        ]))
        #expect(value("{}") == .table([]))
    }

    @Test func keysBareQuotedAndDotted() {
        let fm = parse("""
        +++
        "제목 키" = 1
        'literal key' = 2
        site . "sub key" . leaf = 3
        site.other = 4
        bare-key_2 = 5
        +++
        """).frontMatter
        #expect(fm.extra.map(\.key) == ["제목 키", "literal key", "site", "bare-key_2"])
        #expect(fm[extra: "site"] == .table([
            .init(key: "sub key", value: .table([.init(key: "leaf", value: .int(3))])),
            .init(key: "other", value: .int(4)),
        ]))
    }

    @Test func tablesHeadersAndArraysOfTables() {
        let fm = parse("""
        +++
        [a.b.c]
        x = 1
        [a]
        y = 2
        [[fruits]]
        name = "사과"
        [fruits.physical]
        color = "빨강"
        [[fruits]]
        name = "배"
        +++
        """).frontMatter
        #expect(fm[extra: "a"] == .table([
            .init(key: "b", value: .table([.init(key: "c", value: .table([.init(key: "x", value: .int(1))]))])),
            .init(key: "y", value: .int(2)),
        ]))
        #expect(fm[extra: "fruits"] == .array([
            .table([
                .init(key: "name", value: .string("사과")),
                .init(key: "physical", value: .table([.init(key: "color", value: .string("빨강"))])),
            ]),
            .table([.init(key: "name", value: .string("배"))]),
        ]))
    }

    @Test func tagsAsOneString() {
        #expect(parse("+++\ntags = \"딥러닝, #ml 통계\"\n+++\n").frontMatter.tags == ["딥러닝", "ml", "통계"])
    }

    // MARK: Errors point into the file

    @Test func unclosedStringPointsAtItsQuote() throws {
        let parsed = parse("+++\ndraft = false\ntitle = \"미완성\n+++\n본문\n")
        let error = try #require(parsed.errors.first)
        #expect(parsed.errors.count == 1)
        #expect(error.code == "front-matter")
        #expect(error.location == SourceLocation(file: "note.md", line: 3, column: 9))
        #expect(parsed.body == "본문\n")
        #expect(parsed.bodyStartLine == 5)
        #expect(parsed.frontMatter.format == .toml)
    }

    @Test(arguments: [
        ("title \"x\"", "2:7"),                    // missing '='
        ("tags = [\"a\" \"b\"]", "2:13"),          // missing comma
        ("title = 안녕", "2:9"),                    // unquoted text
        ("title = Hello World", "2:9"),            // unquoted word
        ("\"제목\" = \"값\" x", "2:12"),              // text after the value; columns count characters
        ("a = 1 b = 2", "2:7"),                    // two pairs on one line
        ("a = 1\na = 2", "3:1"),                   // key defined twice
        ("[t]\nx = 1\n[t]", "4:1"),                // table defined twice
        ("a = 1\n[a]", "3:1"),                     // value then table of the same name
        ("a = {x = 1}\na.y = 2", "3:1"),           // inline tables are closed
        ("date = 2025-02-30", "2:8"),              // no such day
        ("date = 2025-13-01", "2:8"),              // no such month
        ("n = 012", "2:5"),                        // leading zero
        ("n = 1__0", "2:5"),                       // doubled underscore
        ("n = 1.", "2:5"),                         // no digits after the point
        ("n = 99999999999999999999", "2:5"),       // too large
        ("s = \"\\q\"", "2:6"),                    // unknown escape
        ("s = \"\"\"never closed", "2:5"),         // multi-line string never closed
        ("a = [1, 2", "2:5"),                      // array never closed
        ("[a", "2:3"),                             // header never closed
        ("= 1", "2:1"),                            // no key
        ("x = ", "2:5"),                           // no value
    ])
    func brokenTOML(toml: String, position: String) {
        let parsed = parse("+++\n\(toml)\n+++\nbody\n")
        #expect(parsed.errors.count == 1, "\(parsed.diagnostics)")
        #expect(parsed.positions == [position], "\(parsed.diagnostics)")
        #expect(parsed.body == "body\n")
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let parsed = parse("+++\nx = \(deep)\n+++\nbody")
        #expect(parsed.errors.count == 1)
        #expect(parsed.body == "body")
    }
}

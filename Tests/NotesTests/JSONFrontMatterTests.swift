import Testing
import Diagnostics
@testable import Notes

@Suite("JSON front matter")
struct JSONFrontMatterTests {
    @Test func digitalGardenPluginOutput() throws {
        let parsed = parse("""
        ---
        {"dg-publish":true,"permalink":"/1-cs/3/","created":"2025-03-04T13:16:46.680+09:00"}
        ---
        # 운영체제

        """)
        #expect(parsed.diagnostics.isEmpty)
        let fm = parsed.frontMatter
        #expect(fm.format == .json)
        #expect(fm.publish == true)
        #expect(fm.permalink == "/1-cs/3/")
        let date = try #require(fm.date)
        #expect(date.rfc3339 == "2025-03-04T13:16:46+09:00")
        #expect(date.original == "2025-03-04T13:16:46.680+09:00")
        #expect(fm.extra.isEmpty)
        #expect(parsed.body == "# 운영체제\n")
        #expect(parsed.bodyStartLine == 4)
    }

    @Test func everyUnderstoodKey() {
        let parsed = parse("""
        ---
        {
          "title": "운영체제",
          "date": "2025-03-04",
          "updated": "2025-03-05 13:16:46 +0900",
          "tags": ["os", "#커널", "os"],
          "categories": "CS, 시스템",
          "aliases": "OS, 운영 체제",
          "description": "프로세스와 스레드",
          "permalink": "/os/",
          "draft": false,
          "publish": true,
          "weight": 2,
          "ratio": 0.5,
          "big": 1e400,
          "meta": {"z": null, "a": [1, "\\u00e9\\ud83d\\ude00", -0.25]}
        }
        ---
        본문
        """)
        #expect(parsed.diagnostics.isEmpty)
        let fm = parsed.frontMatter
        #expect(fm.title == "운영체제")
        #expect(fm.date?.dayString == "2025-03-04")
        #expect(fm.updated?.hour == 13)
        #expect(fm.updated?.utcOffsetSeconds == 32400)
        #expect(fm.tags == ["os", "커널"])
        #expect(fm.categories == ["CS", "시스템"])
        #expect(fm.aliases == ["OS", "운영 체제"])
        #expect(fm.description == "프로세스와 스레드")
        #expect(fm.permalink == "/os/")
        #expect(fm.draft == false)
        #expect(fm.publish == true)
        #expect(fm.extra.map(\.key) == ["weight", "ratio", "big", "meta"])
        #expect(fm[extra: "weight"] == .int(2))
        #expect(fm[extra: "ratio"] == .double(0.5))
        #expect(fm[extra: "big"] == .double(.infinity))
        #expect(fm[extra: "meta"] == .table([
            .init(key: "z", value: .null),
            .init(key: "a", value: .array([.int(1), .string("é😀"), .double(-0.25)])),
        ]))
        #expect(parsed.body == "본문")
        #expect(parsed.bodyStartLine == 19)
    }

    @Test func stringEscapes() {
        let parsed = parse("---\n{\"title\": \"a\\\"b\\\\c\\/d\\te\"}\n---\n")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.frontMatter.title == "a\"b\\c/d\te")
    }

    @Test func numberTitleKeepsItsSpelling() {
        #expect(parse("---\n{\"title\": 1.50}\n---\n").frontMatter.title == "1.50")
    }

    @Test func leadingWhitespaceBeforeTheBraceIsStillJSON() {
        let parsed = parse("---\n\n   {\"title\": \"x\"}\n---\n")
        #expect(parsed.frontMatter.format == .json)
        #expect(parsed.frontMatter.title == "x")
    }

    // MARK: Errors point into the file

    @Test func missingCommaInArray() throws {
        let parsed = parse("---\n{\n  \"title\": \"x\",\n  \"tags\": [\"a\" \"b\"]\n}\n---\n본문\n")
        let error = try #require(parsed.errors.first)
        #expect(parsed.errors.count == 1)
        #expect(error.code == "front-matter")
        #expect(error.location == SourceLocation(file: "note.md", line: 4, column: 16))
        #expect(error.message.contains("','"))
        #expect(parsed.body == "본문\n")
        #expect(parsed.bodyStartLine == 7)
        #expect(parsed.frontMatter.format == .json)
    }

    @Test func columnsCountCharactersNotBytes() {
        // {, ", 제, 목, ", :, space, ", 값, ", space come before the second string.
        #expect(parse("---\n{\"제목\": \"값\" \"x\"}\n---\n").positions == ["2:12"])
    }

    @Test(arguments: [
        ("{\"a\": 1,}", "2:9"),          // trailing comma
        ("{\"a\" 1}", "2:6"),            // missing colon
        ("{a: 1}", "2:2"),               // unquoted key
        ("{\"a\": tru}", "2:7"),         // misspelt literal
        ("{\"a\": 'x'}", "2:7"),         // single quotes
        ("{\"a\": 01}", "2:7"),          // leading zero
        ("{\"a\": \"\\q\"}", "2:8"),     // unknown escape
        ("{\"a\": 1} x", "2:10"),        // text after the object
        ("{\"a\": \"b", "2:7"),          // string never closed: points at its quote
        ("{\"a\": [1, 2", "2:7"),        // array never closed: points at its bracket
        ("{\"a\": 1", "2:1"),            // object never closed: points at its brace
        ("{\n\"a\": \"\\ud800\"}", "3:7"), // lone surrogate
    ])
    func brokenJSON(json: String, position: String) {
        let parsed = parse("---\n\(json)\n---\nbody\n")
        #expect(parsed.errors.count == 1)
        #expect(parsed.positions == [position])
        #expect(parsed.body == "body\n")
    }

    @Test func arrayIsNotAFrontMatter() {
        // The first non-space character decides JSON; `[` is YAML's flow list, also refused.
        let parsed = parse("---\n[1, 2]\n---\n")
        #expect(parsed.errors.count == 1)
        #expect(parsed.positions == ["2:1"])
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let parsed = parse("---\n{\"x\": \(deep)}\n---\nbody")
        #expect(parsed.errors.count == 1)
        #expect(parsed.body == "body")
    }
}

import Testing
import Diagnostics
import Foundation
@testable import Notes

@Suite("Front matter fences")
struct FrontMatterParserTests {
    @Test func noFrontMatter() {
        let text = "# 제목\n\n---\n\n본문\n"
        let parsed = parse(text)
        #expect(parsed.frontMatter == .empty)
        #expect(parsed.frontMatter.format == FrontMatterFormat.none)
        #expect(parsed.body == text)
        #expect(parsed.bodyStartLine == 1)
        #expect(parsed.diagnostics.isEmpty)
    }

    @Test func emptyFile() {
        let parsed = parse("")
        #expect(parsed.frontMatter == .empty)
        #expect(parsed.body == "")
        #expect(parsed.bodyStartLine == 1)
        #expect(parsed.diagnostics.isEmpty)
    }

    @Test(arguments: ["----\ntitle: x\n----\n", " ---\ntitle: x\n---\n", "...\ntitle: x\n...\n", "--- x\n---\n"])
    func notAFence(text: String) {
        let parsed = parse(text)
        #expect(parsed.frontMatter == .empty)
        #expect(parsed.body == text)
        #expect(parsed.diagnostics.isEmpty)
    }

    @Test func onlyFrontMatter() {
        for text in ["---\ntitle: 제목만\n---", "---\ntitle: 제목만\n---\n"] {
            let parsed = parse(text)
            #expect(parsed.frontMatter.title == "제목만")
            #expect(parsed.body == "")
            #expect(parsed.bodyStartLine == 4)
            #expect(parsed.diagnostics.isEmpty)
        }
    }

    @Test func yamlMayCloseWithDots() {
        let parsed = parse("---\ntitle: 점\n...\n본문")
        #expect(parsed.frontMatter.title == "점")
        #expect(parsed.body == "본문")
        #expect(parsed.bodyStartLine == 4)
    }

    @Test func fencesMayHaveTrailingSpaces() {
        let parsed = parse("--- \ntitle: x\n---\t\nbody")
        #expect(parsed.frontMatter.title == "x")
        #expect(parsed.body == "body")
    }

    @Test func tomlClosesOnlyWithPluses() {
        let parsed = parse("+++\ntitle = \"a\"\n---\nb = 1\n+++\nbody")
        // `---` is not a TOML fence, so it is read as TOML: a bare key missing its `=`.
        #expect(parsed.positions == ["3:4"])
        #expect(parsed.body == "body")
        #expect(parsed.bodyStartLine == 6)
    }

    @Test func bodyKeepsLaterThematicBreaks() {
        let parsed = parse("---\ntitle: x\n---\n위\n\n---\n\n아래\n")
        #expect(parsed.body == "위\n\n---\n\n아래\n")
        #expect(parsed.bodyStartLine == 4)
    }

    @Test(arguments: [("---\ntitle: 닫히지 않음\n\n본문\n", "---"), ("+++\ntitle = \"x\"\n본문", "+++"), ("---", "---"), ("---\n", "---")])
    func unclosedFence(text: String, fence: String) throws {
        let parsed = parse(text)
        let error = try #require(parsed.errors.first)
        #expect(parsed.diagnostics.count == 1)
        #expect(error.code == "front-matter")
        #expect(error.message == "front matter opened at line 1 is never closed")
        #expect(error.location == SourceLocation(file: "note.md", line: 1, column: 1))
        #expect(error.hint?.contains(fence) == true)
        #expect(parsed.body == text)
        #expect(parsed.bodyStartLine == 1)
        #expect(parsed.frontMatter == .empty)
    }

    @Test func fiveMegabyteBody() {
        let line = "한국어 본문 줄입니다. 딥러닝과 [[위키링크]] $x^2$.\n"
        let body = String(repeating: line, count: 5_000_000 / line.utf8.count)
        #expect(body.utf8.count > 4_900_000)

        let withFrontMatter = parse("---\ntitle: 큰 노트\ntags: [큼]\n---\n" + body)
        #expect(withFrontMatter.frontMatter.title == "큰 노트")
        #expect(withFrontMatter.body.utf8.count == body.utf8.count)
        #expect(withFrontMatter.bodyStartLine == 5)

        let without = parse(body)
        #expect(without.frontMatter == .empty)
        #expect(without.body.utf8.count == body.utf8.count)

        // An opening fence that is never closed has to look through the whole note once.
        let unclosed = parse("---\n" + body)
        #expect(unclosed.errors.count == 1)
        #expect(unclosed.body.utf8.count == body.utf8.count + 4)
    }
}

@Suite("Front matter in parallel")
struct FrontMatterConcurrencyTests {
    private static let samples: [String] = (0..<300).map { index in
        switch index % 3 {
        case 0: "---\ntitle: 노트 \(index)\ndate: 2025-03-04 13:16:46 +0900\ntags: [a, \"#b\(index)\"]\nn: \(index)\n---\nbody"
        case 1: "---\n{\"title\": \"노트 \(index)\", \"tags\": \"a b\(index)\", \"n\": \(index)}\n---\nbody"
        default: "+++\ntitle = \"노트 \(index)\"\ntags = [\"a\", \"b\(index)\"]\nn = \(index)\n+++\nbody"
        }
    }

    @Test func parallelParsesMatchSerialOnes() async {
        let serial = Self.samples.map { parse($0).frontMatter }
        let parallel = await withTaskGroup(of: (Int, FrontMatter).self) { group in
            for (index, text) in Self.samples.enumerated() {
                group.addTask { (index, parse(text).frontMatter) }
            }
            var results = [FrontMatter?](repeating: nil, count: Self.samples.count)
            for await (index, frontMatter) in group { results[index] = frontMatter }
            return results
        }
        #expect(parallel == serial)
        #expect(serial[7].tags == ["a", "b7"])
        #expect(serial[7][extra: "n"] == .int(7))
    }

    @Test func nestingUnderTheLimitParsesOnAWorkerThread() async {
        let flow = String(repeating: "[", count: 100) + "1" + String(repeating: "]", count: 100)
        var block = "x:\n"
        for level in 1...60 { block += String(repeating: " ", count: level * 2) + "k\(level):\n" }
        let texts = ["---\nx: \(flow)\n---\n", "---\n\(block)---\n", "+++\nx = \(flow)\n+++\n", "---\n{\"x\": \(flow)}\n---\n"]
        let counts = await withTaskGroup(of: Int.self) { group in
            for text in texts { group.addTask { parse(text).diagnostics.count } }
            return await group.reduce(0, +)
        }
        #expect(counts == 0)
    }
}

@Suite("Front matter values")
struct FrontMatterValueRulesTests {
    @Test(arguments: [
        ("tags: [딥러닝, 머신러닝]", ["딥러닝", "머신러닝"]),
        ("tags:\n  - 딥러닝\n  - '#머신러닝'\n  - 딥러닝", ["딥러닝", "머신러닝"]),
        ("tags: 딥러닝 머신러닝  통계", ["딥러닝", "머신러닝", "통계"]),
        ("tags: 딥러닝, 머신러닝,통계,", ["딥러닝", "머신러닝", "통계"]),
        ("tags: \"#딥러닝 #머신러닝\"", ["딥러닝", "머신러닝"]),
        ("tags: [ml/딥러닝, ' 공백 ', '', '#']", ["ml/딥러닝", "공백"]),
        ("tags: 2024", ["2024"]),
        ("tags: [2024, true]", ["2024", "true"]),
        ("tags:", []),
        ("tags: []", []),
        ("tag: 하나", ["하나"]),
    ])
    func tags(yaml: String, expected: [String]) {
        let parsed = parse("---\n\(yaml)\n---\n")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.frontMatter.tags == expected)
    }

    @Test func tagsAreNFCNormalised() {
        let nfd = "딥러닝".decomposedStringWithCanonicalMapping
        let fm = parse("---\ntags: [\(nfd), 딥러닝]\n---\n").frontMatter
        #expect(fm.tags.count == 1)
        #expect(fm.tags.first.map { Array($0.utf8) } == Array("딥러닝".precomposedStringWithCanonicalMapping.utf8))
    }

    @Test func categoriesFollowTheTagRules() {
        #expect(parse("---\ncategories: \"수학, #통계 수학\"\n---\n").frontMatter.categories == ["수학", "통계"])
        #expect(parse("---\ncategory: [AI]\n---\n").frontMatter.categories == ["AI"])
    }

    @Test(arguments: [
        ("aliases: [VAE, 변분 오토인코더]", ["VAE", "변분 오토인코더"]),
        ("aliases: 변분 오토인코더", ["변분 오토인코더"]),
        ("aliases: VAE, 변분 오토인코더, VAE", ["VAE", "변분 오토인코더"]),
        ("alias: \"#해시 포함\"", ["#해시 포함"]),
        ("aliases:\n  - 하나\n  - 하나", ["하나"]),
        ("aliases:", []),
    ])
    func aliases(yaml: String, expected: [String]) {
        #expect(parse("---\n\(yaml)\n---\n").frontMatter.aliases == expected)
    }

    @Test func wrongShapesWarnAndKeepDefaults() {
        let parsed = parse("---\ntitle: [a, b]\ntags: {a: 1}\ndate: 20250304\n---\n")
        #expect(parsed.errors.isEmpty)
        #expect(parsed.positions == ["2:1", "3:1", "4:1"])
        #expect(parsed.frontMatter.title == nil)
        #expect(parsed.frontMatter.tags.isEmpty)
        #expect(parsed.frontMatter.date == nil)
    }

    @Test func emptyTextIsAbsent() {
        let fm = parse("---\ntitle: ''\ndescription: '   '\npermalink:\ndate: ''\n---\n").frontMatter
        #expect(fm.title == nil)
        #expect(fm.description == nil)
        #expect(fm.permalink == nil)
        #expect(fm.date == nil)
    }
}

/// The body and the front matter are cut from the text by byte offsets: exactly the bytes after
/// the closing fence's line, even where a character spans the cut.
@Suite struct FrontMatterSplitTests {
    @Test func bodyStartingWithACombiningMarkKeepsIt() {
        let parsed = FrontMatterParser.parse("---\ntitle: x\n---\n\u{301}abc\n", file: "n.md")
        #expect(Array(parsed.body.unicodeScalars) == Array("\u{301}abc\n".unicodeScalars))
        #expect(parsed.frontMatter.title == "x")
    }

    @Test func piecesAreTheBytesBetweenTheFences() {
        let text = "+++\ntitle = \"가\"\n+++\n본문 $x$\n\n끝"
        let parsed = FrontMatterParser.parse(text, file: "n.md")
        #expect(parsed.body == "본문 $x$\n\n끝")
        #expect(parsed.frontMatter.title == "가")
        #expect(parsed.bodyStartLine == 4)
        #expect(FrontMatterParser.parse("no front matter\n", file: "n.md").body == "no front matter\n")
    }
}

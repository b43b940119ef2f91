import Foundation
import NoteGraph
import Testing

/// A concept page cuts its lists short and says how many more there are, as a phrase of the
/// interface language: "외 노트 2개", never the count glued to a label ("+2 개 노트 더").
@Suite struct CutListPhraseTests {
    func build(korean: Bool) throws -> String {
        let dir = TempDir()
        try dir.write("content/elbo.md", "# 정리\n\n## ELBO\n\nELBO는 로그 가능도의 하한이다.\n")
        // 102 notes mention ELBO without linking it: the list shows 100.
        for k in 0..<102 { try dir.write("content/n\(k).md", "# 노트 \(k)\n\nELBO를 최대화한다.\n") }
        var config = ProjectConfig()
        if korean { config.language = .ko }
        let site = dir.url.appendingPathComponent("site")
        let report = try BuildPipeline.run(BuildOptions(content: dir.url.appendingPathComponent("content"), output: site,
                                                        templates: nil, config: config, includeDrafts: false))
        #expect(report.wroteSite)
        return try site.appendingPathComponent("concepts/elbo/index.html").read()
    }

    @Test func koreanAndEnglishSayHowManyMore() throws {
        let korean = try build(korean: true)
        #expect(korean.contains("<p class=\"concept-more\">외 노트 2개</p>"), "\(korean)")
        #expect(!korean.contains("개 노트 더"))
        // Each mentioning note's count is a phrase too: "노트 1 1" read as one title.
        #expect(korean.contains("<a class=\"backlink-source\" href=\"../../n0/index.html\">노트 0</a> <span class=\"count\">언급 1회</span>"), "\(korean)")
        let english = try build(korean: false)
        #expect(english.contains("<p class=\"concept-more\">2 more notes</p>"))
        #expect(english.contains("<span class=\"count\">1 mention</span>"))
    }
}

import Diagnostics
import Foundation
import NoteGraph
import Testing

/// A raw HTML `<a href>` to an unpublished note is read as the Markdown link `[…](href)` is:
/// the link goes, its text stays, a warning names where it was written, and the note's file
/// name reaches no page of the site.
@Suite struct RawLinkPublishingTests {
    static let files: [(String, String)] = [
        ("private/비밀-계획.md", "---\ntitle: 숨긴 노트\ndraft: true\n---\n# 숨긴 노트\n\n내용\n"),
        ("공개.md", """
            ---
            title: 공개 노트
            ---
            # 공개 노트

            본문 <a href="private/비밀-계획.md">숨긴 글</a>과 <A class="x" HREF='private/비밀-계획.md#내용' title="t">둘째</a>.

            <div>
            <a
              href="private/%EB%B9%84%EB%B0%80-%EA%B3%84%ED%9A%8D.md">블록 링크</a> <a href="공개.md">자기</a>
            </div>

            ## 정의

            - **Plan**: 자세한 건 <a href="private/비밀-계획.md">여기</a>를 보라.
            """),
    ]

    @Test func rawLinksToUnpublishedNotesLoseTheirHrefAndWarn() throws {
        let dir = TempDir()
        for (path, text) in Self.files { try dir.write("content/" + path, text) }
        let content = dir.url.appendingPathComponent("content")
        let site = dir.url.appendingPathComponent("site")
        let report = try BuildPipeline.run(BuildOptions(content: content, output: site, templates: nil,
                                                        config: ProjectConfig(), includeDrafts: false))
        #expect(report.wroteSite)
        for file in site.files() {
            let text = try site.appendingPathComponent(file).read()
            #expect(!text.contains("비밀-계획") && !text.contains("%EB%B9%84%EB%B0%80"), "the draft's file name leaked into \(file)")
        }
        let page = try site.appendingPathComponent("공개/index.html").read()
        #expect(page.contains("본문 <a>숨긴 글</a>과 <A class=\"x\" title=\"t\">둘째</a>."), "\(page)")
        #expect(page.contains("<a>블록 링크</a> <a href=\"index.html\">자기</a>"), "\(page)")
        // The concept page's excerpt of the defining paragraph drops it too.
        let concept = try site.appendingPathComponent("concepts/plan/index.html").read()
        #expect(concept.contains("<a>여기</a>"), "\(concept)")

        let built = report.warnings.filter { $0.code == "unpublished-link" }.map { "\($0.location!)" }
        let expected = ["공개.md:6:4", "공개.md:6:41", "공개.md:9:1", "공개.md:15:19"]
        #expect(built == expected)
        // `check` reports the same links at the same places.
        let checked = try CheckPipeline.run(CheckOptions(content: content, config: ProjectConfig(), configFile: nil,
                                                        includeDrafts: false, external: false, orphans: false,
                                                        scope: .all, workingDirectory: dir.url))
        #expect(checked.findings.filter { $0.kind.rawValue == "unpublished-link" }.map { "\($0.location)" } == expected)
    }
}

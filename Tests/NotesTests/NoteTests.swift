import Testing
import Diagnostics
import Foundation
@testable import Notes

@Suite("Publishing")
struct PublishPolicyTests {
    private func fm(draft: Bool = false, publish: Bool? = nil) -> FrontMatter {
        FrontMatter(draft: draft, publish: publish)
    }

    @Test func optOutPublishesByDefault() {
        #expect(fm().isPublished(policy: .optOut, includeDrafts: false))
        #expect(fm(publish: true).isPublished(policy: .optOut, includeDrafts: false))
    }

    @Test func draftsNeedIncludeDrafts() {
        #expect(!fm(draft: true).isPublished(policy: .optOut, includeDrafts: false))
        #expect(fm(draft: true).isPublished(policy: .optOut, includeDrafts: true))
        #expect(!fm(draft: true, publish: true).isPublished(policy: .optIn, includeDrafts: false))
        #expect(fm(draft: true, publish: true).isPublished(policy: .optIn, includeDrafts: true))
    }

    @Test func publishFalseAlwaysWins() {
        for policy in [PublishPolicy.optOut, .optIn] {
            for includeDrafts in [false, true] {
                #expect(!fm(publish: false).isPublished(policy: policy, includeDrafts: includeDrafts))
            }
        }
    }

    @Test func dgPublishFalseFromFrontMatter() {
        let parsed = parse("---\n{\"dg-publish\": false}\n---\n")
        #expect(!parsed.frontMatter.isPublished(policy: .optOut, includeDrafts: true))
    }

    @Test func optInNeedsPublishTrue() {
        #expect(!fm().isPublished(policy: .optIn, includeDrafts: false))
        #expect(!fm().isPublished(policy: .optIn, includeDrafts: true))
        #expect(fm(publish: true).isPublished(policy: .optIn, includeDrafts: false))
        #expect(parse("---\ndg-publish: true\n---\n").frontMatter.isPublished(policy: .optIn, includeDrafts: false))
    }

    @Test func policyNames() {
        #expect(PublishPolicy(rawValue: "opt-in") == .optIn)
        #expect(PublishPolicy(rawValue: "opt-out") == .optOut)
    }
}

@Suite("Note")
struct NoteTests {
    private func note(_ text: String, at path: String = "dl/변분 오토인코더.md") -> Note {
        Note.load(SourceFile(path: NotePath(path), url: URL(fileURLWithPath: "/vault/" + path), bytes: Array(text.utf8)))
    }

    @Test func titleFallsBackToHeadingThenStem() {
        #expect(note("---\ntitle: 앞 제목\n---\n# 본문 제목\n").title(firstHeading: "본문 제목") == "앞 제목")
        #expect(note("# 본문 제목\n").title(firstHeading: "본문 제목") == "본문 제목")
        #expect(note("# 본문 제목\n").title(firstHeading: "  ") == "변분 오토인코더")
        #expect(note("본문뿐\n").title(firstHeading: nil) == "변분 오토인코더")
        #expect(note("---\ntitle: 2024\n---\n").title(firstHeading: nil) == "2024")
    }

    @Test func permalinkFromFrontMatter() {
        #expect(note("---\n{\"permalink\":\"/1-cs/3/\"}\n---\n").permalink == Permalink("1-cs/3/"))
        #expect(note("---\ndg-permalink: 소개\n---\n").permalink == Permalink("소개/"))
        #expect(note("---\npermalink: /feed.xml\n---\n").permalink == Permalink("feed.xml"))
        #expect(note("본문").permalink == Permalink("dl/변분 오토인코더/"))
        #expect(note("본문", at: "dl/index.md").permalink == Permalink("dl/"))
    }

    @Test func bomAndCRLF() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("---\r\ntitle: 제목\r\ntags: a b\r\n---\r\n본문\r\n둘째 줄\r".utf8)
        let loaded = Note.load(SourceFile(path: NotePath("a.md"), url: URL(fileURLWithPath: "/v/a.md"), bytes: bytes))
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.frontMatter.title == "제목")
        #expect(loaded.frontMatter.tags == ["a", "b"])
        #expect(loaded.body == "본문\n둘째 줄\n")
        #expect(loaded.bodyStartLine == 5)
    }

    @Test func errorsInACRLFFileKeepTheirLines() {
        let bytes = Array("---\r\ntitle: 제목\r\ntags: [a\r\n---\r\n".utf8)
        let loaded = Note.load(SourceFile(path: NotePath("a.md"), url: URL(fileURLWithPath: "/v/a.md"), bytes: bytes))
        #expect(loaded.diagnostics.map { "\($0.location!)" } == ["a.md:3:7"])
    }

    @Test func invalidUTF8GivesAnEmptyNoteWithTheError() throws {
        let bytes = Array("---\ntitle: 제목\n---\n본문 ".utf8) + [0xC0, 0x80]
        let loaded = Note.load(SourceFile(path: NotePath("깨진.md"), url: URL(fileURLWithPath: "/v/깨진.md"), bytes: bytes))
        #expect(loaded.body == "")
        #expect(loaded.frontMatter == .empty)
        let diagnostic = try #require(loaded.diagnostics.first)
        #expect(loaded.diagnostics.count == 1)
        #expect(diagnostic.code == "invalid-utf8")
        #expect(diagnostic.location == SourceLocation(file: "깨진.md", line: 4, column: 4))
        #expect(loaded.title(firstHeading: nil) == "깨진")
    }

    @Test func emptyFile() {
        let loaded = Note.load(SourceFile(path: NotePath("빈.md"), url: URL(fileURLWithPath: "/v/빈.md"), bytes: []))
        #expect(loaded.body == "")
        #expect(loaded.bodyStartLine == 1)
        #expect(loaded.diagnostics.isEmpty)
    }

    @Test func diagnosticsNameTheNotePath() {
        let loaded = note("---\ndate: 모름\n---\n")
        #expect(loaded.diagnostics.first?.location?.file == "dl/변분 오토인코더.md")
    }
}

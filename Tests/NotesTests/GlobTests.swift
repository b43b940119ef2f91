import Testing
import Foundation
@testable import Notes

@Suite("Glob")
struct GlobTests {
    private func matches(_ pattern: String, _ path: String) -> Bool {
        Glob(pattern).matches(NotePath(path))
    }

    @Test func patternWithoutSlashMatchesAnyComponent() {
        #expect(matches("drafts", "drafts/a.md"))
        #expect(matches("drafts", "notes/drafts/deep/a.md"))
        #expect(matches("drafts", "notes/drafts"))
        #expect(!matches("drafts", "notes/drafts-old/a.md"))
        #expect(matches("*.tmp", "a/b/cache.tmp"))
        #expect(matches("*.tmp", "x.tmp"))
        #expect(!matches("*.tmp", "x.tmp.md"))
        #expect(matches("임시*", "노트/임시저장.md"))
    }

    @Test func starDoesNotCrossSlashes() {
        #expect(matches("notes/*.md", "notes/a.md"))
        #expect(!matches("notes/*.md", "notes/sub/a.md"))
        #expect(matches("notes/*", "notes/sub/a.md"))  // `notes/sub` is a folder that matches
        #expect(!matches("a*b.md", "a/b.md"))
    }

    @Test func questionMarkAndSets() {
        #expect(matches("?.md", "a.md"))
        #expect(matches("?.md", "가.md"))
        #expect(!matches("?.md", "ab.md"))
        #expect(matches("[abc].md", "b.md"))
        #expect(!matches("[abc].md", "d.md"))
        #expect(matches("[a-c]x.md", "cx.md"))
        #expect(!matches("[a-c]x.md", "dx.md"))
        #expect(matches("[!x].md", "y.md"))
        #expect(!matches("[!x].md", "x.md"))
        #expect(matches("[^x].md", "y.md"))
        #expect(matches("[가-힣].md", "한.md"))
        #expect(matches("[]a].md", "].md"))
        #expect(matches("[a.md", "[a.md"))  // an unclosed bracket is literal
        #expect(matches("\\*.md", "*.md"))
        #expect(!matches("\\*.md", "a.md"))
    }

    @Test func doubleStar() {
        #expect(matches("**/drafts", "drafts/a.md"))
        #expect(matches("**/drafts", "x/y/drafts/a.md"))
        #expect(matches("notes/**/a.md", "notes/a.md"))
        #expect(matches("notes/**/a.md", "notes/x/y/a.md"))
        #expect(!matches("notes/**/a.md", "other/x/a.md"))
        #expect(matches("notes/**", "notes/x/a.md"))
        #expect(!matches("notes/**", "notes"))
        #expect(matches("**", "anything/at/all.md"))
        #expect(matches("a/**/b/**/c.md", "a/x/b/y/z/c.md"))
    }

    @Test func slashAnchorsAtTheRoot() {
        #expect(matches("docs/private", "docs/private/a.md"))
        #expect(!matches("docs/private", "x/docs/private/a.md"))
        #expect(matches("/README.md", "README.md"))
        #expect(!matches("/README.md", "sub/README.md"))
        #expect(matches("README.md", "sub/README.md"))
    }

    @Test func trailingSlashMeansFolder() {
        #expect(matches("drafts/", "drafts/a.md"))
        #expect(matches("drafts/", "x/drafts/y/a.md"))
        #expect(!matches("drafts/", "drafts"))  // a file named drafts
        #expect(Glob("drafts/").matches(NotePath("drafts"), isDirectory: true))
        #expect(matches("notes/old/", "notes/old/a.md"))
        #expect(!matches("notes/old/", "x/notes/old/a.md"))
    }

    @Test func comparedInNFC() {
        let nfd = "임시".decomposedStringWithCanonicalMapping
        #expect(matches(nfd + "/", "임시/a.md"))
        #expect(matches("임시/", nfd + "/a.md"))
        #expect(matches("[" + "한".decomposedStringWithCanonicalMapping + "].md", "한.md"))
    }

    @Test func emptyPatternMatchesNothing() {
        #expect(!matches("", "a.md"))
        #expect(!matches("/", "a.md"))
    }

    @Test func pathologicalPatternsStayFast() {
        let name = String(repeating: "a", count: 5_000) + ".md"
        let pattern = String(repeating: "*a", count: 200) + "*b"
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(!matches(pattern, name))
            #expect(!matches(String(repeating: "**/", count: 50) + "b", String(repeating: "a/", count: 50) + "a"))
        }
        // Exponential backtracking would take far longer than this generous bound.
        #expect(elapsed < .seconds(10))
    }

    @Test func hashableAndDescribed() {
        #expect(Glob("*.tmp") == Glob("*.tmp"))
        #expect(Set([Glob("a"), Glob("a"), Glob("b")]).count == 2)
        #expect(Glob("drafts/").description == "drafts/")
    }
}

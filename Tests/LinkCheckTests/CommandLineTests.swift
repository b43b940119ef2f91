import Foundation
import Testing

/// `notegraph check` as CI runs it: the built binary, exit codes, formats, `--since`/`--changed`.
@Suite(.serialized, .enabled(if: Binary.url != nil, "needs the notegraph binary (swift build)"))
struct CheckCommandLineTests {
    @Test func exitCodes() throws {
        let dir = TempFolder()
        let fixtures = Fixtures.url("")
        let clean = try Binary.run(["check", "--content", fixtures.appendingPathComponent("check-clean").path], in: dir.url)
        #expect(clean.status == 0)
        #expect(clean.stdout.hasPrefix("No problems found; 4 notes, 30 links checked"))

        let broken = try Binary.run(["check", "--content", "check-broken"], in: fixtures)
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("check-broken/notes/source.md:8:1: error[broken-anchor]: notes/target.md has no heading with id #한글-제목-2; did you mean #한글-제목-1?\n"))
        #expect(broken.stdout.hasSuffix("12 errors, 2 warnings in 1 file; 7 notes, 24 links checked in \(broken.stdout.suffix(7))"))

        try dir.write("content/a.md", "[[dup]]\n")
        try dir.write("content/x/dup.md", "# x\n")
        try dir.write("content/y/dup.md", "# y\n")
        let warningsOnly = try Binary.run(["check"], in: dir.url)
        #expect(warningsOnly.status == 0)
        #expect(warningsOnly.stdout.contains("content/a.md:1:1: warning[ambiguous]"))
        #expect(try Binary.run(["check", "--strict"], in: dir.url).status == 1)

        #expect(try Binary.run(["check", "--no-such-flag"], in: dir.url).status == 2)
        #expect(try Binary.run(["check", "--format", "xml"], in: dir.url).status == 2)
        #expect(try Binary.run(["check", "--since", "HEAD", "--changed", "a.md"], in: dir.url).status == 2)
        let missing = try Binary.run(["check", "--content", "nowhere"], in: dir.url)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nowhere"))
        try dir.write("notegraph.yml", "check:\n  exclude: [\"(unclosed\"]\n")
        let badConfig = try Binary.run(["check"], in: dir.url)
        #expect(badConfig.status == 2)
        // At the pattern itself, not at the check: section.
        #expect(badConfig.stderr.contains("notegraph.yml:2:13: error: check.exclude: (unclosed is not a valid regular expression"))
    }

    /// The command keeps only the raw HTML of each tree (`keepingRawHTMLOnly`): raw images in
    /// every kind of container are still found, at their place, and those in code are not.
    @Test func rawImagesInContainers() throws {
        let dir = TempFolder()
        try dir.write("notes/here.png", "png")
        try dir.write("notes/a.md", """
        # 그림

        > [!tip] 팁
        > 안 <img src="callout.png">

        - 항목 <img src="item.png">[^1]

        | 열 | b |
        | --- | --- |
        | <img src="cell.png"> | <img src="here.png"> |

        `<img src="code.png">`

        [^1]: 각주 <img src="footnote.png">

        <div>
        <img src="block.png">
        </div>

        """)
        let run = try Binary.run(["check", "--content", "notes"], in: dir.url)
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n").filter { $0.contains("missing-asset") }.map { String($0.prefix(while: { $0 != " " })) }
        #expect(lines == ["notes/a.md:4:5:", "notes/a.md:6:6:", "notes/a.md:10:3:", "notes/a.md:14:10:", "notes/a.md:17:1:"])
        #expect(!run.stdout.contains("code.png"))
        #expect(!run.stdout.contains("here.png"))
    }

    /// `check` keeps of each body only what it reads (`OfflineChecker.checkedPart(ofBody:)`):
    /// block ids beside math and code, HTML ids and raw images must still be found after the parse.
    @Test func blockIDsAndHTMLIDsAfterTheParse() throws {
        let dir = TempFolder()
        try dir.write("notes/b.md", """
        # B

        수식 $x^2$ 과 문단 ^para-1

        ```
        코드 ^in-code
        ```

        - 항목 ^item
        """)
        try dir.write("notes/c.md", "# C\n\n<a id=\"raw-anchor\"></a> 본문\n")
        try dir.write("notes/d.md", "# D\n\nNo markers at all.\n")
        try dir.write("notes/a.md", """
        # A

        [[b#^para-1]] [[b#^item]] [[b#^in-code]]
        [x](c.md#raw-anchor) [y](c.md#missing) [[d#^none]]
        """)
        let run = try Binary.run(["check", "--content", "notes"], in: dir.url)
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n").filter { $0.contains("error[") }.map { String($0.prefix(while: { $0 != " " })) }
        #expect(lines == ["notes/a.md:3:27:", "notes/a.md:4:22:", "notes/a.md:4:40:"])
        #expect(run.stdout.contains("b.md has no block ^in-code"))
        #expect(!run.stdout.contains("raw-anchor"))
    }

    @Test func githubAnnotationsAndReportFiles() throws {
        let dir = TempFolder()
        try dir.write("notes/강의.md", "# 강의\n\n## 한글 제목\n\n## 한글 제목\n")
        try dir.write("notes/a.md", "---\ntitle: A\n---\n본문 [x](강의.md#한글-제목-2) and [[강의]].\n")
        let github = try Binary.run(["check", "--content", "notes", "--format", "github"], in: dir.url)
        #expect(github.status == 1)
        #expect(github.stdout.hasPrefix("::error file=notes/a.md,line=4,col=4,title=broken-anchor::강의.md has no heading with id #한글-제목-2; did you mean #한글-제목-1?\n"))
        let inActions = try Binary.run(["check", "--content", "notes", "--format", "github"], in: dir.url,
                                       environment: ["GITHUB_WORKSPACE": dir.url.deletingLastPathComponent().path])
        #expect(inActions.stdout.hasPrefix("::error file=\(dir.url.lastPathComponent)/notes/a.md,line=4,col=4,"))

        let sarif = try Binary.run(["check", "--content", "notes", "--format", "sarif", "--output", "out/report.sarif"], in: dir.url)
        #expect(sarif.status == 1)
        #expect(sarif.stdout.isEmpty)
        #expect(sarif.stderr.contains("1 error, 0 warnings in 1 file"))
        let written = try String(contentsOf: dir.url.appendingPathComponent("out/report.sarif"), encoding: .utf8)
        #expect(written.contains("\"version\" : \"2.1.0\""))
        let json = try Binary.run(["check", "--content", "notes", "--format", "json"], in: dir.url)
        #expect(json.stdout.contains("\"kind\" : \"broken-anchor\""))
        let junit = try Binary.run(["check", "--content", "notes", "--format", "junit"], in: dir.url)
        #expect(junit.stdout.hasPrefix("<?xml"))
    }

    @Test func buildPrintsTheSameFindingsAsWarnings() throws {
        let dir = TempFolder()
        let fixture = Fixtures.url("check-broken").path
        let build = try Binary.run(["build", "--content", fixture, "--output", dir.url.appendingPathComponent("site").path], in: dir.url)
        #expect(build.status == 0)
        #expect(build.stderr.contains("notes/source.md:8:1: warning: notes/target.md has no heading with id #한글-제목-2 [broken-anchor]"))
        #expect(build.stderr.contains("notes/source.md:34:1: warning: \"Target.md\" finds notes/target.md only by ignoring case"))
        let strict = try Binary.run(["build", "--strict", "--content", fixture, "--output", dir.url.appendingPathComponent("s2").path], in: dir.url)
        #expect(strict.status == 1)
    }

    @Test func externalLinksWithTheProjectSettings() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let dir = TempFolder()
        try dir.write("content/a.md", """
        [ok](\(server.url("/ok"))) [missing](\(server.url("/missing"))) [moved](\(server.url("/moved")))
        [blocked](\(server.url("/forbidden"))) [skipped](\(server.url("/gone")))
        <img src="\(server.url("/ok"))">
        """)
        try dir.write("notegraph.yml", """
        check:
          exclude: ["/gone$"]
          accept: [403]
          timeout: 2
          retries: 0
          cache: cache/links.json
        """)
        let offline = try Binary.run(["check"], in: dir.url)
        #expect(offline.status == 0, "without --external, URLs are not requested")
        #expect(server.requests.isEmpty)

        let first = try Binary.run(["check", "--external"], in: dir.url)
        #expect(first.status == 1)
        #expect(first.stdout.contains("content/a.md:1:\(("[ok](" + server.url("/ok") + ") ").count + 1): error[external-broken]: \(server.url("/missing")): 404 Not Found"))
        #expect(first.stdout.contains("warning[redirect]: \(server.url("/moved")) has moved permanently (301) to \(server.url("/ok")); did you mean \(server.url("/ok"))?"))
        #expect(!first.stdout.contains("/forbidden"), "403 is accepted by the configuration")
        #expect(!server.requests.contains { $0.hasSuffix("/gone") }, "excluded")
        #expect(first.stdout.contains("5 external URLs (1 excluded)"))
        #expect(FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("cache/links.json").path))

        let requestsBefore = server.requests.count
        let second = try Binary.run(["check", "--external"], in: dir.url)
        #expect(second.status == 1)
        #expect(second.stdout.contains("from the cache"))
        #expect(server.requests.dropFirst(requestsBefore).allSatisfy { $0.hasSuffix("/missing") }, "only the failure is asked again")
    }

    /// A renamed heading breaks a note that did not change: `--since` checks it too, and leaves
    /// alone an old broken link in a note that has nothing to do with the change.
    @Test func sinceAndChangedCheckTheNotesLinkingToChangedOnes() throws {
        let dir = TempFolder()
        try dir.write("content/target.md", "# Target\n\n## Old heading\n")
        try dir.write("content/linker.md", "See [the part](target.md#old-heading).\n")
        try dir.write("content/unrelated.md", "An old mistake: [x](nowhere.md).\n")
        try dir.write("content/other.md", "Nothing here.\n")
        try shell(["git", "init", "-q"], in: dir.url)
        try shell(["git", "add", "."], in: dir.url)
        try shell(["git", "commit", "-q", "-m", "start"], in: dir.url)
        try dir.write("content/target.md", "# Target\n\n## New heading\n")
        try dir.write("content/new.md", "[t](target.md)\n")

        let since = try Binary.run(["check", "--since", "HEAD"], in: dir.url)
        #expect(since.status == 1)
        #expect(since.stdout.contains("content/linker.md:1:5: error[broken-anchor]: target.md has no heading with id #old-heading; did you mean #new-heading?"))
        #expect(!since.stdout.contains("unrelated.md"))
        #expect(since.stdout.contains("; 3 notes,"), "target, linker and the untracked new note")

        let changed = try Binary.run(["check", "--changed", "content/target.md"], in: dir.url)
        #expect(changed.status == 1)
        #expect(changed.stdout.contains("content/linker.md:1:5: error[broken-anchor]"))
        #expect(!changed.stdout.contains("unrelated.md"))

        let nothing = try Binary.run(["check", "--changed", "README.md"], in: dir.url)
        #expect(nothing.status == 0)
        #expect(nothing.stdout.contains("0 notes"))

        // From a subfolder, git's paths (relative to the repository) still land in the content folder.
        let sub = try Binary.run(["check", "--since", "HEAD", "--content", "."], in: dir.url.appendingPathComponent("content"))
        #expect(sub.stdout.contains("linker.md:1:5: error[broken-anchor]"))

        let badRef = try Binary.run(["check", "--since", "no-such-ref"], in: dir.url)
        #expect(badRef.status == 2)
        #expect(badRef.stderr.contains("no-such-ref"))
    }
}

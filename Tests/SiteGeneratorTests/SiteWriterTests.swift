import Foundation
@testable import SiteGenerator
import Notes
import Testing

@Suite struct SiteWriterTests {
    static func listing(_ folder: URL) -> [String: String] {
        var result: [String: String] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return result }
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(relative).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[relative] = (try? String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)) ?? "<binary>"
            }
        }
        return result
    }

    static func siblings(of folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path).sorted()
    }

    @Test func replacesTheOutputFolderWhole() throws {
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("site")
        let asset = root.appendingPathComponent("content/img.png")
        try FileManager.default.createDirectory(at: asset.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "PNG".write(to: asset, atomically: true, encoding: .utf8)

        try SiteWriter.write([
            OutputFile(path: "index.html", contents: .data(Array("one".utf8))),
            OutputFile(path: "old/index.html", contents: .data(Array("stale".utf8))),
        ], to: output)
        #expect(Self.listing(output) == ["index.html": "one", "old/index.html": "stale"])

        try SiteWriter.write([
            OutputFile(path: "index.html", contents: .data(Array("two".utf8))),
            OutputFile(path: "태그/딥러닝/index.html", contents: .data(Array("한국어".utf8))),
            OutputFile(path: "img/img.png", contents: .copy(asset)),
        ], to: output, protecting: [root.appendingPathComponent("content")])
        #expect(Self.listing(output) == ["index.html": "two", "태그/딥러닝/index.html": "한국어", "img/img.png": "PNG"])
        #expect(try Self.siblings(of: output) == ["content", "site"], "no staging or retired folders left behind")
        // Korean names are written raw (NFC), not percent-encoded.
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).contains("태그"))
    }

    @Test func stagingTakesFilesFromManyThreadsAndSwapsOnCommit() throws {
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("site")
        try SiteWriter.write([OutputFile(path: "old.html", contents: .data(Array("old".utf8)))], to: output)

        let staging = try SiteStaging(output: output)
        // Many pages in a few new folders at once: each folder is made once, none is missed.
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            try? staging.write(OutputFile(path: "f\(i % 7)/깊은/p\(i)/index.html", contents: .data(Array("\(i)".utf8))))
        }
        #expect(staging.count == 200)
        #expect(throws: SiteError.self) { try staging.write(OutputFile(path: "f0/깊은/p0/index.html", contents: .data([]))) }
        #expect(throws: SiteError.self) { try staging.write(OutputFile(path: "../out.html", contents: .data([]))) }
        #expect(Self.listing(output) == ["old.html": "old"], "nothing shows before the commit")
        try staging.commit()
        let listing = Self.listing(output)
        #expect(listing.count == 200 && listing["f3/깊은/p3/index.html"] == "3" && listing["old.html"] == nil)
        #expect(try Self.siblings(of: output) == ["site"])
        #expect(throws: SiteError.self) { try staging.write(OutputFile(path: "late.html", contents: .data([]))) }
    }

    /// A file written in pieces (the site's graph.dot, .json and .graphml): the pieces in order,
    /// claimed like any file, and the writer's own error passed through with nothing committed.
    @Test func stagingWritesAFileFromPieces() throws {
        struct Stop: Error {}
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("site")
        let staging = try SiteStaging(output: output)
        let pieces = (0..<1000).map { "줄 \($0)\n" }
        try staging.write(path: "data/graph.dot") { emit in
            for piece in pieces { try Array(piece.utf8).withUnsafeBytes { try emit($0) } }
        }
        try staging.write(path: "empty.json") { _ in }
        // Claimed like any file: a second file at the path, or a path leaving the folder, is refused.
        #expect(throws: SiteError.self) { try staging.write(path: "data/graph.dot") { _ in } }
        #expect(throws: SiteError.self) { try staging.write(OutputFile(path: "data/graph.dot", contents: .data([]))) }
        #expect(throws: SiteError.self) { try staging.write(path: "../escape.dot") { _ in } }
        #expect(throws: Stop.self) { try staging.write(path: "failed.json") { _ in throw Stop() } }
        try staging.commit()
        let files = Self.listing(output)
        #expect(files["data/graph.dot"] == pieces.joined())
        #expect(files["empty.json"] == "")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("escape.dot").path))
    }

    @Test func leftoversOfKilledBuildsAreRemoved() throws {
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("site")
        // Process 2147483646 does not exist; this test's own process does.
        let dead = root.appendingPathComponent("site.tmp-2147483646")
        let live = root.appendingPathComponent("site.old-\(ProcessInfo.processInfo.processIdentifier)")
        let other = root.appendingPathComponent("site.tmp-notapid")
        for folder in [dead, live, other] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("x"), withIntermediateDirectories: true)
        }
        try SiteWriter.write([OutputFile(path: "index.html", contents: .data(Array("new".utf8)))], to: output)
        #expect(try Self.siblings(of: output) == ["site", "site.old-\(ProcessInfo.processInfo.processIdentifier)", "site.tmp-notapid"])
    }

    @Test func discardedStagingLeavesThePreviousSite() throws {
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("site")
        try SiteWriter.write([OutputFile(path: "index.html", contents: .data(Array("kept".utf8)))], to: output)
        let staging = try SiteStaging(output: output)
        try staging.write(OutputFile(path: "index.html", contents: .data(Array("new".utf8))))
        staging.discard()
        #expect(Self.listing(output) == ["index.html": "kept"])
        #expect(try Self.siblings(of: output) == ["site"])
    }

    @Test func failureLeavesThePreviousSiteIntact() throws {
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("site")
        try SiteWriter.write([OutputFile(path: "index.html", contents: .data(Array("good".utf8)))], to: output)

        let error = #expect(throws: SiteError.self) {
            try SiteWriter.write([
                OutputFile(path: "a.html", contents: .data(Array("new".utf8))),
                OutputFile(path: "b.png", contents: .copy(root.appendingPathComponent("missing.png"))),
            ], to: output)
        }
        #expect(error?.description.contains("missing.png") == true)
        #expect(Self.listing(output) == ["index.html": "good"])
        #expect(try Self.siblings(of: output) == ["site"], "the staging folder is removed")
    }

    @Test func firstBuildCreatesTheFolder() throws {
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("deep/er/site")
        try SiteWriter.write([OutputFile(path: "index.html", contents: .data([]))], to: output)
        #expect(Self.listing(output) == ["index.html": ""])
    }

    @Test func refusesFoldersItMustNotReplace() throws {
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [OutputFile(path: "index.html", contents: .data(Array("x".utf8)))]

        let repo = root.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repo.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try "keep".write(to: repo.appendingPathComponent("notes.md"), atomically: true, encoding: .utf8)
        let gitError = #expect(throws: SiteError.self) { try SiteWriter.write(files, to: repo) }
        #expect(gitError?.description.contains(".git") == true)
        #expect(Self.listing(repo) == ["notes.md": "keep"])

        let project = root.appendingPathComponent("project")
        let content = project.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        #expect(throws: SiteError.self) { try SiteWriter.write(files, to: project, protecting: [content]) }
        #expect(throws: SiteError.self) { try SiteWriter.write(files, to: content, protecting: [content]) }
        #expect(throws: SiteError.self) {
            try SiteWriter.write([OutputFile(path: "a.png", contents: .copy(content.appendingPathComponent("a.png")))], to: project)
        }
        #expect(FileManager.default.fileExists(atPath: content.path))

        let file = root.appendingPathComponent("file")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: SiteError.self) { try SiteWriter.write(files, to: file) }
        #expect(throws: SiteError.self) { try SiteWriter.write(files, to: URL(fileURLWithPath: "/")) }
        #expect(throws: SiteError.self) {
            try SiteWriter.write([OutputFile(path: "../escape.html", contents: .data([]))], to: root.appendingPathComponent("out"))
        }
    }

    @Test func writesARenderedSite() throws {
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("site")
        let files = try SiteGenerator(theme: try Theme.builtIn()).render(Fixture.input(baseURL: "https://x.org/"))
        try SiteWriter.write(files, to: output)
        let written = Self.listing(output)
        #expect(written.keys.sorted() == files.map(\.path).sorted())
        #expect(written["math/선형대수/index.html"]?.contains("<h1 class=\"note-title\">선형대수</h1>") == true)
    }
}

@Suite struct RemoveTreeTests {
    /// The previous site is deleted on every core: files at every depth, empty folders, names
    /// in Korean, and a symbolic link, which is removed and never followed.
    @Test func removesEverythingAndFollowsNoLink() throws {
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        let outside = root.appendingPathComponent("outside")
        try fm.createDirectory(at: outside, withIntermediateDirectories: true)
        try "keep".write(to: outside.appendingPathComponent("keep.txt"), atomically: true, encoding: .utf8)
        let site = root.appendingPathComponent("site")
        for path in ["index.html", "a/index.html", "a/b/index.html", "a/b/c/d/index.html", "노트/첫 노트/index.html"] + (0..<40).map({ "concepts/c\($0)/index.html" }) {
            let url = site.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "x".write(to: url, atomically: true, encoding: .utf8)
        }
        try fm.createDirectory(at: site.appendingPathComponent("empty/deeper"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(at: site.appendingPathComponent("a/link"), withDestinationURL: outside)
        try fm.createSymbolicLink(at: site.appendingPathComponent("top-link"), withDestinationURL: outside)

        try FastFiles.removeTreeInParallel(site.path)
        #expect(!fm.fileExists(atPath: site.path))
        #expect(try String(contentsOf: outside.appendingPathComponent("keep.txt"), encoding: .utf8) == "keep")
        // Nothing there is not an error; a file is removed like a folder.
        try FastFiles.removeTreeInParallel(site.path)
        try "x".write(to: site, atomically: true, encoding: .utf8)
        try FastFiles.removeTreeInParallel(site.path)
        #expect(!fm.fileExists(atPath: site.path))
    }

    /// Folders are read whole before anything in them is removed, relative to the open folder:
    /// a folder of more entries than one `getdents` call returns, deep nesting below the level
    /// the threads split at, and a link to a folder at that depth, which is removed and not
    /// followed — by the serial and the parallel removal alike.
    @Test(arguments: [false, true]) func removesLargeAndDeepFoldersWithoutFollowingLinks(parallel: Bool) throws {
        let root = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        let outside = root.appendingPathComponent("outside")
        try fm.createDirectory(at: outside.appendingPathComponent("inner"), withIntermediateDirectories: true)
        try "keep".write(to: outside.appendingPathComponent("inner/keep.txt"), atomically: true, encoding: .utf8)
        let site = root.appendingPathComponent("site")
        let wide = site.appendingPathComponent("concepts")
        try fm.createDirectory(at: wide, withIntermediateDirectories: true)
        for i in 0..<1500 {
            let name = "개념-이름이-조금-긴-페이지-\(i)"
            if i % 3 == 0 {
                try fm.createDirectory(at: wide.appendingPathComponent(name), withIntermediateDirectories: false)
                try Data("x".utf8).write(to: wide.appendingPathComponent(name + "/index.html"))
            } else {
                try Data("x".utf8).write(to: wide.appendingPathComponent(name + ".html"))
            }
        }
        let deep = site.appendingPathComponent("a/b/c/d/e/f")
        try fm.createDirectory(at: deep, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: deep.appendingPathComponent("index.html"))
        try fm.createSymbolicLink(at: site.appendingPathComponent("a/b/c/folder-link"), withDestinationURL: outside)
        try fm.createSymbolicLink(at: site.appendingPathComponent("a/b/inner-link"), withDestinationURL: outside.appendingPathComponent("inner"))

        if parallel { try FastFiles.removeTreeInParallel(site.path) } else { try FastFiles.removeTree(site.path) }
        #expect(!fm.fileExists(atPath: site.path))
        #expect(try String(contentsOf: outside.appendingPathComponent("inner/keep.txt"), encoding: .utf8) == "keep")
    }
}

@Suite struct OutputPathClaimTests {
    final class Counter: @unchecked Sendable { var calls = 0 }

    func failure(_ claims: [(path: String, origin: () -> String)]) -> String? {
        do {
            try SiteGenerator.checkPaths(claims.map { ($0.path, $0.origin, nil) })
            return nil
        } catch let error as SiteError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    /// Two claims on one path name both claimants, sorted; paths that would leave the output
    /// folder name their claimant and the reason. Origins are made only for a message.
    @Test func clashesAndBadPathsNameTheirClaimants() {
        let counter = Counter()
        let quiet: () -> String = { counter.calls += 1; return "never shown" }
        #expect(failure([("a/index.html", quiet), ("b/index.html", quiet), ("노트/index.html", quiet)]) == nil)
        #expect(counter.calls == 0)

        #expect(failure([("a/index.html", { "note a.md (line 1)" }), ("b/index.html", quiet),
                         ("a/index.html", { "extra page 'A' (template concept)" })])
                == "two pages or files would be written to the same place:\n  'a/index.html' is claimed by extra page 'A' (template concept) and note a.md (line 1)")
        #expect(failure([("../x/index.html", { "note x.md" })]) == "note x.md would be written to '../x/index.html', which leaves the output folder")
        #expect(failure([("a\\b.html", { "note b.md" })]) == "note b.md would be written to 'a\\b.html', which contains a backslash or NUL")
        #expect(failure([("a\u{0}b.html", { "note c.md" })])?.hasSuffix("which contains a backslash or NUL") == true)
        #expect(failure([("/etc/x.html", { "note d.md" })]) == "note d.md would be written to '/etc/x.html', which is absolute")
        #expect(failure([("a//x.html", { "note e.md" })]) == "note e.md would be written to 'a//x.html', which has an empty path component")
        #expect(failure([("", { "note f.md" })]) == "note f.md would be written to '', which is empty")
    }

    /// Every problem is reported, not only the first, and each one is located in the note it
    /// comes from: a build prints them as `x.md:1:1: error: …` beside its other errors.
    @Test func everyProblemIsFoundAndLocatedInItsNote() throws {
        let claims: [(path: String, origin: () -> String, file: String?)] = [
            ("../x/index.html", { "note x.md" }, "x.md"),
            ("tags/index.html", { "the tag index" }, nil),
            ("../../y/index.html", { "note y.md" }, "y.md"),
            ("tags/index.html", { "note t.md" }, "t.md"),
            ("graph/index.html", { "extra page 'Knowledge graph' (template graph)" }, nil),
            ("graph/index.html", { "note g.md" }, "g.md"),
        ]
        var thrown: SiteError?
        do { try SiteGenerator.checkPaths(claims) } catch let error as SiteError { thrown = error }
        let error = try #require(thrown)
        #expect(error.diagnostics.map(\.code) == ["output-path", "output-path", "permalink-collision", "permalink-collision"])
        #expect(error.diagnostics.map { $0.location?.description ?? "-" } == ["x.md:1:1", "y.md:1:1", "g.md:1:1", "t.md:1:1"])
        #expect(error.diagnostics.allSatisfy { $0.severity == .error })
        #expect(error.diagnostics[3].message == "'tags/index.html' is claimed by note t.md and the tag index")
        #expect(error.message.contains("note y.md would be written to '../../y/index.html'"))
        #expect(!error.description.hasPrefix("error:"))
    }
}

import Foundation
import Notes
import SiteGenerator
import Testing

/// Whole pages compared with files in Golden/. After an intended change, regenerate them with
/// `NOTEGRAPH_UPDATE_GOLDEN=1 swift test --filter SiteGeneratorTests` and review the diff.
@Suite struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["NOTEGRAPH_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file Golden/\(name); run with NOTEGRAPH_UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expectedLines.count, actualLines.count)
            let want = line < expectedLines.count ? String(expectedLines[line]) : "<end of file>"
            let got = line < actualLines.count ? String(actualLines[line]) : "<end of file>"
            Issue.record("Golden/\(name) differs at line \(line + 1):\n  expected: \(want)\n  actual:   \(got)\n(if intended, rerun with NOTEGRAPH_UPDATE_GOLDEN=1)",
                         sourceLocation: sourceLocation)
        }
    }

    @Test func notePage() throws {
        let files = try Fixture.render(Fixture.input(baseURL: "https://me.github.io/notes/"))
        try Self.check(Fixture.text(files, "dl/vae/index.html"), against: "note.html")
    }

    @Test func indexPage() throws {
        let files = try Fixture.render(Fixture.input(language: .ko))
        try Self.check(Fixture.text(files, "index.html"), against: "index.html")
    }

    @Test func folderPage() throws {
        let files = try Fixture.render(Fixture.input(language: .ko))
        try Self.check(Fixture.text(files, "dl/index.html"), against: "folder.html")
    }
}

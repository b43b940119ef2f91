@testable import SiteGenerator
import Testing
import TestSupport

/// `OutputPath.problem` reads a path's bytes once; it must give the answer, and the message, of
/// the plain version that splits the path into components.
@Suite struct OutputPathTests {
    static func reference(_ path: String) -> String? {
        if path.isEmpty { return "is empty" }
        if path.hasPrefix("/") { return "is absolute" }
        if path.utf8.contains(0x5C) || path.utf8.contains(0) { return "contains a backslash or NUL" }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0.isEmpty }) { return "has an empty path component" }
        if parts.contains(where: { $0 == "." || $0 == ".." }) { return "leaves the output folder" }
        return nil
    }

    @Test func knownPaths() {
        #expect(OutputPath.problem(with: "dl/vae/index.html") == nil)
        #expect(OutputPath.problem(with: "노트/.hidden/index.html") == nil)
        #expect(OutputPath.problem(with: "a/../b") == "leaves the output folder")
        #expect(OutputPath.problem(with: "a//b") == "has an empty path component")
        #expect(OutputPath.problem(with: "a/b/") == "has an empty path component")
        #expect(OutputPath.problem(with: "./a") == "leaves the output folder")
        #expect(OutputPath.problem(with: "a\\b") == "contains a backslash or NUL")
        #expect(OutputPath.problem(with: "/etc/passwd") == "is absolute")
        #expect(OutputPath.problem(with: "") == "is empty")
    }

    @Test func randomPathsAgree() {
        let pieces = ["a", "/", ".", "..", "\\", "\0", "노트", "...", "x.html", "//"]
        var random = SplitMix(state: 0x0A7)
        for _ in 0..<20_000 {
            let path = (0..<random.below(7)).map { _ in random.pick(pieces) }.joined()
            #expect(OutputPath.problem(with: path) == Self.reference(path), "\(path.debugDescription)")
        }
    }
}

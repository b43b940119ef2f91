import Foundation
@testable import Markdown
import Testing

/// The first pass over a note (`Cmark.literalBlockLines`, where code and HTML blocks are)
/// attaches only the extensions that shape blocks. It must find the same lines as a parse with
/// every extension: on tricky documents, on every note of content/ and of the test fixtures, and
/// on the notes of a folder named by NOTEGRAPH_EXTRA_CORPUS (for a generated corpus).
@Suite struct LiteralBlockPassTests {
    static let tricky = [
        "<div>\n| a | b |\n|---|---|\n| 1 | 2 |\n</div>\n\n```\n~~x~~ www.a.com\n```\n",
        "- [ ] task\n\n      code in item\n- [x] done ~~struck~~\n\n<!-- comment\nhttps://x.org -->\n",
        "| a | `b` |\n|---|---|\n| <div> | 2 |\n\n<div>\nwww.example.com\n</div>\n",
        "~~~\nfence\n~~~\n\n~~not a fence~~\n\n    indented\n\n<script>\nx < 1\n</script>\n",
        "> [!note]\n> ```\n> code\n> ```\n\n<pre>\n$x$\n</pre>\n\nuser@example.com",
    ]

    static func notes(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "md" }
    }

    @Test func blockExtensionsFindTheSameLiteralLines() throws {
        var texts = Self.tricky.map { Array($0.utf8) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var folders = [root.appendingPathComponent("content"), root.appendingPathComponent("Tests/Fixtures")]
        if let extra = ProcessInfo.processInfo.environment["NOTEGRAPH_EXTRA_CORPUS"] { folders.append(URL(fileURLWithPath: extra)) }
        for folder in folders {
            for url in Self.notes(under: folder) { if let data = FileManager.default.contents(atPath: url.path) { texts.append(Array(data)) } }
        }
        #expect(texts.count > 40)
        var differing = 0
        for bytes in texts where Cmark.literalBlockLines(bytes) != Cmark.literalBlockLines(bytes, extensions: Cmark.extensionNames) {
            differing += 1
        }
        #expect(differing == 0, "\(differing) of \(texts.count) notes")
    }
}

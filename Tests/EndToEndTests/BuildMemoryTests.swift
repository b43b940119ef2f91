import Foundation
import NoteGraph
import SearchIndex
import Testing

/// What a build lets go of early, so that a big vault's peak memory stays low, without a reader
/// later missing it: the notes' bodies once parsed (only what the link check and the raw-HTML
/// anchors read is kept), and the search index, written as its entries are made.
@Suite struct BuildMemoryTests {
    func build(_ dir: TempDir) throws -> (report: BuildReport, site: URL) {
        let out = dir.url.appendingPathComponent("site")
        let report = try BuildPipeline.run(BuildOptions(content: dir.url.appendingPathComponent("content"), output: out,
                                                        templates: nil, config: ProjectConfig(), includeDrafts: false))
        return (report, out)
    }

    /// The readers of a body after the parse: raw HTML ids and names (anchors), block ids
    /// (`^id`), raw `<img>` and `<a>` (assets and links, located in the body). Each still finds
    /// what it found in the whole body: the good links resolve and the bad ones are reported
    /// where they are.
    @Test func whatIsReadOfTheBodiesAfterTheParseIsKept() throws {
        let dir = TempDir()
        try dir.write("content/a.md", """
        # A

        <a id="raw-top"></a>

        Text with a block. ^blockid

        <img src="missing.png">

        <a href="nowhere.md">raw link</a>
        """)
        try dir.write("content/b.md", """
        # B

        [to raw](a.md#raw-top) [[a#^blockid]] [[c#^cid]] [[a#^nope]] [bad](a.md#no-such)
        """)
        try dir.write("content/c.md", """
        # C

        Plain text, then a block id. ^cid
        """)
        let (report, _) = try build(dir)
        #expect(report.wroteSite)
        let found = report.warnings.map { "\($0.location.map { "\($0.file):\($0.line):\($0.column)" } ?? "-") \($0.code)" }.sorted()
        #expect(found == [
            "a.md:7:1 missing-asset",
            "a.md:9:1 broken-link",
            "b.md:3:50 broken-anchor",
            "b.md:3:62 broken-anchor",
        ])
    }

    /// More notes than one batch of the index's entries: every published note once, in path
    /// order, then the concepts and the tags, as one index; the batches leave no seam.
    @Test func theSearchIndexOfManyNotesIsWholeAndInOrder() throws {
        let dir = TempDir()
        let count = 1_100
        for k in 0..<count {
            let name = String(format: "%04d", k)
            try dir.write("content/f/n\(name).md", "---\ntitle: Note \(name)\n---\n\nBody of note \(name).\n\n## Part\n\nMore of \(name).\n")
        }
        try dir.write("content/f/n0003-draft.md", "---\ndraft: true\n---\n\n# Draft\n\nsecret words\n")
        let (report, site) = try build(dir)
        #expect(report.wroteSite)
        let text = try site.appendingPathComponent(SearchIndexWriter.fileName).read()
        let prefix = "window.notegraphSearchIndex = "
        #expect(text.hasPrefix(prefix))
        #expect(text.hasSuffix("\n]};\n"))
        let json = Data(text.dropFirst(prefix.count).dropLast(2).utf8)
        let index = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let documents = try #require(index["documents"] as? [[String: Any]])
        let notes = documents.filter { $0["k"] as? String == "note" }
        #expect(notes.map { $0["t"] as? String } == (0..<count).map { "Note " + String(format: "%04d", $0) })
        for (k, note) in notes.enumerated() {
            let sections = try #require(note["s"] as? [[String]])
            #expect(sections.map { $0[2] } == ["Body of note \(String(format: "%04d", k)).", "More of \(String(format: "%04d", k))."])
        }
        #expect(!text.contains("secret words"))
        // One entry a line: the notes, then whatever else the site holds.
        #expect(text.split(separator: "\n").count == documents.count + 2)
    }
}

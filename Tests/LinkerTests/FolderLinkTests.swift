@testable import Linker
import Notes
import Testing

/// A Markdown link to a folder of the content tree (`[dl](dl/)`) resolves to the folder, whose
/// page the site has, when the folder holds published notes at any depth.
@Suite struct FolderLinkTests {
    static let files = [
        ("dl/gan/g.md", "# G"),
        ("dl/vae.md", "# VAE"),
        ("x/index.md", "# X home"),
        ("drafts/d.md", "---\ndraft: true\n---\n# D"),
        ("from.md", """
            [a](dl/) [b](dl) [c](dl/gan/) [d](./dl/gan) [e](x/) [f](drafts/) [g](DL/) [h](./) [i](dl/nothing/)
            ![j](dl/) [k](dl/#top) [l](%64l/)
            """),
        ("dl/gan/up.md", "[a](../) [b](../../) [c](../../dl/gan/)"),
    ]

    static func resolutions(_ vault: LinkedVault, of path: String) -> [Resolution] {
        vault.notes.firstIndex { $0.path.string == path }.map { vault.resolutions[$0] } ?? []
    }

    @Test func linksToFoldersWithPublishedNotes() {
        let vault = linkedVault(Self.files)
        let from = Self.resolutions(vault, of: "from.md")
        #expect(from.count == 12)
        guard from.count == 12 else { return }
        #expect(from[0] == .folder("dl") && from[1] == .folder("dl"))
        #expect(from[2] == .folder("dl/gan") && from[3] == .folder("dl/gan"))
        guard case .note(let x, nil) = from[4] else { Issue.record("x/ is its index note: \(from[4])"); return }
        #expect(vault.notes[x].path.string == "x/index.md")
        guard case .broken = from[5] else { Issue.record("a folder of drafts has no page: \(from[5])"); return }
        guard case .broken = from[6] else { Issue.record("a folder's page has the folder's spelling: \(from[6])"); return }
        #expect(from[7] == .folder(""), "the content folder: the home page")
        guard case .broken = from[8] else { Issue.record("no such folder: \(from[8])"); return }
        guard case .broken = from[9] else { Issue.record("an image is a file, not a page: \(from[9])"); return }
        #expect(from[10] == .folder("dl"), "a folder page has no headings to check the fragment against")
        #expect(from[11] == .folder("dl"), "percent-encoded")
        #expect(Self.resolutions(vault, of: "dl/gan/up.md") == [.folder("dl"), .folder(""), .folder("dl/gan")])
        let warned = vault.diagnostics.filter { $0.location?.file == "from.md" }.map(\.message)
        #expect(warned.sorted() == ["missing file \"dl/\"", "no note at \"DL/\"", "no note at \"dl/nothing/\"", "no note at \"drafts/\""])
        let hint = vault.diagnostics.first { $0.message == "no note at \"DL/\"" }?.hint
        #expect(hint == "the folder is spelled dl/: folder pages have the folder's own spelling")
        #expect(vault.diagnostics.first { $0.message == "no note at \"drafts/\"" }?.hint == nil, "no folder page, no hint")
    }

    @Test func theFoldersAboveEachPath() {
        let folders = NoteIndex.folders(holding: ["a/b/c.md", "a/d.md", "top.md", "한글/폴더/k.md"].map { NotePath($0) })
        #expect(folders == ["", "a", "a/b", "한글", "한글/폴더"])
        #expect(NoteIndex.folders(holding: [NotePath]()) == [])
    }
}

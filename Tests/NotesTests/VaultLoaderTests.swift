import Testing
import Diagnostics
import Foundation
@testable import Notes

/// A throwaway content folder under the system's temporary directory.
private final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("notegraph-notes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` at `relative` (raw bytes of the name, no normalisation), making folders.
    func write(_ relative: String, _ text: String = "본문\n") throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: file.path, contents: Data(text.utf8)))
    }

    func link(_ relative: String, to destination: String) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: destination)
    }
}

@Suite("VaultLoader")
struct VaultLoaderTests {
    @Test func findsNotesAndAssetsAndSkipsWhatItShould() throws {
        let folder = try TemporaryFolder()
        try folder.write("zeta.md", "---\ntitle: 제타\n---\n")
        try folder.write("Alpha.MD")
        try folder.write("딥러닝/변분 오토인코더.markdown")
        try folder.write("딥러닝/images/vae.png", "png")
        try folder.write("sub/deep/c.md")
        try folder.write("paper.pdf", "pdf")
        try folder.write(".obsidian/workspace.json", "{}")
        try folder.write(".obsidian/hidden.md")
        try folder.write(".hidden.md")
        try folder.write("_private/secret.md")
        try folder.write("sub/_draft.md")
        try folder.write("drafts/wip.md")
        try folder.write("sub/drafts/wip2.md")
        try folder.write("cache.tmp")
        try folder.write("sub/deep/old.tmp")
        try folder.write("archive/2023/old.md")
        try folder.write("archive/keep.md")

        let vault = try VaultLoader.load(
            root: folder.url,
            ignore: [Glob("drafts/"), Glob("*.tmp"), Glob("archive/2023")]
        )
        #expect(vault.notes.map(\.path.string) == [
            "Alpha.MD", "archive/keep.md", "sub/deep/c.md", "zeta.md", "딥러닝/변분 오토인코더.markdown",
        ])
        #expect(vault.assets.keys.map(\.string).sorted() == ["paper.pdf", "딥러닝/images/vae.png"])
        #expect(vault.assets[NotePath("paper.pdf")]?.lastPathComponent == "paper.pdf")
        #expect(vault.diagnostics.isEmpty)
        #expect(vault.root == folder.url)

        let zeta = try #require(vault.notes.first { $0.path.string == "zeta.md" })
        #expect(zeta.bytes == Array("---\ntitle: 제타\n---\n".utf8))
        #expect(zeta.url.lastPathComponent == "zeta.md")
        #expect(Note.load(zeta).frontMatter.title == "제타")
    }

    @Test func nfcAndNfdSpellingsOfOneNameKeepTheFirst() throws {
        let folder = try TemporaryFolder()
        let nfc = "한국어.md".precomposedStringWithCanonicalMapping
        let nfd = "한국어.md".decomposedStringWithCanonicalMapping
        try folder.write("ko/" + nfc, "NFC")
        try folder.write("ko/" + nfd, "NFD")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("ko").path)
        try #require(names.count == 2, "this file system normalises names, so the clash cannot happen here")

        let vault = try VaultLoader.load(root: folder.url, ignore: [])
        #expect(vault.notes.count == 1)
        let note = try #require(vault.notes.first)
        #expect(Array(note.path.string.utf8) == Array(("ko/" + nfc).utf8))
        // Byte order puts the decomposed spelling (U+1112 …) before the composed one (U+D55C …).
        #expect(note.bytes == Array("NFD".utf8))
        let warning = try #require(vault.diagnostics.first)
        #expect(vault.diagnostics.count == 1)
        #expect(warning.code == "duplicate-path")
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("NFC") && warning.message.contains("NFD"))
        #expect(warning.location?.file == "ko/" + nfc)
    }

    /// A clash found after names that were all NFC: the walk keeps no table of names until the
    /// first one that is not NFC, so that one must still find the NFC name seen before it. The
    /// ohm sign (U+2126) normalises to omega (U+03A9), whose bytes sort first.
    @Test func aLaterDenormalNameClashesWithAnEarlierNormalOne() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.md", "A")
        try folder.write("\u{03A9}.md", "omega")
        try folder.write("\u{2126}.md", "ohm")
        try folder.write("\u{03A9}.png", "omega")
        try folder.write("\u{2126}.png", "ohm")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
        try #require(names.count == 5, "this file system normalises names, so the clash cannot happen here")

        let vault = try VaultLoader.load(root: folder.url, ignore: [])
        #expect(vault.notes.map(\.path.string) == ["a.md", "\u{03A9}.md"])
        #expect(vault.notes.last?.bytes == Array("omega".utf8))
        #expect(vault.assets.keys.map(\.string) == ["\u{03A9}.png"])
        #expect(vault.diagnostics.map(\.code) == ["duplicate-path", "duplicate-path"])
        #expect(vault.diagnostics.allSatisfy { $0.message.hasPrefix("\u{03A9}.") && $0.message.contains("(NFC)") })
    }

    @Test func markdownExtensionsIgnoreCaseAsLowercasingDoes() {
        let yes = ["a.md", "a.MD", "a.Md", "x/y.markdown", "x/y.MarkDown", "a.b.md", "a.mar\u{212A}down", "노트.md"]
        let no = [".md", "x/.md", "a.md.txt", "a.mdx", "a.m", "a", "a.", "x.md/y", "a.m\u{301}d", "md", "a.ｍｄ"]
        for path in yes { #expect(NotePath(path).isMarkdown, "\(path)") }
        for path in no { #expect(!NotePath(path).isMarkdown, "\(path)") }
        for path in yes + no {
            let ext = NotePath(path).pathExtension
            #expect(NotePath(path).isMarkdown == (ext == "md" || ext == "markdown"), "\(path)")
        }
    }

    @Test func nfdFolderNamesBecomeNFCPaths() throws {
        let folder = try TemporaryFolder()
        try folder.write("딥러닝".decomposedStringWithCanonicalMapping + "/노트.md".decomposedStringWithCanonicalMapping)
        let vault = try VaultLoader.load(root: folder.url, ignore: [Glob("임시/")])
        let note = try #require(vault.notes.first)
        #expect(Array(note.path.string.utf8) == Array("딥러닝/노트.md".precomposedStringWithCanonicalMapping.utf8))
        #expect(FileManager.default.fileExists(atPath: note.url.path))
    }

    @Test func symlinksInsideAreFollowedOutsideAreNot() throws {
        let outside = try TemporaryFolder()
        try outside.write("external.md")
        let folder = try TemporaryFolder()
        try folder.write("real/a.md")
        try folder.link("linked.md", to: folder.url.appendingPathComponent("real/a.md").path)
        try folder.link("escape", to: outside.url.path)
        try folder.link("escape.md", to: outside.url.appendingPathComponent("external.md").path)
        try folder.link("real/loop", to: folder.url.path)
        try folder.link("dangling.md", to: folder.url.appendingPathComponent("nowhere.md").path)

        let vault = try VaultLoader.load(root: folder.url, ignore: [])
        #expect(vault.notes.map(\.path.string) == ["linked.md", "real/a.md"])
        #expect(vault.diagnostics.filter { $0.code == "outside-content" }.compactMap { $0.location?.file }.sorted() == ["escape", "escape.md"])
        #expect(vault.diagnostics.contains { $0.code == "symlink-loop" && $0.location?.file == "real/loop" })
        #expect(vault.diagnostics.contains { $0.location?.file == "dangling.md" })
        #expect(vault.diagnostics.allSatisfy { $0.severity == .warning })
    }

    @Test func missingRootThrows() throws {
        let folder = try TemporaryFolder()
        let missing = folder.url.appendingPathComponent("없음")
        let error = try #require(throws: VaultError.self) { try VaultLoader.load(root: missing, ignore: []) }
        #expect(error.description.hasPrefix("content folder "))
        #expect(error.description.hasSuffix("없음 does not exist"))
        #expect(error.errorDescription == error.description)
    }

    @Test func fileRootThrows() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.md")
        let error = try #require(throws: VaultError.self) {
            try VaultLoader.load(root: folder.url.appendingPathComponent("a.md"), ignore: [])
        }
        #expect(error.description.hasSuffix("a.md is not a folder"))
    }

    @Test func rootIsShownRelativeToTheWorkingDirectory() {
        let cwd = FileManager.default.currentDirectoryPath
        #expect(VaultLoader.displayPath(URL(fileURLWithPath: cwd + "/x")) == "./x")
        #expect(VaultLoader.displayPath(URL(fileURLWithPath: "/definitely/elsewhere")) == "/definitely/elsewhere")
    }

    /// The build walks first (`find`) and reads each note where it parses it (`readNote`): the same
    /// notes, bytes and warnings as `load`, names with odd characters and NFD folders included.
    @Test func findThenReadIsLoad() throws {
        let folder = try TemporaryFolder()
        try folder.write("딥러닝".decomposedStringWithCanonicalMapping + "/노트 #1 %20.md", "가\n")
        try folder.write("a b/c?.md", "---\ntitle: x\n---\n")
        try folder.write("empty.md", "")
        try folder.write("img/p.png", "png")
        try folder.link("dangling.md", to: folder.url.appendingPathComponent("nowhere.md").path)
        let loaded = try VaultLoader.load(root: folder.url, ignore: [])
        let found = try VaultLoader.find(root: folder.url, ignore: [])
        #expect(found.notes.map(\.path) == loaded.notes.map(\.path))
        #expect(found.notes.allSatisfy { $0.bytes.isEmpty })
        #expect(found.notes.map(\.url) == loaded.notes.map(\.url))
        #expect(found.diagnostics == loaded.diagnostics)
        #expect(found.assets == loaded.assets)
        let read = found.notes.map { try? VaultLoader.readNote($0).get() }
        #expect(read.map { $0?.bytes } == loaded.notes.map(\.bytes))
        #expect(read.map { $0?.path } == loaded.notes.map(\.path))
    }

    /// A note is read in one call when the file has the size `fstat` gave: every size around the
    /// buffer's edges comes back whole, byte for byte, non-ASCII bytes included.
    @Test func notesOfEverySizeAreReadWhole() throws {
        let folder = try TemporaryFolder()
        let sizes = [0, 1, 2, 15, 16, 4095, 4096, 4097, 65_535, 65_536, 65_537, 1_048_579]
        var expected: [String: [UInt8]] = [:]
        for size in sizes {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ size) }
            let name = "n\(size).md"
            try Data(bytes).write(to: folder.url.appendingPathComponent(name))
            expected[name] = bytes
        }
        let found = try VaultLoader.find(root: folder.url, ignore: [])
        #expect(found.notes.count == sizes.count)
        for note in found.notes {
            let read = try VaultLoader.readNote(note).get()
            #expect(read.bytes == expected[note.path.string], "\(note.path.string)")
        }
    }

    /// A note gone between the walk and the read is a warning naming it, and is skipped.
    @Test func aNoteThatCannotBeReadIsAWarning() throws {
        let folder = try TemporaryFolder()
        try folder.write("사라짐.md")
        let found = try VaultLoader.find(root: folder.url, ignore: [])
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("사라짐.md"))
        let read = VaultLoader.readNote(try #require(found.notes.first))
        guard case .failure(let warning) = read else {
            Issue.record("read a file that is gone")
            return
        }
        #expect(warning.severity == .warning)
        #expect(warning.code == "unreadable")
        #expect(warning.description.contains("사라짐.md:1:1"))
        #expect(warning.message == "cannot read 사라짐.md: No such file or directory; skipping it")
        try folder.write("폴더.md/안.md")
        let notAFile = SourceFile(path: NotePath("폴더.md"), url: folder.url.appendingPathComponent("폴더.md"), bytes: [])
        guard case .failure(let folderWarning) = VaultLoader.readNote(notAFile) else {
            Issue.record("read a folder as a note")
            return
        }
        #expect(folderWarning.message == "cannot read 폴더.md: Is a directory; skipping it")
    }

    /// A named pipe is neither a note nor an asset: opening one waits for a writer, and the
    /// build hung on `mkfifo 파이프.md` (and on an asset that was a pipe, when copied). It is
    /// skipped with a warning, as is a link to one; a pipe handed to `readNote` is refused at
    /// once instead of waited on.
    @Test func namedPipesAreSkippedWithAWarningNotWaitedOn() throws {
        let folder = try TemporaryFolder()
        try folder.write("노트.md")
        for name in ["파이프.md", "그림.png"] {
            #expect(mkfifo(folder.url.appendingPathComponent(name).path, 0o644) == 0)
        }
        try folder.link("링크.md", to: folder.url.appendingPathComponent("파이프.md").path)
        let vault = try VaultLoader.load(root: folder.url, ignore: [])
        #expect(vault.notes.map(\.path.string) == ["노트.md"])
        #expect(vault.assets.isEmpty)
        #expect(vault.diagnostics.map { "\($0.location!) \($0.code)" } == ["그림.png:1:1 unreadable", "링크.md:1:1 unreadable", "파이프.md:1:1 unreadable"])
        #expect(vault.diagnostics.first?.message == "그림.png is not a regular file (a named pipe, socket or device); skipping it")

        let pipe = SourceFile(path: NotePath("파이프.md"), url: folder.url.appendingPathComponent("파이프.md"), bytes: [])
        guard case .failure(let warning) = VaultLoader.readNote(pipe) else {
            Issue.record("read a named pipe as a note")
            return
        }
        #expect(warning.message == "cannot read 파이프.md: not a regular file; skipping it")
    }

    @Test func manyFilesAreReadInSortedOrder() throws {
        let folder = try TemporaryFolder()
        for index in 0..<200 {
            try folder.write("n\(index % 7)/노트\(index).md", "\(index)")
        }
        let first = try VaultLoader.load(root: folder.url, ignore: [])
        let second = try VaultLoader.load(root: folder.url, ignore: [])
        #expect(first.notes.count == 200)
        #expect(first.notes.map(\.path) == first.notes.map(\.path).sorted())
        #expect(first.notes.map(\.bytes) == second.notes.map(\.bytes))
        for note in first.notes {
            #expect(note.path.stem == "노트" + String(decoding: note.bytes, as: UTF8.self))
        }
    }
}

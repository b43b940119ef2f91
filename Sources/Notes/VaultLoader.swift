import Diagnostics
public import Foundation
import Dispatch

/// The load phase: walks the content folder and reads every note's bytes.
///
/// Skips names starting with `.` (`.obsidian/`, `.git/`) or `_` (`_private/`, `_templates/`),
/// paths matched by an ignore glob, and symbolic links leading outside the content folder. Paths
/// are NFC-normalised; two files whose names differ only in normalisation (as happens when a
/// vault is copied between macOS and Linux) keep the first and warn.
public enum VaultLoader {
    /// - Throws: `VaultError` when `root` is missing or not a folder.
    public static func load(root: URL, ignore: [Glob]) throws -> Vault {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
            throw VaultError("content folder \(displayPath(root)) does not exist",
                             hint: "create it, or point the content setting at your notes folder")
        }
        guard isDirectory.boolValue else {
            throw VaultError("content folder \(displayPath(root)) is not a folder",
                             hint: "point the content setting at the folder that holds your notes")
        }
        var walk = Walk(root: root, ignore: ignore)
        walk.visit(folder: root, relative: "")

        let found = walk.notes
        let slots = UnsafeMutableBufferPointer<Result<[UInt8], any Error>?>.allocate(capacity: found.count)
        slots.initialize(repeating: nil)
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        // Each iteration writes only its own slot, so the shared buffer needs no lock; the
        // order of results is the order of `found`, whatever order the threads finish in.
        let shared = SlotBuffer(slots)
        DispatchQueue.concurrentPerform(iterations: found.count) { index in
            shared.store(Result { try readBytes(found[index].url) }, at: index)
        }
        var notes: [SourceFile] = []
        notes.reserveCapacity(found.count)
        var diagnostics = walk.diagnostics
        for (index, file) in found.enumerated() {
            switch slots[index] {
            case .success(let bytes):
                notes.append(SourceFile(path: file.path, url: file.url, bytes: bytes))
            case .failure(let error):
                diagnostics.append(.warning("unreadable", "cannot read \(file.path): \(error.localizedDescription); skipping it",
                                            at: SourceLocation(file: file.path.string, line: 1, column: 1)))
            case nil:
                break
            }
        }
        notes.sort { $0.path < $1.path }
        diagnostics.sort()
        return Vault(root: root, notes: notes, assets: walk.assets, diagnostics: diagnostics)
    }

    private static func readBytes(_ url: URL) throws -> [UInt8] {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        guard let data = try handle.readToEnd() else { return [] }
        return [UInt8](data)
    }

    /// `./notes` for a folder under the working directory, the absolute path otherwise: what
    /// the user typed, more or less, which is what an error message should echo.
    static func displayPath(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        if path == cwd { return "." }
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        if path.hasPrefix(prefix) { return "./" + path.dropFirst(prefix.count) }
        return path
    }

    /// Slots written from `concurrentPerform`, one per index.
    private final class SlotBuffer: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<Result<[UInt8], any Error>?>
        init(_ slots: UnsafeMutableBufferPointer<Result<[UInt8], any Error>?>) { self.slots = slots }
        func store(_ value: Result<[UInt8], any Error>, at index: Int) { slots[index] = value }
    }

    /// The folder walk: single-threaded (it is mostly waiting on the file system), in byte order
    /// of names so that "the first" of two clashing names means the same on every run.
    private struct Walk {
        let root: URL
        let realRoot: String
        let ignore: [Glob]
        var notes: [(path: NotePath, url: URL)] = []
        var assets: [NotePath: URL] = [:]
        var diagnostics: [Diagnostic] = []
        /// The name as found on disk for each normalised path, to name both sides of a clash.
        private var spelling: [NotePath: String] = [:]
        /// Real paths of the folders being read, outermost first: a link to one of them would
        /// loop forever. (A link to a sibling folder is followed; its notes appear twice, once
        /// under each path, as the author linked them.)
        private var openFolders: Set<String> = []

        init(root: URL, ignore: [Glob]) {
            self.root = root
            self.realRoot = root.resolvingSymlinksInPath().standardizedFileURL.path
            self.ignore = ignore
        }

        mutating func visit(folder: URL, relative: String) {
            let fileManager = FileManager.default
            let real = folder.resolvingSymlinksInPath().standardizedFileURL.path
            guard openFolders.insert(real).inserted else {
                diagnostics.append(.warning("symlink-loop", "\(relative) is a link to a folder that contains it; skipping it",
                                            at: location(relative)))
                return
            }
            defer { openFolders.remove(real) }
            let names: [String]
            do {
                names = try fileManager.contentsOfDirectory(atPath: folder.path)
            } catch {
                diagnostics.append(.warning("unreadable", "cannot list \(relative.isEmpty ? "the content folder" : relative): \(error.localizedDescription)",
                                            at: location(relative)))
                return
            }
            // Byte order, not `<` on String: Swift compares strings by canonical equivalence,
            // which would make an NFC and an NFD name tie and their order depend on chance.
            for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                guard let first = name.unicodeScalars.first, first != ".", first != "_" else { continue }
                let rawRelative = relative.isEmpty ? name : relative + "/" + name
                guard let path = NotePath(normalizing: rawRelative), !path.string.isEmpty else { continue }
                let url = folder.appendingPathComponent(name)

                var isFolder = false
                let type = Self.fileType(url.path)
                if type == .symbolicLink {
                    let target = url.resolvingSymlinksInPath().standardizedFileURL.path
                    guard target == realRoot || target.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/") else {
                        diagnostics.append(.warning(
                            "outside-content", "\(path) is a symbolic link to \(target), outside the content folder; skipping it",
                            at: location(path.string),
                            hint: "move the files into the content folder, or remove the link"))
                        continue
                    }
                    var targetIsFolder: ObjCBool = false
                    guard fileManager.fileExists(atPath: target, isDirectory: &targetIsFolder) else {
                        diagnostics.append(.warning("unreadable", "\(path) is a symbolic link to \(target), which does not exist; skipping it",
                                                    at: location(path.string)))
                        continue
                    }
                    isFolder = targetIsFolder.boolValue
                } else {
                    isFolder = type == .directory
                }

                if ignore.contains(where: { $0.matches(path, isDirectory: isFolder) }) { continue }
                if isFolder {
                    visit(folder: url, relative: rawRelative)
                    continue
                }
                if let earlier = spelling[path] {
                    diagnostics.append(.warning(
                        "duplicate-path",
                        "\(earlier) (\(Self.form(earlier))) and \(rawRelative) (\(Self.form(rawRelative))) are the same path after Unicode normalisation; keeping \(earlier)",
                        at: location(path.string),
                        hint: "rename or delete one of them"))
                    continue
                }
                spelling[path] = rawRelative
                if path.isMarkdown {
                    notes.append((path, url))
                } else {
                    assets[path] = url
                }
            }
        }

        enum FileType { case directory, symbolicLink, other }

        /// What `path` itself is, links not followed: one `lstat`, where FileManager's
        /// attributes build a dictionary of every attribute for each of ten thousand files.
        /// Nil when it cannot be read; the read that follows reports it.
        static func fileType(_ path: String) -> FileType? {
            var info = stat()
            guard lstat(path, &info) == 0 else { return nil }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: return .directory
            case S_IFLNK: return .symbolicLink
            default: return .other
            }
        }

        private func location(_ relative: String) -> SourceLocation {
            SourceLocation(file: relative.isEmpty ? "." : relative, line: 1, column: 1)
        }

        /// "NFC" or "NFD", compared byte for byte, to tell two look-alike names apart in a message.
        private static func form(_ text: String) -> String {
            if text.utf8.elementsEqual(text.precomposedStringWithCanonicalMapping.utf8) { return "NFC" }
            if text.utf8.elementsEqual(text.decomposedStringWithCanonicalMapping.utf8) { return "NFD" }
            return "mixed normalisation"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import Diagnostics
public import Foundation

/// The load phase: walks the content folder and reads every note's bytes.
///
/// Skips names starting with `.` (`.obsidian/`, `.git/`) or `_` (`_private/`, `_templates/`),
/// paths matched by an ignore glob, and symbolic links leading outside the content folder. Paths
/// are NFC-normalised; two files whose names differ only in normalisation (as happens when a
/// vault is copied between macOS and Linux) keep the first and warn.
public enum VaultLoader {
    /// The walk and the read: every note with its bytes.
    ///
    /// - Throws: `VaultError` when `root` is missing or not a folder.
    public static func load(root: URL, ignore: [Glob]) throws -> Vault {
        var vault = try find(root: root, ignore: ignore)
        // Read on every core, results in the order of the notes.
        let read = vault.notes.parallelMap { readNote($0) }
        vault.notes = vault.keepReadable(read)
        return vault
    }

    /// The walk alone: every note's path and URL, sorted by path, with no bytes yet, for a
    /// caller that reads each note where it uses it (`readNote(_:)`), as the build's parse does:
    /// a note read on the thread that parses it is decoded while it is in the cache, and its
    /// memory serves the next note there. The diagnostics are the walk's, sorted.
    ///
    /// - Throws: `VaultError` when `root` is missing or not a folder.
    public static func find(root: URL, ignore: [Glob]) throws -> Vault {
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

        var found = walk.notes
        found.sort { $0.path < $1.path }
        // The URLs are made on every core: Foundation parses each one, and the walk only needs
        // the path.
        let notes = found.parallelMap { file in
            SourceFile(path: file.path, url: URL(fileURLWithPath: file.fsPath, isDirectory: false), bytes: [])
        }
        return Vault(root: root, notes: notes, assets: walk.assets, diagnostics: walk.diagnostics.sorted())
    }

    /// `file` with its bytes read from its URL, or the warning that it cannot be read, which
    /// skips the note.
    public static func readNote(_ file: SourceFile) -> Result<SourceFile, Diagnostic> {
        do {
            var read = file
            read.bytes = try file.url.withUnsafeFileSystemRepresentation { path in
                guard let path else { throw ReadError(errno: ENOENT) }
                return try readBytes(path)
            }
            return .success(read)
        } catch {
            return .failure(.warning("unreadable", "cannot read \(file.path): \(error.localizedDescription); skipping it",
                                     at: SourceLocation(file: file.path.string, line: 1, column: 1)))
        }
    }

    /// A file's bytes in one `read` into an array of its size (`fstat`), read again while the
    /// file turns out longer; FileHandle and Data cost a copy and several calls more per note.
    private static func readBytes(_ path: UnsafePointer<CChar>) throws -> [UInt8] {
        // O_NONBLOCK: opening a named pipe (`mkfifo note.md`) otherwise waits for a writer,
        // and the build hangs. It changes nothing for a regular file, the only kind read.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw ReadError(errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ReadError(errno: errno) }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { throw ReadError(errno: EISDIR) }
        // A device (`/dev/zero` behind a link) or a socket would be read forever or not at all.
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw ReadError(errno: EINVAL, message: "not a regular file") }
        // One byte more than the size, so that reaching the end is seen without a second read
        // call that fills nothing; the array's memory is written by `read` alone, not zeroed first.
        let size = max(Int(info.st_size), 0)
        let capacity = size + 1
        var bytes = try [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            initialized = 0
            while initialized < buffer.count {
                let wanted = buffer.count - initialized
                let n = read(fd, buffer.baseAddress! + initialized, wanted)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ReadError(errno: errno)
                }
                if n == 0 { return }
                initialized += n
                // A read of a regular file that fills less than asked has met the end: with the
                // size reached, asking again would only return 0 (a second call per note).
                if n < wanted, initialized >= size { return }
            }
        }
        // The file grew after `fstat`: the rest, a chunk at a time.
        guard bytes.count == capacity else { return bytes }
        var chunk = [UInt8](repeating: 0, count: max(capacity, 4096))
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(errno: errno)
            }
            if n == 0 { return bytes }
            bytes += chunk[..<n]
        }
    }

    /// A failed system call while reading a note, worded by the system (`strerror`).
    struct ReadError: Error, LocalizedError {
        var errno: Int32
        /// What to say instead of `strerror`, where its words would mislead.
        var message: String? = nil
        var errorDescription: String? { message ?? String(cString: strerror(errno)) }
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

    /// The folder walk: single-threaded (it is mostly waiting on the file system), in byte order
    /// of names so that "the first" of two clashing names means the same on every run.
    private struct Walk {
        let root: URL
        let realRoot: String
        let ignore: [Glob]
        /// Notes by path, with where they are on disk (`fsPath`): their URLs are made later, in
        /// parallel.
        var notes: [(path: NotePath, fsPath: String)] = []
        var assets: [NotePath: URL] = [:]
        var diagnostics: [Diagnostic] = []
        /// The name as found on disk for each normalised path, to name both sides of a clash;
        /// kept only once a name that is not NFC has been seen (`sawDenormalName`).
        private var spelling: [NotePath: String] = [:]
        private var sawDenormalName = false
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
            visit(folder: folder.path, relative: relative)
        }

        mutating func visit(folder: String, relative: String) {
            let fileManager = FileManager.default
            let real = URL(fileURLWithPath: folder, isDirectory: true).resolvingSymlinksInPath().standardizedFileURL.path
            guard openFolders.insert(real).inserted else {
                diagnostics.append(.warning("symlink-loop", "\(relative) is a link to a folder that contains it; skipping it",
                                            at: location(relative)))
                return
            }
            defer { openFolders.remove(real) }
            let entries: [(name: String, type: FileType?)]
            switch Self.entries(of: folder) {
            case .success(let found):
                entries = found
            case .failure(let error):
                diagnostics.append(.warning("unreadable", "cannot list \(relative.isEmpty ? "the content folder" : relative): \(error.localizedDescription)",
                                            at: location(relative)))
                return
            }
            // What every name of the folder is appended to, worked out once per folder.
            let relativePrefix = relative.isEmpty ? "" : relative + "/"
            let folderPrefix = folder.hasSuffix("/") ? folder : folder + "/"
            // Byte order, not `<` on String: Swift compares strings by canonical equivalence,
            // which would make an NFC and an NFD name tie and their order depend on chance.
            for (name, listedType) in VaultLoader.inByteOrder(entries) {
                // The first scalar is `.` or `_` exactly when the first byte is (both ASCII).
                guard let first = name.utf8.first, first != 0x2E, first != 0x5F else { continue }
                let rawRelative = VaultLoader.concatenate(relativePrefix, name)
                guard let path = NotePath(normalizing: rawRelative), !path.string.isEmpty else { continue }
                let fsPath = VaultLoader.concatenate(folderPrefix, name)

                var isFolder = false
                let type = listedType ?? Self.fileType(fsPath)
                if type == .symbolicLink {
                    let target = URL(fileURLWithPath: fsPath).resolvingSymlinksInPath().standardizedFileURL.path
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
                    if !isFolder, Self.fileType(target) == .special {
                        skipSpecial(path)
                        continue
                    }
                } else if type == .special {
                    skipSpecial(path)
                    continue
                } else {
                    isFolder = type == .directory
                }

                if ignore.contains(where: { $0.matches(path, isDirectory: isFolder) }) { continue }
                if isFolder {
                    visit(folder: fsPath, relative: rawRelative)
                    continue
                }
                // Two names can clash only when one of them is not NFC: while every name so far
                // was its own normal form, no table is kept (a hash of each of ten thousand
                // paths, on one core); the first name that is not fills it from what was seen.
                if !sawDenormalName, !String.sameBytes(rawRelative, path.string) {
                    sawDenormalName = true
                    for (seen, _) in notes { spelling[seen] = seen.string }
                    for seen in assets.keys { spelling[seen] = seen.string }
                }
                if sawDenormalName, let earlier = spelling[path] {
                    diagnostics.append(.warning(
                        "duplicate-path",
                        "\(earlier) (\(Self.form(earlier))) and \(rawRelative) (\(Self.form(rawRelative))) are the same path after Unicode normalisation; keeping \(earlier)",
                        at: location(path.string),
                        hint: "rename or delete one of them"))
                    continue
                }
                if sawDenormalName { spelling[path] = rawRelative }
                if path.isMarkdown {
                    notes.append((path, fsPath))
                } else {
                    assets[path] = URL(fileURLWithPath: fsPath, isDirectory: false)
                }
            }
        }

        /// `other` is a regular file (or one `lstat` could not read); `special` a named pipe,
        /// socket or device, which is neither a note nor an asset.
        enum FileType { case directory, symbolicLink, special, other }

        /// A named pipe, socket or device is left out with a warning: reading a pipe waits for a
        /// writer (the build hung), and a device may never end.
        private mutating func skipSpecial(_ path: NotePath) {
            diagnostics.append(.warning("unreadable", "\(path) is not a regular file (a named pipe, socket or device); skipping it",
                                        at: location(path.string)))
        }

        /// A folder's names with their types as `readdir` gives them (nil where the file system
        /// does not say, to be asked with `lstat`): one pass, where FileManager's listing and a
        /// `lstat` per name cost a call and an allocation more per file.
        static func entries(of folder: String) -> Result<[(name: String, type: FileType?)], ReadError> {
            guard let dir = opendir(folder) else { return .failure(ReadError(errno: errno)) }
            defer { closedir(dir) }
            var found: [(name: String, type: FileType?)] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name == "." || name == ".." { continue }
                let type: FileType? = switch Int32(entry.pointee.d_type) {
                case Int32(DT_DIR): .directory
                case Int32(DT_LNK): .symbolicLink
                case Int32(DT_UNKNOWN): nil
                case Int32(DT_FIFO), Int32(DT_SOCK), Int32(DT_CHR), Int32(DT_BLK): .special
                default: .other
                }
                found.append((name, type))
            }
            return .success(found)
        }

        /// What `path` itself is, links not followed: one `lstat`, where FileManager's
        /// attributes build a dictionary of every attribute for each of ten thousand files.
        /// Nil when it cannot be read; the read that follows reports it.
        static func fileType(_ path: String) -> FileType? {
            var info = stat()
            guard lstat(path, &info) == 0 else { return nil }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: return .directory
            case S_IFLNK: return .symbolicLink
            case S_IFIFO, S_IFSOCK, S_IFCHR, S_IFBLK: return .special
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

/// The walk's string work, apart from `Walk` for the tests that compare it with the general
/// operations it stands for.
extension VaultLoader {
    /// `entries` sorted by the bytes of their names (`String.bytesPrecede`), each name's
    /// first sixteen bytes read once beforehand (`String.SortPrefix`): the sort then compares
    /// two integers where it called `bytesPrecede`, which reads both strings, some twenty
    /// thousand times for ten thousand notes, on the one core the walk runs on. Names in a
    /// folder differ, so the order is total and the sort's stability does not matter.
    static func inByteOrder<Payload>(_ entries: [(name: String, type: Payload)]) -> [(name: String, type: Payload)] {
        let keys = entries.indices.map { (prefix: String.SortPrefix(entries[$0].name), index: $0) }
        // The names are read only where the prefixes tie: most comparisons touch no string.
        let sorted = keys.sorted { a, b in
            a.prefix != b.prefix ? a.prefix < b.prefix : String.bytesPrecede(entries[a.index].name, entries[b.index].name)
        }
        return sorted.map { entries[$0.index] }
    }

    /// `prefix + name` made in one allocation of their joint size: `+` copied the prefix
    /// and grew it again to append, twice for each of ten thousand files.
    static func concatenate(_ prefix: String, _ name: String) -> String {
        if prefix.isEmpty { return name }
        return prefix.withUTF8Bytes { a in
            name.withUTF8Bytes { b in
                String(unsafeUninitializedCapacity: a.count + b.count) { out in
                    if a.count > 0 { out.baseAddress!.update(from: a.baseAddress!, count: a.count) }
                    if b.count > 0 { (out.baseAddress! + a.count).update(from: b.baseAddress!, count: b.count) }
                    return a.count + b.count
                }
            }
        }
    }
}

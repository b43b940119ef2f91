#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics
import Foundation

/// The file-system work of writing a site, in POSIX calls: Foundation's `FileManager` and
/// `Data.write` cost milliseconds per call on Linux, and a site is tens of thousands of files.
enum FastFiles {
    struct Failure: Error {
        var path: String
        var message: String
    }

    /// `mkdir -p` for a folder whose parent chain may be missing.
    static func makeDirectories(_ path: String) throws(Failure) {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        guard errno == ENOENT else { throw Failure(path: path, message: String(cString: strerror(errno))) }
        let parent = (path as NSString).deletingLastPathComponent
        guard !parent.isEmpty, parent != path else { throw Failure(path: path, message: "no parent folder") }
        try makeDirectories(parent)
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw Failure(path: path, message: String(cString: strerror(errno)))
        }
    }

    static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let fd = try create(path)
        defer { close(fd) }
        // `withUnsafeBytes` throws untyped errors: the failure comes out as a value.
        let failure = bytes.withUnsafeBytes { buffer -> Failure? in
            do throws(Failure) { try write(buffer, to: fd, path: path) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// A file made of the pieces `body` hands to its argument, written as they come.
    /// `body`'s own errors pass through; a failed write is a `Failure`.
    static func write(to path: String,
                      streaming body: (_ emit: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let fd = try create(path)
        defer { close(fd) }
        try body { piece in try write(piece, to: fd, path: path) }
    }

    private static func create(_ path: String) throws(Failure) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(path: path, message: String(cString: strerror(errno))) }
        return fd
    }

    private static func write(_ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String) throws(Failure) {
        guard let base = bytes.baseAddress else { return }
        var written = 0
        while written < bytes.count {
            let n = Glibc.write(fd, base + written, bytes.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, message: String(cString: strerror(errno)))
            }
            written += n
        }
    }

    static func copy(_ source: String, to destination: String) throws(Failure) {
        guard let data = FileManager.default.contents(atPath: source) else {
            throw Failure(path: source, message: "cannot read it")
        }
        try write(Array(data), to: destination)
    }

    /// `rm -rf` without following symbolic links.
    static func removeTree(_ path: String) throws(Failure) {
        guard let isFolder = try kind(of: path) else { return }
        try remove(path, isFolder: isFolder)
    }

    /// `removeTree` on every core: the folder's grandchildren are removed in parallel, then the
    /// folders above them. A site's pages sit two or three folders deep, and deleting a previous
    /// site of tens of thousands of files is otherwise most of a rebuild's last second.
    static func removeTreeInParallel(_ path: String) throws(Failure) {
        guard let isFolder = try kind(of: path) else { return }
        guard isFolder else { return try remove(path, isFolder: false) }
        var folders: [String] = []
        var work: [(path: String, isFolder: Bool)] = []
        for child in try entries(of: path) {
            let childPath = path + "/" + child.name
            if child.isFolder {
                folders.append(childPath)
                for grandchild in try entries(of: childPath) {
                    work.append((childPath + "/" + grandchild.name, grandchild.isFolder))
                }
            } else {
                work.append((childPath, false))
            }
        }
        let failures = work.parallelMap { item -> Failure? in
            do throws(Failure) { try remove(item.path, isFolder: item.isFolder) } catch { return error }
            return nil
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        for folder in folders + [path] where rmdir(folder) != 0 {
            throw Failure(path: folder, message: String(cString: strerror(errno)))
        }
    }

    /// Removes `path`, whose kind the caller knows (from `lstat` or its folder's listing).
    private static func remove(_ path: String, isFolder: Bool) throws(Failure) {
        if isFolder {
            try removeContents(of: open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), path: path)
            if rmdir(path) != 0 { throw Failure(path: path, message: String(cString: strerror(errno))) }
        } else if unlink(path) != 0 {
            throw Failure(path: path, message: String(cString: strerror(errno)))
        }
    }

    /// Empties the folder open as `fd` (and closes it) with calls relative to it (`unlinkat`),
    /// so the kernel does not walk the whole path again for every file, and the kinds come from
    /// the listing's `d_type`, so no entry needs an `lstat`.
    private static func removeContents(of fd: Int32, path: String) throws(Failure) {
        guard fd >= 0 else { throw Failure(path: path, message: String(cString: strerror(errno))) }
        guard let dir = fdopendir(fd) else {
            let failure = Failure(path: path, message: String(cString: strerror(errno)))
            close(fd)
            throw failure
        }
        defer { closedir(dir) }
        for entry in try entries(of: dir, path: path) {
            if entry.isFolder {
                try removeContents(of: openat(fd, entry.name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC),
                                   path: path + "/" + entry.name)
            }
            if unlinkat(fd, entry.name, entry.isFolder ? AT_REMOVEDIR : 0) != 0 {
                throw Failure(path: path + "/" + entry.name, message: String(cString: strerror(errno)))
            }
        }
    }

    /// true for a folder, false for anything else (a symbolic link included), nil when nothing
    /// is there.
    private static func kind(of path: String) throws(Failure) -> Bool? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw Failure(path: path, message: String(cString: strerror(errno)))
        }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// A folder's entries, `.` and `..` left out: the name, and whether it is a folder (a
    /// symbolic link to one is not).
    private static func entries(of path: String) throws(Failure) -> [(name: String, isFolder: Bool)] {
        guard let dir = opendir(path) else { throw Failure(path: path, message: String(cString: strerror(errno))) }
        defer { closedir(dir) }
        return try entries(of: dir, path: path)
    }

    /// The entries of an open folder, all read before the caller removes any: a folder changed
    /// while `readdir` walks it may skip entries. `d_type` says what each is; where the file
    /// system does not tell (`DT_UNKNOWN`), `fstatat` does, without following links.
    private static func entries(of dir: OpaquePointer, path: String) throws(Failure) -> [(name: String, isFolder: Bool)] {
        let fd = dirfd(dir)
        var found: [(name: String, isFolder: Bool)] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw Failure(path: path, message: String(cString: strerror(errno))) }
                break
            }
            let type = entry.pointee.d_type
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name == "." || name == ".." { continue }
            var isFolder = type == UInt8(DT_DIR)
            if type == UInt8(DT_UNKNOWN) {
                var info = stat()
                guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                    throw Failure(path: path + "/" + name, message: String(cString: strerror(errno)))
                }
                isFolder = (info.st_mode & S_IFMT) == S_IFDIR
            }
            found.append((name, isFolder))
        }
        return found
    }
}

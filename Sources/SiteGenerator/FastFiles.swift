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
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(path: path, message: String(cString: strerror(errno))) }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
            }
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
        guard let isDirectory = try kind(of: path) else { return }
        if isDirectory {
            for child in try children(of: path) { try removeTree(child) }
            if rmdir(path) != 0 { throw Failure(path: path, message: String(cString: strerror(errno))) }
        } else if unlink(path) != 0 {
            throw Failure(path: path, message: String(cString: strerror(errno)))
        }
    }

    /// `removeTree` on every core: the folder's grandchildren are removed in parallel, then the
    /// folders above them. A site's pages sit two or three folders deep, and deleting a previous
    /// site of tens of thousands of files is otherwise most of a rebuild's last second.
    static func removeTreeInParallel(_ path: String) throws(Failure) {
        guard let isDirectory = try kind(of: path) else { return }
        guard isDirectory else { return try removeTree(path) }
        var folders: [String] = []
        var work: [String] = []
        for child in try children(of: path) {
            if try kind(of: child) == true {
                folders.append(child)
                work += try children(of: child)
            } else {
                work.append(child)
            }
        }
        let failures = work.parallelMap { item -> Failure? in
            do throws(Failure) { try removeTree(item) } catch { return error }
            return nil
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        for folder in folders + [path] where rmdir(folder) != 0 {
            throw Failure(path: folder, message: String(cString: strerror(errno)))
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

    /// The full paths of a folder's entries.
    private static func children(of path: String) throws(Failure) -> [String] {
        guard let dir = opendir(path) else { throw Failure(path: path, message: String(cString: strerror(errno))) }
        defer { closedir(dir) }
        var children: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { children.append(path + "/" + name) }
        }
        return children
    }
}

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
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw Failure(path: path, message: String(cString: strerror(errno)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            guard let dir = opendir(path) else { throw Failure(path: path, message: String(cString: strerror(errno))) }
            var children: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name != "." && name != ".." { children.append(path + "/" + name) }
            }
            closedir(dir)
            for child in children { try removeTree(child) }
            if rmdir(path) != 0 { throw Failure(path: path, message: String(cString: strerror(errno))) }
        } else if unlink(path) != 0 {
            throw Failure(path: path, message: String(cString: strerror(errno)))
        }
    }
}

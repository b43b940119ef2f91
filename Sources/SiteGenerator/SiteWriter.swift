#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics
public import Foundation

/// Writes a rendered site to disk so that a reader never sees a half-written site and files of
/// deleted notes disappear.
///
/// The output folder belongs to notegraph: each build replaces it entirely, and nothing else in
/// it survives. The files go to a sibling `<output>.tmp-<pid>` first; only when every one is
/// written is the old folder renamed away (`<output>.old-<pid>`), the new one renamed in, and the
/// old one deleted. If anything fails the temporary folder is removed and the previous site is
/// left as it was.
///
/// As a safety net it refuses an output folder that holds a `.git`, that is the file-system root
/// or the home folder, that contains (or is) one of the `protecting` folders (pass the content
/// folder), or that contains a file the site copies from.
public enum SiteWriter {
    /// Writes `files` and swaps them in: `SiteStaging` for a list already in memory.
    public static func write(_ files: [OutputFile], to output: URL, protecting protected: [URL] = []) throws {
        let copies = files.compactMap { file -> URL? in
            if case .copy(let source) = file.contents { return source } else { return nil }
        }
        let staging = try SiteStaging(output: output, protecting: protected, copiesFrom: copies)
        let failures = files.parallelMap { file -> (any Error)? in
            do { try staging.write(file) } catch { return error }
            return nil
        }
        if let failure = failures.lazy.compactMap({ $0 }).first {
            staging.discard()
            throw failure
        }
        try staging.commit()
    }

    static func checkTarget(_ target: URL, copiesFrom sources: [URL], protecting protected: [URL]) throws {
        let fm = FileManager.default
        let resolved = target.resolvingSymlinksInPath().standardizedFileURL
        let hint = "choose an output folder of its own, such as site/ (notegraph replaces it on every build)"
        if resolved.path == "/" || resolved.path == fm.homeDirectoryForCurrentUser.resolvingSymlinksInPath().standardizedFileURL.path {
            throw SiteError("refusing to replace \(target.path) with the site", hint: hint)
        }
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: resolved.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw SiteError("the output \(target.path) is a file, not a folder", hint: hint)
            }
            if fm.fileExists(atPath: resolved.appendingPathComponent(".git").path) {
                throw SiteError("refusing to replace \(target.path): it holds a Git repository (.git), and every build deletes everything in the output folder",
                                hint: hint)
            }
        }
        for folder in protected where isSame(resolved, orAncestorOf: folder) {
            throw SiteError("refusing to write the site to \(target.path): it contains \(folder.path), which would be deleted",
                            hint: hint)
        }
        for source in sources where isSame(resolved, orAncestorOf: source) {
            throw SiteError("refusing to write the site to \(target.path): it contains \(source.path), a file the site copies from",
                            hint: hint)
        }
    }

    /// Whether `folder` is `other` or one of its ancestors (after resolving symbolic links).
    static func isSame(_ folder: URL, orAncestorOf other: URL) -> Bool {
        let a = folder.resolvingSymlinksInPath().standardizedFileURL.pathComponents
        let b = other.resolvingSymlinksInPath().standardizedFileURL.pathComponents
        return b.count >= a.count && Array(b.prefix(a.count)) == a
    }
}

/// A site being written. Files go into a sibling `<output>.tmp-<pid>` as soon as they are made
/// (from any thread), so a build never holds the whole site in memory; `commit` renames the old
/// folder away, the new one in, and deletes the old one; `discard` removes the staging folder
/// and leaves the previous site as it was.
public final class SiteStaging: @unchecked Sendable {
    private let target: URL
    private let staging: URL
    /// `staging.path`, read once: `URL.path` builds a new String on every call (some four
    /// thousand instructions), and every file written needs it once or twice.
    private let stagingPath: String
    private let retired: URL
    private let lock = NSLock()
    /// Folders made so far (relative), and paths written: each path may be claimed once.
    private var folders: Set<String> = [""]
    private var written: Set<String> = []
    private var finished = false

    /// Checks the output folder (see `SiteWriter`) and makes an empty staging folder beside it.
    /// `copiesFrom`: the files the site will copy, which must not lie inside the output.
    public init(output: URL, protecting protected: [URL] = [], copiesFrom sources: [URL] = []) throws {
        let fm = FileManager.default
        target = output.absoluteURL.standardizedFileURL
        try SiteWriter.checkTarget(target, copiesFrom: sources, protecting: protected)
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        staging = parent.appendingPathComponent("\(name).tmp-\(pid)")
        stagingPath = staging.path
        retired = parent.appendingPathComponent("\(name).old-\(pid)")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try FastFiles.removeTree(staging.path)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw SiteError("cannot create the staging folder \(staging.path): \(error.localizedDescription)",
                            hint: "check that \(parent.path) is writable")
        }
        Self.removeLeftovers(beside: target)
    }

    /// Staging and retired folders of builds that were killed (`site.tmp-123` whose process 123
    /// is gone): nothing else would ever remove them. A live build's folders are left alone.
    static func removeLeftovers(beside target: URL) {
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        guard let siblings = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for sibling in siblings {
            for marker in [".tmp-", ".old-"] where sibling.hasPrefix(name + marker) {
                guard let pid = Int32(sibling.dropFirst(name.count + marker.count)), pid > 0,
                      kill(pid, 0) != 0, errno == ESRCH else { continue }
                try? FastFiles.removeTree(parent.appendingPathComponent(sibling).path)
            }
        }
    }

    /// How many files have been written.
    public var count: Int { lock.withLock { written.count } }

    /// Writes one file into the staging folder; safe to call from several threads at once.
    public func write(_ file: OutputFile) throws {
        let destination = try destination(of: file.path)
        switch file.contents {
        case .data(let bytes):
            do throws(FastFiles.Failure) {
                try FastFiles.write(bytes, to: destination)
            } catch {
                throw SiteError("cannot write \(file.path): \(error.message)")
            }
        case .copy(let source):
            do throws(FastFiles.Failure) {
                try FastFiles.copy(source.resolvingSymlinksInPath().path, to: destination)
            } catch {
                throw SiteError("cannot copy \(source.path) to \(file.path): \(error.message)",
                                hint: FileManager.default.fileExists(atPath: source.path) ? nil : "the file does not exist (anymore)")
            }
        }
    }

    /// Writes one file into the staging folder from the pieces `body` hands to its argument,
    /// as they are made: a file of a hundred MB (graph.dot on a big vault) never whole in
    /// memory. Safe to call from several threads at once, like `write(_:)`.
    public func write(path: String,
                      streaming body: (_ emit: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let destination = try destination(of: path)
        do {
            try FastFiles.write(to: destination, streaming: body)
        } catch let error as FastFiles.Failure {
            throw SiteError("cannot write \(path): \(error.message)")
        }
    }

    /// Where the file at `path` goes in the staging folder, once the path is checked and
    /// claimed and its folder made.
    private func destination(of path: String) throws -> String {
        if let problem = OutputPath.problem(with: path) {
            throw SiteError("cannot write '\(path)': the path \(problem)")
        }
        try claim(path, in: Self.folder(of: path))
        return stagingPath + "/" + path
    }

    /// The folder part of a checked path (no empty component, not absolute): everything before
    /// its last `/`, or `""`. The same as splitting on `/`, dropping the last part and joining
    /// the rest, which this replaced (the split cost more than the file's write), since a
    /// checked path has no empty part for the split to omit.
    static func folder(of path: String) -> String {
        let cut = path.withUTF8Bytes { bytes -> Int in
            var i = bytes.count - 1
            while i >= 0, bytes[i] != 0x2F { i -= 1 }
            return max(i, 0)
        }
        if cut == 0 { return "" }
        return String(path.utf8[..<path.utf8.index(path.utf8.startIndex, offsetBy: cut)])!
    }

    /// Claims `path` (once) and makes its folder unless it is known to exist. Only the
    /// bookkeeping is under the lock: `mkdir` can take milliseconds on a busy file system, and
    /// two threads making the same folder is harmless (`mkdir -p` accepts one that exists).
    private func claim(_ path: String, in folder: String) throws {
        let known: Bool = try lock.withLock {
            guard !finished else { throw SiteError("cannot write '\(path)': the site is already finished") }
            guard written.insert(path).inserted else {
                throw SiteError("'\(path)' appears twice in the files to write")
            }
            return folders.contains(folder)
        }
        guard !known else { return }
        do throws(FastFiles.Failure) {
            try FastFiles.makeDirectories(stagingPath + "/" + folder)
        } catch {
            throw SiteError("cannot create \(error.path): \(error.message)")
        }
        lock.withLock { _ = folders.insert(folder) }
    }

    /// Removes the staging folder; the previous site stays as it was.
    public func discard() {
        lock.withLock { finished = true }
        try? FastFiles.removeTree(staging.path)
    }

    /// Swaps the staging folder in for the output folder.
    public func commit() throws {
        lock.withLock { finished = true }
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            do {
                try FastFiles.removeTree(retired.path)
                try fm.moveItem(at: target, to: retired)
            } catch {
                try? FastFiles.removeTree(staging.path)
                throw SiteError("cannot move the previous site \(target.path) out of the way: \(error.localizedDescription)")
            }
            do {
                try fm.moveItem(at: staging, to: target)
            } catch {
                try? fm.moveItem(at: retired, to: target)
                try? fm.removeItem(at: staging)
                throw SiteError("cannot move the new site into \(target.path): \(error.localizedDescription)")
            }
            do {
                try FastFiles.removeTreeInParallel(retired.path)
            } catch {
                throw SiteError("the site was written, but the previous one could not be deleted from \(retired.path): \(error.message)",
                                hint: "delete that folder by hand")
            }
        } else {
            do {
                try fm.moveItem(at: staging, to: target)
            } catch {
                try? fm.removeItem(at: staging)
                throw SiteError("cannot move the new site into \(target.path): \(error.localizedDescription)")
            }
        }
    }
}

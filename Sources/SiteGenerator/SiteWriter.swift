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
    public static func write(_ files: [OutputFile], to output: URL, protecting protected: [URL] = []) throws {
        let fm = FileManager.default
        let target = output.absoluteURL.standardizedFileURL
        try checkTarget(target, files: files, protecting: protected)

        var seen: Set<String> = []
        for file in files {
            if let problem = OutputPath.problem(with: file.path) {
                throw SiteError("cannot write '\(file.path)': the path \(problem)")
            }
            guard seen.insert(file.path).inserted else {
                throw SiteError("'\(file.path)' appears twice in the files to write")
            }
        }

        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent("\(name).tmp-\(pid)")
        let retired = parent.appendingPathComponent("\(name).old-\(pid)")

        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try FastFiles.removeTree(staging.path)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw SiteError("cannot create the staging folder \(staging.path): \(error.localizedDescription)",
                            hint: "check that \(parent.path) is writable")
        }

        // Folders first (parents before children), then every file on every core.
        let sorted = files.sorted(by: { Theme.byteOrder($0.path, $1.path) })
        let root = staging.path
        var folders: Set<String> = [""]
        do throws(FastFiles.Failure) {
            for file in sorted {
                let folder = file.path.split(separator: "/").dropLast().joined(separator: "/")
                if folders.insert(folder).inserted {
                    try FastFiles.makeDirectories(root + "/" + folder)
                }
            }
        } catch {
            try? FastFiles.removeTree(root)
            throw SiteError("cannot create \(error.path): \(error.message)")
        }
        let failures = sorted.parallelMap { file -> SiteError? in
            let destination = root + "/" + file.path
            do throws(FastFiles.Failure) {
                switch file.contents {
                case .data(let bytes):
                    try FastFiles.write(bytes, to: destination)
                case .copy(let source):
                    do throws(FastFiles.Failure) {
                        try FastFiles.copy(source.resolvingSymlinksInPath().path, to: destination)
                    } catch {
                        return SiteError("cannot copy \(source.path) to \(file.path): \(error.message)",
                                         hint: FileManager.default.fileExists(atPath: source.path) ? nil : "the file does not exist (anymore)")
                    }
                }
            } catch {
                return SiteError("cannot write \(file.path): \(error.message)")
            }
            return nil
        }
        if let failure = failures.lazy.compactMap({ $0 }).first {
            try? FastFiles.removeTree(root)
            throw failure
        }

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
                try FastFiles.removeTree(retired.path)
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

    static func checkTarget(_ target: URL, files: [OutputFile], protecting protected: [URL]) throws {
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
        for file in files {
            if case .copy(let source) = file.contents, isSame(resolved, orAncestorOf: source) {
                throw SiteError("refusing to write the site to \(target.path): it contains \(source.path), a file the site copies from",
                                hint: hint)
            }
        }
    }

    /// Whether `folder` is `other` or one of its ancestors (after resolving symbolic links).
    static func isSame(_ folder: URL, orAncestorOf other: URL) -> Bool {
        let a = folder.resolvingSymlinksInPath().standardizedFileURL.pathComponents
        let b = other.resolvingSymlinksInPath().standardizedFileURL.pathComponents
        return b.count >= a.count && Array(b.prefix(a.count)) == a
    }
}

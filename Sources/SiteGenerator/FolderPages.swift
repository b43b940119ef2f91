import Diagnostics
import Notes

/// A page for each folder of the content tree that holds published notes (`dl/gan/` for the
/// notes under `dl/gan/`): its notes, its subfolders with how many notes each holds, and the
/// way up. Typing a note's URL without its last part (`dl/`) then finds a page, as it does on
/// the sites students compare with, and a note page's breadcrumbs lead somewhere.
///
/// A folder whose URL another page already has gets no page of its own: `dl/index.md` is
/// the page of `dl/` (Hugo's and Quartz's section index), and a folder named like the site's
/// own pages (`tags/`, `concepts/`) leaves them be. Only published notes make folders, so an
/// unpublished note's folder name shows nowhere.
struct FolderPage: Sendable {
    /// The folder in the content tree, `dl/gan`.
    var path: String
    /// Its last part, `gan`.
    var name: String
    var permalink: Permalink
    /// The notes directly inside, sorted by path.
    var notes: [NotePage]
    /// The folders directly inside, by path, with the notes each holds at any depth.
    var subfolders: [(path: String, name: String, count: Int)]
    /// The notes inside at any depth.
    var count: Int
}

enum FolderPages {
    /// The folder pages of `folders` (each with the notes directly inside), in path order,
    /// leaving out those whose output file is in `taken`.
    static func pages(_ folders: [SiteModel.Folder], taken: Set<String>) -> [FolderPage] {
        var direct: [String: [NotePage]] = [:]
        var count: [String: Int] = [:]
        var children: [String: Set<String>] = [:]
        for folder in folders where !folder.path.isEmpty {
            direct[folder.path] = folder.notes
            var path = folder.path
            while !path.isEmpty {
                count[path, default: 0] += folder.notes.count
                let parent = Self.parent(of: path)
                children[parent, default: []].insert(path)
                path = parent
            }
        }
        return count.keys.sorted(by: String.naturallyPrecede).compactMap { path -> FolderPage? in
            let permalink = Permalink(path + "/")
            guard !taken.contains(permalink.outputFile) else { return nil }
            let subfolders = (children[path] ?? []).sorted(by: String.naturallyPrecede).map { ($0, name(of: $0), count[$0]!) }
            return FolderPage(path: path, name: name(of: path), permalink: permalink, notes: direct[path] ?? [],
                              subfolders: subfolders, count: count[path]!)
        }
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The folders above a note or folder at `path` (`dl/gan/vae.md` → `dl`, `dl/gan`), each
    /// with its page when it has one.
    static func crumbs(ofFolder folder: String, pages: [String: Permalink]) -> [(name: String, permalink: Permalink?)] {
        guard !folder.isEmpty else { return [] }
        var out: [(String, Permalink?)] = []
        var path = folder
        while !path.isEmpty {
            out.append((name(of: path), pages[path]))
            path = parent(of: path)
        }
        return out.reversed()
    }
}

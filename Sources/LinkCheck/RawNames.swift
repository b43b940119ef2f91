public import Foundation
public import Notes

/// A relative path compared byte for byte. Swift's `String` equality and hashing follow
/// canonical equivalence, so an NFC and an NFD spelling of `한글.md` are equal `String`s; a
/// Linux file system, a web server and GitHub all tell them apart.
struct RawPath: Hashable, Sendable {
    let bytes: [UInt8]
    init(_ string: String) { bytes = Array(string.utf8) }
    var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// The names of the content folder's files exactly as the file system spells them.
///
/// Notes are indexed by `NotePath`, which is NFC-normalised so that a vault copied from macOS
/// builds the same; a link is written by hand in whatever form the keyboard produced. Whether
/// the raw link finds the raw file is what decides if it works on a case- and
/// normalisation-sensitive host.
public struct RawNames: Sendable {
    private var spelling: [NotePath: String] = [:]
    private var present: Set<RawPath> = []

    /// - Parameter files: every note and asset of the vault, with the URL it was read from
    ///   (below `root`).
    public init(root: URL, files: some Sequence<(NotePath, URL)>) {
        let prefixes = [root.path, root.standardizedFileURL.path].map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        for (path, url) in files {
            let full = url.path
            var raw = path.string
            if let prefix = prefixes.first(where: { full.utf8.starts(with: $0.utf8) }) {
                raw = String(decoding: full.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
            }
            spelling[path] = raw
            present.insert(RawPath(raw))
        }
    }

    /// For tests: the raw relative spelling of each path.
    public init(spellings: [NotePath: String]) {
        spelling = spellings
        present = Set(spellings.values.map(RawPath.init))
    }

    /// The file system's spelling of a vault path (the path itself when unknown).
    public func spelling(of path: NotePath) -> String { spelling[path] ?? path.string }

    /// Whether a file with exactly these bytes for a relative path exists.
    func exists(_ raw: String) -> Bool { present.contains(RawPath(raw)) }

    /// Resolves a reference written in the file at `source` against the source's raw folder,
    /// without any normalisation: `.` and empty components dropped, `..` climbing. Nil when the
    /// reference climbs above the content folder.
    func resolve(_ reference: String, from source: NotePath) -> String? {
        var parts: [Substring] = []
        if !reference.hasPrefix("/") {
            parts = NotePath.components(of: spelling(of: source))
            parts.removeLast()
        }
        guard NotePath.append(components: reference, to: &parts) else { return nil }
        return parts.joined(separator: "/")
    }

    /// Whether `written` (resolved, raw) reaches `target` on a byte-exact file system: the same
    /// bytes, or the same with `.md`/`.markdown` added, or `written` is the folder whose index
    /// or README the target is (servers and GitHub find those whatever their case).
    func reaches(_ written: String, _ target: NotePath) -> Bool {
        let actual = spelling(of: target)
        let raw = RawPath(actual)
        for candidate in [written, written + ".md", written + ".markdown"] where RawPath(candidate) == raw {
            return true
        }
        let folder = written.hasSuffix("/") ? String(written.dropLast()) : written
        if ["index", "readme", "_index"].contains(target.stem.lowercased()) {
            let actualFolder = actual.split(separator: "/").dropLast().joined(separator: "/")
            if RawPath(actualFolder) == RawPath(folder) { return true }
        }
        return false
    }
}

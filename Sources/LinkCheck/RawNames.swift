public import Foundation
public import Notes

/// A relative path compared byte for byte. Swift's `String` equality and hashing follow
/// canonical equivalence, so an NFC and an NFD spelling of `한글.md` are equal `String`s; a
/// Linux file system, a web server and GitHub all tell them apart.
struct RawPath: Hashable, Sendable {
    let bytes: [UInt8]
    init(_ string: String) { bytes = Array(string.utf8) }
    init(bytes: some Sequence<UInt8>) { self.bytes = Array(bytes) }
    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// The bytes in one call: the synthesised hash fed the hasher one byte at a time.
    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
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
        // The spellings are read from the URLs in chunks on every core (a URL's path is costly
        // on Linux), then filed in order, so a later file of the same path wins as before.
        let files = Array(files)
        let chunkSize = 1024
        let chunks = stride(from: 0, to: files.count, by: chunkSize).map { files[$0..<min($0 + chunkSize, files.count)] }
        let raws = chunks.parallelMap { chunk in
            chunk.map { path, url -> RawPath in
                let full = url.path
                guard let prefix = prefixes.first(where: { full.utf8.starts(with: $0.utf8) }) else { return RawPath(path.string) }
                return RawPath(bytes: full.utf8.dropFirst(prefix.utf8.count))
            }
        }
        spelling.reserveCapacity(files.count)
        present.reserveCapacity(files.count)
        var k = 0
        for chunk in raws {
            for raw in chunk {
                spelling[files[k].0] = raw.string
                present.insert(raw)
                k += 1
            }
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

    /// The file system's folder of a note or file, for resolving the references written in it.
    struct Folder: Sendable {
        /// The folder's raw path, components joined by `/`, without a trailing `/`.
        fileprivate var bytes: [UInt8] = []
        /// Where each component starts in `bytes`.
        fileprivate var starts: [Int] = []
    }

    /// The raw folder of the file at `source`.
    func folder(of source: NotePath) -> Folder {
        var folder = Folder()
        let parts = NotePath.components(of: spelling(of: source)).dropLast()
        for part in parts { folder.push(part.utf8) }
        return folder
    }

    /// Resolves a reference written in the file at `source` against the source's raw folder,
    /// without any normalisation: `.` and empty components dropped, `..` climbing. Nil when the
    /// reference climbs above the content folder.
    func resolve(_ reference: String, from source: NotePath) -> String? {
        resolve(reference, in: folder(of: source))
    }

    /// `resolve(_:from:)` against a folder made once per note: the check resolves every link of
    /// a note against the same folder, byte by byte (no array of components per link).
    func resolve(_ reference: String, in folder: Folder) -> String? {
        let path = reference.hasPrefix("/") ? Folder() : folder
        return reference.withUTF8Bytes { bytes -> String? in
            var path = path
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x2F { end += 1 }
                let component = UnsafeBufferPointer(rebasing: bytes[start..<end])
                switch component.count {
                case 0: break
                case 1 where component[0] == 0x2E: break
                case 2 where component[0] == 0x2E && component[1] == 0x2E:
                    guard path.pop() else { return nil }
                default: path.push(component)
                }
                start = end + 1
            }
            return String(decoding: path.bytes, as: UTF8.self)
        }
    }

    /// Whether `written` (resolved, raw) reaches `target` on a byte-exact file system: the same
    /// bytes, or the same with `.md`/`.markdown` added, or `written` is the folder whose index
    /// or README the target is (servers and GitHub find those whatever their case).
    func reaches(_ written: String, _ target: NotePath) -> Bool {
        let actual = spelling(of: target)
        let sameOrWithExtension = actual.withUTF8Bytes { actual in
            written.withUTF8Bytes { written -> Bool in
                guard actual.count >= written.count, actual.prefix(written.count).elementsEqual(written) else { return false }
                let rest = actual.dropFirst(written.count)
                return rest.isEmpty || rest.elementsEqual(".md".utf8) || rest.elementsEqual(".markdown".utf8)
            }
        }
        if sameOrWithExtension { return true }
        let folder = written.hasSuffix("/") ? String(written.dropLast()) : written
        if ["index", "readme", "_index"].contains(target.stem.lowercased()) {
            let actualFolder = actual.split(separator: "/").dropLast().joined(separator: "/")
            if RawPath(actualFolder) == RawPath(folder) { return true }
        }
        return false
    }
}

extension RawNames.Folder {
    fileprivate mutating func push(_ component: some Collection<UInt8>) {
        if !starts.isEmpty { bytes.append(0x2F) }
        starts.append(bytes.count)
        bytes += component
    }

    /// Climbs one folder; false above the top.
    fileprivate mutating func pop() -> Bool {
        guard let last = starts.popLast() else { return false }
        bytes.removeSubrange(max(0, last - 1)...)
        return true
    }
}

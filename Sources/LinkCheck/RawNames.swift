public import Foundation
public import Notes
import Diagnostics

/// A relative path compared byte for byte. Swift's `String` equality and hashing follow
/// canonical equivalence, so an NFC and an NFD spelling of `한글.md` are equal `String`s; a
/// Linux file system, a web server and GitHub all tell them apart.
///
/// The string is kept as it is and read through its bytes: no array per path (a lookup made
/// one, for every link checked), and its bytes fed to the hasher at once.
struct RawPath: Hashable, Sendable {
    let string: String
    init(_ string: String) { self.string = string }
    init(bytes: some Collection<UInt8>) { string = String(decoding: bytes, as: UTF8.self) }

    func hash(into hasher: inout Hasher) {
        string.withUTF8Bytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The lengths, then the bytes at once (`String.sameBytes`; `elementsEqual` walked them one
    /// at a time, at every probe of a lookup).
    static func == (a: RawPath, b: RawPath) -> Bool {
        String.sameBytes(a.string, b.string)
    }
}

/// The names of the content folder's files exactly as the file system spells them.
///
/// Notes are indexed by `NotePath`, which is NFC-normalised so that a vault copied from macOS
/// builds the same; a link is written by hand in whatever form the keyboard produced. Whether
/// the raw link finds the raw file is what decides if it works on a case- and
/// normalisation-sensitive host.
public struct RawNames: Sendable {
    /// The spellings by vault path, the path's string taken byte for byte: a `NotePath` is
    /// NFC (it is normalised when made, and joined only from pieces NFC leaves alone), and two
    /// NFC strings are canonically equivalent exactly when their bytes are equal, so this finds
    /// what a table keyed by `NotePath` finds, without normalising a path to hash it.
    private var spelling: [RawPath: String] = [:]
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
                return full.withUTF8Bytes { bytes in
                    for prefix in prefixes {
                        let matches = prefix.withUTF8Bytes { prefix in
                            bytes.count >= prefix.count && bytes[..<prefix.count].elementsEqual(prefix)
                        }
                        if matches { return RawPath(bytes: UnsafeBufferPointer(rebasing: bytes[prefix.utf8.count...])) }
                    }
                    return RawPath(path.string)
                }
            }
        }
        spelling.reserveCapacity(files.count)
        present.reserveCapacity(files.count)
        var k = 0
        for chunk in raws {
            for raw in chunk {
                spelling[RawPath(files[k].0.string)] = raw.string
                present.insert(raw)
                k += 1
            }
        }
    }

    /// For tests: the raw relative spelling of each path.
    public init(spellings: [NotePath: String]) {
        for (path, raw) in spellings { spelling[RawPath(path.string)] = raw }
        present = Set(spellings.values.map(RawPath.init))
    }

    /// The file system's spelling of a vault path (the path itself when unknown).
    public func spelling(of path: NotePath) -> String { spelling[RawPath(path.string)] ?? path.string }

    /// Whether a file with exactly these bytes for a relative path exists.
    func exists(_ raw: String) -> Bool { present.contains(RawPath(raw)) }

    /// The file system's folder of a note or file, for resolving the references written in it.
    struct Folder: Sendable {
        /// The folder's raw path, components joined by `/`, without a trailing `/`.
        fileprivate var bytes: [UInt8] = []
        /// Where each component starts in `bytes`.
        fileprivate var starts: [Int] = []
    }

    /// The raw folder of the file at `source`: the non-empty components of its spelling
    /// between `/` bytes (as `NotePath.components(of:)` splits it), but the last. Read from
    /// the spelling's bytes, with no array of substrings.
    func folder(of source: NotePath) -> Folder {
        folder(spelled: spelling(of: source))
    }

    /// `folder(of:)` of the file whose spelling (`spelling(of:)`) is `spelled`.
    func folder(spelled: String) -> Folder {
        var folder = Folder()
        spelled.withUTF8Bytes { bytes in
            folder.bytes.reserveCapacity(bytes.count)
            // The component before the one being read: pushed once another follows it.
            var pending: Range<Int>?
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x2F { end += 1 }
                if end > start {
                    if let pending { folder.push(UnsafeBufferPointer(rebasing: bytes[pending])) }
                    pending = start..<end
                }
                start = end + 1
            }
        }
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
    ///
    /// The path is written into a buffer on the stack: the folder's bytes, then each component,
    /// a `..` cutting back to where the last component started (the folder's own starts, then
    /// the components pushed here, on a stack in temporary storage). The buffer becomes the
    /// string without the standard library validating it again (`UTF8Text.string(ofValid:)`):
    /// it holds whole components of two valid strings cut at `/` bytes, joined by `/`, which is
    /// valid UTF-8; the validation was most of the cost of resolving a link.
    func resolve(_ reference: String, in folder: Folder) -> String? {
        // The byte first: `hasPrefix` compares Characters (`/` with a mark after it is not `/`).
        let base = reference.utf8.first == 0x2F && reference.hasPrefix("/") ? Folder() : folder
        return reference.withUTF8Bytes { bytes -> String? in
            // Each pushed component takes at least one byte of the reference and its `/`.
            withUnsafeTemporaryAllocation(of: Int.self, capacity: base.starts.count + bytes.count / 2 + 1) { starts -> String? in
                var depth = base.starts.count
                for k in 0..<depth { starts[k] = base.starts[k] }
                return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: base.bytes.count + bytes.count + 1) { out -> String? in
                    var length = base.bytes.count
                    base.bytes.withUnsafeBufferPointer { folder in
                        if !folder.isEmpty { out.baseAddress!.update(from: folder.baseAddress!, count: folder.count) }
                    }
                    var start = 0
                    while start <= bytes.count {
                        var end = start
                        while end < bytes.count, bytes[end] != 0x2F { end += 1 }
                        let count = end - start
                        if count == 0 || (count == 1 && bytes[start] == 0x2E) {
                            // Empty and `.` components stay where they are.
                        } else if count == 2 && bytes[start] == 0x2E && bytes[start + 1] == 0x2E {
                            guard depth > 0 else { return nil }
                            depth -= 1
                            length = max(0, starts[depth] - 1)
                        } else {
                            if depth > 0 {
                                out[length] = 0x2F
                                length += 1
                            }
                            starts[depth] = length
                            depth += 1
                            (out.baseAddress! + length).update(from: bytes.baseAddress! + start, count: count)
                            length += count
                        }
                        start = end + 1
                    }
                    let path = UnsafeBufferPointer(rebasing: out[..<length])
                    return UTF8Text.string(ofValid: path, isASCII: String.allASCII(UnsafeRawBufferPointer(path)))
                }
            }
        }
    }

    /// Whether `written` (resolved, raw) reaches `target` on a byte-exact file system: the same
    /// bytes, or the same with `.md`/`.markdown` added, or `written` is the folder whose index
    /// or README the target is (servers and GitHub find those whatever their case).
    func reaches(_ written: String, _ target: NotePath) -> Bool {
        reaches(written, target, spelled: spelling(of: target))
    }

    /// `reaches(_:_:)` with the target's spelling (`spelling(of:)`) already looked up: the
    /// check looks up each note's once, not once for every link to it.
    func reaches(_ written: String, _ target: NotePath, spelled actual: String) -> Bool {
        // The bytes compared with memcmp: the generic `elementsEqual` of slices went byte by
        // byte, three hundred instructions for every link to a note.
        let sameOrWithExtension = actual.withUTF8Bytes { actual in
            written.withUTF8Bytes { written -> Bool in
                guard actual.count >= written.count,
                      written.isEmpty || memcmp(actual.baseAddress!, written.baseAddress!, written.count) == 0 else { return false }
                let rest = actual.count - written.count
                guard rest > 0 else { return true }
                func restIs(_ suffix: StaticString) -> Bool {
                    rest == suffix.utf8CodeUnitCount && memcmp(actual.baseAddress! + written.count, suffix.utf8Start, rest) == 0
                }
                return restIs(".md") || restIs(".markdown")
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
}

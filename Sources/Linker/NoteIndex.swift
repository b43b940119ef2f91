import Diagnostics
import Foundation
public import Notes

/// Every name a note or file can be reached by, the way Obsidian resolves them: by path, by path
/// suffix, by file stem, by title and by alias, compared case-insensitively after NFC.
public struct NoteIndex: Sendable {
    /// The outcome of looking a name up.
    public enum Match: Sendable, Hashable {
        case note(Int)
        case asset(NotePath)
        /// Several notes answer to the name equally well; the first (by path) is used.
        case ambiguous([Int])
        case none
    }

    private let paths: [NotePath]
    /// Each note's title and aliases as written, for preferring an exact match among notes
    /// whose names differ only in case (`pick`).
    private let titles: [String]
    private let aliases: [[String]]
    private let names: NameTables
    /// The folders that hold published notes at any depth, `""` (the content folder) among them
    /// when any note is published: the folders the site has pages for (`Resolution.folder`).
    private let publishedFolders: Set<String>
    /// Every note name (stem, title, alias), for "did you mean" suggestions; nil when the
    /// index was built without them (`suggestions: false`).
    let suggester: Nearest?

    /// `suggestions: false` leaves out the suggestion index, for a link phase that writes no
    /// diagnostics (`Linker.link(diagnoses: false)`).
    public init(notes: [ParsedNote], assets: [NotePath], suggestions: Bool = true) {
        paths = notes.map(\.path)
        titles = notes.map(\.title)
        aliases = notes.map(\.note.frontMatter.aliases)
        publishedFolders = Self.folders(holding: notes.lazy.filter(\.isPublished).map(\.path))
        guard suggestions else {
            names = NameTables(notes: notes, assets: assets)
            suggester = nil
            return
        }
        // The name tables and the suggestion index are built side by side: each is a pass over
        // every name, and the link phase waits for both.
        (names, suggester) = concurrently(
            { NameTables(notes: notes, assets: assets) },
            { Nearest(notes.flatMap { [$0.path.stem, $0.title] + $0.note.frontMatter.aliases }) })
    }

    /// Every name a note or file answers to, in the form names are compared in: one entry per
    /// key, holding every way the key names something. A wikilink asks for its key, and for its
    /// key relative to the linking note's folder: two lookups, where one table per kind of name
    /// took five or six (a lookup costs several hundred instructions, for every wikilink).
    struct NameTables: Sendable {
        /// What one key names. Each list in the order the notes (or assets) come in.
        struct Entry: Sendable {
            var key: String
            /// Notes whose path, with or without extension, is the key ("dl/vae.md", "dl/vae").
            var paths: [Int] = []
            var stems: [Int] = []
            var titles: [Int] = []
            var aliases: [Int] = []
            /// The asset whose path is the key (the last of several).
            var asset: NotePath?
            /// Assets whose file name is the key.
            var assetsNamed: [NotePath] = []
        }

        private(set) var entries: [Entry] = []
        private var slots: [HashedKey: Int] = [:]

        /// A key with its hash (`hash(of:)`) worked out beforehand: the keys of the notes' names
        /// are hashed on every core (`NoteKeys.of`), and the table, filled on one, then only
        /// mixes that number in. Equal exactly when the strings are (`==` on `String`, as the
        /// table of strings compared), and equal strings have equal hashes, so every key finds
        /// the slot it found as a string. Two keys are told apart by their hashes first:
        /// equal strings hash alike, and the table compares a key with every other key its probe
        /// passes, by `String ==`, which compares a Korean key by canonical equivalence.
        struct HashedKey: Hashable, Sendable {
            let string: String
            let hash: Int

            init(_ string: String) {
                self.string = string
                hash = HashedKey.hash(of: string)
            }

            static func == (a: HashedKey, b: HashedKey) -> Bool { a.hash == b.hash && a.string == b.string }
            func hash(into hasher: inout Hasher) { hasher.combine(hash) }

            /// A hash that strings equal under `String ==` (canonical equivalence) share, as
            /// `hashValue` is, at a fraction of its cost: several hundred instructions a key, for
            /// each lookup of every link. Equal strings have the same NFC form, so hashing the
            /// bytes of that form (`nfc`, which returns a path or a Korean key in NFC as it is)
            /// gives them one hash. Which numbers come out does not matter: the table keeps its
            /// entries in an array, in the order keys first came.
            static func hash(of string: String) -> Int {
                string.nfc.withUTF8Bytes(bytesHash)
            }

            /// A hash of bytes, eight at a time: a multiply and a rotation per word, the length
            /// mixed in; `Dictionary` hashes the result again with its own seed.
            static func bytesHash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
                let raw = UnsafeRawBufferPointer(bytes)
                var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(bytes.count)
                @inline(__always) func mix(_ word: UInt64) {
                    h = ((h ^ word) &* 0x9E37_79B9_7F4A_7C15)
                    h = (h &<< 29) | (h &>> 35)
                }
                var i = 0
                while i + 8 <= bytes.count {
                    mix(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    i += 8
                }
                if i < bytes.count {
                    var tail: UInt64 = 0
                    for k in i..<bytes.count { tail |= UInt64(bytes[k]) &<< UInt64(8 * (k - i)) }
                    mix(tail)
                }
                h ^= h &>> 32
                return Int(truncatingIfNeeded: h &* 0xD6E8_FEB8_6659_FD93)
            }
        }

        init(notes: [ParsedNote], assets: [NotePath]) {
            // Room for every name at once, aliases too: past the room reserved, the table grew
            // once and hashed every key again (a sixth of the index's time, on 10,000 notes).
            // Over indices: handed each note, `reduce` copied the whole ParsedNote.
            let aliases = notes.indices.reduce(0) { $0 + notes[$1].note.frontMatter.aliases.count }
            slots.reserveCapacity(notes.count * 4 + aliases + assets.count * 2)
            entries.reserveCapacity(notes.count * 4 + aliases + assets.count * 2)
            let keys = NoteKeys.of(notes)
            for i in notes.indices {
                add(keys[i].path) { $0.paths.append(i) }
                add(keys[i].withoutExtension) { $0.paths.append(i) }
                add(keys[i].stem) { $0.stems.append(i) }
                add(keys[i].title) { $0.titles.append(i) }
                for alias in keys[i].aliases {
                    add(alias) { $0.aliases.append(i) }
                }
            }
            for asset in assets {
                add(HashedKey(NoteIndex.key(asset.string))) { $0.asset = asset }
                add(HashedKey(NoteIndex.key(asset.name))) { $0.assetsNamed.append(asset) }
            }
        }

        /// The keys (`NoteIndex.key`) of every name of one note, in the order the tables take
        /// them in.
        struct NoteKeys: Sendable {
            var path: HashedKey
            var withoutExtension: HashedKey
            var stem: HashedKey
            var title: HashedKey
            var aliases: [HashedKey]

            /// The keys of `notes[i]`, its parts read in place: a copy of the whole ParsedNote
            /// retained every part of it.
            init(_ notes: [ParsedNote], _ i: Int) {
                let (stem, withoutExtension) = NoteIndex.stemAndWithoutExtension(notes[i].path)
                path = HashedKey(NoteIndex.key(notes[i].path.string))
                self.withoutExtension = HashedKey(NoteIndex.key(withoutExtension))
                self.stem = HashedKey(NoteIndex.key(stem))
                title = HashedKey(NoteIndex.key(notes[i].title))
                aliases = notes[i].note.frontMatter.aliases.map { HashedKey(NoteIndex.key($0)) }
            }

            /// The keys of `notes`, in their order, worked out on every core in runs of
            /// `run` notes: each key is a pass over a name's bytes that depends on nothing
            /// else, and they were a third of the tables' time, on the one thread that builds
            /// them while the link phase waits. Only filling the tables stays in order.
            static func of(_ notes: [ParsedNote], run: Int = 512) -> [NoteKeys] {
                guard notes.count > run else { return notes.indices.map { NoteKeys(notes, $0) } }
                let starts = Array(stride(from: 0, to: notes.count, by: run))
                return starts.parallelMap { start in
                    (start..<Swift.min(start + run, notes.count)).map { NoteKeys(notes, $0) }
                }.flatMap { $0 }
            }
        }

        /// One hash of `key`: the defaulted subscript finds the key's slot, or makes it.
        private mutating func add(_ key: HashedKey, _ change: (inout Entry) -> Void) {
            let next = entries.count
            let slot = { (slot: inout Int) in slot }(&slots[key, default: next])
            if slot == next { entries.append(Entry(key: key.string)) }
            change(&entries[slot])
        }

        /// Where the entry of `key` is in `entries`. Read its fields in place
        /// (`entries[slot].paths`): a copy of the entry retained every list of it.
        func slot(_ key: String) -> Int? { slots[HashedKey(key)] }
    }

    /// `path.stem` and `path.withoutExtension`, cut at the path's last `/` and the last `.` of
    /// its name from one pass over its bytes, when the path is made of ASCII, Hangul syllables
    /// and CJK ideographs (as `plainKey` reads them): `NotePath` cuts a `String` at those bytes'
    /// indices rounded down to a character boundary, and before a `/` or `.` only a prepended
    /// mark (none of these characters) makes none. Any other path asks `NotePath`, which built
    /// the folder, the name and the stem as strings, for every note of the index.
    static func stemAndWithoutExtension(_ path: NotePath) -> (stem: String, withoutExtension: String) {
        let string = path.string
        guard let cuts = cuts(of: string) else { return (path.stem, path.withoutExtension) }
        return string.withUTF8Bytes { bytes in
            let stem = String(decoding: UnsafeBufferPointer(rebasing: bytes[cuts.nameStart..<cuts.stemEnd]), as: UTF8.self)
            // `folder + "/" + stem`: the path up to the stem's end, when there is a folder.
            let withoutExtension = cuts.hasFolder ? String(decoding: UnsafeBufferPointer(rebasing: bytes[..<cuts.stemEnd]), as: UTF8.self) : stem
            return (stem, withoutExtension)
        }
    }

    /// `path.stem`, cut from the path's bytes as `stemAndWithoutExtension` cuts it: for the
    /// checker's suggestions, which measure every note's stem.
    public static func stem(of path: NotePath) -> String {
        let string = path.string
        guard let cuts = cuts(of: string) else { return path.stem }
        return string.withUTF8Bytes { bytes in
            String(decoding: UnsafeBufferPointer(rebasing: bytes[cuts.nameStart..<cuts.stemEnd]), as: UTF8.self)
        }
    }

    /// Where the name starts and the stem ends in a path's bytes, and whether there is a
    /// folder; nil for a path with a character other than those `stemAndWithoutExtension`
    /// reads.
    private static func cuts(of string: String) -> (nameStart: Int, stemEnd: Int, hasFolder: Bool)? {
        string.withUTF8Bytes { bytes in
            var slash: Int?, dot: Int?
            var i = bytes.count
            while i > 0 {
                i -= 1
                let byte = bytes[i]
                if byte >= 0x80 {
                    // The last byte of a three-byte character: read it whole, from its lead byte.
                    guard byte & 0xC0 == 0x80, i >= 2, bytes[i - 2] & 0xF0 == 0xE0, bytes[i - 1] & 0xC0 == 0x80 else { return nil }
                    guard UTF8Text.isHangulOrHan(UTF8Text.threeByteScalar(bytes, at: i - 2)) else { return nil }
                    i -= 2
                    continue
                }
                if byte == 0x2F, slash == nil { slash = i }
                if byte == 0x2E, slash == nil, dot == nil { dot = i }
            }
            let nameStart = slash.map { $0 + 1 } ?? 0
            let stemEnd = dot.flatMap { $0 == nameStart ? nil : $0 } ?? bytes.count
            return (nameStart, stemEnd, (slash ?? 0) > 0)
        }
    }

    /// The form names are compared in: NFC, case-folded, surrounding spaces trimmed.
    public static func key(_ name: String) -> String {
        plainKey(name) ?? name.nfc.trimmingHorizontalSpace().lowercased()
    }

    /// `key` of a name made only of ASCII and of characters that have no case and that NFC
    /// never changes, whatever surrounds them (Hangul syllables, CJK ideographs): nothing to
    /// normalise, only spaces and tabs to trim (of these characters, Foundation's `.whitespaces`
    /// holds no others), and only A–Z to lowercase. That is nearly every name and path, and
    /// the general way cost five thousand instructions a key, for several keys per wikilink.
    /// One pass over the bytes; the name itself when nothing changes. Nil for any other name.
    static func plainKey(_ name: String) -> String? {
        name.withUTF8Bytes { bytes -> String? in
            var hasUppercase = false
            var i = 0
            // Eight ASCII bytes at a time: a byte b < 0x80 is A–Z when b + 0x3F reaches 0x80
            // and b + 0x25 does not (no sum carries into the next byte).
            let raw = UnsafeRawBufferPointer(bytes)
            while i + 8 <= bytes.count {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                if (word &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(word &+ 0x2525_2525_2525_2525) & 0x8080_8080_8080_8080 != 0 {
                    hasUppercase = true
                }
                i += 8
            }
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x80 {
                    if byte &- 0x41 < 26 { hasUppercase = true }
                    i += 1
                    continue
                }
                // Those characters all take three bytes.
                guard byte & 0xF0 == 0xE0, i + 2 < bytes.count else { return nil }
                guard UTF8Text.isHangulOrHan(UTF8Text.threeByteScalar(bytes, at: i)) else { return nil }
                i += 3
            }
            var start = 0, end = bytes.count
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            if !hasUppercase, start == 0, end == bytes.count { return name }
            return String(unsafeUninitializedCapacity: end - start) { out in
                for k in start..<end {
                    let byte = bytes[k]
                    out[k - start] = byte &- 0x41 < 26 ? byte | 0x20 : byte
                }
                return end - start
            }
        }
    }

    /// Resolves a wikilink target written in the note at `source`.
    public func resolveWikiTarget(_ target: String, from source: NotePath) -> Match {
        // The byte first: only a target starting with the byte `/` can start with the Character.
        let name = target.utf8.first == 0x2F && target.hasPrefix("/") ? String(target.dropFirst()) : target
        let key = NoteIndex.key(name)
        guard !key.isEmpty else { return .none }

        // 1. A path relative to the linking note's folder, then from the content root: `[[x]]`
        //    written in `a/n.md` means `a/x.md` when there is one, as in Obsidian, even with an
        //    `x.md` at the top.
        let relativePath = source.resolving(name)
        let relativeKey = relativePath.map { NoteIndex.key($0.string) }
        let entries = names.entries
        let relative = relativeKey.flatMap { names.slot($0) }
        // Names compare case-insensitively, but with `Note.md` and `note.md` both there the
        // one written exactly as the link (after NFC, which `==` on strings compares by) is
        // meant: `pick` prefers it to a tie.
        // (Asked only of a tie: nothing is made for the one note nearly every link names.)
        let written = name.trimmingHorizontalSpace()
        func pathIsWritten(_ i: Int) -> Bool {
            let path = paths[i].string
            let withoutExtension = NoteIndex.stemAndWithoutExtension(paths[i]).withoutExtension
            func spells(_ spelling: String) -> Bool { spelling == path || spelling == withoutExtension }
            return spells(written) || relativePath.map { spells($0.string) } ?? false
        }
        if let relative, !entries[relative].paths.isEmpty { return pick(entries[relative].paths, near: source, exact: pathIsWritten) }
        let slot = relativeKey == key ? relative : names.slot(key)
        if let slot, !entries[slot].paths.isEmpty { return pick(entries[slot].paths, near: source, exact: pathIsWritten) }
        if let slot, let asset = entries[slot].asset { return .asset(asset) }
        if let relative, let asset = entries[relative].asset { return .asset(asset) }
        // 2. A path suffix (`generative/elbo` for `notes/generative/elbo.md`).
        if key.containsUTF8("/"), key.contains("/") {
            let suffix = "/" + key
            let ends = NoteIndex.suffixTest(suffix)
            var hits: [Int] = [], assetHits: [NotePath] = []
            for k in entries.indices where (!entries[k].paths.isEmpty || entries[k].asset != nil) && ends(entries[k].key) {
                hits += entries[k].paths
                if let asset = entries[k].asset { assetHits.append(asset) }
            }
            if !hits.isEmpty {
                return pick(Array(Set(hits)).sorted(), near: source) { self.paths[$0].string.hasSuffix("/" + written) || NoteIndex.stemAndWithoutExtension(self.paths[$0]).withoutExtension.hasSuffix("/" + written) }
            }
            if let first = assetHits.sorted().first { return .asset(first) }
            return .none
        }
        guard let slot else { return .none }
        // 3. A file stem, a title, an alias — in that order of strength.
        if !entries[slot].stems.isEmpty {
            return pick(entries[slot].stems, near: source) { NoteIndex.stemAndWithoutExtension(self.paths[$0]).stem == written }
        }
        if !entries[slot].titles.isEmpty { return pick(entries[slot].titles, near: source) { self.titles[$0].trimmingHorizontalSpace() == written } }
        if !entries[slot].aliases.isEmpty {
            return pick(entries[slot].aliases, near: source) { self.aliases[$0].contains { $0.trimmingHorizontalSpace() == written } }
        }
        // 4. An attachment by file name anywhere in the vault.
        let assets = entries[slot].assetsNamed
        if !assets.isEmpty {
            return .asset(assets.sorted { $0.string.count != $1.string.count ? $0.string.count < $1.string.count : $0 < $1 }[0])
        }
        return .none
    }

    /// `hasSuffix(suffix)` for the keys of the path-suffix search, which compares `suffix`
    /// with every key: byte by byte when both are ASCII (each ASCII byte but the CR of a CRLF
    /// is a character of its own, and `suffix` starts with `/`, so the bytes end alike exactly
    /// when the characters do), by characters otherwise.
    static func suffixTest(_ suffix: String) -> (String) -> Bool {
        guard suffix.isASCIIOnly else { return { $0.hasSuffix(suffix) } }
        let tail = Array(suffix.utf8)
        return { key in
            guard key.isASCIIOnly else { return key.hasSuffix(suffix) }
            return key.withUTF8Bytes { bytes in
                bytes.count >= tail.count && bytes[(bytes.count - tail.count)...].elementsEqual(tail)
            }
        }
    }

    /// Whether more than one note answers to `name` as its file stem, title, alias or path
    /// without extension (compared as `key` compares). Only such a name, or a path, can resolve
    /// as ambiguous: `notegraph check` asks this before resolving a wikilink again.
    public func isShared(_ name: String) -> Bool {
        let key = NoteIndex.key(name)
        var owner: Int?
        func another(_ hits: [Int]) -> Bool {
            for i in hits {
                if let owner, owner != i { return true }
                owner = i
            }
            return false
        }
        guard let slot = names.slot(key) else { return false }
        let entries = names.entries
        if another(entries[slot].stems) || another(entries[slot].titles) || another(entries[slot].aliases) { return true }
        // `paths` also holds each path with its extension; only the path without it is a name.
        return another(entries[slot].paths.filter { NoteIndex.key(NoteIndex.stemAndWithoutExtension(paths[$0]).withoutExtension) == key })
    }

    /// Looks up a path that is already resolved against the linking note's folder: a note with
    /// or without its extension, a folder's index note, or an asset.
    public func resolvePath(_ path: NotePath) -> Match {
        let key = NoteIndex.key(path.string)
        let entries = names.entries
        if let slot = names.slot(key) {
            var hits = entries[slot].paths
            // `Note.md` and `note.md`: the one spelled as written wins (see `pick`).
            if hits.count > 1 {
                let exact = hits.filter { paths[$0] == path || NoteIndex.stemAndWithoutExtension(paths[$0]).withoutExtension == path.string }
                if !exact.isEmpty { hits = exact }
            }
            if !hits.isEmpty { return hits.count == 1 ? .note(hits[0]) : .ambiguous(hits) }
            if let asset = entries[slot].asset { return .asset(asset) }
        }
        // A link to a folder reaches its index note.
        for index in ["index", "readme", "_index"] {
            let folderKey = key.isEmpty ? index : key + "/" + index
            if let slot = names.slot(folderKey), entries[slot].paths.count == 1 { return .note(entries[slot].paths[0]) }
        }
        return .none
    }

    /// Whether `path` (`dl/gan`, `""` for the content folder) is a folder holding published
    /// notes, spelled exactly as the notes' paths spell it: the site's folder page has that URL.
    public func isPublishedFolder(_ path: String) -> Bool {
        publishedFolders.contains(path)
    }

    /// The folder with published notes whose path equals `path` ignoring case and Unicode
    /// normalisation (`DL` for `dl`), for the hint of a broken link to a folder. A scan of the
    /// folders: it is asked only for links that found nothing.
    public func publishedFolder(spelledLike path: String) -> String? {
        let key = NoteIndex.key(path)
        return publishedFolders.filter { !$0.isEmpty && NoteIndex.key($0) == key }.min(by: String.bytesPrecede)
    }

    /// Every folder above the paths (`dl/gan/vae.md` → `dl/gan`, `dl`, `""`).
    static func folders(holding paths: some Sequence<NotePath>) -> Set<String> {
        var folders: Set<String> = []
        for path in paths {
            var folder = path.folder
            while folders.insert(folder).inserted, !folder.isEmpty {
                folder = folder.lastIndex(of: "/").map { String(folder[..<$0]) } ?? ""
            }
        }
        return folders
    }

    /// The paths that differ from `path` only in case or Unicode normalisation (for hints).
    public func caseInsensitiveMatches(_ path: NotePath) -> [NotePath] {
        guard let slot = names.slot(NoteIndex.key(path.string)) else { return [] }
        var found = names.entries[slot].paths.map { paths[$0] }
        if let asset = names.entries[slot].asset { found.append(asset) }
        return found
    }

    /// Several candidates: those whose name is written exactly as the link (not only equal
    /// ignoring case) win, then the one in the linking note's folder, then the shortest path
    /// (Obsidian's "shortest unique match"); a tie left after that is ambiguous.
    private func pick(_ hits: [Int], near source: NotePath, exact: (Int) -> Bool) -> Match {
        // Nearly always one note (or one note twice, by path with and without extension).
        if let first = hits.first, hits.allSatisfy({ $0 == first }) { return .note(first) }
        var unique = Array(Set(hits)).sorted()
        if unique.count == 1 { return .note(unique[0]) }
        let exactHits = unique.filter(exact)
        if !exactHits.isEmpty { unique = exactHits }
        if unique.count == 1 { return .note(unique[0]) }
        let sameFolder = unique.filter { paths[$0].folder == source.folder }
        if sameFolder.count == 1 { return .note(sameFolder[0]) }
        let shortest = unique.map { paths[$0].components.count }.min()!
        let shortestHits = unique.filter { paths[$0].components.count == shortest }
        if shortestHits.count == 1 { return .note(shortestHits[0]) }
        return .ambiguous(shortestHits.sorted { paths[$0] < paths[$1] })
    }
}

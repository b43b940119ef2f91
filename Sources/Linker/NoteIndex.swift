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
    private let names: NameTables
    /// Every note name (stem, title, alias), for "did you mean" suggestions; nil when the
    /// index was built without them (`suggestions: false`).
    let suggester: Nearest?

    /// `suggestions: false` leaves out the suggestion index, for a link phase that writes no
    /// diagnostics (`Linker.link(diagnoses: false)`).
    public init(notes: [ParsedNote], assets: [NotePath], suggestions: Bool = true) {
        paths = notes.map(\.path)
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

    /// Every name a note or file answers to, in the form names are compared in.
    private struct NameTables: Sendable {
        var byPath: [String: [Int]] = [:]        // "dl/vae" and "dl/vae.md"
        var byStem: [String: [Int]] = [:]
        var byTitle: [String: [Int]] = [:]
        var byAlias: [String: [Int]] = [:]
        var assetsByPath: [String: NotePath] = [:]
        var assetsByName: [String: [NotePath]] = [:]

        init(notes: [ParsedNote], assets: [NotePath]) {
            for i in notes.indices {
                let path = notes[i].path
                byPath[NoteIndex.key(path.string), default: []].append(i)
                byPath[NoteIndex.key(path.withoutExtension), default: []].append(i)
                byStem[NoteIndex.key(path.stem), default: []].append(i)
                byTitle[NoteIndex.key(notes[i].title), default: []].append(i)
                for alias in notes[i].note.frontMatter.aliases {
                    byAlias[NoteIndex.key(alias), default: []].append(i)
                }
            }
            for asset in assets {
                assetsByPath[NoteIndex.key(asset.string)] = asset
                assetsByName[NoteIndex.key(asset.name), default: []].append(asset)
            }
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
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x80 {
                    if byte &- 0x41 < 26 { hasUppercase = true }
                    i += 1
                    continue
                }
                // Those characters all take three bytes.
                guard byte & 0xF0 == 0xE0, i + 2 < bytes.count else { return nil }
                let value = UInt32(byte & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                guard (0xAC00...0xD7A3).contains(value) || (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
                else { return nil }
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
        let relativeKey = source.resolving(name).map { NoteIndex.key($0.string) }
        if let relativeKey, let hits = names.byPath[relativeKey] {
            return pick(hits, near: source)
        }
        if let hits = names.byPath[key] { return pick(hits, near: source) }
        if let asset = names.assetsByPath[key] { return .asset(asset) }
        if let relativeKey, let asset = names.assetsByPath[relativeKey] {
            return .asset(asset)
        }
        // 2. A path suffix (`generative/elbo` for `notes/generative/elbo.md`).
        if key.containsUTF8("/"), key.contains("/") {
            let suffix = "/" + key
            let hits = names.byPath.keys.filter { $0.hasSuffix(suffix) }.flatMap { names.byPath[$0]! }
            if !hits.isEmpty { return pick(Array(Set(hits)).sorted(), near: source) }
            let assetHits = names.assetsByPath.filter { $0.key.hasSuffix(suffix) }.map(\.value).sorted()
            if let first = assetHits.first { return .asset(first) }
            return .none
        }
        // 3. A file stem, a title, an alias — in that order of strength.
        if let hits = names.byStem[key] ?? names.byTitle[key] ?? names.byAlias[key] { return pick(hits, near: source) }
        // 4. An attachment by file name anywhere in the vault.
        if let assets = names.assetsByName[key] {
            return .asset(assets.sorted { $0.string.count != $1.string.count ? $0.string.count < $1.string.count : $0 < $1 }[0])
        }
        return .none
    }

    /// Whether more than one note answers to `name` as its file stem, title, alias or path
    /// without extension (compared as `key` compares). Only such a name, or a path, can resolve
    /// as ambiguous: `notegraph check` asks this before resolving a wikilink again.
    public func isShared(_ name: String) -> Bool {
        let key = NoteIndex.key(name)
        var owner: Int?
        func another(_ hits: [Int]?) -> Bool {
            for i in hits ?? [] {
                if let owner, owner != i { return true }
                owner = i
            }
            return false
        }
        if another(names.byStem[key]) || another(names.byTitle[key]) || another(names.byAlias[key]) { return true }
        // `byPath` also holds each path with its extension; only the path without it is a name.
        return another(names.byPath[key]?.filter { NoteIndex.key(paths[$0].withoutExtension) == key })
    }

    /// Looks up a path that is already resolved against the linking note's folder: a note with
    /// or without its extension, a folder's index note, or an asset.
    public func resolvePath(_ path: NotePath) -> Match {
        let key = NoteIndex.key(path.string)
        if let hits = names.byPath[key] { return hits.count == 1 ? .note(hits[0]) : .ambiguous(hits) }
        if let asset = names.assetsByPath[key] { return .asset(asset) }
        // A link to a folder reaches its index note.
        for index in ["index", "readme", "_index"] {
            let folderKey = key.isEmpty ? index : key + "/" + index
            if let hits = names.byPath[folderKey], hits.count == 1 { return .note(hits[0]) }
        }
        return .none
    }

    /// The paths that differ from `path` only in case or Unicode normalisation (for hints).
    public func caseInsensitiveMatches(_ path: NotePath) -> [NotePath] {
        let key = NoteIndex.key(path.string)
        var found = (names.byPath[key] ?? []).map { paths[$0] }
        if let asset = names.assetsByPath[key] { found.append(asset) }
        return found
    }

    /// Several candidates: the one in the linking note's folder wins, then the shortest path
    /// (Obsidian's "shortest unique match"); a tie left after that is ambiguous.
    private func pick(_ hits: [Int], near source: NotePath) -> Match {
        // Nearly always one note (or one note twice, by path with and without extension).
        if let first = hits.first, hits.allSatisfy({ $0 == first }) { return .note(first) }
        let unique = Array(Set(hits)).sorted()
        if unique.count == 1 { return .note(unique[0]) }
        let sameFolder = unique.filter { paths[$0].folder == source.folder }
        if sameFolder.count == 1 { return .note(sameFolder[0]) }
        let shortest = unique.map { paths[$0].components.count }.min()!
        let shortestHits = unique.filter { paths[$0].components.count == shortest }
        if shortestHits.count == 1 { return .note(shortestHits[0]) }
        return .ambiguous(shortestHits.sorted { paths[$0] < paths[$1] })
    }
}

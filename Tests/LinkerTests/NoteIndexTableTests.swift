import Diagnostics
import Foundation
@testable import Linker
import Notes
import Testing
import TestSupport

/// `NoteIndex` keeps one entry per key (every kind of name in it) where it kept a table per kind
/// of name. The previous index is kept here as the reference: on generated vaults, with names
/// shared between notes, assets and paths in several spellings, every lookup must answer alike.
@Suite struct NoteIndexTableTests {
    /// The previous index: a table per kind of name, looked up in turn.
    struct ReferenceIndex {
        var paths: [NotePath]
        var titles: [String]
        var aliases: [[String]]
        var byPath: [String: [Int]] = [:]
        var byStem: [String: [Int]] = [:]
        var byTitle: [String: [Int]] = [:]
        var byAlias: [String: [Int]] = [:]
        var assetsByPath: [String: NotePath] = [:]
        var assetsByName: [String: [NotePath]] = [:]

        init(notes: [ParsedNote], assets: [NotePath]) {
            paths = notes.map(\.path)
            titles = notes.map(\.title)
            aliases = notes.map(\.note.frontMatter.aliases)
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

        func resolveWikiTarget(_ target: String, from source: NotePath) -> NoteIndex.Match {
            let name = target.hasPrefix("/") ? String(target.dropFirst()) : target
            let key = NoteIndex.key(name)
            guard !key.isEmpty else { return .none }
            let relativeKey = source.resolving(name).map { NoteIndex.key($0.string) }
            // A name spelled exactly as the link (canonically equivalent, without trimming
            // case) wins over names equal only ignoring case.
            let written = name.trimmingHorizontalSpace()
            let spellings = [written, source.resolving(name)?.string]
            let pathExact = { (i: Int) in spellings.contains { $0 == paths[i].string || $0 == paths[i].withoutExtension } }
            if let relativeKey, let hits = byPath[relativeKey] { return pick(hits, near: source, exact: pathExact) }
            if let hits = byPath[key] { return pick(hits, near: source, exact: pathExact) }
            if let asset = assetsByPath[key] { return .asset(asset) }
            if let relativeKey, let asset = assetsByPath[relativeKey] { return .asset(asset) }
            if key.contains("/") {
                let suffix = "/" + key
                let hits = byPath.keys.filter { $0.hasSuffix(suffix) }.flatMap { byPath[$0]! }
                if !hits.isEmpty {
                    return pick(Array(Set(hits)).sorted(), near: source) {
                        paths[$0].string.hasSuffix("/" + written) || paths[$0].withoutExtension.hasSuffix("/" + written)
                    }
                }
                let assetHits = assetsByPath.filter { $0.key.hasSuffix(suffix) }.map(\.value).sorted()
                if let first = assetHits.first { return .asset(first) }
                return .none
            }
            if let hits = byStem[key] { return pick(hits, near: source) { paths[$0].stem == written } }
            if let hits = byTitle[key] { return pick(hits, near: source) { titles[$0].trimmingHorizontalSpace() == written } }
            if let hits = byAlias[key] { return pick(hits, near: source) { aliases[$0].contains { $0.trimmingHorizontalSpace() == written } } }
            if let assets = assetsByName[key] {
                return .asset(assets.sorted { $0.string.count != $1.string.count ? $0.string.count < $1.string.count : $0 < $1 }[0])
            }
            return .none
        }

        func isShared(_ name: String) -> Bool {
            let key = NoteIndex.key(name)
            var owner: Int?
            func another(_ hits: [Int]?) -> Bool {
                for i in hits ?? [] {
                    if let owner, owner != i { return true }
                    owner = i
                }
                return false
            }
            if another(byStem[key]) || another(byTitle[key]) || another(byAlias[key]) { return true }
            return another(byPath[key]?.filter { NoteIndex.key(paths[$0].withoutExtension) == key })
        }

        func resolvePath(_ path: NotePath) -> NoteIndex.Match {
            let key = NoteIndex.key(path.string)
            if var hits = byPath[key] {
                let exact = hits.filter { paths[$0] == path || paths[$0].withoutExtension == path.string }
                if hits.count > 1, !exact.isEmpty { hits = exact }
                return hits.count == 1 ? .note(hits[0]) : .ambiguous(hits)
            }
            if let asset = assetsByPath[key] { return .asset(asset) }
            for index in ["index", "readme", "_index"] {
                let folderKey = key.isEmpty ? index : key + "/" + index
                if let hits = byPath[folderKey], hits.count == 1 { return .note(hits[0]) }
            }
            return .none
        }

        func caseInsensitiveMatches(_ path: NotePath) -> [NotePath] {
            let key = NoteIndex.key(path.string)
            var found = (byPath[key] ?? []).map { paths[$0] }
            if let asset = assetsByPath[key] { found.append(asset) }
            return found
        }

        func pick(_ hits: [Int], near source: NotePath, exact: (Int) -> Bool) -> NoteIndex.Match {
            if let first = hits.first, hits.allSatisfy({ $0 == first }) { return .note(first) }
            var unique = Array(Set(hits)).sorted()
            if unique.count == 1 { return .note(unique[0]) }
            if unique.contains(where: exact) { unique = unique.filter(exact) }
            if unique.count == 1 { return .note(unique[0]) }
            let sameFolder = unique.filter { paths[$0].folder == source.folder }
            if sameFolder.count == 1 { return .note(sameFolder[0]) }
            let shortest = unique.map { paths[$0].components.count }.min()!
            let shortestHits = unique.filter { paths[$0].components.count == shortest }
            if shortestHits.count == 1 { return .note(shortestHits[0]) }
            return .ambiguous(shortestHits.sorted { paths[$0] < paths[$1] })
        }
    }

    static let words = ["vae", "VAE", "elbo", "Note", "index", "README", "노트", "café", "cafe\u{301}", "a b", "x.y", "K\u{212A}",
                        "ı", "İ", "\u{600}", "Ω", "sub"]

    /// A vault whose names collide every way: stems equal to titles and aliases of other notes,
    /// folders named like notes, assets named like notes, names with dots, spaces, marks.
    static func vault(_ rng: inout SplitMix, files count: Int = 120) -> (notes: [ParsedNote], assets: [NotePath], names: [String]) {
        func word() -> String { rng.pick(words) }
        var files: [String: String] = [:]
        for _ in 0..<count {
            let depth = rng.below(3)
            let folders = (0..<depth).map { _ in word() }
            let ext = rng.pick([".md", ".md", ".markdown"])
            let path = (folders + [word() + (rng.chance(30) ? "-\(rng.below(3))" : "")]).joined(separator: "/") + ext
            let aliases = (0..<rng.below(3)).map { _ in "\"\(word())\"" }.joined(separator: ", ")
            files[path] = "---\ntitle: \"\(word()) \(rng.chance(50) ? word() : "")\"\naliases: [\(aliases)]\n---\n# H\n"
        }
        let notes = parsedNotes(files.map { ($0.key, $0.value) })
        var assets: [NotePath] = []
        for _ in 0..<40 {
            let folders = (0..<rng.below(3)).map { _ in word() }
            assets.append(NotePath((folders + [word() + rng.pick([".png", ".pdf", ".md.png", ""])]).joined(separator: "/")))
        }
        var names: [String] = []
        for note in notes {
            names += [note.path.string, note.path.withoutExtension, note.path.stem, note.title, note.path.name.uppercased()]
            names += note.note.frontMatter.aliases
            names.append(note.path.components.suffix(2).joined(separator: "/"))
        }
        for asset in assets { names += [asset.string, asset.name, asset.name.uppercased(), "/" + asset.string] }
        names += (0..<200).map { _ in (0..<(1 + rng.below(3))).map { _ in word() }.joined(separator: rng.pick(["/", " ", "/../", "./"])) }
        names += ["", " ", "/", "//", "..", "../x", " vae ", "\tVAE", "a/b/", "x.y.md", "sub/index", "sub/"]
        return (notes, assets, names)
    }

    /// Expects `index` to answer every lookup of `name` as `reference` does: the wikilink
    /// target from `source`, whether the name is shared, and, when it is a path, the path and
    /// its case-insensitive matches. True when the wikilink target was found.
    static func expectSameAnswers(_ index: NoteIndex, _ reference: ReferenceIndex, _ name: String, from source: NotePath) -> Bool {
        let match = index.resolveWikiTarget(name, from: source)
        #expect(match == reference.resolveWikiTarget(name, from: source), "\(name.debugDescription) from \(source)")
        #expect(index.isShared(name) == reference.isShared(name), "\(name.debugDescription)")
        if let path = NotePath(normalizing: name) {
            #expect(index.resolvePath(path) == reference.resolvePath(path), "\(name.debugDescription)")
            #expect(index.caseInsensitiveMatches(path) == reference.caseInsensitiveMatches(path), "\(name.debugDescription)")
        }
        return match != .none
    }

    @Test func everyLookupAnswersAsTheTablePerKind() {
        var rng = SplitMix(state: 2024)
        var compared = 0, found = 0
        for _ in 0..<4 {
            let (notes, assets, names) = Self.vault(&rng)
            let index = NoteIndex(notes: notes, assets: assets, suggestions: false)
            let reference = ReferenceIndex(notes: notes, assets: assets)
            let sources = notes.map(\.path) + [NotePath("x.md"), NotePath("sub/deeper/x.md")]
            for name in names {
                if Self.expectSameAnswers(index, reference, name, from: rng.pick(sources)) { found += 1 }
                compared += 1
            }
        }
        #expect(compared > 1_000 && found > 500, "the test must exercise the lookups")
    }

    /// A vault of more notes than a run of `NoteKeys.of`, so that the index's keys are worked
    /// out on several threads: every lookup still answers as the reference's.
    @Test func keysFromEveryCoreAnswerAsTheTablePerKind() {
        var rng = SplitMix(state: 77)
        let (notes, assets, names) = Self.vault(&rng, files: 1_500)
        #expect(notes.count > 512, "more notes than one run")
        let index = NoteIndex(notes: notes, assets: assets, suggestions: false)
        let reference = ReferenceIndex(notes: notes, assets: assets)
        var found = 0
        for name in names {
            if Self.expectSameAnswers(index, reference, name, from: rng.pick(notes).path) { found += 1 }
        }
        #expect(found > 1_000)
    }

    /// `NoteKeys.of` in runs on every core gives each note's keys in the notes' order, the keys
    /// being `NoteIndex.key` of each name and their hashes the strings' own.
    @Test func keysInRunsAreKeysInOrder() {
        var rng = SplitMix(state: 5)
        let (notes, _, _) = Self.vault(&rng, files: 300)
        typealias Keys = NoteIndex.NameTables.NoteKeys
        for run in [1, 7, 64, 512] {
            let keys = Keys.of(notes, run: run)
            #expect(keys.count == notes.count)
            for (note, key) in zip(notes, keys) {
                let path = note.path
                #expect(key.path.string.utf8.elementsEqual(NoteIndex.key(path.string).utf8))
                #expect(key.withoutExtension.string.utf8.elementsEqual(NoteIndex.key(path.withoutExtension).utf8))
                #expect(key.stem.string.utf8.elementsEqual(NoteIndex.key(path.stem).utf8))
                #expect(key.title.string.utf8.elementsEqual(NoteIndex.key(note.title).utf8))
                #expect(key.aliases.map(\.string) == note.note.frontMatter.aliases.map(NoteIndex.key))
                for hashed in [key.path, key.withoutExtension, key.stem, key.title] + key.aliases {
                    #expect(hashed.hash == NoteIndex.NameTables.HashedKey.hash(of: hashed.string))
                }
            }
        }
    }

    /// A hashed key is equal to another exactly when their strings are, canonical equivalents
    /// included, and equal keys hash alike: the table finds what the table of strings found.
    @Test func hashedKeysCompareAsStrings() {
        typealias Key = NoteIndex.NameTables.HashedKey
        let strings = Self.words + ["", " ", "Cafe\u{301}", "caf\u{E9}", "\u{1100}\u{1161}", "\u{AC00}", "a/b", "a/b "]
        for a in strings {
            for b in strings {
                #expect((Key(a) == Key(b)) == (a == b), "\(a.debugDescription) \(b.debugDescription)")
                if a == b { #expect(Key(a).hashValue == Key(b).hashValue) }
            }
        }
        var table: [Key: Int] = [:]
        for (i, string) in strings.enumerated() where table[Key(string)] == nil { table[Key(string)] = i }
        var reference: [String: Int] = [:]
        for (i, string) in strings.enumerated() where reference[string] == nil { reference[string] = i }
        for string in strings { #expect(table[Key(string)] == reference[string]) }
    }

    /// `HashedKey.hash(of:)` gives strings equal under `==` one hash, whichever bytes each is
    /// written with (ASCII twins such as U+037E, U+1FEF or U+212A, precomposed or decomposed
    /// letters and Hangul): every group of equal strings, among generated strings that mix those
    /// scalars with their ASCII twins, marks, precomposed letters and Hangul in both forms.
    @Test func equalStringsHashAlike() {
        typealias Key = NoteIndex.NameTables.HashedKey
        var rng = SplitMix(state: 29)
        let pieces = ["a", "K", "k", ";", "`", "\u{212A}", "\u{37E}", "\u{1FEF}", "e", "\u{301}", "\u{E9}", "\u{1E30}", "/",
                      ".md", " ", "가", "\u{1100}\u{1161}", "\u{AC00}", "漢", "\u{3A9}", "\u{2126}", "\u{212B}", "\u{C5}",
                      "A\u{30A}", "\r\n", "\u{1FFD}", "\u{B4}", "\u{CD}\u{BE}", "\u{2002}", "\u{2000}", "12345678"]
        var strings = pieces + ["\u{212A}elvin", "Kelvin", "a\u{37E}b", "a;b", "\u{1FEF}x", "`x", "", "abcdefghijklmnopq"]
        for _ in 0..<4_000 {
            strings.append((0..<(1 + rng.below(5))).map { _ in rng.pick(pieces) }.joined())
        }
        // Grouped by `String ==` (the table of strings' own rule).
        var groups: [String: [String]] = [:]
        for string in strings { groups[string, default: []].append(string) }
        var mixed = 0
        for members in groups.values {
            let hash = Key.hash(of: members[0])
            for member in members { #expect(Key.hash(of: member) == hash, "\(member.debugDescription) \(members[0].debugDescription)") }
            if Set(members.map { Array($0.utf8) }).count > 1 { mixed += 1 }
        }
        // Groups whose members differ in their bytes, the ASCII twins among them.
        #expect(mixed > 50)
        // Every string hashes as its NFC and its NFD forms do: Korean and Han keys in both
        // forms, and the words of generated vaults.
        for string in strings + Self.words + ["노트", "가나다/라마.md", "漢字 abc", "\u{3400}x\u{9FFF}", "\u{D7A3}"] {
            let hash = Key.hash(of: string)
            #expect(Key.hash(of: string.precomposedStringWithCanonicalMapping) == hash, "\(string.debugDescription)")
            #expect(Key.hash(of: string.decomposedStringWithCanonicalMapping) == hash, "\(string.debugDescription)")
        }
        #expect(Key.hash(of: "\u{212A}elvin") == Key.hash(of: "Kelvin"))
        #expect(Key.hash(of: "a\u{37E}b") == Key.hash(of: "a;b"))
        #expect(Key.hash(of: "\u{1FEF}x") == Key.hash(of: "`x"))
        // Keys are equal exactly when their strings are.
        for _ in 0..<4_000 {
            let a = rng.pick(strings), b = rng.chance(50) ? a.precomposedStringWithCanonicalMapping : rng.pick(strings)
            #expect((Key(a) == Key(b)) == (a == b), "\(a.debugDescription) \(b.debugDescription)")
        }
    }

    /// The hash reads every byte: strings differing in one byte, at any position and length
    /// (whole words and every tail), hash apart.
    @Test func hashReadsEveryByte() {
        typealias Key = NoteIndex.NameTables.HashedKey
        for length in 0..<40 {
            let base = [UInt8](repeating: 0x61, count: length)
            var seen = Set<Int>()
            seen.insert(Key.hash(of: String(decoding: base, as: UTF8.self)))
            for k in 0..<length {
                var changed = base
                changed[k] = 0x62
                #expect(seen.insert(Key.hash(of: String(decoding: changed, as: UTF8.self))).inserted, "length \(length) at \(k)")
            }
        }
    }

    /// The stem and the path without its extension, cut from an ASCII path's bytes, are what
    /// `NotePath` gives.
    @Test func stemsAreNotePathStems() {
        var rng = SplitMix(state: 8)
        let pieces = ["a", "B", ".", "..", "md", "/", " ", "x.y", ".md", "노트", "\u{600}", "e\u{301}", "\r\n", "漢字", "\u{3400}",
                      "\u{11A8}", "\u{AC00}\u{11A8}", "é", "🧠", "\u{1100}\u{1161}", "Ω"]
        var paths = ["", "a", ".md", "a.md", "a/.md", ".hidden/x", "a.b.c.md", "dir.x/file", "dir.x/file.", "/a.md",
                     "\u{600}.md", "x/\u{600}.md", "a/b.c/d"].map { NotePath($0) }
        paths += (0..<2_000).map { _ in NotePath((0..<(1 + rng.below(6))).map { _ in rng.pick(pieces) }.joined()) }
        var ascii = 0
        for path in paths {
            let (stem, withoutExtension) = NoteIndex.stemAndWithoutExtension(path)
            #expect(Array(stem.utf8) == Array(path.stem.utf8), "\(path.string.debugDescription)")
            #expect(Array(withoutExtension.utf8) == Array(path.withoutExtension.utf8), "\(path.string.debugDescription)")
            #expect(Array(NoteIndex.stem(of: path).utf8) == Array(path.stem.utf8), "\(path.string.debugDescription)")
            if path.string.isASCIIOnly { ascii += 1 }
        }
        #expect(ascii > 150)
    }

    /// Keys of ASCII names, read eight bytes at a time, are the general keys: every byte value,
    /// upper case at every position of a word.
    @Test func asciiKeysAreGeneralKeys() {
        var rng = SplitMix(state: 17)
        for _ in 0..<5_000 {
            let bytes = (0..<rng.below(40)).map { _ in rng.chance(60) ? UInt8(0x40 + rng.below(0x20)) : UInt8(rng.below(0x80)) }
            let name = String(decoding: bytes, as: UTF8.self)
            let general = NoteKeyTests.generalKey(name)
            #expect(NoteIndex.plainKey(name).map { Array($0.utf8) } == Array(general.utf8), "\(name.debugDescription)")
        }
    }

    /// The byte test of the path-suffix search is `hasSuffix`.
    @Test func suffixTestIsHasSuffix() {
        var rng = SplitMix(state: 13)
        let pieces = ["a", "/", "b", "\r", "\n", "\r\n", "é", "e\u{301}", "\u{212A}", "k", ";", "\u{37E}", "노"]
        for _ in 0..<5_000 {
            let key = (0..<rng.below(8)).map { _ in rng.pick(pieces) }.joined()
            let suffix = "/" + (0..<rng.below(4)).map { _ in rng.pick(pieces) }.joined()
            #expect(NoteIndex.suffixTest(suffix)(key) == key.hasSuffix(suffix), "\(key.debugDescription) \(suffix.debugDescription)")
        }
    }
}

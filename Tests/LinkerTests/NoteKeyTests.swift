import Foundation
@testable import Linker
import Notes
import Testing

/// `NoteIndex.key` reads plain names (ASCII, Hangul syllables, CJK ideographs) from their
/// bytes; every key must be the general one: NFC, trimmed of horizontal space, lowercased.
@Suite struct NoteKeyTests {
    static func generalKey(_ name: String) -> String {
        name.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespaces).lowercased()
    }

    static let cores = ["", "a", "ELBO", "note-00042", "Variational Auto-Encoder (VAE)", "dl/Generative/ELBO.md",
                        "노트-01736", "변분 오토인코더", "강의노트/Note-1", "漢字", "\u{3400}x", "café", "CAFE\u{301}",
                        "\u{1100}\u{1161}\u{11A8}", "\u{AC00}\u{11A8}", "İstanbul", "STRASSE ß", "Ω\u{2126}", "ǅ",
                        "ｆｕｌｌ", "\u{F900}", "x\u{200B}y", "🧠 Brain", "%41%20b", "a\tb", "[[x]]", "\u{7F}", "\u{1}A"]
    static let pads = ["", " ", "\t", "  \t ", "\u{00A0}", "\u{3000}", "\u{2003}", "\u{200B}", "\u{FEFF}", "\n", " \u{00A0} "]

    @Test func plainAndGeneralKeysAgree() {
        var plain = 0
        for core in Self.cores {
            for lead in Self.pads {
                for trail in Self.pads {
                    let name = lead + core + trail
                    let key = NoteIndex.key(name)
                    #expect(Array(key.utf8) == Array(Self.generalKey(name).utf8), "\(name.debugDescription)")
                    if let fast = NoteIndex.plainKey(name) {
                        #expect(Array(fast.utf8) == Array(Self.generalKey(name).utf8), "\(name.debugDescription)")
                        plain += 1
                    }
                }
            }
        }
        #expect(plain > 300, "the test must exercise the plain keys")
    }

    @Test func plainKeysAreOnlyForPlainNames() {
        #expect(NoteIndex.plainKey("Note-1") == "note-1")
        #expect(NoteIndex.plainKey(" \t노트 A\t ") == "노트 a")
        #expect(NoteIndex.plainKey("café") == nil, "Latin-1 letters have case")
        #expect(NoteIndex.plainKey("\u{AC00}\u{11A8}") == nil, "a trailing jamo composes with the syllable")
        #expect(NoteIndex.plainKey("a\u{00A0}") == nil, "no-break space is trimmed by Foundation")
        #expect(NoteIndex.plainKey("🧠") == nil)
    }

    /// Wikilink targets written in every spelling resolve as the general key resolves them.
    @Test func wikiTargetsResolveInEverySpelling() {
        let notes = parsedNotes([("강의노트/노트-1.md", "# 첫 노트"), ("dl/ELBO.md", "# Evidence"), ("top.md", "# Top"),
                                 ("cafe\u{301}.md", "# Café")])
        let index = NoteIndex(notes: notes, assets: [NotePath("img/Pic.png")])
        let from = NotePath("강의노트/from.md")
        func note(_ path: String) -> NoteIndex.Match { .note(notes.firstIndex { $0.path.string == path }!) }
        #expect(index.resolveWikiTarget("노트-1", from: from) == note("강의노트/노트-1.md"))
        #expect(index.resolveWikiTarget(" 노트-1\t", from: from) == note("강의노트/노트-1.md"))
        #expect(index.resolveWikiTarget("/강의노트/노트-1", from: NotePath("x.md")) == note("강의노트/노트-1.md"))
        #expect(index.resolveWikiTarget("elbo", from: from) == note("dl/ELBO.md"))
        #expect(index.resolveWikiTarget("DL/elbo.MD", from: from) == note("dl/ELBO.md"))
        #expect(index.resolveWikiTarget("../TOP", from: from) == note("top.md"))
        #expect(index.resolveWikiTarget("CAFÉ", from: from) == note("café.md"))
        #expect(index.resolveWikiTarget("cafe\u{301}", from: from) == note("café.md"))
        #expect(index.resolveWikiTarget("pic.PNG", from: from) == .asset(NotePath("img/Pic.png")))
        #expect(index.resolveWikiTarget("\u{00A0}top\u{3000}", from: from) == note("top.md"))
        #expect(index.resolveWikiTarget(" \t ", from: from) == NoteIndex.Match.none)
    }
}

import Foundation
import Diagnostics
@testable import Notes
import Testing

/// `NotePath.resolving` walks ASCII and NFC-stable references straight from the bytes; every
/// answer must be the one the general way (join with the folder, NFC, split, walk, join) gives.
@Suite struct NotePathResolvingTests {
    /// The general way, spelled out as it was before the byte walk.
    static func generalResolving(_ reference: String, from base: NotePath) -> NotePath? {
        func normalizing(_ relative: String) -> String? {
            let nfc = relative.precomposedStringWithCanonicalMapping
            var parts: [Substring] = []
            guard NotePath.append(components: nfc, to: &parts) else { return nil }
            return parts.joined(separator: "/")
        }
        let joined = reference.hasPrefix("/") ? reference : base.folder.isEmpty ? reference : base.folder + "/" + reference
        return normalizing(joined).map { NotePath($0) }
    }

    static let bases = ["note.md", "dl/vae.md", "dl/generative/elbo.md", "강의노트/note-1.md", "강의노트/노트-2.md",
                        "cafe\u{301}/x.md", "café/x.md", "a b/c d.md", "x/\u{1100}\u{1161}.md", "A/B/C.md",
                        // NFC folders whose scalars `isKnownNFC` does not vouch for: the byte walk
                        // takes them too, since every `NotePath` is NFC.
                        "\u{3AC}/x.md", "ピ/ヴ/x.md", "Vi\u{1EC7}t/n.md", "\u{439}/a/b.md", "\u{1E31}\u{301}/n.md",
                        "\u{212B}/x.md", "ḱ/ò̈/x.md", "가\u{11A8}/x.md"]
    static let references = [
        "", ".", "..", "...", "./", "../", "../..", "../../..", "/", "//", "/abs.md", "//x", "/../x", "/./a//b/",
        "other.md", "./other.md", "../other.md", "../../other.md", "../../../other.md", "sub/../x.md", "sub/./x.md",
        "a//b", "a/b/", "..a/b..", "a/.../b", "images/figure.png", "../images/figure.png", "../../images/figure.png",
        "노트-01372.md", "../강의노트/note-01157.md", "../dl/generative/노트-01372.md", "e\u{301}.md", "é.md",
        "\u{1100}\u{1161}\u{11A8}.md", "\u{AC00}\u{11A8}.md", "/\u{301}x.md", "/🏽x", "Å/x", "A\u{30A}/x", "%20x.md",
        "Pasted image 20250304.png", "x\u{00A0}y.md", "tab\there.md", "漢字/かな.md", "emoji 🧠.md", "../../\u{3000}",
    ]

    @Test func fastAndGeneralResolvingAgree() {
        var compared = 0
        for base in Self.bases.map(NotePath.init) {
            for reference in Self.references {
                let fast = base.resolving(reference)
                let general = Self.generalResolving(reference, from: base)
                #expect(fast.map { Array($0.string.utf8) } == general.map { Array($0.string.utf8) },
                        "\(reference.debugDescription) from \(base.string.debugDescription)")
                compared += 1
            }
        }
        #expect(compared == Self.bases.count * Self.references.count)
    }

    /// Generated references (components of `.`, `..`, empty, ASCII, Hangul, kana, combining
    /// marks and trailing jamo, with and without a leading `/`) from every base: the byte walk
    /// and the general way give the same bytes, and strings that compare, hash and count alike
    /// (the walked string is made without validation, its ASCII flag set by the walk).
    @Test func generatedReferencesAgree() {
        let pieces = ["..", ".", "", "x", "노트", "note-01.md", "e\u{301}", "é", "ピ", "\u{11A8}", "\u{301}", "a b", "...", "Å", "🧠"]
        var state: UInt64 = 7
        var compared = 0
        for _ in 0..<2_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var components: [String] = []
            for k in 0..<Int(state >> 61) {
                components.append(pieces[Int((state >> UInt64(k * 4 + 10)) % UInt64(pieces.count))])
            }
            var reference = components.joined(separator: "/")
            if state & 1 == 0 { reference = "/" + reference }
            if state & 2 == 0 { reference += "/" }
            for base in Self.bases.map(NotePath.init) {
                let fast = base.resolving(reference)
                let general = Self.generalResolving(reference, from: base)
                #expect(fast.map { Array($0.string.utf8) } == general.map { Array($0.string.utf8) },
                        "\(reference.debugDescription) from \(base.string.debugDescription)")
                if let fast, let general {
                    #expect(fast == general && fast.hashValue == general.hashValue && fast.string.count == general.string.count)
                    #expect(fast.string.isASCIIOnly == general.string.isASCIIOnly)
                }
                compared += 1
            }
        }
        #expect(compared == 2_000 * Self.bases.count)
    }

    @Test func asciiCheckOfBytes() {
        for text in ["", "a", "abcdefgh", "abcdefghi", "abcdefg\u{E9}", "\u{E9}", "abcdefgh노", "0123456789abcdef/x"] {
            let expected = text.utf8.allSatisfy { $0 < 0x80 }
            #expect(Array(text.utf8).withUnsafeBytes(String.allASCII) == expected, "\(text.debugDescription)")
        }
    }

    @Test func normalizingAgreesWithTheComponentWalk() {
        for reference in Self.references + Self.bases {
            let general = Self.generalResolving(reference, from: NotePath(""))
            #expect(NotePath(normalizing: reference).map { Array($0.string.utf8) } == general.map { Array($0.string.utf8) },
                    "\(reference.debugDescription)")
        }
    }

    @Test func walkingClimbsOutOnlyAboveTheRoot() {
        #expect(NotePath("a/b/n.md").resolving("../../x.md")?.string == "x.md")
        #expect(NotePath("a/b/n.md").resolving("../../../x.md") == nil)
        #expect(NotePath("n.md").resolving("..") == nil)
        #expect(NotePath("n.md").resolving(".")?.string == "")
        #expect(NotePath("a/n.md").resolving("/x/../y.md")?.string == "y.md")
        // `/` with a mark after it is not the Character `/`: the reference is relative.
        #expect(NotePath("a/n.md").resolving("/\u{301}x.md")?.string == "a/\u{301}x.md")
    }
}

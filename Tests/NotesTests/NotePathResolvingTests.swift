import Foundation
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
                        "cafe\u{301}/x.md", "café/x.md", "a b/c d.md", "x/\u{1100}\u{1161}.md", "A/B/C.md"]
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

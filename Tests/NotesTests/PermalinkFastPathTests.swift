import Foundation
import Testing
import TestSupport
@testable import Notes

/// `Permalink.forNote(at:)` makes a note's URL from the path's bytes (`cleanURL(ofNoteAt:)`),
/// `fromFrontMatter` reads an ASCII permalink's last segment from its bytes, and `init` asks
/// `hasPrefix("/")` only of a text starting with the byte: each must give the permalink the
/// character-based code below gives, in every byte, for names in every case, Korean, NFD,
/// combining marks and Prepend characters beside the `/` and `.`, and `index` in disguise.
@Suite("Permalink fast paths")
struct PermalinkFastPathTests {
    /// `Permalink.init` as it was: characters, Foundation.
    static func referencePermalink(_ path: String) -> String {
        var p = path
        while p.hasPrefix("/") { p.removeFirst() }
        while p.contains("//") { p = p.replacingOccurrences(of: "//", with: "/") }
        return p.precomposedStringWithCanonicalMapping
    }

    /// `Permalink.forNote(at:)` as it was, from `NotePath`'s string pieces.
    static func referenceForNote(_ notePath: NotePath) -> String {
        if notePath.stem.lowercased() == "index" {
            return notePath.folder.isEmpty ? "" : referencePermalink(notePath.folder + "/")
        }
        return referencePermalink(notePath.withoutExtension + "/")
    }

    /// `Permalink.fromFrontMatter` as it was.
    static func referenceFromFrontMatter(_ value: String) -> String {
        var p = referencePermalink(value.trimmingCharacters(in: .whitespaces))
        let last = p.split(separator: "/").last.map(String.init) ?? ""
        if !p.isEmpty, !p.hasSuffix("/"), !last.contains(".") { p += "/" }
        return referencePermalink(p)
    }

    static let names = [
        "vae.md", "VAE.MD", "index.md", "Index.md", "INDEX.markdown", "iNdEx.md", "index", "index.", "index.md.md", "indexx.md",
        "inde.md", "ındex.md", "İndex.md", "\u{212A}.md", "index\u{301}.md", "노트-01092.md", "노트.md", "변분 오토인코더.md", "漢字.md",
        ".md", "..md", "a.b.c", "noext", "a..md", "e\u{301}.md", "\u{301}a.md", "a\u{301}.md", "\u{600}.md", "a\u{600}.md",
        "가\u{301}.md", "😀.md", "a\u{200D}.md", "ＩＮＤＥＸ.md", "ind\u{E9}x.md", "Ａ.md", "a b.md", "a%20b.md", "a#b.md",
    ]
    static let folders = ["", "dl", "DL", "딥러닝", "a/b", "漢", "e\u{301}", "\u{301}", "a\u{600}", "가\u{301}", "😀", "index", "a.b"]

    static func paths() -> [String] {
        var paths: [String] = []
        for folder in folders {
            for name in names { paths.append(folder.isEmpty ? name : folder + "/" + name) }
        }
        var random = SplitMix(state: 31)
        let alphabet = ["a", "I", "n", "d", "e", "x", "/", ".", "m", "가", "\u{301}", "\u{600}", "漢", "é", "-", " ", "X", "E"]
        for _ in 0..<5_000 {
            paths.append((0..<Int.random(in: 1...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined())
        }
        return paths
    }

    @Test func forNoteAgreesWithThePathPieces() {
        var fast = 0
        for raw in Self.paths() {
            guard let notePath = NotePath(normalizing: raw) else { continue }
            if Permalink.cleanURL(ofNoteAt: notePath.string) != nil { fast += 1 }
            let permalink = Permalink.forNote(at: notePath)
            #expect(Array(permalink.path.utf8) == Array(Self.referenceForNote(notePath).utf8), "\(raw.debugDescription)")
        }
        // Most paths take the byte path, so it is the one being tested.
        #expect(fast > 2_000)
    }

    /// The byte path itself, on texts that need not be clean paths: it declines those that
    /// start with `/` or end in one, and wherever it answers for a clean path, the answer is
    /// the pieces' join, for a stem other than `index`.
    @Test func cleanURLAgreesOnAnyText() {
        for raw in ["", "/", "/a.md", "a/", "//", "/index.md", "a/b/"] {
            #expect(Permalink.cleanURL(ofNoteAt: raw) == nil, "\(raw.debugDescription)")
        }
        for raw in Self.paths() {
            // A path that normalising changes is not one `forNote` hands over (`String`'s `==` would
            // let an NFD spelling pass for its NFC twin: bytes are compared).
            guard let clean = Permalink.cleanURL(ofNoteAt: raw), let notePath = NotePath(normalizing: raw),
                  notePath.string.utf8.elementsEqual(raw.utf8) else {
                continue
            }
            #expect(notePath.stem.lowercased() != "index", "\(raw.debugDescription)")
            #expect(Array(clean.utf8) == Array((notePath.withoutExtension + "/").utf8), "\(raw.debugDescription)")
        }
    }

    static let frontMatterPermalinks = [
        "", " ", "/", "//", "/n/396/", "/n/396", "n/396", "/feed.xml", "/a.b/c", "/a/b.c/", " /a/b ", "\t/x\t", "/1-cs/3/", "about",
        "/딥러닝/", "/딥러닝", "/a/e\u{301}", "/a/.\u{301}x", "/a\u{301}/b", "/a/\u{301}", "///a//b", "/a.", ".", "..", "/..",
        "\u{A0}/a\u{A0}", "/a/b.c.d", "/漢字.html", "/x/\u{600}.y",
    ]

    @Test func fromFrontMatterAgreesWithCharacters() {
        for value in Self.frontMatterPermalinks {
            #expect(Array(Permalink.fromFrontMatter(value).path.utf8) == Array(Self.referenceFromFrontMatter(value).utf8),
                    "\(value.debugDescription)")
        }
    }

    @Test func initAgreesWithCharacters() {
        for value in Self.frontMatterPermalinks + ["/\u{301}a", "//\u{301}", "\u{301}/a", "/\u{600}a"] {
            #expect(Array(Permalink(value).path.utf8) == Array(Self.referencePermalink(value).utf8), "\(value.debugDescription)")
        }
    }
}

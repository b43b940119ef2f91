import Notes
import Testing

/// `Permalink.relativeHref` reads both paths in place and writes the link straight into its
/// String; the link must be the one the plain algorithm below gives, for pages and files at any
/// depth, the home page, shared and unshared folders, Korean and reserved characters, with and
/// without fragments and `index.html`.
@Suite struct RelativeHrefTests {
    /// The plain algorithm: split both paths, drop the shared folders, climb, descend, encode.
    static func reference(_ target: Permalink, from page: Permalink, fragment: String?, directoryIndex: Bool) -> String {
        func encode(_ bytes: some Sequence<UInt8>, extra: String) -> String {
            let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8).union(extra.utf8)
            var out = ""
            for b in bytes {
                if unreserved.contains(b) { out.unicodeScalars.append(Unicode.Scalar(b)) } else {
                    out += "%" + String(b, radix: 16, uppercase: true).leftPadded()
                }
            }
            return out
        }
        var fromDirs = page.path.split(separator: "/").map(String.init)
        if !page.isPage, !fromDirs.isEmpty { fromDirs.removeLast() }
        let toParts = target.path.split(separator: "/").map(String.init)
        let toDirCount = target.isPage ? toParts.count : max(toParts.count - 1, 0)
        var common = 0
        while common < fromDirs.count, common < toDirCount, Array(fromDirs[common].utf8) == Array(toParts[common].utf8) { common += 1 }
        var parts = Array(repeating: "..", count: fromDirs.count - common)
        parts += toParts[common...].map { encode($0.utf8, extra: "!$&'()*+,;=:@") }
        var href = parts.joined(separator: "/")
        if target.isPage {
            if !href.isEmpty { href += "/" }
            if directoryIndex { href += "index.html" } else if href.isEmpty { href = "./" }
        }
        if let fragment, !fragment.isEmpty { href += "#" + encode(fragment.utf8, extra: "!$&'()*+,;=:@/?") }
        return href
    }

    static let paths = ["", "a/", "a/b/", "a/b/c/", "a/x.png", "a/b/x.png", "x.png", "b/", "ab/", "a/bc/", "dl/vae/",
                        "dl/generative/vae/", "강의노트/노트 1/", "강의노트/그림 1.png", "n/22/", "a b/c%d/", "q?/#/", "tags/",
                        "concepts/vae/", "concepts/index.html", "feed.xml", "a/b/c/d/e/f/"]

    @Test func sameLinksAsThePlainAlgorithm() {
        for from in Self.paths {
            for to in Self.paths {
                for fragment in [nil, "", "손실-함수-l", "a b#c", "x"] {
                    for directoryIndex in [true, false] {
                        let page = Permalink(from), target = Permalink(to)
                        #expect(target.relativeHref(from: page, fragment: fragment, directoryIndex: directoryIndex)
                                == Self.reference(target, from: page, fragment: fragment, directoryIndex: directoryIndex),
                                "\(from) -> \(to) # \(fragment ?? "nil") \(directoryIndex)")
                    }
                }
            }
        }
    }

    @Test func randomPaths() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "b", "ab", "노트", "x y", "%", "é", "e\u{301}", "🙂", "c.md", "i.png", "&", "'"]
        func randomPath() -> String {
            let depth = Int.random(in: 0...4, using: &generator)
            var path = (0..<depth).map { _ in pieces.randomElement(using: &generator)! }.joined(separator: "/")
            if Bool.random(using: &generator) { path += "/" }
            return path
        }
        for _ in 0..<3_000 {
            let page = Permalink(randomPath()), target = Permalink(randomPath())
            let fragment = Bool.random(using: &generator) ? nil : pieces.randomElement(using: &generator)
            let directoryIndex = Bool.random(using: &generator)
            #expect(target.relativeHref(from: page, fragment: fragment, directoryIndex: directoryIndex)
                    == Self.reference(target, from: page, fragment: fragment, directoryIndex: directoryIndex),
                    "\(page.path) -> \(target.path)")
        }
    }
}

/// `isPage` and `upToRoot` read bytes; they must say what the character-level tests say
/// (`hasSuffix("/")`, splitting at `/`), Prepend characters before a slash included (U+0600
/// and U+110BD join the `/` after them into one character, a combining mark the `/` before it).
@Suite struct PermalinkBytesTests {
    static func referenceIsPage(_ p: Permalink) -> Bool { p.path.isEmpty || p.path.hasSuffix("/") }

    static func referenceUpToRoot(_ p: Permalink) -> String {
        var depth = p.path.split(separator: "/", omittingEmptySubsequences: true).count
        if !referenceIsPage(p), depth > 0 { depth -= 1 }
        return String(repeating: "../", count: depth)
    }

    @Test func sameAsTheCharacterTests() {
        // Hangul syllables and Han beside a slash (read from bytes), and what is not quite them:
        // conjoining and compatibility jamo, a syllable with a mark after it, other scripts.
        let pieces = ["a", "노트", "e\u{301}", "\u{0600}", "a\u{0600}", "\u{110BD}", "x.png", "🙂", "\u{301}", ".", "ab",
                      "漢字", "\u{3400}", "\u{9FFF}", "가", "힣", "\u{1100}", "\u{1161}", "\u{11A8}", "ㄱ", "노\u{301}", "\u{AC00}\u{11A8}",
                      "é", "日本", "\u{20000}", "\u{0600}노", "노\u{0600}"]
        var paths = ["", "/", "a", "a/", "x.png", "a/b/c/d/e/f/g/h/i/j/k/l/m/n/", "a/b/c/d/e/f/g/h/i/j/k/l/m/x.png"]
        for first in pieces {
            paths += [first, first + "/"]
            for second in pieces {
                paths += [first + "/" + second, first + "/" + second + "/", first + second + "/"]
            }
        }
        for path in paths {
            let p = Permalink(path)
            #expect(p.isPage == Self.referenceIsPage(p), "\(path.unicodeScalars.map { $0.value })")
            #expect(p.upToRoot == Self.referenceUpToRoot(p), "\(path.unicodeScalars.map { $0.value })")
            // Pages share their way to the root by folder count when the slashes stand alone.
            if p.slashesStandAlone {
                #expect(p.upToRoot == String(repeating: "../", count: Permalink.HrefOrigin(p).folders), "\(path.unicodeScalars.map { $0.value })")
            }
        }
        // The Prepend case itself: one character, so no `/` at the end and no folder.
        #expect(!Permalink("\u{0600}/").isPage)
        #expect(Permalink("\u{0600}/").upToRoot == "")
        #expect(Permalink("a/\u{0600}/b/").upToRoot == "../../")
        // A combining mark after a slash joins it too: `a/́` is one folder-less file name.
        #expect(Permalink("a/\u{301}").upToRoot == "")
    }
}

private extension String {
    func leftPadded() -> String { count < 2 ? "0" + self : self }
}

@Suite struct PermalinkNormalisationTests {
    @Test func leadingAndDoubledSlashesGoAndNamesComposed() {
        #expect(Permalink("//a//b///c/").path == "a/b/c/")
        #expect(Permalink("/x.png").path == "x.png")
        #expect(Permalink("a/b/").path == "a/b/")
        #expect(Permalink("").path == "")
        #expect(Permalink("/").path == "")
        #expect(Permalink("노트//그림.png").path == "노트/그림.png")
        // Decomposed Hangul (as macOS writes file names) becomes the composed form.
        #expect(Permalink("\u{1100}\u{1161}/").path == "가/")
    }
}

/// Clean paths are kept as they are; every other spelling takes the component-by-component
/// normalisation, and both give what the rule says.
@Suite struct NotePathNormalisationTests {
    static func reference(_ relative: String) -> String? {
        var parts: [Substring] = []
        for component in relative.nfc.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                if parts.isEmpty { return nil }
                parts.removeLast()
                continue
            }
            parts.append(component)
        }
        return parts.joined(separator: "/")
    }

    @Test func everySpelling() {
        let pieces = ["a", ".", "..", "...", ".a", "a.", "노트", "e\u{301}", ".\u{301}", "", "x.md", "..b"]
        var paths: [String] = [""]
        for first in pieces { for second in pieces { for third in ["", "c.md", ".", ".."] {
            for separator in ["/", "//"] { paths.append([first, second, third].joined(separator: separator)) }
            paths.append("/" + first + "/" + second)
            paths.append(first + "/" + second + "/")
        } } }
        for path in paths {
            #expect(NotePath(normalizing: path)?.string == Self.reference(path), "\(path)")
        }
        #expect(NotePath("dl/generative/vae.md").name == "vae.md")
        #expect(NotePath("vae.md").name == "vae.md")
        #expect(NotePath("dl/generative/vae.md").folder == "dl/generative")
        #expect(NotePath("vae.md").folder == "")
        #expect(NotePath("강의/노트 1.md").stem == "노트 1")
    }
}

/// `HrefTarget.href` copies segments encoded once instead of encoding them per link; it must
/// write what `relativeHref` writes, from every kind of page to every kind of target: the home
/// page, files and pages at any depth, Korean and decomposed names, names already holding
/// `%XX`, reserved characters, Prepend characters and combining marks beside a slash, pages
/// sharing some or all folders with the target, with and without fragments and `index.html`.
@Suite struct HrefTargetTests {
    static let tricky = RelativeHrefTests.paths + [
        "concepts/", "concepts/노트/", "concepts/a/b/", "concepts/vae", "concepts/vae/x.png", "concepts/vae/index.html",
        "%EB%85%B8%ED%8A%B8/", "a%2Fb/", "a%20b/c/", "100%/", "노트/", "노트/강의/", "노트/강의/그림.png",
        "e\u{301}/", "\u{0600}/x/", "a\u{0600}/b/", "a/\u{301}", "a/\u{301}/", "x/\u{110BD}/y.png",
        "index.html", "a/index.html", "n/1/", "n/12/", "n/1/2/3/", ".hidden/", "a/.b", "~user/",
        // First folders alike in length and first seven bytes (or in length modulo 256), which
        // `shape(from:)` must tell apart on the bytes.
        "lecture-01/x/", "lecture-02/x/", "lecture-01/y.png", String(repeating: "a", count: 300) + "/b/",
        String(repeating: "a", count: 44) + "/b/",
    ]

    /// Every shape a page of these tests can have, and some no page can.
    static let allShapes = (-1...7).flatMap { shared in (-1...7).map { Permalink.HrefTarget.Shape(shared: shared, climb: $0) } }

    /// The link written from the encoded segments, and the links made beforehand for every
    /// shape (with and without `index.html`), against `relativeHref`.
    static func expectSame(_ target: Permalink, from page: Permalink, fragment: String?, directoryIndex: Bool) {
        let general = target.relativeHref(from: page, fragment: fragment, directoryIndex: directoryIndex)
        let origin = Permalink.HrefOrigin(page)
        for made in [Permalink.HrefTarget(target),
                     Permalink.HrefTarget(target, preparing: allShapes, directoryIndex: true),
                     Permalink.HrefTarget(target, preparing: allShapes, directoryIndex: false)] {
            let fast = made.href(from: origin, fragment: fragment, directoryIndex: directoryIndex)
            #expect(fast == general, "\(page.path.unicodeScalars.map { $0.value }) -> \(target.path.unicodeScalars.map { $0.value }) # \(fragment ?? "nil") \(directoryIndex)")
            #expect(Array(fast.utf8) == Array(general.utf8))
        }
    }

    @Test func sameLinksAsRelativeHref() {
        for from in Self.tricky {
            for to in Self.tricky {
                for fragment in [nil, "", "손실-함수-l", "a b#c", "x", "%41/?"] {
                    for directoryIndex in [true, false] {
                        Self.expectSame(Permalink(to), from: Permalink(from), fragment: fragment, directoryIndex: directoryIndex)
                    }
                }
            }
        }
    }

    /// One target, made once, linked from many pages: nothing of one link stays for the next.
    @Test func oneTargetFromManyPages() {
        for to in Self.tricky {
            let target = Permalink.HrefTarget(Permalink(to), preparing: [.init(shared: 0, climb: 2), .init(shared: 1, climb: 1)])
            #expect(target.permalink == Permalink(to))
            for from in Self.tricky {
                let origin = Permalink.HrefOrigin(Permalink(from))
                #expect(origin.page == Permalink(from))
                for directoryIndex in [true, false] {
                    #expect(target.href(from: origin, directoryIndex: directoryIndex)
                            == Permalink(to).relativeHref(from: Permalink(from), directoryIndex: directoryIndex))
                }
            }
        }
    }

    /// The fragment is percent-encoded by the link writer itself: every ASCII character, alone
    /// and among others, and letters of two, three and four bytes, as `relativeHref` encodes them.
    @Test func everyFragmentByteAsRelativeHrefEncodesIt() {
        var fragments = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        fragments.append(String(decoding: (1..<128).map { UInt8($0) }, as: UTF8.self))
        fragments += ["é", "e\u{301}", "손실 함수", "🙂#🙂", "\u{0600}%", "~-._!$&'()*+,;=:@/?", "a%20b", "\u{7F}\u{80}\u{FFFF}"]
        for fragment in fragments {
            for (from, to) in [("concepts/vae/", "dl/vae/"), ("", "노트/강의/"), ("a/b/", "a/b/"), ("x/", "a/i.png")] {
                for directoryIndex in [true, false] {
                    Self.expectSame(Permalink(to), from: Permalink(from), fragment: fragment, directoryIndex: directoryIndex)
                }
            }
        }
    }

    @Test func randomPaths() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "b", "ab", "노트", "x y", "%", "%41", "é", "e\u{301}", "\u{301}", "\u{0600}", "🙂", "c.md",
                      "i.png", "&", "'", "concepts", "index.html", "/"]
        func randomPath() -> String {
            let depth = Int.random(in: 0...5, using: &generator)
            var path = (0..<depth).map { _ in pieces.randomElement(using: &generator)! }.joined(separator: "/")
            if Bool.random(using: &generator) { path += "/" }
            return path
        }
        for _ in 0..<3_000 {
            // Half the time the page and the target share their first folders.
            let target = Permalink(randomPath())
            let page = Bool.random(using: &generator) ? Permalink(randomPath()) : Permalink(target.path + randomPath())
            let fragment = Bool.random(using: &generator) ? nil : pieces.randomElement(using: &generator)
            Self.expectSame(target, from: page, fragment: fragment, directoryIndex: Bool.random(using: &generator))
        }
    }
}

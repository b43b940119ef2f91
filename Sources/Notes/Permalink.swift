/// Where a page or file lives in the output site, relative to the site root, without a leading
/// slash: `dl/vae/` for a page (a folder holding `index.html`), `images/a.png` for a file, and
/// the empty string for the home page.
public struct Permalink: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let path: String

    public init(_ path: String) {
        var p = path
        while p.hasPrefix("/") { p.removeFirst() }
        while p.contains("//") { p = p.replacingOccurrences(of: "//", with: "/") }
        self.path = p.nfc
    }

    public static let root = Permalink("")

    /// The clean URL of a note: `dl/vae.md` → `dl/vae/`; `dl/index.md` → `dl/`.
    public static func forNote(at notePath: NotePath) -> Permalink {
        let stem = notePath.stem
        if stem.lowercased() == "index" {
            return notePath.folder.isEmpty ? .root : Permalink(notePath.folder + "/")
        }
        return Permalink(notePath.withoutExtension + "/")
    }

    /// A permalink written in front matter (`/1-cs/3/`, `about`, `/feed.xml`): one with a file
    /// extension in its last segment names a file, any other a page folder.
    public static func fromFrontMatter(_ value: String) -> Permalink {
        var p = Permalink(value.trimmingCharacters(in: .whitespaces)).path
        let last = p.split(separator: "/").last.map(String.init) ?? ""
        if !p.isEmpty, !p.hasSuffix("/"), !last.contains(".") { p += "/" }
        return Permalink(p)
    }

    /// For a file such as an image: the path itself.
    public static func forAsset(at notePath: NotePath) -> Permalink { Permalink(notePath.string) }

    public var isPage: Bool { path.isEmpty || path.hasSuffix("/") }

    /// The file to write, relative to the output folder: `dl/vae/index.html`, `images/a.png`.
    public var outputFile: String { isPage ? path + "index.html" : path }

    public var description: String { path }

    /// The relative URL from the page at `page` to this permalink, each segment percent-encoded,
    /// so the site works under any sub-path. With `directoryIndex` (the default) links to pages end
    /// in `index.html`, which is what makes the site browsable straight from disk.
    public func relativeHref(from page: Permalink, fragment: String? = nil, directoryIndex: Bool = true) -> String {
        // Byte ranges of the non-empty segments; pages are linked by the thousands, so no
        // substrings are made. The page's own folder: `a/b/` for a page, `a/` for a file `a/x.html`.
        let from = Array(page.path.utf8)
        let to = Array(path.utf8)
        var fromDirs = Self.segments(from)
        if !page.isPage, !fromDirs.isEmpty { fromDirs.removeLast() }
        let toParts = Self.segments(to)
        let toIsPage = isPage
        let toDirCount = toIsPage ? toParts.count : max(toParts.count - 1, 0)
        var common = 0
        while common < fromDirs.count, common < toDirCount, from[fromDirs[common]].elementsEqual(to[toParts[common]]) { common += 1 }

        var href: [UInt8] = []
        href.reserveCapacity(to.count * 3 + 16)
        for index in common..<fromDirs.count {
            if index > common { href.append(0x2F) }
            href += [0x2E, 0x2E]                                   // ..
        }
        for index in common..<toParts.count {
            if !href.isEmpty { href.append(0x2F) }
            Self.encode(to[toParts[index]], keeping: Self.segmentSafe, into: &href)
        }
        if toIsPage {
            if !href.isEmpty { href.append(0x2F) }
            if directoryIndex {
                href += Array("index.html".utf8)
            } else if href.isEmpty {
                href += [0x2E, 0x2F]                               // ./
            }
        }
        if let fragment, !fragment.isEmpty {
            href.append(0x23)                                      // #
            Self.encode(fragment.utf8, keeping: Self.fragmentSafe, into: &href)
        }
        return String(decoding: href, as: UTF8.self)
    }

    /// The ranges of the non-empty `/`-separated segments of `bytes`.
    private static func segments(_ bytes: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x2F {
            if index > start { result.append(start..<index) }
            start = index + 1
        }
        if bytes.count > start { result.append(start..<bytes.count) }
        return result
    }

    /// The absolute URL under a base URL, for sitemaps and feeds (`https://x.org/notes/` + `dl/vae/`).
    public func absoluteURL(base: String) -> String {
        let b = base.hasSuffix("/") ? base : base + "/"
        return b + path.split(separator: "/", omittingEmptySubsequences: false).map { Permalink.encodeSegment(String($0)) }.joined(separator: "/")
    }

    /// Byte tables: `true` where a byte may appear unencoded. Built once, not per call.
    private static func table(_ extra: String) -> [Bool] {
        var t = [Bool](repeating: false, count: 256)
        for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8 { t[Int(b)] = true }
        for b in extra.utf8 { t[Int(b)] = true }
        return t
    }
    private static let segmentSafe = table("!$&'()*+,;=:@")
    private static let fragmentSafe = table("!$&'()*+,;=:@/?")

    /// Percent-encodes one path segment: everything but RFC 3986 unreserved characters and a few
    /// sub-delimiters that are safe in a path.
    public static func encodeSegment(_ segment: String) -> String {
        encode(segment, keeping: segmentSafe)
    }

    /// Percent-encodes a fragment (heading ids are Unicode; browsers match either form).
    public static func encodeFragment(_ fragment: String) -> String {
        encode(fragment, keeping: fragmentSafe)
    }

    private static func encode(_ string: String, keeping safe: [Bool]) -> String {
        if string.utf8.allSatisfy({ safe[Int($0)] }) { return string }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count * 3)
        encode(string.utf8, keeping: safe, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func encode<Bytes: Sequence<UInt8>>(_ input: Bytes, keeping safe: [Bool], into bytes: inout [UInt8]) {
        for byte in input {
            if safe[Int(byte)] {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0xF)])
            }
        }
    }

    public static func < (a: Permalink, b: Permalink) -> Bool {
        a.path.utf8.lexicographicallyPrecedes(b.path.utf8)
    }
}

import Diagnostics
import Foundation

/// Where a page or file lives in the output site, relative to the site root, without a leading
/// slash: `dl/vae/` for a page (a folder holding `index.html`), `images/a.png` for a file, and
/// the empty string for the home page.
public struct Permalink: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let path: String

    public init(_ path: String) {
        var p = path
        // A first byte other than `/` is not a `/` character (no other spelling is canonically
        // equivalent to it): `hasPrefix`, which compares characters, is asked only otherwise.
        while p.utf8.first == 0x2F, p.hasPrefix("/") { p.removeFirst() }
        // A byte test first: Foundation's `contains` of a string costs microseconds, and
        // permalinks are made by the ten thousand.
        if p.containsUTF8("//") {
            while p.contains("//") { p = p.replacingOccurrences(of: "//", with: "/") }
        }
        self.path = p.nfc
    }

    public static let root = Permalink("")

    /// The clean URL of a note: `dl/vae.md` → `dl/vae/`; `dl/index.md` → `dl/`.
    public static func forNote(at notePath: NotePath) -> Permalink {
        if let clean = cleanURL(ofNoteAt: notePath.string) { return Permalink(clean) }
        let stem = notePath.stem
        if stem.lowercased() == "index" {
            return notePath.folder.isEmpty ? .root : Permalink(notePath.folder + "/")
        }
        return Permalink(notePath.withoutExtension + "/")
    }

    /// `notePath.withoutExtension + "/"`, made from the path's bytes, for a note whose stem is
    /// surely not `index`; nil for any other, which `forNote(at:)` derives as before.
    ///
    /// `NotePath`'s `folder`, `stem` and `withoutExtension` each cut and joined strings, and
    /// `lowercased()` made another: eight thousand instructions for every note. Here the text is
    /// the path's bytes up to the dot before the extension (the same bytes as the folder, `/`
    /// and the stem), plus `/`. Declined: a path starting with `/` or with an empty last
    /// component, where `folder` or `stem` is empty and the join differs; and a path where a
    /// cut might not fall between characters (`hasCharacterBoundary`), where `String`'s
    /// subscripts would round it.
    ///
    /// A stem of ASCII is compared with `index` ignoring ASCII case, as `lowercased()` of ASCII
    /// compares. A stem of more than five scalars is never `index`: lowercasing and canonical
    /// decomposition each turn a scalar into one or more, so it could only equal the five of
    /// `index` with five or fewer. Any other stem is declined.
    static func cleanURL(ofNoteAt path: String) -> String? {
        path.withUTF8Bytes { bytes -> String? in
            guard let first = bytes.first, first != 0x2F else { return nil }
            var nameStart = bytes.count
            while nameStart > 0, bytes[nameStart - 1] != 0x2F { nameStart -= 1 }
            guard nameStart < bytes.count else { return nil }
            // `folder` ends before the slash and `name` starts after it.
            if nameStart > 0, !hasCharacterBoundary(bytes, at: nameStart - 1) || !hasCharacterBoundary(bytes, at: nameStart) {
                return nil
            }
            // The last `.` of the name, unless it is the name's first byte (`.md` is all stem).
            var stemEnd = bytes.count
            while stemEnd > nameStart, bytes[stemEnd - 1] != 0x2E { stemEnd -= 1 }
            stemEnd = stemEnd - 1 > nameStart ? stemEnd - 1 : bytes.count
            guard hasCharacterBoundary(bytes, at: stemEnd) else { return nil }
            let stem = UnsafeBufferPointer(rebasing: bytes[nameStart..<stemEnd])
            guard !mayBeIndex(stem) else { return nil }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: stemEnd + 1) { out -> String in
                out.baseAddress!.update(from: bytes.baseAddress!, count: stemEnd)
                out[stemEnd] = 0x2F
                // Valid UTF-8: the text's bytes cut before an ASCII `.` (or at its end), and `/`.
                let text = UnsafeBufferPointer(out)
                return UTF8Text.string(ofValid: text, isASCII: String.allASCII(UnsafeRawBufferPointer(text)))
            }
        }
    }

    /// Whether a character boundary surely lies at byte `i` of these (valid) UTF-8 bytes,
    /// which hold a `/` or `.` at `i` or at `i - 1`. Those are characters of their own unless a
    /// Prepend character comes before them or a mark (or joiner) after them; neither is ASCII,
    /// a Hangul syllable or a CJK ideograph (`UTF8Text.isHangulOrHan`), which is what the
    /// scalars on both sides must be. The start and the end are boundaries.
    private static func hasCharacterBoundary(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        func plain(at start: Int) -> Bool {
            let lead = bytes[start]
            if lead < 0x80 { return true }
            return lead & 0xF0 == 0xE0 && start + 3 <= bytes.count && UTF8Text.isHangulOrHan(UTF8Text.threeByteScalar(bytes, at: start))
        }
        // The scalar before `i`: ASCII, or three bytes led at `i - 3`.
        let before = i == 0 || bytes[i - 1] < 0x80 || (i >= 3 && plain(at: i - 3) && bytes[i - 3] >= 0x80)
        let after = i == bytes.count || plain(at: i)
        return before && after
    }

    /// Whether `stem.lowercased() == "index"` may hold for the stem of these UTF-8 bytes: exactly
    /// for ASCII, conservatively (true) for a stem of five or fewer scalars with another byte.
    private static func mayBeIndex(_ stem: UnsafeBufferPointer<UInt8>) -> Bool {
        var scalars = 0
        var ascii = true
        for byte in stem {
            if byte & 0xC0 != 0x80 { scalars += 1 }
            if byte >= 0x80 { ascii = false }
        }
        guard scalars <= 5 else { return false }
        guard ascii else { return true }
        return stem.count == 5 && zip(stem, "index".utf8).allSatisfy { a, b in (a >= 0x41 && a <= 0x5A ? a | 0x20 : a) == b }
    }

    /// A permalink written in front matter (`/1-cs/3/`, `about`, `/feed.xml`): one with a file
    /// extension in its last segment names a file, any other a page folder.
    public static func fromFrontMatter(_ value: String) -> Permalink {
        var p = Permalink(value.trimmingHorizontalSpace()).path
        if !p.isEmpty, needsTrailingSlash(p) { p += "/" }
        return Permalink(p)
    }

    /// Whether the non-empty `p` does not end in `/` and its last `/`-separated segment has no
    /// `.`. An ASCII path is read from its bytes, where characters are bytes; any other as
    /// before, by characters (a `/` or `.` with a combining mark after it is neither).
    private static func needsTrailingSlash(_ p: String) -> Bool {
        let fromBytes: Bool? = p.withUTF8Bytes { bytes in
            guard String.allASCII(UnsafeRawBufferPointer(bytes)) else { return nil }
            guard bytes.last != 0x2F else { return false }
            var i = bytes.count
            while i > 0, bytes[i - 1] != 0x2F {
                if bytes[i - 1] == 0x2E { return false }
                i -= 1
            }
            return true
        }
        if let fromBytes { return fromBytes }
        let last = p.split(separator: "/").last.map(String.init) ?? ""
        return !p.hasSuffix("/") && !last.contains(".")
    }

    /// For a file such as an image: the path itself.
    public static func forAsset(at notePath: NotePath) -> Permalink { Permalink(notePath.string) }

    /// Whether this names a page (a folder): the home page, or a path ending in `/`.
    ///
    /// Read from the last bytes: `hasSuffix` compares characters, which for a non-ASCII path
    /// costs a few hundred instructions, and links ask this twice each. A last byte other than
    /// `/` is not a `/` character (no other spelling is canonically equivalent to it). A `/`
    /// after an ASCII byte (or alone) is a character of its own: only a Prepend character before
    /// it, which is never ASCII, could join it into a larger one. That rare path asks
    /// `hasSuffix` as before.
    public var isPage: Bool {
        let fast: Bool? = path.withUTF8Bytes { bytes in
            guard let last = bytes.last else { return true }
            guard last == 0x2F else { return false }
            return bytes.count == 1 || bytes[bytes.count - 2] < 0x80 ? true : nil
        }
        return fast ?? path.hasSuffix("/")
    }

    /// `../` once for each folder between this page (or file) and the site root: `a/b/` is two
    /// folders down, a file `a/x.png` one, the home page none. Theme assets and local graph
    /// links start from it.
    ///
    /// The folders are counted on the bytes. Splitting the String at `/` characters, which this
    /// replaced, splits at the same places unless a `/` joins a neighbour into one character: a
    /// Prepend character before it or a combining mark after it makes one larger character of
    /// the two. A path where that may be (`slashesStandAlone`) is split as before.
    public var upToRoot: String {
        let folders: Int = path.withUTF8Bytes { bytes in
            Self.slashesStandAlone(bytes) ? Self.segmentCount(bytes) : -1
        }
        var depth = folders >= 0 ? folders : path.split(separator: "/", omittingEmptySubsequences: true).count
        if !isPage, depth > 0 { depth -= 1 }
        return depth < Self.climbs.count ? Self.climbs[depth] : String(repeating: "../", count: depth)
    }

    /// Whether every `/` of the path is surely a character of its own: each one's neighbours
    /// are ASCII, Hangul syllables or Han characters (`hasCharacterBoundary`), none of which
    /// joins a `/` into a larger character. Then `upToRoot` is `../` once for each segment
    /// between the `/` bytes (`Permalink.HrefOrigin.folders` counts them alike); otherwise a `/`
    /// may be one character with a combining mark after it, and `upToRoot` splits the path by
    /// characters. Korean folder names are common: splitting each of their pages' paths by
    /// characters cost some nine thousand instructions, for every local graph and every page's
    /// shared keys.
    public var slashesStandAlone: Bool {
        path.withUTF8Bytes { Self.slashesStandAlone($0) }
    }

    static func slashesStandAlone(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x2F, (i > 0 && bytes[i - 1] >= 0x80) || (i + 1 < bytes.count && bytes[i + 1] >= 0x80),
               !hasCharacterBoundary(bytes, at: i) || !hasCharacterBoundary(bytes, at: i + 1) {
                return false
            }
            i += 1
        }
        return true
    }

    /// `upToRoot` for the depths most sites have, made once.
    private static let climbs = (0..<12).map { String(repeating: "../", count: $0) }

    /// The file to write, relative to the output folder: `dl/vae/index.html`, `images/a.png`.
    public var outputFile: String { isPage ? path + "index.html" : path }

    public var description: String { path }

    /// The relative URL from the page at `page` to this permalink, each segment percent-encoded,
    /// so the site works under any sub-path. With `directoryIndex` (the default) links to pages end
    /// in `index.html`, which is what makes the site browsable straight from disk.
    public func relativeHref(from page: Permalink, fragment: String? = nil, directoryIndex: Bool = true) -> String {
        // Pages are linked by the hundred thousand: the two paths are read in place, segment by
        // segment, and the link is written straight into its String, with no arrays between.
        let fromIsPage = page.isPage, toIsPage = isPage
        return page.path.withUTF8Bytes { from in
            path.withUTF8Bytes { to in
                // The page's own folder: `a/b/` for a page, `a/` for a file `a/x.html`.
                var fromDirs = Self.segmentCount(from)
                if !fromIsPage, fromDirs > 0 { fromDirs -= 1 }
                let toParts = Self.segmentCount(to)
                let toDirs = toIsPage ? toParts : max(toParts - 1, 0)
                // Segments both share, and where the target's first unshared one starts.
                var common = 0
                var a = Segments(from), b = Segments(to)
                var rest = 0
                while common < fromDirs, common < toDirs, let x = a.next(), let y = b.next() {
                    guard from[x].elementsEqual(to[y]) else {
                        rest = y.lowerBound
                        break
                    }
                    common += 1
                    rest = y.upperBound
                }
                // At most: `../` per folder up, each remaining byte of the target and of the
                // fragment as `%XX`, and a slash, `index.html` and `#` around them.
                let fragmentBytes = fragment.map { $0.utf8.count } ?? 0
                let capacity = 3 * (fromDirs - common) + 3 * (to.count - rest) + 3 * fragmentBytes + 16
                return String(unsafeUninitializedCapacity: capacity) { out in
                    var n = 0
                    @inline(__always) func put(_ byte: UInt8) {
                        out[n] = byte
                        n += 1
                    }
                    for index in common..<fromDirs {
                        if index > common { put(0x2F) }
                        put(0x2E); put(0x2E)                                   // ..
                    }
                    var c = Segments(to, from: rest)
                    while let segment = c.next() {
                        if n > 0 { put(0x2F) }
                        for byte in to[segment] { Self.encode(byte, keeping: Self.segmentSafe, put) }
                    }
                    if toIsPage {
                        if n > 0 { put(0x2F) }
                        if directoryIndex {
                            for byte in "index.html".utf8 { put(byte) }
                        } else if n == 0 {
                            put(0x2E); put(0x2F)                               // ./
                        }
                    }
                    if let fragment, !fragment.isEmpty {
                        put(0x23)                                              // #
                        for byte in fragment.utf8 { Self.encode(byte, keeping: Self.fragmentSafe, put) }
                    }
                    return n
                }
            }
        }
    }

    /// The non-empty `/`-separated segments of a path, in order, as byte ranges.
    struct Segments {
        let bytes: UnsafeBufferPointer<UInt8>
        var position: Int

        init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0) {
            self.bytes = bytes
            position = start
        }

        mutating func next() -> Range<Int>? {
            while position < bytes.count, bytes[position] == 0x2F { position += 1 }
            guard position < bytes.count else { return nil }
            let start = position
            while position < bytes.count, bytes[position] != 0x2F { position += 1 }
            return start..<position
        }
    }

    static func segmentCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var segments = Segments(bytes)
        var count = 0
        while segments.next() != nil { count += 1 }
        return count
    }

    @inline(__always)
    static func encode(_ byte: UInt8, keeping safe: [Bool], _ put: (UInt8) -> Void) {
        if safe[Int(byte)] {
            put(byte)
        } else {
            put(UInt8(ascii: "%"))
            put(hexDigits[Int(byte >> 4)])
            put(hexDigits[Int(byte & 0xF)])
        }
    }

    /// The absolute URL under a base URL, for sitemaps and feeds (`https://x.org/notes/` + `dl/vae/`).
    public func absoluteURL(base: String) -> String {
        let b = base.hasSuffix("/") ? base : base + "/"
        return b + path.split(separator: "/", omittingEmptySubsequences: false).map { Permalink.encodeSegment(String($0)) }.joined(separator: "/")
    }

    /// Byte tables: `true` where a byte may appear unencoded (RFC 3986's unreserved characters
    /// and `extra`). Built once, not per call.
    static func table(_ extra: String) -> [Bool] {
        var t = [Bool](repeating: false, count: 256)
        for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8 { t[Int(b)] = true }
        for b in extra.utf8 { t[Int(b)] = true }
        return t
    }
    static let segmentSafe = table("!$&'()*+,;=:@")
    static let fragmentSafe = table("!$&'()*+,;=:@/?")

    /// Percent-encodes one path segment: everything but RFC 3986 unreserved characters and a few
    /// sub-delimiters that are safe in a path.
    public static func encodeSegment(_ segment: String) -> String {
        encode(segment, keeping: segmentSafe)
    }

    /// Percent-encodes a fragment (heading ids are Unicode; browsers match either form).
    public static func encodeFragment(_ fragment: String) -> String {
        encode(fragment, keeping: fragmentSafe)
    }

    /// `#` and `encodeFragment(fragment)`: a link to a heading on the same page. Heading ids
    /// are mostly ASCII slugs that need no encoding; those are written at once, `#` and the
    /// id's bytes in one string, where testing the id through its UTF-8 view and then joining
    /// two strings cost some 1,200 instructions (every entry of every table of contents).
    public static func fragmentLink(_ fragment: String) -> String {
        let safe = fragmentSafe
        let written: String? = fragment.withUTF8Bytes { bytes in
            for b in bytes where !safe[Int(b)] { return nil }
            return String(unsafeUninitializedCapacity: bytes.count + 1) { out in
                out[0] = UInt8(ascii: "#")
                if let source = bytes.baseAddress, bytes.count > 0 {
                    (out.baseAddress! + 1).initialize(from: source, count: bytes.count)
                }
                return bytes.count + 1
            }
        }
        return written ?? "#" + encodeFragment(fragment)
    }

    private static func encode(_ string: String, keeping safe: [Bool]) -> String {
        if string.utf8.allSatisfy({ safe[Int($0)] }) { return string }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count * 3)
        for byte in string.utf8 { encode(byte, keeping: safe) { bytes.append($0) } }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    public static func < (a: Permalink, b: Permalink) -> Bool {
        a.path.utf8.lexicographicallyPrecedes(b.path.utf8)
    }
}

import Diagnostics
import Foundation

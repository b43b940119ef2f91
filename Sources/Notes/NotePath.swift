import Diagnostics
import Foundation

/// A file's path relative to the content folder: `/`-separated, NFC-normalised, never starting
/// with `/` or `./`, never containing `.` or `..` components. Two spellings of one name (NFC and
/// NFD, as macOS writes them) give the same `NotePath`.
public struct NotePath: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The normalised relative path, e.g. `dl/vae.md`.
    public let string: String

    /// Normalises `relative`: NFC, `\` kept as is, empty and `.` components dropped, `..` resolved.
    /// Returns nil when `..` would climb above the content root.
    public init?(normalizing relative: String) {
        let nfc = relative.nfc
        // Nearly every path is clean already: one pass over the bytes says so, and it is kept.
        if Self.isClean(nfc) {
            self.string = nfc
            return
        }
        guard let walked = Self.walking(nfc, from: "") else { return nil }
        self.string = walked
    }

    /// Walks `path` onto the folder `parts`: empty and `.` components dropped, `..` taking the
    /// last part off. False when `..` would climb above where `parts` started. Both the
    /// normalised paths here and the checker's raw spellings (`RawNames`) resolve this way.
    public static func append(components path: String, to parts: inout [Substring]) -> Bool {
        for component in path.utf8.split(separator: 0x2F) {
            let count = component.count
            if count <= 2, component.allSatisfy({ $0 == 0x2E }) {
                // `.` stays; `..` climbs.
                if count == 1 { continue }
                if parts.isEmpty { return false }
                parts.removeLast()
                continue
            }
            parts.append(Substring(component))
        }
        return true
    }

    /// The non-empty components of `path` between `/` bytes. Paths are split on the byte, as
    /// the file system does: `/` never occurs inside another character's UTF-8, and splitting
    /// by `Character` paid for grapheme breaking on every path of every link.
    public static func components(of path: String) -> [Substring] {
        path.utf8.split(separator: 0x2F).map(Substring.init)
    }

    /// A path already known to be relative and clean (tests, literals). Normalises anyway.
    public init(_ relative: String) {
        self = NotePath(normalizing: relative) ?? NotePath(unchecked: "")
    }

    private init(unchecked: String) { self.string = unchecked }

    public var description: String { string }

    /// No empty, `.` or `..` component: what the normalisation above would give back unchanged.
    /// Read where the bytes are stored (`withUTF8Bytes`): `for byte in path.utf8` paid an index
    /// check for each byte of each of ten thousand paths, in the walk that runs on one core.
    static func isClean(_ path: String) -> Bool {
        path.withUTF8Bytes { bytes in
            var segmentStart = 0, dots = 0, index = 0
            for byte in bytes {
                if byte == 0x2F {
                    let length = index - segmentStart
                    if length == 0 || dots == length && length <= 2 { return false }
                    segmentStart = index + 1
                    dots = 0
                } else if byte == 0x2E {
                    dots += 1
                }
                index += 1
            }
            let length = index - segmentStart
            return !(length == 0 && index > 0) && !(dots == length && length > 0 && length <= 2)
        }
    }

    public var components: [String] { string.split(separator: "/").map(String.init) }

    /// The last component, `vae.md`.
    public var name: String {
        guard let slash = Self.lastIndex(of: 0x2F, in: string) else { return string }
        return String(string[string.utf8.index(after: slash)...])
    }

    /// The name without its extension, `vae`.
    public var stem: String {
        let name = self.name
        guard let dot = Self.lastIndex(of: 0x2E, in: name), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// The lowercased extension without the dot, `md`; empty when there is none.
    public var pathExtension: String {
        let name = self.name
        guard let dot = Self.lastIndex(of: 0x2E, in: name), dot != name.startIndex else { return "" }
        return String(name[name.utf8.index(after: dot)...]).lowercased()
    }

    /// `text.utf8.lastIndex(of: byte)`, read from the string's bytes: the generic one took
    /// five hundred instructions for a short path, and paths are asked for their names and
    /// folders tens of thousands of times.
    static func lastIndex(of byte: UInt8, in text: String) -> String.Index? {
        let offset: Int? = text.withUTF8Bytes { bytes in
            var i = bytes.count
            while i > 0 {
                i -= 1
                if bytes[i] == byte { return i }
            }
            return nil
        }
        return offset.map { text.utf8.index(text.utf8.startIndex, offsetBy: $0) }
    }

    /// The containing folder, `dl`; empty at the content root.
    public var folder: String {
        guard let slash = Self.lastIndex(of: 0x2F, in: string) else { return "" }
        return String(string[..<slash])
    }

    /// The path without its extension, `dl/vae`.
    public var withoutExtension: String {
        folder.isEmpty ? stem : folder + "/" + stem
    }

    public var isMarkdown: Bool {
        // An ASCII extension is compared byte by byte, ignoring ASCII case, as `pathExtension`
        // (which lowercases) would compare it; any other goes the general way, since a scalar
        // such as the Kelvin sign lowercases to an ASCII letter.
        let ascii: Bool? = string.withUTF8Bytes { bytes in
            var dot = bytes.count
            while dot > 0, bytes[dot - 1] != 0x2E, bytes[dot - 1] != 0x2F { dot -= 1 }
            // No dot in the name, or a name that is all extension (`.md`): no extension.
            guard dot > 0, bytes[dot - 1] == 0x2E, dot >= 2, bytes[dot - 2] != 0x2F else { return false }
            let ext = UnsafeBufferPointer(rebasing: bytes[dot...])
            guard !ext.contains(where: { $0 >= 0x80 }) else { return nil }
            return Self.equalsIgnoringASCIICase(ext, "md") || Self.equalsIgnoringASCIICase(ext, "markdown")
        }
        if let ascii { return ascii }
        let ext = pathExtension
        return ext == "md" || ext == "markdown"
    }

    private static func equalsIgnoringASCIICase(_ bytes: UnsafeBufferPointer<UInt8>, _ lower: StaticString) -> Bool {
        guard bytes.count == lower.utf8CodeUnitCount else { return false }
        let expected = lower.utf8Start
        for i in 0..<bytes.count {
            let b = bytes[i]
            let folded = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            if folded != expected[i] { return false }
        }
        return true
    }

    /// Resolves a relative reference written in this file (`../img/a.png`, `other.md`) against the
    /// file's folder; a reference starting with `/` is taken from the content root. Nil when it
    /// leaves the content folder.
    public func resolving(_ reference: String) -> NotePath? {
        // A scalar can start `/` only by being `/`, so the byte is asked first: `hasPrefix`
        // compares Characters (`/` with a mark after it is not `/`), at a cost paid by every link.
        let absolute = reference.utf8.first == 0x2F && reference.hasPrefix("/")
        // When the reference holds no scalar NFC could change, neither does its join with the
        // folder: the folder is NFC (every `NotePath` is), the `/` between them is a starter no
        // neighbour composes with, and every scalar of the reference is a starter that composes
        // with nothing before it (`isKnownNFC`), so no composition or reordering crosses the
        // join. The reference is walked from the folder's bytes, with no joined string, no `nfc`
        // scan of it or of the folder (a Hangul folder cost two hundred instructions to scan,
        // for every link) and no array of components. This is every link of nearly every vault.
        if reference.isKnownNFC {
            let folderLength = absolute ? 0 : string.withUTF8Bytes { bytes in
                var end = bytes.count
                while end > 0, bytes[end - 1] != 0x2F { end -= 1 }
                return max(end - 1, 0)
            }
            return Self.walking(reference, from: string, folderLength: folderLength).map(NotePath.init(unchecked:))
        }
        if absolute { return NotePath(normalizing: reference) }
        return NotePath(normalizing: folder.isEmpty ? reference : folder + "/" + reference)
    }

    /// `path` walked onto the folder made of the first `folderLength` bytes of `base` (a clean
    /// path's folder), as `append(components:to:)` walks it, joined with `/`: empty and `.`
    /// components dropped, `..` taking the last component off. Nil when `..` climbs above the
    /// folder's root.
    ///
    /// Written byte by byte into a buffer on the stack, which becomes the string without the
    /// standard library validating it again (`UTF8Text.string(ofValid:isASCII:)`): the bytes are
    /// whole components of two valid strings cut at `/` bytes, which no scalar's UTF-8 holds
    /// inside it, joined by `/`, so they are valid UTF-8. The validation was half the cost of
    /// resolving a link.
    static func walking(_ path: String, from base: String, folderLength: Int = 0) -> String? {
        base.withUTF8Bytes { folder in
            path.withUTF8Bytes { path in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: folderLength + 1 + path.count) { out -> String? in
                    var n = folderLength
                    if n > 0 { out.baseAddress!.update(from: folder.baseAddress!, count: n) }
                    var start = 0
                    while start <= path.count {
                        var end = start
                        while end < path.count, path[end] != 0x2F { end += 1 }
                        defer { start = end + 1 }
                        let length = end - start
                        if length == 0 || length == 1 && path[start] == 0x2E { continue }
                        if length == 2 && path[start] == 0x2E && path[start + 1] == 0x2E {
                            guard n > 0 else { return nil }
                            while n > 0, out[n - 1] != 0x2F { n -= 1 }
                            n = max(n - 1, 0)
                            continue
                        }
                        if n > 0 {
                            out[n] = 0x2F
                            n += 1
                        }
                        (out.baseAddress! + n).update(from: path.baseAddress! + start, count: length)
                        n += length
                    }
                    let walked = UnsafeBufferPointer(rebasing: out[..<n])
                    return UTF8Text.string(ofValid: walked, isASCII: String.allASCII(UnsafeRawBufferPointer(walked)))
                }
            }
        }
    }

    public static func < (a: NotePath, b: NotePath) -> Bool {
        // Byte order of the normalised string: stable on every platform and locale.
        // (`bytesPrecede` is `utf8.lexicographicallyPrecedes` with `memcmp`: the generic one
        // cost a thousand instructions a path in the walk's final sort, on one core.)
        String.bytesPrecede(a.string, b.string)
    }
}

import Diagnostics
import Foundation

/// `<img src="…">` written as raw HTML, in HTML blocks and inline: the one reader of their
/// sources, for the linker (which copies the files they name), the site (which rewrites them
/// for the page, as it rewrites Markdown images) and `check` (which reports the missing ones).
public enum RawHTMLImages {
    /// One `<img>` tag's `src`.
    public struct Source: Sendable, Hashable {
        /// The value, entities decoded.
        public var source: String
        /// 1-based line and column (in Unicode scalars) of the tag's `<`.
        public var line: Int
        public var column: Int
        /// The bytes of the value as written (inside its quotes, if any).
        public var valueRange: Range<Int>
        /// The bytes of the whole attribute, from its name to the end of its value (closing
        /// quote included): what goes when the attribute is dropped.
        public var attributeRange: Range<Int>
    }

    /// The `src` of each `<img …>` tag in `text`.
    public static func sources(in text: [UInt8]) -> [Source] {
        values(of: "src", inTags: "img", in: text)
    }

    /// The value of `attribute` of each `<tag …>` in `text` (tag and attribute given in lower
    /// case, matched ignoring ASCII case): the one tag reader for raw images and raw links.
    static func values(of attribute: String, inTags tag: String, in text: [UInt8]) -> [Source] {
        let tagBytes = Array(tag.utf8)
        var found: [Source] = []
        var line = 1
        var lineStart = 0
        var i = 0
        while i < text.count {
            let b = text[i]
            if b == UInt8(ascii: "\n") {
                line += 1
                lineStart = i + 1
                i += 1
                continue
            }
            let end = i + 1 + tagBytes.count
            guard b == UInt8(ascii: "<"), end < text.count,
                  tagBytes.indices.allSatisfy({ lower(text[i + 1 + $0]) == tagBytes[$0] }),
                  isSpace(text[end]) || text[end] == UInt8(ascii: "/") || text[end] == UInt8(ascii: ">") else {
                i += 1
                continue
            }
            let column = text[lineStart..<i].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
            var j = end
            var source: Source?
            // Attributes up to the closing `>`; quoted values may hold `>`.
            while j < text.count, text[j] != UInt8(ascii: ">") {
                if isSpace(text[j]) || text[j] == UInt8(ascii: "/") { j += 1; continue }
                let nameStart = j
                while j < text.count, !isSpace(text[j]), text[j] != UInt8(ascii: "="), text[j] != UInt8(ascii: ">") { j += 1 }
                let name = String(decoding: text[nameStart..<j].map(lower), as: UTF8.self)
                while j < text.count, isSpace(text[j]) { j += 1 }
                guard j < text.count, text[j] == UInt8(ascii: "=") else { continue }
                j += 1
                while j < text.count, isSpace(text[j]) { j += 1 }
                var value: Range<Int>
                if j < text.count, text[j] == UInt8(ascii: "\"") || text[j] == UInt8(ascii: "'") {
                    let quote = text[j]
                    let valueStart = j + 1
                    j = valueStart
                    while j < text.count, text[j] != quote { j += 1 }
                    value = valueStart..<min(j, text.count)
                    if j < text.count { j += 1 }
                } else {
                    let valueStart = j
                    while j < text.count, !isSpace(text[j]), text[j] != UInt8(ascii: ">") { j += 1 }
                    value = valueStart..<j
                }
                if name == attribute, source == nil {
                    source = Source(source: decodeEntities(String(decoding: text[value], as: UTF8.self)), line: line, column: column,
                                    valueRange: value, attributeRange: nameStart..<j)
                }
            }
            if let source { found.append(source) }
            // Lines inside the tag still count.
            for k in i..<min(j, text.count) where text[k] == UInt8(ascii: "\n") {
                line += 1
                lineStart = k + 1
            }
            i = max(j, i + 1)
        }
        return found
    }

    /// `html` with the `src` of each `<img>` replaced by `rewrite(src)` where that gives one
    /// (written quoted and escaped), and left as written where it gives nil.
    public static func rewritingSources(in html: String, _ rewrite: (String) -> String?) -> String {
        guard mayHoldImage(html) else { return html }
        return rewriting(sources(in: Array(html.utf8)), in: html, rewrite)
    }

    /// `html` with each of `values` (read from its bytes) replaced by `rewrite(value)` where
    /// that gives one.
    static func rewriting(_ values: [Source], in html: String, _ rewrite: (String) -> String?) -> String {
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        var copied = 0
        for found in values {
            guard let new = rewrite(found.source) else { continue }
            var start = found.valueRange.lowerBound, end = found.valueRange.upperBound
            let quoted = start > 0 && (bytes[start - 1] == UInt8(ascii: "\"") || bytes[start - 1] == UInt8(ascii: "'"))
            if quoted { start -= 1; end = min(end + 1, bytes.count) }
            out += bytes[copied..<start]
            out += Array("\"\(HTML.escapeAttribute(new))\"".utf8)
            copied = end
        }
        guard copied > 0 else { return html }
        out += bytes[copied...]
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `<img` occurs in the text, ignoring ASCII case. The `<` are found with `memchr`:
    /// the text of every note is read, and most have none.
    public static func mayHoldImage(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            var from = 0
            while let i = bytes.firstOffset(of: UInt8(ascii: "<"), from: from), i <= bytes.count - 4 {
                if lower(bytes[i + 1]) == UInt8(ascii: "i"), lower(bytes[i + 2]) == UInt8(ascii: "m"),
                   lower(bytes[i + 3]) == UInt8(ascii: "g") { return true }
                from = i + 1
            }
            return false
        }
    }

    static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }

    /// The entities an `src` plausibly holds.
    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
    }
}

/// The parts of an Obsidian wikilink's inner text `target#heading#sub|label`.
public struct WikiLinkSyntax: Sendable, Hashable {
    /// The note or file named, as written (`folder/Note`, `image.png`); empty for `[[#Heading]]`.
    public var target: String
    /// Everything after the first `#`: `Heading`, `A#B`, or `^block-id`.
    public var fragment: String?
    /// The text after the first `|`, or an embed's size (`300`, `300x200`).
    public var label: String?

    public init(parsing inner: String) {
        self = Self.partsByBytes(inner) ?? Self.partsByCharacters(inner)
    }

    /// The parts found character by character: right for any text.
    static func partsByCharacters(_ inner: String) -> WikiLinkSyntax {
        // Inside tables Obsidian users escape the pipe as `\|`; Foundation is asked to undo it
        // only when there is a backslash at all.
        let text = inner.utf8.contains(0x5C) ? inner.replacingOccurrences(of: "\\|", with: "|") : inner
        var head = Substring(text)
        var label: String?
        if let bar = head.firstIndex(of: "|") {
            label = String(head[head.index(after: bar)...]).trimmingHorizontalSpace()
            head = head[..<bar]
        }
        var fragment: String?
        if let hash = head.firstIndex(of: "#") {
            let rest = head[head.index(after: hash)...].trimmingHorizontalSpace()
            fragment = rest.isEmpty ? nil : rest
            head = head[..<hash]
        }
        return WikiLinkSyntax(target: head.trimmingHorizontalSpace(), fragment: fragment,
                              label: label?.isEmpty == true ? nil : label)
    }

    private init(target: String, fragment: String?, label: String?) {
        self.target = target
        self.fragment = fragment
        self.label = label
    }

    /// The same parts found by bytes: `|` and `#` are ASCII, so memchr finds them. The
    /// character search above would pass over a `|` or `#` that is not a character of its own
    /// (followed by a combining mark, or after a prepended mark); the bytes are used only when
    /// both marks found stand between scalars that cannot join them: ASCII, Hangul syllables
    /// and CJK ideographs, which covers the wikilinks students write. Anything else, and a
    /// backslash (the table escape `\|`), goes the character way.
    static func partsByBytes(_ inner: String) -> WikiLinkSyntax? {
        inner.withUTF8Bytes { b -> WikiLinkSyntax? in
            guard b.firstOffset(of: 0x5C) == nil else { return nil }
            let bar = b.firstOffset(of: 0x7C)
            let headEnd = bar ?? b.count
            let hash = b.firstOffset(of: 0x23, before: headEnd)
            for mark in [bar, hash] {
                if let mark, !standsAlone(b, at: mark) { return nil }
            }
            func text(_ range: Range<Int>) -> String {
                String(utf8: UnsafeBufferPointer(rebasing: b[range])).trimmingHorizontalSpace()
            }
            var label: String?
            if let bar {
                let text = text((bar + 1)..<b.count)
                label = text.isEmpty ? nil : text
            }
            var fragment: String?
            if let hash {
                let text = text((hash + 1)..<headEnd)
                fragment = text.isEmpty ? nil : text
            }
            return WikiLinkSyntax(target: text(0..<(hash ?? headEnd)), fragment: fragment, label: label)
        }
    }

    /// Whether the ASCII mark at `offset` is a character of its own: the scalars on both sides
    /// (if any) are ones no grapheme rule joins to it.
    private static func standsAlone(_ b: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        if offset + 1 < b.count, !isPlain(b, scalarAt: offset + 1) { return false }
        if offset > 0 {
            var start = offset - 1
            while start > 0, b[start] & 0xC0 == 0x80 { start -= 1 }
            if !isPlain(b, scalarAt: start) { return false }
        }
        return true
    }

    /// ASCII, a Hangul syllable or a CJK ideograph (`UTF8Text.isHangulOrHan`), read from
    /// well-formed UTF-8 at `i`.
    private static func isPlain(_ b: UnsafeBufferPointer<UInt8>, scalarAt i: Int) -> Bool {
        let lead = b[i]
        if lead < 0x80 { return true }
        guard lead & 0xF0 == 0xE0, i + 2 < b.count else { return false }
        return UTF8Text.isHangulOrHan(UTF8Text.threeByteScalar(b, at: i))
    }
}

import Diagnostics
import Foundation

public import Diagnostics

/// Escaping for the HTML notegraph writes. Shared by the renderer and the site templates' view
/// models, so text is escaped one way everywhere.
public enum HTML {
    /// Text content: `& < > "`.
    public static func escape(_ text: String) -> String {
        escape(text, apostrophe: false)
    }

    /// Attribute values (always written double-quoted): text escaping plus `'`. Templates
    /// escape every `{{value}}` through this (`Theme`), tens of thousands of times per page set.
    public static func escapeAttribute(_ text: String) -> String {
        escape(text, apostrophe: true)
    }

    /// Both escapers: one pass over the bytes, and none at all for text with nothing to escape.
    private static func escape(_ text: String, apostrophe: Bool) -> String {
        guard needsEscaping(text, apostrophe: apostrophe) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        text.withUTF8Bytes { appendEscaped(bytes: $0, apostrophe: apostrophe, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendEscaped(bytes: UnsafeBufferPointer<UInt8>, apostrophe: Bool, to out: inout [UInt8]) {
        forEachEscapedPiece(of: bytes, apostrophe: apostrophe) { out.append(contentsOf: $0) }
    }

    /// The one escaping loop: `emit` is handed the runs with nothing to escape, whole, and each
    /// special byte's entity (`&amp;`, `&lt;`, `&gt;`, `&quot;`, and `&#39;` with `apostrophe`),
    /// in order. Inlinable, so each writer (an array here, the templates' page buffer) gets the
    /// loop specialised to its own append.
    ///
    /// Sixteen bytes are read at once and passed over together when none of them is special, or
    /// an apostrophe (`mayBeSpecial`); a block that may hold one is gone through byte by byte.
    /// The last bytes, fewer than sixteen, are read as the sixteen (or, in a shorter text, the
    /// eight) that end the text, overlapping bytes already passed: when none of those is special
    /// the rest needs no look either. Note bodies are mostly long runs of text, and page values
    /// short ones: testing each byte cost some six instructions, and eight bytes at a time (the
    /// word test the short texts still use) about four a byte. Only bytes that escape nothing
    /// are passed over, so the runs and entities handed to `emit` are the same as the byte
    /// loop's (`HTMLTests` hold the two together).
    @inlinable @inline(__always)
    public static func forEachEscapedPiece(of bytes: UnsafeBufferPointer<UInt8>, apostrophe: Bool,
                                           _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        // Read through the base pointer, the count kept in a local: no index checked.
        guard let source = bytes.baseAddress else {
            emit(bytes)
            return
        }
        let count = bytes.count
        let mask = specialBytes(apostrophe: apostrophe)
        var start = 0
        /// The byte at `i`: its entity, after the run before it, when it is special.
        @inline(__always) func step(_ i: Int) {
            let b = source[i]
            guard b < 0x40, mask & (1 << UInt64(b)) != 0 else { return }
            emit(UnsafeBufferPointer(start: source + start, count: i &- start))
            let entity: StaticString = switch b {
            case 0x26: "&amp;"
            case 0x3C: "&lt;"
            case 0x3E: "&gt;"
            case 0x22: "&quot;"
            default: "&#39;"
            }
            emit(UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
            start = i &+ 1
        }
        var i = 0
        while count &- i >= 16 {
            if mayBeSpecial(UnsafeRawPointer(source + i).loadUnaligned(as: SIMD16<UInt8>.self)) {
                for k in i..<(i &+ 16) { step(k) }
            }
            i &+= 16
        }
        if i < count {
            let clean: Bool
            if count >= 16 {
                clean = !mayBeSpecial(UnsafeRawPointer(source + (count &- 16)).loadUnaligned(as: SIMD16<UInt8>.self))
            } else if count >= 8 {
                clean = !mayBeSpecial(UnsafeRawPointer(source).loadUnaligned(as: UInt64.self))
                    && !mayBeSpecial(UnsafeRawPointer(source + (count &- 8)).loadUnaligned(as: UInt64.self))
            } else {
                clean = false
            }
            if !clean {
                while i < count {
                    step(i)
                    i &+= 1
                }
            }
        }
        emit(UnsafeBufferPointer(start: source + start, count: count &- start))
    }

    /// Whether any of the sixteen bytes of `block` is `"`, `&`, `'`, `<` or `>` (the apostrophe
    /// whether or not it is escaped, as in the word test below). `&` and `'` (0x26, 0x27) are
    /// the bytes that are 0x26 with their lowest bit cleared, `<` and `>` (0x3C, 0x3E) those
    /// that are 0x3C with bit 1 cleared: three comparisons of all sixteen lanes at once. The
    /// lanes are compared vector to vector, and the mask (0 or all ones a lane) read as two
    /// words: a comparison with a scalar, or `any(_:)`, went lane by lane or out of line.
    @inlinable @inline(__always)
    static func mayBeSpecial(_ block: SIMD16<UInt8>) -> Bool {
        typealias Block = SIMD16<UInt8>
        let quote: SIMDMask<Block.MaskStorage> = block .== Block(repeating: 0x22)
        let ampersandOrApostrophe: SIMDMask<Block.MaskStorage> = (block & Block(repeating: 0xFE)) .== Block(repeating: 0x26)
        let angle: SIMDMask<Block.MaskStorage> = (block & Block(repeating: 0xFD)) .== Block(repeating: 0x3C)
        let hits = quote .| ampersandOrApostrophe .| angle
        let words = unsafeBitCast(hits, to: SIMD2<UInt64>.self)
        return words[0] | words[1] != 0
    }

    /// Whether any of the eight bytes of `word` is `"`, `&`, `'`, `<` or `>` (the apostrophe
    /// whether or not it is escaped: a word with one is then only looked at byte by byte), and
    /// never for a word without one: `"` (0x22), `&` or `'` (0x26, 0x27: equal once the low bit
    /// is set), `<` or `>` (0x3C, 0x3E: equal once bit 1 is set, which no other byte becomes),
    /// with `ByteWord`'s exact byte test. The page templates' escaping tests its values' words
    /// with it too (`PageBytes.cleanPrefix`).
    @inlinable @inline(__always)
    public static func mayBeSpecial(_ word: UInt64) -> Bool {
        (ByteWord.bytes(equalTo: 0x22, in: word)
            | ByteWord.bytes(equalTo: 0x27, in: word | ByteWord.repeating(0x01))
            | ByteWord.bytes(equalTo: 0x3E, in: word | ByteWord.repeating(0x02))) != 0
    }

    /// Bits 0x22 ", 0x26 &, 0x3C <, 0x3E > (and 0x27 ') of the bytes below 0x40.
    @inlinable @inline(__always)
    static func specialBytes(apostrophe: Bool) -> UInt64 {
        (1 << 0x22) | (1 << 0x26) | (1 << 0x3C) | (1 << 0x3E) | (apostrophe ? 1 << 0x27 : 0)
    }

    /// Whether `text` holds `& < > "` (or `'`): a test on the contiguous bytes with one bit mask,
    /// since most text has nothing to escape and this runs for every value of every page.
    private static func needsEscaping(_ text: String, apostrophe: Bool) -> Bool {
        let mask = specialBytes(apostrophe: apostrophe)
        return text.withUTF8Bytes { bytes in
            for b in bytes where b < 0x40 && mask & (1 << UInt64(b)) != 0 { return true }
            return false
        }
    }

    /// An href or src: characters unsafe in a URL are percent-encoded (existing `%XX` escapes
    /// kept), then the result is attribute-escaped. Mirrors cmark's href escaping.
    public static func escapeHref(_ url: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(url.utf8.count + 8)
        for b in url.utf8 {
            if hrefSafe[Int(b)] {
                switch b {
                case 0x26: bytes += [0x26, 0x61, 0x6D, 0x70, 0x3B]  // &amp;
                case 0x27: bytes += [0x26, 0x23, 0x33, 0x39, 0x3B]  // &#39;
                default: bytes.append(b)
                }
            } else {
                bytes += [0x25, hexDigits[Int(b >> 4)], hexDigits[Int(b & 0xF)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
    private static let hrefSafe: [Bool] = {
        var t = [Bool](repeating: false, count: 256)
        for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+!*(),%#@?=;:/$~&'".utf8 { t[Int(b)] = true }
        return t
    }()

    /// GFM's tagfilter: raw HTML is kept, except that tags which would change how the rest of the
    /// page parses or runs (`<script>`, `<style>`, `<iframe>`, `<title>`, …) get their `<` escaped.
    public static func filterTags(_ html: String) -> String {
        guard html.containsUTF8("<"), html.contains("<") else { return html }
        let filtered = ["title", "textarea", "style", "xmp", "iframe", "noembed", "noframes", "script", "plaintext"]
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x3C {
                var j = i + 1
                if j < bytes.count, bytes[j] == 0x2F { j += 1 }
                var matched = false
                for name in filtered {
                    let n = Array(name.utf8)
                    guard j + n.count <= bytes.count else { continue }
                    var equal = true
                    for k in 0..<n.count where bytes[j + k] | 0x20 != n[k] {
                        equal = false
                        break
                    }
                    guard equal else { continue }
                    let after = j + n.count
                    if after == bytes.count || [0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x3E, 0x2F].contains(bytes[after]) {
                        matched = true
                        break
                    }
                }
                if matched {
                    out += Array("&lt;".utf8)
                    i += 1
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

import Diagnostics
import Foundation

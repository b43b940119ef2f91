@testable import GraphExport
import KnowledgeGraph
import Testing
import TestSupport

/// The escapers skip eight bytes at a time where no byte can need work (`TextEscaping.escape`):
/// checked here against plain references that test every byte, as the escapers first did, on
/// random texts full of the bytes that matter (controls, quotes, `&<>`, DEL, the lead bytes of
/// C1 controls, U+2028/2029 and U+FFFE/FFFF, with and without the rest of their character)
/// at every offset from a word's start, and on each byte alone.
@Suite struct TextEscapingEquivalenceTests {
    /// Pieces texts are made of: plain runs of several lengths, Korean, and every special case.
    static let pieces: [String] = [
        "a", "abcdefg", "abcdefghijklmnop", " ", "한국어", "é", "\t", "\n", "\r", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}",
        "\"", "\\", "&", "<", ">", "'", "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "\u{2028}", "\u{2029}", "\u{2026}", "\u{FFFE}",
        "\u{FFFF}", "\u{FFFD}", "\u{FEFF}", "😀", "&amp;", "\\N",
    ]

    static func text(_ random: inout SplitMix) -> String {
        (0..<random.below(24)).map { _ in random.pick(pieces) }.joined()
    }

    /// The escaper's output, byte for byte, as the first escapers made it: every byte tested.
    static func reference(_ s: String, special: (UInt8) -> Bool,
                          replace: (UnsafeBufferPointer<UInt8>, Int, inout ByteBuffer) -> Int) -> [UInt8] {
        var out = ByteBuffer()
        Array(s.utf8).withUnsafeBufferPointer { text in
            var start = 0, i = 0
            while i < text.count {
                guard special(text[i]) else { i += 1; continue }
                if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<i])) }
                i += replace(text, i, &out)
                start = i
            }
            if start < text.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...])) }
        }
        return out.bytes
    }

    /// Each escaper's result through the reference: every replacement takes the one character
    /// its byte starts, and stands for it as the escaper's output for that character alone (a
    /// text shorter than a word, which the escaper reads byte by byte), less the quotes around
    /// it for an escaper that writes them (`quoted`).
    static func viaReference(_ s: String, quoted: Bool, _ escaper: (String, inout ByteBuffer) -> Void,
                             special: (UInt8) -> Bool) -> [UInt8] {
        reference(s, special: special) { text, i, out in
            // The character that starts at i: its lead byte and continuation bytes.
            var end = i + 1
            while end < text.count, text[end] & 0xC0 == 0x80 { end += 1 }
            let character = String(decoding: UnsafeBufferPointer(rebasing: text[i..<end]), as: UTF8.self)
            var one = ByteBuffer()
            escaper(character, &one)
            let bytes = quoted ? Array(one.bytes.dropFirst().dropLast()) : one.bytes
            bytes.withUnsafeBufferPointer { out.append(contentsOf: $0) }
            return end - i
        }
    }

    @Test func escapersMatchAByteByByteScan() {
        var random = SplitMix(state: 0xE5C)
        for _ in 0..<3000 {
            let s = Self.text(&random)
            // The same text from every offset of a word.
            let shifted = String(repeating: "x", count: random.below(8)) + s
            for text in [s, shifted] {
                for attribute in [true, false] {
                    var out = ByteBuffer()
                    TextEscaping.xml(text, attribute: attribute, into: &out)
                    let quoteOrAmpersand = attribute ? UInt8(ascii: "\"") : UInt8(ascii: "&")
                    let expected = Self.viaReference(text, quoted: false, { TextEscaping.xml($0, attribute: attribute, into: &$1) }) { byte in
                        (byte < 0x20 && (attribute || (byte != 0x09 && byte != 0x0A)))
                            || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                            || byte == quoteOrAmpersand || byte == 0x7F || byte == 0xEF
                    }
                    #expect(out.bytes == expected, "xml \(attribute) \(Array(text.utf8))")
                }
                var json = ByteBuffer()
                TextEscaping.json(text, into: &json)
                let jsonExpected = [0x22] + Self.viaReference(text, quoted: true, { TextEscaping.json($0, into: &$1) }) { byte in
                    byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xE2
                } + [0x22]
                #expect(json.bytes == jsonExpected, "json \(Array(text.utf8))")
                for ampersand in [true, false] {
                    var dot = ByteBuffer()
                    TextEscaping.dotStringBody(text, escapeAmpersand: ampersand, into: &dot)
                    let special = ampersand ? UInt8(ascii: "&") : 0x22
                    let dotExpected = Self.viaReference(text, quoted: false, { TextEscaping.dotStringBody($0, escapeAmpersand: ampersand, into: &$1) }) { byte in
                        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == special || byte == 0x7F || byte == 0xC2
                    }
                    #expect(dot.bytes == dotExpected, "dot \(ampersand) \(Array(text.utf8))")
                }
                var id = ByteBuffer()
                TextEscaping.dotID(text, into: &id)
                let idExpected = [0x22] + Self.viaReference(text, quoted: true, { TextEscaping.dotID($0, into: &$1) }) { byte in
                    byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xC2
                } + [0x22]
                #expect(id.bytes == idExpected, "dotID \(Array(text.utf8))")
            }
        }
    }

    /// A node's id written in pieces (`NodeIdentifier.write`) is the escape of its whole name.
    @Test func nodeIdentifiersWrittenInPiecesAreTheEscapedName() {
        var random = SplitMix(state: 0x1D5)
        for _ in 0..<2000 {
            let id = NodeID(random.pick(NodeKind.allCases), Self.text(&random))
            let name = NodeIdentifier.of(id)
            var xml = ByteBuffer(), xmlWhole = ByteBuffer()
            NodeIdentifier.write(id, into: &xml) { TextEscaping.xml($0, attribute: true, into: &$1) }
            TextEscaping.xml(name, attribute: true, into: &xmlWhole)
            #expect(xml.bytes == xmlWhole.bytes, "\(Array(id.key.utf8))")
            var json = ByteBuffer(), jsonWhole = ByteBuffer()
            NodeIdentifier.write(id, into: &json) { TextEscaping.jsonBody($0, into: &$1) }
            TextEscaping.jsonBody(name, into: &jsonWhole)
            #expect(json.bytes == jsonWhole.bytes, "\(Array(id.key.utf8))")
            var dot = ByteBuffer(), dotWhole = ByteBuffer()
            NodeIdentifier.write(id, into: &dot) { TextEscaping.dotIDBody($0, into: &$1) }
            TextEscaping.dotIDBody(name, into: &dotWhole)
            #expect(dot.bytes == dotWhole.bytes, "\(Array(id.key.utf8))")
        }
    }
}

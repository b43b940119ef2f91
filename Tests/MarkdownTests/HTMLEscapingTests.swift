import Foundation
@testable import Markdown
import Testing

/// `HTML.escape` and `HTML.escapeAttribute` against the rule written out the slow way, on every
/// ASCII character, on Korean and emoji around them, and on long text whose only special
/// character comes last (the quick test for "nothing to escape" must look at every byte).
@Suite struct HTMLEscapingTests {
    static func reference(_ text: String, apostrophe: Bool) -> String {
        var out = ""
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'" where apostrophe: out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    static let samples: [String] = {
        var samples = ["", "plain", "손실함수 L", "a & b", "<b>", "x > y", "\"quoted\"", "it's", "🙂&🙂", "&amp;", "'\"<>&"]
        for byte in 0..<128 {
            let c = String(UnicodeScalar(UInt8(byte)))
            samples += [c, "앞" + c + "뒤", String(repeating: "가나다 abc ", count: 40) + c]
        }
        samples.append(String(repeating: "a", count: 100_000) + "&")
        samples.append(String(String(repeating: "é<", count: 10).dropFirst(3)))
        return samples
    }()

    /// `forEachEscapedPiece` passes over sixteen bytes (or eight) at a time where none can be
    /// special, and the last few with a block overlapping the bytes before: the pieces it hands
    /// out (runs and entities, empty runs included) must be the byte loop's, on random bytes
    /// dense and sparse in special ones (the apostrophe too, which only one of the two
    /// escapes), at every length and alignment.
    @Test func piecesAsTheByteLoopCutsThem() {
        func referencePieces(_ bytes: [UInt8], apostrophe: Bool) -> [[UInt8]] {
            var pieces: [[UInt8]] = []
            var run: [UInt8] = []
            for b in bytes {
                let entity: String? = switch b {
                case 0x26: "&amp;"
                case 0x3C: "&lt;"
                case 0x3E: "&gt;"
                case 0x22: "&quot;"
                case 0x27 where apostrophe: "&#39;"
                default: nil
                }
                if let entity {
                    pieces.append(run)
                    pieces.append(Array(entity.utf8))
                    run = []
                } else {
                    run.append(b)
                }
            }
            pieces.append(run)
            return pieces
        }
        let alphabet = Array("&<>\"'ab c".utf8) + Array("한국어".utf8) + [0x00, 0x80, 0xFF, 0x26 ^ 0x80, 0x3C | 0x80]
        var state: UInt64 = 0x4553_4341_5045
        for round in 0..<4_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int((state >> 33) % 100)
            let sparse = round % 3 != 0
            var bytes: [UInt8] = []
            for _ in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let r = Int(state >> 33)
                bytes.append(sparse && r % 10 != 0 ? UInt8(ascii: "x") : alphabet[r % alphabet.count])
            }
            for apostrophe in [false, true] {
                var pieces: [[UInt8]] = []
                bytes.withUnsafeBufferPointer { HTML.forEachEscapedPiece(of: $0, apostrophe: apostrophe) { pieces.append(Array($0)) } }
                #expect(pieces == referencePieces(bytes, apostrophe: apostrophe), "\(bytes)")
            }
        }
    }

    /// The block test (`mayBeSpecial` of sixteen bytes) says yes exactly when a lane holds
    /// `"`, `&`, `'`, `<` or `>`: every byte value in every lane, among bytes that are not.
    @Test func blockTestFindsEverySpecialByteInEveryLane() {
        let special: Set<UInt8> = [0x22, 0x26, 0x27, 0x3C, 0x3E]
        for lane in 0..<16 {
            for value in 0...255 {
                var block = SIMD16<UInt8>(repeating: UInt8(ascii: "x"))
                block[lane] = UInt8(value)
                #expect(HTML.mayBeSpecial(block) == special.contains(UInt8(value)), "lane \(lane) byte \(value)")
            }
        }
        #expect(!HTML.mayBeSpecial(SIMD16<UInt8>(repeating: 0x3D)))
        #expect(HTML.mayBeSpecial(SIMD16<UInt8>(repeating: 0x27)))
    }

    /// The word test (`mayBeSpecial` of eight bytes, which the templates' escaping uses too)
    /// likewise: every byte value in every byte of a word, the other bytes any of a few values
    /// next to the special ones.
    @Test func wordTestFindsEverySpecialByteInEveryByte() {
        let special: Set<UInt8> = [0x22, 0x26, 0x27, 0x3C, 0x3E]
        for filler: UInt8 in [0x00, 0x21, 0x23, 0x24, 0x2E, 0x3D, 0x3F, 0x7F, 0xA6, 0xBC, 0xFF] {
            for byte in 0..<8 {
                for value in 0...255 {
                    var word = UInt64(filler) &* 0x0101_0101_0101_0101
                    word &= ~(UInt64(0xFF) << UInt64(8 * byte))
                    word |= UInt64(value) << UInt64(8 * byte)
                    #expect(HTML.mayBeSpecial(word) == special.contains(UInt8(value)), "filler \(filler) byte \(byte) value \(value)")
                }
            }
        }
    }

    /// A special byte only in the part of a text the overlapping last block reads again (or
    /// only after it), next to texts with none: escaped as the rule says, at lengths around the
    /// block sizes.
    @Test func specialBytesAroundTheLastBlock() {
        for length in 1...40 {
            for position in 0..<length {
                var bytes = Array(repeating: UInt8(ascii: "k"), count: length)
                bytes[position] = UInt8(ascii: "&")
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(HTML.escape(text) == Self.reference(text, apostrophe: false), "\(length) \(position)")
            }
            let plain = String(repeating: "가", count: length)
            #expect(HTML.escapeAttribute(plain) == plain)
        }
    }

    @Test func textAndAttributeEscaping() {
        for sample in Self.samples {
            #expect(HTML.escape(sample) == Self.reference(sample, apostrophe: false), "\(sample.prefix(40))")
            #expect(HTML.escapeAttribute(sample) == Self.reference(sample, apostrophe: true), "\(sample.prefix(40))")
        }
    }

    @Test func bridgedTextIsEscapedToo() {
        let bridged = NSString(string: "a'b<c>&\"d 한글") as String
        #expect(HTML.escapeAttribute(bridged) == "a&#39;b&lt;c&gt;&amp;&quot;d 한글")
        #expect(HTML.escape(bridged) == "a'b&lt;c&gt;&amp;&quot;d 한글")
    }
}

import Diagnostics
import Testing
import TestSupport
@testable import SearchIndex

/// The word-at-a-time paths of the search index against the byte loops they skip.
@Suite struct SearchFastPathTests {
    @Test func bytesBelowALimitAreExactInEveryLane() {
        var random = SplitMix(state: 11)
        for limit in [UInt8(0x01), 0x20, 0x21, 0x7F, 0x80] {
            for byte in 0...255 {
                for lane in 0..<8 {
                    let others = random.next()
                    let word = (others & ~(UInt64(0xFF) << (8 * lane))) | (UInt64(byte) << (8 * lane))
                    let marked = ByteWord.bytes(below: limit, in: word) >> (8 * lane) & 0x80 != 0
                    #expect(marked == (UInt8(byte) < limit), "byte \(byte) limit \(limit) lane \(lane)")
                }
            }
        }
    }

    /// What the collector must make of pieces: joined by spaces, each run of white space one
    /// space, none at the ends.
    static func reference(_ pieces: [String]) -> String {
        var out = ""
        var pending = false
        for scalar in pieces.joined(separator: " ").unicodeScalars {
            if [" ", "\n", "\t", "\r", "\u{0C}"].contains(scalar) {
                pending = !out.isEmpty
                continue
            }
            if pending { out.append(" ") }
            pending = false
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    @Test func theCollectorsWholeAppendAgreesWithItsByteLoop() {
        let alphabet = ["a", " ", "\n", "한", "\t", "\u{1}"]
        var strings = [""]
        var frontier = [""]
        for _ in 0..<3 {
            frontier = frontier.flatMap { s in alphabet.map { s + $0 } }
            strings += frontier
        }
        // Every pair, and longer pieces that cross the eight-byte words.
        for a in strings {
            for b in strings {
                var collector = SearchText.Collector()
                collector.add(a)
                collector.add(b)
                #expect(collector.string == Self.reference([a, b]), "\(a.debugDescription) + \(b.debugDescription)")
            }
        }
        var random = SplitMix(state: 5)
        for _ in 0..<3000 {
            let pieces = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                String((0..<Int.random(in: 0...40, using: &random)).map { _ in alphabet.randomElement(using: &random)!.first! })
            }
            var collector = SearchText.Collector()
            for piece in pieces { collector.add(piece) }
            #expect(collector.string == Self.reference(pieces))
        }
    }

    /// A JSON string literal made scalar by scalar.
    static func referenceJSON(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    @Test func theWritersEscapeAgreesWithAScalarByScalarOne() {
        let alphabet: [Unicode.Scalar] = ["a", "\"", "\\", "\n", "\u{1}", "\u{1F}", "\u{2026}", "\u{2028}", "\u{2029}", "\u{2000}",
                                          "한", "\u{1F600}", " ", "\u{7F}"]
        var random = SplitMix(state: 9)
        for _ in 0..<5000 {
            var s = ""
            for _ in 0..<Int.random(in: 0...40, using: &random) { s.unicodeScalars.append(alphabet.randomElement(using: &random)!) }
            var out: [UInt8] = []
            SearchIndexWriter.string(s, into: &out)
            #expect(String(decoding: out, as: UTF8.self) == Self.referenceJSON(s), "\(s.debugDescription)")
        }
    }
}

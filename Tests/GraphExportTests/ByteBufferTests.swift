@testable import GraphExport
import Testing
import TestSupport

/// `ByteBuffer` keeps its bytes in memory of its own; it must behave as the `[UInt8]` it
/// replaced: value semantics, growth, every append.
@Suite struct ByteBufferTests {
    @Test func aCopyIsIndependent() {
        var a = ByteBuffer(capacity: 4)
        a.append("abc")
        var b = a
        b.append("def")
        a.append(byte: UInt8(ascii: "!"))
        #expect(a.string == "abc!")
        #expect(b.string == "abcdef")
        var c = b
        c.removeAll()
        #expect(c.count == 0 && b.string == "abcdef")
        c.append(integer: -42)
        #expect(c.string == "-42" && b.string == "abcdef")
    }

    /// Random appends of every kind, against an array doing the same.
    @Test func appendsMatchAnArray() {
        var random = SplitMix(state: 0xB17E5)
        for _ in 0..<200 {
            var buffer = ByteBuffer(capacity: random.below(100))
            var expected: [UInt8] = []
            var copies: [(ByteBuffer, [UInt8])] = []
            for _ in 0..<random.below(300) {
                switch random.below(6) {
                case 0:
                    let b = UInt8(random.below(256))
                    buffer.append(byte: b)
                    expected.append(b)
                case 1:
                    let piece = (0..<random.below(40)).map { _ in UInt8(random.below(256)) }
                    piece.withUnsafeBufferPointer { buffer.append(contentsOf: $0) }
                    expected += piece
                case 2:
                    let n = Int64(bitPattern: random.next()) >> random.below(64)
                    buffer.append(integer: n)
                    expected += Array(String(n).utf8)
                case 3:
                    let s = String(repeating: "가a", count: random.below(30))
                    buffer.append(string: s)
                    expected += Array(s.utf8)
                case 4:
                    copies.append((buffer, expected))
                default:
                    if random.chance(10) {
                        buffer.removeAll()
                        expected.removeAll()
                    }
                }
            }
            #expect(buffer.bytes == expected)
            #expect(buffer.count == expected.count)
            for (copy, bytes) in copies { #expect(copy.bytes == bytes) }
        }
    }

    /// Short pieces are copied as overlapping words: every length from 0 to past the word
    /// copies, after every offset, must land byte for byte.
    @Test func shortPiecesOfEveryLength() {
        let source = (0..<48).map { UInt8(truncatingIfNeeded: $0 * 7 + 1) }
        for offset in 0..<9 {
            for length in 0...40 {
                var buffer = ByteBuffer(capacity: 1)
                for _ in 0..<offset { buffer.append(byte: 0xEE) }
                source.withUnsafeBufferPointer { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: $0[3..<(3 + length)])) }
                buffer.append(byte: 0xDD)
                #expect(buffer.bytes == Array(repeating: 0xEE, count: offset) + source[3..<(3 + length)] + [0xDD], "\(offset) \(length)")
            }
        }
    }

    @Test func tableEntries() {
        var table = ByteTable(count: 3, bytesEach: 2)
        for word in ["one", "", "three"] { table.add { $0.append(string: word) } }
        var out = ByteBuffer()
        for i in [2, 0, 1, 2] { out.append(table, i) }
        #expect(out.string == "threeonethree")
    }
}

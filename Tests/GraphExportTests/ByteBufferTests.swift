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

    /// A `ByteWriter` given the same pieces as a buffer writes the same bytes: random runs of
    /// every kind of piece (Korean text, integers to both ends of Int64, literals, table
    /// entries, numbers through `fixed`), each run written into room of exactly its own size
    /// (the writer asserts it stays within it), between appends to the buffer itself.
    @Test func writerWritesWhatAppendsWrite() {
        var random = SplitMix(state: 0x3A17E)
        var table = ByteTable(count: 3, bytesEach: 4)
        for word in ["변분", "", "a&b\"c"] { table.add { $0.append(string: word) } }
        for _ in 0..<300 {
            var viaWriter = ByteBuffer(capacity: random.below(64))
            var viaAppends = ByteBuffer(capacity: random.below(64))
            for _ in 0..<random.below(12) {
                // One run: the same pieces appended one by one, and written in one reservation.
                var run = ByteBuffer()
                var pieces: [(inout ByteWriter) -> Void] = []
                for _ in 0..<random.below(10) {
                    switch random.below(6) {
                    case 0:
                        let b = UInt8(random.below(256))
                        run.append(byte: b)
                        pieces.append { $0.append(byte: b) }
                    case 1:
                        let n = random.chance(10) ? random.pick([Int64.min, Int64.max, -10_000, 9_999, 10_000, -1, 0])
                            : Int64(bitPattern: random.next()) >> random.below(64)
                        run.append(integer: n)
                        pieces.append { $0.append(integer: n) }
                    case 2:
                        let s = String(repeating: random.pick(["가", "a", "\u{1F389}", "<&>"]), count: random.below(20))
                        run.append(string: s)
                        pieces.append { $0.append(string: s) }
                    case 3:
                        run.append("<path d=\"M")
                        pieces.append { $0.append("<path d=\"M") }
                    case 4:
                        let i = random.below(3)
                        run.append(table, i)
                        pieces.append { $0.append(table, i) }
                    default:
                        let x = random.pick([0.5, -0.5, 1.25, -17.5, 1e15, -1e20, .nan, .infinity, 3.3, 0.04999])
                        let digits = random.below(4)
                        NumberText.fixed(x, digits: digits, into: &run)
                        pieces.append { NumberText.fixed(x, digits: digits, into: &$0) }
                    }
                }
                // Room for what the run holds, and for what the pieces may write at most.
                let room = run.count + 48
                viaWriter.write(atMost: room) { out in for piece in pieces { piece(&out) } }
                run.withUnsafeBytes { viaAppends.append(contentsOf: $0) }
                viaWriter.append(byte: UInt8(ascii: "|"))
                viaAppends.append(byte: UInt8(ascii: "|"))
            }
            #expect(viaWriter.bytes == viaAppends.bytes)
        }
    }

    /// A writer's room is the buffer's own: a copy taken before the write keeps its bytes.
    @Test func writingDoesNotTouchACopy() {
        var a = ByteBuffer(capacity: 8)
        a.append("abc")
        let b = a
        a.write(atMost: 30) { out in
            out.append(integer: -1234)
            out.append(string: "한글")
        }
        #expect(a.string == "abc-1234한글" && b.string == "abc")
    }

    /// Magnitudes below 10,000 take a path of their own (`appendShort`): every one of them,
    /// either sign, and the general path's first numbers, against `String`.
    @Test func shortIntegersAreTheirDecimalText() {
        var buffer = ByteBuffer(capacity: 1)
        var expected: [UInt8] = []
        for n in Int64(-10_010)...10_010 {
            buffer.append(integer: n)
            buffer.append(byte: UInt8(ascii: " "))
            expected += Array(String(n).utf8) + [UInt8(ascii: " ")]
        }
        #expect(buffer.bytes == expected)
    }

    /// Numbers with up to three decimals are written straight into the buffer (`fixed(_:digits:into:)`);
    /// they must be what the general path writes into its own room (`fixed(_:digits:)`), for
    /// numbers of every size, halves that round either way, and both signs.
    @Test func fixedDecimalsMatchTheGeneralPath() {
        var random = SplitMix(state: 0xF1DE)
        for _ in 0..<20_000 {
            let magnitude = Double(random.below(20)) - 6   // 1e-6 to 1e13
            var x = Double(random.below(1_000_000)) / 1_000_000 * 10 * Self.pow10(magnitude)
            if random.chance(20) { x = Double(random.below(20_000)) / 8 }      // halves, quarters, eighths
            if random.chance(40) { x = -x }
            for digits in 0...4 {
                var out = ByteBuffer()
                NumberText.fixed(x, digits: digits, into: &out)
                #expect(out.string == NumberText.fixed(x, digits: digits), "\(x) \(digits)")
            }
        }
    }

    static func pow10(_ e: Double) -> Double {
        var p = 1.0
        if e >= 0 { for _ in 0..<Int(e) { p *= 10 } } else { for _ in 0..<Int(-e) { p /= 10 } }
        return p
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

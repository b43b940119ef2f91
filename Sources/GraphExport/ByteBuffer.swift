import Diagnostics

/// An export's output as UTF-8 bytes, appended in place. A whole-graph export is tens of
/// megabytes made of millions of short pieces; appended to a `String`, each piece is checked,
/// counted and often first built as a `String` of its own. Here a piece is a copy of bytes, and
/// escaping writes straight into the output.
struct ByteBuffer {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    /// The text; the bytes are UTF-8 from `String`s and literals, so nothing is replaced.
    var string: String { String(decoding: bytes, as: UTF8.self) }

    @inline(__always)
    mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    /// Markup and keys: literals, copied without a look at what they hold.
    @inline(__always)
    mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Text that is already escaped, or needs none: copied from the string's storage in one
    /// piece (`append(contentsOf: string.utf8)` goes byte by byte).
    @inline(__always)
    mutating func append(string: String) {
        string.withUTF8Bytes { bytes.append(contentsOf: $0) }
    }

    /// Entry `i` of a table.
    @inline(__always)
    mutating func append(_ table: ByteTable, _ i: Int) {
        let range = table.range(i)
        table.buffer.bytes.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// A decimal integer, as `String(n)` writes it. The digits come out last first, so they
    /// are written backwards into room on the stack, then appended: reversing them in place
    /// (`bytes[start...].reverse()`) copied the slice into a new array on every call, which was
    /// most of the cost of a radial picture's coordinates. Byte by byte, as numbers are short:
    /// a copy of two or three bytes costs more in `memmove` than the appends.
    mutating func append(integer n: Int64) {
        // The magnitude as unsigned, so Int64.min has one too: 19 digits and the sign at most.
        var rest = n.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { room in
            var start = room.count
            repeat {
                start -= 1
                room[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            if n < 0 {
                start -= 1
                room[start] = UInt8(ascii: "-")
            }
            for k in start..<room.count { bytes.append(room[k]) }
        }
    }

    mutating func append(integer n: Int) {
        append(integer: Int64(n))
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Many short byte strings in one array: each node's escaped id or label, made once and copied
/// into the output for every edge that ends at the node, without an allocation per node.
struct ByteTable {
    private(set) var buffer: ByteBuffer
    private var ends: [Int] = []

    init(count: Int, bytesEach: Int) {
        buffer = ByteBuffer(capacity: count * bytesEach)
        ends.reserveCapacity(count)
    }

    /// Adds an entry: whatever `write` appends.
    mutating func add(_ write: (inout ByteBuffer) -> Void) {
        write(&buffer)
        ends.append(buffer.count)
    }

    func range(_ i: Int) -> Range<Int> {
        (i == 0 ? 0 : ends[i - 1])..<ends[i]
    }
}

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

    /// Text that is already escaped, or needs none.
    @inline(__always)
    mutating func append(string: String) {
        bytes.append(contentsOf: string.utf8)
    }

    /// Entry `i` of a table.
    @inline(__always)
    mutating func append(_ table: ByteTable, _ i: Int) {
        let range = table.range(i)
        table.buffer.bytes.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// A decimal integer, as `String(n)` writes it.
    mutating func append(integer n: Int64) {
        if n < 0 { bytes.append(UInt8(ascii: "-")) }
        // The magnitude as unsigned, so Int64.min has one too.
        var rest = n.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        bytes[start...].reverse()
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

import Diagnostics

/// An export's output as UTF-8 bytes, appended in place. A whole-graph export is tens of
/// megabytes made of millions of short pieces; appended to a `String`, each piece is checked,
/// counted and often first built as a `String` of its own. Here a piece is a copy of bytes, and
/// escaping writes straight into the output.
///
/// The bytes sit in memory the buffer manages itself rather than in an `[UInt8]`: an export is
/// millions of appends of a few bytes, and `Array.append(contentsOf:)` spent some eighty
/// instructions on each (uniqueness and capacity checks in generic code, then `memmove`), more
/// than the copy. Here an append is one check and a short copy. A copy of a buffer shares the
/// bytes until one of the two is appended to, as an array would.
struct ByteBuffer: @unchecked Sendable {
    // Sendable: the storage is only ever written through a uniquely referenced buffer.
    private final class Storage {
        let base: UnsafeMutablePointer<UInt8>
        var count = 0
        let capacity: Int

        init(capacity: Int) {
            self.capacity = max(capacity, 64)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }
    }

    private var storage: Storage

    init(capacity: Int = 0) {
        storage = Storage(capacity: capacity)
    }

    var count: Int { storage.count }

    /// The bytes, copied out.
    var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// The text; the bytes are UTF-8 from `String`s and literals, so nothing is replaced.
    var string: String { withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }

    func withUnsafeBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(UnsafeBufferPointer(start: storage.base, count: storage.count)) }
    }

    /// Where `n` more bytes go, with room made for them.
    @inline(__always)
    private mutating func room(for n: Int) -> UnsafeMutablePointer<UInt8> {
        if !isKnownUniquelyReferenced(&storage) || storage.count + n > storage.capacity { grow(by: n) }
        return storage.base + storage.count
    }

    @inline(never)
    private mutating func grow(by n: Int) {
        let old = storage
        // Doubled when full; the same size when only shared (a copy being written to).
        let needed = old.count + n
        let new = Storage(capacity: needed > old.capacity ? max(needed, old.capacity * 2) : old.capacity)
        new.base.initialize(from: old.base, count: old.count)
        new.count = old.count
        storage = new
    }

    @inline(__always)
    mutating func append(byte: UInt8) {
        room(for: 1).pointee = byte
        storage.count += 1
    }

    @inline(__always)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        let n = bytes.count
        let at = room(for: n)
        if n <= 16 {
            // Shorter than a call to memmove.
            for k in 0..<n { at[k] = source[k] }
        } else {
            at.update(from: source, count: n)
        }
        storage.count += n
    }

    mutating func append(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    /// Markup and keys: literals, copied without a look at what they hold.
    @inline(__always)
    mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// Text that is already escaped, or needs none: copied from the string's storage in one
    /// piece (`append(contentsOf: string.utf8)` goes byte by byte).
    @inline(__always)
    mutating func append(string: String) {
        string.withUTF8Bytes { append(contentsOf: $0) }
    }

    /// Entry `i` of a table.
    @inline(__always)
    mutating func append(_ table: ByteTable, _ i: Int) {
        let range = table.range(i)
        table.buffer.withUnsafeBytes { append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// A decimal integer, as `String(n)` writes it. The digits come out last first, so they
    /// are written backwards into room on the stack, then appended.
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
            append(contentsOf: UnsafeBufferPointer(rebasing: room[start...]))
        }
    }

    mutating func append(integer n: Int) {
        append(integer: Int64(n))
    }

    mutating func removeAll() {
        if isKnownUniquelyReferenced(&storage) {
            storage.count = 0
        } else {
            storage = Storage(capacity: storage.capacity)
        }
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

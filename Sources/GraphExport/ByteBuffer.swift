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
struct ByteBuffer: ByteSink, @unchecked Sendable {
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

    /// The receiver of a spilling buffer's pieces, and the first error it threw: after that the
    /// buffer drops what it is given, and `finish()` throws the error.
    private final class Spill {
        let emit: (UnsafeRawBufferPointer) throws -> Void
        var failure: (any Error)?

        init(_ emit: @escaping (UnsafeRawBufferPointer) throws -> Void) {
            self.emit = emit
        }

        func take(_ base: UnsafeMutablePointer<UInt8>, count: Int) {
            guard failure == nil, count > 0 else { return }
            do {
                try emit(UnsafeRawBufferPointer(start: base, count: count))
            } catch {
                failure = error
            }
        }
    }

    private var storage: Storage
    /// Where the bytes go when the buffer is full, for a buffer that writes a file as it is made
    /// (`init(pieces:emit:)`); none for one that holds everything. Beside the storage, not in
    /// it: a second stored `var` in `Storage` cost every append a dynamic exclusivity check
    /// (`swift_beginAccess`, 185 M instructions on a 2,000-note build). A copy of a spilling
    /// buffer spills to the same receiver (no writer copies one).
    private var spill: Spill?

    init(capacity: Int = 0) {
        storage = Storage(capacity: capacity)
    }

    /// A buffer of `pieces` bytes that hands what it holds to `emit` whenever the next append
    /// would not fit, then starts again from empty: a whole-graph export of a hundred MB goes to
    /// its file through one small buffer, where a buffer holding it all took the export's size
    /// in fresh memory, and the kernel's time to clear that memory, twice over (the buffer, then
    /// its copy into an array). `finish()` hands over the rest. The writers are the same code
    /// either way: none of them reads back what it wrote.
    ///
    /// `emit` may only be used until `finish()` returns (`GraphFileWriter.write(_:pieces:emit:)`
    /// keeps it from escaping).
    init(pieces: Int, emit: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        storage = Storage(capacity: pieces)
        spill = Spill(emit)
    }

    /// Hands a spilling buffer's last bytes to its receiver, and throws the receiver's first
    /// error, if it threw one. Nothing for a buffer that holds everything.
    mutating func finish() throws {
        guard let spill else { return }
        spill.take(storage.base, count: storage.count)
        storage.count = 0
        if let failure = spill.failure { throw failure }
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
        // A spilling buffer empties itself into its receiver instead, and grows only for a
        // single piece larger than the whole buffer.
        if let spill, isKnownUniquelyReferenced(&storage) {
            spill.take(storage.base, count: storage.count)
            storage.count = 0
            guard n > storage.capacity else { return }
            storage = Storage(capacity: n)
            return
        }
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
        ByteCopy.copy(from: source, to: room(for: n), count: n)
        storage.count += n
    }

    mutating func append(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    /// Room for at most `n` bytes, which `write` fills from the start and says how many it
    /// wrote: a piece made of several parts (a number's digits and sign) pays for one check of
    /// room and uniqueness rather than one per part. `write` must not write more than `n`.
    @inline(__always)
    mutating func append(atMost n: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
        let written = write(room(for: n))
        storage.count += written
    }

    /// Room for at most `n` bytes, filled by `body` through a `ByteWriter` that checks
    /// nothing: an element of a picture or a line of a data file is a dozen pieces (markup,
    /// numbers, escaped names) whose longest form is known beforehand, and reserving for all of
    /// them at once spares each piece the check of room and uniqueness an `append` makes.
    /// `body` must not write more than `n`; the writer asserts it in debug builds, and the count
    /// written is checked against `n` here.
    @inline(__always)
    mutating func write(atMost n: Int, _ body: (inout ByteWriter) -> Void) {
        let start = room(for: n)
        var writer = ByteWriter(start: start, end: start + n)
        body(&writer)
        let written = writer.at - start
        precondition(written <= n, "wrote past the room reserved")
        storage.count += written
    }

    /// A decimal integer, as `String(n)` writes it (`decimal(_:at:)`).
    mutating func append(integer n: Int64) {
        append(atMost: Self.longestDecimal) { Self.decimal(n, at: $0) }
    }

    /// The longest `decimal` writes: 19 digits and the sign.
    static let longestDecimal = 20

    /// A decimal integer, as `String(n)` writes it, written at `at`; the count written. The
    /// digits are counted first, so they can be written backwards straight into their place,
    /// two at a time from a table of the hundred pairs: a radial picture writes hundreds of
    /// coordinates of two to four digits, and each digit on its own was a division and a store.
    @inline(__always)
    static func decimal(_ n: Int64, at: UnsafeMutablePointer<UInt8>) -> Int {
        let magnitude = n.magnitude
        if magnitude < 10_000 { return shortDecimal(magnitude, negative: n < 0, at: at) }
        return longDecimal(n, at: at)
    }

    /// `decimal` of a magnitude from 10,000 up.
    @inline(never)
    static func longDecimal(_ n: Int64, at: UnsafeMutablePointer<UInt8>) -> Int {
        // The magnitude as unsigned, so Int64.min has one too: 19 digits and the sign at most.
        var rest = n.magnitude
        var digits = 1
        var power: UInt64 = 10
        while digits < 19, rest >= power {
            digits += 1
            power &*= 10
        }
        let length = n < 0 ? digits + 1 : digits
        let pairs = digitPairs.utf8Start
        var k = length
        while rest >= 10 {
            let pair = 2 &* Int(truncatingIfNeeded: rest % 100)
            rest /= 100
            k -= 2
            at[k] = pairs[pair]
            at[k + 1] = pairs[pair + 1]
        }
        // An odd count of digits leaves the first, below ten.
        if k > length - digits { at[k - 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest) }
        if n < 0 { at[0] = UInt8(ascii: "-") }
        return length
    }

    /// `decimal` of a magnitude below 10,000, the most written (a picture's coordinates,
    /// counts, weights): its digits counted by comparisons, and written as at most two pairs,
    /// rather than by the loops of the general case.
    @inline(__always)
    static func shortDecimal(_ magnitude: UInt64, negative: Bool, at: UnsafeMutablePointer<UInt8>) -> Int {
        let value = Int(truncatingIfNeeded: magnitude)
        let digits = value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : 4
        let length = negative ? digits + 1 : digits
        let pairs = digitPairs.utf8Start
        if negative { at[0] = UInt8(ascii: "-") }
        let end = at + length
        if digits == 1 {
            end[-1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value)
            return length
        }
        let low = 2 &* (value % 100)
        end[-2] = pairs[low]
        end[-1] = pairs[low + 1]
        if digits == 3 {
            end[-3] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 100)
        } else if digits == 4 {
            let high = 2 &* (value / 100)
            end[-4] = pairs[high]
            end[-3] = pairs[high + 1]
        }
        return length
    }

    /// "00" to "99", one after the other: pair p is at 2p. Computed, so no lazy global is
    /// checked on each use; the literal is a constant.
    static var digitPairs: StaticString {
        """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """
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

    /// The length of entry `i`, for the room it takes.
    func count(_ i: Int) -> Int {
        range(i).count
    }
}

/// Writes into room a `ByteBuffer` has reserved (`ByteBuffer.write(atMost:_:)`), with no check
/// of uniqueness or capacity per piece: the reservation made them. Each piece is still checked
/// against the room's end (one comparison), so a room sized too small stops the program there
/// instead of writing past the buffer's memory. The same pieces as a `ByteBuffer` takes,
/// written the same way, so a writer and a buffer given the same calls hold the same bytes.
struct ByteWriter: ByteSink {
    /// Where the next byte goes.
    private(set) var at: UnsafeMutablePointer<UInt8>
    /// The end of the room.
    private let end: UnsafeMutablePointer<UInt8>

    init(start: UnsafeMutablePointer<UInt8>, end: UnsafeMutablePointer<UInt8>) {
        at = start
        self.end = end
    }

    /// Claims the next `n` bytes.
    @inline(__always)
    private mutating func take(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        precondition(end - at >= n, "wrote past the room reserved")
        let place = at
        at += n
        return place
    }

    @inline(__always)
    mutating func append(byte: UInt8) {
        take(1).pointee = byte
    }

    @inline(__always)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        let n = bytes.count
        ByteCopy.copy(from: source, to: take(n), count: n)
    }

    /// A decimal integer, as `String(n)` writes it: at most `ByteBuffer.longestDecimal` bytes.
    @inline(__always)
    mutating func append(integer n: Int64) {
        // The exact width is worked out only near a room's end.
        precondition(end - at >= ByteBuffer.longestDecimal || end - at >= String(n).utf8.count, "wrote past the room reserved")
        at += ByteBuffer.decimal(n, at: at)
    }

    /// Room for at most `n` bytes, which `write` fills from the start and says how many it
    /// wrote (a number's text made by code that writes into a buffer of its own).
    @inline(__always)
    mutating func append(atMost n: Int, _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        precondition(end - at >= n, "wrote past the room reserved")
        let written = write(UnsafeMutableBufferPointer(start: at, count: n))
        precondition(written <= n)
        at += written
    }
}

/// Where bytes are appended: a `ByteBuffer`, or a `ByteWriter` filling room one has reserved.
/// Both take runs of bytes; the pieces made of a run are written once, here, for both.
protocol ByteSink {
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>)
}

extension ByteSink {
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
}

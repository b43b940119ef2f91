import Markdown

/// The bytes of a page as the renderer writes it, in memory this buffer manages itself.
///
/// Why not an `[UInt8]`, which it replaced: a page is a thousand or so short appends (the text
/// between tags, each value), and `Array.append(contentsOf:)` spent about a hundred
/// instructions on each in generic uniqueness and capacity checks before copying. Here an
/// append is one capacity check and a copy, and escaping writes its runs and entities the
/// same way. A class, so the renderer's copies of it share one buffer and the memory is freed
/// once, in `deinit`.
final class PageBytes {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0
    /// Whether `base` is this buffer's own allocation, or memory lent to it (`writingInto:`).
    private var ownsMemory = true

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    /// A buffer that writes into `memory` (uninitialized) as long as the bytes fit, then, if
    /// they outgrow it, moves to memory of its own, leaving `memory` alone. A page is rendered
    /// this way straight into the array it is handed on as (`Array(unsafeUninitializedCapacity:)`,
    /// see `SiteGenerator.renderPage`), which spares copying it out of here.
    init(writingInto memory: UnsafeMutableBufferPointer<UInt8>) {
        if let start = memory.baseAddress, memory.count > 0 {
            base = start
            capacity = memory.count
            ownsMemory = false
        } else {
            capacity = 64
            base = .allocate(capacity: capacity)
        }
    }

    deinit { if ownsMemory { base.deallocate() } }

    /// Whether every byte so far went to the memory given to `init(writingInto:)`.
    var wroteInPlace: Bool { !ownsMemory }

    /// The bytes written, copied into an array.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Drops the newlines at the end as `SiteGenerator.trimmingTrailingNewlines` drops them
    /// from a String (the template puts its own newline after the content): each `\n` at the
    /// end goes, with a `\r` before it (one `\r\n` character); a lone `\r` stays.
    func trimTrailingNewlines() {
        count = SiteGenerator.countWithoutTrailingNewlines(UnsafeBufferPointer(start: base, count: count))
    }

    /// Room for `n` more bytes.
    @inline(__always)
    private func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    @inline(never)
    private func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        new.initialize(from: base, count: count)
        if ownsMemory { base.deallocate() }
        ownsMemory = true
        base = new
        capacity = newCapacity
    }

    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// A string's bytes, read from its storage.
    @inline(__always)
    func append(_ text: String) {
        text.withUTF8Bytes { append($0) }
    }

    /// `value` in decimal, as `String(value)` writes it: its digits, a `-` before them when
    /// it is negative.
    func appendDecimal(_ value: Int) {
        // Twenty digits hold any magnitude of an Int (Int.min's included), one more the sign.
        reserve(21)
        var magnitude = value.magnitude
        var digits = 0
        repeat {
            digits += 1
            magnitude /= 10
        } while magnitude > 0
        if value < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        magnitude = value.magnitude
        var k = count + digits - 1
        repeat {
            base[k] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
            k -= 1
        } while magnitude > 0
        count += digits
    }

    /// `bytes` escaped for an attribute (and so for text) as `HTML.escapeAttribute` escapes
    /// them: `&`, `<`, `>`, `"` and `'` become entities; runs between them are copied whole.
    /// The loop is Markdown's (`HTML.forEachEscapedPiece`, inlined here with this buffer's
    /// append), which passes over eight bytes at a time where none is special.
    func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        HTML.forEachEscapedPiece(of: bytes, apostrophe: true) { append($0) }
    }

    func appendEscaped(_ text: String) {
        text.withUTF8Bytes { appendEscaped($0) }
    }
}

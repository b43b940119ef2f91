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
        while count > 0, base[count - 1] == 0x0A {
            count -= 1
            if count > 0, base[count - 1] == 0x0D { count -= 1 }
        }
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

    /// `bytes` escaped for an attribute (and so for text) as `HTML.escapeAttribute` escapes
    /// them (`HTML.forEachEscapedPiece` with the apostrophe): `&`, `<`, `>`, `"` and `'`
    /// become entities; runs between them are copied whole.
    ///
    /// Why not that loop itself, which this was: it tests every byte, some six instructions
    /// each, over every escaped value of every page (titles, hrefs, labels). Here eight bytes
    /// are read at once and skipped together when none is special (`hasSpecialByte`); a word
    /// that has one is gone through byte by byte as there. The runs are cut where the loop cut
    /// them, so the bytes written are the same.
    func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        let count = bytes.count
        let mask = Self.specialMask
        var start = 0
        var i = 0
        while i < count {
            if count - i >= 8, !Self.hasSpecialByte(UnsafeRawPointer(source + i).loadUnaligned(as: UInt64.self)) {
                i += 8
                continue
            }
            let b = source[i]
            if b < 0x40, mask & (1 << UInt64(b)) != 0 {
                append(UnsafeBufferPointer(start: source + start, count: i - start))
                let entity: StaticString = switch b {
                case 0x26: "&amp;"
                case 0x3C: "&lt;"
                case 0x3E: "&gt;"
                case 0x22: "&quot;"
                default: "&#39;"
                }
                append(UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
                start = i + 1
            }
            i += 1
        }
        append(UnsafeBufferPointer(start: source + start, count: count - start))
    }

    /// Bits 0x22 ", 0x26 &, 0x27 ', 0x3C < and 0x3E > of the bytes below 0x40.
    @inline(__always)
    private static var specialMask: UInt64 { (1 << 0x22) | (1 << 0x26) | (1 << 0x27) | (1 << 0x3C) | (1 << 0x3E) }

    /// Whether any of the eight bytes of `word` is `"`, `&`, `'`, `<` or `>`: a byte equal to
    /// `c` is a zero byte of `word ^ (c in every byte)`, and `(v - 0x01…) & ~v & 0x80…` is
    /// nonzero exactly when `v` has a zero byte (a borrow only passes through a zero byte, so
    /// the lowest zero byte is always caught, and nothing is caught without one).
    @inline(__always)
    static func hasSpecialByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroByte(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        return (zeroByte(word ^ (0x22 &* ones)) | zeroByte(word ^ (0x26 &* ones)) | zeroByte(word ^ (0x27 &* ones))
                | zeroByte(word ^ (0x3C &* ones)) | zeroByte(word ^ (0x3E &* ones))) != 0
    }

    func appendEscaped(_ text: String) {
        text.withUTF8Bytes { appendEscaped($0) }
    }
}

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

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written, copied into an array.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

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
        base.deallocate()
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

    /// `bytes` escaped for an attribute (and so for text) as `HTML.appendEscapedAttribute`
    /// escapes them: `&`, `<`, `>`, `"` and `'` become `&amp;`, `&lt;`, `&gt;`, `&quot;` and
    /// `&#39;`; runs between them are copied whole.
    func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Bits 0x22 ", 0x26 &, 0x27 ', 0x3C <, 0x3E > of the bytes below 0x40.
        let special: UInt64 = (1 << 0x22) | (1 << 0x26) | (1 << 0x27) | (1 << 0x3C) | (1 << 0x3E)
        var start = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x40, special & (1 << UInt64(b)) != 0 {
                append(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                switch b {
                case 0x26: append("&amp;" as StaticString)
                case 0x3C: append("&lt;" as StaticString)
                case 0x3E: append("&gt;" as StaticString)
                case 0x22: append("&quot;" as StaticString)
                default: append("&#39;" as StaticString)
                }
                start = i + 1
            }
            i += 1
        }
        append(UnsafeBufferPointer(rebasing: bytes[start...]))
    }

    func appendEscaped(_ text: String) {
        text.withUTF8Bytes { appendEscaped($0) }
    }

    private func append(_ entity: StaticString) {
        entity.withUTF8Buffer { append($0) }
    }
}

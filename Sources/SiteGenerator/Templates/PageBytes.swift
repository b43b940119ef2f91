import Diagnostics
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

    /// `trimTrailingNewlines` for the bytes from `start` on, the part written last: the
    /// newlines trimmed are only theirs.
    func trimTrailingNewlines(from start: Int) {
        count = start + SiteGenerator.countWithoutTrailingNewlines(UnsafeBufferPointer(start: base + start, count: count - start))
    }

    /// A copy of the bytes `range` of those written.
    func bytes(in range: Range<Int>) -> [UInt8] {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "bytes written")
        return Array(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
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
        ByteCopy.copy(from: source, to: base + count, count: bytes.count)
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
        reserve(PageBytes.longestDecimal)
        count += PageBytes.writeDecimal(value, at: base + count)
    }

    /// Twenty digits hold any magnitude of an Int (Int.min's included), one more the sign.
    static let longestDecimal = 21

    /// Writes `value` in decimal at `out`, which has room for `longestDecimal` bytes, as
    /// `String(value)` writes it; returns how many bytes it wrote.
    static func writeDecimal(_ value: Int, at out: UnsafeMutablePointer<UInt8>) -> Int {
        var magnitude = value.magnitude
        var digits = 0
        repeat {
            digits += 1
            magnitude /= 10
        } while magnitude > 0
        var k = 0
        if value < 0 {
            out[0] = UInt8(ascii: "-")
            k = 1
        }
        magnitude = value.magnitude
        var d = k + digits - 1
        repeat {
            out[d] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
            d -= 1
        } while magnitude > 0
        return k + digits
    }

    /// `bytes` escaped for an attribute (and so for text) as `HTML.escapeAttribute` escapes
    /// them: `&`, `<`, `>`, `"` and `'` become entities; runs between them are copied whole.
    /// The loop is Markdown's (`HTML.forEachEscapedPiece`, inlined here with this buffer's
    /// append), which passes over sixteen bytes at a time where none is special.
    ///
    /// Most values escape nothing (hrefs, titles, names), and most are short: the bytes up to
    /// the first word that may hold a special byte (`HTML.mayBeSpecial`) are copied at once,
    /// and the loop starts there, so text with nothing to escape is one test per word and one
    /// copy, a value shorter than a word included. Escaping maps each byte on its own, so the
    /// page gets the same bytes however the value is cut.
    func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        let clean = Self.cleanPrefix(bytes)
        if clean == bytes.count {
            append(bytes)
            return
        }
        append(UnsafeBufferPointer(rebasing: bytes[..<clean]))
        HTML.forEachEscapedPiece(of: UnsafeBufferPointer(rebasing: bytes[clean...]), apostrophe: true) { append($0) }
    }

    /// How many bytes at the start of `bytes` hold nothing to escape, in whole words: all of
    /// them, or a multiple of eight before the word that may hold `&`, `<`, `>`, `"` or `'`.
    /// A last part shorter than a word is tested as the eight bytes that end the buffer, and
    /// a buffer shorter than a word as its bytes gathered into one (its first and last four,
    /// or its first, middle and last byte): each reads only inside the buffer, and holds one
    /// of those bytes exactly when the part it covers does.
    @inline(__always)
    static func cleanPrefix(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else { return count }
        let raw = UnsafeRawPointer(base)
        if count >= 8 {
            var i = 0
            while i &+ 8 <= count {
                if HTML.mayBeSpecial(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))) { return i }
                i &+= 8
            }
            if i < count, HTML.mayBeSpecial(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))) {
                return i
            }
            return count
        }
        let word: UInt64
        if count >= 4 {
            word = UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
                | UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self))) << 32
        } else {
            // The bytes left zero are no special byte.
            word = UInt64(base[0]) | UInt64(base[count >> 1]) << 8 | UInt64(base[count &- 1]) << 16
        }
        return HTML.mayBeSpecial(word) ? 0 : count
    }


    func appendEscaped(_ text: String) {
        text.withUTF8Bytes { appendEscaped($0) }
    }
}

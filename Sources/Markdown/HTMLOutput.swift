import Diagnostics

/// The HTML `HTMLRenderer` writes: a string, with the small pieces written since its last
/// long text gathered as bytes; or, for a caller that wants bytes (a page), bytes only.
///
/// A body is written in thousands of small pieces (a tag, an escaped text, an href). Appending
/// each to a `String` cost some 350 instructions, however short the piece. Writing every piece
/// as bytes and making one string of them at the end cost instead the check that the bytes are
/// UTF-8, about 11 instructions a byte of Korean. So pieces are copied into `pending`, which is
/// appended to `string` as one piece when a long non-ASCII text comes (appended as the string
/// it is, already known to be UTF-8) and at the end. The text is the same either way: a string
/// is the concatenation of its pieces' UTF-8.
///
/// An output made with `init(bytesReservingCapacity:)` needs neither: every piece, long texts
/// too, is copied into `pending`, and `bytes` hands them over as they are. They are UTF-8
/// already, each piece being a whole string's or an ASCII literal's, so nobody checks them.
///
/// `pending` is memory of the output's own, not an array: appending a piece of a few bytes to
/// an array cost some 70 instructions besides the copy, for half a million pieces a build.
/// Owning it makes the output noncopyable; it is written through `inout` and freed with it.
struct HTMLOutput: ~Copyable {
    private var text = ""
    /// `pending` is `start[0 ..< count]`, in `capacity` bytes this output allocated.
    private var start: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    /// A non-ASCII text at least this long (in bytes) is appended as a string, not copied:
    /// 64, or never (`Int.max`) for an output kept as bytes.
    private let longText: Int

    init(reservingCapacity capacity: Int = 0) {
        longText = 64
        text.reserveCapacity(capacity)
        self.capacity = max(min(capacity, 1024), 16)
        start = .allocate(capacity: self.capacity)
    }

    /// An output whose text is only ever bytes (`bytes`): no piece is appended to a string.
    init(bytesReservingCapacity capacity: Int) {
        longText = .max
        self.capacity = max(capacity, 16)
        start = .allocate(capacity: self.capacity)
    }

    /// An empty output of the same kind as `other`, for a part written apart (a callout's
    /// title, a footnote's body) before it goes into `other`.
    init(sameKindAs other: borrowing HTMLOutput) {
        longText = other.longText
        capacity = 256
        start = .allocate(capacity: capacity)
    }

    deinit { start.deallocate() }

    /// The bytes written since the last flush.
    private var pending: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }

    @inline(__always)
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        guard n > 0, let source = bytes.baseAddress else { return }
        if capacity - count < n { grow(to: count + n) }
        (start + count).update(from: source, count: n)
        count += n
    }

    @inline(never)
    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, 2 * capacity)
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        new.update(from: start, count: count)
        start.deallocate()
        start = new
        capacity = newCapacity
    }

    /// The text written.
    var string: String {
        mutating get {
            flush()
            return text
        }
    }

    /// The text written, as UTF-8: for an output kept as bytes, its bytes copied (into an
    /// array of their size).
    var bytes: [UInt8] {
        mutating get {
            if text.isEmpty { return Array(pending) }
            flush()
            return Array(text.utf8)
        }
    }

    private mutating func flush() {
        guard count > 0 else { return }
        text.append(String(decoding: pending, as: UTF8.self))
        count = 0
    }

    /// A literal's bytes, read from where the literal is: `withUTF8Buffer` called its closure
    /// out of line for each of the hundreds of thousands of tags a build writes. A literal of
    /// one character may be kept as its scalar, not as bytes, and goes that way still.
    ///
    /// Inlined into each call, where the literal is known: its length and where it lies are
    /// constants there, and the copy is a few moves of that many bytes. Called out of line, each
    /// of the 350,000 tags of a 2,000-note build cost some 60 instructions, a call of `memmove`
    /// and the literal's fields read and checked among them.
    @inline(__always)
    mutating func write(_ piece: StaticString) {
        if piece.hasPointerRepresentation {
            append(UnsafeBufferPointer(start: piece.utf8Start, count: piece.utf8CodeUnitCount))
        } else {
            piece.withUTF8Buffer { append($0) }
        }
    }

    /// Text that is HTML already (markup, escaped text, a hook's answer), as it is. (Named, so
    /// that a literal goes to the `StaticString` overload: Swift would pick `String` for it.)
    mutating func write(html piece: String) {
        let copied = piece.withUTF8Bytes { bytes in
            guard bytes.count < longText || piece.isASCIIOnly else { return false }
            append(bytes)
            return true
        }
        if !copied {
            flush()
            text.append(piece)
        }
    }

    /// What `other` wrote: its string part as `write(html:)` takes a string, then its bytes.
    mutating func write(_ other: borrowing HTMLOutput) {
        if !other.text.isEmpty { write(html: other.text) }
        append(other.pending)
    }

    /// A number as `"\(n)"` writes it. A digit (a heading's level, a first footnote) is
    /// written as its byte: making a string of it cost more than the rest of a heading's tags.
    mutating func write(_ n: Int) {
        guard n >= 0, n < 10 else {
            write(html: String(n))
            return
        }
        if capacity == count { grow(to: count + 1) }
        start[count] = 0x30 &+ UInt8(truncatingIfNeeded: n)
        count += 1
    }

    /// `HTML.escape(text)`.
    mutating func writeEscaped(_ piece: String) {
        writeEscaped(piece, apostrophe: false)
    }

    /// `HTML.escapeAttribute(text)`.
    mutating func writeEscapedAttribute(_ piece: String) {
        writeEscaped(piece, apostrophe: true)
    }

    /// A long non-ASCII text with nothing to escape is appended as the string it is; any other
    /// is escaped into `pending`.
    private mutating func writeEscaped(_ piece: String, apostrophe: Bool) {
        let copied = piece.withUTF8Bytes { bytes in
            if bytes.count >= longText {
                let special = HTML.specialBytes(apostrophe: apostrophe)
                var plain = true
                var ascii = true
                for b in bytes {
                    if b < 0x40, special & (1 << UInt64(b)) != 0 { plain = false; break }
                    if b >= 0x80 { ascii = false }
                }
                if plain && !ascii { return false }
            }
            HTML.forEachEscapedPiece(of: bytes, apostrophe: apostrophe) { append($0) }
            return true
        }
        if !copied {
            flush()
            text.append(piece)
        }
    }

    /// `String.hasSuffix(suffix)` of the text written so far, for an ASCII `suffix` (`">"`,
    /// `"</p>\n"`) of none of the three characters that a different character is canonically
    /// equivalent to (`K`, `;` and `` ` ``: U+212A, U+037E, U+1FEF).
    ///
    /// Answered from `pending` when it holds the suffix and an ASCII byte before it: the suffix
    /// is then a string's last characters, whether the string compares bytes (all ASCII) or
    /// Characters, unless that byte is `\r` and the suffix starts with `\n` (`\r\n` is one
    /// Character). A byte that differs is a no either way: no other character is canonically
    /// equivalent to one of these. When `pending` is all there is, the suffix being all of it
    /// or longer than it is answered there too. Any other case is asked of the string itself
    /// (of one made of `pending`, for an output kept as bytes).
    mutating func hasSuffix(_ suffix: StaticString) -> Bool {
        let pending = self.pending
        let textIsEmpty = text.isEmpty
        let answer: Bool? = suffix.withUTF8Buffer { suffix in
            let n = suffix.count
            guard pending.count >= n else { return textIsEmpty ? false : nil }
            let start = pending.count - n
            for k in 0..<n where pending[start + k] != suffix[k] { return false }
            guard start > 0 else { return textIsEmpty ? true : nil }
            let before = pending[start - 1]
            guard before < 0x80, !(before == 0x0D && suffix[0] == 0x0A) else { return nil }
            return true
        }
        if let answer { return answer }
        if text.isEmpty { return String(decoding: pending, as: UTF8.self).hasSuffix(suffix.description) }
        flush()
        return text.hasSuffix(suffix.description)
    }

    /// Removes `suffix` from the end of the text written if it `hasSuffix(suffix)`, and says
    /// whether it did.
    ///
    /// The last characters are then the suffix's ASCII characters, each a Character of its own
    /// byte (none is canonically equivalent to any other character, `hasSuffix`): removing as
    /// many Characters as `String.removeLast` would is removing that many bytes, which is done
    /// in `pending` when they are there.
    mutating func removeSuffix(_ suffix: StaticString) -> Bool {
        guard hasSuffix(suffix) else { return false }
        let n = suffix.utf8CodeUnitCount
        if count >= n {
            count -= n
        } else {
            flush()
            text.removeLast(n)
        }
        return true
    }
}

import Diagnostics

/// The HTML `HTMLRenderer` writes: a string, with the small pieces written since its last
/// long text gathered as bytes.
///
/// A body is written in thousands of small pieces (a tag, an escaped text, an href). Appending
/// each to a `String` cost some 350 instructions, however short the piece. Writing every piece
/// as bytes and making one string of them at the end cost instead the check that the bytes are
/// UTF-8, about 11 instructions a byte of Korean. So pieces are copied into `pending`, which is
/// appended to `string` as one piece when a long non-ASCII text comes (appended as the string
/// it is, already known to be UTF-8) and at the end. The text is the same either way: a string
/// is the concatenation of its pieces' UTF-8.
struct HTMLOutput {
    private var text = ""
    private var pending: [UInt8] = []

    /// A non-ASCII text at least this long (in bytes) is appended as a string, not copied.
    private static let longText = 64

    init(reservingCapacity capacity: Int = 0) {
        text.reserveCapacity(capacity)
        pending.reserveCapacity(min(capacity, 1024))
    }

    /// The text written.
    var string: String {
        mutating get {
            flush()
            return text
        }
    }

    private mutating func flush() {
        guard !pending.isEmpty else { return }
        text.append(String(decoding: pending, as: UTF8.self))
        pending.removeAll(keepingCapacity: true)
    }

    mutating func write(_ piece: StaticString) {
        piece.withUTF8Buffer { pending.append(contentsOf: $0) }
    }

    /// Text that is HTML already (markup, escaped text, a hook's answer), as it is. (Named, so
    /// that a literal goes to the `StaticString` overload: Swift would pick `String` for it.)
    mutating func write(html piece: String) {
        let copied = piece.withUTF8Bytes { bytes in
            guard bytes.count < Self.longText || piece.isASCIIOnly else { return false }
            pending.append(contentsOf: bytes)
            return true
        }
        if !copied {
            flush()
            text.append(piece)
        }
    }

    mutating func write(_ other: HTMLOutput) {
        var other = other
        other.flush()
        write(html: other.text)
    }

    /// A number as `"\(n)"` writes it.
    mutating func write(_ n: Int) {
        write(html: String(n))
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
            if bytes.count >= Self.longText {
                let special = HTML.specialBytes(apostrophe: apostrophe)
                var plain = true
                var ascii = true
                for b in bytes {
                    if b < 0x40, special & (1 << UInt64(b)) != 0 { plain = false; break }
                    if b >= 0x80 { ascii = false }
                }
                if plain && !ascii { return false }
            }
            HTML.forEachEscapedPiece(of: bytes, apostrophe: apostrophe) { pending.append(contentsOf: $0) }
            return true
        }
        if !copied {
            flush()
            text.append(piece)
        }
    }

    /// `String.hasSuffix(suffix)` of the text written so far, for an ASCII `suffix` (`">"`,
    /// `"</p>\n"`).
    ///
    /// Answered from `pending` when it holds the suffix and an ASCII byte before it: the suffix
    /// is then a string's last characters, whether the string compares bytes (all ASCII) or
    /// Characters, unless that byte is `\r` and the suffix starts with `\n` (`\r\n` is one
    /// Character). A byte that differs is a no either way: no other character is canonically
    /// equivalent to one of these. Any other case is asked of the string itself.
    mutating func hasSuffix(_ suffix: StaticString) -> Bool {
        let answer: Bool? = suffix.withUTF8Buffer { suffix in
            let n = suffix.count
            guard pending.count > n else { return nil }
            let start = pending.count - n
            for k in 0..<n where pending[start + k] != suffix[k] { return false }
            let before = pending[start - 1]
            guard before < 0x80, !(before == 0x0D && suffix[0] == 0x0A) else { return nil }
            return true
        }
        if let answer { return answer }
        flush()
        return text.hasSuffix(suffix.description)
    }

    /// `String.removeLast(count)` of the text written so far.
    mutating func removeLast(_ count: Int) {
        flush()
        text.removeLast(count)
    }
}

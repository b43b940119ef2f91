/// UTF-8 bytes into Strings, checked once.
///
/// Every public way from bytes to a `String` validates them, with the standard library's
/// validator at about ten instructions a byte. Notes are validated here once as they are read
/// (`TextDecoding`), and cmark's texts, cut from them, are checked by the same faster loop
/// before they become strings without a second check (`String(utf8:)`).
public enum UTF8Text {
    /// Whether `value` is a Hangul syllable or a CJK unified ideograph (the main block and
    /// extension A): letters that compose with nothing, fold to themselves, join no neighbour
    /// into a grapheme and take three bytes in UTF-8. The non-ASCII scalars the byte-level fast
    /// paths (note keys, names, wikilink parts) accept; any other sends them the general way.
    @inline(__always)
    public static func isHangulOrHan(_ value: UInt32) -> Bool {
        (0xAC00...0xD7A3).contains(value) || (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
    }

    /// The scalar of the three-byte sequence whose lead byte (`1110xxxx`) is at `i`, read from
    /// well-formed UTF-8 without checks.
    @inline(__always)
    public static func threeByteScalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt32 {
        UInt32(bytes[i] & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
    }

    /// A string of `bytes`, which `validate` has found well-formed (`isASCII` as it found it),
    /// copied without the standard library's validation: every public way from bytes to a
    /// `String` validates them again, which was the whole cost of decoding a note. Where
    /// `UTF8Span` is not available, the bytes are checked a second time.
    public static func string(ofValid bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> String {
        if #available(macOS 26, iOS 26, watchOS 26, tvOS 26, visionOS 26, *) {
            return String(copying: unsafe UTF8Span(unchecked: Span(_unsafeElements: bytes), isKnownASCII: isASCII))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// What `validate` found: the offset of the first byte of the first ill-formed sequence (nil
    /// when there is none), and whether every byte is ASCII (meaningful only when well-formed).
    public struct Validation: Equatable, Sendable {
        public var firstInvalidOffset: Int?
        public var isASCII: Bool

        public init(firstInvalidOffset: Int?, isASCII: Bool) {
            self.firstInvalidOffset = firstInvalidOffset
            self.isASCII = isASCII
        }
    }

    /// Checks that `bytes` are well-formed UTF-8, by the ranges of the Unicode Standard, table 3-7
    /// (well-formed UTF-8 byte sequences), which exclude overlong forms, surrogates and values
    /// above U+10FFFF. Our own loop rather than `String(validating:)` because we need the place
    /// of a bad byte, and because it is about twice as fast on notes: runs of ASCII go eight
    /// bytes at a time, and the three-byte sequences of Hangul are checked in one branch.
    public static func validate(_ bytes: UnsafeBufferPointer<UInt8>) -> Validation {
        guard let base = bytes.baseAddress else { return Validation(firstInvalidOffset: nil, isASCII: true) }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var isASCII = true
        var i = 0
        while i < count {
            let lead = base[i]
            if lead < 0x80 {
                // On to the next byte that is not ASCII, eight bytes at a time, and in one step
                // to it from the word that holds it: in Korean prose most ASCII runs are a
                // single space, and a word stepped over whole only to read the space again
                // cost more than it saved.
                i &+= 1
                while i &+ 8 <= count {
                    let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) & 0x8080_8080_8080_8080
                    if high != 0 {
                        i &+= high.trailingZeroBitCount &>> 3
                        break
                    }
                    i &+= 8
                }
                continue
            }
            isASCII = false
            // The lead byte fixes the length and the range of the second byte; every later byte
            // is a continuation byte (10xxxxxx).
            if lead & 0xF0 == 0xE0 {
                guard i &+ 3 <= count, isContinuation(base[i &+ 2]) else { return invalid(at: i) }
                let second = base[i &+ 1]
                switch lead {
                case 0xE0: guard second >= 0xA0, second <= 0xBF else { return invalid(at: i) }
                case 0xED: guard second >= 0x80, second <= 0x9F else { return invalid(at: i) }
                default: guard isContinuation(second) else { return invalid(at: i) }
                }
                i &+= 3
            } else if lead >= 0xC2, lead <= 0xDF {
                guard i &+ 2 <= count, isContinuation(base[i &+ 1]) else { return invalid(at: i) }
                i &+= 2
            } else if lead >= 0xF0, lead <= 0xF4 {
                guard i &+ 4 <= count, isContinuation(base[i &+ 2]), isContinuation(base[i &+ 3]) else { return invalid(at: i) }
                let second = base[i &+ 1]
                switch lead {
                case 0xF0: guard second >= 0x90, second <= 0xBF else { return invalid(at: i) }
                case 0xF4: guard second >= 0x80, second <= 0x8F else { return invalid(at: i) }
                default: guard isContinuation(second) else { return invalid(at: i) }
                }
                i &+= 4
            } else {
                // 0x80...0xC1 (a continuation byte, or the lead of an overlong two-byte form)
                // and 0xF5...0xFF never start a character.
                return invalid(at: i)
            }
        }
        return Validation(firstInvalidOffset: nil, isASCII: isASCII)
    }

    private static func invalid(at offset: Int) -> Validation {
        Validation(firstInvalidOffset: offset, isASCII: false)
    }

    private static func isContinuation(_ byte: UInt8) -> Bool {
        byte & 0xC0 == 0x80
    }

}

extension String {
    /// The string of UTF-8 `bytes`: checked by `UTF8Text.validate` and copied without another
    /// check when well-formed; ill-formed bytes are repaired as `String(decoding:as:)` does.
    public init(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        let check = UTF8Text.validate(bytes)
        if check.firstInvalidOffset == nil {
            self = UTF8Text.string(ofValid: bytes, isASCII: check.isASCII)
        } else {
            self = String(decoding: bytes, as: UTF8.self)
        }
    }
}

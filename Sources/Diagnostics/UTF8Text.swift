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

    /// Whether `bytes` neither start nor end inside a character: the first byte does not
    /// continue one, and the last three hold no lead byte whose sequence would run past the end.
    /// Four byte reads: what a piece cut from well-formed UTF-8 must pass for the cut to have
    /// fallen between characters (`string(ofWellFormed:)`).
    @inline(__always)
    public static func hasWholeEnds(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        guard n > 0 else { return true }
        return bytes[0] & 0xC0 != 0x80 && bytes[n &- 1] < 0xC0 && (n < 2 || bytes[n &- 2] < 0xE0)
            && (n < 3 || bytes[n &- 3] < 0xF0)
    }

    /// A string of `bytes` that are well-formed UTF-8 by construction, copied without checking
    /// them again: only whether they are all ASCII is read (eight bytes at a time, and only up
    /// to the first byte that is not), for the string's flag. The caller vouches for the bytes:
    /// pieces of text already validated, cut between characters (`hasWholeEnds`), joined, or
    /// with whole characters taken out or put in. Anything else goes through `String(utf8:)`.
    public static func string(ofWellFormed bytes: UnsafeBufferPointer<UInt8>) -> String {
        string(ofValid: bytes, isASCII: String.allASCII(UnsafeRawBufferPointer(bytes)))
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
    /// of a bad byte, and because it is several times faster on notes.
    ///
    /// Texts of a block and more go sixteen bytes at a time (`blockIsWellFormed`), which does not
    /// say where a bad byte is: from a block that fails the check goes byte by byte
    /// (`validateBytewise`) from the start of the character before it, which finds the same
    /// first bad byte as checking byte by byte from the beginning would. Shorter texts go byte
    /// by byte.
    public static func validate(_ bytes: UnsafeBufferPointer<UInt8>) -> Validation {
        guard let base = bytes.baseAddress else { return Validation(firstInvalidOffset: nil, isASCII: true) }
        let count = bytes.count
        #if _endian(little)
        if count >= blockSize { return validateByBlocks(base, count: count) }
        #endif
        return validateBytewise(base, count: count, from: 0, isASCII: true)
    }

    typealias Block = SIMD16<UInt8>

    /// The bytes one step of `validateByBlocks` checks.
    static let blockSize = Block.scalarCount

    /// Blocks of sixteen bytes while whole blocks remain and pass (two at a time past the first
    /// three bytes while two remain), the last sixteen bytes as a block, and the end; byte by
    /// byte from the first block (or pair) that fails.
    ///
    /// A block is checked with the bytes one, two and three before each of its bytes, read from
    /// memory; the first block, which has none before it, gets its own bytes shifted in lanes, as
    /// if the text began with three zero bytes, which are ASCII and ask nothing of the bytes
    /// after them. The shifts go through two little-endian words, hence the `_endian` check in
    /// `validate`.
    private static func validateByBlocks(_ base: UnsafePointer<UInt8>, count: Int) -> Validation {
        let raw = UnsafeRawPointer(base)
        var isASCII = true
        // Every byte before `i` has passed.
        var i = 0
        while i < count {
            // Two blocks at once while both lie whole inside the text after its first three
            // bytes: their bytes before are read from memory, the two are skipped together when
            // ASCII, and their errors tested once. This halves the loop's own steps (the cut to
            // the last sixteen bytes, the branches) and the tests. When the pair fails, byte by
            // byte from its start, as from a failing block.
            if i >= 3, i &+ 2 &* blockSize <= count {
                let first = raw.loadUnaligned(fromByteOffset: i, as: Block.self)
                let second = raw.loadUnaligned(fromByteOffset: i &+ blockSize, as: Block.self)
                let firstBack3 = raw.loadUnaligned(fromByteOffset: i &- 3, as: Block.self)
                if isASCIIBlock(first | second | firstBack3) {
                    i &+= 2 &* blockSize
                    continue
                }
                isASCII = false
                let errors = blockErrors(first, back1: raw.loadUnaligned(fromByteOffset: i &- 1, as: Block.self),
                                         back2: raw.loadUnaligned(fromByteOffset: i &- 2, as: Block.self), back3: firstBack3)
                    | blockErrors(second, back1: raw.loadUnaligned(fromByteOffset: i &+ blockSize &- 1, as: Block.self),
                                  back2: raw.loadUnaligned(fromByteOffset: i &+ blockSize &- 2, as: Block.self),
                                  back3: raw.loadUnaligned(fromByteOffset: i &+ blockSize &- 3, as: Block.self))
                guard isASCIIBlock(errors) else { break }
                i &+= 2 &* blockSize
                continue
            }
            // The next sixteen bytes, or the last sixteen when fewer remain, which checks some a
            // second time.
            let at = min(i, count &- blockSize)
            let block = raw.loadUnaligned(fromByteOffset: at, as: Block.self)
            let back1, back2, back3: Block
            if at >= 3 {
                back1 = raw.loadUnaligned(fromByteOffset: at &- 1, as: Block.self)
                back2 = raw.loadUnaligned(fromByteOffset: at &- 2, as: Block.self)
                back3 = raw.loadUnaligned(fromByteOffset: at &- 3, as: Block.self)
            } else if at == 0 {
                let words = unsafeBitCast(block, to: SIMD2<UInt64>.self)
                func shifted(_ bits: UInt64) -> Block {
                    unsafeBitCast(SIMD2<UInt64>(words[0] << bits, words[1] << bits | words[0] >> (64 &- bits)), to: Block.self)
                }
                back1 = shifted(8)
                back2 = shifted(16)
                back3 = shifted(24)
            } else {
                // The last block of a text of 17 or 18 bytes: the rest goes byte by byte.
                break
            }
            // A block of ASCII whose three bytes before are ASCII too needs nothing more;
            // otherwise the text has a byte that is not ASCII.
            if !isASCIIBlock(block | back3) {
                isASCII = false
                if !blockIsWellFormed(block, back1: back1, back2: back2, back3: back3) {
                    i = at
                    break
                }
            }
            i = at &+ blockSize
        }
        // The end must not fall inside a character.
        if i == count, base[count &- 1] < 0xC0, base[count &- 2] < 0xE0, base[count &- 3] < 0xF0 {
            return Validation(firstInvalidOffset: nil, isASCII: isASCII)
        }
        // Every byte before `i` has passed. The character that holds the byte before `i` starts
        // at the last byte before `i` that does not continue one (a passed byte that continues a
        // character has its lead at most three bytes back); all the characters before it are
        // whole and well-formed, so checking byte by byte from there finds what checking from
        // the beginning would. That character is checked again: it may run past `i`. When the
        // first block fails, nothing has passed: from the beginning.
        var start = max(i &- 1, 0)
        while start > 0, isContinuation(base[start]) { start &-= 1 }
        return validateBytewise(base, count: count, from: start, isASCII: isASCII)
    }

    /// Whether no byte of `block` has its high bit set.
    @inline(__always)
    static func isASCIIBlock(_ block: Block) -> Bool {
        let words = unsafeBitCast(block & Block(repeating: 0x80), to: SIMD2<UInt64>.self)
        return words[0] | words[1] == 0
    }

    /// Whether every byte of `block` is where table 3-7 allows it, given the one, two and three
    /// bytes before each (`back1`, `back2`, `back3`: the block read 1, 2 and 3 bytes earlier):
    /// whether `blockErrors` marks none.
    @inline(__always)
    static func blockIsWellFormed(_ block: Block, back1: Block, back2: Block, back3: Block) -> Bool {
        isASCIIBlock(blockErrors(block, back1: back1, back2: back2, back3: back3))
    }

    /// The lanes of `block` whose byte breaks table 3-7, marked by their high bit (the other
    /// bits mean nothing), given the one, two and three bytes before each.
    ///
    /// Bytes are well-formed UTF-8 exactly when every byte passes these local checks and the
    /// text does not end inside a character (which `validateByBlocks` checks at the end):
    /// - a byte is a continuation (`10xxxxxx`) exactly when the byte before it leads a sequence
    ///   of two or more (≥ 0xC0), the one two back a sequence of three or more (≥ 0xE0), or the
    ///   one three back a sequence of four (≥ 0xF0). Walking from a byte that is not a
    ///   continuation, this makes every lead be followed by just as many continuation bytes as
    ///   its length, and puts no continuation byte anywhere else;
    /// - no byte is 0xC0, 0xC1 (overlong two-byte forms) or 0xF5...0xFF (beyond U+10FFFF);
    /// - the byte after 0xE0 is ≥ 0xA0 (no overlong three-byte forms), after 0xED < 0xA0 (no
    ///   surrogates), after 0xF0 ≥ 0x90 (no overlong four-byte forms), after 0xF4 < 0x90 (not
    ///   beyond U+10FFFF). With its continuation bit given, this is the rest of table 3-7.
    ///
    /// Written with whole-vector operations only, chosen for what SSE2 has in one instruction:
    /// - "x ≥ t" for a lead threshold as the high bit of x minus (t − 0x80), saturating at zero
    ///   (`psubusb`): 0x80 and up exactly from t up. The three "must continue" tests are or-ed
    ///   as such high bits, and compared with the continuation test by one exclusive or;
    /// - signed comparisons (`pcmpgtb`): a continuation byte is below -64 as a signed byte;
    ///   "≥ 0xA0" and "≥ 0x90" are asked as signed "> -97" and "> -113", which says yes for
    ///   ASCII too, but a second byte that is not a continuation after a lead is wrong anyway;
    /// - the lead each second byte may not follow (0xE0 before 0x80...0x9F, 0xED before
    ///   0xA0...0xBF; 0xF0 before 0x80...0x8F, 0xF4 before 0x90...0xBF): the byte before, with
    ///   0xED turned into 0xE0 where the second byte is high (0xF4 into 0xF0), compared with
    ///   0xE0 (0xF0). Flipping the byte before rather than picking the constant by the mask
    ///   leaves no blend to compile (and-not, and, or).
    /// A comparison with a scalar or a test of a `SIMDMask` compiled to a loop over the lanes.
    /// Transparent: `@inline(__always)` left the two calls of the pair step real calls.
    @_transparent
    static func blockErrors(_ block: Block, back1: Block, back2: Block, back3: Block) -> Block {
        let isContinuation = signedOnes(signed(block) .< SignedBlock(repeating: -64))
        var errors = (atLeast(0xC0, back1) | atLeast(0xE0, back2) | atLeast(0xF0, back3)) ^ isContinuation
        errors |= atLeast(0xF5, block) | ones((block & Block(repeating: 0xFE)) .== Block(repeating: 0xC0))
        let atLeastA0 = signedOnes(signed(block) .> SignedBlock(repeating: -97))
        let atLeast90 = signedOnes(signed(block) .> SignedBlock(repeating: -113))
        errors |= ones((back1 ^ (atLeastA0 & Block(repeating: 0xE0 ^ 0xED))) .== Block(repeating: 0xE0))
        errors |= ones((back1 ^ (atLeast90 & Block(repeating: 0xF0 ^ 0xF4))) .== Block(repeating: 0xF0))
        return errors
    }

    typealias SignedBlock = SIMD16<Int8>

    @inline(__always)
    private static func signed(_ block: Block) -> SignedBlock {
        unsafeBitCast(block, to: SignedBlock.self)
    }

    /// The high bit of each lane set exactly where its byte is at least `threshold` (≥ 0x80):
    /// the byte less `threshold - 0x80`, saturating at zero.
    @inline(__always)
    private static func atLeast(_ threshold: UInt8, _ block: Block) -> Block {
        let offset = Block(repeating: threshold &- 0x80)
        return block.replacing(with: offset, where: block .< offset) &- offset
    }

    /// `ones` of a signed comparison.
    @inline(__always)
    private static func signedOnes(_ mask: SIMDMask<SignedBlock.MaskStorage>) -> Block {
        unsafeBitCast(SignedBlock(repeating: 0).replacing(with: SignedBlock(repeating: -1), where: mask), to: Block.self)
    }

    /// A lane of all ones where `mask` is true, of zeros elsewhere. Not a nested function: that
    /// was left a call per comparison.
    @inline(__always)
    private static func ones(_ mask: SIMDMask<Block.MaskStorage>) -> Block {
        Block(repeating: 0).replacing(with: Block(repeating: 0xFF), where: mask)
    }

    /// The byte-by-byte check from `start`, which must begin a character (or the text), every
    /// character before it well-formed; `isASCII` says whether the bytes before it are all ASCII.
    static func validateBytewise(_ base: UnsafePointer<UInt8>, count: Int, from start: Int, isASCII: Bool) -> Validation {
        let raw = UnsafeRawPointer(base)
        var isASCII = isASCII
        var i = start
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

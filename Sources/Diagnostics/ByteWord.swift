/// Eight bytes at a time, as one little-endian `UInt64`: scans that ask the same question of
/// every byte (which are line breaks, brackets, control characters, quotes, UTF-8 continuation
/// bytes) answer it for a word in a few instructions, where a loop took several for each byte.
/// Front matter, the concept scan's text and the graph files' escaping all read words this way.
public enum ByteWord {
    /// The high bit of every byte.
    public static var highBits: UInt64 {
        @inlinable @inline(__always) get { 0x8080_8080_8080_8080 }
    }

    /// The eight bytes at `offset`, which must have eight bytes after it.
    @inlinable @inline(__always)
    public static func load(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt64.self))
    }

    /// `byte` in every byte of a word.
    @inlinable @inline(__always)
    public static func repeating(_ byte: UInt8) -> UInt64 {
        UInt64(byte) &* 0x0101_0101_0101_0101
    }

    /// The high bit of each zero byte of `word`, and no other bit. Exact for every byte: its low
    /// seven bits are added to 0x7F without a carry leaving the byte, which sets the high bit
    /// unless they are all zero, and the byte's own high bit is or-ed in.
    @inlinable @inline(__always)
    public static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & low) &+ low) | word) & highBits
    }

    /// The high bit of each byte of `word` equal to `byte`.
    @inlinable @inline(__always)
    public static func bytes(equalTo byte: UInt8, in word: UInt64) -> UInt64 {
        zeroBytes(word ^ repeating(byte))
    }

    /// The high bit of each byte of `word` below `limit` (at most 0x80), and no other bit.
    /// Exact: a byte under 0x80 plus `0x80 - limit` reaches its high bit exactly when it is
    /// `limit` or more, without a carry leaving it; a byte of 0x80 or more has its high bit
    /// or-ed in.
    @inlinable @inline(__always)
    public static func bytes(below limit: UInt8, in word: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & low) &+ repeating(0x80 &- limit)) | word) & highBits
    }

    /// The high bit of each UTF-8 continuation byte (`10xxxxxx`) of `word`: its top bit set and
    /// the next one clear. Eight less their count is how many characters begin in the word.
    @inlinable @inline(__always)
    public static func continuationBytes(_ word: UInt64) -> UInt64 {
        word & ~(word << 1) & highBits
    }

    /// How many high bits are set in `marks`, which has no other bits: moved down to each byte's
    /// low bit, a multiply sums them into the top byte (at most eight, so no carry).
    /// `nonzeroBitCount` compiled to a dozen instructions without a population-count
    /// instruction to use.
    @inlinable @inline(__always)
    public static func count(_ marks: UInt64) -> Int {
        Int(truncatingIfNeeded: ((marks >> 7) &* 0x0101_0101_0101_0101) >> 56)
    }
}

/// Eight bytes at a time, as one little-endian `UInt64`: the scans over front matter that ask
/// the same question of every byte (which are line breaks, brackets, control characters)
/// answer it for a word in a few instructions, where a loop took several for each byte.
enum ByteWord {
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `offset`, which must have eight bytes after it.
    @inline(__always)
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt64.self))
    }

    /// `byte` in every byte of a word.
    @inline(__always)
    static func repeating(_ byte: UInt8) -> UInt64 {
        UInt64(byte) &* 0x0101_0101_0101_0101
    }

    /// The high bit of each zero byte of `word`, and no other bit. Exact for every byte: its low
    /// seven bits are added to 0x7F without a carry leaving the byte, which sets the high bit
    /// unless they are all zero, and the byte's own high bit is or-ed in.
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & low) &+ low) | word) & highBits
    }

    /// The high bit of each byte of `word` equal to `byte`.
    @inline(__always)
    static func bytes(equalTo byte: UInt8, in word: UInt64) -> UInt64 {
        zeroBytes(word ^ repeating(byte))
    }

    /// How many high bits are set in `marks`, which has no other bits: moved down to each byte's
    /// low bit, a multiply sums them into the top byte (at most eight, so no carry).
    /// `nonzeroBitCount` compiled to a dozen instructions without a population-count
    /// instruction to use.
    @inline(__always)
    static func count(_ marks: UInt64) -> Int {
        Int(truncatingIfNeeded: ((marks >> 7) &* 0x0101_0101_0101_0101) >> 56)
    }
}

/// Copies of a few bytes, for the byte buffers of pages (`PageBytes`) and of graph exports
/// (`ByteBuffer`), which append millions of short pieces a build.
public enum ByteCopy {
    /// Copies `n` bytes (at least one) from `source` to `target`, which do not overlap.
    ///
    /// Most appends to a page or an export are short (a value, the text between two tags, a
    /// piece of markup), and a call to `memcpy` for them cost some twenty-five instructions, two
    /// million times a 2,000-note build. Up to sixty-four bytes are copied here: sixteen at a
    /// time and the last sixteen (which may overlap the ones before), or under sixteen as two
    /// words that may overlap (or, under eight, two halves, or the first, middle and last
    /// byte), each part read before it is written; longer runs still go to `memcpy`.
    @inlinable @inline(__always)
    public static func copy(from source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, count n: Int) {
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(target)
        if n > 16 {
            guard n <= 64 else {
                target.update(from: source, count: n)
                return
            }
            var i = 0
            repeat {
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self), toByteOffset: i, as: SIMD16<UInt8>.self)
                i &+= 16
            } while i &+ 16 < n
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: n &- 16, as: SIMD16<UInt8>.self), toByteOffset: n &- 16,
                          as: SIMD16<UInt8>.self)
        } else if n >= 8 {
            let head = from.loadUnaligned(as: UInt64.self)
            let tail = from.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: n &- 8, as: UInt64.self)
        } else if n >= 4 {
            let head = from.loadUnaligned(as: UInt32.self)
            let tail = from.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
            to.storeBytes(of: head, as: UInt32.self)
            to.storeBytes(of: tail, toByteOffset: n &- 4, as: UInt32.self)
        } else {
            let first = source[0], middle = source[n >> 1], last = source[n &- 1]
            target[0] = first
            target[n >> 1] = middle
            target[n &- 1] = last
        }
    }
}

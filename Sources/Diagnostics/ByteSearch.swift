import Foundation

extension UnsafeBufferPointer where Element == UInt8 {
    /// The offset of the first `byte` in `start..<end` (`end` the count when nil), or nil:
    /// found with `memchr`, which reads memory many bytes at a time. The scans over every
    /// note's text (line ends, the marks that make a note need work) look for their bytes
    /// through this.
    public func firstOffset(of byte: UInt8, from start: Int = 0, before end: Int? = nil) -> Int? {
        let end = Swift.min(end ?? count, count)
        guard start < end, let base = baseAddress,
              let hit = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// Whether some `byte` comes right after a byte for which `before` holds (`[` after `[`).
    public func contains(_ byte: UInt8, after before: (UInt8) -> Bool) -> Bool {
        var from = 0
        while let i = firstOffset(of: byte, from: from) {
            if i > 0, before(self[i - 1]) { return true }
            from = i + 1
        }
        return false
    }

    /// The offset of the `\n` ending the line that starts at `start`, or the count.
    public func lineEnd(from start: Int) -> Int {
        firstOffset(of: 0x0A, from: start) ?? count
    }

    /// Where each line starts: 0, then the offset after every `\n`.
    ///
    /// Room for a line every 32 bytes is made at once: the array grew from one entry by
    /// doubling, six or seven allocations and copies for a note of a hundred lines, about as
    /// much as finding the lines. Notes whose lines are shorter still grow, as before.
    public func lineStarts() -> [Int] {
        var starts: [Int] = []
        starts.reserveCapacity(count / 32 + 8)
        starts.append(0)
        var from = 0
        while let i = firstOffset(of: 0x0A, from: from) {
            starts.append(i + 1)
            from = i + 1
        }
        return starts
    }
}

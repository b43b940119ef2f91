/// A hash made once (a key's `hashValue`, an FNV-1a of its bytes) turned into a table's hash in
/// a few instructions: for keys that carry their hash, whose `hash(into:)` would run it through
/// the table's SipHash again at every lookup.
///
/// The seed is mixed in (a `Dictionary` seeds each table by its storage, so that one table's
/// order does not cluster the keys of another it is copied into), and every bit of the result
/// depends on every bit of the input: the table takes its bucket from the low bits, which
/// FNV-1a leaves weak. The mix is MurmurHash3's 64-bit finaliser (a public-domain constant set).
public enum HashMix {
    @inlinable @inline(__always)
    public static func mixed(_ hash: Int, seed: Int) -> Int {
        var x = UInt64(bitPattern: Int64(hash ^ seed))
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return Int(bitPattern: UInt(x))
    }
}

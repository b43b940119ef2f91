import Diagnostics

/// A template object: names and their values, in the order first set.
///
/// Why not `[String: TemplateValue]`, which it replaced: a page renders a few hundred tags, and
/// each looks its name up at every level of the context stack until one has it. A dictionary
/// hashes the name at every level (SipHash over the key, then a probe), and building the page's
/// contexts hashed every key once more; on a 2,000-note build that was a tenth of the
/// instructions. Here a name's fingerprint (FNV-1a over its UTF-8) is computed once when the
/// template is parsed (`TemplatePath.prints`) or the key is set, and a lookup compares 64-bit
/// fingerprints down a short array, comparing strings only when they match. Objects are
/// small (a page's context has some twenty names); past `indexedCount` names a table from
/// fingerprint to position keeps a large front matter table or label set from being scanned.
struct TemplateObject: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    fileprivate struct Entry: Sendable {
        var print: UInt64
        var key: String
        var value: TemplateValue
    }

    private var entries: [Entry] = []
    /// Positions by fingerprint, kept once the object holds more than `indexedCount` names: an
    /// open-addressed table of `position + 1` (0 for an empty slot), probed from the
    /// fingerprint's low bits, its size a power of two at least twice the names. It replaced a
    /// `[String: Int]`, which hashed the name (SipHash over its bytes) at every lookup though
    /// the fingerprint, a hash already, was at hand; a slot still matches only when the name
    /// is equal too.
    private var index: [Int32]?
    /// Bit `print % 64` of every name's fingerprint. A template looks most names up in several
    /// objects on its stack before one has it (a label inside a list item, a page's keys inside
    /// `{{#note}}`): a name whose bit is clear is not here, and is known absent without a scan.
    private(set) var printBits: UInt64 = 0

    static let indexedCount = 24

    init() {}

    init(dictionaryLiteral elements: (String, TemplateValue)...) {
        // Room for a few names set after the literal (a page's context starts as a literal
        // and gains its lists one by one): each regrowth copies every entry made so far.
        entries.reserveCapacity(elements.count + 4)
        // A repeated name keeps its last value, as `Dictionary(_:uniquingKeysWith: { $1 })` did.
        for (key, value) in elements { self[key] = value }
    }

    /// The pairs of a dictionary (whose order does not matter: lookups go by name).
    init(_ dictionary: [String: TemplateValue]) {
        entries.reserveCapacity(dictionary.count)
        for (key, value) in dictionary { self[key] = value }
    }

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    /// FNV-1a, 64 bits, over the name's UTF-8 read from its storage: a few instructions a
    /// byte for names that are mostly under a dozen bytes.
    static func fingerprint(_ key: String) -> UInt64 {
        key.withUTF8Bytes { bytes in
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in bytes {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
            return hash
        }
    }

    /// The position of `key`, whose fingerprint is `print`.
    private func position(of key: String, print: UInt64) -> Int? {
        // Names match byte for byte, so by fingerprint too.
        guard printBits & Self.bit(print) != 0 else { return nil }
        if let index { return position(of: key, print: print, in: index) }
        return entries.withUnsafeBufferPointer { entries in
            var i = 0
            while i < entries.count {
                if entries[i].print == print, entries[i].key == key { return i }
                i += 1
            }
            return nil
        }
    }

    private func position(of key: String, print: UInt64, in index: [Int32]) -> Int? {
        index.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                let mask = slots.count - 1
                var slot = Int(truncatingIfNeeded: print) & mask
                while true {
                    let stored = Int(slots[slot])
                    if stored == 0 { return nil }
                    if entries[stored - 1].print == print, entries[stored - 1].key == key { return stored - 1 }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// Records `position` (of a name not in the table) in `index`, which has a free slot.
    private static func insert(_ position: Int, print: UInt64, into index: inout [Int32]) {
        let mask = index.count - 1
        var slot = Int(truncatingIfNeeded: print) & mask
        while index[slot] != 0 { slot = (slot + 1) & mask }
        index[slot] = Int32(position + 1)
    }

    /// The value of `key` given its precomputed fingerprint (a template's names carry theirs).
    func value(_ key: String, print: UInt64) -> TemplateValue? {
        position(of: key, print: print).map { entries[$0].value }
    }

    subscript(key: String) -> TemplateValue? {
        get { value(key, print: Self.fingerprint(key)) }
        set {
            let print = Self.fingerprint(key)
            if let i = position(of: key, print: print) {
                if let newValue {
                    entries[i].value = newValue
                } else {
                    entries.remove(at: i)
                    printBits = entries.reduce(0) { $0 | Self.bit($1.print) }
                    if index != nil { rebuildIndex() }
                }
                return
            }
            guard let newValue else { return }
            // Objects built name by name hold a handful to a few dozen: room for eight at
            // once spares the first three regrowths and their copies, and a full object at
            // least doubles (an array's own growth would, but from its exact literal size).
            if entries.count == entries.capacity { entries.reserveCapacity(Swift.max(8, 2 * entries.count)) }
            entries.append(Entry(print: print, key: key, value: newValue))
            printBits |= Self.bit(print)
            if index != nil, 2 * entries.count <= index!.count {
                Self.insert(entries.count - 1, print: print, into: &index!)
            } else if entries.count > Self.indexedCount {
                rebuildIndex()
            }
        }
    }

    @inline(__always)
    static func bit(_ print: UInt64) -> UInt64 { 1 << (print & 63) }

    /// The object's names and values as the renderer reads them: pointers into its storage,
    /// so that a lookup copies neither the object (retaining its arrays) nor the value found.
    ///
    /// Valid as long as the object's storage lives unchanged: the renderer holds the page's
    /// context, which nothing changes while it renders, and every object and list it reaches
    /// is stored inside it.
    struct Storage {
        let printBits: UInt64
        fileprivate let entries: UnsafePointer<Entry>?
        fileprivate let index: UnsafePointer<Int32>?
        /// The index's size less one.
        fileprivate let mask: Int
        fileprivate let count: Int

        /// What a value that is not an object has: no names.
        static var none: Storage { Storage(printBits: 0, entries: nil, index: nil, mask: 0, count: 0) }

        /// The value of `name`, whose fingerprint is `print`, in place: the same entry
        /// `TemplateObject.value(_:print:)` finds, by the same comparisons.
        @inline(__always)
        func value(_ name: String, print: UInt64) -> UnsafePointer<TemplateValue>? {
            guard printBits & TemplateObject.bit(print) != 0, let entries else { return nil }
            if let index {
                var slot = Int(truncatingIfNeeded: print) & mask
                while true {
                    let stored = Int(index[slot])
                    if stored == 0 { return nil }
                    if entries[stored - 1].print == print, entries[stored - 1].key == name {
                        return (entries + (stored - 1)).pointer(to: \.value)!
                    }
                    slot = (slot + 1) & mask
                }
            }
            var i = 0
            while i < count {
                if entries[i].print == print, entries[i].key == name {
                    return (entries + i).pointer(to: \.value)!
                }
                i += 1
            }
            return nil
        }
    }

    /// Pointers to this object's storage (see `Storage` for how long they hold).
    var storage: Storage {
        let entries = self.entries.withUnsafeBufferPointer { $0.baseAddress }
        let index = self.index?.withUnsafeBufferPointer { $0.baseAddress }
        return Storage(printBits: printBits, entries: entries, index: index,
                       mask: (self.index?.count ?? 1) - 1, count: self.entries.count)
    }

    private mutating func rebuildIndex() {
        guard entries.count > Self.indexedCount else {
            index = nil
            return
        }
        var size = 64
        while size < 4 * entries.count { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        for (i, entry) in entries.enumerated() { Self.insert(i, print: entry.print, into: &slots) }
        index = slots
    }

    func makeIterator() -> some IteratorProtocol<(key: String, value: TemplateValue)> {
        entries.lazy.map { (key: $0.key, value: $0.value) }.makeIterator()
    }

    func mapValues<T>(_ transform: (TemplateValue) throws -> T) rethrows -> [String: T] {
        var result: [String: T] = [:]
        result.reserveCapacity(entries.count)
        for entry in entries { result[entry.key] = try transform(entry.value) }
        return result
    }
}

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

        init(print: UInt64, key: String, value: TemplateValue) {
            self.print = print
            self.key = key
            self.value = value
        }

        init(_ key: String, _ value: TemplateValue) {
            self.init(print: TemplateObject.fingerprint(key), key: key, value: value)
        }
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
        self.init(elements, room: 4)
    }

    /// The pairs of a literal, with room for `room` more names (a page's context starts as a
    /// literal and gains its lists one by one: each regrowth copies every entry made so far).
    ///
    /// Appended here rather than set one by one through the subscript, which looks for a
    /// removal, checks the array's capacity and the index at every name: a literal is made
    /// for every item of every list. A repeated name keeps its first place and its last value,
    /// as setting the names in order does (and `Dictionary(_:uniquingKeysWith: { $1 })` did).
    init(_ elements: [(String, TemplateValue)], room: Int) {
        entries.reserveCapacity(elements.count + room)
        for (key, value) in elements { add(key, value) }
        if entries.count > Self.indexedCount { rebuildIndex() }
    }

    /// An object with room for `minimumCapacity` names before its storage regrows, for an
    /// object whose names are set one by one and whose size is known roughly beforehand.
    init(minimumCapacity: Int) {
        entries.reserveCapacity(minimumCapacity)
    }

    /// Sets `key` to `value` while the object keeps no index (the literal initialisers, which
    /// build the index, if one is due, once at the end): the value of a name already here is
    /// replaced in place, a new name appended.
    private mutating func add(_ key: String, _ value: TemplateValue) {
        let print = Self.fingerprint(key)
        if printBits & Self.bit(print) != 0 {
            for i in entries.indices where entries[i].print == print && entries[i].key == key {
                entries[i].value = value
                return
            }
        }
        entries.append(Entry(print: print, key: key, value: value))
        printBits |= Self.bit(print)
    }

    /// The entries of a few names (too few for an index), made at once when the names differ;
    /// else set in order, a later value replacing an earlier one, as a literal sets them.
    private init(few entries: [Entry]) {
        let repeats = entries.indices.contains { i in
            (0..<i).contains { j in entries[j].print == entries[i].print && entries[j].key == entries[i].key }
        }
        if repeats {
            self.init(entries.map { ($0.key, $0.value) }, room: 0)
        } else {
            self.init(distinct: entries)
        }
    }

    /// Entries of distinct names, too few for an index.
    private init(distinct entries: [Entry]) {
        self.entries = entries
        printBits = entries.reduce(0) { $0 | Self.bit($1.print) }
    }

    /// Two names and their values: the items of a page's lists.
    init(_ a: String, _ x: TemplateValue, _ b: String, _ y: TemplateValue) {
        self.init(few: [Entry(a, x), Entry(b, y)])
    }

    init(_ a: String, _ x: TemplateValue, _ b: String, _ y: TemplateValue, _ c: String, _ z: TemplateValue) {
        self.init(few: [Entry(a, x), Entry(b, y), Entry(c, z)])
    }

    init(_ a: String, _ x: TemplateValue, _ b: String, _ y: TemplateValue, _ c: String, _ z: TemplateValue,
         _ d: String, _ w: TemplateValue) {
        self.init(few: [Entry(a, x), Entry(b, y), Entry(c, z), Entry(d, w)])
    }

    /// A name with its fingerprint worked out once, for the names code sets on many objects
    /// (`append(distinct:_:)`, `init(_:_:_:_:_:_:)` with names): concept pages alone hashed
    /// the same few literals, `before`, `match`, `href` and the like, some 150,000 times a
    /// build of 2,000 notes.
    struct Name: Sendable {
        let text: String
        let print: UInt64

        init(_ text: String) {
            self.text = text
            print = TemplateObject.fingerprint(text)
        }
    }

    /// Adds `key`, which this object does not hold yet, with `value`: the end `self[key] =
    /// value` comes to for a new name, without hashing the name or looking for it first.
    /// Names set this way are distinct by how the caller builds the object.
    ///
    /// The value is taken (`consuming`), so a value made for the call moves into the object:
    /// borrowed, it was copied in (a retain of its storage) and the caller's released after.
    mutating func append(distinct key: Name, _ value: consuming TemplateValue) {
        assert(position(of: key.text, print: key.print) == nil, "'\(key.text)' set twice")
        if entries.count == entries.capacity { entries.reserveCapacity(Swift.max(8, 2 * entries.count)) }
        entries.append(Entry(print: key.print, key: key.text, value: value))
        printBits |= Self.bit(key.print)
        if index != nil, 2 * entries.count <= index!.count {
            Self.insert(entries.count - 1, print: key.print, into: &index!)
        } else if entries.count > Self.indexedCount {
            rebuildIndex()
        }
    }

    /// Two, three or four distinct keys and their values, made at once (`init(distinct:)`).
    init(_ a: Name, _ x: TemplateValue, _ b: Name, _ y: TemplateValue) {
        self.init(keyed: [Entry(print: a.print, key: a.text, value: x), Entry(print: b.print, key: b.text, value: y)])
    }

    init(_ a: Name, _ x: TemplateValue, _ b: Name, _ y: TemplateValue, _ c: Name, _ z: TemplateValue) {
        self.init(keyed: [Entry(print: a.print, key: a.text, value: x), Entry(print: b.print, key: b.text, value: y),
                          Entry(print: c.print, key: c.text, value: z)])
    }

    init(_ a: Name, _ x: TemplateValue, _ b: Name, _ y: TemplateValue, _ c: Name, _ z: TemplateValue,
         _ d: Name, _ w: TemplateValue) {
        self.init(keyed: [Entry(print: a.print, key: a.text, value: x), Entry(print: b.print, key: b.text, value: y),
                          Entry(print: c.print, key: c.text, value: z), Entry(print: d.print, key: d.text, value: w)])
    }

    /// Five: a concept page's mentions. A fifth name set after four made at once moved all
    /// five to new storage, the four's array being made exactly as large as their literal.
    init(_ a: Name, _ x: TemplateValue, _ b: Name, _ y: TemplateValue, _ c: Name, _ z: TemplateValue,
         _ d: Name, _ w: TemplateValue, _ e: Name, _ v: TemplateValue) {
        self.init(keyed: [Entry(print: a.print, key: a.text, value: x), Entry(print: b.print, key: b.text, value: y),
                          Entry(print: c.print, key: c.text, value: z), Entry(print: d.print, key: d.text, value: w),
                          Entry(print: e.print, key: e.text, value: v)])
    }

    /// Entries of keys the caller knows to be distinct (checked in debug builds).
    private init(keyed entries: [Entry]) {
        assert(entries.indices.allSatisfy { i in !(0..<i).contains { entries[$0].key == entries[i].key } },
               "a key given twice")
        self.init(distinct: entries)
    }

    /// The pairs of a dictionary (whose order does not matter: lookups go by name).
    init(_ dictionary: [String: TemplateValue]) {
        entries.reserveCapacity(dictionary.count)
        for (key, value) in dictionary { self[key] = value }
    }

    /// Room for `capacity` names in all before the storage regrows.
    mutating func reserveCapacity(_ capacity: Int) {
        entries.reserveCapacity(capacity)
    }

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    /// A 64-bit hash of the name's UTF-8, read from its storage eight bytes at a time, with
    /// the length, mixed at the end so that every bit, the low six `bit(_:)` and the index use
    /// included, depends on every byte.
    ///
    /// It replaced FNV-1a, a multiplication per byte: names are hashed whenever a key is set
    /// (hundreds of thousands per build) and when a template is parsed. Only equality of
    /// fingerprints matters (equal names, equal fingerprints; a lookup still compares the
    /// names), so the value may change between builds of the program, never within one.
    static func fingerprint(_ key: String) -> UInt64 {
        key.withUTF8Bytes { fingerprint(bytes: $0) }
    }

    /// `fingerprint` of the bytes. Words are read only inside the buffer: a name's last
    /// partial word is the eight bytes that end it (overlapping the word before), a name of
    /// four to eight bytes is its first and last four, one of one to three its first, middle
    /// and last byte. Given the length, each way reads every byte, so names of one length
    /// differing anywhere differ in the words hashed.
    @inline(__always)
    static func fingerprint(bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = bytes.count
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(truncatingIfNeeded: count)
        guard count > 0, let base = bytes.baseAddress else { return mix(hash) }
        let raw = UnsafeRawPointer(base)
        func word(at offset: Int) -> UInt64 {
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        func half(at offset: Int) -> UInt64 {
            UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        }
        if count >= 8 {
            var i = 0
            while i + 8 <= count {
                hash = step(hash, word(at: i))
                i += 8
            }
            if i < count { hash = step(hash, word(at: count - 8)) }
        } else if count >= 4 {
            hash = step(hash, half(at: 0) | half(at: count - 4) << 32)
        } else {
            hash = step(hash, UInt64(base[0]) | UInt64(base[count >> 1]) << 8 | UInt64(base[count - 1]) << 16)
        }
        return mix(hash)
    }

    /// One word into the hash: a multiplication (which carries each bit upwards) and a rotation
    /// (which brings the high bits it filled down for the next word).
    @inline(__always)
    private static func step(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let h = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
        return (h << 31) | (h >> 33)
    }

    /// The finishing mix of `fingerprint`: brings the high bits, which the multiplications
    /// filled, down to the low ones.
    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }

    /// The position of `key`, whose fingerprint is `print`: the search the renderer makes
    /// (`Storage.position`), over this object's arrays.
    private func position(of key: String, print: UInt64) -> Int? {
        guard printBits & Self.bit(print) != 0 else { return nil }
        return withStorage { $0.position(of: key, print: print) }
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
        /// `TemplateObject.value(_:print:)` finds, by the same search.
        @inline(__always)
        func value(_ name: String, print: UInt64) -> UnsafePointer<TemplateValue>? {
            guard let i = position(of: name, print: print) else { return nil }
            return (entries! + i).pointer(to: \.value)!
        }

        /// The position of `name`, whose fingerprint is `print`. Names match byte for byte,
        /// so by fingerprint too: a name whose bit is clear is not here, and only entries with
        /// its fingerprint are compared.
        @inline(__always)
        func position(of name: String, print: UInt64) -> Int? {
            guard printBits & TemplateObject.bit(print) != 0, let entries else { return nil }
            if let index {
                var slot = Int(truncatingIfNeeded: print) & mask
                while true {
                    let stored = Int(index[slot])
                    if stored == 0 { return nil }
                    if entries[stored - 1].print == print, entries[stored - 1].key == name { return stored - 1 }
                    slot = (slot + 1) & mask
                }
            }
            var i = 0
            while i < count {
                if entries[i].print == print, entries[i].key == name { return i }
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

    /// `storage` while `body` runs, with the arrays it points into held for that time.
    private func withStorage<R>(_ body: (Storage) -> R) -> R {
        entries.withUnsafeBufferPointer { entries in
            func run(_ index: UnsafeBufferPointer<Int32>?) -> R {
                body(Storage(printBits: printBits, entries: entries.baseAddress, index: index?.baseAddress,
                             mask: (index?.count ?? 1) - 1, count: entries.count))
            }
            guard let index = self.index else { return run(nil) }
            return index.withUnsafeBufferPointer { run($0) }
        }
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

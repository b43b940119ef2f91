import Foundation

extension String {
    /// The string in Unicode normalization form C, as `precomposedStringWithCanonicalMapping`
    /// gives it, without its cost when the answer is known: on Linux that call goes through
    /// `NSString` and UTF-16 for every string, and names, headings and paths are normalised by
    /// the tens of thousands per build. Text made only of characters that are in NFC whatever
    /// surrounds them (ASCII, Latin-1, Hangul syllables and compatibility jamo, CJK ideographs,
    /// most emoji) is returned as it is; anything else takes the full normalisation.
    public var nfc: String {
        isKnownNFC ? self : precomposedStringWithCanonicalMapping
    }

    /// Whether `nfc` gives the string back as it is: every scalar is stable in NFC (see
    /// `isStableInNFC`). Read from the UTF-8 bytes, eight ASCII bytes at a time; callers that
    /// build a path or a key from such strings know the result needs no normalisation either.
    public var isKnownNFC: Bool {
        withUTF8Bytes { bytes in
            var i = Self.asciiPrefixLength(UnsafeRawBufferPointer(bytes))
            while i < bytes.count {
                let value = Self.scalar(at: i, in: bytes)
                guard Self.isStableInNFC(value) else { return false }
                i += value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4
            }
            return true
        }
    }

    /// Characters whose NFC quick check is Yes and whose combining class is 0: no neighbour can
    /// compose with them or reorder them. Conservative: a character left out only costs the
    /// slow path.
    static func isStableInNFC(_ v: UInt32) -> Bool {
        switch v {
        case 0x00...0x7F, 0xA0...0xFF: true                 // ASCII, Latin-1 (all precomposed)
        case 0xAC00...0xD7A3: true                          // Hangul syllables (but not trailing jamo after them)
        case 0x3131...0x318E: true                          // Hangul compatibility jamo
        case 0x4E00...0x9FFF, 0x3400...0x4DBF: true         // CJK unified ideographs
        case 0x2010...0x2027, 0x2030...0x205E: true         // general punctuation (dashes, quotes, …)
        case 0x2190...0x21FF, 0x2200...0x22FF: true         // arrows, mathematical operators
        case 0x1F300...0x1FAFF: true                        // emoji
        default: false
        }
    }
}

extension StringProtocol {
    /// What `trimmingCharacters(in: .whitespaces)` gives (tab, the space separators and, with
    /// Foundation on Linux, format characters such as U+200B), without going through
    /// Foundation when neither end can be trimmed, which is nearly always.
    public func trimmingHorizontalSpace() -> String {
        if let whole = wholeWhenNoEndTrims(newlines: false) { return whole }
        return trimmingCharacters(in: .whitespaces)
    }

    /// What `trimmingCharacters(in: .whitespacesAndNewlines)` gives, the same way: names and
    /// front matter values are trimmed by the tens of thousands per build.
    public func trimmingWhitespaceAndNewlines() -> String {
        if let whole = wholeWhenNoEndTrims(newlines: true) { return whole }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The text as it is when neither its first nor its last scalar may be trimmed; nil when
    /// Foundation must decide. The ends are read straight from the UTF-8 bytes: the generic
    /// `unicodeScalars.first` and `.last`, and building the `CharacterSet` before knowing
    /// whether it was needed, cost two thousand instructions a call, for a call made by the
    /// tens of thousands (every wikilink's name is trimmed to be looked up).
    private func wholeWhenNoEndTrims(newlines: Bool) -> String? {
        let trims: Bool? = utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = String.firstScalar(of: bytes), let last = String.lastScalar(of: bytes) else {
                // Empty, or (never for a native string) not starting or ending on a whole scalar.
                return true
            }
            return String.mayTrim(first, newlines: newlines) || String.mayTrim(last, newlines: newlines)
        }
        if let trims { return trims ? (isEmpty ? "" : nil) : String(self) }
        // Text not stored as contiguous UTF-8 (bridged): the scalars, the slow way.
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return "" }
        return String.mayTrim(first.value, newlines: newlines) || String.mayTrim(last.value, newlines: newlines) ? nil : String(self)
    }
}

extension String {
    /// `StringProtocol.trimmingHorizontalSpace()` for a string, read where it is stored: the
    /// generic one reached the bytes through unspecialised generic code, several hundred
    /// instructions for each heading, whose ends are nearly always letters.
    public func trimmingHorizontalSpace() -> String {
        if !mayTrimEnds(newlines: false) { return self }
        return isEmpty ? "" : trimmingCharacters(in: .whitespaces)
    }

    /// `StringProtocol.trimmingWhitespaceAndNewlines()` for a string, the same way.
    public func trimmingWhitespaceAndNewlines() -> String {
        if !mayTrimEnds(newlines: true) { return self }
        return isEmpty ? "" : trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether Foundation must decide what to trim: the first or last scalar may be trimmed,
    /// or there is none (`wholeWhenNoEndTrims`).
    private func mayTrimEnds(newlines: Bool) -> Bool {
        withUTF8Bytes { bytes in
            guard let first = String.firstScalar(of: bytes), let last = String.lastScalar(of: bytes) else { return true }
            return String.mayTrim(first, newlines: newlines) || String.mayTrim(last, newlines: newlines)
        }
    }

    /// A superset of what Foundation trims: an end that is a letter, mark, number, punctuation
    /// or symbol is never trimmed; for any other, Foundation decides, exactly.
    ///
    /// ASCII is answered here, and so are Hangul syllables and CJK ideographs (letters, which
    /// Korean names and tags end in); any other scalar asks its general category in a function
    /// of its own. That query goes through the standard library's resilient types, whose
    /// metadata and stack space the compiler set up on entry to every caller it was inlined
    /// into, ASCII or not: some seventy instructions a call, where the ASCII test takes five.
    @inline(__always)
    static func mayTrim(_ value: UInt32, newlines: Bool) -> Bool {
        if value < 0x80 { return value == 0x20 || value == 0x09 || (newlines && (value < 0x20 || value == 0x7F)) }
        if UTF8Text.isHangulOrHan(value) { return false }
        return mayTrimByCategory(value)
    }

    /// `mayTrim` for a scalar that is neither ASCII nor Hangul or Han.
    @inline(never)
    private static func mayTrimByCategory(_ value: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(value) else { return true }
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator, .control, .format, .privateUse, .surrogate, .unassigned:
            return true
        default:
            return false
        }
    }

    /// The scalar the UTF-8 `bytes` start with; nil when empty or when they start inside one.
    static func firstScalar(of bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard let lead = bytes.first, lead & 0xC0 != 0x80 else { return nil }
        return scalar(at: 0, in: bytes)
    }

    /// The scalar the UTF-8 `bytes` end with; nil when empty or when they end inside one.
    static func lastScalar(of bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var start = bytes.count - 1
        while start >= 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        guard start >= 0, start + utf8Width(lead: bytes[start]) == bytes.count else { return nil }
        return scalar(at: start, in: bytes)
    }

    /// How many bytes the scalar led by `lead` takes.
    private static func utf8Width(lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// The scalar whose (valid) UTF-8 starts at `i`.
    static func scalar(at i: Int, in bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let lead = UInt32(bytes[i])
        if lead < 0x80 { return lead }
        let width = utf8Width(lead: UInt8(lead))
        guard i + width <= bytes.count else { return 0xFFFD }
        var value = lead & (0x7F >> UInt32(width))
        for k in 1..<width { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        return value
    }
}

extension String {
    /// A string of these scalars, encoded straight into UTF-8. The usual spelling,
    /// `String(String.UnicodeScalarView(slice))`, appends scalar by scalar through unspecialised
    /// generic code, which was a quarter of the autolinker's time.
    @inlinable
    public init<Scalars: Collection>(scalars: Scalars) where Scalars.Element == Unicode.Scalar {
        var count = 0
        for scalar in scalars { count += UTF8.width(scalar) }
        self.init(unsafeUninitializedCapacity: count) { buffer in
            var i = 0
            for scalar in scalars {
                let v = scalar.value
                if v < 0x80 {
                    buffer[i] = UInt8(v)
                    i += 1
                } else if v < 0x800 {
                    buffer[i] = UInt8(0xC0 | (v >> 6))
                    buffer[i + 1] = UInt8(0x80 | (v & 0x3F))
                    i += 2
                } else if v < 0x10000 {
                    buffer[i] = UInt8(0xE0 | (v >> 12))
                    buffer[i + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                    buffer[i + 2] = UInt8(0x80 | (v & 0x3F))
                    i += 3
                } else {
                    buffer[i] = UInt8(0xF0 | (v >> 18))
                    buffer[i + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                    buffer[i + 2] = UInt8(0x80 | ((v >> 6) & 0x3F))
                    buffer[i + 3] = UInt8(0x80 | (v & 0x3F))
                    i += 4
                }
            }
            return i
        }
    }
}

extension String {
    /// Whether `a`'s UTF-8 bytes come before `b`'s (`a.utf8.lexicographicallyPrecedes(b.utf8)`),
    /// compared where the bytes are stored with `memcmp`, which reads them many at a time: the
    /// order of names that must not depend on Unicode equivalence (Swift's `<` would tie an NFC
    /// and an NFD spelling), for file names in a folder and for concept keys, sorted by the
    /// thousand on one core.
    public static func bytesPrecede(_ a: String, _ b: String) -> Bool {
        a.withUTF8Bytes { x in
            b.withUTF8Bytes { y in
                let common = Swift.min(x.count, y.count)
                if common > 0 {
                    // memcmp compares bytes as unsigned values, as `UInt8`'s `<` does.
                    let order = memcmp(x.baseAddress!, y.baseAddress!, common)
                    if order != 0 { return order < 0 }
                }
                return x.count < y.count
            }
        }
    }

    /// `bytesPrecede(a, b)` for strings whose `SortPrefix`es are `pa` and `pb`: the prefixes
    /// answer unless they are equal.
    public static func bytesPrecede(_ a: String, _ pa: SortPrefix, _ b: String, _ pb: SortPrefix) -> Bool {
        if pa != pb { return pa < pb }
        return bytesPrecede(a, b)
    }

    /// A string's first sixteen UTF-8 bytes as two big-endian words, zero after its end: a sort
    /// by bytes of many strings (concept keys, a folder's file names) compares these, and the
    /// strings themselves (`bytesPrecede`) only when they are equal, where each comparison of
    /// two strings went through both strings' storage. A smaller prefix means a string that
    /// comes first: at the first byte where two prefixes differ, either both strings have that
    /// byte, the smaller first, or the one with the zero has ended there and is a prefix of the
    /// other. Equal prefixes decide nothing.
    public struct SortPrefix: Comparable, Sendable {
        public let high: UInt64
        public let low: UInt64

        public init(_ text: String) {
            (high, low) = text.withUTF8Bytes { bytes in
                var words: (UInt64, UInt64) = (0, 0)
                for i in 0..<Swift.min(bytes.count, 16) {
                    let shifted = UInt64(bytes[i]) << UInt64(56 - 8 * (i % 8))
                    if i < 8 { words.0 |= shifted } else { words.1 |= shifted }
                }
                return words
            }
        }

        public static func < (a: SortPrefix, b: SortPrefix) -> Bool {
            (a.high, a.low) < (b.high, b.low)
        }
    }

    /// Whether `a` and `b` have the same UTF-8 bytes (`a.utf8.elementsEqual(b.utf8)`): equal as
    /// stored, which Swift's `==` is not (it takes an NFD text for its NFC twin). Lengths
    /// first, then `memcmp` where the bytes are; the generic comparison of two UTF-8 views
    /// walked them an index at a time.
    public static func sameBytes(_ a: String, _ b: String) -> Bool {
        a.withUTF8Bytes { x in
            b.withUTF8Bytes { y in
                x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
    }
}

extension StringProtocol {
    /// `removingPercentEncoding`, without Foundation when there is no `%` to decode (nearly
    /// every link): nil for a malformed escape, as there.
    public var percentDecoded: String? {
        let hasEscape = utf8.withContiguousStorageIfAvailable { $0.contains(0x25) } ?? utf8.contains(0x25)
        guard hasEscape else { return String(self) }
        return removingPercentEncoding
    }
}

extension String {
    /// `body` over the string's UTF-8 bytes, read where they are stored (a native string), or
    /// from a contiguous copy for the rare string that is not stored as UTF-8 (bridged from
    /// NSString). The byte scans of notegraph's hot paths all read strings through this, rather
    /// than `for b in utf8`, which pays an index check for every byte.
    ///
    /// Inlinable: the other modules call it with their own closures, and the unspecialised
    /// generic entry point looked up the metadata of its types on every call (4 % of a build).
    @inlinable @inline(__always)
    public func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }

    /// Whether every byte is ASCII, read from the string's contiguous storage eight bytes at a
    /// time: the first question of every normalisation and comparison shortcut, asked of
    /// hundreds of thousands of names and paths per build.
    public var isASCIIOnly: Bool {
        withUTF8Bytes { Self.allASCII(UnsafeRawBufferPointer($0)) }
    }

    /// For an all-ASCII string, the string made of `transform` of each of its bytes (a byte
    /// mapped to nil is left out); nil for any other string, which the caller folds character
    /// by character. `transform` must map ASCII to ASCII.
    ///
    /// Inlinable, so each caller's `transform` (heading slugs, concept keys: tens of thousands
    /// of calls) is inlined into the loop rather than called through a closure for every byte.
    /// The bytes are mapped into a stack buffer and become a string without validation
    /// (`UTF8Text.string(ofValid:isASCII:)`): `String(unsafeUninitializedCapacity:)` checked
    /// again the UTF-8 it was handed, the larger part of a key's cost.
    @inlinable
    public func mappingASCII(_ transform: (UInt8) -> UInt8?) -> String? {
        withUTF8Bytes { bytes -> String? in
            guard Self.allASCII(UnsafeRawBufferPointer(bytes)) else { return nil }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { out -> String in
                var n = 0
                for b in bytes {
                    if let mapped = transform(b) {
                        precondition(mapped < 0x80, "mappingASCII: a byte mapped outside ASCII")
                        out[n] = mapped
                        n += 1
                    }
                }
                return UTF8Text.string(ofValid: UnsafeBufferPointer(rebasing: out[..<n]), isASCII: true)
            }
        }
    }

    /// Whether every byte is ASCII, eight at a time: also the flag a string made from bytes
    /// walked by hand is given (`UTF8Text.string(ofValid:isASCII:)`).
    public static func allASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        asciiPrefixLength(bytes) == bytes.count
    }

    /// How many bytes at the start are ASCII, read eight at a time.
    @usableFromInline
    static func asciiPrefixLength(_ bytes: UnsafeRawBufferPointer) -> Int {
        var i = 0
        while i + 8 <= bytes.count {
            if bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < bytes.count, bytes[i] < 0x80 { i += 1 }
        return i
    }

    /// Whether the UTF-8 bytes hold those of `needle`. For an ASCII needle none of whose
    /// characters is another character's canonical decomposition (punctuation, `://`, `id=`),
    /// this is a necessary condition of Foundation's `contains`, which compares with canonical
    /// equivalence at a cost of microseconds: callers ask this first and Foundation only on yes.
    ///
    /// The search finds the needle's last punctuation byte (its last byte when it has none) with
    /// `memchr`, many bytes at a time, and compares the rest around each hit: whole notes are
    /// asked, and a loop over their bytes one by one cost five instructions a byte.
    public func containsUTF8(_ needle: StaticString) -> Bool {
        needle.withUTF8Buffer { needle -> Bool in
            guard needle.count > 0 else { return true }
            var anchor = needle.count - 1
            while anchor > 0, Self.isASCIIAlphanumeric(needle[anchor]) { anchor -= 1 }
            if Self.isASCIIAlphanumeric(needle[anchor]) { anchor = needle.count - 1 }
            return withUTF8Bytes { hay -> Bool in
                guard hay.count >= needle.count else { return false }
                // A hit at `i` is a match starting at `i - anchor`.
                var from = anchor
                let last = hay.count - needle.count + anchor
                while let i = hay.firstOffset(of: needle[anchor], from: from, before: last + 1) {
                    let start = i - anchor
                    var k = 0
                    while k < needle.count, hay[start + k] == needle[k] { k += 1 }
                    if k == needle.count { return true }
                    from = i + 1
                }
                return false
            }
        }
    }

    private static func isASCIIAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }
}

import Foundation

extension String {
    /// The string in Unicode normalization form C, as `precomposedStringWithCanonicalMapping`
    /// gives it, without its cost when the answer is known: on Linux that call goes through
    /// `NSString` and UTF-16 for every string, and names, headings and paths are normalised by
    /// the tens of thousands per build. Text made only of characters that are in NFC whatever
    /// surrounds them (ASCII, Latin-1, Hangul syllables and compatibility jamo, CJK ideographs,
    /// most emoji) is returned as it is; anything else takes the full normalisation.
    public var nfc: String {
        if utf8.allSatisfy({ $0 < 0x80 }) { return self }
        for scalar in unicodeScalars where !Self.isStableInNFC(scalar.value) {
            return precomposedStringWithCanonicalMapping
        }
        return self
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
    /// The string without leading and trailing horizontal white space (tab and the Unicode
    /// space separators: what `trimmingCharacters(in: .whitespaces)` removes), without going
    /// through Foundation when there is nothing to trim.
    public func trimmingHorizontalSpace() -> String {
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s.properties.generalCategory == .spaceSeparator }
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return "" }
        if !isSpace(first) && !isSpace(last) { return String(self) }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }
}

import Diagnostics
import Foundation

/// How concept names are compared, matched and turned into URLs.
///
/// Two spellings name one concept when their keys are equal: NFC, case-folded, with spaces and
/// hyphens dropped, so "Auto Encoder", "Autoencoder" and "auto-encoder" are one name. The same
/// folding runs over note text when mentions are matched (`fold(_:into:)`), so a key and the text
/// it is found in can never disagree.
public enum ConceptName {
    /// The identity key of a name.
    public static func key(_ name: String) -> String {
        // Most names (abbreviations, English terms) are ASCII: folded byte by byte.
        if let ascii = name.mappingASCII(foldASCII) { return ascii }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count)
        let nfc = needsNormalization(name) ? name.nfc : name
        for scalar in nfc.unicodeScalars {
            fold(scalar, into: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `key(a) == key(b)`, without building the keys when both names are ASCII: each key is
    /// then its name's bytes mapped by `foldASCII`, and ASCII strings are equal when their bytes
    /// are, so the folded bytes are compared as they are read. Other names compare their keys.
    static func sameKey(_ a: String, _ b: String) -> Bool {
        guard a.isASCIIOnly, b.isASCIIOnly else { return key(a) == key(b) }
        return a.withUTF8Bytes { x in
            b.withUTF8Bytes { y in
                var i = 0, j = 0
                while true {
                    var fx: UInt8?
                    while i < x.count, fx == nil { fx = foldASCII(x[i]); i += 1 }
                    var fy: UInt8?
                    while j < y.count, fy == nil { fy = foldASCII(y[j]); j += 1 }
                    if fx != fy { return false }
                    if fx == nil { return true }
                }
            }
        }
    }

    /// An ASCII character as a key has it: a capital lowercased, a space or hyphen (nil) left
    /// out, anything else as it is. Keys of ASCII names, and the ASCII of note text when
    /// mentions are matched, are folded by this one rule.
    @inline(__always)
    static func foldASCII(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x41...0x5A: b + 0x20
        case 0x20, 0x2D, 0x09, 0x0A, 0x0D: nil
        default: b
        }
    }

    /// Appends the folded UTF-8 of `scalar` to `bytes`: nothing for a separator, the lowercase
    /// form of a letter, the scalar itself otherwise. ASCII and Hangul take the fast paths.
    @inline(__always)
    static func fold(_ scalar: Unicode.Scalar, into bytes: inout [UInt8]) {
        let v = scalar.value
        if v < 0x80 {
            if let folded = foldASCII(UInt8(v)) { bytes.append(folded) }
            return
        }
        if v >= 0xAC00 && v <= 0xD7A3 {
            bytes.append(UInt8(0xE0 | (v >> 12)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
            return
        }
        if isSeparator(scalar) { return }
        if scalar.properties.changesWhenLowercased {
            for s in scalar.properties.lowercaseMapping.unicodeScalars { bytes.append(contentsOf: s.utf8) }
        } else {
            bytes.append(contentsOf: scalar.utf8)
        }
    }

    /// Whether `text` may not be NFC: it holds combining marks or conjoining Hangul jamo (as
    /// macOS writes decomposed Korean). A byte scan, so NFC text pays no normalisation.
    static func needsNormalization(_ text: String) -> Bool {
        func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            // Most names are ASCII: read eight bytes at a time, none of them is one of those below.
            if String.allASCII(UnsafeRawBufferPointer(bytes)) { return false }
            var previous: UInt8 = 0
            for b in bytes {
                if b == 0xCC || b == 0xCD { return true }                       // U+0300–U+036F
                if previous == 0xE1 && b >= 0x84 && b <= 0x87 { return true }    // U+1100–U+11FF
                previous = b
            }
            return false
        }
        return text.withUTF8Bytes(scan)
    }

    /// Spaces and hyphens, which names ignore: ASCII and no-break spaces, the hyphen family and
    /// the en dash ("Kullback–Leibler"), the soft hyphen, the ideographic space.
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        // Letters and digits, most of what is asked about (the written form of an all-caps
        // name is compared scalar by scalar, skipping separators), lie between the hyphen and
        // the no-break space: answered by two comparisons, not the switch's eight.
        if scalar.value > 0x2D && scalar.value < 0xA0 { return false }
        return switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x2D, 0xA0, 0xAD, 0x2010...0x2013, 0x202F, 0x3000: true
        default: false
        }
    }

    /// White space, with an ASCII fast path. No scalar above U+3000 (the ideographic space) is
    /// white space, so Hangul, kana and ideographs are answered without a property lookup.
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        if v > 0x3000 { return false }
        return scalar.properties.isWhitespace
    }

    static func isHangul(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v >= 0xAC00 && v <= 0xD7A3) || (v >= 0x1100 && v <= 0x11FF) || (v >= 0x3130 && v <= 0x318F)
    }

    static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
    }

    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
    }

    /// A letter or digit of a script that separates words with spaces (Latin, Greek, Cyrillic…).
    ///
    /// ASCII is answered in line; the rest out of line (`isWordScalarBeyondASCII`): the Unicode
    /// properties ask for type metadata on entry to any function they are inlined into, a
    /// hundred instructions for each call of the matcher's check of a mention's boundaries.
    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return isASCIIAlphanumeric(scalar) || scalar == "_" }
        return isWordScalarBeyondASCII(scalar)
    }

    /// `isWordScalar` of a scalar past ASCII.
    @inline(never)
    static func isWordScalarBeyondASCII(_ scalar: Unicode.Scalar) -> Bool {
        if isHangul(scalar) { return false }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// An all-caps name ("GAP", "AE", "T16058", "KL 발산") matches text case-sensitively: GAP
    /// the pooling is not the word "gap".
    static func isAllCaps(_ name: String) -> Bool {
        var upper = 0
        for s in name.unicodeScalars {
            if s.properties.isLowercase { return false }
            if s.properties.isUppercase { upper += 1 }
        }
        return upper > 0
    }

    /// A word written as an acronym: ASCII, 2 to 10 characters, starting with a capital, with at
    /// least as many capitals as small letters and two capitals or a capital and a digit
    /// ("VAE", "ReLU", "T16058", "L2").
    static func isAcronym<S: StringProtocol>(_ word: S) -> Bool {
        if let answer = word.utf8.withContiguousStorageIfAvailable(isAcronym(bytes:)) { return answer }
        return isAcronymByScalar(word)
    }

    /// `isAcronym` over the UTF-8 bytes: an acronym is ASCII, where a byte is a scalar, and the
    /// walk by scalars says no at the first scalar that is not ASCII, whose lead byte (0x80 or
    /// more) says no here at the same place. Past ten bytes the answer is no as well.
    static func isAcronym(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, first >= 0x41, first <= 0x5A, bytes.count <= 10 else { return false }
        var upper = 0, lower = 0, digits = 0
        for b in bytes {
            switch b {
            case 0x41...0x5A: upper += 1
            case 0x61...0x7A: lower += 1
            case 0x30...0x39: digits += 1
            case 0x2D: continue
            default: return false
            }
        }
        guard bytes.count >= 2, upper >= lower else { return false }
        return upper >= 2 || digits > 0
    }

    /// `isAcronym` by scalars: right for any text.
    static func isAcronymByScalar<S: StringProtocol>(_ word: S) -> Bool {
        let scalars = word.unicodeScalars
        guard let first = scalars.first, first.value >= 0x41, first.value <= 0x5A else { return false }
        var upper = 0, lower = 0, digits = 0, count = 0
        for s in scalars {
            count += 1
            switch s.value {
            case 0x41...0x5A: upper += 1
            case 0x61...0x7A: lower += 1
            case 0x30...0x39: digits += 1
            case 0x2D: continue
            default: return false
            }
        }
        guard count >= 2, count <= 10, upper >= lower else { return false }
        return upper >= 2 || digits > 0
    }

    /// Whether `a`'s UTF-8 bytes come before `b`'s (`String.bytesPrecede`): the merge sorts
    /// thousands of keys and names this way, and concept keys share long beginnings
    /// ("topicnumber…").
    static func bytesPrecede(_ a: String, _ b: String) -> Bool {
        String.bytesPrecede(a, b)
    }

    /// The URL segment of a concept page: lowercased, runs of spaces as one `-`, characters that
    /// are unsafe in a path or file name dropped; letters of every script kept.
    static func slug(_ name: String) -> String {
        if let ascii = asciiSlug(name) { return ascii }
        return slugByScalar(name)
    }

    /// `slug` of an ASCII name, by bytes: NFC leaves ASCII as it is, lowercasing maps `A`–`Z`
    /// alone, and among ASCII scalars the white space is tab to carriage return and the space,
    /// the alphabetic ones are the letters and the numeric ones the digits, so each byte is
    /// judged as `slugByScalar` judges its scalar. Nil for any other name.
    static func asciiSlug(_ name: String) -> String? {
        guard name.isASCIIOnly else { return nil }
        return name.withUTF8Bytes { bytes -> String? in
            // A dash is only written before a kept byte, so the slug is never longer than the name.
            let slug = String(unsafeUninitializedCapacity: bytes.count) { out in
                var n = 0
                var pendingDash = false
                for b in bytes {
                    switch b {
                    case 0x09...0x0D, 0x20, 0x2D, 0x5F:        // white space, `-`, `_`
                        pendingDash = n > 0
                        continue
                    case 0x30...0x39, 0x61...0x7A, 0x2B:       // digits, small letters, `+`
                        break
                    case 0x41...0x5A:                          // capitals, lowercased
                        break
                    case 0x2E:                                 // `.`, but not first: no hidden folders
                        if n == 0 { continue }
                    default:
                        continue
                    }
                    if pendingDash {
                        out[n] = 0x2D
                        n += 1
                    }
                    pendingDash = false
                    out[n] = b >= 0x41 && b <= 0x5A ? b + 0x20 : b
                    n += 1
                }
                return n
            }
            return slug.isEmpty ? "concept" : slug
        }
    }

    /// `slug` by scalars: right for any name.
    static func slugByScalar(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingDash = false
        for scalar in name.nfc.lowercased().unicodeScalars {
            if scalar.properties.isWhitespace || scalar == "-" || scalar == "_" {
                pendingDash = !out.isEmpty
                continue
            }
            let keep = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || "+.".unicodeScalars.contains(scalar)
            guard keep else { continue }
            if scalar == ".", out.isEmpty { continue }  // no hidden folders
            if pendingDash { out.append("-") }
            pendingDash = false
            out.append(scalar)
        }
        let slug = String(out)
        return slug.isEmpty ? "concept" : slug
    }
}

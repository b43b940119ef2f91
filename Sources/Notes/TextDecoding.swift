public import Diagnostics
import Foundation

/// Turns a file's raw bytes into the text every later phase sees: UTF-8 without a byte order mark,
/// with `\n` as the only line break. Doing this once, up front, is what lets the front matter
/// parser and the Markdown parser count lines the same way an editor does.
public enum TextDecoding {
    /// Decodes `bytes` as UTF-8, dropping a leading BOM and turning `\r\n` and lone `\r` into `\n`.
    ///
    /// - Parameters:
    ///   - bytes: The file's contents.
    ///   - file: The path reported in diagnostics (relative to the content folder).
    /// - Returns: The text, or an `invalid-utf8` error pointing at the first byte of the first
    ///   ill-formed sequence (line and column as an editor shows them, so the author can find it).
    public static func decode(_ bytes: [UInt8], file: String) -> Result<String, Diagnostic> {
        bytes.withUnsafeBufferPointer { all in
            let hasBOM = all.count >= 3 && all[0] == 0xEF && all[1] == 0xBB && all[2] == 0xBF
            let text = UnsafeBufferPointer(rebasing: all[(hasBOM ? 3 : 0)...])
            // The only pass that checks the bytes: it also learns where a bad byte is and whether
            // all are ASCII, which is what the string creation below would otherwise check again.
            let check = validate(text)
            if let bad = check.firstInvalidOffset {
                let (line, column) = position(of: bad, in: text)
                let hex = String(text[bad], radix: 16, uppercase: true)
                return .failure(.error(
                    "invalid-utf8",
                    "file is not valid UTF-8 (byte 0x\(hex.count == 1 ? "0" + hex : hex) cannot start or continue a character here)",
                    at: SourceLocation(file: file, line: line, column: column),
                    hint: "re-save the file as UTF-8"
                ))
            }
            // Most files have no carriage return at all; they skip the copy.
            guard hasCarriageReturn(text) else { return .success(string(ofValid: text, isASCII: check.isASCII)) }
            // Turning `\r\n` and `\r` into `\n` only drops and replaces ASCII bytes, so the result
            // is as well-formed (and as ASCII) as the bytes just checked.
            var normalized: [UInt8] = []
            normalized.reserveCapacity(text.count)
            var i = 0
            while i < text.count {
                let byte = text[i]
                if byte == 0x0D {
                    normalized.append(0x0A)
                    if i + 1 < text.count, text[i + 1] == 0x0A { i += 1 }
                } else {
                    normalized.append(byte)
                }
                i += 1
            }
            return .success(normalized.withUnsafeBufferPointer { string(ofValid: $0, isASCII: check.isASCII) })
        }
    }

    static func hasCarriageReturn(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.firstOffset(of: 0x0D) != nil
    }

    /// A string of `bytes`, which `validate` has found well-formed (`isASCII` as it found it),
    /// copied without the standard library's validation: every public way from bytes to a
    /// `String` validates them again, which was the whole cost of decoding a note. Where
    /// `UTF8Span` is not available, the bytes are checked a second time.
    private static func string(ofValid bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> String {
        if #available(macOS 26, iOS 26, watchOS 26, tvOS 26, visionOS 26, *) {
            return String(copying: unsafe UTF8Span(unchecked: Span(_unsafeElements: bytes), isKnownASCII: isASCII))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// What `validate` found: the offset of the first byte of the first ill-formed sequence (nil
    /// when there is none), and whether every byte is ASCII (meaningful only when well-formed).
    struct Validation: Equatable {
        var firstInvalidOffset: Int?
        var isASCII: Bool
    }

    /// Checks that `bytes` are well-formed UTF-8, by the ranges of the Unicode Standard, table 3-7
    /// (well-formed UTF-8 byte sequences), which exclude overlong forms, surrogates and values
    /// above U+10FFFF. Our own loop rather than `String(validating:)` because we need the place
    /// of a bad byte, and because it is about twice as fast on notes: runs of ASCII go eight
    /// bytes at a time, and the three-byte sequences of Hangul are checked in one branch.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>) -> Validation {
        guard let base = bytes.baseAddress else { return Validation(firstInvalidOffset: nil, isASCII: true) }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var isASCII = true
        var i = 0
        while i < count {
            let lead = base[i]
            if lead < 0x80 {
                i &+= 1
                while i &+ 8 <= count, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i &+= 8
                }
                continue
            }
            isASCII = false
            // The lead byte fixes the length and the range of the second byte; every later byte
            // is a continuation byte (10xxxxxx).
            if lead & 0xF0 == 0xE0 {
                guard i &+ 3 <= count, isContinuation(base[i &+ 2]) else { return invalid(at: i) }
                let second = base[i &+ 1]
                switch lead {
                case 0xE0: guard second >= 0xA0, second <= 0xBF else { return invalid(at: i) }
                case 0xED: guard second >= 0x80, second <= 0x9F else { return invalid(at: i) }
                default: guard isContinuation(second) else { return invalid(at: i) }
                }
                i &+= 3
            } else if lead >= 0xC2, lead <= 0xDF {
                guard i &+ 2 <= count, isContinuation(base[i &+ 1]) else { return invalid(at: i) }
                i &+= 2
            } else if lead >= 0xF0, lead <= 0xF4 {
                guard i &+ 4 <= count, isContinuation(base[i &+ 2]), isContinuation(base[i &+ 3]) else { return invalid(at: i) }
                let second = base[i &+ 1]
                switch lead {
                case 0xF0: guard second >= 0x90, second <= 0xBF else { return invalid(at: i) }
                case 0xF4: guard second >= 0x80, second <= 0x8F else { return invalid(at: i) }
                default: guard isContinuation(second) else { return invalid(at: i) }
                }
                i &+= 4
            } else {
                // 0x80...0xC1 (a continuation byte, or the lead of an overlong two-byte form)
                // and 0xF5...0xFF never start a character.
                return invalid(at: i)
            }
        }
        return Validation(firstInvalidOffset: nil, isASCII: isASCII)
    }

    private static func invalid(at offset: Int) -> Validation {
        Validation(firstInvalidOffset: offset, isASCII: false)
    }

    private static func isContinuation(_ byte: UInt8) -> Bool {
        byte & 0xC0 == 0x80
    }

    /// Line and column (1-based, columns in Unicode scalars) of `offset`, counting `\r\n`, `\r`
    /// and `\n` as line breaks as the editor that wrote the file would.
    static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var i = 0
        while i < offset {
            let byte = bytes[i]
            if byte == 0x0A || (byte == 0x0D && !(i + 1 < offset && bytes[i + 1] == 0x0A)) {
                line += 1
                column = 1
            } else if byte == 0x0D {
                // The `\r` of a `\r\n`: the `\n` that follows ends the line.
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return (line, column)
    }
}

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
            // The common case in one pass of the standard library's (vectorised) validation:
            // well-formed, no carriage return. Everything else takes the byte loop below, which
            // also knows where a bad byte is.
            if #available(macOS 15, *), !hasCarriageReturn(text), let valid = String(validating: text, as: UTF8.self) {
                return .success(valid)
            }
            if let bad = firstInvalidOffset(in: text) {
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
            guard hasCarriageReturn(text) else { return .success(String(decoding: text, as: UTF8.self)) }
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
            return .success(String(decoding: normalized, as: UTF8.self))
        }
    }

    static func hasCarriageReturn(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.firstOffset(of: 0x0D) != nil
    }

    /// The offset of the first byte of the first ill-formed UTF-8 sequence, or nil when the whole
    /// buffer is well-formed. A byte loop rather than `String(validating:)` because we need the
    /// place, and it is available on every platform the package supports.
    static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        var i = 0
        while i < count {
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            // Ranges from the Unicode Standard, table 3-7 (well-formed UTF-8 byte sequences): they
            // exclude overlong forms, surrogates and values above U+10FFFF.
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + length <= count else { return i }
            let second = bytes[i + 1]
            guard second >= low, second <= high else { return i }
            var k = 2
            while k < length {
                guard bytes[i + k] & 0xC0 == 0x80 else { return i }
                k += 1
            }
            i += length
        }
        return nil
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

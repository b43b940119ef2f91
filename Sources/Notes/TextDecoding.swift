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
        decode(bytes, file: file) { text, isASCII in string(ofValid: text, isASCII: isASCII) }
    }

    /// `decode`, handing `body` the decoded text's UTF-8 (well-formed, and all ASCII when
    /// `isASCII`) instead of a string of it, for a caller that cuts the text into pieces and
    /// needs no string of the whole (`Note.load`).
    static func decode<T>(_ bytes: [UInt8], file: String,
                          _ body: (_ text: UnsafeBufferPointer<UInt8>, _ isASCII: Bool) -> T) -> Result<T, Diagnostic> {
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
            guard hasCarriageReturn(text) else { return .success(body(text, check.isASCII)) }
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
            return .success(normalized.withUnsafeBufferPointer { body($0, check.isASCII) })
        }
    }

    static func hasCarriageReturn(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.firstOffset(of: 0x0D) != nil
    }

    /// A string of `bytes`, which `validate` has found well-formed: see `UTF8Text`.
    private static func string(ofValid bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> String {
        UTF8Text.string(ofValid: bytes, isASCII: isASCII)
    }

    typealias Validation = UTF8Text.Validation

    /// See `UTF8Text.validate`.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>) -> Validation {
        UTF8Text.validate(bytes)
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

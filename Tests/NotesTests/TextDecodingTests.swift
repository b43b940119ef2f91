import Foundation
import Testing
import TestSupport
import Diagnostics
@testable import Notes

@Suite("TextDecoding")
struct TextDecodingTests {
    private func decoded(_ bytes: [UInt8]) -> String? {
        try? TextDecoding.decode(bytes, file: "a.md").get()
    }

    private func failure(_ bytes: [UInt8]) -> Diagnostic? {
        if case .failure(let diagnostic) = TextDecoding.decode(bytes, file: "dir/a.md") { return diagnostic }
        return nil
    }

    @Test func plainUTF8IsUnchanged() {
        #expect(decoded(Array("제목\n본문 text\n".utf8)) == "제목\n본문 text\n")
        #expect(decoded([]) == "")
    }

    @Test func stripsByteOrderMark() {
        #expect(decoded([0xEF, 0xBB, 0xBF] + Array("---\n".utf8)) == "---\n")
        #expect(decoded([0xEF, 0xBB, 0xBF]) == "")
        // Only one BOM is a BOM; a second one is content (U+FEFF).
        #expect(decoded([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF])?.unicodeScalars.map(\.value) == [0xFEFF])
    }

    @Test func normalisesLineBreaks() {
        #expect(decoded(Array("a\r\nb\rc\n\r\nd\r".utf8)) == "a\nb\nc\n\nd\n")
        #expect(decoded(Array("한\r\r\n국".utf8)) == "한\n\n국")
    }

    @Test func invalidByteIsLocatedByLineAndColumn() throws {
        // Line 5 is "둘째 \xFF 줄": two Hangul syllables and a space come before the bad byte.
        let bytes = Array("---\ntitle: 제목\n---\n첫 줄\n둘째 ".utf8) + [0xFF] + Array(" 줄\n".utf8)
        let diagnostic = try #require(failure(bytes))
        #expect(diagnostic.code == "invalid-utf8")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.location == SourceLocation(file: "dir/a.md", line: 5, column: 4))
        #expect(diagnostic.hint == "re-save the file as UTF-8")
        #expect(diagnostic.message.contains("0xFF"))
    }

    @Test func lineCountingFollowsAllLineBreakStyles() throws {
        // "a" CRLF "b" CR "c" then the bad byte: line 3, column 2.
        let diagnostic = try #require(failure(Array("a\r\nb\rc".utf8) + [0xC3]))
        #expect(diagnostic.location?.line == 3)
        #expect(diagnostic.location?.column == 2)
    }

    @Test func bomDoesNotShiftColumns() throws {
        let diagnostic = try #require(failure([0xEF, 0xBB, 0xBF, 0x61, 0x80]))
        #expect(diagnostic.location?.line == 1)
        #expect(diagnostic.location?.column == 2)
    }

    @Test(arguments: [
        ([0x61, 0xC0, 0xAF], 2),             // overlong "/"
        ([0x61, 0x62, 0xE0, 0x80, 0x80], 3), // overlong three-byte form
        ([0xED, 0xA0, 0x80], 1),             // UTF-16 surrogate encoded as UTF-8
        ([0xF4, 0x90, 0x80, 0x80], 1),       // above U+10FFFF
        ([0xEA, 0xB0, 0x61], 1),             // truncated "가" followed by "a"
        (Array("가나".utf8) + [0xEA, 0xB0], 3), // truncated at the end of the file
        ([0xF5, 0x80, 0x80, 0x80], 1),       // byte that never occurs in UTF-8
        ([0x80], 1),                         // lone continuation byte
    ] as [([UInt8], Int)])
    func rejectsIllFormedSequences(bytes: [UInt8], column: Int) throws {
        let diagnostic = try #require(failure(bytes))
        #expect(diagnostic.location?.line == 1)
        #expect(diagnostic.location?.column == column)
    }

    @Test func acceptsEveryWellFormedLength() {
        let text = "a é 가 😀 \u{10FFFF}"
        #expect(decoded(Array(text.utf8)) == text)
    }

    @Test func decodesSeveralMegabytes() {
        let line = "한국어 본문 줄입니다. Some English too.\r\n"
        let bytes = Array(String(repeating: line, count: 100_000).utf8)
        let text = decoded(bytes)
        #expect(text?.utf8.count == bytes.count - 100_000)
        #expect(text?.hasSuffix("too.\n") == true)
    }

    // MARK: The validating pass

    /// The byte loop `validate` replaced, kept as the reference: the first ill-formed sequence by
    /// table 3-7, one byte at a time.
    static func referenceFirstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            if lead < 0x80 { i += 1; continue }
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
            guard i + length <= bytes.count, bytes[i + 1] >= low, bytes[i + 1] <= high else { return i }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// `validate` against the reference and the standard library's own validation: the same
    /// place for a bad byte, the same verdict, the right ASCII flag; and a well-formed text
    /// decodes to the very bytes it was made of.
    static func checkValidation(_ bytes: [UInt8]) -> String? {
        let found = bytes.withUnsafeBufferPointer { TextDecoding.validate($0) }
        let expected = referenceFirstInvalidOffset(bytes)
        guard found.firstInvalidOffset == expected else {
            return "\(bytes.map { String($0, radix: 16) }): offset \(String(describing: found.firstInvalidOffset)), expected \(String(describing: expected))"
        }
        // The same bytes inside a larger buffer, between bytes that can neither start nor end a
        // character: a read outside the buffer (`validate` reads whole blocks) would show.
        let surrounded = [0x80, 0xF0, 0xFF, 0xE0] + bytes + [0xFF, 0x80, 0xF4, 0xBF, 0xC0]
        let inside = surrounded.withUnsafeBufferPointer { TextDecoding.validate(UnsafeBufferPointer(rebasing: $0[4..<(4 + bytes.count)])) }
        guard inside == found else { return "\(bytes): \(inside) inside a larger buffer, \(found) alone" }
        let standard = String(validating: bytes, as: UTF8.self)
        guard (standard == nil) == (expected != nil) else { return "\(bytes): the standard library disagrees" }
        // Decoding drops a leading BOM and normalises carriage returns; other texts come out as they went in.
        let isKeptAsIs = !bytes.contains(0x0D) && !bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if expected == nil {
            guard found.isASCII == bytes.allSatisfy({ $0 < 0x80 }) else { return "\(bytes): ASCII flag \(found.isASCII)" }
            guard isKeptAsIs else { return nil }
            guard case .success(let text) = TextDecoding.decode(bytes, file: "a.md"), Array(text.utf8) == bytes,
                  text == standard, text.unicodeScalars.count == standard?.unicodeScalars.count else {
                return "\(bytes): decodes differently from the standard library"
            }
        }
        return nil
    }

    /// Every lead byte with every second byte, and the bytes after them at the edges of the ranges
    /// that matter, alone and after ASCII long enough to take the eight-byte steps.
    @Test func validationAgreesOnEveryShortSequence() {
        let edges: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xFF]
        var failures: [String] = []
        for lead in 0...255 {
            for second in 0...255 {
                let pair = [UInt8(lead), UInt8(second)]
                for tail in [[], [0x80], [0x80, 0x80], [0x41]] as [[UInt8]] {
                    if let failure = Self.checkValidation(pair + tail) { failures.append(failure) }
                }
                guard lead >= 0xE0, lead <= 0xF4 else { continue }
                for third in edges {
                    for prefix in [[], Array("abcdefghi".utf8)] as [[UInt8]] {
                        if let failure = Self.checkValidation(prefix + pair + [third]) { failures.append(failure) }
                        if lead >= 0xF0, let failure = Self.checkValidation(prefix + pair + [third, 0x80]) { failures.append(failure) }
                        if lead >= 0xF0, let failure = Self.checkValidation(prefix + pair + [third, 0xC0]) { failures.append(failure) }
                    }
                }
            }
        }
        #expect(failures.count == 0, "\(failures.prefix(5))")
    }

    /// Seeded random texts of ASCII runs, Hangul, other characters of every length and the odd
    /// ill-formed byte, at every alignment relative to the eight-byte steps.
    @Test func validationAgreesOnGeneratedTexts() {
        var random = SplitMix(state: 3)
        let pieces: [[UInt8]] = ["a", " ", "\n", "abcdefgh", "plain ASCII text run ", "é", "가", "힣", "한국어 ", "😀", "\u{10FFFF}",
                                 "\u{FEFF}", "\u{7FF}", "\u{800}", "\u{D7FF}", "\u{E000}", "\u{FFFF}", "\u{10000}"].map { Array($0.utf8) }
        let bad: [[UInt8]] = [[0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2], [0xE0, 0x9F, 0x80], [0xED, 0xA0, 0x80], [0xEA, 0xB0],
                              [0xF0, 0x8F, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5], [0xFF], [0xEA, 0x41, 0x80], [0xF0, 0x90, 0x80]]
        var failures: [String] = []
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &random) {
                bytes += Int.random(in: 0..<100, using: &random) < 3 ? bad.randomElement(using: &random)! : pieces.randomElement(using: &random)!
            }
            if let failure = Self.checkValidation(bytes) { failures.append(failure) }
        }
        #expect(failures.count == 0, "\(failures.prefix(5))")
    }

    /// Every ill-formed sequence of table 3-7 (and every truncation of a well-formed one) at every
    /// offset of texts of 0 to 70 bytes, in ASCII, Hangul and mixed surroundings: before, across
    /// and after each sixteen-byte block `validate` steps over, in its first block (checked
    /// with shifted lanes), in the last sixteen bytes (checked a second time) and at the end.
    @Test func validationAgreesAtEveryBlockPosition() {
        let fillers: [[UInt8]] = [Array(String(repeating: "a", count: 80).utf8), Array(String(repeating: "가", count: 27).utf8),
                                  Array(String(repeating: "가 ab 😀 é 힣", count: 6).utf8), Array(String(repeating: "\u{10FFFF}\u{800}\u{7FF}", count: 10).utf8)]
        let probes: [[UInt8]] = [[0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2], [0xC2, 0x41], [0xDF, 0xC0], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF],
                                 [0xE0, 0xA0], [0xE1, 0x80], [0xEA, 0xB0, 0x41], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xEF, 0xBF],
                                 [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80], [0xF1, 0x80, 0x80, 0x41],
                                 [0xF4, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF], [0xF5, 0x80, 0x80, 0x80], [0xF8], [0xFE], [0xFF],
                                 [0xEA, 0xB0, 0x80, 0x80], [0xC3, 0xA9, 0xA9], [0xF0, 0x9F, 0x98, 0x80, 0x80],
                                 // well-formed edges, which must pass wherever they stand
                                 [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xC2, 0x80], [0xDF, 0xBF]]
        var failures: [String] = []
        for filler in fillers {
            for length in 0...70 {
                // A well-formed prefix of about `length` bytes: cut at a character boundary.
                var cut = min(length, filler.count)
                while cut > 0, cut < filler.count, filler[cut] & 0xC0 == 0x80 { cut -= 1 }
                let text = Array(filler[..<cut])
                if let failure = Self.checkValidation(text) { failures.append(failure) }
                // Truncated: cut anywhere, even inside a character.
                if let failure = Self.checkValidation(Array(filler[..<min(length, filler.count)])) { failures.append(failure) }
                for probe in probes {
                    for offset in Set([0, 1, 2, 3, cut / 2, max(0, cut - 1), cut]) where offset <= cut {
                        // Put the probe at a character boundary at or before `offset`.
                        var at = offset
                        while at > 0, at < text.count, text[at] & 0xC0 == 0x80 { at -= 1 }
                        let bytes = Array(text[..<at]) + probe + Array(text[at...])
                        if let failure = Self.checkValidation(bytes) { failures.append(failure) }
                    }
                }
            }
        }
        #expect(failures.count == 0, "\(failures.prefix(5))")
    }

    /// Each probe at every offset from 0 to 40 of ASCII and of Hangul long enough for several
    /// blocks, so that every probe meets every lane of a block, and the block boundaries. (Each
    /// check of the block loop, removed on its own, fails this test or the one above.)
    @Test func validationAgreesAtEveryLane() {
        let probes: [[UInt8]] = [[0x80], [0xC0, 0x80], [0xC2], [0xE0, 0x9F, 0xBF], [0xEA, 0xB0], [0xED, 0xA0, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
                                 [0xF0, 0x90, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5], [0xFF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF],
                                 [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC1, 0x81]]
        var failures: [String] = []
        for filler in [Array(String(repeating: "x", count: 64).utf8), Array(String(repeating: "한", count: 22).utf8), Array(String(repeating: "글 ", count: 16).utf8)] {
            for offset in 0...40 {
                var at = offset
                while at > 0, filler[at] & 0xC0 == 0x80 { at -= 1 }
                for probe in probes {
                    // The probe ends the text, or filler follows it up to several lengths.
                    for tail in [at, filler.count, filler.count - 1, 48, 40, 33] where tail >= at {
                        let bytes = Array(filler[..<at]) + probe + Array(filler[at..<tail])
                        if let failure = Self.checkValidation(bytes) { failures.append(failure) }
                    }
                }
            }
        }
        #expect(failures.count == 0, "\(failures.prefix(5))")
    }

    /// Each probe at every offset from 0 to 110 of texts of 64 to 130 bytes, in ASCII, Hangul
    /// and mixed text: every lane of both blocks of the two-block steps, the steps' edges, and
    /// the single blocks and the last sixteen bytes after them.
    @Test func validationAgreesAtEveryLaneOfTheTwoBlockSteps() {
        let probes: [[UInt8]] = [[0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2], [0xC2, 0x41], [0xE0, 0x9F, 0xBF], [0xE0, 0xA0], [0xEA, 0xB0],
                                 [0xED, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80], [0xF4, 0x90, 0x80, 0x80],
                                 [0xF4, 0x8F, 0xBF, 0xBF], [0xF5], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xE0, 0xA0, 0x80], [0xF0, 0x90, 0x80, 0x80],
                                 [0xEA, 0xB0, 0x80, 0x80], [0xF1, 0x80, 0x80, 0x41]]
        var failures: [String] = []
        for filler in [Array(String(repeating: "x", count: 130).utf8), Array(String(repeating: "한", count: 44).utf8),
                       Array(String(repeating: "글 ab 😀 é", count: 12).utf8)] {
            for offset in 0...110 {
                var at = offset
                while at > 0, filler[at] & 0xC0 == 0x80 { at -= 1 }
                for probe in probes {
                    for tail in [at, 64, 65, 79, 80, 96, 97, 112, 127, 130] where tail >= at && tail <= filler.count {
                        let bytes = Array(filler[..<at]) + probe + Array(filler[at..<tail])
                        if let failure = Self.checkValidation(bytes) { failures.append(failure) }
                    }
                }
            }
        }
        #expect(failures.count == 0, "\(failures.prefix(5))")
    }

    /// Seeded random texts long enough for many blocks, and random bytes.
    @Test func validationAgreesOnLongGeneratedTexts() {
        var random = SplitMix(state: 11)
        let pieces: [[UInt8]] = ["a", " ", "\n", "abcdefgh", "plain ASCII text run ", "é", "가", "힣", "한국어 ", "😀", "\u{10FFFF}",
                                 "\u{FEFF}", "\u{7FF}", "\u{800}", "\u{D7FF}", "\u{E000}", "\u{FFFF}", "\u{10000}"].map { Array($0.utf8) }
        let bad: [[UInt8]] = [[0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2], [0xE0, 0x9F, 0x80], [0xED, 0xA0, 0x80], [0xEA, 0xB0],
                              [0xF0, 0x8F, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5], [0xFF], [0xEA, 0x41, 0x80], [0xF0, 0x90, 0x80]]
        var failures: [String] = []
        for round in 0..<5_000 {
            var bytes: [UInt8] = []
            if round % 10 == 0 {
                bytes = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                for _ in 0..<Int.random(in: 0...60, using: &random) {
                    bytes += Int.random(in: 0..<400, using: &random) < 2 ? bad.randomElement(using: &random)! : pieces.randomElement(using: &random)!
                }
            }
            if let failure = Self.checkValidation(bytes) { failures.append(failure) }
        }
        #expect(failures.count == 0, "\(failures.prefix(5))")
    }

    /// The ASCII flag reaches the string: an ASCII note decodes to a string the standard library
    /// also knows is ASCII (and therefore NFC), as `String(validating:)` made it.
    @Test func decodedStringsKeepTheirFlags() throws {
        for text in ["plain", "plain ASCII text that is longer than a small string", "한국어 본문", "a\r\nb", "é"] {
            let decoded = try TextDecoding.decode(Array(text.utf8), file: "a.md").get()
            let standard = try #require(String(validating: Array(text.utf8), as: UTF8.self))
                .replacingOccurrences(of: "\r\n", with: "\n")
            #expect(decoded == standard)
            #expect(decoded.utf8.elementsEqual(standard.utf8))
            #expect(decoded.hashValue == standard.hashValue)
            #expect(decoded.count == standard.count)
        }
    }
}


import Testing
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
}

import Testing
@testable import Markdown

/// Shortcuts of `HTMLRenderer` and `HTMLOutput` against the plain code they stand for.
@Suite struct RendererShortcutTests {
    /// `HTMLRenderer.language(ofInfo:)` is the first of the info string's words split at
    /// Character spaces and tabs, for ASCII info strings (cut at bytes) and others alike.
    @Test func languageIsFirstWord() {
        func reference(_ info: String) -> String {
            info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
        }
        let pieces = ["", " ", "\t", "swift", "py", "{.x}", "\u{301}", "é", "노트", "a", "\r\n", "  ", "=", "\u{20}\u{301}"]
        var state: UInt64 = 0x0DDB_1A5E_5BAD_5EED
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        for info in pieces + ["py \u{301}x", " \u{301}py", "swift title=\"a b\"", "\tc++\tx"] {
            #expect(HTMLRenderer.language(ofInfo: info) == reference(info), "\(info.debugDescription)")
        }
        for _ in 0..<5_000 {
            let info = (0..<next(6)).map { _ in pieces[next(pieces.count)] }.joined()
            #expect(HTMLRenderer.language(ofInfo: info) == reference(info), "\(info.debugDescription)")
        }
    }

    /// `HTMLOutput.write(_: Int)` writes `"\(n)"`, a digit as its byte and any other number as
    /// its string, in an output of either kind.
    @Test func numbersAsInterpolated() {
        let numbers = [0, 1, 6, 9, 10, 42, 100, 12_345, -1, -10, Int.max, Int.min]
        var text = HTMLOutput()
        var bytes = HTMLOutput(bytesReservingCapacity: 16)
        var expected = ""
        for n in numbers {
            text.write("<h")
            text.write(n)
            bytes.write("<h")
            bytes.write(n)
            expected += "<h\(n)"
        }
        #expect(text.string == expected)
        #expect(bytes.bytes == Array(expected.utf8))
    }
}

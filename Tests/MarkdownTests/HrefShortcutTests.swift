import Testing
@testable import Markdown

/// `HTMLRenderer.escapedHref` returns an href as it is when `HTML.escapeHref` would not change
/// it; it must give `escapeHref`'s answer for every byte and for mixed hrefs.
@Suite struct HrefShortcutTests {
    @Test func sameAsEscapeHref() {
        for b in UInt8(0)...UInt8(127) {
            let text = String(decoding: [0x61, b, 0x2F, b], as: UTF8.self)
            #expect(HTMLRenderer.escapedHref(text) == HTML.escapeHref(text), "\(b)")
        }
        let pieces = ["../", "a", "%EA%B0%95", "index.html", "#", "x y", "&", "'", "\"", "<", "노트", "é", "🙂", "?q=1", "%", "~", "\\", "`", "|", "{"]
        var state: UInt64 = 0x1234_5678_9ABC_DEF1
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        for _ in 0..<5_000 {
            let href = (0..<next(8)).map { _ in pieces[next(pieces.count)] }.joined()
            #expect(HTMLRenderer.escapedHref(href) == HTML.escapeHref(href), "\(href)")
        }
    }
}

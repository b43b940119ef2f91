import CCmarkGFM
import Diagnostics
import Foundation
import Testing
@testable import Markdown
import TestSupport

/// cmark's texts become strings without a second UTF-8 check when their ends fall between
/// characters (`Cmark.text`), and through `String(utf8:)` otherwise, which checks the bytes with
/// our own loop and skips the standard library's: it must give exactly `String(decoding:as:)`,
/// the repairs of ill-formed bytes included. The unchecked copy rests on every text cmark makes
/// being well-formed, which is held here to a full check on generated notes.
@Suite struct CmarkStringTests {
    @Test func sameStringAsTheStandardLibraryForWellAndIllFormedBytes() {
        var samples: [[UInt8]] = [
            [], Array("plain ascii, long enough to take the eight-byte path".utf8),
            Array("손실함수 $L$는 KL 발산".utf8), Array("𝔼[x] ∑ é e\u{301}".utf8),
            [0xFF], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0x61, 0xEA, 0xB0], [0xEA, 0xB0, 0x80, 0x80], [0xF0, 0x9F, 0x98], Array("ab".utf8) + [0x80] + Array("cd".utf8),
        ]
        var state: UInt64 = 42
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(state % 40) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let pick = state >> 59
                switch pick {
                case 0..<12: bytes.append(UInt8(truncatingIfNeeded: 0x20 + (state >> 20) % 0x5F))
                case 12..<20: bytes += Array("가".utf8)
                case 20..<24: bytes += Array("😀".utf8)
                default: bytes.append(UInt8(truncatingIfNeeded: state >> 40))
                }
            }
            samples.append(bytes)
        }
        for bytes in samples {
            let ours = bytes.withUnsafeBufferPointer { String(utf8: $0) }
            let reference = String(decoding: bytes, as: UTF8.self)
            #expect(Array(ours.utf8) == Array(reference.utf8), "\(bytes)")
            #expect(ours == reference)
        }
    }

    /// `hasWholeEnds` against the scalar boundaries of well-formed text, for every cut of it:
    /// true exactly when both ends of the piece are boundaries.
    @Test func wholeEndsAreExactlyCutsBetweenCharacters() {
        let samples = ["", "a", "ab", "é", "가", "😀", "a가b", "가😀é", "e\u{301}x", "\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}",
                       "\u{E000}\u{E010}\u{E001}", "한국어 text 😀 mixed é", "\u{FFFD}\u{0}\u{7F}\u{80}"]
        for text in samples {
            let bytes = Array(text.utf8)
            var boundaries: Set<Int> = [bytes.count]
            var offset = 0
            for scalar in text.unicodeScalars {
                boundaries.insert(offset)
                offset += UTF8.width(scalar)
            }
            for i in 0...bytes.count {
                for j in i...bytes.count {
                    let whole = bytes.withUnsafeBufferPointer { UTF8Text.hasWholeEnds(UnsafeBufferPointer(rebasing: $0[i..<j])) }
                    let expected = i == j || (boundaries.contains(i) && boundaries.contains(j))
                    #expect(whole == expected, "\(String(reflecting: text)) \(i)..<\(j)")
                }
            }
        }
    }

    /// `Cmark.text` is `String(decoding:as:)` for any bytes: copied for well-formed ones, and
    /// for pieces cut inside a character (which fail `hasWholeEnds`) checked and repaired.
    @Test func cmarkTextIsTheDecodedString() {
        var random = SplitMix(state: 0xC0DE_0001)
        let pieces = ["a", " ", "가", "😀", "é", "e\u{301}", "\u{FFFD}", "\u{0}", "\u{E002}", "\n"]
        for _ in 0..<5_000 {
            let bytes = Array((0..<random.below(12)).map { _ in random.pick(pieces) }.joined().utf8)
            let i = random.below(bytes.count + 1)
            let j = i + random.below(bytes.count - i + 1)
            let piece = Array(bytes[i..<j])
            let ours = piece.withUnsafeBufferPointer { Cmark.text($0) }
            #expect(Array(ours.utf8) == Array(String(decoding: piece, as: UTF8.self).utf8), "\(piece)")
        }
    }

    /// Pieces of notes that make cmark cut, drop or encode: NUL bytes, entities (valid,
    /// invalid, out of range), escapes (of ASCII and not), tabs in list items, tables with
    /// escaped pipes, autolinks running into Korean, strikethrough, task items, code spans and
    /// blocks, raw HTML, and the protector's spans and replaced private-use characters.
    static let notePieces: [String] = [
        "a", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "가", "한국어", "😀", "é", "e\u{301}", "\u{0}", "\u{0}가",
        "&amp;", "&copy;", "&#44032;", "&#xAC00;", "&#0;", "&#xD800;", "&#x110000;", "&#1234567;", "&bogus;", "&",
        "\\*", "\\한", "\\", "\\\n", "*", "**", "_", "~~", "`", "``", "[", "]", "(", ")", "<", ">", "!",
        "- ", "1. ", "> ", "# ", "\t- ", "    ", "```\n", "~~~ 한\n", "- [ ] ", "- [x] ",
        "| a | 한 |\n|---|:-:|\n| \\| | 가 |\n", "|", "www.한국.kr", "www.example.com/경로", "http://예시.kr/a",
        "https://a.b/c?d=가", "a@b.com", "메일@b.co", "x@한.kr", "<span>한</span>", "<!-- 가 -->", "<div>\n가\n</div>\n",
        "[링크](http://a.b/가 \"제목\")", "![그림](가.png)", "[^1]", "[^1]: 각주\n", "$x^2$", "$$\n가\n$$", "[[노트|별칭]]",
        "![[그림.png]]", "\u{E000}", "\u{E001}", "\u{E002}", "\u{E010}", "\u{EE80}", "\u{FFFD}", "\u{FEFF}",
    ]

    static func note(_ random: inout SplitMix) -> String {
        (0..<random.below(40)).map { _ in random.pick(notePieces) }.joined()
    }

    /// Every text cmark makes of generated notes, parsed as the parser parses them (the
    /// protected text), is well-formed UTF-8 with whole characters at its ends: literals of
    /// every leaf, destinations, titles and info strings. That is what lets `Cmark.text` copy
    /// them unchecked.
    @Test func everyTextCmarkMakesIsWellFormed() {
        var random = SplitMix(state: 0xC0DE_0002)
        var texts = 0
        for _ in 0..<4_000 {
            let text = Self.note(&random)
            let bytes = Array(text.utf8)
            let protected = Protector.protect(bytes, codeLines: Cmark.literalBlockLines(bytes))
            for input in [bytes, protected.text] {
                let bad = Cmark.withDocument(input) { document -> [String] in
                    var bad: [String] = []
                    var current = cmark_node_first_child(document.pointer)
                    while let node = current {
                        for field in [cmark_node_get_literal(node), cmark_node_get_url(node), cmark_node_get_title(node),
                                      cmark_node_get_fence_info(node)] {
                            guard let field else { continue }
                            texts += 1
                            let piece = UnsafeRawPointer(field).withMemoryRebound(to: UInt8.self, capacity: 1) {
                                Array(UnsafeBufferPointer(start: $0, count: strlen(field)))
                            }
                            let whole = piece.withUnsafeBufferPointer { UTF8Text.hasWholeEnds($0) }
                            let valid = piece.withUnsafeBufferPointer { UTF8Text.validate($0).firstInvalidOffset == nil }
                            if !whole || !valid { bad.append("\(piece)") }
                        }
                        current = cmark_node_first_child(node) ?? Cmark.successor(of: node, within: document.pointer)
                    }
                    return bad
                }
                #expect(bad?.isEmpty ?? false, "\(String(reflecting: text)): \(bad ?? [])")
            }
        }
        #expect(texts > 50_000, "\(texts) texts")
    }
}

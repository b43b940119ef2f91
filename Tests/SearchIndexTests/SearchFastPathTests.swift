import Diagnostics
import Foundation
import Markdown
import Testing
import TestSupport
@testable import SearchIndex

/// The word-at-a-time paths of the search index against the byte loops they skip.
@Suite struct SearchFastPathTests {
    @Test func bytesBelowALimitAreExactInEveryLane() {
        var random = SplitMix(state: 11)
        for limit in [UInt8(0x01), 0x20, 0x21, 0x7F, 0x80] {
            for byte in 0...255 {
                for lane in 0..<8 {
                    let others = random.next()
                    let word = (others & ~(UInt64(0xFF) << (8 * lane))) | (UInt64(byte) << (8 * lane))
                    let marked = ByteWord.bytes(below: limit, in: word) >> (8 * lane) & 0x80 != 0
                    #expect(marked == (UInt8(byte) < limit), "byte \(byte) limit \(limit) lane \(lane)")
                }
            }
        }
    }

    /// What the collector must make of pieces: joined by spaces, each run of white space one
    /// space, none at the ends.
    static func reference(_ pieces: [String]) -> String {
        var out = ""
        var pending = false
        for scalar in pieces.joined(separator: " ").unicodeScalars {
            if [" ", "\n", "\t", "\r", "\u{0C}"].contains(scalar) {
                pending = !out.isEmpty
                continue
            }
            if pending { out.append(" ") }
            pending = false
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    @Test func theCollectorsWholeAppendAgreesWithItsByteLoop() {
        let alphabet = ["a", " ", "\n", "한", "\t", "\u{1}", "\"", "…"]
        var strings = [""]
        var frontier = [""]
        for _ in 0..<2 {
            frontier = frontier.flatMap { s in alphabet.map { s + $0 } }
            strings += frontier
        }
        // Every pair, as words apart and run on, and longer pieces that cross the eight-byte words.
        for a in strings {
            for b in strings {
                var collector = SearchText.Collector()
                collector.add(a)
                collector.add(b)
                #expect(collector.string == Self.reference([a, b]), "\(a.debugDescription) + \(b.debugDescription)")
                #expect(collector.needsEscaping == collector.string.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 })
                var runOn = SearchText.Collector()
                runOn.append(a)
                runOn.append(b)
                #expect(runOn.string == Self.reference([a + b]), "\(a.debugDescription) ++ \(b.debugDescription)")
            }
        }
        var random = SplitMix(state: 5)
        for _ in 0..<3000 {
            let pieces = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                String((0..<Int.random(in: 0...40, using: &random)).map { _ in alphabet.randomElement(using: &random)!.first! })
            }
            var collector = SearchText.Collector()
            for piece in pieces { collector.add(piece) }
            #expect(collector.string == Self.reference(pieces))
            // Noted exactly when a byte the writer must look at is there.
            #expect(collector.needsEscaping == collector.string.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 })
        }
    }

    /// A JSON string literal made scalar by scalar.
    static func referenceJSON(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    @Test func theWritersEscapeAgreesWithAScalarByScalarOne() {
        let alphabet: [Unicode.Scalar] = ["a", "\"", "\\", "\n", "\u{1}", "\u{1F}", "\u{2026}", "\u{2028}", "\u{2029}", "\u{2000}",
                                          "한", "\u{1F600}", " ", "\u{7F}"]
        var random = SplitMix(state: 9)
        for _ in 0..<5000 {
            var s = ""
            for _ in 0..<Int.random(in: 0...40, using: &random) { s.unicodeScalars.append(alphabet.randomElement(using: &random)!) }
            var out: [UInt8] = []
            SearchIndexWriter.string(s, into: &out)
            #expect(String(decoding: out, as: UTF8.self) == Self.referenceJSON(s), "\(s.debugDescription)")
        }
    }
}

/// The collector reads inlines in place; `PlainText.of` is what it must give.
@Suite struct SearchTextInlineTests {
    /// Each text block of `document`'s sections read the old way: `PlainText.of` per inline
    /// list, made a word apart.
    static func reference(_ inlines: [[Inline]], document: MarkdownDocument) -> String {
        let math = document.math.map { occurrence -> MathOccurrence in
            var m = occurrence
            if m.display { m.tex = "" }
            return m
        }
        return SearchFastPathTests.reference(inlines.map { PlainText.of($0, math: math, links: document.links) })
    }

    static func inlineLists(_ blocks: [Block]) -> [[Inline]] {
        blocks.flatMap { block -> [[Inline]] in
            switch block {
            case .paragraph(let inlines), .heading(_, let inlines, _, _): return [inlines]
            case .blockQuote(let children), .footnoteDefinition(_, let children): return inlineLists(children)
            case .callout(let callout): return [callout.title] + inlineLists(callout.blocks)
            case .list(_, let items): return items.flatMap { inlineLists($0.blocks) }
            case .table(_, let header, let rows): return header + rows.flatMap { $0 }
            case .codeBlock, .htmlBlock, .thematicBreak: return []
            }
        }
    }

    @Test func readingInlinesInPlaceGivesWhatPlainTextGives() throws {
        var samples = [
            "Use `torch.nn` and **bold _nested_ text** with [a link](x.md) and ![alt *text*](i.png).",
            "손실함수 $L$는 [[ELBO|하한]]과 [[KL]]로<br>나뉜다<BR/> 끝. Footnote[^1].\n\n[^1]: note",
            "soft\nbreak  and hard  \nbreak <span>inline html</span> \"quotes\" back\\\\slash … dash — end",
            "| a | b |\n| --- | --- |\n| $x|y$ | <br> |\n",
            "> [!tip] Title *here*\n> body $$display$$ text\n",
            "Trailing space before code `x` and  double  spaces.",
        ]
        // And every note of the example vault.
        let content = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("content")
        if let files = FileManager.default.enumerator(atPath: content.path) {
            for case let file as String in files where file.hasSuffix(".md") {
                samples.append(try String(contentsOf: content.appendingPathComponent(file), encoding: .utf8))
            }
        }
        #expect(samples.count > 20)
        for markdown in samples {
            let document = MarkdownParser.parse(markdown, file: "n.md")
            let lists = Self.inlineLists(document.blocks)
            var collector = SearchText.Collector()
            var inlineMath = document.math
            for m in inlineMath.indices where inlineMath[m].display { inlineMath[m].tex = "" }
            for inlines in lists { collector.add(inlines, document: document, math: inlineMath) }
            #expect(collector.string == Self.reference(lists, document: document), "\(markdown.prefix(80))")
        }
    }
}

@testable import Markdown
import Testing
import TestSupport

/// The parse's fast paths held to the general code they stand in for, on generated text made of
/// the pieces each path treats specially: a divergence on any input fails here.
@Suite struct ParseFastPathTests {
    /// Pieces the protector and the converter react to, and plain text of several scripts.
    static let pieces: [String] = [
        "$", "$$", "\\(", "\\)", "\\[", "\\]", "\\", "[[", "]]", "![[", "[", "]", "](", ")", "(", "!",
        "`", "``", "<", ">", "<!--", "-->", "<a href=\"x\">", "<https://e.org/$x$>", "http://a.b/$c",
        "https://x.y", "www.z", "h", "w", "ht", "ww", "|", "#", "^", "_", "X", "Y", "Z", "a", "1", "9",
        " ", "  ", "\t", "\n", "\n\n", "\n> ", "> ", "- ", "```\n", "    ", "한국어", "数学", "é", "e\u{301}",
        "\u{E000}", "\u{E001}", "\u{E002}", "\u{E010}", "[x]: /u\n", "x_{1}", "\\alpha",
    ]

    static func randomText(_ rng: inout SplitMix, pieces count: Int) -> String {
        var text = ""
        for _ in 0..<count { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
        return text
    }

    // MARK: Protector

    @Test func lastSpanOpenerIsTheLastDollarBackslashOrBracket() {
        var rng = SplitMix(state: 7)
        let alphabet: [UInt8] = [0x24, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0x58, 0x5A, 0x23, 0x25, 0x1C, 0x61, 0x20, 0xEC, 0x9C, 0xA4]
        for _ in 0..<3000 {
            let count = Int(rng.next() % 70)
            // Mostly plain bytes, so that long words without an opener are common.
            let bytes: [UInt8] = (0..<count).map { _ in
                rng.next() % 6 == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : UInt8(truncatingIfNeeded: rng.next())
            }
            let start = count == 0 ? 0 : Int(rng.next() % UInt64(count + 1))
            let end = start + Int(rng.next() % UInt64(count - start + 1))
            let expected = (start..<end).last { [0x24, 0x5B, 0x5C].contains(bytes[$0]) }
            let found = bytes.withUnsafeBufferPointer { Protector.lastSpanOpener($0, from: start, to: end) }
            #expect(found == expected, "\(bytes) \(start)..<\(end)")
        }
    }

    /// `nextMark`, which the region scan steps over plain bytes with (sixteen at a time), is
    /// the first byte its `switch` does more with than step over, or the limit: on mostly plain
    /// bytes of every value, with marks and their neighbours, at every start and limit.
    @Test func nextMarkIsTheFirstByteTheScanActsOn() {
        let marks: Set<UInt8> = [0x5C, 0x60, 0x3C, 0x24, 0x21, 0x5B, 0x5D, 0x68, 0x77]
        let alphabet: [UInt8] = [0x5C, 0x60, 0x3C, 0x24, 0x21, 0x5B, 0x5D, 0x68, 0x77, 0x5E, 0x5A, 0x61, 0x5F, 0x3D, 0x3B, 0x23,
                                 0x25, 0x22, 0x20, 0x67, 0x69, 0x76, 0x78, 0x0A, 0xE8, 0xEC, 0x9C, 0xA4, 0xDC, 0xF7, 0xE3, 0xDD]
        var rng = SplitMix(state: 19)
        for round in 0..<4000 {
            let count = Int(rng.next() % 90)
            // Marks rare in some texts (long steps), common in others.
            let rarity = UInt64(2 + round % 40)
            let bytes: [UInt8] = (0..<count).map { _ in
                rng.next() % rarity == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : UInt8(truncatingIfNeeded: rng.next())
            }
            let start = Int(rng.next() % UInt64(count + 1))
            let limit = start + Int(rng.next() % UInt64(count - start + 1))
            let expected = (start..<limit).first { marks.contains(bytes[$0]) } ?? limit
            let found = bytes.withUnsafeBufferPointer { Protector.nextMark($0, from: start, before: limit) }
            #expect(found == expected, "\(bytes) \(start)..<\(limit)")
        }
        // Every byte value alone at every lane of a block, after plain Hangul.
        let plain = Array(String(repeating: "가", count: 12).utf8)
        for value in 0...255 {
            for at in 0..<34 {
                var bytes = plain
                bytes[at] = UInt8(value)
                let expected = marks.contains(UInt8(value)) ? at : bytes.count
                let found = bytes.withUnsafeBufferPointer { Protector.nextMark($0, from: 0, before: $0.count) }
                #expect(found == expected, "\(value) at \(at)")
            }
        }
    }

    /// The closer searches byte by byte, as the protector read them before they used memchr:
    /// the references `closerSearches` is held to.
    static func referenceCloserSearches(_ src: [UInt8], from: Int, to end: Int) -> [Int?] {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        func inline() -> Int? {
            var q = from
            while q < end {
                let b = src[q]
                if b == 0x5C { q += 2; continue }
                if b == 0x24, !isSpace(src[q - 1]), !(q + 1 < end && src[q + 1] >= 0x30 && src[q + 1] <= 0x39) { return q }
                q += 1
            }
            return nil
        }
        func display() -> Int? {
            var q = from
            while q + 1 < end {
                if src[q] == 0x5C { q += 2; continue }
                if src[q] == 0x24, src[q + 1] == 0x24 { return q }
                q += 1
            }
            return nil
        }
        func backslash(_ closer: UInt8) -> Int? {
            var q = from
            while q + 1 < end {
                if src[q] == 0x5C {
                    if src[q + 1] == closer { return q }
                    q += 2
                    continue
                }
                q += 1
            }
            return nil
        }
        func backticks(_ n: Int) -> Int? {
            var q = from
            while q < end {
                if src[q] == 0x60 {
                    var m = 0
                    while q + m < end, src[q + m] == 0x60 { m += 1 }
                    if m == n { return q }
                    q += m
                } else {
                    q += 1
                }
            }
            return nil
        }
        return [inline(), display(), backslash(0x29), backslash(0x5D)] + (1...3).map(backticks)
    }

    /// The closer searches (memchr for their marks, backslash runs counted back) find what
    /// the byte-by-byte searches found, on texts dense in `$`, `\`, backticks, closers,
    /// spaces and digits, at every start and end.
    @Test func closerSearchesMatchTheByteByByteSearches() {
        let alphabet: [UInt8] = [0x24, 0x24, 0x5C, 0x5C, 0x5C, 0x60, 0x60, 0x29, 0x5D, 0x20, 0x0A, 0x31, 0x61, 0xEA, 0xB0, 0x80]
        var rng = SplitMix(state: 23)
        for round in 0..<6000 {
            let count = 1 + Int(rng.next() % UInt64(round % 3 == 0 ? 120 : 30))
            let bytes: [UInt8] = (0..<count).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let from = 1 + Int(rng.next() % UInt64(count))
            let end = min(count, from + Int(rng.next() % UInt64(count + 1)))
            let found = bytes.withUnsafeBufferPointer { Protector.closerSearches($0, from: from, to: end) }
            let expected = Self.referenceCloserSearches(bytes, from: from, to: end)
            #expect(found == expected, "\(bytes) \(from)..<\(end)")
        }
    }

    /// Everything a protector result holds, as a value to compare.
    static func dump(_ result: Protector.Result) -> String {
        let spans = result.spans.map {
            "\($0.kind) \(String(reflecting: $0.content)) \($0.line):\($0.byteOffset) d\($0.delimiterLength) e\($0.endLine) \($0.source)"
        }
        let edits = result.lineMap.entries.map { "\($0.line): \($0.edit)" }
        return "\(result.text)\n\(spans)\n\(edits)\n\(result.replacedPrivateUse)"
    }

    @Test func regionsScannedToTheirLastOpenerFindWhatWholeRegionsFind() {
        var rng = SplitMix(state: 42)
        for round in 0..<4000 {
            let text = Self.randomText(&rng, pieces: 1 + round % 60)
            let bytes = Array(text.utf8)
            let lineCount = bytes.withUnsafeBufferPointer { $0.lineStarts() }.count
            // The guessed code lines, and now and then some made up.
            var codeLines = bytes.withUnsafeBufferPointer(LiteralBlockGuess.lines)
            if round % 3 == 0, lineCount > 1 {
                let a = 1 + Int(rng.next() % UInt64(lineCount))
                codeLines.append(a...min(lineCount, a + Int(rng.next() % 3)))
            }
            let fast = Protector.protect(bytes, codeLines: codeLines)
            let whole = Protector.protect(bytes, codeLines: codeLines, scanWholeRegions: true)
            #expect(Self.dump(fast) == Self.dump(whole), "\(String(reflecting: text))")
        }
    }

    /// Pieces dense in what the `\)`, `\]` and `-->` searches pair up: backslash runs of every
    /// length, the closers, parts of them, and the openers whose searches the protector now
    /// shares.
    static let closerPieces: [String] = [
        "\\(", "\\[", "\\)", "\\]", "\\", "\\\\", "\\\\\\", "(", ")", "[", "]", "[[", "]]", "$", "$$",
        "`", "a", "1", " ", "\n", "\n\n", "\n> ", "<b>", "](", "x\\(y", "\\\\(", "\\\\)",
        "<!--", "-->", "<!-", "--", "-", ">", "<",
    ]

    /// Keeping what the last `\)`, `\]` or `-->` search found (`backslashCloser`,
    /// `skipAngle`) finds the spans, text and line map that a search from every `\(`, `\[` and
    /// `<!--` found, as the protector searched before: on generated text dense in backslashes
    /// and closers, and on the general pieces.
    @Test func sharedCloserSearchesFindWhatASearchPerOpenerFinds() {
        var rng = SplitMix(state: 59)
        for round in 0..<6000 {
            let text: String
            if round % 2 == 0 {
                text = (0..<(1 + round % 80)).map { _ in rng.pick(Self.closerPieces) }.joined()
            } else {
                text = Self.randomText(&rng, pieces: 1 + round % 60)
            }
            let bytes = Array(text.utf8)
            let codeLines = bytes.withUnsafeBufferPointer(LiteralBlockGuess.lines)
            for whole in [false, true] {
                let shared = Protector.protect(bytes, codeLines: codeLines, scanWholeRegions: whole)
                let each = Protector.protect(bytes, codeLines: codeLines, scanWholeRegions: whole,
                                             searchEachOpener: true)
                #expect(Self.dump(shared) == Self.dump(each), "\(String(reflecting: text))")
            }
        }
    }

    /// 200,000 `\(` and `\[` with no closer, whose searches read the rest of the note each
    /// (minutes of a search per opener): none is math, and the spans after them are found.
    @Test func unclosedBackslashOpenersAreNotMathAndLeaveTheSpansAfterThem() {
        let openers = String(repeating: "\\(a \\[b \\\\) \\\\] ", count: 100_000)
        let bytes = Array((openers + "$x$ $$y$$ [[n]]\n").utf8)
        let result = Protector.protect(bytes, codeLines: [])
        #expect(result.spans.map(\.content) == ["x", "y", "n"])
        #expect(result.spans.map(\.kind) == [.inlineMath, .displayMath, .wikiLink])
        #expect(result.spans.first?.byteOffset == openers.utf8.count)
    }

    /// 100,000 unclosed `<!--`, each of whose searches for `-->` read the rest of the note: no
    /// comment hides the math after them.
    @Test func unclosedCommentsLeaveTheSpansAfterThem() {
        let openers = String(repeating: "x <!-- a ", count: 100_000)
        let result = Protector.protect(Array((openers + "$x$ <b>$y$</b>\n").utf8), codeLines: [])
        #expect(result.spans.map(\.content) == ["x", "y"])
        #expect(result.spans.first?.byteOffset == openers.utf8.count)
    }

    @Test func lineMapFindsEachLinesEdits() {
        var map = LineMap()
        map.add(line: 2, tStart: 3, tEnd: 9, oStart: 3, oEnd: 8)
        map.add(line: 2, tStart: 12, tEnd: 18, oStart: 11, oEnd: 20)
        map.add(line: 5, tStart: 0, tEnd: 3, oStart: 0, oEnd: 4)
        // Lines without edits map one to one.
        #expect(map.originalOffset(line: 1, protectedOffset: 7) == 7)
        #expect(map.originalOffset(line: 3, protectedOffset: 7) == 7)
        #expect(map.originalOffset(line: 6, protectedOffset: 7) == 7)
        // Before, inside, between and after the edits of a line.
        #expect(map.originalOffset(line: 2, protectedOffset: 1) == 1)
        #expect(map.originalOffset(line: 2, protectedOffset: 5) == 3)
        #expect(map.originalOffset(line: 2, protectedOffset: 10) == 9)
        #expect(map.originalOffset(line: 2, protectedOffset: 12) == 11)
        #expect(map.originalOffset(line: 2, protectedOffset: 20) == 22)
        #expect(map.originalOffset(line: 5, protectedOffset: 3) == 4)
        #expect(map.edits(onLine: 2).count == 2)
        #expect(map.edits(onLine: 4).isEmpty)
    }

    // MARK: Converter

    /// A converter whose protector found `spanCount` spans of each kind in turn.
    static func converter(spanCount: Int) -> Converter {
        var body = ""
        for i in 0..<spanCount {
            switch i % 4 {
            case 0: body += "$m\(i)$ "
            case 1: body += "[[n\(i)#h|l]] "
            case 2: body += "![[e\(i)]] "
            default: body += "$$d\(i)$$ "
            }
        }
        let bytes = Array(body.utf8)
        let protected = Protector.protect(bytes, codeLines: [])
        precondition(protected.spans.count == spanCount)
        return Converter(original: bytes, protected: protected, file: "t.md", lineOffset: 0)
    }

    static func placeholder(_ index: Int) -> String {
        var bytes: [UInt8] = []
        Protector.appendPlaceholder(index: index, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `expand(bytes:wellFormed:)` (by runs of bytes) and `expand(_:)` (scalar by scalar) make the same
    /// inlines and the same occurrences, also for placeholders that are cut, out of range or
    /// stand where no open was.
    @Test func expandingBytesMatchesExpandingScalars() {
        var rng = SplitMix(state: 3)
        // An open followed by anything but digits and a close traps the scalar loop (it never
        // comes from cmark): a cut placeholder stands only at the end here.
        let parts = ["a", " ", "한", "e\u{301}", "[", "]", "\u{E002}", "\u{E002}\u{E002}", "\u{E001}",
                     "\u{E010}", "\u{E01F}", "\u{E003}", "\u{EE80}", "x\u{E002}y"]
        for round in 0..<3000 {
            var text = ""
            for _ in 0..<(round % 12) {
                switch rng.next() % 3 {
                case 0: text += Self.placeholder(Int(rng.next() % 20))  // some beyond the 18 spans
                default: text += parts[Int(rng.next() % UInt64(parts.count))]
                }
            }
            switch rng.next() % 6 {
            case 0: text += "\u{E000}"
            case 1: text += "\u{E000}\u{E011}"
            default: break
            }
            var byBytes = Self.converter(spanCount: 18)
            var byScalars = byBytes
            var a: [Inline] = [.softBreak], b: [Inline] = [.softBreak]
            // A Swift string's bytes are well-formed: copied unchecked or checked, the same.
            Array(text.utf8).withUnsafeBufferPointer { byBytes.expand(bytes: $0, wellFormed: round % 2 == 0, into: &a) }
            byScalars.expand(text, into: &b)
            #expect("\(a)" == "\(b)", "\(String(reflecting: text))")
            #expect(byBytes.math == byScalars.math && byBytes.links == byScalars.links, "\(String(reflecting: text))")
        }
    }

    @Test func placeholderCheckTurnsDownCutOnes() {
        func check(_ text: String) -> Bool {
            Array(text.utf8).withUnsafeBufferPointer { Converter.placeholdersAreWellFormed($0) }
        }
        #expect(check("a \(Self.placeholder(0)) b \(Self.placeholder(255))"))
        #expect(check("\u{E002}a\u{E002}"))
        #expect(check("no marks at all, 한국어"))
        #expect(!check("a \u{E000}\u{E010}"))          // no close
        #expect(!check("a \u{E001} b"))                 // a close with no open
        #expect(!check("\u{E000}x\u{E001}"))            // not a digit
        #expect(!check("\u{E000}\u{E002}\u{E001}"))     // a filler among the digits
    }
}

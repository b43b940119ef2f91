@testable import Markdown
import Testing
import TestSupport

/// The protector's searches for a link destination's `)` and for a closing backtick run, which
/// read to the region's end when there is none: kept from one opener to the next, they find
/// what a search from each opener finds, and the scan's work grows with the note.
@Suite struct ProtectorLinearTests {
    /// Pieces dense in what the destination and backtick searches react to: parentheses,
    /// quotes after spaces (titles), angle destinations, backslash runs, backtick runs of
    /// several lengths, and spans whose finding shows where a skip ended.
    static let pieces: [String] = [
        "](", "](", "](<", "(", ")", ")", "\"", "'", " \"", " '", " ", "\n", "\n\n", "<", ">", "\\",
        "\\\\", "\\(", "\\)", "\\\"", "`", "``", "```", "````", "a", "b ", "$x$", "$$y$$", "[[n]]", "[",
        "]", "\t", "\n> ", "<!--", "-->", "http://u", "é",
    ]

    static func text(_ rng: inout SplitMix, count: Int) -> String {
        (0..<count).map { _ in rng.pick(Self.pieces) }.joined()
    }

    /// Every `](` and every backtick run of many generated texts: the kept searches answer
    /// what a search of its own would.
    @Test func keptSearchesAnswerWhatEachSearchFinds() {
        var rng = SplitMix(state: 2026)
        for round in 0..<8000 {
            let bytes = Array(Self.text(&rng, count: 1 + round % 90).utf8)
            let (each, kept) = bytes.withUnsafeBufferPointer(Protector.destinationAndBacktickSearches)
            #expect(each == kept, "\(String(reflecting: String(decoding: bytes, as: UTF8.self)))")
        }
    }

    /// The whole protector, on the same kind of text and on the general pieces: the spans, text
    /// and line map are the ones the searches of each opener made.
    @Test func protectorFindsWhatItFoundWithASearchPerOpener() {
        var rng = SplitMix(state: 1201)
        for round in 0..<6000 {
            let text = round % 3 == 2 ? ParseFastPathTests.randomText(&rng, pieces: 1 + round % 60)
                : Self.text(&rng, count: 1 + round % 120)
            let bytes = Array(text.utf8)
            let codeLines = bytes.withUnsafeBufferPointer(LiteralBlockGuess.lines)
            for whole in [false, true] {
                let kept = Protector.protect(bytes, codeLines: codeLines, scanWholeRegions: whole)
                let each = Protector.protect(bytes, codeLines: codeLines, scanWholeRegions: whole,
                                             searchEachOpener: true)
                #expect(ParseFastPathTests.dump(kept) == ParseFastPathTests.dump(each),
                        "\(String(reflecting: text))")
            }
        }
    }

    /// Notes made of `count` copies of each hostile pattern.
    static let hostile: [(name: String, note: @Sendable (Int) -> String)] = [
        ("](a ", { String(repeating: "](a ", count: $0) }),
        ("[x](", { String(repeating: "[x](", count: $0) }),
        ("](<a ", { String(repeating: "](<a ", count: $0) }),
        ("]( \"a (", { String(repeating: "]( \"a (", count: $0) }),
        ("](a ( ", { String(repeating: "](a ( ", count: $0) }),
        ("backtick runs of every length", { count in
            (1...Int(Double(2 * count).squareRoot())).map { String(repeating: "`", count: $0) + " x " }.joined()
        }),
    ]

    /// The bytes the searches read, on each pattern at two sizes: twice the text is about twice
    /// the work, and a few readings of the text at most; searched afresh from each opener, it
    /// is well over twice (the square, or for the backticks the power 1.5: the counter counts
    /// what it should).
    @Test(arguments: 0..<6)
    func searchWorkGrowsWithTheText(pattern: Int) {
        let (name, note) = Self.hostile[pattern]
        func work(_ count: Int, each: Bool) -> (work: Int, bytes: Int) {
            let bytes = Array((note(count) + " $x$\n").utf8)
            let counter = Protector.ScanWork()
            let result = Protector.protect(bytes, codeLines: [], searchEachOpener: each, work: counter)
            #expect(result.spans.map(\.content) == ["x"], "\(name)")
            return (counter.bytes, bytes.count)
        }
        let small = work(4000, each: false), large = work(8000, each: false)
        #expect(large.work <= 4 * large.bytes, "\(name): \(large.work) bytes read for \(large.bytes)")
        #expect(Double(large.work) <= 2.2 * Double(max(small.work, 1)), "\(name): \(small.work) then \(large.work)")
        let eachSmall = work(1000, each: true), eachLarge = work(2000, each: true)
        #expect(Double(eachLarge.work) >= 2.5 * Double(eachSmall.work), "\(name): \(eachSmall.work) then \(eachLarge.work)")
    }
}

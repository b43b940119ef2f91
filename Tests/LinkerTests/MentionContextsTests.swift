@testable import Linker
import Markdown
import Testing
import TestSupport

/// `MentionContexts` keeps a note's mention sentences as UTF-8 records in one buffer: every
/// sentence must come back as the `LinkContext` put in, whatever its parts hold, and the byte
/// ranges it hands the renderer must be exactly those parts.
@Suite struct MentionContextsTests {
    static let parts = [
        "", " ", "a", "변분 오토인코더", "😀", "👩‍👩‍👧", "🇰🇷 flag", "Cafe\u{301}", "<b>&amp;</b> \"q\" 'a'",
        "… 문장이 잘린", "line\nbreak\t", String(repeating: "가", count: 43), String(repeating: "x", count: 128),
        String(repeating: "한", count: 6_000) + "😀",
    ]

    static func random(_ random: inout SplitMix) -> LinkContext {
        LinkContext(before: random.pick(parts), match: random.pick(parts), after: random.pick(parts))
    }

    /// What each sentence's byte ranges hold, read back as strings.
    static func sentencesFromParts(_ contexts: MentionContexts) -> [LinkContext] {
        var out: [LinkContext] = []
        contexts.forEachParts { before, match, after in
            out.append(LinkContext(before: String(decoding: contexts.bytes[before], as: UTF8.self),
                                   match: String(decoding: contexts.bytes[match], as: UTF8.self),
                                   after: String(decoding: contexts.bytes[after], as: UTF8.self)))
        }
        return out
    }

    static func expectRoundTrip(_ sentences: [LinkContext], _ contexts: MentionContexts) {
        #expect(contexts.count == sentences.count)
        #expect(Array(contexts) == sentences)
        #expect(sentencesFromParts(contexts) == sentences)
        for (k, sentence) in sentences.enumerated() {
            let got = contexts[k]
            // Byte for byte, not only canonically equal.
            #expect(Array(got.before.utf8) == Array(sentence.before.utf8))
            #expect(Array(got.match.utf8) == Array(sentence.match.utf8))
            #expect(Array(got.after.utf8) == Array(sentence.after.utf8))
            let (before, match, after) = contexts.parts(at: k)
            #expect(before.upperBound == match.lowerBound && match.upperBound == after.lowerBound)
            #expect(Array(contexts.bytes[match]) == Array(sentence.match.utf8))
        }
    }

    @Test func koreanEmojiAndEmptyPartsComeBackAsPutIn() {
        let sentences = [
            LinkContext(before: "", match: "VAE", after: ""),
            LinkContext(before: "변분 ", match: "오토인코더", after: "를 GAN과 비교하면 😀."),
            LinkContext(before: "👩‍👩‍👧 and 🇰🇷 ", match: "Cafe\u{301}", after: ""),
            LinkContext(before: "", match: "", after: ""),
            LinkContext(before: "…" + String(repeating: "가", count: 160), match: "ELBO", after: String(repeating: "나", count: 160) + "…"),
        ]
        Self.expectRoundTrip(sentences, MentionContexts(sentences))
        Self.expectRoundTrip([], MentionContexts())
        Self.expectRoundTrip([], [])
        #expect(MentionContexts().bytes.isEmpty && MentionContexts([]).bytes.isEmpty)
    }

    @Test func manySentencesInOneNote() {
        var random = SplitMix(state: 0x3E17_0001)
        for round in 0..<40 {
            let sentences = (0..<(round * 7)).map { _ in Self.random(&random) }
            Self.expectRoundTrip(sentences, MentionContexts(sentences))
        }
    }

    /// Sentences of many mentions found interleaved, as the scan finds them, come back in each
    /// mention's own order, all in one buffer exactly as long as the records.
    @Test func interleavedMentionsShareOneBuffer() {
        var random = SplitMix(state: 0x3E17_0002)
        for _ in 0..<30 {
            let mentionCount = 1 + random.below(12)
            var expected = [[LinkContext]](repeating: [], count: mentionCount)
            var lists = [MentionContexts.Collector.List](repeating: .init(), count: mentionCount)
            var collector = MentionContexts.Collector()
            for _ in 0..<random.below(60) {
                let m = random.below(mentionCount)
                let sentence = Self.random(&random)
                expected[m].append(sentence)
                collector.append(to: &lists[m]) { bytes in
                    bytes += sentence.before.utf8
                    bytes += sentence.match.utf8
                    bytes += sentence.after.utf8
                    return (sentence.before.utf8.count, sentence.match.utf8.count, sentence.after.utf8.count)
                }
                #expect(lists[m].count == expected[m].count)
            }
            // Laid out in an order of their own, as the scan lays them out by concept.
            let order = Array(0..<mentionCount).shuffled(using: &random)
            let laid = collector.laidOut(order.map { lists[$0] })
            #expect(laid.count == mentionCount)
            for (k, m) in order.enumerated() { Self.expectRoundTrip(expected[m], laid[k]) }
            let total = expected.joined().reduce(0) { $0 + $1.before.utf8.count + $1.match.utf8.count + $1.after.utf8.count }
            if !expected.joined().isEmpty {
                let buffers = Set(laid.map { $0.bytes.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) } })
                #expect(buffers.count == 1, "one buffer for the note")
                // Three one-byte lengths at least per record, the parts' bytes, nothing more.
                #expect(laid[0].bytes.count >= total + 3 * expected.joined().count)
                #expect(laid[0].bytes.count == laid.map { Self.recordBytes(Array($0)) }.reduce(0, +))
            } else {
                #expect(laid.allSatisfy { $0.isEmpty && $0.bytes.isEmpty })
            }
        }
    }

    /// The bytes a list's records take: each part's length as LEB128, then the parts.
    static func recordBytes(_ sentences: [LinkContext]) -> Int {
        func leb(_ n: Int) -> Int { n < 0x80 ? 1 : n < 0x4000 ? 2 : 3 }
        return sentences.reduce(0) { sum, s in
            let (b, m, a) = (s.before.utf8.count, s.match.utf8.count, s.after.utf8.count)
            return sum + leb(b) + leb(m) + leb(a) + b + m + a
        }
    }

    /// Equal sentences are equal wherever they lie, and hash alike.
    @Test func equalityIsBySentences() {
        let sentences = [LinkContext(before: "a ", match: "VAE", after: " b"), LinkContext(before: "", match: "가", after: "")]
        var collector = MentionContexts.Collector()
        var first = MentionContexts.Collector.List(), second = MentionContexts.Collector.List()
        for s in [LinkContext(before: "x", match: "y", after: "z")] + sentences {
            let list = s.match == "y" ? 0 : 1
            func write(_ bytes: inout [UInt8]) -> (Int, Int, Int) {
                bytes += s.before.utf8; bytes += s.match.utf8; bytes += s.after.utf8
                return (s.before.utf8.count, s.match.utf8.count, s.after.utf8.count)
            }
            if list == 0 { collector.append(to: &first, writing: write) } else { collector.append(to: &second, writing: write) }
        }
        let laid = collector.laidOut([first, second])
        let alone = MentionContexts(sentences)
        #expect(laid[1] == alone)
        #expect(laid[1].hashValue == alone.hashValue)
        #expect(laid[0] != alone)
        #expect(MentionContexts() == [])
    }
}

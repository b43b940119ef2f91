import Diagnostics
import Foundation
@testable import Linker
import Markdown
import Testing
import TestSupport

/// The names-only extraction (`check`) finds no sections and reads headings from the ones it
/// recorded; the analysis cache tells texts apart by bytes. Both must give what the full walk
/// and a fresh analysis give, byte for byte.
@Suite struct ExtractorNamesOnlyTests {
    /// Every field of a fact a names-only walk keeps, with its section's first block: all but
    /// excerpts, locations and where sections end.
    static func keptFacts(_ f: NoteFacts) -> [String] {
        func bytes(_ names: [String]) -> String { names.map { Array($0.utf8).description }.joined(separator: "|") }
        return f.definitions.map {
            "\(bytes($0.names)) \(bytes($0.keys)) \($0.source) \($0.isBareHeading) \($0.anchor ?? "-") \($0.scope?.lowerBound ?? -1)"
        } + ["title \(f.titleDefinition.map(String.init) ?? "-")", "aliases \(bytes(f.aliases)) \(bytes(f.aliasKeys))",
             "synonyms \(f.synonyms.map(bytes)) \(f.synonymKeys.map(bytes))"]
    }

    /// Notes whose headings sit where a walk over text blocks and one over recorded headings
    /// could differ: inside quotes, lists and callouts, after a title heading, repeated, with
    /// acronym pairs and bold terms around them, in NFD and with odd spaces.
    static func trickyNotes(_ seed: UInt64) -> [(String, String)] {
        var random = SplitMix(state: seed)
        let headings = ["Variational Auto Encoder (VAE)", "Summary", "정리", "Dropout (드롭아웃)", "1. Batch Normalization (BN)",
                        "What is ELBO?", "Evidence Lower Bound (ELBO) and KL Divergence (KLD)", "Cafe\u{301} (CF)", "  Odd\u{3000}Spaces  ",
                        "Training Objective", "변분 오토인코더 (VAE)의 구조", "ReLU 계열", "Xavier (Glorot) Initialization"]
        let pieces = ["# \(random.pick(headings))", "## \(random.pick(headings))", "### \(random.pick(headings))",
                      "> ## Quoted Heading (QH)", "- ## Listed Heading (LH)\n- **Term**: text", "> [!note] Callout (CO)\n> body",
                      "**Bold Term (BT)**: defined here.", "Text with Kullback Leibler Divergence (KLD) inside.",
                      "| Table Heading (TH) | b |\n| - | - |\n| c | d |", "plain paragraph", "```\n# not a heading\n```"]
        var files: [(String, String)] = []
        for n in 0..<60 {
            var lines: [String] = []
            if random.chance(30) { lines.append("---\ntitle: \(random.pick(headings))\naliases: [Alias \(n), \"  Two Words  \", x]\nconcepts: [\"Front Matter (FM)\", Plain]\n---") }
            if random.chance(50) { lines.append("# Note \(n)") }
            for _ in 0..<(2 + random.below(10)) {
                lines.append(random.chance(40) ? "\(String(repeating: "#", count: 1 + random.below(4))) \(random.pick(headings))" : random.pick(pieces))
            }
            files.append(("n\(n).md", lines.joined(separator: "\n\n") + "\n"))
        }
        return files
    }

    @Test(arguments: 0..<6)
    func namesOnlyKeepsWhatTheFullWalkFinds(_ seed: Int) {
        var generator = VaultGenerator(seed: UInt64(seed))
        let notes = parsedNotes(generator.vault().files) + parsedNotes(studyVault) + parsedNotes(Self.trickyNotes(UInt64(seed)))
        var headingDefinitions = 0
        for note in notes {
            let full = ConceptExtractor.extract(note)
            let light = ConceptExtractor.extract(note, namesOnly: true)
            #expect(Self.keptFacts(light) == Self.keptFacts(full), "\(note.path.string)")
            // Both walks count the text blocks `TextBlocks` lists.
            #expect(full.blockCount == TextBlocksTests.textBlocks(of: note.document).count)
            #expect(light.blockCount == full.blockCount)
            // The full walk's heading sections start at their heading's block.
            for d in full.definitions where d.source == .heading {
                headingDefinitions += 1
                guard let scope = d.scope else {
                    Issue.record("a heading without its section")
                    continue
                }
                #expect(TextBlocksTests.topLevelHeading(at: scope.lowerBound, in: note.document)?.id == d.anchor)
            }
            // With a shared cache, the same facts as without one.
            let cache = TermAnalysisCache()
            for _ in 0..<2 {
                #expect(Self.keptFacts(ConceptExtractor.extract(note, analyses: cache, namesOnly: true)) == Self.keptFacts(light))
                #expect(Self.keptFacts(ConceptExtractor.extract(note, analyses: cache)) == Self.keptFacts(full))
            }
        }
        #expect(headingDefinitions > 50, "\(headingDefinitions) heading definitions")
    }

    /// A cached analysis is the analysis of those bytes: an NFD text and its NFC twin (equal to
    /// Swift's `==`) each get their own, whichever comes first, from any thread.
    @Test func cacheAnswersByBytes() {
        var random = SplitMix(state: 0xCAC4_0001)
        var generated: [String] = []
        for _ in 0..<3_000 {
            let text = TermRecognizerDifferentialTests.heading(&random)
            generated.append(text)
            if random.chance(30) { generated.append(text.decomposedStringWithCanonicalMapping) }
            if random.chance(30) { generated.append(text.precomposedStringWithCanonicalMapping) }
        }
        generated += ["Cafe\u{301} (CF)", "Caf\u{E9} (CF)", "Caf\u{E9} (CF)", "Cafe\u{301} (CF)", "", "", "정리", "\u{1109}\u{1165}\u{11BC}\u{1105}\u{1175}"]
        let cache = TermAnalysisCache()
        let mismatches = Mismatches()
        let texts = generated
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for (n, text) in texts.enumerated() where n % 2 == worker % 2 || worker > 1 {
                let got = cache.analyse(text)
                let want = TermRecognizer.analyse(text)
                let same = TermRecognizerDifferentialTests.same(got.defines, want.defines)
                    && got.synonyms.count == want.synonyms.count
                    && zip(got.synonyms, want.synonyms).allSatisfy { TermRecognizerDifferentialTests.same($0, $1) }
                    && TermRecognizerDifferentialTests.same(got.keys, want.defines.map(ConceptName.key))
                if !same { mismatches.add(text) }
            }
        }
        #expect(mismatches.texts.isEmpty, "\(mismatches.texts.map { String(reflecting: $0) })")
        let nfc = TermAnalysisCache.TextBytes("Caf\u{E9}"), nfd = TermAnalysisCache.TextBytes("Cafe\u{301}")
        #expect(nfc != nfd && nfc == TermAnalysisCache.TextBytes("Caf\u{E9}"))
    }

    final class Mismatches: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var texts: [String] = []
        func add(_ text: String) {
            lock.lock()
            texts.append(text)
            lock.unlock()
        }
    }

    @Test func colonIsFoundFromTheLastBytes() {
        var random = SplitMix(state: 0xC010_0001)
        for _ in 0..<20_000 {
            let text = TermFastPathTests.randomText(&random) + random.pick(["", ":", "：", ": ", "\u{301}", "：\u{301}", "a"])
            let want = text.unicodeScalars.last.map { $0 == ":" || $0 == "：" } ?? false
            #expect(TermRecognizer.endsWithColon(text) == want, "\(String(reflecting: text))")
        }
    }

    /// `String.trimmingSpaces` keeps the string itself only when trimming would keep every byte.
    @Test func trimmingKeepsUntouchedStrings() {
        var random = SplitMix(state: 0x7819_0001)
        for _ in 0..<20_000 {
            let text = TermFastPathTests.randomText(&random)
            let trimmed = text.trimmingSpaces()
            #expect(trimmed.utf8.elementsEqual(text.trimmingSpacesByScalar().utf8), "\(String(reflecting: text))")
            #expect(trimmed.utf8.elementsEqual(text[...].trimmingSpaces().utf8), "\(String(reflecting: text))")
            let untouched = text.withUTF8Bytes(String.hasNoSpaceAtEitherEnd)
            #expect(untouched == trimmed.utf8.elementsEqual(text.utf8), "\(String(reflecting: text))")
        }
    }
}

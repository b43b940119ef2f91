@testable import Linker
import Testing
import TestSupport
import Diagnostics

/// The names-only merge against `LegacyNameMerger` on generated vaults: titles that define a
/// concept or nothing, aliases known, unknown, repeated and keyless, acronym pairs in headings
/// and prose, template headings in many notes.
@Suite struct NameMergeDifferentialTests {
    static let titles = ["Variational Auto Encoder", "왜 Gradient를 써야 할까?", "Dropout", "Study note", "정리", "VAE",
                         "Evidence Lower Bound (ELBO)", "Kullback-Leibler Divergence", "Cafe\u{301} Filter (CF)", "- -"]
    static let aliases = ["VAE", "vae", "Auto Encoder", "Dropout", "드롭아웃", "ELBO", "- -", "Evidence Lower Bound",
                          "KL", "Caf\u{E9} Filter", "Cafe\u{301} Filter", "Topic Number 7 Method", "T7", "x", "  ", "Σ Sum"]
    static let headings = ["Training Objective", "정리", "Variational Auto Encoder (VAE)", "Topic Number 7 Method (T7)",
                           "Kullback-Leibler Divergence (KLD)", "Dropout", "Summary", "왜 Gradient를 써야 할까?",
                           "ELBO with Variational Auto Encoder (VAE)", "Batch Normalization (BN)", "Vae", "vae"]
    static let prose = ["Evidence Lower Bound (ELBO) is here.", "(3 x 3 + 1) 계산", "plain text", "T7 and VAE",
                        "Maximum Likelihood Estimation (MLE) again", "문장 (괄호) 끝", "㼈 stray bytes", "**Dropout**: drops.",
                        "Kullback（KL）", "Topic Number 7 Method (T7)"]

    static func vault(_ random: inout SplitMix, notes: Int) -> [(String, String)] {
        (0..<notes).map { n in
            var text = "---\n"
            if random.chance(80) { text += "title: \"\(random.pick(titles)) \(random.chance(50) ? String(n % 7) : "")\"\n" }
            if random.chance(60) {
                text += "aliases:\n" + (0..<(1 + random.below(3))).map { _ in "  - \"\(random.pick(aliases))\"\n" }.joined()
            }
            text += "---\n\n"
            for _ in 0..<(1 + random.below(5)) {
                text += "## \(random.pick(headings))\n\n\(random.pick(prose)) \(random.pick(prose))\n\n"
            }
            return ("n\(n).md", text)
        }
    }

    @Test func namesAgreeWithTheLegacyMerge() {
        var random = SplitMix(state: 0xA11C_0010)
        var concepts = 0
        for round in 0..<40 {
            let notes = parsedNotes(Self.vault(&random, notes: 10 + random.below(60)))
            let glossary = round % 4 == 0 ? Glossary(entries: [
                .init(name: "Variational Auto Encoder", aliases: ["VAE"], related: ["Dropout", "Nothing"],
                      location: SourceLocation(file: "g", line: 1, column: 1)),
            ]) : nil
            let catalog = ConceptCatalog.buildNames(notes: notes, glossary: glossary)
            let facts = notes.map { $0.isPublished ? ConceptExtractor.extract($0, namesOnly: true) : NoteFacts() }
            var legacy = LegacyNameMerger(notes: notes, facts: facts, glossary: glossary ?? Glossary())
            let (names, byKey) = legacy.mergeNames()
            #expect(catalog.names.count == names.count, "round \(round)")
            #expect(catalog.names.map { $0.map { Array($0.utf8) } } == names.map { $0.map { Array($0.utf8) } }, "round \(round)")
            #expect(catalog.byKey.dictionary == byKey, "round \(round)")
            // The full build makes the same names.
            #expect(ConceptCatalog.build(notes: notes, glossary: glossary, mentions: false).names == catalog.names)
            concepts += names.count
        }
        #expect(concepts > 200, "\(concepts) concepts")
    }
}

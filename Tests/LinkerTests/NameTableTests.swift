import Diagnostics
import Foundation
@testable import Linker
import Testing
import TestSupport

/// `NameTable`: the numbers the parsing threads give the concept facts' keys and spellings must
/// tell them apart exactly as the merge's `[String: Int]` dictionaries did (Swift's `==`), from
/// any thread, in any order; and the merge over those numbers must make the catalog the string
/// keys made (`LegacyNameMerger`), whatever order the names were numbered in.
@Suite struct NameTableTests {
    /// Names whose keys or spellings are equal under `==` but not in bytes, or equal in bytes
    /// after folding only: Hangul in NFC and NFD, the Kelvin and Ångström signs (canonically
    /// the letters K and Å), a combining acute, case, spaces, no-break spaces and hyphens.
    static let tricky: [String] = [
        "변분 오토인코더", "변분 오토인코더".decomposedStringWithCanonicalMapping, "변분오토인코더", "변분-오토인코더",
        "Kelvin Scale", "\u{212A}elvin Scale", "kelvin scale", "KELVIN-SCALE",
        "\u{C5}ngstr\u{F6}m", "\u{212B}ngstr\u{F6}m", "A\u{30A}ngstro\u{308}m", "\u{E5}ngstr\u{F6}m",
        "Caf\u{E9} Filter", "Cafe\u{301} Filter", "CAFE\u{301} FILTER", "Café\u{A0}Filter",
        "Auto Encoder", "Auto-Encoder", "auto\u{2010}encoder", "AutoEncoder", "Auto\u{A0}Encoder", "Auto  Encoder",
        "VAE", "vae", "Vae", "V-A-E", "ﬁlter", "filter", "Σ Sum", "σ sum", "ς sum", "- -", "  ", "",
    ]

    /// Numbers `names` (each with its key) in `table` and checks them against `==` on the keys
    /// and on the spellings, pair by pair.
    static func expectSameClasses(_ names: [String], _ refs: [NameRef], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let keys = names.map(ConceptName.key)
        let spellings = names.map(ConceptMerger.nfc)
        for i in names.indices {
            #expect((refs[i].key < 0) == keys[i].isEmpty, "\(names[i])", sourceLocation: sourceLocation)
            #expect(refs[i].normalizes == ConceptName.needsNormalization(names[i]), sourceLocation: sourceLocation)
            for j in names.indices {
                if !keys[i].isEmpty && !keys[j].isEmpty {
                    #expect((refs[i].key == refs[j].key) == (keys[i] == keys[j]), "\(names[i]) / \(names[j])",
                            sourceLocation: sourceLocation)
                }
                #expect((refs[i].spelling == refs[j].spelling) == (spellings[i] == spellings[j]), "\(names[i]) / \(names[j])",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test func numbersTellNamesApartAsStringsDo() {
        var random = SplitMix(state: 0x4E41_4D45)
        // The tricky names, and names made of their pieces.
        var names = Self.tricky
        for _ in 0..<200 {
            names.append(random.pick(Self.tricky) + random.pick(["", " ", "-", "\u{301}"]) + random.pick(Self.tricky))
        }
        let table = NameTable()
        var batch = NameTable.Batch()
        for name in names { batch.add(name, key: ConceptName.key(name)) }
        Self.expectSameClasses(names, batch.numbered(in: table))
    }

    /// The table's keys: equal exactly when the strings are, with equal hashes then, so a name is
    /// found under any spelling `==` takes for it (NFD for NFC, the Kelvin sign for K).
    @Test func hashedNamesAreEqualAsStringsAre() {
        var table: [HashedName: Int] = [:]
        for (k, name) in Self.tricky.enumerated() where table[HashedName(name)] == nil { table[HashedName(name)] = k }
        for a in Self.tricky {
            #expect(table[HashedName(a)].map { Self.tricky[$0] == a } == true, "\(a)")
            for b in Self.tricky {
                #expect((HashedName(a) == HashedName(b)) == (a == b), "\(a) / \(b)")
                if a == b { #expect(HashedName(a).hashValue == HashedName(b).hashValue) }
            }
        }
        #expect(table.count == Set(Self.tricky).count)
    }

    /// Names numbered from several threads at once, in chunks, share one table.
    @Test func numbersFromManyThreadsAgree() {
        var random = SplitMix(state: 0x7412_EAD5)
        let names = (0..<2_000).map { _ in random.pick(Self.tricky) + random.pick(["", " X", "-x", " \(random.below(5))"]) }
        let table = NameTable(capacity: 16)
        let chunks = stride(from: 0, to: names.count, by: 7).map { Array(names[$0..<min($0 + 7, names.count)]) }
        let refs = chunks.parallelMap { chunk -> [NameRef] in
            var batch = NameTable.Batch()
            for name in chunk { batch.add(name, key: ConceptName.key(name)) }
            return batch.numbered(in: table)
        }.flatMap { $0 }
        Self.expectSameClasses(names, refs)
        // Every number the table gave is below its count, and its strings are distinct numbers.
        let snapshot = table.snapshot
        #expect(Set(snapshot.values).count == snapshot.count)
        #expect(refs.allSatisfy { Int($0.key) < snapshot.count && Int($0.spelling) < snapshot.count })
    }

    /// `needsNormalization` answers an ASCII name without its byte scan: the same answer as the
    /// scan, on names with long ASCII runs before, between and after the bytes it looks for.
    @Test func needsNormalizationAgreesWithItsScan() {
        func scan(_ text: String) -> Bool {
            var previous: UInt8 = 0
            for b in text.utf8 {
                if b == 0xCC || b == 0xCD || (previous == 0xE1 && b >= 0x84 && b <= 0x87) { return true }
                previous = b
            }
            return false
        }
        var random = SplitMix(state: 0x5CA7)
        let pieces = ["a", "Variational ", "-", "0123456789abcdef", "\u{301}", "\u{1100}", "\u{1161}", "가", "é", "\u{212B}", "ሀ", " "]
        for _ in 0..<2_000 {
            let text = (0..<random.below(12)).map { _ in random.pick(pieces) }.joined()
            #expect(ConceptName.needsNormalization(text) == scan(text), "\(Array(text.utf8))")
        }
    }

    /// A spelling whose bytes are its key's shares the key's number, an NFD name's too once its
    /// spelling is normalised: one string to number for both. "Dropout" has two.
    @Test func aSpellingThatIsItsKeySharesItsNumber() {
        let table = NameTable()
        var batch = NameTable.Batch()
        let names = ["정리", "dropout", "Dropout", "\u{1100}\u{1161}", "가"]
        for name in names { batch.add(name, key: ConceptName.key(name)) }
        #expect(batch.strings.count == names.count + 1)
        let refs = batch.numbered(in: table)
        #expect(refs[0].key == refs[0].spelling && refs[1].key == refs[1].spelling)
        #expect(refs[2].key == refs[1].key && refs[2].spelling != refs[1].spelling)
        Self.expectSameClasses(names, refs)
    }

    /// A note's facts are numbered in the order the merge reads them: definitions, pairs, aliases.
    @Test func factsAreNumberedInReadingOrder() {
        let notes = parsedNotes([("a.md", "---\ntitle: Variational Auto Encoder (VAE)\naliases: [vae, \"\u{212A}elvin\"]\n---\n\n## Dropout\n\nThe Evidence Lower Bound (ELBO) here.\n")])
        var facts = ConceptExtractor.extract(notes[0])
        NameTable().number(&facts)
        let names = facts.definitions.flatMap(\.names) + facts.synonyms.flatMap { $0 } + facts.aliases
        #expect(facts.nameRefs.all.count == names.count)
        #expect(facts.nameRefs.synonymsStart == facts.definitions.reduce(0) { $0 + $1.names.count })
        #expect(facts.nameRefs.aliasesStart == facts.nameRefs.synonymsStart + facts.synonyms.reduce(0) { $0 + $1.count })
        #expect(facts.aliases.count == 2)
        Self.expectSameClasses(names, facts.nameRefs.all)
    }

    // MARK: The merge over numbers

    static func vault(_ random: inout SplitMix, notes: Int) -> [(String, String)] {
        (0..<notes).map { n in
            var text = "---\n"
            if random.chance(80) { text += "title: \"\(random.pick(tricky))\"\n" }
            if random.chance(60) {
                text += "aliases:\n" + (0..<(1 + random.below(3))).map { _ in "  - \"\(random.pick(tricky))\"\n" }.joined()
            }
            text += "---\n\n"
            for _ in 0..<(1 + random.below(4)) {
                let heading = random.chance(30) ? "\(random.pick(tricky)) (\(random.pick(["VAE", "KS", "CF", "AE"])))" : random.pick(tricky)
                text += "## \(heading)\n\n**\(random.pick(tricky))**: text.\n\n"
                text += "\(random.pick(["Auto Encoder (AE) again", "Kelvin Scale (KS)", "plain", "Café Filter (CF)"]))\n\n"
            }
            return ("n\(n).md", text)
        }
    }

    /// The facts of `notes` from `extractor`, whose table first numbers every name of the vault
    /// in reverse: the order the parsing threads number names in must not matter.
    static func factsNumberedInReverse(_ notes: [ParsedNote], extractor: ConceptFactExtractor, namesOnly: Bool) -> [ConceptFacts] {
        var batch = NameTable.Batch()
        for note in notes.reversed() where note.isPublished {
            let f = ConceptExtractor.extract(note, namesOnly: namesOnly)
            let names = f.definitions.flatMap(\.names) + f.synonyms.flatMap { $0 } + f.aliases
            for name in names.reversed() { batch.add(name, key: ConceptName.key(name)) }
        }
        _ = batch.numbered(in: extractor.names)
        return notes.map { extractor.facts(of: $0) }
    }

    @Test func mergeOverNumbersAgreesWithStringKeys() {
        var random = SplitMix(state: 0x0DD_0DE5)
        var concepts = 0, normalized = 0, signs = 0
        for round in 0..<30 {
            let notes = parsedNotes(Self.vault(&random, notes: 5 + random.below(40)))
            let glossary = round % 3 == 0 ? Glossary(entries: [
                .init(name: "\u{212B}ngstr\u{F6}m", aliases: ["Kelvin Scale", "변분 오토인코더".decomposedStringWithCanonicalMapping],
                      related: ["Auto-Encoder", "Nothing"], location: SourceLocation(file: "g", line: 1, column: 1)),
            ]) : nil
            let reversed = Self.factsNumberedInReverse(notes, extractor: ConceptFactExtractor(namesOnly: true), namesOnly: true)
            let catalog = ConceptCatalog.buildNames(notes: notes, facts: reversed, glossary: glossary)
            let facts = notes.map { $0.isPublished ? ConceptExtractor.extract($0, namesOnly: true) : NoteFacts() }
            var legacy = LegacyNameMerger(notes: notes, facts: facts, glossary: glossary ?? Glossary())
            let (names, byKey) = legacy.mergeNames()
            #expect(catalog.names.map { $0.map { Array($0.utf8) } } == names.map { $0.map { Array($0.utf8) } }, "round \(round)")
            #expect(catalog.byKey.dictionary == byKey, "round \(round)")
            for name in Self.tricky {
                #expect(catalog.concept(named: name) == byKey[ConceptName.key(name)], "\(name)")
            }

            // The full merge, numbered in reverse and in order, makes one catalog.
            let full = ConceptCatalog.build(notes: notes, glossary: glossary, mentions: false)
            let fullReversed = ConceptCatalog.build(
                notes: notes, facts: Self.factsNumberedInReverse(notes, extractor: ConceptFactExtractor(namesOnly: false), namesOnly: false),
                glossary: glossary, mentions: false)
            #expect(fullReversed.concepts.map { Array($0.key.utf8) } == full.concepts.map { Array($0.key.utf8) })
            #expect(fullReversed.concepts.map { $0.names.map { Array($0.utf8) } } == full.concepts.map { $0.names.map { Array($0.utf8) } })
            #expect(fullReversed.concepts.map(\.permalink) == full.concepts.map(\.permalink))
            #expect(fullReversed.concepts.map { $0.definitions.map { "\($0.note) \($0.anchor ?? "") \($0.source)" } }
                == full.concepts.map { $0.definitions.map { "\($0.note) \($0.anchor ?? "") \($0.source)" } })
            #expect(fullReversed.noteDefinitions == full.noteDefinitions)
            #expect(fullReversed.byKey.dictionary == byKey && full.names == catalog.names)
            #expect(fullReversed.diagnostics.map(\.description) == catalog.diagnostics.map(\.description))
            concepts += names.count
            // The tricky names reach the merge as they were written: NFD, and the signs.
            normalized += reversed.reduce(0) { $0 + $1.value.nameRefs.all.count { $0.normalizes } }
            signs += reversed.reduce(0) { $0 + $1.value.aliases.count { $0.hasPrefix("\u{212A}") || $0.hasPrefix("\u{212B}") } }
        }
        #expect(concepts > 60, "\(concepts) concepts")
        #expect(normalized > 100 && signs > 20, "\(normalized) names to normalise, \(signs) signs")
    }
}

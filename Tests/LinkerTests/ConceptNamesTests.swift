import Diagnostics
import Foundation
@testable import Linker
import Markdown
import Notes
import Testing
import TestSupport

/// `ConceptCatalog.buildNames` against `build`: the same keys, each with the same concept, the
/// same names for every concept, the same glossary warnings, on the fixture vaults and on
/// generated ones.
@Suite struct ConceptNamesTests {
    /// Every key `build` gives a concept, with the same index, and every concept's names.
    static func expectSameNames(_ notes: [ParsedNote], glossary: Glossary?, probes: [String] = [],
                                sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let full = ConceptCatalog.build(notes: notes, glossary: glossary, mentions: false)
        let names = ConceptCatalog.buildNames(notes: notes, glossary: glossary)
        #expect(names.isNamesOnly && !full.isNamesOnly, sourceLocation: sourceLocation)
        #expect(Set(names.byKey.dictionary.keys) == Set(full.byKey.dictionary.keys), sourceLocation: sourceLocation)
        #expect(Set(full.byKey.dictionary.keys) == expectedKeys(notes, glossary: glossary), sourceLocation: sourceLocation)
        #expect(names.byKey.dictionary == full.byKey.dictionary, sourceLocation: sourceLocation)
        #expect(names.names == full.concepts.map(\.names), sourceLocation: sourceLocation)
        // The names a catalog of names only makes when asked (from its spellings), concept by
        // concept, byte for byte: the suggestions ask for them that way.
        #expect(names.conceptCount == full.concepts.count && full.conceptCount == full.concepts.count, sourceLocation: sourceLocation)
        for c in full.concepts.indices {
            #expect(names.names(of: c).map { Array($0.utf8) } == full.concepts[c].names.map { Array($0.utf8) },
                    "\(full.concepts[c].names)", sourceLocation: sourceLocation)
            #expect(full.names(of: c) == full.concepts[c].names, sourceLocation: sourceLocation)
            var appended = ["before"], appendedFull = ["before"]
            names.appendNames(of: c, to: &appended)
            full.appendNames(of: c, to: &appendedFull)
            #expect(appended.map { Array($0.utf8) } == (["before"] + full.concepts[c].names).map { Array($0.utf8) },
                    sourceLocation: sourceLocation)
            #expect(appendedFull == ["before"] + full.concepts[c].names, sourceLocation: sourceLocation)
        }
        #expect(names.diagnostics.map(\.description) == full.diagnostics.map(\.description), sourceLocation: sourceLocation)
        #expect(names.relatedEdges == full.relatedEdges, sourceLocation: sourceLocation)
        let spellings = full.concepts.flatMap { $0.names + [$0.key] }
        for probe in probes + spellings {
            #expect(names.concept(named: probe) == full.concept(named: probe), "\(probe)", sourceLocation: sourceLocation)
        }
    }

    /// The keys the catalog should have, as the merge's rules say, written out apart from it: the
    /// glossary's names and aliases; the definitions' names, except template headings (a bare
    /// heading in `templateMinimum` notes and a `templateShare`th of the published ones); the
    /// names of acronym pairs that define nothing, when the pair holds a key known by then (in
    /// note order, so one pair can make the next one's known); every alias.
    static func expectedKeys(_ notes: [ParsedNote], glossary: Glossary?) -> Set<String> {
        let facts = notes.map { $0.isPublished ? ConceptExtractor.extract($0) : NoteFacts() }
        let published = notes.count { $0.isPublished }
        var bare: [String: Int] = [:]
        for f in facts {
            for key in Set(f.definitions.filter(\.isBareHeading).map { $0.keys[0] }) { bare[key, default: 0] += 1 }
        }
        let templates = Set(bare.filter { $0.value >= ConceptMerger.templateMinimum && $0.value * ConceptMerger.templateShare >= published }.keys)
        var keys = Set<String>()
        func add(_ names: [String]) {
            for name in names where !ConceptName.key(name).isEmpty { keys.insert(ConceptName.key(name)) }
        }
        for entry in glossary?.entries ?? [] { add([entry.name] + entry.aliases) }
        for f in facts {
            for d in f.definitions where !(d.isBareHeading && templates.contains(ConceptName.key(d.names[0]))) { add(d.names) }
        }
        for f in facts {
            for pair in f.synonyms where pair.contains(where: { keys.contains(ConceptName.key($0)) }) { add(pair) }
        }
        for f in facts { add(f.aliases) }
        return keys
    }

    // MARK: Fixture vaults

    static let fixtures: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    @Test(arguments: ["basic", "check-broken", "check-clean", "concepts", "vae-elbo-kl"])
    func fixtureVault(_ name: String) throws {
        let folder = ConceptNamesTests.fixtures.appendingPathComponent(name)
        let content = FileManager.default.fileExists(atPath: folder.appendingPathComponent("content").path)
            ? folder.appendingPathComponent("content") : folder
        let vault = try VaultLoader.load(root: content, ignore: [])
        let notes = vault.notes.map { ParsedNote.parse(Note.load($0), policy: .optOut, includeDrafts: false) }
        var glossary: Glossary?
        if let text = try? String(contentsOf: folder.appendingPathComponent("concepts.yml"), encoding: .utf8) {
            glossary = Glossary.parse(text, file: "concepts.yml").glossary
        }
        #expect(!notes.isEmpty)
        ConceptNamesTests.expectSameNames(notes, glossary: glossary)
        // The study vault of the catalog tests, with and without the fixture's glossary.
        ConceptNamesTests.expectSameNames(parsedNotes(studyVault), glossary: glossary, probes: ["Hidden Idea", "HI", "변분 오토인코더"])
    }

    // MARK: Generated vaults

    @Test(arguments: 0..<24)
    func generatedVault(_ seed: Int) {
        var generator = VaultGenerator(seed: UInt64(seed))
        let (files, glossary) = generator.vault()
        let notes = parsedNotes(files)
        let full = ConceptCatalog.build(notes: notes, glossary: glossary, mentions: false)
        #expect(!full.concepts.isEmpty)
        ConceptNamesTests.expectSameNames(notes, glossary: glossary, probes: generator.probes)
    }

    /// The generated vaults hold what the merge treats apart: template headings that are not
    /// concepts, acronym pairs that only join known names (in chains), aliases, drafts and
    /// decomposed or recased spellings of one name.
    @Test func generatedVaultsCoverTheCases() {
        var templates = 0, chains = 0, unpublished = 0, nfdJoined = 0, glossaryWarnings = 0
        for seed in 0..<24 {
            var generator = VaultGenerator(seed: UInt64(seed))
            let (files, glossary) = generator.vault()
            let notes = parsedNotes(files)
            let catalog = ConceptCatalog.build(notes: notes, glossary: glossary, mentions: false)
            if catalog.concept(named: VaultGenerator.templateHeadings[0]) == nil { templates += 1 }
            unpublished += notes.count { !$0.isPublished }
            glossaryWarnings += catalog.diagnostics.count
            // A chain: the second pair's acronym is known only through the first pair.
            for chain in generator.chains where catalog.concept(named: chain.second) != nil {
                if catalog.concept(named: chain.second) == catalog.concept(named: chain.first) { chains += 1 }
            }
            for (nfc, nfd) in generator.decomposed where catalog.concept(named: nfc) != nil {
                if catalog.concept(named: nfd) == catalog.concept(named: nfc) { nfdJoined += 1 }
            }
        }
        #expect(templates > 0)
        #expect(chains > 0)
        #expect(unpublished > 0)
        #expect(nfdJoined > 0)
        #expect(glossaryWarnings > 0)
    }

    // MARK: Extraction without locations

    /// What a names-only merge reads of a note's facts.
    static func nameFacts(_ f: NoteFacts) -> [String] {
        f.definitions.map { "\($0.names) \($0.keys) \($0.isBareHeading)" }
            + ["title \(f.titleDefinition.map(String.init) ?? "-")", "aliases \(f.aliases) \(f.aliasKeys)",
               "synonyms \(f.synonyms) \(f.synonymKeys)"]
    }

    @Test(arguments: 0..<8)
    func namesOnlyExtractionFindsTheSameNames(_ seed: Int) {
        var generator = VaultGenerator(seed: UInt64(seed))
        let notes = parsedNotes(generator.vault().files) + parsedNotes(studyVault)
        for note in notes {
            let full = ConceptExtractor.extract(note)
            let light = ConceptExtractor.extract(note, namesOnly: true)
            #expect(ConceptNamesTests.nameFacts(light) == ConceptNamesTests.nameFacts(full), "\(note.path.string)")
            #expect(light.lead == nil && light.definitions.allSatisfy { $0.excerpt == nil })
        }
    }

    // MARK: The catalog's names

    @Test func namesAreEveryConceptsNamesInConceptOrder() throws {
        let notes = parsedNotes(studyVault)
        let full = ConceptCatalog.build(notes: notes)
        #expect(full.names == full.concepts.map(\.names))
        let names = ConceptCatalog.buildNames(notes: notes)
        #expect(names.concepts.isEmpty)
        let vae = try #require(names.concept(named: "Variational Autoencoder"))
        #expect(names.names[vae].first == "VAE")
        #expect(names.names[vae].contains("변분 오토인코더"))
        #expect(names.concept(named: "Hidden Idea") == nil)
    }

    /// A concept's aliases: each case-insensitive form once (the first in the spellings' order),
    /// never the shown name's, in byte order; short lists and long ones alike.
    @Test func aliasesKeepEachCaseInsensitiveFormOnce() {
        var random = SplitMix(state: 7)
        let forms = ["Dropout", "dropout", "DROPOUT", "Drop-out", "drop out", "Caf\u{E9}", "Cafe\u{301}", "CAF\u{C9}",
                     "Batch Norm", "batch norm", "BN", "bn", "Layer Norm", "LN", "Ln", "Résumé", "RÉSUMÉ"]
        for size in 1...20 {
            for _ in 0..<20 {
                var spellings: [String] = []
                while spellings.count < size {
                    let s = random.pick(forms) + (random.chance(30) ? " \(random.below(3))" : "")
                    if !spellings.contains(where: { $0.utf8.elementsEqual(s.utf8) }) { spellings.append(s) }
                }
                let draft = ConceptMerger.Draft(root: 0, name: spellings[0], key: "", spellings: spellings, inGlossary: false)
                var seen: Set<String> = [spellings[0].lowercased()]
                let expected = spellings.dropFirst().filter { seen.insert($0.lowercased()).inserted }
                    .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                #expect(ConceptMerger.aliases(of: draft).map { Array($0.utf8) } == expected.map { Array($0.utf8) }, "\(spellings)")
            }
        }
    }

    /// Differently cased spellings of one name: the one shown wins, the others are no names of
    /// their own; a spelling with another key stays.
    @Test func caseVariantsAreOneName() throws {
        let files = [
            ("a.md", "# Batch Norm\n\n본문\n"),
            ("b.md", "---\naliases: [batch norm, BATCH NORM, Batch-Norm]\n---\n# Batch Norm 정리\n\n본문\n"),
            ("c.md", "## batch norm\n\n본문\n"),
        ]
        let notes = parsedNotes(files)
        ConceptNamesTests.expectSameNames(notes, glossary: nil)
        let names = ConceptCatalog.buildNames(notes: notes)
        let c = try #require(names.concept(named: "BATCH NORM"))
        #expect(names.names[c] == ["Batch Norm", "Batch-Norm"])
    }
}

/// A seeded vault in the shapes the merge treats apart.
struct VaultGenerator {
    var random: SplitMix
    /// Names to look up besides those of the concepts found.
    var probes: [String] = []
    /// Acronym pairs written so that the second acronym joins the first only through a pair
    /// that defines nothing.
    var chains: [(first: String, second: String)] = []
    /// NFC and NFD spellings of one name.
    var decomposed: [(nfc: String, nfd: String)] = []

    init(seed: UInt64) {
        random = SplitMix(state: seed &* 0x2545_F491_4F6C_DD1D &+ 17)
    }

    static let words = ["Apple", "Banana", "Cherry", "Delta", "Echo", "Falcon", "Garnet", "Harbor", "Island", "Jasper",
                        "Kernel", "Lantern", "Meadow", "Nebula", "Orbit", "Prism", "Quartz", "Raven", "Summit", "Tensor"]
    static let accented = ["Caf\u{E9}", "Na\u{EF}ve", "R\u{E9}sum\u{E9}", "\u{C5}ngstr\u{F6}m"]
    static let korean = ["변분", "추론", "정규화", "학습", "잠재"]
    static let templateHeadings = ["Training Objective", "Key Takeaways"]

    static func nfd(_ s: String) -> String { s.decomposedStringWithCanonicalMapping }

    mutating func words(_ count: Int) -> [String] {
        (0..<count).map { _ in random.pick(VaultGenerator.words) }
    }

    /// A term of one to three words, sometimes accented, Korean, hyphenated or recased.
    mutating func term() -> String {
        var parts = words(1 + random.below(3))
        if random.chance(15) { parts[random.below(parts.count)] = random.pick(VaultGenerator.accented) }
        if random.chance(10) { parts.append(random.pick(VaultGenerator.korean)) }
        var text = parts.joined(separator: random.chance(15) ? "-" : " ")
        if random.chance(10) { text = text.lowercased() }
        if random.chance(5) { text = text.uppercased() }
        if random.chance(10) {
            let nfd = VaultGenerator.nfd(text)
            if nfd != text || !nfd.utf8.elementsEqual(text.utf8) { decomposed.append((text, nfd)) }
            text = nfd
        }
        probes += [text, text.lowercased(), VaultGenerator.nfd(text)]
        return text
    }

    /// `Long Form (LF)`: the acronym spells the long form's initials.
    mutating func pair() -> (long: String, acronym: String) {
        let long = words(2 + random.below(2))
        let acronym = String(long.map { $0.first! })
        probes += [acronym, long.joined(separator: " ")]
        return (long.joined(separator: " "), acronym)
    }

    mutating func vault() -> (files: [(String, String)], glossary: Glossary?) {
        var files: [(String, String)] = []
        let count = 30 + random.below(60)
        var known: [String] = []
        for n in 0..<count {
            var front: [String] = []
            var body: [String] = []
            let published = !random.chance(10)
            if !published { front.append("draft: true") }
            switch random.below(5) {
            case 0:
                let p = pair()
                front.append("title: \(p.long) (\(p.acronym))")
                known.append(p.acronym)
            case 1:
                let t = term()
                front.append("title: \(t)")
                known.append(t)
            case 2:
                front.append("title: Week \(n) notes on what we did")
            case 3:
                body.append("# \(term())\n")
            default:
                break
            }
            if random.chance(30) {
                var aliases: [String] = []
                for _ in 0..<(1 + random.below(3)) {
                    aliases.append(random.chance(50) && !known.isEmpty ? random.pick(known) : term())
                }
                if random.chance(20) { aliases.append(random.pick(aliases).lowercased()) }
                front.append("aliases: [\(aliases.joined(separator: ", "))]")
            }
            if random.chance(15) { front.append("concepts: [\(term()), \(term())]") }
            if random.chance(40) {
                for heading in VaultGenerator.templateHeadings where random.chance(70) {
                    body.append("## \(heading)\n\nText about it.\n")
                }
            }
            for _ in 0..<random.below(4) {
                switch random.below(6) {
                case 0:
                    let t = term()
                    body.append("## \(t)\n\nAbout \(t).\n")
                    known.append(t)
                case 1:
                    let p = pair()
                    body.append("## \(p.long) (\(p.acronym))\n\nIt is \(p.acronym).\n")
                    known.append(p.acronym)
                case 2:
                    // One pair defines, the others are synonyms that join only known names.
                    let p = pair(), q = pair()
                    let known1 = known.isEmpty ? p.acronym : random.pick(known)
                    body.append("### \(p.long) (\(p.acronym)) with \(q.long) (\(q.acronym)) and \(known1)\n\nText.\n")
                case 3:
                    let t = term()
                    body.append("- **\(t)**: what it is.\n")
                    known.append(t)
                case 4:
                    let p = pair()
                    body.append("We use \(p.long) (\(p.acronym)) in the lab.\n")
                default:
                    body.append(chainSection())
                }
            }
            let text = (front.isEmpty ? "" : "---\n" + front.joined(separator: "\n") + "\n---\n") + body.joined(separator: "\n") + "\nEnd.\n"
            files.append(("n\(String(format: "%03d", n)).md", text))
        }
        // A chain: a defined acronym (`ABC`); a pair that defines nothing joins its long form to
        // it, and a later one gives that long form a second acronym (`ABCh`).
        let (a, b, c) = (random.pick(VaultGenerator.words), random.pick(VaultGenerator.words), random.pick(VaultGenerator.words))
        let long = "\(a) \(b) \(c)"
        let first = "\(a.first!)\(b.first!)\(c.first!)"
        let second = "\(a.first!)\(b.first!)\(c.prefix(2))"
        chains.append((first, second))
        files.append(("chain-0.md", "## \(first)\n\nDefined here.\n"))
        files.append(("chain-1.md", "### Delta Echo (DE) with \(long) (\(first))\n\nText.\n"))
        files.append(("chain-2.md", "### Orbit Prism (OP) with \(long) (\(second))\n\nText.\n"))
        probes += [first, second, long] + VaultGenerator.templateHeadings

        guard random.chance(70) else { return (files, nil) }
        var entries: [Glossary.Entry] = []
        for e in 0..<(1 + random.below(4)) {
            let name = random.chance(50) && !known.isEmpty ? random.pick(known) : term()
            let aliases = (0..<random.below(3)).map { _ in random.chance(40) && !known.isEmpty ? random.pick(known) : term() }
            let related = (0..<random.below(3)).map { _ in random.chance(50) && !known.isEmpty ? random.pick(known) : "Nothing \(e)" }
            entries.append(Glossary.Entry(name: name, aliases: aliases, related: related,
                                          location: Diagnostics.SourceLocation(file: "concepts.yml", line: e + 1, column: 1)))
        }
        return (files, Glossary(entries: entries))
    }

    /// A section whose heading writes a defining pair, then a pair that defines nothing.
    mutating func chainSection() -> String {
        let p = pair(), q = pair()
        return "## \(p.long) (\(p.acronym)) vs \(q.long) (\(q.acronym))\n\nText.\n"
    }
}

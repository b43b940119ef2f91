import Diagnostics
@testable import Linker
import Markdown
import Notes
import Testing
import TestSupport

/// `ConceptAutolinker` counts a block's text instead of decoding it and cuts the nodes it links
/// out of their own strings; it must add exactly the links, and write exactly the text, the
/// autolinker as it was did (`ReferenceConceptAutolinker`), NFD text and names split by markup
/// included.
@Suite struct AutolinkDifferentialTests {
    static let extraPieces = ["VAE\u{301}는", "오토\u{1102}\u{1165} VAE를", "Cafe\u{301} ELBO", "*VAE* and ELBO then KL",
                              "**KL** ELBO VAE ELBO VAE", "🙂 VAE 🙂 KL", "<b>VAE</b> ELBO", "Variational *Auto* Encoder",
                              "a<br>VAE <BR/> KL", "<br\u{301}>ELBO", "Ᾰ VAE ELBO", "[KL](kl.md) VAE KL", "<span>x</span> KL *VAE* ELBO"]

    static func note(_ random: inout SplitMix) -> String {
        var text = AutolinkShortcutTests.note(&random)
        for _ in 0..<random.below(4) { text += "\n\n" + random.pick(extraPieces) + " " + random.pick(AutolinkShortcutTests.pieces) }
        return text
    }

    @Test func linksAndTextAsBefore() {
        var random = SplitMix(state: 0xD1FF_A070)
        var added = 0
        for _ in 0..<60 {
            var files: [(String, String)] = [
                ("elbo.md", "# ELBO\n\n## Bound\n\nThe Evidence Lower Bound.\n"),
                ("vae.md", "---\ntitle: VAE\n---\n" + Self.note(&random)),
            ]
            for k in 0..<4 { files.append(("n\(k).md", Self.note(&random))) }
            let vault = linkedVault(files, glossary: AutolinkTests.glossary)
            for note in vault.notes.indices {
                let parsed = vault.notes[note]
                guard parsed.isPublished, note < vault.concepts.noteMatches.count, !vault.concepts.noteMatches[note].isEmpty else { continue }
                for mode in [AutolinkMode.first, .all] {
                    let fast = vault.autolinked(note, mode: mode)
                    let catalog = vault.concepts
                    let notes = vault.notes
                    var reference = ReferenceConceptAutolinker(
                        source: parsed.document, resolutions: vault.resolutions[note], scanned: catalog.noteMatches[note], mode: mode,
                        reachedBy: { catalog.concepts(reachedBy: $0, from: note, notes: notes) },
                        definitions: note < catalog.noteDefinitions.count ? catalog.noteDefinitions[note] : [],
                        location: SourceLocation(file: parsed.path.string, line: parsed.note.bodyStartLine, column: 1))
                    let expected = reference.run()
                    // Bytes compared: strings compare canonically equivalent text as equal.
                    let a = Array((HTMLRenderer(document: fast.document).render() + "\(fast.resolutions)").utf8)
                    let b = Array((HTMLRenderer(document: expected.document).render() + "\(expected.resolutions)").utf8)
                    #expect(a == b, "\(parsed.path.string) \(mode)")
                    #expect(fast.document.links.map { Array(($0.label ?? "").utf8) } == expected.document.links.map { Array(($0.label ?? "").utf8) })
                    added += fast.resolutions.count - vault.resolutions[note].count
                }
            }
        }
        #expect(added > 500, "\(added) links added")
    }
}

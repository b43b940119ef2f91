@testable import Linker
import Markdown
import Notes
import Testing
import TestSupport

/// The autolinker passes over blocks the mention scan found nothing in without making their
/// text (`ConceptAutolinker.shortcut`); it must link exactly what the full walk links.
@Suite struct AutolinkShortcutTests {
    static let pieces = [
        "VAE는 ELBO를 최대화한다.", "KL 항", "plain words", "[the ELBO note](elbo.md)", "[](elbo.md)", "[`code`](vae.md)",
        "[[ELBO]]", "[[VAE|변분]]", "[[elbo#Bound]]", "https://example.com/VAE", "<https://x.org>", "`VAE`", "$KL$",
        "*emphasis VAE*", "**[KL divergence](kl.md)**", "<span>ELBO</span>", "![VAE](v.png)", "Evidence Lower Bound",
        "[see  \nbreak](kl.md)", "footnote[^1]", "~~KL~~", "",
    ]
    static let blocks = ["## Section", "### Bound", "- ", "> ", "| a | b |\n|---|---|\n| ", "> [!note] Title\n> ", "", ""]

    static func note(_ random: inout SplitMix) -> String {
        var lines: [String] = []
        for _ in 0..<(1 + random.below(10)) {
            let prefix = random.pick(blocks)
            if prefix.hasPrefix("#") {
                lines.append(prefix)
                continue
            }
            let text = (0..<(1 + random.below(4))).map { _ in random.pick(pieces) }.joined(separator: " ")
            lines.append(prefix + text + (prefix.hasPrefix("|") ? " | x |" : ""))
            lines.append("")
        }
        lines.append("[^1]: the note")
        return lines.joined(separator: "\n")
    }

    @Test func shortcutLinksWhatTheFullWalkLinks() {
        var random = SplitMix(state: 0xA070)
        for round in 0..<60 {
            var files: [(String, String)] = [
                ("elbo.md", "# ELBO\n\n## Bound\n\nThe Evidence Lower Bound.\n"),
                ("vae.md", "---\ntitle: VAE\n---\n" + Self.note(&random)),
                ("kl.md", "# KL divergence\n\n" + Self.note(&random)),
            ]
            for k in 0..<3 { files.append(("n\(k).md", Self.note(&random))) }
            let vault = linkedVault(files, glossary: AutolinkTests.glossary)
            for note in vault.notes.indices {
                for mode in AutolinkMode.allCases {
                    let fast = vault.autolinked(note, mode: mode, shortcut: true)
                    let full = vault.autolinked(note, mode: mode, shortcut: false)
                    let a = HTMLRenderer(document: fast.document).render() + "\(fast.resolutions)"
                    let b = HTMLRenderer(document: full.document).render() + "\(full.resolutions)"
                    #expect(a == b, "round \(round), \(vault.notes[note].path.string), \(mode)")
                }
            }
        }
    }
}

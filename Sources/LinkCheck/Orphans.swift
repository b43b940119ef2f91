import Diagnostics
import Foundation
public import Linker
import Markdown
import Notes

/// `--orphans`: published notes and files that no note links to, embeds or shows.
///
/// Links from unpublished notes count: a file a draft uses is not safe to delete. The home note
/// (the one published at the site's root) is where readers arrive, so it is never an orphan.
public enum Orphans {
    public static func find(in vault: LinkedVault) -> [Finding] {
        let notes = vault.notes
        let perNote = Array(notes.indices).parallelMap { i -> (notes: [Int], assets: [NotePath]) in
            var linkedNotes: [Int] = []
            var linkedAssets: [NotePath] = []
            for resolution in vault.resolutions[i] {
                if case .note(let target, _) = resolution, target != i {
                    linkedNotes.append(target)
                } else if case .unpublished(let target) = resolution, target != i {
                    linkedNotes.append(target)
                } else if case .asset(let path) = resolution {
                    linkedAssets.append(path)
                }
            }
            let parsed = notes[i]
            for image in HTMLImages.references(in: parsed.document, body: parsed.note.body, file: parsed.path.string, firstLine: 1) {
                let src = image.source
                guard !OfflineChecker.hasScheme(src) else { continue }
                let decoded = src.percentDecoded ?? src
                if let path = parsed.path.resolving(decoded), case .asset(let asset) = vault.index.resolvePath(path) {
                    linkedAssets.append(asset)
                }
            }
            return (linkedNotes, linkedAssets)
        }
        var linkedNotes = Set<Int>()
        var linkedAssets = Set<NotePath>()
        for part in perNote {
            linkedNotes.formUnion(part.notes)
            linkedAssets.formUnion(part.assets)
        }
        var findings: [Finding] = []
        for (i, note) in notes.enumerated() where note.isPublished && note.permalink != .root && !linkedNotes.contains(i) {
            findings.append(Finding(.orphan, at: SourceLocation(file: note.path.string, line: 1, column: 1), target: note.path.string,
                                    message: "no note links to \(note.path.string)"))
        }
        for asset in vault.assets.keys.sorted() where !linkedAssets.contains(asset) {
            findings.append(Finding(.orphan, at: SourceLocation(file: asset.string, line: 1, column: 1), target: asset.string,
                                    message: "no note links to \(asset.string); the site leaves it out"))
        }
        return findings.sorted()
    }
}

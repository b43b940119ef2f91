import Diagnostics
import Foundation
public import Linker
import Markdown
public import Notes

/// `--since REF` / `--changed FILE…`: which notes to check when only some files changed.
///
/// A changed note can break notes that did not change: a renamed heading breaks every anchor
/// to it, a deleted or renamed note every link to it. So the scope is the changed notes, every
/// note with a link that resolves to a changed file, and every note with a broken link whose
/// target names a changed (deleted, renamed) path.
public enum ChangeScope {
    public static func sources(in vault: LinkedVault, changed: Set<NotePath>) -> Set<Int> {
        let notes = vault.notes
        let names = Set(changed.flatMap { [$0.string, $0.withoutExtension, $0.stem].map(NoteIndex.key) })
        let hits = Array(notes.indices).parallelMap { i -> Bool in
            if changed.contains(notes[i].path) { return true }
            for (k, resolution) in vault.resolutions[i].enumerated() {
                if case .note(let target, _) = resolution, changed.contains(notes[target].path) { return true }
                if case .unpublished(let target) = resolution, changed.contains(notes[target].path) { return true }
                if case .asset(let path) = resolution, changed.contains(path) { return true }
                guard case .broken = resolution else { continue }
                let link = notes[i].document.links[k]
                switch link.kind {
                case .wikiLink, .embed:
                    if names.contains(NoteIndex.key(link.destination)) { return true }
                    if let last = link.destination.split(separator: "/").last, names.contains(NoteIndex.key(String(last))) { return true }
                case .markdown, .image:
                    let decoded = link.destination.percentDecoded ?? link.destination
                    if let path = notes[i].path.resolving(decoded),
                       names.contains(NoteIndex.key(path.string)) || names.contains(NoteIndex.key(path.withoutExtension)) {
                        return true
                    }
                }
            }
            return false
        }
        return Set(notes.indices.filter { hits[$0] })
    }
}

public import Foundation

/// Whether an output folder is safe to replace. Every build replaces the output folder whole,
/// so it must hold nothing the build reads: not the content folder, and no note.
public enum OutputFolder {
    /// Why `output` must not be the site's folder for the notes in `content`, or nil when it
    /// may be. Checked before the notes are read (a usage error, exit 2), and again by the
    /// pipeline before anything is written.
    public static func problem(output: URL, content: URL) -> (message: String, hint: String)? {
        let hint = "choose an output folder outside the content folder, such as site/ beside it"
        let out = output.resolvingSymlinksInPath().standardizedFileURL
        let notes = content.resolvingSymlinksInPath().standardizedFileURL
        if out.pathComponents == notes.pathComponents {
            return ("the output folder \(output.path) is the content folder: every build replaces the output folder whole, which would delete the notes", hint)
        }
        if isAncestor(out, of: notes) {
            return ("the output folder \(output.path) contains the content folder \(content.path): every build replaces the output folder whole, which would delete the notes", hint)
        }
        // Inside the content folder is allowed (`content: .` with `_site`, which the walk
        // skips), but not over notes: they would go with the previous site.
        if isAncestor(notes, of: out), let note = firstNote(in: out) {
            let shown = note.path.hasPrefix(out.path + "/") ? String(note.path.dropFirst(out.path.count + 1)) : note.path
            return ("the output folder \(output.path) holds notes (\(shown)): every build replaces the output folder whole, which would delete them", hint)
        }
        return nil
    }

    private static func isAncestor(_ folder: URL, of other: URL) -> Bool {
        let a = folder.pathComponents, b = other.pathComponents
        return b.count > a.count && Array(b.prefix(a.count)) == a
    }

    /// A Markdown file anywhere below `folder`, hidden and ignored ones included (they would be
    /// deleted as well); nil when there is none or the folder does not exist.
    private static func firstNote(in folder: URL) -> URL? {
        guard let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return nil }
        for case let url as URL in walk {
            let ext = url.pathExtension.lowercased()
            if ext == "md" || ext == "markdown" { return url }
        }
        return nil
    }
}

public import Diagnostics
public import Markdown
public import Notes

/// Raw-HTML `<a href>` links (`RawHTMLLinks` reads them) resolved exactly as the Markdown link
/// `[…](href)` would be: the linker copies the files they name, the site rewrites them to the
/// target's page, and `check` reports the ones that lead nowhere, all from this one resolution.
extension LinkedVault {
    /// The link `href` of a raw `<a>` in note `source` would be as a Markdown link, and where it
    /// leads; nil for an empty `href`.
    public func resolveRawLink(_ href: String, in source: Int, at location: SourceLocation) -> (link: LinkOccurrence, resolution: Resolution)? {
        RawLinks.resolve(href, in: source, notes: notes, index: index, at: location)
    }

    /// `resolveRawLink` from the parts of the vault it reads, for `check`, which holds those
    /// rather than the vault.
    public static func resolveRawLink(_ href: String, in source: Int, notes: [ParsedNote], index: NoteIndex,
                                      at location: SourceLocation) -> (link: LinkOccurrence, resolution: Resolution)? {
        RawLinks.resolve(href, in: source, notes: notes, index: index, at: location)
    }
}

enum RawLinks {
    /// `href` split at its first `#` into destination and fragment, as the Markdown parser
    /// splits a link's destination.
    static func occurrence(_ href: String, at location: SourceLocation) -> LinkOccurrence? {
        guard !href.isEmpty else { return nil }
        var destination = href
        var fragment: String?
        if let hash = href.firstIndex(of: "#") {
            fragment = String(href[href.index(after: hash)...])
            destination = String(href[..<hash])
        }
        return LinkOccurrence(kind: .markdown, destination: destination, fragment: fragment, location: location)
    }

    static func resolve(_ href: String, in source: Int, notes: [ParsedNote], index: NoteIndex,
                        at location: SourceLocation) -> (link: LinkOccurrence, resolution: Resolution)? {
        guard let link = occurrence(href, at: location) else { return nil }
        // Without diagnostics: the linker's warnings are about Markdown links; `check` reports
        // the raw ones from this resolution.
        var resolver = Resolver(notes: notes, index: index, source: source, diagnoses: false)
        let resolution = withUnsafePointer(to: link) { resolver.resolve($0) }
        return (link, resolution)
    }

    /// The files the raw `<a href>` links of note `source` lead to, for the linker to copy.
    static func assets(of source: Int, notes: [ParsedNote], index: NoteIndex) -> [NotePath] {
        var found: [NotePath] = []
        for html in notes[source].document.rawHTML where RawHTMLLinks.mayHoldLink(html) {
            for target in RawHTMLLinks.targets(in: Array(html.utf8)) {
                let location = SourceLocation(file: notes[source].path.string, line: 1, column: 1)
                if case .asset(let path)? = resolve(target.source, in: source, notes: notes, index: index, at: location)?.resolution {
                    found.append(path)
                }
            }
        }
        return found
    }
}

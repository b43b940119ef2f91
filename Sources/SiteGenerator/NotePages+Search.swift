import Diagnostics
import Markdown
import Notes
public import SearchIndex

extension NotePages {
    /// The search entries of the published notes, in path order, then of the concepts, in
    /// catalog order: titles, aliases, tags, and each note's sections (`SearchText`), hrefs from
    /// the site root. An unpublished note has no entry, and its title appears in none: a link
    /// to it is text, as on the page (its label as written).
    public func searchDocuments(mode: SearchMode) -> [SearchDocument] {
        guard mode != .none else { return [] }
        let root = Permalink.HrefOrigin(.root)
        let published = vault.notes.indices.filter { vault.notes[$0].isPublished }
        var documents = published.parallelMap { n -> SearchDocument in
            let document = vault.notes[n].document
            let fm = vault.notes[n].note.frontMatter
            let sections = SearchText.sections(of: document, skippingFirstBlock: droppedTitle(of: n, in: document, idPrefix: "") != nil,
                                               withText: mode == .full, fragment: Permalink.encodeFragment)
            return SearchDocument(kind: .note, title: vault.notes[n].title,
                                  href: targets.notes[n].href(from: root, fragment: nil, directoryIndex: directoryIndex),
                                  folder: vault.notes[n].path.folder, tags: fm.tags, aliases: fm.aliases, sections: sections)
        }
        let catalog = vault.concepts
        documents.reserveCapacity(documents.count + catalog.concepts.count)
        for c in catalog.concepts.indices {
            documents.append(SearchDocument(kind: .concept, title: catalog.concepts[c].name,
                                            href: targets.concepts[c].href(from: root, fragment: nil, directoryIndex: directoryIndex),
                                            aliases: catalog.concepts[c].aliases))
        }
        return documents
    }
}

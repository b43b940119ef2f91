import Diagnostics
import Markdown
import Notes
public import SearchIndex

extension NotePages {
    /// How many notes' entries are made at once (on every core) and handed on together.
    static let searchBatch = 512

    /// The search entries of the published notes, in path order, then of the concepts, in
    /// catalog order: titles, aliases, tags, and each note's sections (`SearchText`), hrefs from
    /// the site root. An unpublished note has no entry, and its title appears in none: a link
    /// to it is text, as on the page (its label as written).
    ///
    /// Handed to `batch` a few hundred at a time, in order: the index is written as they come,
    /// and the text of every note (a vault's size) is never held at once.
    public func searchDocuments<E: Error>(mode: SearchMode, batch: ([SearchDocument]) throws(E) -> Void) throws(E) {
        guard mode != .none else { return }
        let root = Permalink.HrefOrigin(.root)
        let published = vault.notes.indices.filter { vault.notes[$0].isPublished }
        var start = 0
        while start < published.count {
            let end = min(start + Self.searchBatch, published.count)
            let documents = Array(published[start..<end]).parallelMap { n -> SearchDocument in
                let document = vault.notes[n].document
                let fm = vault.notes[n].note.frontMatter
                let sections = SearchText.sections(of: document, skippingFirstBlock: droppedTitle(of: n, in: document, idPrefix: "") != nil,
                                                   withText: mode == .full, fragment: Permalink.encodeFragment)
                return SearchDocument(kind: .note, title: vault.notes[n].title,
                                      href: targets.notes[n].href(from: root, fragment: nil, directoryIndex: directoryIndex),
                                      folder: vault.notes[n].path.folder, tags: fm.tags, aliases: fm.aliases, sections: sections)
            }
            try batch(documents)
            start = end
        }
        let catalog = vault.concepts
        var documents: [SearchDocument] = []
        documents.reserveCapacity(min(catalog.concepts.count, Self.searchBatch * 8))
        for c in catalog.concepts.indices {
            documents.append(SearchDocument(kind: .concept, title: catalog.concepts[c].name,
                                            href: targets.concepts[c].href(from: root, fragment: nil, directoryIndex: directoryIndex),
                                            aliases: catalog.concepts[c].aliases))
            if documents.count == Self.searchBatch * 8 {
                try batch(documents)
                documents.removeAll(keepingCapacity: true)
            }
        }
        if !documents.isEmpty { try batch(documents) }
    }
}

extension Block {
    /// Whether a footnote reference (`[^1]`) is anywhere inside the block: in its text, a
    /// table cell, a callout's title, a list item, a link's text or an image's alt text.
    ///
    /// A block rendered on its own (a concept's defining paragraph) needs its note's footnote
    /// definitions only when it refers to one; most refer to none, and looking for the
    /// definitions among all of a long note's blocks for every excerpt made a note with
    /// thousands of definitions quadratic.
    public var referencesFootnote: Bool {
        !forEachFootnoteReference { _ in false }
    }

    /// Calls `visit` with the label of each footnote reference inside the block, in document
    /// order, while it returns true; returns false when `visit` stopped the walk. The one walk
    /// of footnote references: whether a block has one (`referencesFootnote`), and how many
    /// footnotes a page lists (`MarkdownDocument.footnoteCount`).
    func forEachFootnoteReference(_ visit: (String) -> Bool) -> Bool {
        switch self {
        case .paragraph(let inlines), .heading(_, let inlines, _, _):
            return Inline.forEachFootnoteReference(in: inlines, visit)
        case .blockQuote(let blocks), .footnoteDefinition(_, let blocks):
            return blocks.allSatisfy { $0.forEachFootnoteReference(visit) }
        case .callout(let callout):
            return Inline.forEachFootnoteReference(in: callout.title, visit)
                && callout.blocks.allSatisfy { $0.forEachFootnoteReference(visit) }
        case .list(_, let items):
            return items.allSatisfy { item in item.blocks.allSatisfy { $0.forEachFootnoteReference(visit) } }
        case .table(_, let header, let rows):
            return header.allSatisfy { Inline.forEachFootnoteReference(in: $0, visit) }
                && rows.allSatisfy { row in row.allSatisfy { Inline.forEachFootnoteReference(in: $0, visit) } }
        case .codeBlock, .htmlBlock, .thematicBreak:
            return true
        }
    }
}

extension Inline {
    /// `Block.forEachFootnoteReference` over `inlines` and what is inside them.
    static func forEachFootnoteReference(in inlines: [Inline], _ visit: (String) -> Bool) -> Bool {
        inlines.allSatisfy { inline in
            switch inline {
            case .footnoteReference(let label):
                return visit(label)
            case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, let c), .image(_, let c):
                return forEachFootnoteReference(in: c, visit)
            case .text, .softBreak, .lineBreak, .code, .html, .wikiLink, .math:
                return true
            }
        }
    }
}

extension MarkdownDocument {
    /// How many footnotes the rendered body lists: one per distinct label referenced (the
    /// renderer numbers them `fn-1`, `fn-2`, … in order of first reference). cmark-gfm makes a
    /// reference only where the label has a definition. A link to `#fn-3` leads somewhere
    /// only on a page with at least three.
    public var footnoteCount: Int {
        guard blocks.contains(where: { if case .footnoteDefinition = $0 { true } else { false } }) else { return 0 }
        var labels = Set<String>()
        for block in blocks {
            _ = block.forEachFootnoteReference { labels.insert($0); return true }
        }
        return labels.count
    }
}

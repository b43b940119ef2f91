extension Block {
    /// Whether a footnote reference (`[^1]`) is anywhere inside the block: in its text, a
    /// table cell, a callout's title, a list item, a link's text or an image's alt text.
    ///
    /// A block rendered on its own (a concept's defining paragraph) needs its note's footnote
    /// definitions only when it refers to one; most refer to none, and looking for the
    /// definitions among all of a long note's blocks for every excerpt made a note with
    /// thousands of definitions quadratic.
    public var referencesFootnote: Bool {
        switch self {
        case .paragraph(let inlines), .heading(_, let inlines, _, _):
            return Inline.referenceFootnote(inlines)
        case .blockQuote(let blocks), .footnoteDefinition(_, let blocks):
            return blocks.contains { $0.referencesFootnote }
        case .callout(let callout):
            return Inline.referenceFootnote(callout.title) || callout.blocks.contains { $0.referencesFootnote }
        case .list(_, let items):
            return items.contains { item in item.blocks.contains { $0.referencesFootnote } }
        case .table(_, let header, let rows):
            return header.contains(where: Inline.referenceFootnote) || rows.contains { $0.contains(where: Inline.referenceFootnote) }
        case .codeBlock, .htmlBlock, .thematicBreak:
            return false
        }
    }
}

extension Inline {
    /// Whether a footnote reference is among `inlines` or inside one of them.
    static func referenceFootnote(_ inlines: [Inline]) -> Bool {
        inlines.contains { inline in
            switch inline {
            case .footnoteReference:
                return true
            case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, let c), .image(_, let c):
                return referenceFootnote(c)
            case .text, .softBreak, .lineBreak, .code, .html, .wikiLink, .math:
                return false
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
        var labels = Set<String>()
        func walk(_ inlines: [Inline]) {
            for inline in inlines {
                switch inline {
                case .footnoteReference(let label):
                    labels.insert(label)
                case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, let c), .image(_, let c):
                    walk(c)
                case .text, .softBreak, .lineBreak, .code, .html, .wikiLink, .math:
                    continue
                }
            }
        }
        func walk(_ block: Block) {
            switch block {
            case .paragraph(let inlines), .heading(_, let inlines, _, _):
                walk(inlines)
            case .blockQuote(let blocks), .footnoteDefinition(_, let blocks):
                blocks.forEach(walk)
            case .callout(let callout):
                walk(callout.title)
                callout.blocks.forEach(walk)
            case .list(_, let items):
                for item in items { item.blocks.forEach(walk) }
            case .table(_, let header, let rows):
                header.forEach(walk)
                for row in rows { row.forEach(walk) }
            case .codeBlock, .htmlBlock, .thematicBreak:
                break
            }
        }
        guard blocks.contains(where: { if case .footnoteDefinition = $0 { true } else { false } }) else { return 0 }
        blocks.forEach(walk)
        return labels.count
    }
}

public import Diagnostics

/// Column alignment of a GFM table.
public enum TableAlignment: Sendable, Hashable {
    case none, left, center, right
}

/// How an Obsidian callout folds: `> [!tip]-` starts closed, `> [!tip]+` starts open.
public enum CalloutFolding: Sendable, Hashable {
    case notFoldable, open, closed
}

public struct ListInfo: Sendable, Hashable {
    public var ordered: Bool
    public var start: Int
    public var tight: Bool
}

public struct ListItem: Sendable {
    /// nil for an ordinary item, the checkbox state for a GFM task-list item.
    public var task: Bool?
    public var blocks: [Block]
}

/// An Obsidian callout (`> [!note] Title`): a blockquote whose first line names a type.
public struct Callout: Sendable {
    /// The type word as written, lowercased (`note`, `tip`, `용어`).
    public var kind: String
    /// The title as written; empty when none was given (the renderer shows the type instead).
    public var title: [Inline]
    public var folding: CalloutFolding
    public var blocks: [Block]
}

/// A block of the document, with everything the C tree held copied into Swift values.
public enum Block: Sendable {
    case paragraph([Inline])
    case heading(level: Int, content: [Inline], id: String, line: Int)
    case blockQuote([Block])
    case callout(Callout)
    case list(ListInfo, [ListItem])
    case codeBlock(info: String, literal: String)
    case htmlBlock(String)
    case thematicBreak
    case table(alignments: [TableAlignment], header: [[Inline]], rows: [[[Inline]]])
    case footnoteDefinition(label: String, [Block])
}

/// An inline element. Links, images, wikilinks and math carry an index into the document's
/// occurrence tables, where their targets and source locations live.
public enum Inline: Sendable {
    case text(String)
    case softBreak
    case lineBreak
    case code(String)
    case html(String)
    case emphasis([Inline])
    case strong([Inline])
    case strikethrough([Inline])
    /// A Markdown link; the index points into `MarkdownDocument.links`.
    case link(Int, [Inline])
    /// A Markdown image; the index points into `MarkdownDocument.links`.
    case image(Int, alt: [Inline])
    /// A wikilink or embed; the index points into `MarkdownDocument.links`.
    case wikiLink(Int)
    /// Math; the index points into `MarkdownDocument.math`.
    case math(Int)
    case footnoteReference(label: String)
}

/// Where a link-like element came from.
public enum LinkKind: String, Sendable, Hashable {
    /// `[text](destination)`
    case markdown
    /// `![alt](source)`
    case image
    /// `[[target]]`
    case wikiLink
    /// `![[target]]`
    case embed
}

/// One link-like element in a note, in document order, with its exact source location and the
/// sentence around it (for backlinks).
public struct LinkOccurrence: Sendable, Hashable {
    public var kind: LinkKind
    /// For Markdown links and images, the destination as written (percent-encoding intact).
    /// For wikilinks and embeds, the target part (`folder/Note`), empty for `[[#Heading]]`.
    public var destination: String
    /// Heading, block (`^id`) or fragment part: `Note#A#B` gives `A#B`; nil when absent.
    public var fragment: String?
    /// The label written after `|` in a wikilink (or an embed's size such as `300`), or the plain
    /// text of a Markdown link's content.
    public var label: String?
    public var title: String?
    public var location: SourceLocation
    /// Plain text of the sentence holding the link, split around the link's own text.
    public var context: LinkContext?

    public init(kind: LinkKind, destination: String, fragment: String? = nil, label: String? = nil,
                title: String? = nil, location: SourceLocation, context: LinkContext? = nil) {
        self.kind = kind
        self.destination = destination
        self.fragment = fragment
        self.label = label
        self.title = title
        self.location = location
        self.context = context
    }
}

public struct LinkContext: Sendable, Hashable {
    public var before: String
    public var match: String
    public var after: String
    public var sentence: String { before + match + after }

    public init(before: String, match: String, after: String) {
        self.before = before
        self.match = match
        self.after = after
    }
}

/// A math span: the TeX exactly as written, and whether it is display math.
public struct MathOccurrence: Sendable, Hashable {
    public var tex: String
    public var display: Bool
    /// Where the opening delimiter starts.
    public var location: SourceLocation
    /// How many characters the opening delimiter has: the TeX starts that far after `location`.
    public var delimiterLength: Int

    public init(tex: String, display: Bool, location: SourceLocation, delimiterLength: Int = 1) {
        self.tex = tex
        self.display = display
        self.location = location
        self.delimiterLength = delimiterLength
    }

    /// The location of the scalar `offset` characters into the TeX, for messages about a part of
    /// a formula (an unknown command), following the TeX across lines.
    public func location(ofTeXOffset offset: Int) -> SourceLocation {
        var result = location
        result.column += delimiterLength
        for (i, scalar) in tex.unicodeScalars.enumerated() where i < offset {
            if scalar == "\n" {
                result.line += 1
                result.column = 1
            } else {
                result.column += 1
            }
        }
        return result
    }
}

/// A heading with its id as the renderer writes it.
public struct HeadingInfo: Sendable, Hashable {
    public var level: Int
    /// Plain text, math as its TeX, wikilinks as their label.
    public var text: String
    public var id: String
    public var location: SourceLocation
}

/// A parsed note body: the tree plus the tables later phases read (headings, links, math).
public struct MarkdownDocument: Sendable {
    public var blocks: [Block] {
        didSet { mayHoldRawHTML = true }
    }
    public var headings: [HeadingInfo]
    public var links: [LinkOccurrence]
    public var math: [MathOccurrence]
    public var diagnostics: [Diagnostic]
    /// False when the parser made no raw HTML for `blocks` (`Converter`) and they have not been
    /// set since: `rawHTML` is then empty without a walk of the tree. Most notes hold no raw
    /// HTML, and the walk cost `check` as much as a tenth of converting the tree.
    var mayHoldRawHTML = true

    /// The text of the first level-1 heading, the title of a note that has none in front matter.
    public var firstTitleHeading: String? {
        headings.first(where: { $0.level == 1 })?.text
    }

    /// The raw HTML of the tree, blocks and inline, in document order: what a reader of
    /// `<img src>` and ids needs from it. Code is not raw HTML and is left out.
    public var rawHTML: [String] {
        guard mayHoldRawHTML else { return [] }
        return walkedRawHTML
    }

    /// `rawHTML` found by walking the tree, whatever the parser made: the tests hold the two
    /// to each other.
    var walkedRawHTML: [String] {
        var html: [String] = []
        Self.collect(blocks, into: &html)
        return html
    }

    /// This document with its tree cut down to its raw HTML (`rawHTML` gives the same list):
    /// for `notegraph check`, which reads the headings and the links tables and, of the tree,
    /// only the raw HTML. Ten thousand notes' trees held to the end of a check were half its
    /// memory, fresh pages the kernel had to fault in and zero.
    public func keepingRawHTMLOnly() -> MarkdownDocument {
        var pruned = self
        pruned.blocks = rawHTML.map { .htmlBlock($0) }
        return pruned
    }

    private static func collect(_ blocks: [Block], into html: inout [String]) {
        for block in blocks {
            switch block {
            case .htmlBlock(let text): html.append(text)
            case .paragraph(let inlines): collect(inlines, into: &html)
            case .heading(_, let content, _, _): collect(content, into: &html)
            case .blockQuote(let children): collect(children, into: &html)
            case .callout(let callout):
                collect(callout.title, into: &html)
                collect(callout.blocks, into: &html)
            case .list(_, let items): for item in items { collect(item.blocks, into: &html) }
            case .table(_, let header, let rows):
                for cell in header { collect(cell, into: &html) }
                for row in rows { for cell in row { collect(cell, into: &html) } }
            case .footnoteDefinition(_, let children): collect(children, into: &html)
            case .codeBlock, .thematicBreak: continue
            }
        }
    }

    private static func collect(_ inlines: [Inline], into html: inout [String]) {
        for inline in inlines {
            switch inline {
            case .html(let text): html.append(text)
            case .emphasis(let children), .strong(let children), .strikethrough(let children), .link(_, let children):
                collect(children, into: &html)
            case .image(_, let alt): collect(alt, into: &html)
            default: continue
            }
        }
    }
}

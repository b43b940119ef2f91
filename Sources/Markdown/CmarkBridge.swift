import CCmarkGFM
import CParseArena
import Diagnostics
import Foundation

/// A node of cmark-gfm's tree, read where it lies: the pointer is valid only inside the
/// `Cmark.withDocument` call that handed out the document, which drops the tree on return.
/// The converter reads each node once, so copying the tree into Swift values first (as an
/// earlier version did) only cost time: allocations, copies and array growth for every node.
struct CmarkNode {
    enum Kind: Equatable {
        case document, blockQuote, list, item, codeBlock, htmlBlock, paragraph, heading, thematicBreak
        case footnoteDefinition, table, tableHeader, tableRow, tableCell
        case text, softBreak, lineBreak, code, htmlInline, emphasis, strong, strikethrough
        case link, image, footnoteReference
        /// A node of a type the converter does not know: its content is kept as inlines. (It
        /// carried the type's name, which nothing read; without it the kind, and the node, are
        /// plain values, copied and dropped without reference counting.)
        case other
    }

    let pointer: OpaquePointer
    let kind: Kind
    /// Levels below the document (0): decides whether `children` keeps containers.
    let depth: Int

    init(_ pointer: OpaquePointer, type: cmark_node_type, depth: Int) {
        self.pointer = pointer
        self.kind = Self.kind(of: pointer, type: type)
        self.depth = depth
    }

    /// The literal text of a text, code, HTML, code block or footnote reference node.
    var literal: String { Cmark.string(cmark_node_get_literal(pointer)) }
    /// The literal's bytes where cmark keeps them, valid while the tree lives: a text node's
    /// bytes go straight into the converter's buffer, without a String (and its UTF-8
    /// validation) in between.
    var literalBytes: UnsafeBufferPointer<UInt8> {
        guard let pointer = cmark_node_get_literal(pointer) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeRawPointer(pointer).withMemoryRebound(to: UInt8.self, capacity: 1) { start in
            UnsafeBufferPointer(start: start, count: strlen(pointer))
        }
    }
    /// A link's or image's destination.
    var url: String { Cmark.string(cmark_node_get_url(pointer)) }
    /// A link's or image's title.
    var title: String { Cmark.string(cmark_node_get_title(pointer)) }
    /// A fenced code block's info string.
    var fenceInfo: String { Cmark.string(cmark_node_get_fence_info(pointer)) }
    var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }
    var startLine: Int32 { cmark_node_get_start_line(pointer) }
    var startColumn: Int32 { cmark_node_get_start_column(pointer) }

    var listInfo: ListInfo {
        ListInfo(ordered: cmark_node_get_list_type(pointer) == CMARK_ORDERED_LIST,
                 start: Int(cmark_node_get_list_start(pointer)),
                 tight: cmark_node_get_list_tight(pointer) != 0)
    }

    /// nil for an ordinary list item, the checkbox state for a task-list item.
    var taskChecked: Bool? {
        guard let name = cmark_node_get_type_string(pointer), strcmp(name, "tasklist") == 0 else { return nil }
        return cmark_gfm_extensions_get_tasklist_item_checked(pointer)
    }

    /// A table's column alignments.
    var alignments: [TableAlignment] {
        let columns = Int(cmark_gfm_extensions_get_table_columns(pointer))
        guard let alignments = cmark_gfm_extensions_get_table_alignments(pointer) else { return [] }
        return (0..<columns).map { i in
            switch alignments[i] {
            case UInt8(ascii: "l"): .left
            case UInt8(ascii: "c"): .center
            case UInt8(ascii: "r"): .right
            default: .none
            }
        }
    }

    var children: Children { Children(of: self) }

    /// The children the converter sees, in order. Down to `Cmark.maxDepth` levels (counting
    /// the document) they are cmark's own. A node on the last kept level instead gets the
    /// iterator's leaves below it, in document order: every container deeper than the limit is
    /// dropped and its content joins the nearest kept ancestor. So a note with thousands of
    /// nested `>` or list markers converts (and later renders) in bounded recursion, with the
    /// document the earlier copying walk gave: that walk dropped every non-leaf node it entered
    /// with `maxDepth` kept ancestors open (the document among them) and kept every leaf.
    struct Children: Sequence, IteratorProtocol {
        private let parent: OpaquePointer
        private let depth: Int
        private let flattens: Bool
        private var candidate: OpaquePointer?

        init(of node: CmarkNode) {
            parent = node.pointer
            depth = node.depth + 1
            flattens = depth >= Cmark.maxDepth
            candidate = cmark_node_first_child(node.pointer)
        }

        /// How many children the parent has in cmark's tree, when this level keeps them as
        /// they are (every level but the last): room to reserve for what they convert to, which
        /// is one block each. Zero on a flattening level, whose count is not known up front.
        var keptCount: Int {
            guard !flattens else { return 0 }
            var count = 0
            var node = candidate
            while let current = node {
                count += 1
                node = cmark_node_next(current)
            }
            return count
        }

        mutating func next() -> CmarkNode? {
            while let node = candidate {
                let type = cmark_node_get_type(node)
                if flattens, !Cmark.isLeaf(type) {
                    // A dropped container: its content (if any) takes its place.
                    candidate = cmark_node_first_child(node) ?? successor(of: node)
                    continue
                }
                candidate = successor(of: node)
                return CmarkNode(node, type: type, depth: depth)
            }
            return nil
        }

        /// The next sibling, or else the next sibling of the nearest dropped container that
        /// has one.
        private func successor(of node: OpaquePointer) -> OpaquePointer? {
            Cmark.successor(of: node, within: parent)
        }
    }

    private static func kind(of node: OpaquePointer, type: cmark_node_type) -> Kind {
        switch type {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST: return .list
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_CODE_BLOCK: return .codeBlock
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_FOOTNOTE_DEFINITION: return .footnoteDefinition
        case CMARK_NODE_TEXT: return .text
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code
        case CMARK_NODE_HTML_INLINE: return .htmlInline
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK: return .link
        case CMARK_NODE_IMAGE: return .image
        case CMARK_NODE_FOOTNOTE_REFERENCE: return .footnoteReference
        default:
            // The extensions' nodes have types registered at run time: known by name, compared
            // as C strings. (A Swift string made of each name cost more than the comparisons;
            // the names are the extensions' ASCII literals, so equal bytes are equal strings.)
            guard let name = cmark_node_get_type_string(node) else { return .other }
            if strcmp(name, "table") == 0 { return .table }
            if strcmp(name, "table_header") == 0 { return .tableHeader }
            if strcmp(name, "table_row") == 0 {
                return cmark_gfm_extensions_get_table_row_is_header(node) != 0 ? .tableHeader : .tableRow
            }
            if strcmp(name, "table_cell") == 0 { return .tableCell }
            if strcmp(name, "strikethrough") == 0 { return .strikethrough }
            return .other
        }
    }
}

/// The one place that calls cmark-gfm. Options: source positions on, footnotes, raw HTML kept
/// (`UNSAFE`) behind the tagfilter extension, GitHub's pre-language class on code blocks.
enum Cmark {
    /// The extensions registered, once per process; true when the table of inline characters
    /// stays as it is from then on and finishing needs no lock (`CmarkSpecialCharacters`).
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return CmarkSpecialCharacters.probe(options: options, extensions: extensionNames)
    }()

    static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]

    /// True when notes finish parsing on every core at once, false when one at a time
    /// (`CmarkSpecialCharacters`).
    static var finishesConcurrently: Bool { registered }

    static var options: Int32 {
        CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE
    }

    /// Line ranges (1-based, inclusive) of code blocks and HTML blocks: the first pass that tells
    /// the math scanner where Markdown ends and literal text begins, when the guess of
    /// `LiteralBlockGuess` did not hold (`SinglePass`).
    static func literalBlockLines(_ bytes: [UInt8], extensions: [String] = blockExtensionNames) -> [ClosedRange<Int>] {
        let found = extensions == blockExtensionNames ? blockExtensions : syntaxExtensions(extensions)
        return withTree(bytes, extensions: found) { collectBlockLines($0).literal } ?? []
    }

    /// Where a parsed document's code blocks and HTML blocks (`literal`) and its tables are, as
    /// 1-based inclusive line ranges in document order.
    struct BlockLines: Equatable {
        var literal: [ClosedRange<Int>] = []
        var tables: [ClosedRange<Int>] = []
    }

    /// The block lines of the document `withDocument` handed out.
    static func blockLines(of document: CmarkNode) -> BlockLines {
        collectBlockLines(document.pointer)
    }

    /// The block lines of `bytes` parsed with all extensions, found by the walk of every node
    /// (`everyNode`) or by the one that enters only blocks that hold blocks: the tests compare them.
    static func blockLines(_ bytes: [UInt8], everyNode: Bool) -> BlockLines {
        withDocument(bytes) { collectBlockLines($0.pointer, everyNode: everyNode) } ?? BlockLines()
    }

    /// Walks the blocks below `root` in document order with the tree's own links (first child,
    /// next sibling, parent), so ten thousand nested quotes cost no stack.
    ///
    /// Only blocks that may hold blocks are entered: not paragraphs and headings, whose children
    /// are inlines, nor inlines. None of those is a code block, an HTML block or a table, so
    /// leaving them out changes nothing found; entering them (the first version did, since an
    /// inline's type has the bit of `CMARK_NODE_TYPE_BLOCK` too) read every inline of the note
    /// and asked each for its name. A table is known by its name, which only the table
    /// extension's own node types have; a node of a core type is asked for none.
    /// `everyNode` walks as that first version did, for the tests that hold the two together.
    static func collectBlockLines(_ root: OpaquePointer, everyNode: Bool = false) -> BlockLines {
        var lines = BlockLines()
        var current = cmark_node_first_child(root)
        while let node = current {
            let type = cmark_node_get_type(node)
            var descend = false
            if type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK {
                if let range = lineRange(of: node) { lines.literal.append(range) }
            } else if everyNode {
                descend = Int32(type.rawValue) & CMARK_NODE_TYPE_BLOCK != 0
                if descend, let name = cmark_node_get_type_string(node), strcmp(name, "table") == 0 {
                    if let range = lineRange(of: node) { lines.tables.append(range) }
                    descend = false
                }
            } else if Int32(type.rawValue) & CMARK_NODE_TYPE_MASK == CMARK_NODE_TYPE_BLOCK,
                      type != CMARK_NODE_PARAGRAPH, type != CMARK_NODE_HEADING {
                descend = true
                if !isCoreBlock(type), let name = cmark_node_get_type_string(node), strcmp(name, "table") == 0 {
                    if let range = lineRange(of: node) { lines.tables.append(range) }
                    // Nothing literal inside a table.
                    descend = false
                }
            }
            if descend, let child = cmark_node_first_child(node) {
                current = child
                continue
            }
            current = successor(of: node, within: root)
        }
        return lines
    }

    /// The block types of cmark itself (not registered by an extension). Their nodes are never
    /// tables: the table extension names only its own node types "table".
    static func isCoreBlock(_ type: cmark_node_type) -> Bool {
        switch type {
        case CMARK_NODE_DOCUMENT, CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_LIST, CMARK_NODE_ITEM, CMARK_NODE_CODE_BLOCK,
             CMARK_NODE_HTML_BLOCK, CMARK_NODE_CUSTOM_BLOCK, CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING,
             CMARK_NODE_THEMATIC_BREAK, CMARK_NODE_FOOTNOTE_DEFINITION:
            return true
        default:
            return false
        }
    }

    /// The lines a block spans (1-based, inclusive); nil when cmark gave it no position.
    private static func lineRange(of node: OpaquePointer) -> ClosedRange<Int>? {
        let start = Int(cmark_node_get_start_line(node))
        return start > 0 ? start...max(Int(cmark_node_get_end_line(node)), start) : nil
    }

    /// The node after `node` and everything below it, without leaving `root`: its next
    /// sibling, or the next sibling of its nearest ancestor below `root` that has one. Walked
    /// with the tree's parent links, so a deep tree costs no stack.
    static func successor(of node: OpaquePointer, within root: OpaquePointer) -> OpaquePointer? {
        var current = node
        while true {
            if let next = cmark_node_next(current) { return next }
            guard let up = cmark_node_parent(current), up != root else { return nil }
            current = up
        }
    }

    /// `cmark_parser_finish`, one thread at a time.
    ///
    /// The characters that open an extension's inline syntax (`~` of strikethrough, `w`, `:`
    /// and `@` of autolinks, `|` of tables) sit in one table for the whole process: a finishing
    /// parser adds its extensions' characters, parses the inlines, and removes them again. Two
    /// notes finishing at once meant one removed `~` while the other was still reading it, and
    /// about one page in fifty lost its strikethrough or links (`ConcurrentParseTests`). Block
    /// parsing (`cmark_parser_feed`), which reads no such table, and everything before and after
    /// still run on every core.
    ///
    /// Unless the table stays put (`CmarkSpecialCharacters`): then every core finishes at once.
    private static func finish(_ parser: OpaquePointer) -> OpaquePointer? {
        if registered { return cmark_parser_finish(parser) }
        finishing.lock()
        defer { finishing.unlock() }
        return cmark_parser_finish(parser)
    }

    private static let finishing = NSLock()

    /// The extensions that shape blocks, all this first pass needs: tables matter (a table row
    /// ends an HTML block differently than a paragraph does); strikethrough, autolinks, task
    /// items and the tag filter only change what is inside a block, and autolinks' scan of
    /// every text is most of what they cost (`literalBlockLines` is checked against all five).
    static let blockExtensionNames = ["table"]

    private static func attachExtensions(_ extensions: [OpaquePointer], to parser: OpaquePointer) {
        for ext in extensions {
            cmark_parser_attach_syntax_extension(parser, ext)
        }
    }

    /// The registered extensions of `names` (those cmark knows), looked up once: the registry
    /// is fixed once the core extensions are registered, and finding each by name cost every
    /// parse a C string and a walk of the registry per extension.
    static func syntaxExtensions(_ names: [String]) -> [OpaquePointer] {
        _ = registered
        return names.compactMap { cmark_find_syntax_extension($0) }
    }

    nonisolated(unsafe) private static let allExtensions = syntaxExtensions(extensionNames)
    nonisolated(unsafe) private static let blockExtensions = syntaxExtensions(blockExtensionNames)

    /// Parses `bytes` and hands `body` the document node while cmark's tree is alive; drops the
    /// tree when `body` returns, so no node may escape it. Nil when cmark could not parse (it
    /// could not allocate), which callers treat as an empty document.
    static func withDocument<Result>(_ bytes: [UInt8], _ body: (CmarkNode) -> Result) -> Result? {
        withTree(bytes, extensions: allExtensions) { root in
            body(CmarkNode(root, type: cmark_node_get_type(root), depth: 0))
        }
    }

    /// The one parse both passes share: a parser with `extensions`, `bytes` fed, finished
    /// (`finish`), `body` given the root, the tree dropped. Nil when cmark could not
    /// allocate.
    ///
    /// Everything the parse allocates comes from this thread's parse arena (`arenaMemory`),
    /// opened here and closed on return, after `body` and `cmark_parser_free`: the tree goes
    /// with the arena at once instead of node by node (`cmark_node_free`), and the parse's
    /// hundreds of small allocations and frees cost a few instructions each. That holds
    /// because nothing the parse hands out outlives it: the converter copies all text out,
    /// and `body` reads the tree on this thread only (a node's lazily made C string comes from
    /// the arena of the thread asking). The extensions allocate through the parser's memory too;
    /// the registry of extensions, made once with the system's allocator, is only read.
    static func withTree<Result>(_ bytes: [UInt8], extensions: [OpaquePointer], _ body: (OpaquePointer) -> Result) -> Result? {
        _ = registered
        let scope = parse_arena_enter()
        defer { parse_arena_leave(scope) }
        guard let parser = cmark_parser_new_with_mem(options, arenaMemory) else { return nil }
        defer { cmark_parser_free(parser) }
        attachExtensions(extensions, to: parser)
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
            }
        }
        guard let root = finish(parser) else { return nil }
        return body(root)
    }

    /// cmark's allocator over the parse arena (`CParseArena`): made once and never freed, since
    /// every parser and node keeps a pointer to it.
    nonisolated(unsafe) private static let arenaMemory: UnsafeMutablePointer<cmark_mem> = {
        let memory = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        memory.initialize(to: cmark_mem(calloc: parse_arena_calloc, realloc: parse_arena_realloc, free: parse_arena_free))
        return memory
    }()

    /// How many levels of the tree (the document's the first) the converter reads; deeper
    /// containers are dropped (`CmarkNode.Children`). Real notes stay far below; hostile input
    /// (thousands of `>` or `*`) must not overflow the small stacks of worker threads.
    static let maxDepth = 32

    /// The nodes cmark-gfm's iterator treats as leaves (iterator.c: an ENTER event, no EXIT).
    /// The depth limit was first written as a walk over that iterator, and it keeps to those
    /// terms: below the limit a leaf is kept and every other node, even an empty one, dropped.
    static func isLeaf(_ type: cmark_node_type) -> Bool {
        switch type {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE, CMARK_NODE_SOFTBREAK,
             CMARK_NODE_LINEBREAK, CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK:
            return true
        default:
            return false
        }
    }

    /// cmark's text as a String (`text`).
    static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return UnsafeRawPointer(pointer).withMemoryRebound(to: UInt8.self, capacity: 1) { start in
            text(UnsafeBufferPointer(start: start, count: strlen(pointer)))
        }
    }

    /// A text of cmark's tree (a literal, a destination, a title, an info string), or texts of
    /// it joined, as a String copied without checking its UTF-8 again
    /// (`UTF8Text.string(ofWellFormed:)`) when its ends fall between characters; otherwise
    /// through `String(utf8:)`, which checks and repairs as before. The check was most of what
    /// a text cost: about 300 instructions of the 800 a text piece took.
    ///
    /// Why cmark's texts are well-formed UTF-8. What cmark parses is: the bytes of a Swift
    /// string (a note's text, always well-formed), or those with the protector's edits, which
    /// put placeholders in place of spans cut at their ASCII delimiters and U+FFFD in place of
    /// private-use characters: whole characters for whole characters. cmark makes its texts
    /// from that input by cutting it at ASCII bytes (line ends, block markers, delimiters,
    /// spaces, the special characters of its inline parser and of the extensions, all below
    /// 0x80), by dropping ASCII (the backslash of an escape, indentation, trimmed spaces) and by
    /// putting in whole characters it encodes itself (U+FFFD for a NUL byte, the character of
    /// an entity, U+FFFD for an entity that names none). None of that makes well-formed UTF-8
    /// ill-formed; only a cut inside a character could, and that shows at a text's ends, which
    /// are checked (`UTF8Text.hasWholeEnds`, four byte reads). Joined texts are each checked
    /// at their ends as they are joined (`Converter.inlines`). `CmarkStringTests` hold every
    /// text cmark makes of generated input (NUL bytes, entities, escapes, replaced
    /// private-use characters, tables, autolinks next to Korean) to a full check.
    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        text(bytes, wellFormed: UTF8Text.hasWholeEnds(bytes))
    }

    /// `bytes` as a String: copied as they are when `wellFormed` (texts of cmark's whose ends
    /// were checked, pieces and joins of them cut between characters), checked otherwise.
    static func text(_ bytes: UnsafeBufferPointer<UInt8>, wellFormed: Bool) -> String {
        wellFormed ? UTF8Text.string(ofWellFormed: bytes) : String(utf8: bytes)
    }
}

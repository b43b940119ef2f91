import CCmarkGFM
import Foundation

/// A cmark node copied into Swift: no C pointer outlives `Cmark.parse`.
struct RawNode: Sendable {
    enum Kind: Sendable, Equatable {
        case document, blockQuote, list, item, codeBlock, htmlBlock, paragraph, heading, thematicBreak
        case footnoteDefinition, table, tableHeader, tableRow, tableCell
        case text, softBreak, lineBreak, code, htmlInline, emphasis, strong, strikethrough
        case link, image, footnoteReference
        case other(String)
    }

    var kind: Kind
    var literal: String = ""
    var url: String = ""
    var title: String = ""
    var headingLevel: Int = 0
    var list: ListInfo?
    var taskChecked: Bool?
    var alignments: [TableAlignment] = []
    var startLine: Int32 = 0
    var startColumn: Int32 = 0
    var children: [RawNode] = []
}

/// The one place that calls cmark-gfm. Options: source positions on, footnotes, raw HTML kept
/// (`UNSAFE`) behind the tagfilter extension, GitHub's pre-language class on code blocks.
enum Cmark {
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]

    private static var options: Int32 {
        CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE
    }

    /// Line ranges (1-based, inclusive) of code blocks and HTML blocks: the first pass that tells
    /// the math scanner where Markdown ends and literal text begins.
    static func literalBlockLines(_ bytes: [UInt8], extensions: [String] = blockExtensionNames) -> [ClosedRange<Int>] {
        _ = registered
        guard let parser = cmark_parser_new(options) else { return [] }
        defer { cmark_parser_free(parser) }
        attachExtensions(extensions, to: parser)
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
            }
        }
        guard let root = finish(parser) else { return [] }
        defer { cmark_node_free(root) }
        var ranges: [ClosedRange<Int>] = []
        collectLiteralBlocks(root, into: &ranges)
        return ranges
    }

    private static func collectLiteralBlocks(_ node: OpaquePointer, into ranges: inout [ClosedRange<Int>]) {
        var child = cmark_node_first_child(node)
        while let current = child {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK {
                let start = Int(cmark_node_get_start_line(current))
                let end = max(Int(cmark_node_get_end_line(current)), start)
                if start > 0 { ranges.append(start...end) }
            } else if Int32(type.rawValue) & CMARK_NODE_TYPE_BLOCK != 0 {
                collectLiteralBlocks(current, into: &ranges)
            }
            child = cmark_node_next(current)
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
    private static func finish(_ parser: OpaquePointer) -> OpaquePointer? {
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

    private static func attachExtensions(_ names: [String] = extensionNames, to parser: OpaquePointer) {
        for name in names {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
    }

    /// Parses `bytes` and copies the whole tree out, walking cmark's iterator once with an
    /// explicit stack (no recursion: 10,000 nested block quotes must not overflow the stack).
    static func parse(_ bytes: [UInt8]) -> RawNode {
        _ = registered
        guard let parser = cmark_parser_new(options) else { return RawNode(kind: .document) }
        defer { cmark_parser_free(parser) }
        attachExtensions(to: parser)
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
            }
        }
        guard let root = finish(parser) else { return RawNode(kind: .document) }
        defer { cmark_node_free(root) }

        guard let iterator = cmark_iter_new(root) else { return RawNode(kind: .document) }
        defer { cmark_iter_free(iterator) }

        var stack: [RawNode] = []
        // For each open container: whether it was flattened away for being too deep.
        var flattened: [Bool] = []
        var result = RawNode(kind: .document)
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            if event == CMARK_EVENT_ENTER {
                if !isLeaf(node), stack.count >= maxDepth {
                    // Past this depth the container itself is dropped and its content joins the
                    // ancestor: every later pass (and freeing the tree) stays within stack limits.
                    flattened.append(true)
                    continue
                }
                let raw = copy(node)
                if !isLeaf(node) {
                    stack.append(raw)
                    flattened.append(false)
                } else {
                    if stack.isEmpty { result = raw } else { stack[stack.count - 1].children.append(raw) }
                }
            } else if event == CMARK_EVENT_EXIT {
                if flattened.popLast() == true { continue }
                guard let finished = stack.popLast() else { continue }
                if stack.isEmpty {
                    result = finished
                } else {
                    stack[stack.count - 1].children.append(finished)
                }
            }
        }
        return result
    }

    /// How deep the copied tree may nest. Real notes stay far below; hostile input (thousands of
    /// `>` or `*`) must not overflow the small stacks of worker threads.
    static let maxDepth = 32

    /// The iterator's leaves (cmark-gfm's iterator.c): they get an ENTER event and no EXIT.
    /// Every other node, even an empty one, gets both.
    private static func isLeaf(_ node: OpaquePointer) -> Bool {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE, CMARK_NODE_SOFTBREAK,
             CMARK_NODE_LINEBREAK, CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK:
            return true
        default:
            return false
        }
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    private static func copy(_ node: OpaquePointer) -> RawNode {
        let type = cmark_node_get_type(node)
        var raw = RawNode(kind: .document)
        raw.startLine = cmark_node_get_start_line(node)
        raw.startColumn = cmark_node_get_start_column(node)
        switch type {
        case CMARK_NODE_DOCUMENT: raw.kind = .document
        case CMARK_NODE_BLOCK_QUOTE: raw.kind = .blockQuote
        case CMARK_NODE_LIST:
            raw.kind = .list
            raw.list = ListInfo(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                                start: Int(cmark_node_get_list_start(node)),
                                tight: cmark_node_get_list_tight(node) != 0)
        case CMARK_NODE_ITEM:
            raw.kind = .item
            if string(cmark_node_get_type_string(node)) == "tasklist" {
                raw.taskChecked = cmark_gfm_extensions_get_tasklist_item_checked(node)
            }
        case CMARK_NODE_CODE_BLOCK:
            raw.kind = .codeBlock
            raw.literal = string(cmark_node_get_literal(node))
            raw.title = string(cmark_node_get_fence_info(node))
        case CMARK_NODE_HTML_BLOCK:
            raw.kind = .htmlBlock
            raw.literal = string(cmark_node_get_literal(node))
        case CMARK_NODE_PARAGRAPH: raw.kind = .paragraph
        case CMARK_NODE_HEADING:
            raw.kind = .heading
            raw.headingLevel = Int(cmark_node_get_heading_level(node))
        case CMARK_NODE_THEMATIC_BREAK: raw.kind = .thematicBreak
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            raw.kind = .footnoteDefinition
            raw.literal = string(cmark_node_get_literal(node))
        case CMARK_NODE_TEXT:
            raw.kind = .text
            raw.literal = string(cmark_node_get_literal(node))
        case CMARK_NODE_SOFTBREAK: raw.kind = .softBreak
        case CMARK_NODE_LINEBREAK: raw.kind = .lineBreak
        case CMARK_NODE_CODE:
            raw.kind = .code
            raw.literal = string(cmark_node_get_literal(node))
        case CMARK_NODE_HTML_INLINE:
            raw.kind = .htmlInline
            raw.literal = string(cmark_node_get_literal(node))
        case CMARK_NODE_EMPH: raw.kind = .emphasis
        case CMARK_NODE_STRONG: raw.kind = .strong
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            raw.kind = type == CMARK_NODE_LINK ? .link : .image
            raw.url = string(cmark_node_get_url(node))
            raw.title = string(cmark_node_get_title(node))
        case CMARK_NODE_FOOTNOTE_REFERENCE:
            raw.kind = .footnoteReference
            raw.literal = string(cmark_node_get_literal(node))
        default:
            let name = string(cmark_node_get_type_string(node))
            switch name {
            case "table":
                raw.kind = .table
                let columns = Int(cmark_gfm_extensions_get_table_columns(node))
                if let alignments = cmark_gfm_extensions_get_table_alignments(node) {
                    raw.alignments = (0..<columns).map { i in
                        switch alignments[i] {
                        case UInt8(ascii: "l"): .left
                        case UInt8(ascii: "c"): .center
                        case UInt8(ascii: "r"): .right
                        default: .none
                        }
                    }
                }
            case "table_header": raw.kind = .tableHeader
            case "table_row":
                raw.kind = cmark_gfm_extensions_get_table_row_is_header(node) != 0 ? .tableHeader : .tableRow
            case "table_cell": raw.kind = .tableCell
            case "strikethrough": raw.kind = .strikethrough
            default: raw.kind = .other(name)
            }
        }
        return raw
    }
}

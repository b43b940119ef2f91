import CCmarkGFM
import CParseArena
import Diagnostics
import Foundation
@testable import Markdown
import Testing
import TestSupport

/// cmark-gfm allocates from a per-thread bump arena while it parses (`CParseArena`,
/// `Cmark.withTree`), and the tree is dropped with the arena instead of node by node. The arena
/// must hand out memory that behaves exactly like malloc's (zeroed by calloc, kept by realloc,
/// never shared by two live blocks), must take everything back when a parse ends, and must keep
/// only a bounded amount between parses; and a parse on it must give exactly the tree a parse on
/// the system's allocator gives, on every core at once, for empty, ordinary and huge notes.
@Suite struct ParseArenaTests {
    // MARK: The arena

    /// The calling thread's arena holds nothing but (at most) its bounded spare chunks.
    static func expectIdle(sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let stats = parse_arena_current_stats()
        #expect(stats.depth == 0, sourceLocation: sourceLocation)
        #expect(stats.used_chunk_bytes == 0, sourceLocation: sourceLocation)
        #expect(stats.large_blocks == 0 && stats.large_bytes == 0, sourceLocation: sourceLocation)
        #expect(stats.spare_chunk_bytes <= Int(PARSE_ARENA_RETAINED_BYTES), sourceLocation: sourceLocation)
    }

    /// Whether the `count` bytes at `pointer` are all `value`: the first is, and each equals the
    /// next (one `memcmp`, fast enough for megabytes in a debug build).
    static func holds(_ pointer: UnsafeMutableRawPointer, _ count: Int, _ value: UInt8) -> Bool {
        count == 0 || (pointer.load(as: UInt8.self) == value && memcmp(pointer, pointer + 1, count - 1) == 0)
    }

    /// Sizes on both sides of every boundary the arena has: the size word, the alignment, the
    /// largest small block (16 KiB), a chunk (64 KiB).
    static let sizes = [0, 1, 7, 8, 9, 15, 16, 17, 24, 100, 4_000, 16_376, 16_384, 16_385, 65_000, 65_536, 70_000, 300_000]

    @Test func callocZeroesMemoryAnEarlierScopeDirtied() {
        for _ in 0..<4 {
            let scope = parse_arena_enter()
            for size in Self.sizes {
                let block = parse_arena_calloc(1, size)!
                #expect(Int(bitPattern: block) % 16 == 0, "size \(size)")
                #expect(Self.holds(block, size, 0), "size \(size)")
                memset(block, 0xAB, size)
                // count × size, as cmark asks for arrays.
                let array = parse_arena_calloc(size, 3)!
                #expect(Self.holds(array, size * 3, 0), "3 × \(size)")
                memset(array, 0xCD, size * 3)
            }
            parse_arena_leave(scope)
            Self.expectIdle()
        }
    }

    @Test func reallocKeepsContentsWhereverTheBlockGoes() {
        let scope = parse_arena_enter()
        defer { parse_arena_leave(scope); Self.expectIdle() }
        // The last block grows in place, then past its chunk, then past the large size, then
        // shrinks; a block that is not the last grows by copying; a NULL block is a new one.
        var block = parse_arena_realloc(nil, 10)!
        memset(block, 1, 10)
        var filled = 10
        for size in [20, 100, 5_000, 16_000, 16_384, 16_390, 40_000, 200_000, 50, 16_384, 16_391, 20_000, 3] {
            block = parse_arena_realloc(block, size)!
            #expect(Int(bitPattern: block) % 16 == 0)
            let kept = min(filled, size)
            #expect(Self.holds(block, kept, 1), "to \(size)")
            memset(block, 1, size)
            filled = size
            // Something after it, now and then, so that it is not always the last block.
            if size % 3 == 0 { _ = parse_arena_calloc(1, 40) }
        }
        // A small block whose capacity (16,392) passes the largest small size, grown into a
        // large block smaller than that capacity: only the new size may be copied.
        let edge = parse_arena_calloc(1, 16_384)!
        memset(edge, 5, 16_384)
        _ = parse_arena_calloc(1, 8)
        let large = parse_arena_realloc(edge, 16_390)!
        #expect(Self.holds(large, 16_384, 5))
        let first = parse_arena_calloc(1, 64)!
        memset(first, 7, 64)
        _ = parse_arena_calloc(1, 64)
        let grown = parse_arena_realloc(first, 1_000)!
        #expect(Self.holds(grown, 64, 7))
    }

    @Test func freeingTheLastBlockGivesItsSpaceBack() {
        let scope = parse_arena_enter()
        defer { parse_arena_leave(scope); Self.expectIdle() }
        let a = parse_arena_calloc(1, 100)!
        parse_arena_free(a)
        let b = parse_arena_calloc(1, 100)!
        #expect(a == b)
        // A block that is not the last keeps its space until the scope ends.
        _ = parse_arena_calloc(1, 8)
        parse_arena_free(b)
        #expect(parse_arena_calloc(1, 100)! != b)
        // Large blocks go back to the system at once.
        let large = parse_arena_calloc(1, 100_000)!
        #expect(parse_arena_current_stats().large_blocks == 1)
        parse_arena_free(large)
        #expect(parse_arena_current_stats().large_blocks == 0)
        parse_arena_free(nil)
    }

    /// A scope opened inside another takes back its own blocks only.
    @Test func nestedScopesLeaveTheOuterBlocksAlone() {
        let outer = parse_arena_enter()
        var blocks: [(UnsafeMutableRawPointer, Int, UInt8)] = []
        for (i, size) in Self.sizes.enumerated() {
            let block = parse_arena_calloc(1, size)!
            memset(block, Int32(i + 1), size)
            blocks.append((block, size, UInt8(i + 1)))
        }
        for round in 0..<3 {
            let inner = parse_arena_enter()
            // Enough to fill several chunks, and large blocks, some freed, some grown.
            var last: UnsafeMutableRawPointer? = nil
            for i in 0..<2_000 {
                let block = parse_arena_calloc(1, 100 + i % 700)!
                memset(block, 0xEE, 100 + i % 700)
                if i % 100 == 0 { last = parse_arena_realloc(last, 20_000 + i) }
                if i % 7 == 0 { parse_arena_free(block) }
            }
            parse_arena_leave(inner)
            #expect(parse_arena_current_stats().depth == 1)
            #expect(parse_arena_current_stats().large_blocks == 5, "round \(round): the outer scope's own")
            for (block, size, fill) in blocks {
                #expect(Self.holds(block, size, fill), "round \(round), size \(size)")
            }
            // The outer scope goes on allocating after the inner one left.
            let more = parse_arena_calloc(1, 3_000)!
            memset(more, 0x77, 3_000)
            blocks.append((more, 3_000, 0x77))
        }
        parse_arena_leave(outer)
        Self.expectIdle()
    }

    /// Random calloc, realloc and free against a model of what each live block holds: any two
    /// blocks sharing a byte, or a realloc losing one, shows as a block whose bytes changed.
    @Test func randomOperationsKeepEveryLiveBlockIntact() {
        var random = SplitMix(state: 0xA7E9A)
        for run in 0..<40 {
            let scope = parse_arena_enter()
            var live: [(pointer: UnsafeMutableRawPointer, size: Int, fill: UInt8)] = []
            func randomSize() -> Int {
                switch random.below(20) {
                case 0: return random.below(200_000)
                case 1, 2: return random.below(20_000)
                default: return random.below(400)
                }
            }
            for step in 0..<1_500 {
                let fill = UInt8(truncatingIfNeeded: step % 251 + 1)
                switch random.below(10) {
                case 0...4:
                    let size = randomSize()
                    let pointer = parse_arena_calloc(1, size)!
                    #expect(Self.holds(pointer, size, 0))
                    memset(pointer, Int32(fill), size)
                    live.append((pointer, size, fill))
                case 5...7 where !live.isEmpty:
                    // Mostly the newest block (cmark's buffers grow while they are the last).
                    let i = random.chance(60) ? live.count - 1 : random.below(live.count)
                    let size = randomSize()
                    let pointer = parse_arena_realloc(live[i].pointer, size)!
                    #expect(Int(bitPattern: pointer) % 16 == 0)
                    #expect(Self.holds(pointer, min(size, live[i].size), live[i].fill),
                            "run \(run) step \(step)")
                    memset(pointer, Int32(fill), size)
                    live[i] = (pointer, size, fill)
                default:
                    guard !live.isEmpty else { continue }
                    let i = random.chance(50) ? live.count - 1 : random.below(live.count)
                    parse_arena_free(live[i].pointer)
                    live.remove(at: i)
                }
                if step % 100 == 99 || step == 1_499 {
                    for block in live {
                        #expect(Self.holds(block.pointer, block.size, block.fill), "run \(run) step \(step)")
                    }
                }
            }
            parse_arena_leave(scope)
            Self.expectIdle()
        }
    }

    /// A scope that used many megabytes keeps only the bounded spare chunks afterwards, and the
    /// next scope reuses them before asking the system for more.
    @Test func retainedMemoryIsBounded() {
        let scope = parse_arena_enter()
        for i in 0..<200_000 { _ = parse_arena_calloc(1, 100 + i % 50) }
        #expect(parse_arena_current_stats().used_chunk_bytes > 20_000_000)
        parse_arena_leave(scope)
        Self.expectIdle()
        #expect(parse_arena_current_stats().spare_chunk_bytes == Int(PARSE_ARENA_RETAINED_BYTES))
        let next = parse_arena_enter()
        _ = parse_arena_calloc(1, 10)
        #expect(parse_arena_current_stats().spare_chunk_bytes < Int(PARSE_ARENA_RETAINED_BYTES))
        parse_arena_leave(next)
        Self.expectIdle()
    }

    /// A thread's arena is its own: threads that come and go (libdispatch's workers do) each
    /// start with an empty one.
    @Test func everyThreadHasItsOwnArena() {
        let scope = parse_arena_enter()
        _ = parse_arena_calloc(1, 1_000)
        let others = Array(0..<64).parallelMap { _ -> Bool in
            // On the test's own thread this scope nests in the one above; elsewhere it is alone.
            let before = parse_arena_current_stats().depth
            let inner = parse_arena_enter()
            let block = parse_arena_calloc(1, 500)!
            memset(block, 3, 500)
            parse_arena_leave(inner)
            return parse_arena_current_stats().depth == before
        }
        #expect(others.allSatisfy { $0 })
        parse_arena_leave(scope)
        Self.expectIdle()
    }

    // MARK: Parses on the arena against parses on the system's allocator

    /// cmark's XML of the tree (every node, its attributes and source position), as bytes.
    static func xml(_ root: OpaquePointer) -> [UInt8] {
        guard let text = cmark_render_xml(root, CMARK_OPT_SOURCEPOS) else { return [] }
        return Array(UnsafeRawBufferPointer(start: text, count: strlen(text)))
    }

    /// The tree the arena's parse (`Cmark.withTree`, as notegraph parses) gives; the XML is made
    /// while the tree lives, from the arena too, and copied out.
    static func arenaXML(_ bytes: [UInt8], extensions: [String] = Cmark.extensionNames) -> [UInt8] {
        Cmark.withTree(bytes, extensions: Cmark.syntaxExtensions(extensions)) { xml($0) } ?? []
    }

    /// The same parse on the system's allocator, freed node by node: what notegraph did before.
    static func systemXML(_ bytes: [UInt8], extensions: [String] = Cmark.extensionNames) -> [UInt8] {
        _ = Cmark.finishesConcurrently
        guard let parser = cmark_parser_new(Cmark.options) else { return [] }
        defer { cmark_parser_free(parser) }
        for ext in Cmark.syntaxExtensions(extensions) { cmark_parser_attach_syntax_extension(parser, ext) }
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
            }
        }
        guard let root = cmark_parser_finish(parser) else { return [] }
        defer { cmark_node_free(root) }
        guard let text = cmark_render_xml(root, CMARK_OPT_SOURCEPOS) else { return [] }
        defer { free(text) }
        return Array(UnsafeRawBufferPointer(start: text, count: strlen(text)))
    }

    /// Lines that reach every allocation cmark and the extensions make: tables (with their
    /// per-cell data), footnotes, reference definitions, autolinks, strikethrough, task items,
    /// HTML, entities, emphasis runs that are undone, links that are not links, Korean and
    /// invalid UTF-8 and NUL bytes.
    static let pieces: [[UInt8]] = [
        "# heading *x*", "Setext", "===", "---", "text with **strong _emph_** and `code`", "a *b **c* d**",
        "[link](http://a.b \"t\") and ![img](i.png) [ref] [ref][] [^1] [^note]", "[ref]: /url 'title'",
        "[^1]: footnote *text*", "[^note]:", "    with an indented continuation", "www.example.com/path?q=1 and x@y.org",
        "https://a.b/c) (http://d.e)", "~~struck~~ ~one~ ~~~three~~~", "- [ ] task", "- [x] done", "1. one", "2) two",
        "* a", "+ b", "  - nested", "    - deeper", "> quote", "> > quote", ">", "| a | b |", "|---|:-:|", "| 1 | 2 |",
        "|x|", "a | b", "--|--", "| ~~s~~ | www.t.org | `c|d` |", "```", "```swift", "~~~", "    indented code",
        "<div>", "</div>", "<!-- comment", "-->", "<span class=\"x\">inline</span>", "<script>", "</script>",
        "&amp; &#123; &nbsp; &bogus;", "hard break\\", "soft  ", "\\*escaped\\*", "***", "_a_b_c_", "**",
        "한글 문장에 **강조**와 ~~취소선~~", "", "", "",
    ].map { Array($0.utf8) } + [[0xFF, 0xFE, 0x41], [0x00, 0x41, 0x00], [0xED, 0xA0, 0x80], [0xC3]]

    static func generatedNotes(count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SplitMix(state: seed)
        return (0..<count).map { _ in
            var note: [UInt8] = []
            for _ in 0..<(1 + random.below(30)) {
                note += random.pick(pieces)
                note.append(UInt8(ascii: "\n"))
            }
            if random.chance(20) { note.removeLast() }
            return note
        }
    }

    /// Notes of several megabytes and deep nesting: large blocks, many chunks, long buffers.
    /// (Not one paragraph of megabytes full of `**` or `~~`: cmark-gfm 0.29 takes minutes over
    /// its delimiters, on any allocator.)
    static let hugeNotes: [[UInt8]] = {
        func repeated(_ text: String, toBytes count: Int) -> [UInt8] {
            let piece = Array(text.utf8)
            var note: [UInt8] = []
            note.reserveCapacity(count + piece.count)
            while note.count < count { note += piece }
            return note
        }
        let paragraphs = repeated("한국어 문장과 **굵은** 글씨, [링크](a.md) www.example.com ~~취소~~\n\n", toBytes: 3_000_000)
        let longParagraph = repeated("한국어 문장 plain text here\n", toBytes: 3_000_000)
        let oneLine = repeated("한국어 문장 plain text here ", toBytes: 3_000_000)
        let table = Array("| a | b | c |\n|---|:-:|--:|\n".utf8) + repeated("| x *y* | ~~z~~ | www.q.org |\n", toBytes: 2_000_000)
        let code = Array("```\n".utf8) + repeated("let x = [1, 2, 3] // 코드\n", toBytes: 2_000_000)
        let blocks = repeated("- item with [ref] and `code`\n\n> quote [^1]\n\n", toBytes: 1_500_000) + Array("[ref]: /u\n[^1]: note\n".utf8)
        let quotes = Array((String(repeating: "> ", count: 3_000) + "deep\n").utf8)
        let lists = Array((0..<1_000).map { String(repeating: "  ", count: $0) + "- level \($0)\n" }.joined().utf8)
        let brackets = repeated("[a](", toBytes: 200_000)
        let emphasis = Array((String(repeating: "*a ", count: 1_000) + String(repeating: "b* ", count: 1_000)).utf8)
        return [paragraphs, longParagraph, oneLine, table, code, blocks, quotes, lists, brackets, emphasis]
    }()

    @Test func emptyAndTinyNotesParseAlike() {
        for text in ["", "\n", " ", "a", "|", "~", "[^1]", "\u{0}"] {
            let bytes = Array(text.utf8)
            #expect(Self.arenaXML(bytes) == Self.systemXML(bytes), "\(String(reflecting: text))")
            #expect(Self.arenaXML(bytes, extensions: Cmark.blockExtensionNames)
                    == Self.systemXML(bytes, extensions: Cmark.blockExtensionNames))
        }
        Self.expectIdle()
    }

    @Test func generatedNotesParseAlike() {
        for (i, note) in Self.generatedNotes(count: 3_000, seed: 0xA4E4A).enumerated() {
            let extensions = i % 3 == 0 ? Cmark.blockExtensionNames : Cmark.extensionNames
            let arena = Self.arenaXML(note, extensions: extensions), system = Self.systemXML(note, extensions: extensions)
            if arena != system {
                Issue.record("note \(i) parses differently on the arena:\n\(String(decoding: note, as: UTF8.self))")
                break
            }
            Self.expectIdle()
        }
    }

    @Test func hugeNotesParseAlikeAndGiveTheirMemoryBack() {
        for (i, note) in Self.hugeNotes.enumerated() {
            #expect(Self.arenaXML(note) == Self.systemXML(note), "huge note \(i)")
            Self.expectIdle()
        }
    }

    /// Thousands of parses on every core, ordinary and huge notes mixed, each against the tree
    /// the system's allocator gives.
    @Test func parsesOnEveryCoreAtOnceParseAlike() {
        let notes = Self.generatedNotes(count: 4_000, seed: 0xC04E5) + Self.hugeNotes.prefix(4)
        let expected = notes.map { Self.systemXML($0) }
        let found = notes.parallelMap { note -> [UInt8] in
            let xml = Self.arenaXML(note)
            let stats = parse_arena_current_stats()
            return stats.depth == 0 && stats.used_chunk_bytes == 0 && stats.large_blocks == 0 ? xml : []
        }
        let differing = zip(found, expected).filter { $0 != $1 }.count
        #expect(differing == 0, "\(differing) of \(notes.count) parses differ or left memory in their arena")
    }

    /// Ten thousand notes in a row on one thread: the arena is back to its spare chunks after
    /// each, so a long run holds no more than one note's worth.
    @Test func manyNotesInARowKeepMemoryBounded() {
        var peak = 0
        for note in Self.generatedNotes(count: 10_000, seed: 0x5E0) {
            _ = Cmark.withTree(note, extensions: Cmark.syntaxExtensions(Cmark.extensionNames)) { root in
                peak = max(peak, parse_arena_current_stats().used_chunk_bytes)
                return cmark_node_first_child(root) != nil
            }
            let stats = parse_arena_current_stats()
            if stats.used_chunk_bytes != 0 || stats.large_blocks != 0 || stats.spare_chunk_bytes > Int(PARSE_ARENA_RETAINED_BYTES) {
                Issue.record("memory left after a parse: \(stats)")
                break
            }
        }
        #expect(peak > 0 && peak <= 4 * 65_536, "peak \(peak) bytes in use for a generated note")
    }

    /// A parse inside another's `body` (same thread) takes back only its own memory: the outer
    /// tree still reads the same afterwards, including strings made from it only then.
    @Test func aParseInsideAnotherLeavesTheOuterTreeIntact() {
        let notes = Self.generatedNotes(count: 200, seed: 0x4E57)
        for (i, note) in notes.enumerated() {
            let inner = notes[(i + 1) % notes.count]
            let expected = Self.systemXML(note)
            let empty: ([UInt8], [UInt8], [UInt8]) = ([], [], [])
            let (before, innerXML, after) = Cmark.withTree(note, extensions: Cmark.syntaxExtensions(Cmark.extensionNames)) { root in
                let before = Self.xml(root)
                let innerXML = Self.arenaXML(inner)
                _ = Cmark.literalBlockLines(inner)
                return (before, innerXML, Self.xml(root))
            } ?? empty
            #expect(before == expected && after == expected, "note \(i)")
            #expect(innerXML == Self.systemXML(inner), "note \(i + 1) inside note \(i)")
        }
        Self.expectIdle()
    }
}

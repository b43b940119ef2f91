/// A parsed template flattened for rendering: its nodes as one array of plain operations, its
/// literal text in one byte buffer (each text op pointing at its range), and the names of its
/// tags in one array.
///
/// Why not render the parser's `TemplateNode` tree, which the renderer walked before: every
/// node visited was copied out of its array, retaining its payload (the text's string, a
/// section's child array, a path's arrays) and releasing it after. A library's templates are
/// shared by every rendering thread, so those were atomic operations on the same counters from
/// both cores, some thirty per page tag. Ops here hold only integers, and the buffers are read
/// through pointers: walking a template touches no reference count.
///
/// Immutable after `init`; the memory is freed with the object. Sections, blocks and parents
/// keep their contents right after their own op (its `b` says where they stop), so a section
/// is rendered as a range of the same array.
final class CompiledTemplate: @unchecked Sendable {
    enum Kind: UInt8 {
        /// Write `bytes[a ..< a + b]`.
        case text
        /// `{{name}}` (`escaped`) and `{{{name}}}`: path `a`.
        case escaped, raw
        /// `{{#name}}` and `{{^name}}` over path `a`; contents up to op `b`.
        case section, inverted
        /// `{{>name}}`: template `a` of the library (-1: none), indented by `indentations[c]`
        /// (-1: not indented). Every partial and parent op names its template `referenceNames[e]`.
        case partial
        /// `{{$name}}`: name `blockNames[a]`; default contents up to op `b`.
        case block
        /// `{{<name}}`: template `a` (-1: none), indented by `indentations[c]` (-1: not), with
        /// the blocks `parentBlocks[d]`, whose contents follow up to op `b`.
        case parent
    }

    struct Op {
        var kind: Kind
        var a: Int
        var b: Int = 0
        var c: Int = -1
        var d: Int = 0
        var e: Int = 0
    }

    /// One part of a path: its text and fingerprint (`TemplateObject.fingerprint`). The text
    /// stays a String, compared with an object's keys by `==` as before: a name is mostly a
    /// small string, which `==` compares as two words, where comparing its bytes with a key's
    /// took the lookup from about 120 to 260 instructions.
    struct Name {
        var print: UInt64
        var text: String
    }

    /// A path's parts, `names[first ..< first + count]`; no parts for `.`.
    struct Path {
        var first: Int
        var count: Int
    }

    /// The ops, and the bytes, names and paths they refer to, in memory of this object's own.
    let ops: UnsafeMutableBufferPointer<Op>
    let bytes: UnsafeMutableBufferPointer<UInt8>
    let names: UnsafeMutableBufferPointer<Name>
    let paths: UnsafeMutableBufferPointer<Path>
    /// The rare parts, read as Swift values: the indentation of indented partials and parents,
    /// the names of blocks, and each parent tag's blocks as op ranges.
    let indentations: [String]
    let blockNames: [String]
    let referenceNames: [String]
    let parentBlocks: [[String: Range<Int>]]

    /// `nodes` flattened; `numbers` are the library's numbers of its templates by name (a
    /// partial or parent naming none renders nothing).
    init(_ nodes: [TemplateNode], numbers: [String: Int]) {
        var builder = Builder(numbers: numbers)
        builder.add(nodes)
        ops = Self.copy(builder.ops)
        bytes = Self.copy(builder.bytes)
        names = Self.copy(builder.names)
        paths = Self.copy(builder.paths)
        indentations = builder.indentations
        blockNames = builder.blockNames
        referenceNames = builder.referenceNames
        parentBlocks = builder.parentBlocks
    }

    deinit {
        ops.deallocate()
        bytes.deallocate()
        names.deinitialize()
        names.deallocate()
        paths.deallocate()
    }

    /// At least one element, so every buffer has a base address.
    private static func copy<T>(_ items: [T]) -> UnsafeMutableBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: Swift.max(items.count, 1))
        _ = buffer.initialize(from: items)
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<items.count])
    }

    private struct Builder {
        let numbers: [String: Int]
        var ops: [Op] = []
        var bytes: [UInt8] = []
        var names: [Name] = []
        var paths: [Path] = []
        var indentations: [String] = []
        var blockNames: [String] = []
        var referenceNames: [String] = []
        var parentBlocks: [[String: Range<Int>]] = []

        mutating func add(_ nodes: [TemplateNode]) {
            for node in nodes { add(node) }
        }

        mutating func add(_ node: TemplateNode) {
            switch node {
            case .text(let text):
                // Adjacent texts (none come from the parser, but cheap to allow) stay apart.
                let start = bytes.count
                bytes += text.utf8
                ops.append(Op(kind: .text, a: start, b: bytes.count - start))
            case .value(let path, let escaped):
                let path = add(path)
                ops.append(Op(kind: escaped ? .escaped : .raw, a: path))
            case .section(let path, let inverted, let inner):
                let path = add(path)
                let at = ops.count
                ops.append(Op(kind: inverted ? .inverted : .section, a: path))
                add(inner)
                ops[at].b = ops.count
            case .partial(let name, let indentation):
                let indented = add(indentation: indentation)
                referenceNames.append(name)
                ops.append(Op(kind: .partial, a: numbers[name] ?? -1, c: indented, e: referenceNames.count - 1))
            case .block(let name, let fallback):
                let at = ops.count
                blockNames.append(name)
                ops.append(Op(kind: .block, a: blockNames.count - 1))
                add(fallback)
                ops[at].b = ops.count
            case .parent(let name, let indentation, let blocks):
                let at = ops.count
                let indented = add(indentation: indentation)
                referenceNames.append(name)
                ops.append(Op(kind: .parent, a: numbers[name] ?? -1, c: indented, e: referenceNames.count - 1))
                var ranges: [String: Range<Int>] = [:]
                for (blockName, inner) in blocks {
                    let start = ops.count
                    add(inner)
                    ranges[blockName] = start..<ops.count
                }
                parentBlocks.append(ranges)
                ops[at].b = ops.count
                ops[at].d = parentBlocks.count - 1
            }
        }

        mutating func add(_ path: TemplatePath) -> Int {
            let first = names.count
            for (part, print) in zip(path.parts, path.prints) {
                names.append(Name(print: print, text: part))
            }
            paths.append(Path(first: first, count: path.parts.count))
            return paths.count - 1
        }

        mutating func add(indentation: String) -> Int {
            if indentation.isEmpty { return -1 }
            indentations.append(indentation)
            return indentations.count - 1
        }
    }
}

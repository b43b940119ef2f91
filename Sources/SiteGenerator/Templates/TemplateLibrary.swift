import Diagnostics
import Foundation

/// A theme's parsed templates, rendered by name. Immutable after `init` but for a cache of
/// partials parsed with an indentation, so one library serves every rendering thread.
///
/// Why not swift-mustache, which the theme was first rendered with: it finds every name by
/// casting each value on the context stack to its protocols (`Any` in, conformance lookups
/// out), which was a quarter of a 10,000-note build's CPU time. Contexts here are
/// `TemplateValue`s; a lookup is a dictionary read per stack level.
final class TemplateLibrary: @unchecked Sendable {
    /// Every template's name in byte order: a template is known by its position here (its
    /// number), which compiled partial and parent tags hold instead of the name.
    private let names: [String]
    private let numbers: [String: Int]
    private let programs: [CompiledTemplate]
    private let sources: [String: String]
    private var indented: [IndentedKey: CompiledTemplate] = [:]
    /// The largest output of each template so far, by number (`sizeHint`), under `lock`.
    private var sizes: [Int]
    private let lock = NSLock()

    private struct IndentedKey: Hashable {
        var name: String
        var indentation: String
    }

    /// A template referring to itself (through partials or parents) more deeply than this is
    /// a loop, reported instead of overflowing the stack.
    static let maximumDepth = 200

    /// Parses every template. Errors name the template and carry a position; a partial or
    /// parent that names no template is an error at its tag.
    init(sources: [String: String]) throws(TemplateLibraryError) {
        let names = sources.keys.sorted(by: Theme.byteOrder)
        var templates: [[TemplateNode]] = []
        var references: [[TemplateParser.Reference]] = []
        for name in names {
            do {
                let (nodes, tags) = try TemplateParser.parse(sources[name]!)
                templates.append(nodes)
                references.append(tags)
            } catch {
                throw TemplateLibraryError(template: name, error: error)
            }
        }
        for (k, name) in names.enumerated() {
            if let missing = references[k].first(where: { sources[$0.name] == nil }) {
                throw TemplateLibraryError(template: name, error: TemplateSyntaxError(
                    line: missing.line, column: missing.column,
                    message: "partial '\(missing.name)' does not exist",
                    hint: "partials are named by their path in the theme without .mustache, e.g. {{> partials/toc}}"))
            }
        }
        var numbers: [String: Int] = [:]
        for (k, name) in names.enumerated() { numbers[name] = k }
        self.names = names
        self.numbers = numbers
        self.programs = templates.map { CompiledTemplate($0, numbers: numbers) }
        self.sources = sources
        sizes = Array(repeating: 0, count: names.count)
    }

    /// The number of the template `name` (its position in byte order), by which a page
    /// renders it and keeps its size (`render(number:_:into:)`, `sizeHint(_:)`): looked up once
    /// a page, where rendering, sizing and noting the size by name hashed the name each time,
    /// six times a page with its layout.
    func number(of name: String) -> Int? { numbers[name] }

    /// Renders the template `name` with `context` as the only value on the stack; nil when
    /// there is no such template.
    func render(_ name: String, _ context: TemplateContext) throws(TemplateRenderError) -> String? {
        try renderBytes(name, context).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The same as UTF-8 bytes, which is what a page is written as: pages are rendered into
    /// bytes from the start, without a String to grow and convert.
    func renderBytes(_ name: String, _ context: TemplateContext) throws(TemplateRenderError) -> [UInt8]? {
        let out = PageBytes(capacity: 16 * 1024)
        guard try render(name, context, into: out) else { return nil }
        return out.bytes
    }

    /// Renders the template `name` at the end of `out`; false when there is no such template.
    ///
    /// The context is held in memory of its own for the whole rendering: the renderer reads
    /// every value through pointers into it (see `TemplateObject.Storage`).
    func render(_ name: String, _ context: TemplateContext, into out: PageBytes) throws(TemplateRenderError) -> Bool {
        guard let number = numbers[name] else { return false }
        try render(number: number, context, into: out)
        return true
    }

    /// Renders the template numbered `number` (`number(of:)`) at the end of `out`.
    func render(number: Int, _ context: TemplateContext, into out: PageBytes) throws(TemplateRenderError) {
        let root = UnsafeMutablePointer<TemplateValue>.allocate(capacity: 1)
        root.initialize(to: .object(context))
        var renderer = Renderer(library: self, out: out)
        defer {
            renderer.deallocate()
            root.deinitialize(count: 1)
            root.deallocate()
        }
        renderer.push(root)
        let program = programs[number]
        try renderer.render(program, from: 0, to: program.ops.count, blocks: [:], depth: 0, template: number)
    }

    /// Renders the layout numbered `layout` with `context` and, as its `content`, what the
    /// template numbered `number` renders with `context` (its trailing newlines trimmed, as
    /// `SiteGenerator.trimmingTrailingNewlines` trims them), at the end of `out`: a page.
    ///
    /// Why not render the template first and hand its bytes to the layout as `content`, as
    /// pages were: the layout then copied them into the page, a byte at a time in callgrind's
    /// count (the copy is `rep movsb`), and the array holding them was allocated and freed, on
    /// every page. Here `{{{content}}}` renders the template where the tag stands, straight
    /// into the page. The layout sees `content` on a level of the stack above `context`, so
    /// every lookup finds what it found in `context` with `content` set (`.` alone, the top,
    /// is then that level's object instead of the page's, which writes the same nothing
    /// and is as true); the template sees `context` alone, as it did.
    ///
    /// What is written is what rendering the two one after the other wrote, however the
    /// layout uses `content`: `PageContent` renders it aside for any use but the first raw
    /// one, renders it after the layout if the layout never wrote it (its errors are still
    /// the page's), and throws its error before the layout's, as it was rendered first.
    /// Returns the bytes the template wrote before trimming (`written`) and after (`kept`).
    func render(number: Int, inLayout layout: Int, _ context: TemplateContext,
                into out: PageBytes) throws(TemplateRenderError) -> (written: Int, kept: Int) {
        let values = UnsafeMutablePointer<TemplateValue>.allocate(capacity: 2)
        values.initialize(to: .object(context))
        // A value of its own, unlike any the page holds, found by where it is (`PageContent.slot`).
        var level = TemplateObject(minimumCapacity: 1)
        level.append(distinct: Self.contentName, .utf8([], count: 0))
        (values + 1).initialize(to: .object(level))
        defer {
            values.deinitialize(count: 2)
            values.deallocate()
        }
        let slot = TemplateValue.objectStorage(at: values + 1).value(Self.contentName.text, print: Self.contentName.print)!
        let content = PageContent(number: number, values: values, slot: slot)
        var renderer = Renderer(library: self, out: out, content: content)
        defer { renderer.deallocate() }
        renderer.push(values)
        renderer.push(values + 1)
        let program = programs[layout]
        do {
            try renderer.render(program, from: 0, to: program.ops.count, blocks: [:], depth: 0, template: layout)
        } catch {
            // Rendered first, the template's error came first.
            if content.written == nil { _ = try content.renderedAside(by: self) }
            throw error
        }
        if content.written == nil { _ = try content.renderedAside(by: self) }
        return (content.written!, content.kept)
    }

    /// The name under which a layout finds its page's content.
    static let contentName = TemplateObject.Name("content")

    /// How many bytes to make room for when rendering template `number`: the most it wrote so
    /// far (as told by `noteSize`), or 16 KiB. Rendering into a buffer too small regrows it,
    /// copying all written so far each time; pages of one template are alike in size.
    func sizeHint(_ number: Int) -> Int {
        let size = lock.withLock { sizes[number] }
        return size > 0 ? size : 16 * 1024
    }

    /// `sizeHint` of the template `name` (16 KiB for none).
    func sizeHint(_ name: String) -> Int {
        numbers[name].map { sizeHint($0) } ?? 16 * 1024
    }

    /// Records that rendering template `number` wrote `size` bytes (or, for a layout, bytes
    /// besides its content), for `sizeHint`. Capped, so one huge page does not make every
    /// later one reserve as much. A size of 0 is no size: the hint stays 16 KiB, as for a
    /// template not rendered yet.
    func noteSize(_ number: Int, _ size: Int) {
        let size = min(size, Self.largestSizeHint)
        lock.withLock {
            if size > sizes[number] { sizes[number] = size }
        }
    }

    /// `noteSize` for the template `name`.
    func noteSize(_ name: String, _ size: Int) {
        if let number = numbers[name] { noteSize(number, size) }
    }

    static let largestSizeHint = 512 * 1024

    /// The template numbered `number`: compiled once, read by every thread.
    fileprivate func program(_ number: Int) -> CompiledTemplate { programs[number] }

    /// The name of the template numbered `number`, for messages.
    fileprivate func name(_ number: Int) -> String { names[number] }

    /// The template numbered `number` parsed with every line indented by `indentation` (a
    /// standalone partial or parent tag indents the whole template, per the spec), compiled
    /// once per indentation.
    fileprivate func program(_ number: Int, indentation: String) -> CompiledTemplate {
        let name = names[number]
        let key = IndentedKey(name: name, indentation: indentation)
        if let program = lock.withLock({ indented[key] }) { return program }
        // The source parsed once already, and indenting lines keeps every tag whole.
        let program: CompiledTemplate
        if let nodes = (try? TemplateParser.parse(Self.indent(sources[name]!, by: indentation)))?.nodes {
            program = CompiledTemplate(nodes, numbers: numbers)
        } else {
            program = programs[number]
        }
        lock.withLock { indented[key] = program }
        return program
    }

    static func indent(_ source: String, by indentation: String) -> String {
        var out = ""
        out.reserveCapacity(source.utf8.count + indentation.utf8.count * 8)
        var atLineStart = true
        for scalar in source.unicodeScalars {
            if atLineStart {
                out += indentation
                atLineStart = false
            }
            out.unicodeScalars.append(scalar)
            if scalar == "\n" { atLineStart = true }
        }
        return out
    }
}

/// A template that does not parse, or names a partial that does not exist.
struct TemplateLibraryError: Error {
    var template: String
    var error: TemplateSyntaxError
}

/// A template that includes itself without end.
struct TemplateRenderError: Error {
    var message: String
}

/// A value on the context stack, in place, with its names if it is an object (`object`;
/// `printBits` 0 for anything else, which has no names).
///
/// Why pointers and not the values: pushing a list item or an object copied it into the stack
/// (retaining its storage) and a lookup copied each value it found; every value lives in the
/// page's context, which outlives the rendering unchanged, so the stack points into it. The
/// names' storage is read once, when the value is pushed, rather than at every lookup.
private struct Frame {
    var value: UnsafePointer<TemplateValue>
    var object: TemplateObject.Storage

    init(_ value: UnsafePointer<TemplateValue>) {
        self.value = value
        object = TemplateValue.objectStorage(at: value)
    }
}

/// The content of a page whose layout is being rendered (`TemplateLibrary.render(number:
/// inLayout:_:into:)`): the template that renders it, and where its bytes are once rendered.
private final class PageContent {
    let number: Int
    /// The page's context, which the template is rendered with.
    let values: UnsafePointer<TemplateValue>
    /// The value the layout finds as `content`: a placeholder, known by its address.
    let slot: UnsafePointer<TemplateValue>
    /// The bytes the template wrote before trimming, once it is rendered.
    private(set) var written: Int?
    /// How many bytes it is, trimmed.
    private(set) var kept = 0
    /// Where the bytes are: from `inPlace` on in the page, or `aside`.
    private var inPlace: Int?
    private var aside: [UInt8]?

    init(number: Int, values: UnsafePointer<TemplateValue>, slot: UnsafePointer<TemplateValue>) {
        self.number = number
        self.values = values
        self.slot = slot
    }

    /// Writes the content into `out`, escaped or not: rendered where it goes the first time
    /// it is written raw, else copied from where it was rendered.
    func write(into out: PageBytes, escaped: Bool, library: TemplateLibrary) throws(TemplateRenderError) {
        if written == nil, !escaped {
            let start = out.count
            var renderer = Renderer(library: library, out: out, content: nil)
            defer { renderer.deallocate() }
            renderer.push(values)
            let program = library.program(number)
            try renderer.render(program, from: 0, to: program.ops.count, blocks: [:], depth: 0, template: number)
            written = out.count - start
            out.trimTrailingNewlines(from: start)
            kept = out.count - start
            inPlace = start
            return
        }
        let bytes = try renderedAside(by: library, from: out)
        bytes.withUnsafeBufferPointer { escaped ? out.appendEscaped($0) : out.append($0) }
    }

    /// The content's bytes: rendered into a buffer of their own unless rendered already
    /// (in place into `out`, or aside).
    func renderedAside(by library: TemplateLibrary, from out: PageBytes? = nil) throws(TemplateRenderError) -> [UInt8] {
        if let aside { return aside }
        if let inPlace, let out { return out.bytes(in: inPlace ..< inPlace + kept) }
        let buffer = PageBytes(capacity: library.sizeHint(number))
        var renderer = Renderer(library: library, out: buffer, content: nil)
        defer { renderer.deallocate() }
        renderer.push(values)
        let program = library.program(number)
        try renderer.render(program, from: 0, to: program.ops.count, blocks: [:], depth: 0, template: number)
        written = buffer.count
        buffer.trimTrailingNewlines()
        kept = buffer.count
        aside = buffer.bytes
        return aside!
    }
}

/// A part of a parent's caller that replaces a block: ops of a compiled template.
private struct BlockBody {
    var program: CompiledTemplate
    var range: Range<Int>
}

/// Renders compiled templates into `out`. The context stack is memory of its own (plain
/// pointers, `Frame`), grown by doubling; `deallocate` frees it.
private struct Renderer {
    let library: TemplateLibrary
    let out: PageBytes
    /// The page's content while a layout is rendered around it (`PageContent`), else nil.
    let content: PageContent?
    private var frames: UnsafeMutablePointer<Frame>
    private var capacity = 16
    private var count = 0

    init(library: TemplateLibrary, out: PageBytes, content: PageContent? = nil) {
        self.library = library
        self.out = out
        self.content = content
        frames = .allocate(capacity: capacity)
    }

    func deallocate() { frames.deallocate() }

    mutating func push(_ value: UnsafePointer<TemplateValue>) {
        if count == capacity {
            let grown = UnsafeMutablePointer<Frame>.allocate(capacity: 2 * capacity)
            grown.moveInitialize(from: frames, count: count)
            frames.deallocate()
            frames = grown
            capacity *= 2
        }
        (frames + count).initialize(to: Frame(value))
        count += 1
    }

    mutating func pop() {
        count -= 1
    }

    /// Renders `program.ops[start..<end]`. `template` is the number of the template being
    /// rendered, named in the error when partials nest without end.
    ///
    /// Contents that render with the stack and blocks as they are (a section over `true`, an
    /// inverted section over a false value, a block nothing replaces) are rendered in place:
    /// they are the ops right after their own, up to where the next op stands, so going on
    /// with the op after the tag renders them and then what follows. Rendering them in a call
    /// of their own cost some sixty instructions a section in entering and leaving it.
    mutating func render(_ program: CompiledTemplate, from start: Int, to end: Int, blocks: [String: BlockBody],
                         depth: Int, template: Int) throws(TemplateRenderError) {
        let ops = program.ops.baseAddress!
        let bytes = program.bytes.baseAddress!
        var i = start
        while i < end {
            let op = ops[i]
            switch op.kind {
            case .text:
                out.append(UnsafeBufferPointer(start: bytes + op.a, count: op.b))
            case .escaped, .raw:
                guard let value = Self.lookup(program, op.a, frames: frames, count: count) else { break }
                if let content, value == content.slot {
                    try content.write(into: out, escaped: op.kind == .escaped, library: library)
                } else {
                    write(value, escaped: op.kind == .escaped)
                }
            case .section:
                if let value = Self.lookup(program, op.a, frames: frames, count: count) {
                    switch value.pointee {
                    case .list:
                        let items = TemplateValue.listItems(at: value)
                        var k = 0
                        while k < items.count {
                            push(items.baseAddress! + k)
                            try render(program, from: i + 1, to: op.b, blocks: blocks, depth: depth, template: template)
                            pop()
                            k += 1
                        }
                    case .bool(let bool):
                        // Rendered in place (see above): a true flag adds nothing to the stack.
                        if bool {
                            i += 1
                            continue
                        }
                    default:
                        push(value)
                        try render(program, from: i + 1, to: op.b, blocks: blocks, depth: depth, template: template)
                        pop()
                    }
                }
                i = op.b
                continue
            case .inverted:
                let value = Self.lookup(program, op.a, frames: frames, count: count)
                // Rendered in place, as a true flag's section is.
                i = value.map(TemplateValue.isTruthy(at:)) ?? false ? op.b : i + 1
                continue
            case .partial:
                try renderPartial(op, of: program, blocks: blocks, depth: depth, template: template)
            case .block:
                if !blocks.isEmpty, let body = blocks[program.blockNames[op.a]] {
                    try renderBlock(body, blocks: blocks, depth: depth, template: template)
                    i = op.b
                } else {
                    // The block's own contents, in place.
                    i += 1
                }
                continue
            case .parent:
                try renderParent(op, of: program, blocks: blocks, depth: depth, template: template)
                i = op.b
                continue
            }
            i += 1
        }
    }

    // The rare tags, out of line: `render` is called for every section and list item, and
    // kept small, the compiler puts the lookups and writes of the common tags inside it.

    /// The template a partial or parent tag names (`op.a`, indented as `op.c` says), nil when
    /// it names none; an error when templates include one another without end.
    private func included(_ op: CompiledTemplate.Op, of program: CompiledTemplate, depth: Int,
                          template: Int) throws(TemplateRenderError) -> CompiledTemplate? {
        guard depth < TemplateLibrary.maximumDepth else { throw loop(template, program.referenceNames[op.e]) }
        guard op.a >= 0 else { return nil }
        return op.c < 0 ? library.program(op.a) : library.program(op.a, indentation: program.indentations[op.c])
    }

    @inline(never)
    private mutating func renderPartial(_ op: CompiledTemplate.Op, of program: CompiledTemplate, blocks: [String: BlockBody],
                                        depth: Int, template: Int) throws(TemplateRenderError) {
        guard let partial = try included(op, of: program, depth: depth, template: template) else { return }
        try render(partial, from: 0, to: partial.ops.count, blocks: blocks, depth: depth + 1, template: op.a)
    }

    @inline(never)
    private mutating func renderBlock(_ body: BlockBody, blocks: [String: BlockBody], depth: Int,
                                      template: Int) throws(TemplateRenderError) {
        try render(body.program, from: body.range.lowerBound, to: body.range.upperBound, blocks: blocks, depth: depth, template: template)
    }

    @inline(never)
    private mutating func renderParent(_ op: CompiledTemplate.Op, of program: CompiledTemplate, blocks: [String: BlockBody],
                                       depth: Int, template: Int) throws(TemplateRenderError) {
        guard let parent = try included(op, of: program, depth: depth, template: template) else { return }
        // The caller's blocks win over the parent tag's own, all the way up.
        var merged = program.parentBlocks[op.d].mapValues { BlockBody(program: program, range: $0) }
        for (key, value) in blocks { merged[key] = value }
        try render(parent, from: 0, to: parent.ops.count, blocks: merged, depth: depth + 1, template: op.a)
    }

    /// What `{{name}}` writes for `value`, escaped or not.
    @inline(__always)
    private func write(_ value: UnsafePointer<TemplateValue>, escaped: Bool) {
        switch value.pointee {
        case .utf8(let bytes, let count):
            bytes.withUnsafeBufferPointer { all in
                let text = UnsafeBufferPointer(rebasing: all[..<count])
                escaped ? out.appendEscaped(text) : out.append(text)
            }
        case .utf8Slice(let bytes, let from, let to):
            bytes.withUnsafeBufferPointer { all in
                let text = UnsafeBufferPointer(rebasing: all[Int(from)..<Int(to)])
                escaped ? out.appendEscaped(text) : out.append(text)
            }
        case .string(let string):
            if escaped { out.appendEscaped(string) } else { out.append(string) }
        case .int(let int):
            // Digits and a minus sign, which escaping leaves as they are: written straight
            // into the page, not made into a String first (counts and weights on every page).
            out.appendDecimal(int)
        default:
            writeText(value, escaped: escaped)
        }
    }

    /// A flag's, a double's or a list's text, which pages rarely write.
    @inline(never)
    private func writeText(_ value: UnsafePointer<TemplateValue>, escaped: Bool) {
        let text = value.pointee.text
        if escaped { out.appendEscaped(text) } else { out.append(text) }
    }

    func loop(_ template: Int, _ name: String) -> TemplateRenderError {
        TemplateRenderError(message: "templates include one another without end ('\(library.name(template))' includes '\(name)' \(TemplateLibrary.maximumDepth) levels deep)")
    }

    /// `.` is the top of the stack; `a.b.c` finds `a` in the nearest value that has it, then
    /// `b` and `c` inside it only. The value is found in place (see `Frame`).
    ///
    /// Transparent, so written out where `render` calls it: marked `@inline(__always)` it
    /// stayed a call, some forty instructions of entering and leaving it, a million lookups a
    /// 2,000-note build. A function of the stack's memory and height (`frames`, `count`) rather
    /// than a method, which `render`, being `mutating`, called on a copy of the renderer.
    @_transparent
    static func lookup(_ program: CompiledTemplate, _ index: Int, frames: UnsafeMutablePointer<Frame>,
                       count: Int) -> UnsafePointer<TemplateValue>? {
        let path = program.paths[index]
        guard path.count > 0 else { return count > 0 ? frames[count - 1].value : nil }
        let names = program.names.baseAddress! + path.first
        let print = names[0].print
        let bit = TemplateObject.bit(print)
        var level = count - 1
        var found: UnsafePointer<TemplateValue>?
        while level >= 0 {
            if frames[level].object.printBits & bit != 0,
               let child = frames[level].object.value(names[0].text, print: print) {
                found = child
                break
            }
            level -= 1
        }
        guard var current = found else { return nil }
        var part = 1
        while part < path.count {
            let object = TemplateValue.objectStorage(at: current)
            guard let next = object.value(names[part].text, print: names[part].print) else { return nil }
            current = next
            part += 1
        }
        return current
    }
}

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
    private let templates: [String: [TemplateNode]]
    private let sources: [String: String]
    private var indented: [IndentedKey: [TemplateNode]] = [:]
    /// The largest output of each template so far (`sizeHint`), under `lock`.
    private var sizes: [String: Int] = [:]
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
        var templates: [String: [TemplateNode]] = [:]
        var references: [String: [TemplateParser.Reference]] = [:]
        for name in sources.keys.sorted(by: Theme.byteOrder) {
            do {
                (templates[name], references[name]) = try TemplateParser.parse(sources[name]!)
            } catch {
                throw TemplateLibraryError(template: name, error: error)
            }
        }
        for name in sources.keys.sorted(by: Theme.byteOrder) {
            if let missing = references[name]!.first(where: { sources[$0.name] == nil }) {
                throw TemplateLibraryError(template: name, error: TemplateSyntaxError(
                    line: missing.line, column: missing.column,
                    message: "partial '\(missing.name)' does not exist",
                    hint: "partials are named by their path in the theme without .mustache, e.g. {{> partials/toc}}"))
            }
        }
        self.templates = templates
        self.sources = sources
    }

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
    func render(_ name: String, _ context: TemplateContext, into out: PageBytes) throws(TemplateRenderError) -> Bool {
        guard let nodes = templates[name] else { return false }
        var renderer = Renderer(library: self, stack: [Frame(.object(context))], out: out)
        try renderer.render(nodes, blocks: [:], depth: 0, template: name)
        return true
    }

    /// How many bytes to make room for when rendering `name`: the most it wrote so far (as
    /// told by `noteSize`), or 16 KiB. Rendering into a buffer too small regrows it, copying
    /// all written so far each time; pages of one template are alike in size.
    func sizeHint(_ name: String) -> Int {
        lock.withLock { sizes[name] } ?? 16 * 1024
    }

    /// Records that rendering `name` wrote `size` bytes (or, for a layout, bytes besides its
    /// content), for `sizeHint`. Capped, so one huge page does not make every later one
    /// reserve as much.
    func noteSize(_ name: String, _ size: Int) {
        let size = min(size, Self.largestSizeHint)
        lock.withLock {
            if size > sizes[name] ?? 0 { sizes[name] = size }
        }
    }

    static let largestSizeHint = 512 * 1024

    /// `name` parsed with every line indented by `indentation` (a standalone partial or parent
    /// tag indents the whole template, per the spec).
    fileprivate func nodes(_ name: String, indentation: String) -> [TemplateNode]? {
        if indentation.isEmpty { return templates[name] }
        let key = IndentedKey(name: name, indentation: indentation)
        if let nodes = lock.withLock({ indented[key] }) { return nodes }
        guard let source = sources[name] else { return nil }
        // The source parsed once already, and indenting lines keeps every tag whole.
        let nodes = (try? TemplateParser.parse(Self.indent(source, by: indentation)))?.nodes ?? templates[name]!
        lock.withLock { indented[key] = nodes }
        return nodes
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

/// A value on the context stack, with the fingerprint bits of its names (`printBits`; 0 for
/// anything but an object, which has no names).
///
/// Why the bits beside the value: a lookup tries the levels from the top until one has the
/// name, and most levels do not. Asking the value itself copied it out of the stack first (a
/// retain and release of the object's storage, an outlined copy) only to find the bit clear;
/// the bits here are read in place, and only a level that may hold the name is asked.
private struct Frame {
    var value: TemplateValue
    var bits: UInt64

    init(_ value: TemplateValue) {
        self.value = value
        if case .object(let object) = value { bits = object.printBits } else { bits = 0 }
    }
}

private struct Renderer {
    let library: TemplateLibrary
    var stack: [Frame]
    let out: PageBytes

    init(library: TemplateLibrary, stack: [Frame], out: PageBytes) {
        self.library = library
        self.stack = stack
        self.out = out
    }

    mutating func render(_ nodes: [TemplateNode], blocks: [String: [TemplateNode]], depth: Int, template: String) throws(TemplateRenderError) {
        for node in nodes {
            switch node {
            case .text(let text):
                out.append(text)
            case .value(let path, let escaped):
                guard let value = lookup(path) else { continue }
                switch value {
                case .bytes(let bytes):
                    bytes.withUnsafeBufferPointer { escaped ? out.appendEscaped($0) : out.append($0) }
                case .string(let string):
                    if escaped { out.appendEscaped(string) } else { out.append(string) }
                default:
                    let text = value.text
                    if escaped { out.appendEscaped(text) } else { out.append(text) }
                }
            case .section(let path, let inverted, let inner):
                let value = lookup(path)
                if inverted {
                    if !(value?.isTruthy ?? false) {
                        try render(inner, blocks: blocks, depth: depth, template: template)
                    }
                    continue
                }
                guard let value, value.isTruthy else { continue }
                switch value {
                case .list(let items):
                    for item in items {
                        stack.append(Frame(item))
                        try render(inner, blocks: blocks, depth: depth, template: template)
                        stack.removeLast()
                    }
                case .bool:
                    try render(inner, blocks: blocks, depth: depth, template: template)
                default:
                    stack.append(Frame(value))
                    try render(inner, blocks: blocks, depth: depth, template: template)
                    stack.removeLast()
                }
            case .partial(let name, let indentation):
                guard depth < TemplateLibrary.maximumDepth else { throw loop(template, name) }
                guard let partial = library.nodes(name, indentation: indentation) else { continue }
                try render(partial, blocks: blocks, depth: depth + 1, template: name)
            case .block(let name, let fallback):
                try render(blocks[name] ?? fallback, blocks: blocks, depth: depth, template: template)
            case .parent(let name, let indentation, let own):
                guard depth < TemplateLibrary.maximumDepth else { throw loop(template, name) }
                guard let parent = library.nodes(name, indentation: indentation) else { continue }
                // The caller's blocks win over the parent tag's own, all the way up.
                var merged = own
                for (key, value) in blocks { merged[key] = value }
                try render(parent, blocks: merged, depth: depth + 1, template: name)
            }
        }
    }

    func loop(_ template: String, _ name: String) -> TemplateRenderError {
        TemplateRenderError(message: "templates include one another without end ('\(template)' includes '\(name)' \(TemplateLibrary.maximumDepth) levels deep)")
    }

    /// `.` is the top of the stack; `a.b.c` finds `a` in the nearest value that has it, then
    /// `b` and `c` inside it only.
    func lookup(_ path: TemplatePath) -> TemplateValue? {
        let count = path.prints.count
        guard count > 0 else { return stack.last?.value }
        // The levels are read in place: taking each out of the array copied it (retaining
        // what it holds) only to look one name up in it. The first part is read from the path
        // in place too (`head`), and a path of one part, most of them, ends there.
        let found: TemplateValue? = stack.withUnsafeBufferPointer { stack in
            let bit = TemplateObject.bit(path.headPrint)
            var index = stack.count - 1
            while index >= 0 {
                if stack[index].bits & bit != 0, let child = stack[index].value.child(path.head, print: path.headPrint) {
                    return child
                }
                index -= 1
            }
            return nil
        }
        guard count > 1, var current = found else { return found }
        var i = 1
        while i < count {
            guard let next = current.child(path.parts[i], print: path.prints[i]) else { return nil }
            current = next
            i += 1
        }
        return current
    }
}

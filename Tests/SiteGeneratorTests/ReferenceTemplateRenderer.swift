import Markdown
@testable import SiteGenerator

/// The template renderer as it was before templates were compiled (`CompiledTemplate`): it
/// walks the parser's `TemplateNode` tree and copies values out of the context. Kept as the
/// reference the compiled renderer must match byte for byte (`CompiledTemplateDifferentialTests`),
/// errors included. Output goes to a `[UInt8]`, escaped by the same `HTML.forEachEscapedPiece`.
struct ReferenceTemplateRenderer {
    let templates: [String: [TemplateNode]]
    let sources: [String: String]

    /// Parses `sources` as `TemplateLibrary` does; the library must accept them first (this
    /// checks no errors).
    init(sources: [String: String]) throws {
        var templates: [String: [TemplateNode]] = [:]
        for (name, source) in sources { templates[name] = try TemplateParser.parse(source).nodes }
        self.templates = templates
        self.sources = sources
    }

    struct LoopError: Error {
        var message: String
    }

    func render(_ name: String, _ context: TemplateContext) throws(LoopError) -> String? {
        guard let nodes = templates[name] else { return nil }
        var state = State(reference: self, stack: [.object(context)])
        try state.render(nodes, blocks: [:], depth: 0, template: name)
        return String(decoding: state.out, as: UTF8.self)
    }

    fileprivate func nodes(_ name: String, indentation: String) -> [TemplateNode]? {
        if indentation.isEmpty { return templates[name] }
        guard let source = sources[name] else { return nil }
        return (try? TemplateParser.parse(TemplateLibrary.indent(source, by: indentation)))?.nodes ?? templates[name]!
    }

    private struct State {
        let reference: ReferenceTemplateRenderer
        var stack: [TemplateValue]
        var out: [UInt8] = []

        mutating func append(_ text: String, escaped: Bool) {
            var text = text
            text.withUTF8 { bytes in
                if escaped {
                    HTML.forEachEscapedPiece(of: bytes, apostrophe: true) { out += $0 }
                } else {
                    out += bytes
                }
            }
        }

        mutating func render(_ nodes: [TemplateNode], blocks: [String: [TemplateNode]], depth: Int, template: String) throws(LoopError) {
            for node in nodes {
                switch node {
                case .text(let text):
                    append(text, escaped: false)
                case .value(let path, let escaped):
                    guard let value = lookup(path) else { continue }
                    append(value.text, escaped: escaped)
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
                            stack.append(item)
                            try render(inner, blocks: blocks, depth: depth, template: template)
                            stack.removeLast()
                        }
                    case .bool:
                        try render(inner, blocks: blocks, depth: depth, template: template)
                    default:
                        stack.append(value)
                        try render(inner, blocks: blocks, depth: depth, template: template)
                        stack.removeLast()
                    }
                case .partial(let name, let indentation):
                    guard depth < TemplateLibrary.maximumDepth else { throw loop(template, name) }
                    guard let partial = reference.nodes(name, indentation: indentation) else { continue }
                    try render(partial, blocks: blocks, depth: depth + 1, template: name)
                case .block(let name, let fallback):
                    try render(blocks[name] ?? fallback, blocks: blocks, depth: depth, template: template)
                case .parent(let name, let indentation, let own):
                    guard depth < TemplateLibrary.maximumDepth else { throw loop(template, name) }
                    guard let parent = reference.nodes(name, indentation: indentation) else { continue }
                    var merged = own
                    for (key, value) in blocks { merged[key] = value }
                    try render(parent, blocks: merged, depth: depth + 1, template: name)
                }
            }
        }

        func loop(_ template: String, _ name: String) -> LoopError {
            LoopError(message: "templates include one another without end ('\(template)' includes '\(name)' \(TemplateLibrary.maximumDepth) levels deep)")
        }

        /// Dictionary-style lookups through `TemplateObject`'s string subscript.
        func lookup(_ path: TemplatePath) -> TemplateValue? {
            guard let head = path.parts.first else { return stack.last }
            var found: TemplateValue?
            for value in stack.reversed() {
                if let child = value.child(head) {
                    found = child
                    break
                }
            }
            guard var current = found else { return nil }
            for part in path.parts.dropFirst() {
                guard let next = current.child(part) else { return nil }
                current = next
            }
            return current
        }
    }
}

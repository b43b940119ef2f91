/// A name in a tag: `.` (the current value, no parts) or dot-separated parts (`note.title`).
struct TemplatePath: Sendable, Equatable {
    var parts: [String] {
        didSet { (prints, head, headPrint) = Self.derived(parts) }
    }
    /// Each part's fingerprint, computed once here rather than at every lookup.
    private(set) var prints: [UInt64]
    /// The first part and its fingerprint (`""` and 0 for `.`), stored apart: every lookup
    /// searches the stack for the first part, and a stored property is read in place where
    /// an array's element is copied out (a retain and a release per tag).
    private(set) var head: String
    private(set) var headPrint: UInt64

    init(parts: [String]) {
        self.parts = parts
        (prints, head, headPrint) = Self.derived(parts)
    }

    private static func derived(_ parts: [String]) -> (prints: [UInt64], head: String, headPrint: UInt64) {
        let prints = parts.map(TemplateObject.fingerprint)
        return (prints, parts.first ?? "", prints.first ?? 0)
    }
    /// `{{.}}`
    var isCurrent: Bool { parts.isEmpty }
}

/// A parsed template: text and tags, sections holding their own nodes.
indirect enum TemplateNode: Sendable {
    case text(String)
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{&name}}` (as is).
    case value(TemplatePath, escaped: Bool)
    /// `{{#name}}…{{/name}}`, or with `inverted` `{{^name}}…{{/name}}`.
    case section(TemplatePath, inverted: Bool, [TemplateNode])
    /// `{{>name}}`, with the whitespace in front of a standalone tag, which indents every line
    /// of the partial.
    case partial(String, indentation: String)
    /// `{{$name}}default{{/name}}`: replaced by a parent's caller.
    case block(String, [TemplateNode])
    /// `{{<name}}{{$block}}…{{/block}}{{/name}}`: the template `name` with these blocks.
    case parent(String, indentation: String, blocks: [String: [TemplateNode]])
}

/// Where a template goes wrong: 1-based line and column (in characters) of the tag at fault.
struct TemplateSyntaxError: Error, Equatable {
    var line: Int
    var column: Int
    var message: String
    var hint: String?
}

/// Parses Mustache as the spec (1.x) defines it: interpolation, sections, inverted sections,
/// comments, partials, set delimiters, standalone lines, and the inheritance module's parents
/// and blocks. Lambdas cannot occur (contexts are data) and swift-mustache's own extensions
/// (transforms such as `{{uppercased(x)}}`, pragmas, dynamic partials) are reported as errors
/// rather than silently rendered as nothing.
struct TemplateParser {
    private let bytes: [UInt8]
    private var position = 0
    private var open: [UInt8] = Array("{{".utf8)
    private var close: [UInt8] = Array("}}".utf8)
    private var references: [(name: String, offset: Int)] = []

    private init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// The template's nodes, and every partial and parent it names, in order, with their place.
    static func parse(_ text: String) throws(TemplateSyntaxError) -> (nodes: [TemplateNode], references: [Reference]) {
        var parser = TemplateParser(text)
        let nodes = try parser.parseAll()
        return (nodes, parser.references.map { name, offset in
            let (line, column) = parser.lineAndColumn(offset)
            return Reference(name: name, line: line, column: column)
        })
    }

    /// A `{{>partial}}` or `{{<parent}}` tag: the template it names and where it is.
    struct Reference: Equatable {
        var name: String
        var line: Int
        var column: Int
    }

    // MARK: - Scanning

    private enum Sigil: UInt8 {
        case section = 0x23      // #
        case inverted = 0x5E     // ^
        case close = 0x2F        // /
        case comment = 0x21      // !
        case partial = 0x3E      // >
        case delimiters = 0x3D   // =
        case unescaped = 0x26    // &
        case triple = 0x7B       // {
        case parent = 0x3C       // <
        case block = 0x24        // $
        case pragma = 0x25       // %
    }

    private struct Tag {
        var sigil: Sigil?
        var content: String
        var start: Int
        var end: Int
    }

    /// An open section, parent or block while its contents are collected.
    private struct Frame {
        var sigil: Sigil
        var name: String
        var path: TemplatePath
        var indentation: String
        var nodes: [TemplateNode] = []
        var start: Int
    }

    private mutating func parseAll() throws(TemplateSyntaxError) -> [TemplateNode] {
        var frames = [Frame(sigil: .section, name: "", path: TemplatePath(parts: []), indentation: "", start: 0)]
        var text: [UInt8] = []

        func flushText(_ frames: inout [Frame], _ text: inout [UInt8]) {
            guard !text.isEmpty else { return }
            frames[frames.count - 1].nodes.append(.text(String(decoding: text, as: UTF8.self)))
            text.removeAll(keepingCapacity: true)
        }

        while position < bytes.count {
            guard let tagStart = find(open, from: position) else {
                text += bytes[position...]
                position = bytes.count
                break
            }
            text += bytes[position..<tagStart]
            let tag = try readTag(at: tagStart)

            // A standalone line: nothing but blanks around a tag that writes nothing itself.
            var standalone: (indentation: String, resume: Int)?
            if let sigil = tag.sigil, sigil != .unescaped, sigil != .triple {
                standalone = standaloneLine(tagStart: tag.start, tagEnd: tag.end)
            }
            if let standalone {
                text.removeLast(standalone.indentation.utf8.count)
                position = standalone.resume
            } else {
                position = tag.end
            }
            flushText(&frames, &text)
            let indentation = standalone?.indentation ?? ""

            switch tag.sigil {
            case nil, .unescaped, .triple:
                let path = try self.path(tag)
                frames[frames.count - 1].nodes.append(.value(path, escaped: tag.sigil == nil))
            case .comment:
                break
            case .delimiters:
                try setDelimiters(tag)
            case .pragma:
                throw error(at: tag.start, "pragmas ({{% …}}) are not supported")
            case .partial:
                let name = try self.name(tag)
                if name.hasPrefix("*") {
                    throw error(at: tag.start, "dynamic partials ({{>*name}}) are not supported",
                                hint: "name the partial itself, e.g. {{> partials/toc}}")
                }
                references.append((name, tag.start))
                frames[frames.count - 1].nodes.append(.partial(name, indentation: indentation))
            case .section, .inverted:
                let path = try self.path(tag)
                frames.append(Frame(sigil: tag.sigil!, name: tag.content, path: path, indentation: indentation, start: tag.start))
            case .parent, .block:
                let name = try self.name(tag)
                if tag.sigil == .parent { references.append((name, tag.start)) }
                frames.append(Frame(sigil: tag.sigil!, name: name, path: TemplatePath(parts: []), indentation: indentation, start: tag.start))
            case .close:
                let name = tag.content
                guard frames.count > 1 else {
                    throw error(at: tag.start, "closing tag {{/\(name)}} has no open section",
                                hint: "remove it, or open the section with {{#\(name)}}")
                }
                let frame = frames.removeLast()
                guard frame.name == name else {
                    let (line, _) = lineAndColumn(frame.start)
                    throw error(at: tag.start, "closing tag {{/\(name)}} does not match the open section {{\(Character(Unicode.Scalar(frame.sigil.rawValue)))\(frame.name)}} from line \(line)",
                                hint: "close it with {{/\(frame.name)}}")
                }
                let node: TemplateNode
                switch frame.sigil {
                case .section: node = .section(frame.path, inverted: false, frame.nodes)
                case .inverted: node = .section(frame.path, inverted: true, frame.nodes)
                case .block: node = .block(frame.name, frame.nodes)
                default:
                    // A parent keeps only its block definitions; other content means nothing.
                    var blocks: [String: [TemplateNode]] = [:]
                    for case .block(let blockName, let inner) in frame.nodes where blocks[blockName] == nil {
                        blocks[blockName] = inner
                    }
                    node = .parent(frame.name, indentation: frame.indentation, blocks: blocks)
                }
                frames[frames.count - 1].nodes.append(node)
            }
        }
        flushText(&frames, &text)
        if frames.count > 1 {
            let frame = frames[frames.count - 1]
            throw error(at: frame.start, "section {{\(Character(Unicode.Scalar(frame.sigil.rawValue)))\(frame.name)}} is never closed",
                        hint: "add {{/\(frame.name)}} where it ends")
        }
        return frames[0].nodes
    }

    /// The tag starting at `start` (at the open delimiter).
    private func readTag(at start: Int) throws(TemplateSyntaxError) -> Tag {
        var i = start + open.count
        var sigil: Sigil?
        if i < bytes.count, let s = Sigil(rawValue: bytes[i]) {
            sigil = s
            i += 1
        }
        var closer = close
        if sigil == .triple { closer = [0x7D] + close }   // }
        if sigil == .delimiters { closer = [0x3D] + close } // =
        guard let end = find(closer, from: i) else {
            throw error(at: start, "tag is never closed: no \(String(decoding: closer, as: UTF8.self)) after it")
        }
        let content = String(decoding: bytes[i..<end], as: UTF8.self)
        return Tag(sigil: sigil, content: sigil == .comment ? content : Self.trimmed(content), start: start, end: end + closer.count)
    }

    /// The line's indentation and where parsing resumes when the tag stands alone on its line.
    private func standaloneLine(tagStart: Int, tagEnd: Int) -> (indentation: String, resume: Int)? {
        var lineStart = tagStart
        while lineStart > 0, bytes[lineStart - 1] != 0x0A {
            guard Self.isBlank(bytes[lineStart - 1]) else { return nil }
            lineStart -= 1
        }
        var after = tagEnd
        while after < bytes.count, Self.isBlank(bytes[after]) { after += 1 }
        if after < bytes.count {
            if bytes[after] == 0x0A {
                after += 1
            } else if bytes[after] == 0x0D, after + 1 < bytes.count, bytes[after + 1] == 0x0A {
                after += 2
            } else {
                return nil
            }
        }
        return (String(decoding: bytes[lineStart..<tagStart], as: UTF8.self), after)
    }

    private mutating func setDelimiters(_ tag: Tag) throws(TemplateSyntaxError) {
        let parts = tag.content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
            throw error(at: tag.start, "malformed set-delimiter tag; write {{=<% %>=}}")
        }
        open = Array(parts[0].utf8)
        close = Array(parts[1].utf8)
    }

    private func path(_ tag: Tag) throws(TemplateSyntaxError) -> TemplatePath {
        let name = try self.name(tag)
        if name == "." { return TemplatePath(parts: []) }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.contains(where: \.isEmpty) {
            throw error(at: tag.start, "malformed name '\(name)': write a.b.c, or . for the current value")
        }
        return TemplatePath(parts: parts)
    }

    private func name(_ tag: Tag) throws(TemplateSyntaxError) -> String {
        let name = tag.content
        if name.isEmpty { throw error(at: tag.start, "tag without a name") }
        if name.contains(where: { $0 == "(" || $0 == ")" }) {
            throw error(at: tag.start, "'\(name)': transforms such as uppercased(x) are not supported",
                        hint: "compute the value in the page's context instead")
        }
        if name.contains(where: \.isWhitespace) {
            throw error(at: tag.start, "malformed tag: a name cannot contain spaces, and the tag must end with \(String(decoding: close, as: UTF8.self))")
        }
        return name
    }

    // MARK: - Helpers

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, start <= bytes.count - needle.count else { return nil }
        var i = start
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == first {
                var j = 1
                while j < needle.count, bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    private func lineAndColumn(_ offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for i in 0..<offset where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
        return (line, column)
    }

    private func error(at offset: Int, _ message: String, hint: String? = nil) -> TemplateSyntaxError {
        let (line, column) = lineAndColumn(offset)
        return TemplateSyntaxError(line: line, column: column, message: message, hint: hint)
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    private static func trimmed(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

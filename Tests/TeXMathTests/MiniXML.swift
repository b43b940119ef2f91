/// Just enough XML to check MathML output for well-formedness and compare element trees:
/// elements, attributes, text and character references. Iterative, so deep output is fine.
enum MiniXML {
    final class Element {
        var name: String
        var attributes: [String: String]
        var children: [Node] = []

        init(name: String, attributes: [String: String] = [:]) {
            self.name = name
            self.attributes = attributes
        }
    }

    enum Node {
        case element(Element)
        case text(String)
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// The top-level nodes of `markup`. Throws on mismatched or unclosed tags, a raw `<` or `&`
    /// in text, and unknown entities.
    static func parse(_ markup: String) throws -> [Node] {
        let root = Element(name: "#root")
        var stack = [root]
        let scalars = Array(markup.unicodeScalars)
        var index = 0
        var text = String.UnicodeScalarView()

        func flushText() {
            guard !text.isEmpty else { return }
            stack[stack.count - 1].children.append(.text(String(text)))
            text = String.UnicodeScalarView()
        }

        while index < scalars.count {
            let c = scalars[index]
            if c == "&" {
                let (decoded, next) = try entity(scalars, at: index)
                text.append(contentsOf: decoded.unicodeScalars)
                index = next
                continue
            }
            guard c == "<" else {
                if c == ">" { throw ParseError(description: "raw > in text at \(index)") }
                text.append(c)
                index += 1
                continue
            }
            flushText()
            guard let close = scalars[index...].firstIndex(of: ">") else {
                throw ParseError(description: "unterminated tag at \(index)")
            }
            let inner = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
            index = close + 1
            if inner.hasPrefix("/") {
                let name = String(inner.dropFirst())
                guard stack.count > 1, stack[stack.count - 1].name == name else {
                    throw ParseError(description: "unexpected </\(name)> (open: \(stack.last?.name ?? "-"))")
                }
                stack.removeLast()
                continue
            }
            let selfClosing = inner.hasSuffix("/")
            let (name, attributes) = try tag(selfClosing ? String(inner.dropLast()) : inner)
            let element = Element(name: name, attributes: attributes)
            stack[stack.count - 1].children.append(.element(element))
            if !selfClosing { stack.append(element) }
        }
        flushText()
        guard stack.count == 1 else { throw ParseError(description: "unclosed <\(stack[stack.count - 1].name)>") }
        return root.children
    }

    private static func tag(_ inner: String) throws -> (String, [String: String]) {
        var scalars = Substring(inner)
        let name = String(scalars.prefix { $0 != " " })
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw ParseError(description: "bad tag <\(inner)>")
        }
        scalars = scalars.dropFirst(name.count)
        var attributes: [String: String] = [:]
        while true {
            scalars = scalars.drop { $0 == " " }
            guard !scalars.isEmpty else { break }
            let key = String(scalars.prefix { $0 != "=" })
            scalars = scalars.dropFirst(key.count)
            guard scalars.hasPrefix("=\"") else { throw ParseError(description: "bad attribute in <\(inner)>") }
            scalars = scalars.dropFirst(2)
            let raw = String(scalars.prefix { $0 != "\"" })
            scalars = scalars.dropFirst(raw.count + 1)
            guard !raw.contains("<") else { throw ParseError(description: "raw < in attribute of <\(inner)>") }
            var value = String.UnicodeScalarView()
            let valueScalars = Array(raw.unicodeScalars)
            var i = 0
            while i < valueScalars.count {
                if valueScalars[i] == "&" {
                    let (decoded, next) = try entity(valueScalars, at: i)
                    value.append(contentsOf: decoded.unicodeScalars)
                    i = next
                } else {
                    value.append(valueScalars[i])
                    i += 1
                }
            }
            attributes[key] = String(value)
        }
        return (name, attributes)
    }

    private static func entity(_ scalars: [Unicode.Scalar], at start: Int) throws -> (String, Int) {
        guard let end = scalars[start...].prefix(12).firstIndex(of: ";") else {
            throw ParseError(description: "raw & at \(start)")
        }
        let name = String(String.UnicodeScalarView(scalars[(start + 1)..<end]))
        switch name {
        case "amp": return ("&", end + 1)
        case "lt": return ("<", end + 1)
        case "gt": return (">", end + 1)
        case "quot": return ("\"", end + 1)
        case "apos", "#39": return ("'", end + 1)
        default:
            let value: UInt32?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                value = UInt32(name.dropFirst(2), radix: 16)
            } else if name.hasPrefix("#") {
                value = UInt32(name.dropFirst())
            } else {
                value = nil
            }
            guard let value, let scalar = Unicode.Scalar(value) else {
                throw ParseError(description: "unknown entity &\(name);")
            }
            return (String(scalar), end + 1)
        }
    }

    /// Checks tags balance and text has no raw `<`, `>` or stray `&`, without building a tree;
    /// fast enough for megabytes of output in debug builds. Returns the number of top-level elements.
    static func checkWellFormed(_ markup: String) throws -> Int {
        var markup = markup
        return try markup.withUTF8 { bytes in
            var open: [(start: Int, end: Int)] = []
            var roots = 0
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "&") {
                    var end = index + 1
                    while end < count, end - index < 12, bytes[end] != UInt8(ascii: ";") { end += 1 }
                    guard end < count, bytes[end] == UInt8(ascii: ";"), end > index + 1 else {
                        throw ParseError(description: "raw & at byte \(index)")
                    }
                    index = end + 1
                    continue
                }
                if byte == UInt8(ascii: ">") { throw ParseError(description: "raw > at byte \(index)") }
                guard byte == UInt8(ascii: "<") else {
                    index += 1
                    continue
                }
                var end = index + 1
                var quoted = false
                while end < count, quoted || bytes[end] != UInt8(ascii: ">") {
                    if bytes[end] == UInt8(ascii: "\"") { quoted.toggle() }
                    if quoted, bytes[end] == UInt8(ascii: "<") { throw ParseError(description: "raw < in attribute at byte \(end)") }
                    end += 1
                }
                guard end < count else { throw ParseError(description: "unterminated tag at byte \(index)") }
                if bytes[index + 1] == UInt8(ascii: "/") {
                    guard let last = open.popLast() else { throw ParseError(description: "stray closing tag at byte \(index)") }
                    let name = (index + 2)..<end
                    guard name.count == last.end - last.start,
                        zip(name, last.start..<last.end).allSatisfy({ bytes[$0] == bytes[$1] })
                    else { throw ParseError(description: "mismatched closing tag at byte \(index)") }
                } else {
                    if open.isEmpty { roots += 1 }
                    if bytes[end - 1] != UInt8(ascii: "/") {
                        var nameEnd = index + 1
                        while nameEnd < end, bytes[nameEnd] != UInt8(ascii: " ") { nameEnd += 1 }
                        open.append((index + 1, nameEnd))
                    }
                }
                index = end + 1
            }
            guard open.isEmpty else { throw ParseError(description: "\(open.count) unclosed tags") }
            return roots
        }
    }

    /// All elements named `name`, depth first.
    static func elements(named name: String, in nodes: [Node]) -> [Element] {
        var found: [Element] = []
        var pending = Array(nodes.reversed())
        while let node = pending.popLast() {
            guard case .element(let element) = node else { continue }
            if element.name == name { found.append(element) }
            pending.append(contentsOf: element.children.reversed())
        }
        return found
    }

    /// The concatenated text inside an element.
    static func text(of element: Element) -> String {
        var result = ""
        var pending = Array(element.children.reversed())
        while let node = pending.popLast() {
            switch node {
            case .text(let text): result += text
            case .element(let child): pending.append(contentsOf: child.children.reversed())
            }
        }
        return result
    }
}

/// A JSON document with its key order written down, so the same value always gives the same
/// bytes (Foundation's encoder orders keys by hash unless told to sort them, and then sorts them
/// all, which puts `edges` before `nodes` and `label` after `metadata`).
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Keys in the order they are written.
    case object([(key: String, value: JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.number(x), .number(y)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .number(let n): hasher.combine(n)
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a)
        case .object(let o):
            for (key, value) in o {
                hasher.combine(key)
                hasher.combine(value)
            }
        }
    }

    /// The text, indented by two spaces per level when `pretty`, with a final newline.
    public func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, pretty: pretty, level: 0)
        out += "\n"
        return out
    }

    private func write(into out: inout String, pretty: Bool, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += NumberText.exact(n)
        case .string(let s): TextEscaping.json(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                newline(&out, pretty: pretty, level: level + 1)
                item.write(into: &out, pretty: pretty, level: level + 1)
            }
            newline(&out, pretty: pretty, level: level)
            out += "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += "," }
                newline(&out, pretty: pretty, level: level + 1)
                TextEscaping.json(member.key, into: &out)
                out += pretty ? ": " : ":"
                member.value.write(into: &out, pretty: pretty, level: level + 1)
            }
            newline(&out, pretty: pretty, level: level)
            out += "}"
        }
    }

    private func newline(_ out: inout String, pretty: Bool, level: Int) {
        guard pretty else { return }
        out += "\n"
        out += String(repeating: "  ", count: level)
    }
}

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
        var json = JSONStream(pretty: pretty)
        write(into: &json)
        json.out.append("\n")
        return json.out.string
    }

    /// Written as the exporters write their documents, so a value and a streamed document
    /// with the same content have the same bytes.
    func write(into json: inout JSONStream) {
        switch self {
        case .null: json.out.append("null")
        case .bool(let b): json.out.append(b ? "true" : "false")
        case .number(let n): json.number(n)
        case .string(let s): json.string(s)
        case .array(let items):
            json.begin("[")
            for item in items {
                json.item()
                item.write(into: &json)
            }
            json.end("]")
        case .object(let members):
            json.begin("{")
            for member in members {
                json.key(text: member.key)
                member.value.write(into: &json)
            }
            json.end("}")
        }
    }
}

/// JSON written as it goes, for documents too big to build as a `JSONValue` first (a graph of
/// 10,000 notes is a quarter of a million objects). The caller opens and closes objects and
/// arrays and names each member; commas, newlines and indentation follow from that, as
/// `JSONValue.serialized` writes them: `[]` and `{}` when empty, else one member a line,
/// two spaces a level, `": "` after keys when `pretty`; no white space at all otherwise.
struct JSONStream {
    var out: ByteBuffer
    let pretty: Bool
    /// How deep the innermost open object or array is.
    private var level = 0
    /// Whether that object or array has nothing in it yet.
    private var empty = true

    init(pretty: Bool, capacity: Int = 0) {
        out = ByteBuffer(capacity: capacity)
        self.pretty = pretty
    }

    /// `{` or `[`.
    mutating func begin(_ bracket: StaticString) {
        out.append(bracket)
        level += 1
        empty = true
    }

    /// `}` or `]`, on a line of its own unless nothing was put in.
    mutating func end(_ bracket: StaticString) {
        level -= 1
        if !empty { newline() }
        out.append(bracket)
        // Whatever holds this one has it as a member, so is not empty.
        empty = false
    }

    /// Before each value in an array.
    mutating func item() {
        if !empty { out.append(byte: UInt8(ascii: ",")) }
        empty = false
        newline()
    }

    /// Before each value in an object: its key.
    mutating func key(_ key: StaticString) {
        item()
        out.append(byte: UInt8(ascii: "\""))
        out.append(key)
        out.append(byte: UInt8(ascii: "\""))
        colon()
    }

    mutating func key(text key: String) {
        item()
        TextEscaping.json(key, into: &out)
        colon()
    }

    /// A key already written as a JSON string (a node's id, escaped once for all its edges).
    mutating func key(_ table: ByteTable, _ i: Int) {
        item()
        out.append(table, i)
        colon()
    }

    mutating func string(_ s: String) {
        TextEscaping.json(s, into: &out)
    }

    mutating func number(_ x: Double) {
        NumberText.exact(x, into: &out)
    }

    /// A string array on one level: `[]`, or one string a line.
    mutating func strings(_ items: [String]) {
        begin("[")
        for item in items {
            self.item()
            string(item)
        }
        end("]")
    }

    /// What a run of calls writes from the stream's present state (how deep, whether the
    /// innermost object or array is empty), kept to be written again from that same state
    /// with one copy (`append(_:)`): a graph document writes the same keys, brackets and kind
    /// names around every edge, a hundred thousand times, and each key is five appends.
    struct Fragment {
        var bytes: [UInt8]
        /// The state it is written from and the state it leaves.
        var from: (level: Int, empty: Bool)
        var to: (level: Int, empty: Bool)
    }

    /// The fragment that `write` makes from here; nothing is written to this stream.
    private func fragment(_ write: (inout JSONStream) -> Void) -> Fragment {
        var copy = JSONStream(pretty: pretty, capacity: 64)
        copy.level = level
        copy.empty = empty
        write(&copy)
        return Fragment(bytes: copy.out.bytes, from: (level, empty), to: (copy.level, copy.empty))
    }

    /// Writes what `write` writes, through `cache`: the fragment is made on first use, and made
    /// again whenever the stream is in another state than the cached one was made in (the
    /// first member of an array has no comma before it, the others have), so what is written
    /// is always what the calls would write.
    ///
    /// The fragment is read in place in `cache`, not copied out of it: a copy retains and
    /// releases its bytes, twice per edge of a whole-graph document.
    mutating func write(cached cache: inout Fragment?, _ write: (inout JSONStream) -> Void) {
        if cache == nil || cache.unsafelyUnwrapped.from != (level, empty) {
            cache = fragment(write)
        }
        cache.unsafelyUnwrapped.bytes.withUnsafeBufferPointer { out.append(contentsOf: $0) }
        (level, empty) = cache.unsafelyUnwrapped.to
    }

    private mutating func colon() {
        if pretty { out.append(": ") } else { out.append(byte: UInt8(ascii: ":")) }
    }

    private mutating func newline() {
        guard pretty else { return }
        out.append(byte: UInt8(ascii: "\n"))
        for _ in 0..<level { out.append("  ") }
    }
}

/// A decoded front matter value, the same whether it came from YAML, JSON or TOML. Tables keep
/// their key order so templates and exports are deterministic.
///
/// Only `date` is boxed (`indirect`): a `NoteDate` is some eighty bytes, which would make every
/// value that large, while the other payloads fit in a string's sixteen. Boxing every case, as
/// an `indirect enum` does, cost an allocation for each string, number and list of every note's
/// front matter; lists and tables need no box, their arrays already hold the values elsewhere.
public enum FrontMatterValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    indirect case date(NoteDate)
    case array([FrontMatterValue])
    case table([Entry])

    public struct Entry: Hashable, Sendable {
        public var key: String
        public var value: FrontMatterValue
        public init(key: String, value: FrontMatterValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value as text, for keys that expect a string (`title: 2024` is the title "2024").
    public var stringValue: String? {
        switch self {
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): String(b)
        case .date(let d): d.original
        case .null, .array, .table: nil
        }
    }
}

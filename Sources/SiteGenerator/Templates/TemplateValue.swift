/// A value as a template sees it. Page contexts are built of these (`TemplateContext`), so
/// rendering looks names up in plain dictionaries and switches over a closed set of cases
/// instead of casting `Any` at every tag; extra pages' `[String: any Sendable]` contexts are
/// converted once per page (`TemplateValues.convert`).
///
/// Truthiness, as in swift-mustache which the theme was first written for: `false`, a missing
/// name and an empty list are false; everything else, an empty string and `0` included, is
/// true. That is why contexts leave absent things out rather than storing `""`.
enum TemplateValue: Sendable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case double(Double)
    case list([TemplateValue])
    case object(TemplateObject)
    /// Text already in UTF-8, such as a page's rendered content going into the layout: written
    /// out as it is, without becoming a String and back. The first `count` bytes of the array
    /// (`bytes(_:)` takes them all): a note's body is taken without the newline at its end
    /// without being copied to cut it. (An `ArraySlice`, twice as wide as an array, widened
    /// every value and cost more in copying values than it spared.)
    case utf8([UInt8], count: Int)
    /// Text already in UTF-8 in the middle of a buffer shared with other values: bytes
    /// `from..<to` of the array, written as `utf8(_:count:)` is. A concept page's mention
    /// sentences lie side by side in a buffer per note (`MentionContexts`), and each part
    /// made a String again was an allocation and a copy. (Offsets of 32 bits keep the value
    /// as wide as `utf8(_:count:)`'s.)
    case utf8Slice([UInt8], from: UInt32, to: UInt32)

    /// All of `bytes` (`utf8(_:count:)`).
    static func bytes(_ bytes: [UInt8]) -> TemplateValue { .utf8(bytes, count: bytes.count) }

    /// Whether a section `{{#name}}` over this value renders (`isTruthy(at:)`).
    var isTruthy: Bool {
        withUnsafePointer(to: self) { Self.isTruthy(at: $0) }
    }

    /// Whether a section `{{#name}}` over the value at `value` renders, read in place (the
    /// renderer reads values where the context holds them).
    @inline(__always)
    static func isTruthy(at value: UnsafePointer<TemplateValue>) -> Bool {
        switch value.pointee {
        case .bool(let bool): return bool
        case .list(let list): return !list.isEmpty
        default: return true
        }
    }

    /// The names of the object at `value`, in place (see `TemplateObject.Storage`); none for
    /// every other value.
    @inline(__always)
    static func objectStorage(at value: UnsafePointer<TemplateValue>) -> TemplateObject.Storage {
        if case .object(let object) = value.pointee { return object.storage }
        return .none
    }

    /// The items of the list at `value`, in place (valid as long as the list, as
    /// `TemplateObject.Storage` is); none for every other value.
    @inline(__always)
    static func listItems(at value: UnsafePointer<TemplateValue>) -> UnsafeBufferPointer<TemplateValue> {
        if case .list(let items) = value.pointee { return items.withUnsafeBufferPointer { $0 } }
        return UnsafeBufferPointer(start: nil, count: 0)
    }

    /// The child `name` of an object; nil for every other value.
    func child(_ name: String) -> TemplateValue? {
        if case .object(let object) = self { return object[name] }
        return nil
    }

    /// The child `name`, whose fingerprint is `print`, of an object; nil for every other value.
    func child(_ name: String, print: UInt64) -> TemplateValue? {
        if case .object(let object) = self { return object.value(name, print: print) }
        return nil
    }

    /// What `{{value}}` writes, before escaping: numbers and booleans as Swift prints them, a
    /// list as its items joined by ", ", an object as nothing.
    func appendText(to out: inout String) {
        switch self {
        case .string(let string): out += string
        case .bool(let bool): out += bool ? "true" : "false"
        case .int(let int): out += String(int)
        case .double(let double): out += String(describing: double)
        case .list(let list):
            for (index, item) in list.enumerated() {
                if index > 0 { out += ", " }
                item.appendText(to: &out)
            }
        case .object: break
        case .utf8(let bytes, let count): out += String(decoding: bytes[..<count], as: UTF8.self)
        case .utf8Slice(let bytes, let from, let to): out += String(decoding: bytes[Int(from)..<Int(to)], as: UTF8.self)
        }
    }

    var text: String {
        if case .string(let string) = self { return string }
        var out = ""
        appendText(to: &out)
        return out
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    init(dictionaryLiteral elements: (String, TemplateValue)...) {
        // No room to spare: a value written as a literal is rarely added to.
        self = .object(TemplateObject(elements, room: 0))
    }
}

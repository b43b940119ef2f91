public import Diagnostics

/// A key of a whole YAML/JSON/TOML document, with where it and its value were written.
public struct DocumentEntry: Sendable, Hashable {
    public var key: String
    public var value: FrontMatterValue
    /// Where the key is written.
    public var location: SourceLocation
    /// Where the value starts: what an error about the value points at. The key's location
    /// when the value is empty, or when the format gives no positions (JSON, TOML).
    public var valueLocation: SourceLocation
    /// The value's own keys, located, when it is a table (YAML only; repeated keys kept).
    public var fields: [DocumentEntry]
    /// Where each item of the value starts, when it is a list (YAML only).
    public var itemLocations: [SourceLocation]

    public init(key: String, value: FrontMatterValue, location: SourceLocation, valueLocation: SourceLocation? = nil,
                fields: [DocumentEntry] = [], itemLocations: [SourceLocation] = []) {
        self.key = key
        self.value = value
        self.location = location
        self.valueLocation = valueLocation ?? location
        self.fields = fields
        self.itemLocations = itemLocations
    }

    /// The located entry of the value's key `key` (the last one, should it be repeated).
    public func field(_ key: String) -> DocumentEntry? {
        fields.last { $0.key == key }
    }

    /// Where item `index` of a list value starts, else where the value does.
    public func itemLocation(_ index: Int) -> SourceLocation {
        index < itemLocations.count ? itemLocations[index] : valueLocation
    }
}

extension FrontMatterParser {
    /// Parses a whole file in one of the front matter languages — `notegraph.yml`, a glossary —
    /// with the same decoders and the same located errors as front matter.
    ///
    /// YAML keeps the position of every key, value and list item, and a key repeated in one
    /// mapping is an error at the repetition: YAML requires keys to be unique, and libyaml
    /// would let the later value win without a word, which in a settings file silently undoes
    /// the first.
    public static func parseDocument(_ text: String, format: FrontMatterFormat, file: String) -> (entries: [DocumentEntry], diagnostics: [Diagnostic]) {
        var entries: [FrontMatterEntry] = []
        var diagnostics: [Diagnostic] = []
        do throws(FrontMatterProblem) {
            switch format {
            case .yaml:
                let (located, found) = try YAMLFrontMatter.parseDocument(text, file: file)
                return (located, found)
            case .json: entries = try JSONFrontMatter.parse(text, firstLine: 1)
            case .toml: entries = try TOMLFrontMatter.parse(text, firstLine: 1)
            case .none: break
            }
        } catch {
            diagnostics.append(.error("syntax", error.message, at: SourceLocation(file: file, line: error.line, column: error.column), hint: error.hint))
        }
        let located = entries.map {
            DocumentEntry(key: $0.key, value: $0.value, location: SourceLocation(file: file, line: $0.line, column: $0.column))
        }
        return (located, diagnostics)
    }
}

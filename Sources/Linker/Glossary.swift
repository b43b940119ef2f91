public import Diagnostics
import Notes

/// `concepts.yml`: names no heuristic can join, and relations the notes do not spell out.
///
/// ```yaml
/// KL divergence:
///   aliases: [KL, KLD, Kullback-Leibler divergence, KL 발산]
///   related: [Entropy, Cross entropy]
/// ELBO:
///   aliases: [Evidence Lower Bound, 증거 하한]
/// Dropout:            # a name alone is a concept too
/// ```
public struct Glossary: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var aliases: [String]
        public var related: [String]
        public var location: SourceLocation

        public init(name: String, aliases: [String] = [], related: [String] = [], location: SourceLocation) {
            self.name = name
            self.aliases = aliases
            self.related = related
            self.location = location
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// Parses a glossary. A syntax error, or an entry of the wrong shape (aliases that are not a
    /// list of names, an unknown key), is an error at the key or value it is about; the entries
    /// that are right are kept either way. A concept or key written twice is the parser's error;
    /// `alias` beside `aliases` is one here, for the later would silently replace the former.
    public static func parse(_ text: String, file: String) -> (glossary: Glossary, diagnostics: [Diagnostic]) {
        let (documentEntries, parseDiagnostics) = FrontMatterParser.parseDocument(text, format: .yaml, file: file)
        var diagnostics = parseDiagnostics
        var entries: [Entry] = []
        for item in documentEntries {
            let name = item.key.trimmingSpaces().nfc
            guard !name.isEmpty else {
                diagnostics.append(.error("glossary", "a concept needs a name", at: item.location))
                continue
            }
            var entry = Entry(name: name, location: item.location)
            switch item.value {
            case .null:
                break
            case .table:
                var aliasesKey: DocumentEntry?
                for field in item.fields {
                    switch field.key {
                    case "aliases", "alias":
                        if let first = aliasesKey, first.key != field.key {
                            diagnostics.append(.error("duplicate-key", "\(field.key) of \"\(name)\" repeats its \(first.key) (line \(first.location.line), column \(first.location.column))",
                                                      at: field.location, hint: "put every alias in one list"))
                        }
                        aliasesKey = field
                        if let names = names(field.value) {
                            entry.aliases = names
                        } else {
                            diagnostics.append(.error("glossary", "aliases of \"\(name)\" must be a list of names",
                                                      at: problemLocation(field), hint: "write aliases: [\(name.prefix(3)), …]"))
                        }
                    case "related":
                        if let names = names(field.value) {
                            entry.related = names
                        } else {
                            diagnostics.append(.error("glossary", "related of \"\(name)\" must be a list of concept names",
                                                      at: problemLocation(field), hint: "write related: [Other concept, …]"))
                        }
                    default:
                        let nearest = Nearest.nearest(to: field.key, among: ["aliases", "related"])
                        diagnostics.append(.error("glossary", "\"\(name)\" has an unknown key \(field.key)",
                                                  at: field.location, hint: nearest.map { "did you mean \($0)?" } ?? "a concept takes aliases and related"))
                    }
                }
            default:
                diagnostics.append(.error("glossary", "\"\(name)\" must map to aliases and related, or to nothing",
                                          at: item.valueLocation, hint: "write \(name):\\n  aliases: [...]"))
                continue
            }
            entries.append(entry)
        }
        return (Glossary(entries: entries), diagnostics)
    }

    /// Where a list of names went wrong: the first item that is not a name, else the value.
    private static func problemLocation(_ field: DocumentEntry) -> SourceLocation {
        if case .array(let items) = field.value,
           let bad = items.firstIndex(where: { ($0.stringValue?.trimmingSpaces() ?? "").isEmpty }) {
            return field.itemLocation(bad)
        }
        return field.valueLocation
    }

    /// A list of non-empty strings (numbers count as names, "2"), or nil for any other shape.
    private static func names(_ value: FrontMatterValue) -> [String]? {
        switch value {
        case .null:
            return []
        case .array(let items):
            var out: [String] = []
            for item in items {
                guard let s = item.stringValue?.trimmingSpaces(), !s.isEmpty else { return nil }
                out.append(s.nfc)
            }
            return out
        default:
            return nil
        }
    }
}

import Foundation

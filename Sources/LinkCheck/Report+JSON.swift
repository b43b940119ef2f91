import Foundation

extension Report {
    /// The JSON report; its schema is documented in docs/check.md and versioned by `version`.
    func json() -> String {
        let document = JSONReport(
            version: 1,
            tool: .init(name: "notegraph", version: toolVersion),
            summary: .init(passed: !failed, errors: errors, warnings: warnings, notes: summary.notes, links: summary.links,
                           externalURLs: summary.externalURLs, cachedURLs: summary.cachedURLs,
                           excludedURLs: summary.excludedURLs, seconds: (summary.seconds * 1000).rounded() / 1000),
            findings: findings.map {
                .init(file: path($0), line: $0.location.line, column: $0.location.column, severity: $0.severity.rawValue,
                      kind: $0.kind.rawValue, target: $0.target, message: $0.message, suggestion: $0.suggestion)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

private struct JSONReport: Encodable {
    struct Tool: Encodable {
        var name: String
        var version: String
    }

    struct Summary: Encodable {
        var passed: Bool
        var errors: Int
        var warnings: Int
        var notes: Int
        var links: Int
        var externalURLs: Int
        var cachedURLs: Int
        var excludedURLs: Int
        var seconds: Double
    }

    struct Item: Encodable {
        var file: String
        var line: Int
        var column: Int
        var severity: String
        var kind: String
        var target: String
        var message: String
        var suggestion: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(file, forKey: .file)
            try c.encode(line, forKey: .line)
            try c.encode(column, forKey: .column)
            try c.encode(severity, forKey: .severity)
            try c.encode(kind, forKey: .kind)
            try c.encode(target, forKey: .target)
            try c.encode(message, forKey: .message)
            // Always present, null when there is none: consumers need not test for the key.
            try c.encode(suggestion, forKey: .suggestion)
        }

        enum CodingKeys: String, CodingKey {
            case file, line, column, severity, kind, target, message, suggestion
        }
    }

    var version: Int
    var tool: Tool
    var summary: Summary
    var findings: [Item]
}

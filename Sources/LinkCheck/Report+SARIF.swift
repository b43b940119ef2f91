import Diagnostics
import Foundation

extension Report {
    /// SARIF 2.1.0 with one rule per finding kind, for GitHub code scanning and other viewers.
    /// Columns count Unicode code points, as notegraph's locations do (`columnKind`).
    func sarif() -> String {
        let kinds = FindingKind.allCases
        let rules: [[String: Any]] = kinds.map { kind in
            [
                "id": kind.rawValue,
                "name": Report.ruleName(kind),
                "shortDescription": ["text": kind.summary],
                "fullDescription": ["text": kind.summary],
                "defaultConfiguration": ["level": Report.level(kind.severity)],
                "helpUri": "https://github.com/notegraph/notegraph/blob/main/docs/check.md#\(kind.rawValue)",
            ]
        }
        let results: [[String: Any]] = findings.map { finding in
            var result: [String: Any] = [
                "ruleId": finding.kind.rawValue,
                "ruleIndex": kinds.firstIndex(of: finding.kind)!,
                "level": Report.level(finding.severity),
                "message": ["text": finding.fullMessage],
                "locations": [[
                    "physicalLocation": [
                        "artifactLocation": ["uri": Report.uri(path(finding))],
                        "region": ["startLine": finding.location.line, "startColumn": finding.location.column],
                    ],
                ]],
            ]
            var properties: [String: Any] = ["target": finding.target]
            if let suggestion = finding.suggestion { properties["suggestion"] = suggestion }
            result["properties"] = properties
            return result
        }
        let document: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": [
                    "name": "notegraph",
                    "version": toolVersion,
                    "informationUri": "https://github.com/notegraph/notegraph",
                    "rules": rules,
                ]],
                "columnKind": "unicodeCodePoints",
                "results": results,
            ]],
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            return "{}\n"
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// `broken-anchor` → `BrokenAnchor`
    static func ruleName(_ kind: FindingKind) -> String {
        kind.rawValue.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A relative URI reference: each path segment percent-encoded (spaces, Hangul), `/` kept.
    static func uri(_ path: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=@/")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }
}

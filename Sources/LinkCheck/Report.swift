import Diagnostics
import Foundation

/// The output formats of `notegraph check`.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// `path:line:col: error[kind]: message`, grouped by file, then a summary.
    case text
    /// GitHub Actions workflow commands: `::error file=…,line=…,col=…::message`.
    case github
    /// One JSON object (schema in docs/check.md).
    case json
    /// JUnit XML, one test suite per file with findings.
    case junit
    /// SARIF 2.1.0, for code scanning.
    case sarif
}

/// Counts for the closing line of a report.
public struct CheckSummary: Sendable, Hashable {
    public var notes = 0
    public var links = 0
    /// Distinct external URLs requested (0 without `--external`).
    public var externalURLs = 0
    /// Of those, answered from the cache.
    public var cachedURLs = 0
    /// Of those, left out by `exclude` patterns.
    public var excludedURLs = 0
    public var seconds = 0.0

    public init() {}
}

/// A finished check, ready to print in any format.
public struct Report: Sendable {
    public var findings: [Finding]
    public var summary: CheckSummary
    /// Put before each finding's file (relative to the content folder) to make it relative to the
    /// working directory or repository: `content/`.
    public var pathPrefix: String
    /// Warnings fail the run: JUnit shows them as failures.
    public var strict: Bool
    public var toolVersion: String
    /// `--quiet`: the text format lists errors only (the summary still counts the warnings).
    public var hidesWarnings = false

    public init(findings: [Finding], summary: CheckSummary, pathPrefix: String, strict: Bool, toolVersion: String) {
        self.findings = findings.sorted()
        self.summary = summary
        self.pathPrefix = pathPrefix
        self.strict = strict
        self.toolVersion = toolVersion
    }

    public var errors: Int { findings.count(where: { $0.severity == .error }) }
    public var warnings: Int { findings.count(where: { $0.severity == .warning }) }

    /// Whether the run fails: any error, or any warning under `--strict`.
    public var failed: Bool { errors > 0 || (strict && warnings > 0) }

    func path(_ finding: Finding) -> String { pathPrefix + finding.location.file }

    /// The report in one format. `color` applies to text only.
    public func render(_ format: ReportFormat, color: Bool = false) -> String {
        switch format {
        case .text: text(color: color)
        case .github: github()
        case .json: json()
        case .junit: junit()
        case .sarif: sarif()
        }
    }

    /// "2 errors, 1 warning in 2 files; 5 notes, 12 links checked in 0.01 s"
    public var summaryLine: String {
        let files = Set(findings.map(\.location.file)).count
        var text: String
        if findings.isEmpty {
            text = "No problems found"
        } else {
            text = "\(Report.plural(errors, "error")), \(Report.plural(warnings, "warning")) in \(Report.plural(files, "file"))"
        }
        text += "; \(Report.plural(summary.notes, "note")), \(Report.plural(summary.links, "link")) checked"
        if summary.externalURLs > 0 {
            text += ", \(Report.plural(summary.externalURLs, "external URL"))"
            var extra: [String] = []
            if summary.cachedURLs > 0 { extra.append("\(summary.cachedURLs) from the cache") }
            if summary.excludedURLs > 0 { extra.append("\(summary.excludedURLs) excluded") }
            if !extra.isEmpty { text += " (" + extra.joined(separator: ", ") + ")" }
        }
        text += " in " + String(format: "%.2f", summary.seconds) + " s"
        return text
    }

    static func plural(_ n: Int, _ word: String) -> String { n == 1 ? "1 \(word)" : "\(n) \(word)s" }
}

import Diagnostics
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import LinkCheck
import Testing

@Suite struct ReportTests {
    let findings = [
        Finding(.brokenAnchor, at: SourceLocation(file: "강의/a b.md", line: 3, column: 5), target: "b.md#없는-제목",
                message: "b.md has no heading with id #없는-제목", suggestion: "#있는-제목"),
        Finding(.ambiguous, at: SourceLocation(file: "강의/a b.md", line: 9, column: 1), target: "dup",
                message: "[[dup]] matches 2 notes: a/dup.md, b/dup.md; using a/dup.md", suggestion: "[[a/dup]]"),
        Finding(.brokenLink, at: SourceLocation(file: "x.md", line: 1, column: 1), target: "50%,odd:name.md",
                message: "no note at \"50%,odd:name.md\"\nsecond line"),
    ]

    func report(strict: Bool = false, _ findings: [Finding]? = nil) -> Report {
        var summary = CheckSummary()
        summary.notes = 3
        summary.links = 7
        summary.seconds = 0.0123
        return Report(findings: findings ?? self.findings, summary: summary, pathPrefix: "content/", strict: strict, toolVersion: "0.1.0")
    }

    @Test func textIsGroupedByFileWithASummary() {
        #expect(report().render(.text) == """
        content/x.md:1:1: error[broken-link]: no note at "50%,odd:name.md"
        second line

        content/강의/a b.md:3:5: error[broken-anchor]: b.md has no heading with id #없는-제목; did you mean #있는-제목?
        content/강의/a b.md:9:1: warning[ambiguous]: [[dup]] matches 2 notes: a/dup.md, b/dup.md; using a/dup.md; did you mean [[a/dup]]?

        2 errors, 1 warning in 2 files; 3 notes, 7 links checked in 0.01 s

        """)
        #expect(report(strict: false, []).render(.text) == "No problems found; 3 notes, 7 links checked in 0.01 s\n")
        #expect(report().render(.text, color: true).contains("\u{1B}[1;31merror[broken-link]:\u{1B}[0m"))
    }

    @Test func githubAnnotationsAreEscaped() {
        let lines = report().render(.github).split(separator: "\n").map(String.init)
        #expect(lines == [
            "::error file=content/x.md,line=1,col=1,title=broken-link::no note at \"50%25,odd:name.md\"%0Asecond line",
            "::error file=content/강의/a b.md,line=3,col=5,title=broken-anchor::b.md has no heading with id #없는-제목; did you mean #있는-제목?",
            "::warning file=content/강의/a b.md,line=9,col=1,title=ambiguous::[[dup]] matches 2 notes: a/dup.md, b/dup.md; using a/dup.md; did you mean [[a/dup]]?",
            "2 errors, 1 warning in 2 files; 3 notes, 7 links checked in 0.01 s",
        ])
        #expect(Report.escapeProperty("a,b:c%d\r\ne") == "a%2Cb%3Ac%25d%0D%0Ae")
    }

    @Test func jsonFollowsTheDocumentedSchema() throws {
        let data = Data(report().render(.json).utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(root["version"] as? Int == 1)
        let summary = try #require(root["summary"] as? [String: Any])
        #expect(summary["errors"] as? Int == 2)
        #expect(summary["warnings"] as? Int == 1)
        #expect(summary["passed"] as? Bool == false)
        #expect(summary["notes"] as? Int == 3)
        #expect(summary["links"] as? Int == 7)
        let items = try #require(root["findings"] as? [[String: Any]])
        #expect(items.count == 3)
        let first = items[1]
        #expect(first["file"] as? String == "content/강의/a b.md")
        #expect(first["line"] as? Int == 3)
        #expect(first["column"] as? Int == 5)
        #expect(first["severity"] as? String == "error")
        #expect(first["kind"] as? String == "broken-anchor")
        #expect(first["target"] as? String == "b.md#없는-제목")
        #expect(first["suggestion"] as? String == "#있는-제목")
        #expect(items[0]["suggestion"] is NSNull)
        #expect(Set(first.keys) == ["file", "line", "column", "severity", "kind", "target", "message", "suggestion"])
    }

    @Test func junitIsWellFormedWithAFailurePerError() throws {
        let xml = report().render(.junit)
        let counter = XMLCounter()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = counter
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(counter.counts["testsuites"] == 1)
        #expect(counter.counts["testsuite"] == 2)
        #expect(counter.counts["testcase"] == 3)
        #expect(counter.counts["failure"] == 2)
        #expect(counter.counts["system-out"] == 1)
        #expect(xml.contains("<testsuites name=\"notegraph check\" tests=\"3\" failures=\"2\""))
        // Under --strict the warning fails too; a clean run is one passing test.
        #expect(report(strict: true).render(.junit).contains("failures=\"3\""))
        let clean = report(strict: false, []).render(.junit)
        #expect(clean.contains("tests=\"1\" failures=\"0\""))
    }

    @Test func sarifHasRulesResultsAndRegions() throws {
        let data = Data(report().render(.sarif).utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(root["version"] as? String == "2.1.0")
        #expect(root["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        let run = try #require((root["runs"] as? [[String: Any]])?.first)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "notegraph")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == FindingKind.allCases.map(\.rawValue))
        for rule in rules {
            #expect((rule["shortDescription"] as? [String: Any])?["text"] is String)
            let level = (rule["defaultConfiguration"] as? [String: Any])?["level"] as? String
            #expect(level == "error" || level == "warning")
        }
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 3)
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
            #expect((result["message"] as? [String: Any])?["text"] is String)
            let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let uri = try #require((location["artifactLocation"] as? [String: Any])?["uri"] as? String)
            #expect(URL(string: uri) != nil, "\(uri) is a valid URI reference")
            let region = try #require(location["region"] as? [String: Any])
            #expect((region["startLine"] as? Int ?? 0) >= 1)
            #expect((region["startColumn"] as? Int ?? 0) >= 1)
        }
        let anchor = results[1]
        #expect(anchor["level"] as? String == "error")
        let uri = ((anchor["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]).flatMap { ($0["artifactLocation"] as? [String: Any])?["uri"] as? String }
        #expect(uri == "content/%EA%B0%95%EC%9D%98/a%20b.md")
    }
}

private final class XMLCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        counts[name, default: 0] += 1
    }
}

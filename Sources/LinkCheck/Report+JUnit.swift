import Diagnostics

extension Report {
    /// JUnit XML: a test suite per file with findings and a test case per finding. Errors (and
    /// warnings under `--strict`) are failures; other warnings pass and carry their text. A clean
    /// run is one passing test, so CI dashboards show the check ran.
    func junit() -> String {
        let failing = { (f: Finding) in f.severity == .error || (self.strict && f.severity == .warning) }
        let failures = findings.count(where: failing)
        let tests = max(findings.count, 1)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"notegraph check\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" time=\"\(Report.seconds(summary.seconds))\">\n"
        if findings.isEmpty {
            out += "  <testsuite name=\"links\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
            out += "    <testcase classname=\"notegraph.check\" name=\"\(Report.xml(summaryLine))\"/>\n"
            out += "  </testsuite>\n"
        }
        var byFile: [(file: String, findings: [Finding])] = []
        for finding in findings {
            if byFile.last?.file == finding.location.file {
                byFile[byFile.count - 1].findings.append(finding)
            } else {
                byFile.append((finding.location.file, [finding]))
            }
        }
        for (_, group) in byFile {
            let file = Report.xml(path(group[0]))
            let groupFailures = group.count(where: failing)
            out += "  <testsuite name=\"\(file)\" tests=\"\(group.count)\" failures=\"\(groupFailures)\" errors=\"0\" skipped=\"0\">\n"
            for finding in group {
                let location = "\(finding.location.line):\(finding.location.column)"
                let name = Report.xml("\(location) \(finding.kind.rawValue) \(finding.target)")
                out += "    <testcase classname=\"\(file)\" name=\"\(name)\" file=\"\(file)\" line=\"\(finding.location.line)\">\n"
                let body = Report.xml("\(path(finding)):\(location): \(finding.severity.rawValue)[\(finding.kind.rawValue)]: \(finding.fullMessage)")
                if failing(finding) {
                    out += "      <failure type=\"\(finding.kind.rawValue)\" message=\"\(Report.xml(finding.fullMessage))\">\(body)</failure>\n"
                } else {
                    out += "      <system-out>\(body)</system-out>\n"
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    static func seconds(_ value: Double) -> String {
        let millis = Int((value * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// Text for XML content and attribute values; control characters XML 1.0 forbids are dropped.
    static func xml(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&apos;".unicodeScalars)
            case "\n": out.append(contentsOf: "&#10;".unicodeScalars)
            default:
                if scalar.value < 0x20 && scalar != "\t" { continue }
                out.append(scalar)
            }
        }
        return String(out)
    }
}

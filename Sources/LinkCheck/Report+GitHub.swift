extension Report {
    /// GitHub Actions workflow commands: each finding becomes an annotation on the line of the
    /// pull request's diff. Paths must be relative to the repository (the `pathPrefix`).
    func github() -> String {
        var out = ""
        for finding in findings {
            let command = finding.severity == .error ? "error" : "warning"
            let properties = [
                "file=" + Report.escapeProperty(path(finding)),
                "line=\(finding.location.line)",
                "col=\(finding.location.column)",
                "title=" + Report.escapeProperty(finding.kind.rawValue),
            ]
            out += "::\(command) \(properties.joined(separator: ","))::\(Report.escapeData(finding.fullMessage))\n"
        }
        out += summaryLine + "\n"
        return out
    }

    /// The message part of a workflow command: `%`, CR and LF are encoded.
    static func escapeData(_ text: String) -> String {
        text.replacingAll(["%": "%25", "\r": "%0D", "\n": "%0A"])
    }

    /// A property value: also `:` and `,`, which end properties.
    static func escapeProperty(_ text: String) -> String {
        text.replacingAll(["%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"])
    }
}

extension String {
    /// Replaces each listed character in one pass (so `%` escapes are not escaped again).
    /// Scalars, not characters: `\r\n` is one `Character`.
    func replacingAll(_ table: [Unicode.Scalar: String]) -> String {
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if let replacement = table[scalar] { out.append(contentsOf: replacement.unicodeScalars) } else { out.append(scalar) }
        }
        return String(out)
    }
}

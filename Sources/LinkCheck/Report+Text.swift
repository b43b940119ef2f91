import Diagnostics

extension Report {
    /// `content/ml/vae.md:12:5: error[broken-anchor]: message; did you mean #x?`: the shape
    /// compilers print, so editors and CI problem matchers pick it up. Files are separated by a
    /// blank line; a summary closes the report.
    func text(color: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var out = ""
        var lastFile: String?
        for finding in findings where !(hidesWarnings && finding.severity == .warning) {
            if let lastFile, lastFile != finding.location.file { out += "\n" }
            lastFile = finding.location.file
            let location = finding.location
            out += paint("\(path(finding)):\(location.line):\(location.column):", "1") + " "
            let label = "\(finding.severity.rawValue)[\(finding.kind.rawValue)]:"
            out += finding.severity == .error ? paint(label, "1;31") : paint(label, "1;33")
            out += " " + finding.message
            if let hint = finding.hint { out += "; " + paint(hint, "36") }
            out += "\n"
        }
        if lastFile != nil { out += "\n" }
        out += summaryLine + "\n"
        return out
    }
}

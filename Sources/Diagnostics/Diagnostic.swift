/// How bad a finding is. Leaf modules pick the natural severity; only the pipeline and the
/// command line decide whether a warning fails the run (`--strict`).
public enum Severity: String, Sendable, Hashable, Comparable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// The one finding type every phase reports: what went wrong, where, and what to do about it.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var severity: Severity
    /// A stable machine-readable kind such as `front-matter`, `broken-link`, `invalid-utf8`.
    public var code: String
    public var message: String
    public var location: SourceLocation?
    /// What to do about it, or a suggestion ("did you mean …?").
    public var hint: String?

    public init(_ severity: Severity, code: String, _ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
    }

    public static func error(_ code: String, _ message: String, at location: SourceLocation? = nil, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, code: code, message, at: location, hint: hint)
    }

    public static func warning(_ code: String, _ message: String, at location: SourceLocation? = nil, hint: String? = nil) -> Diagnostic {
        Diagnostic(.warning, code: code, message, at: location, hint: hint)
    }

    /// `file:line:col: warning: message [code]`, the shape compilers use, so editors and CI
    /// problem matchers pick it up.
    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(severity.rawValue): \(message) [\(code)]"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}

extension Diagnostic: Comparable {
    /// Sorted by place, then by severity (errors first), then by text, so reports are stable.
    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        let la = a.location ?? SourceLocation(file: "", line: 0, column: 0)
        let lb = b.location ?? SourceLocation(file: "", line: 0, column: 0)
        if la != lb { return la < lb }
        if a.severity != b.severity { return a.severity > b.severity }
        if a.code != b.code { return a.code < b.code }
        return a.message < b.message
    }
}

/// A diagnostic can be thrown or carried in a `Result` where one problem ends the work
/// (a file that is not UTF-8).
extension Diagnostic: Error {}

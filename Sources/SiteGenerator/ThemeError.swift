public import Diagnostics

/// A theme that cannot be used: a required template is missing, a template does not parse, a
/// partial it includes does not exist, or a file is not UTF-8. `file` is the path to show (the
/// file on disk, or `built-in theme: name` for the embedded one); `line` and `column` are 1-based.
public struct ThemeError: Error, CustomStringConvertible, Sendable, Hashable {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String
    public var hint: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String, hint: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    /// `file:line:col: error: message`, the shape editors and CI problem matchers understand.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": error: " + message
        if let hint { text += "\n  hint: " + hint }
        return text
    }
}

/// A site that cannot be rendered or written: two pages at one output path, a permalink that
/// leaves the output folder, an output folder notegraph must not replace, a file that cannot be
/// written.
public struct SiteError: Error, CustomStringConvertible, Sendable, Hashable {
    public var message: String
    public var hint: String?
    /// The same problems one by one, each located in the note it comes from where there is
    /// one, for a build to report beside its other errors; empty for a problem of the output
    /// folder itself.
    public var diagnostics: [Diagnostic]

    public init(_ message: String, hint: String? = nil, diagnostics: [Diagnostic] = []) {
        self.message = message
        self.hint = hint
        self.diagnostics = diagnostics
    }

    /// The message and its hint, without an `error:` in front: the command line puts that
    /// before every error it prints (it printed `error: error: refusing to replace …`).
    public var description: String {
        message + (hint.map { "\n  hint: " + $0 } ?? "")
    }
}

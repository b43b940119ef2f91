/// Converts TeX math, the subset students write in notes, to MathML Core at build time, so
/// pages show typeset formulas with no script.
///
/// ```swift
/// let tex = TeXMath(macros: ["\\R": "\\mathbb{R}", "\\norm": "\\left\\|#1\\right\\|"])
/// let out = tex.render("x \\in \\R^n", display: false)
/// out.mathML    // <math><semantics><mrow>…</mrow><annotation …>x \in \R^n</annotation></semantics></math>
/// out.problems  // [] — unknown commands and malformed input are reported here, never thrown
/// ```
///
/// Rendering never fails and never crashes: bad parts are shown in red (`merror`) and reported
/// as ``MathProblem``s. Time is linear in the input; nesting deeper than ``maximumDepth`` is
/// rendered flat, so the converter is safe on threads with small stacks.
public struct TeXMath: Sendable {
    /// Groups nested deeper than this are rendered flat (with a problem) instead of recursing.
    public static let maximumDepth = 100

    let macros: [String: MacroDefinition]

    /// - Parameter macros: user macros, keyed by command name with or without the backslash
    ///   (`"\\R": "\\mathbb{R}"`). A body may use `#1`…`#9`; the argument count is the highest
    ///   `#n`. Keys that are not a command name are ignored.
    public init(macros: [String: String] = [:]) {
        var definitions: [String: MacroDefinition] = [:]
        for (key, body) in macros {
            guard let name = MacroDefinition.commandName(fromKey: key) else { continue }
            definitions[name] = MacroDefinition(body: body)
        }
        self.macros = definitions
    }

    /// Renders one formula.
    /// - Parameters:
    ///   - tex: the TeX source between the math delimiters.
    ///   - display: `true` for display math (`$$…$$`): `<math display="block">` and limits
    ///     above and below big operators; `false` for inline math.
    public func render(_ tex: String, display: Bool) -> MathRendering {
        let source = Array(tex.unicodeScalars)
        var problems = ProblemList()
        let tokens = Lexer.tokenize(source)
        var expander = MacroExpander(macros: macros, sourceTokenCount: tokens.count)
        let expanded = expander.expand(tokens, problems: &problems)
        var parser = Parser(tokens: expanded, display: display, problems: problems)
        let body = parser.parseFormula()
        var writer = MathMLWriter(capacity: source.count * 8 + 128)
        writer.writeMath(body, display: display, source: tex)
        return MathRendering(mathML: writer.output, problems: parser.problems.finish())
    }
}

/// The MathML for one formula and what was wrong with it.
public struct MathRendering: Sendable, Hashable {
    /// A complete `<math>` element on one line.
    public var mathML: String
    /// Unknown commands and malformed input, in source order of discovery. Empty when clean.
    public var problems: [MathProblem]

    public init(mathML: String, problems: [MathProblem]) {
        self.mathML = mathML
        self.problems = problems
    }
}

/// Something in a formula that could not be rendered faithfully.
public struct MathProblem: Sendable, Hashable {
    /// What went wrong, e.g. `unknown TeX command \foo`.
    public var message: String
    /// The command involved, with its backslash (`\foo`), when there is one.
    public var command: String?
    /// Offset in Unicode scalars into the TeX source, for mapping to file:line:col.
    public var offset: Int
    /// `true` when the problem is a command or environment the converter does not know:
    /// usually a typo or a macro missing from the configuration.
    public var isUnknownCommand: Bool

    public init(message: String, command: String? = nil, offset: Int, isUnknownCommand: Bool = false) {
        self.message = message
        self.command = command
        self.offset = offset
        self.isUnknownCommand = isUnknownCommand
    }
}

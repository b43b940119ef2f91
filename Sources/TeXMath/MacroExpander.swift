/// A user macro: its body as tokens, with `#n` parameters.
struct MacroDefinition: Sendable {
    var parameterCount: Int
    var body: [Token]
    /// `\newcommand{\x}[2][default]{…}`: the first argument is optional, in brackets.
    var optionalDefault: [Token]?

    init(parameterCount: Int, body: [Token], optionalDefault: [Token]? = nil) {
        self.parameterCount = parameterCount
        self.body = body
        self.optionalDefault = optionalDefault
    }

    /// A macro from the configuration: the argument count is the highest `#n` in the body.
    init(body: String) {
        let tokens = Lexer.tokenize(Array(body.unicodeScalars), parameters: true)
        var highest = 0
        for token in tokens {
            if case .parameter(let n) = token.kind { highest = max(highest, n) }
        }
        self.init(parameterCount: highest, body: tokens)
    }

    /// `"\\R"` or `"R"` → `"R"`; `nil` when the key is not a control word or symbol.
    static func commandName(fromKey key: String) -> String? {
        var scalars = Array(key.unicodeScalars)
        if scalars.first == "\\" { scalars.removeFirst() }
        if scalars.count == 1, !Lexer.isBlank(scalars[0]) { return String(String.UnicodeScalarView(scalars)) }
        guard !scalars.isEmpty, scalars.allSatisfy(Lexer.isLetter) else { return nil }
        return String(String.UnicodeScalarView(scalars))
    }
}

/// Expands user macros (from the configuration and from `\def`, `\newcommand`, `\let`,
/// `\DeclareMathOperator` inside the formula) before parsing.
///
/// Works on an explicit token stack, so expansion depth never touches the call stack, and stops
/// with a problem once the expansion has produced more than a budget proportional to the input:
/// recursive macros and `\def` bombs end in bounded time.
struct MacroExpander {
    private var macros: [String: MacroDefinition]
    private let budget: Int
    private var produced = 0
    private var exhausted = false

    init(macros: [String: MacroDefinition], sourceTokenCount: Int) {
        self.macros = macros
        self.budget = 100_000 + 10 * sourceTokenCount
    }

    private static let definers: Set<String> = [
        "def", "gdef", "edef", "xdef", "newcommand", "renewcommand", "providecommand", "let",
        "DeclareMathOperator",
    ]

    mutating func expand(_ tokens: [Token], problems: inout ProblemList) -> [Token] {
        let needed = tokens.contains { token in
            guard let name = token.commandName else { return false }
            return macros[name] != nil || Self.definers.contains(name)
        }
        guard needed else { return tokens }

        var pending = Array(tokens.reversed())
        var output: [Token] = []
        output.reserveCapacity(tokens.count)
        while let token = pending.popLast() {
            guard let name = token.commandName else {
                output.append(token)
                continue
            }
            switch name {
            case "def", "gdef", "edef", "xdef":
                define(with: token, from: &pending, problems: &problems)
            case "newcommand", "renewcommand", "providecommand":
                newCommand(with: token, from: &pending, problems: &problems)
            case "DeclareMathOperator":
                declareOperator(with: token, from: &pending, problems: &problems)
            case "let":
                letCommand(with: token, from: &pending, problems: &problems)
            default:
                guard let definition = macros[name] else {
                    output.append(token)
                    continue
                }
                if exhausted {
                    output.append(Token(.unexpandedMacro(name), at: token.offset))
                    continue
                }
                let body = substitute(definition, call: token, from: &pending, problems: &problems)
                produced += max(1, body.count)
                if produced > budget {
                    exhausted = true
                    problems.add(
                        "macro expansion stopped: \\\(name) expands too much (is it recursive?)",
                        command: "\\" + name, at: token.offset)
                    output.append(Token(.unexpandedMacro(name), at: token.offset))
                    continue
                }
                pending.append(contentsOf: body.reversed())
            }
        }
        return output
    }

    // MARK: - Calls

    private func substitute(
        _ definition: MacroDefinition, call: Token, from pending: inout [Token], problems: inout ProblemList
    ) -> [Token] {
        var arguments: [[Token]] = []
        var first = 1
        if let defaultValue = definition.optionalDefault, definition.parameterCount > 0 {
            arguments.append(Self.readOptional(from: &pending) ?? defaultValue)
            first = 2
        }
        if definition.parameterCount >= first {
            for _ in first...definition.parameterCount {
                if let argument = Self.readArgument(from: &pending) {
                    arguments.append(argument)
                } else {
                    let command = "\\" + (call.commandName ?? "")
                    problems.add("missing argument for \(command)", command: command, at: call.offset)
                    arguments.append([])
                }
            }
        }
        var body: [Token] = []
        body.reserveCapacity(definition.body.count)
        for token in definition.body {
            if case .parameter(let n) = token.kind {
                if n <= arguments.count { body.append(contentsOf: arguments[n - 1]) }
            } else {
                body.append(Token(token.kind, at: call.offset))
            }
        }
        return body
    }

    /// An undelimited argument: the next non-space token, or a balanced `{…}` without its braces.
    /// `nil` at the end of input or before a `}` that closes an enclosing group.
    static func readArgument(from pending: inout [Token]) -> [Token]? {
        while pending.last?.isSpace == true { pending.removeLast() }
        guard let token = pending.popLast() else { return nil }
        if token.isCharacter("}") {
            pending.append(token)
            return nil
        }
        guard token.isCharacter("{") else { return [token] }
        var depth = 1
        var tokens: [Token] = []
        while let next = pending.popLast() {
            if next.isCharacter("{") {
                depth += 1
            } else if next.isCharacter("}") {
                depth -= 1
                if depth == 0 { return tokens }
            }
            tokens.append(next)
        }
        return tokens
    }

    /// `[…]` at brace level zero, or `nil` (consuming nothing) when the next token is not `[`.
    static func readOptional(from pending: inout [Token]) -> [Token]? {
        var look = pending.count - 1
        while look >= 0, pending[look].isSpace { look -= 1 }
        guard look >= 0, pending[look].isCharacter("[") else { return nil }
        pending.removeSubrange((look)...)
        var depth = 0
        var tokens: [Token] = []
        while let next = pending.popLast() {
            if next.isCharacter("{") { depth += 1 }
            if next.isCharacter("}") { depth -= 1 }
            if depth == 0, next.isCharacter("]") { return tokens }
            tokens.append(next)
        }
        return tokens
    }

    // MARK: - Definitions

    /// Source lexed without parameter support has `#` `1` as two characters; turn them into parameters.
    private static func parameterize(_ tokens: [Token]) -> (tokens: [Token], highest: Int) {
        var result: [Token] = []
        result.reserveCapacity(tokens.count)
        var highest = 0
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            if token.isCharacter("#"), index + 1 < tokens.count {
                if case .character(let c) = tokens[index + 1].kind, let n = Lexer.digitValue(c), n > 0 {
                    result.append(Token(.parameter(n), at: token.offset))
                    highest = max(highest, n)
                    index += 2
                    continue
                }
                if tokens[index + 1].isCharacter("#") {
                    result.append(token)
                    index += 2
                    continue
                }
            }
            result.append(token)
            index += 1
        }
        return (result, highest)
    }

    private static func readName(from pending: inout [Token]) -> String? {
        guard let argument = readArgument(from: &pending), argument.count == 1 else { return nil }
        return argument[0].commandName
    }

    private mutating func define(with token: Token, from pending: inout [Token], problems: inout ProblemList) {
        while pending.last?.isSpace == true { pending.removeLast() }
        guard let nameToken = pending.last, let name = nameToken.commandName else {
            let command = "\\" + (token.commandName ?? "def")
            problems.add("\(command) must be followed by a command name", command: command, at: token.offset)
            return
        }
        pending.removeLast()
        var parameterText: [Token] = []
        while let next = pending.last, !next.isCharacter("{"), !next.isCharacter("}") {
            parameterText.append(next)
            pending.removeLast()
        }
        let (parameters, count) = Self.parameterize(parameterText)
        if parameters.contains(where: { if case .parameter = $0.kind { return false } else { return !$0.isSpace } }) {
            problems.add("delimited \\def parameters are not supported", command: "\\def", at: token.offset)
        }
        guard pending.last?.isCharacter("{") == true, let body = Self.readArgument(from: &pending) else {
            problems.add("\\def\\\(name) has no body", command: "\\def", at: token.offset)
            return
        }
        macros[name] = MacroDefinition(parameterCount: count, body: Self.parameterize(body).tokens)
    }

    private mutating func newCommand(with token: Token, from pending: inout [Token], problems: inout ProblemList) {
        let command = "\\" + (token.commandName ?? "newcommand")
        while pending.last?.isSpace == true { pending.removeLast() }
        if pending.last?.isCharacter("*") == true { pending.removeLast() }
        guard let name = Self.readName(from: &pending) else {
            problems.add("\(command) must be followed by a command name", command: command, at: token.offset)
            return
        }
        var count = 0
        if let countTokens = Self.readOptional(from: &pending) {
            let digits = countTokens.compactMap { token -> Int? in
                if case .character(let c) = token.kind { return Lexer.digitValue(c) }
                return nil
            }
            count = min(9, digits.reduce(0) { $0 * 10 + $1 })
        }
        let optionalDefault = Self.readOptional(from: &pending)
        guard let body = Self.readArgument(from: &pending) else {
            problems.add("\(command){\\\(name)} has no body", command: command, at: token.offset)
            return
        }
        if token.commandName == "providecommand", macros[name] != nil { return }
        macros[name] = MacroDefinition(
            parameterCount: count, body: Self.parameterize(body).tokens, optionalDefault: optionalDefault)
    }

    private mutating func declareOperator(with token: Token, from pending: inout [Token], problems: inout ProblemList) {
        while pending.last?.isSpace == true { pending.removeLast() }
        var star = false
        if pending.last?.isCharacter("*") == true {
            pending.removeLast()
            star = true
        }
        guard let name = Self.readName(from: &pending), let text = Self.readArgument(from: &pending) else {
            problems.add(
                "\\DeclareMathOperator needs a command name and a text", command: "\\DeclareMathOperator",
                at: token.offset)
            return
        }
        var body = [Token(.command("operatorname"), at: token.offset)]
        if star { body.append(Token(.character("*"), at: token.offset)) }
        body.append(Token(.character("{"), at: token.offset))
        body.append(contentsOf: text)
        body.append(Token(.character("}"), at: token.offset))
        macros[name] = MacroDefinition(parameterCount: 0, body: body)
    }

    private mutating func letCommand(with token: Token, from pending: inout [Token], problems: inout ProblemList) {
        while pending.last?.isSpace == true { pending.removeLast() }
        guard let name = pending.popLast()?.commandName else {
            problems.add("\\let must be followed by a command name", command: "\\let", at: token.offset)
            return
        }
        while pending.last?.isSpace == true { pending.removeLast() }
        if pending.last?.isCharacter("=") == true { pending.removeLast() }
        while pending.last?.isSpace == true { pending.removeLast() }
        guard let target = pending.popLast() else {
            problems.add("\\let\\\(name) has no value", command: "\\let", at: token.offset)
            return
        }
        if let targetName = target.commandName, let existing = macros[targetName] {
            macros[name] = existing
        } else {
            macros[name] = MacroDefinition(parameterCount: 0, body: [target])
        }
    }
}

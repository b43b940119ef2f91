import Diagnostics
import Yams

/// YAML front matter, the kind Obsidian, Jekyll and most note tools write.
///
/// Yams (libyaml) does the syntax and reports errors with line and column; the scalars are typed
/// here rather than by Yams' constructors so that the result does not depend on the machine:
/// Yams turns timestamps into `Date` in the local time zone and knows nothing of `NoteDate`.
enum YAMLFrontMatter {
    /// A ceiling on the number of values one front matter may expand to. YAML aliases can refer
    /// to aliases, so a few lines can describe billions of values ("billion laughs"); this keeps
    /// a hostile or broken note from stalling the build.
    static let maximumValues = 100_000

    /// Nesting beyond this is refused before Yams sees it: its composer recurses once per level
    /// and would exhaust a worker thread's stack long before any real front matter gets there.
    static let maximumDepth = 128

    /// The top-level mapping of `text`, in source order, plus warnings. `firstLine` is the file
    /// line `text` starts on; every position reported is a file position.
    static func parse(_ text: String, firstLine: Int) throws(FrontMatterProblem) -> (entries: [FrontMatterEntry], warnings: [FrontMatterProblem]) {
        let shift = firstLine - 1
        do {
            var (entries, warnings) = try parse(text, shift: shift)
            for index in entries.indices { entries[index].line += shift }
            for index in warnings.indices { warnings[index].line += shift }
            return (entries, warnings)
        } catch {
            var moved = error
            moved.line += shift
            throw moved
        }
    }

    /// Positions in the result are relative to `text`; `shift` only words messages that quote
    /// a second position. Most front matter is simple enough for `fastParse`, which gives the
    /// same result as Yams without building its nodes; the rest goes to Yams.
    private static func parse(_ text: String, shift: Int) throws(FrontMatterProblem) -> (entries: [FrontMatterEntry], warnings: [FrontMatterProblem]) {
        try checkNesting(text)
        if let recognized = fastParse(text) { return recognized }
        return try parseWithYams(text, shift: shift)
    }

    /// The general path: Yams composes the document, `convert` types it. Callers check the
    /// nesting first (`checkNesting`), since Yams' composer recurses once per level.
    static func parseWithYams(_ text: String, shift: Int = 0) throws(FrontMatterProblem) -> (entries: [FrontMatterEntry], warnings: [FrontMatterProblem]) {
        guard let mapping = try composeMapping(text, shift: shift, whole: "front matter", hint: "write one `key: value` per line") else {
            return ([], [])
        }
        var budget = maximumValues
        var warnings: [FrontMatterProblem] = []
        var entries: [FrontMatterEntry] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                warnings.append(FrontMatterProblem(
                    "ignoring a key that is not plain text", line: keyNode.mark?.line ?? 1, column: keyNode.mark?.column ?? 1))
                continue
            }
            let value = try convert(valueNode, budget: &budget)
            entries.append(FrontMatterEntry(
                key: keyScalar.string,
                value: value,
                sourceText: valueNode.scalar?.string,
                line: keyNode.mark?.line ?? 1,
                column: keyNode.mark?.column ?? 1
            ))
        }
        return (entries, warnings)
    }

    private static func convert(_ node: Node, budget: inout Int) throws(FrontMatterProblem) -> FrontMatterValue {
        budget -= 1
        if budget < 0 {
            throw FrontMatterProblem(
                "front matter expands to more than \(maximumValues) values", line: node.mark?.line ?? 1, column: node.mark?.column ?? 1,
                hint: "YAML aliases (*name) that refer to other aliases multiply; write the values out instead")
        }
        switch node {
        case .scalar(let scalar):
            return value(of: scalar)
        case .sequence(let sequence):
            var values: [FrontMatterValue] = []
            values.reserveCapacity(sequence.count)
            for element in sequence { values.append(try convert(element, budget: &budget)) }
            return .array(values)
        case .mapping(let mapping):
            var entries: [FrontMatterValue.Entry] = []
            for (key, value) in mapping {
                // A nested key that is itself a list or mapping has no sensible text form; YAML
                // allows it, front matter never needs it.
                guard let keyText = key.scalar?.string else { continue }
                entries.append(FrontMatterValue.Entry(key: keyText, value: try convert(value, budget: &budget)))
            }
            return .table(entries)
        }
    }

    /// Types a scalar by the YAML 1.2 core schema, plus the YAML 1.1 `yes`/`no` booleans that
    /// older tools still write and timestamps as `NoteDate`. Quoted and block scalars are text.
    static func value(of scalar: Node.Scalar) -> FrontMatterValue {
        let text = scalar.string
        switch scalar.tag.description {
        case "", "?":
            break
        case Tag.Name.str.rawValue, "!":
            return .string(text)
        case Tag.Name.int.rawValue:
            if let int = integer(text) { return .int(int) }
            return .string(text)
        case Tag.Name.float.rawValue:
            if let double = float(text) ?? integer(text).map(Double.init) { return .double(double) }
            return .string(text)
        case Tag.Name.bool.rawValue:
            if let bool = boolean(text) { return .bool(bool) }
            return .string(text)
        case Tag.Name.null.rawValue:
            return .null
        case Tag.Name.timestamp.rawValue:
            if let date = NoteDate(parsing: text) { return .date(date) }
            return .string(text)
        default:
            // A local tag (`!thing`) says nothing about the type we can use.
            return .string(text)
        }
        guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
        return plainValue(text)
    }

    /// The type of an untagged plain scalar, whose text is `text`: null, boolean, integer,
    /// float, date, or else text.
    ///
    /// The first byte rules out most types before any is tried: only a digit, a sign, `.` or `~`
    /// can start a number, a date or `~`, and only `n`, `t`, `y` or `f` (in either case) one of
    /// the words for null and the booleans. So words, titles and tags are text by their first
    /// byte, and a date (four digits and a dash, which no number has) goes straight to the date
    /// parser; trying each type in turn cost several thousand instructions a value.
    static func plainValue(_ text: String) -> FrontMatterValue {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
             UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            // `false` is the longest of those words.
            guard text.utf8.count <= 5 else { return .string(text) }
            if text == "null" || text == "Null" || text == "NULL" { return .null }
            return boolean(text).map { .bool($0) } ?? .string(text)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            if startsLikeDate(text) { return NoteDate(parsing: text).map { .date($0) } ?? .string(text) }
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "~"):
            break
        default:
            return .string(text)
        }
        return typedPlainValue(text)
    }

    /// Whether `text` starts with four digits and a dash, as a date does and a number cannot.
    /// Read where the string keeps its bytes: iterating `utf8` cost two hundred instructions.
    private static func startsLikeDate(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            guard bytes.count > 4, bytes[4] == UInt8(ascii: "-") else { return false }
            for k in 0..<4 where bytes[k] < UInt8(ascii: "0") || bytes[k] > UInt8(ascii: "9") { return false }
            return true
        }
    }

    /// `plainValue` the long way, each type tried in turn.
    static func typedPlainValue(_ text: String) -> FrontMatterValue {
        switch text {
        case "", "~", "null", "Null", "NULL":
            return .null
        default:
            break
        }
        if let bool = boolean(text) { return .bool(bool) }
        if let int = integer(text) { return .int(int) }
        if let double = float(text) { return .double(double) }
        if let first = text.utf8.first, first >= 0x30, first <= 0x39, let date = NoteDate(parsing: text) {
            return .date(date)
        }
        return .string(text)
    }

    private static func boolean(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE", "yes", "Yes", "YES": true
        case "false", "False", "FALSE", "no", "No", "NO": false
        default: nil
        }
    }

    /// `[-+]?[0-9]+`, `0x…`, `0o…`: the core schema's integers.
    private static func integer(_ text: String) -> Int? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        var radix = 10
        if digits.hasPrefix("0x") {
            radix = 16
            digits = digits.dropFirst(2)
        } else if digits.hasPrefix("0o") {
            radix = 8
            digits = digits.dropFirst(2)
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ hexValue($0).map { Int($0) < radix } ?? false }),
              let magnitude = Int(digits, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// The core schema's floats: `1.5`, `-.5`, `1e3`, `2.5E-3`, `.inf`, `-.Inf`, `.nan`.
    private static func float(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        let bytes = Array(text.utf8)
        var i = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
        var mantissaDigits = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1; mantissaDigits += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
            var exponentDigits = 0
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return nil }
        }
        guard i == bytes.count else { return nil }
        // Swift's parser does not take a leading "+" or a bare "." mantissa.
        var normalized = text.hasPrefix("+") ? String(text.dropFirst()) : text
        if normalized.hasPrefix(".") { normalized = "0" + normalized }
        if normalized.hasPrefix("-.") { normalized = "-0" + normalized.dropFirst() }
        return Double(normalized)
    }

    // MARK: Errors

    /// Yams' error, in the front matter's coordinates, worded for a note's author.
    private static func problem(from error: YamlError, in text: String, shift: Int) -> FrontMatterProblem {
        let lastLine = text.utf8.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        func build(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> FrontMatterProblem {
            var message = "invalid YAML: " + problem
            var line = mark.line
            var column = mark.column
            var hint = hint(for: problem, at: mark, in: text)
            if let context {
                message += " (\(context.text) from line \(context.mark.line + shift), column \(context.mark.column))"
                // libyaml reports a scalar or bracket left open at the end of the text, which is
                // the closing fence; where it was opened is what the author needs.
                if mark.line >= lastLine {
                    line = context.mark.line
                    column = context.mark.column
                    hint = "a quote or bracket opened here is never closed"
                }
            }
            return FrontMatterProblem(message, line: line, column: column, hint: hint)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return build(context, problem, mark)
        case .reader(let problem, let offset, _, _):
            // The offset counts Characters from the start of the text.
            var line = 1
            var column = 1
            if let offset {
                for character in text.prefix(offset) {
                    if character == "\n" {
                        line += 1
                        column = 1
                    } else {
                        column += character.unicodeScalars.count
                    }
                }
            }
            return FrontMatterProblem("invalid YAML: " + problem, line: line, column: column)
        default:
            return FrontMatterProblem("invalid YAML: \(error)", line: 1, column: 1)
        }
    }

    /// Advice for the mistakes people actually make in front matter.
    private static func hint(for problem: String, at mark: Mark, in text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = mark.line - 1 < lines.count && mark.line >= 1 ? lines[mark.line - 1] : ""
        if problem.contains("cannot start any token"), line.contains("\t") {
            return "YAML does not allow tabs for indentation; use spaces"
        }
        if problem.contains("mapping values are not allowed") {
            return "a value containing ': ' must be quoted, e.g. title: \"A: B\"; or check the indentation"
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-' indicator") {
            return "check the indentation: items of one list or mapping must start in the same column"
        }
        if problem.contains("found character that cannot start any token") {
            return "a value starting with @, ` or % must be quoted"
        }
        return genericHint
    }

    static let genericHint = "front matter between the --- lines must be valid YAML"

    /// Rejects nesting deeper than `maximumDepth` with a cheap upper bound: brackets open at the
    /// start of a line plus the line's indentation plus its leading `- ` markers. Real front
    /// matter stays far below the limit, so the bound being loose costs nothing.
    static func checkNesting(_ text: String) throws(FrontMatterProblem) {
        let problem = text.withUTF8Bytes { bytes in
            isTooShortToNestTooDeeply(bytes) ? nil : nestingProblem(bytes)
        }
        if let problem { throw problem }
    }

    /// Whether `bytes` are too few to break the limits `nestingProblem` checks, so that a front
    /// matter of a few lines needs only its brackets counted, not the scan: every bracket and
    /// every indenting byte adds at most one to the depth.
    ///
    /// The brackets are counted eight bytes at a time (`ByteWord`), the rest byte by byte.
    static func isTooShortToNestTooDeeply(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count <= maximumDepth * 2 else { return false }
        var brackets = 0
        var i = 0
        while i + 8 <= bytes.count {
            let word = ByteWord.load(bytes, at: i)
            brackets += ByteWord.count(ByteWord.bytes(equalTo: UInt8(ascii: "["), in: word) | ByteWord.bytes(equalTo: UInt8(ascii: "{"), in: word))
            i += 8
        }
        for byte in bytes[i...] where byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") { brackets += 1 }
        return isTooShortToNestTooDeeply(byteCount: bytes.count, brackets: brackets)
    }

    /// The same from a count already made: `byteCount` bytes holding `brackets` bytes that are
    /// `[` or `{` (the direct reading of YAML counts them as it checks the lines).
    static func isTooShortToNestTooDeeply(byteCount: Int, brackets: Int) -> Bool {
        byteCount <= maximumDepth * 2 && brackets <= maximumDepth
    }

    /// `checkNesting`'s scan, over the bytes where the string keeps them (iterating `utf8` cost
    /// twice as much).
    static func nestingProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> FrontMatterProblem? {
        var brackets = 0
        var line = 1
        var atLineStart = true
        var indentation = 0
        var quote: UInt8 = 0
        var inComment = false
        var column = 0
        for byte in bytes {
            column += 1
            if byte == 0x0A {
                line += 1
                column = 0
                atLineStart = true
                indentation = 0
                inComment = false
                // A single-quoted scalar can span lines; a double-quoted one too. Keep `quote`.
                continue
            }
            if inComment { continue }
            if quote != 0 {
                if byte == quote { quote = 0 }
                continue
            }
            if atLineStart {
                if byte == 0x20 || byte == UInt8(ascii: "-") {
                    indentation += 1
                    if brackets + indentation > maximumDepth * 2 {
                        return FrontMatterProblem("front matter nests too deeply", line: line, column: column)
                    }
                    continue
                }
                atLineStart = false
            }
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                brackets += 1
                if brackets > maximumDepth {
                    return FrontMatterProblem("front matter nests deeper than \(maximumDepth) levels", line: line, column: column)
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                brackets = max(0, brackets - 1)
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                quote = byte
            case UInt8(ascii: "#"):
                inComment = true
            default:
                break
            }
        }
        return nil
    }
}

// MARK: Whole documents

extension YAMLFrontMatter {
    /// A whole YAML file (settings, a glossary) with every key, value and list item located,
    /// and an error for each key a mapping repeats. Always the Yams path: the fast path keeps
    /// only the top-level keys' positions, and these files are read once per run.
    static func parseDocument(_ text: String, file: String) throws(FrontMatterProblem) -> (entries: [DocumentEntry], diagnostics: [Diagnostic]) {
        do {
            return try parseWholeDocument(text, file: file)
        } catch {
            throw error.wordedForAFile
        }
    }

    /// The mapping `text` holds, composed by Yams; nil for no document at all (empty, or only
    /// comments). A syntax error, or a document that is a list or a single value, is a problem
    /// naming `whole` ("front matter", "the file").
    private static func composeMapping(_ text: String, shift: Int, whole: String, hint: String) throws(FrontMatterProblem) -> Node.Mapping? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw problem(from: error, in: text, shift: shift)
        } catch {
            throw FrontMatterProblem("invalid YAML: \(error)", line: 1, column: 1)
        }
        guard let root else { return nil }
        guard case .mapping(let mapping) = root else {
            let what = root.sequence != nil ? "a list" : "a single value"
            throw FrontMatterProblem("\(whole) must be a mapping of keys to values, but this is \(what)",
                                     line: root.mark?.line ?? 1, column: root.mark?.column ?? 1, hint: hint)
        }
        return mapping
    }

    private static func parseWholeDocument(_ text: String, file: String) throws(FrontMatterProblem) -> (entries: [DocumentEntry], diagnostics: [Diagnostic]) {
        try checkNesting(text)
        // An empty file, or one of comments only: no settings.
        guard let mapping = try composeMapping(text, shift: 0, whole: "the file",
                                               hint: "write one `key: value` per line, starting in the first column") else {
            return ([], [])
        }
        var budget = maximumValues
        var diagnostics: [Diagnostic] = []
        let entries = try locatedEntries(mapping, file: file, budget: &budget, diagnostics: &diagnostics)
        return (entries, diagnostics)
    }

    private static func located(_ node: Node, file: String, or fallback: SourceLocation) -> SourceLocation {
        guard let mark = node.mark else { return fallback }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    private static func locatedEntries(_ mapping: Node.Mapping, file: String, budget: inout Int,
                                       diagnostics: inout [Diagnostic]) throws(FrontMatterProblem) -> [DocumentEntry] {
        var entries: [DocumentEntry] = []
        var firstSeen: [String: SourceLocation] = [:]
        for (keyNode, valueNode) in mapping {
            let keyLocation = located(keyNode, file: file, or: SourceLocation(file: file, line: 1, column: 1))
            guard case .scalar(let keyScalar) = keyNode else {
                diagnostics.append(.warning("syntax", "ignoring a key that is not plain text", at: keyLocation))
                continue
            }
            let key = keyScalar.string
            if let first = firstSeen[key] {
                diagnostics.append(.error("duplicate-key", "'\(key)' is set twice in one mapping (first at line \(first.line), column \(first.column))",
                                          at: keyLocation, hint: "YAML keys must be unique; remove one of them or merge their values"))
            } else {
                firstSeen[key] = keyLocation
            }
            let value = try convert(valueNode, budget: &budget)
            // An empty value has no position of its own worth showing: libyaml puts it where the
            // next token starts, often on the next line.
            let valueLocation = value == .null && (valueNode.scalar?.string ?? "").isEmpty ? keyLocation : located(valueNode, file: file, or: keyLocation)
            var entry = DocumentEntry(key: key, value: value, location: keyLocation, valueLocation: valueLocation)
            switch valueNode {
            case .mapping(let inner):
                entry.fields = try locatedEntries(inner, file: file, budget: &budget, diagnostics: &diagnostics)
            case .sequence(let items):
                entry.itemLocations = items.map { located($0, file: file, or: valueLocation) }
            case .scalar:
                break
            }
            entries.append(entry)
        }
        return entries
    }
}

extension FrontMatterProblem {
    /// The problem worded for a whole settings file, which has no front matter and no `---`
    /// lines: the messages and hints written for notes would send its author looking for them.
    var wordedForAFile: FrontMatterProblem {
        var worded = self
        if worded.message.hasPrefix("front matter ") { worded.message = "the file " + worded.message.dropFirst("front matter ".count) }
        if worded.hint == YAMLFrontMatter.genericHint { worded.hint = "the file must be valid YAML: one `key: value` per line, lists as [a, b] or indented `- a` lines" }
        return worded
    }
}

import Mustache

/// Turns swift-mustache's parse errors into messages that say what is wrong and on which line,
/// and finds `{{> partial}}` tags that name no template (swift-mustache renders those as nothing).
enum TemplateDiagnosis {
    struct Tag {
        var sigil: Character
        var name: String
        var line: Int
        var column: Int
    }

    static func error(for parseError: MustacheTemplate.ParserError, in text: String, file: String) -> ThemeError {
        let line = parseError.context.lineNumber
        let column = parseError.context.columnNumber
        guard let kind = parseError.error as? MustacheTemplate.Error else {
            return ThemeError(file: file, line: line, column: column, message: "template does not parse: \(parseError.error)")
        }
        switch kind {
        case .expectedSectionEnd:
            // swift-mustache reports the end of the file; the useful place is the opening tag.
            if let open = unclosedSections(in: text).last {
                return ThemeError(file: file, line: open.line, column: open.column,
                                  message: "section {{\(open.sigil)\(open.name)}} is never closed",
                                  hint: "add {{/\(open.name)}} where the section ends")
            }
            return ThemeError(file: file, line: line, column: column, message: "a section is never closed",
                              hint: "every {{#name}} and {{^name}} needs a matching {{/name}}")
        case .sectionCloseNameIncorrect:
            let open = unclosedSections(in: text, upTo: line).last
            return ThemeError(file: file, line: line, column: column,
                              message: "closing tag does not match the open section" + (open.map { " {{\($0.sigil)\($0.name)}} from line \($0.line)" } ?? ""),
                              hint: open.map { "close it with {{/\($0.name)}}" })
        case .unfinishedName:
            return ThemeError(file: file, line: line, column: column,
                              message: "malformed tag: a name may hold letters, digits and . - _ ? * ( ), and the tag must end with }}")
        case .invalidSetDelimiter:
            return ThemeError(file: file, line: line, column: column, message: "malformed set-delimiter tag {{=… …=}}")
        case .transformAppliedToInheritanceSection:
            return ThemeError(file: file, line: line, column: column, message: "a block {{$name}} cannot take a transform")
        case .illegalTokenInsideInheritSection, .textInsideInheritSection:
            return ThemeError(file: file, line: line, column: column,
                              message: "only {{$block}} definitions may appear inside a {{<parent}} tag")
        case .invalidConfigVariableSyntax:
            return ThemeError(file: file, line: line, column: column, message: "malformed pragma; write {{% NAME: value}}")
        case .unrecognisedConfigVariable:
            return ThemeError(file: file, line: line, column: column, message: "unknown pragma; only CONTENT_TYPE is known")
        }
    }

    /// The first `{{> name}}` whose name is not in `available`.
    static func missingPartial(in text: String, available: Set<String>) -> Tag? {
        tags(in: text).first { $0.sigil == ">" && !$0.name.hasPrefix("*") && !available.contains($0.name) }
    }

    /// Sections still open at the end of `text` (or before line `limit`), innermost last.
    /// Only understands the default `{{ }}` delimiters; good enough to point at the culprit.
    static func unclosedSections(in text: String, upTo limit: Int = .max) -> [Tag] {
        var open: [Tag] = []
        for tag in tags(in: text) where tag.line < limit || (tag.line == limit && tag.sigil != "/") {
            switch tag.sigil {
            case "#", "^":
                open.append(tag)
            case "/":
                if let index = open.lastIndex(where: { $0.name == tag.name }) {
                    open.removeSubrange(index...)
                }
            default:
                break
            }
        }
        return open
    }

    /// Section, inverted-section, closing and partial tags with their 1-based positions.
    static func tags(in text: String) -> [Tag] {
        var result: [Tag] = []
        let chars = Array(text)
        var line = 1
        var lineStart = 0
        var i = 0
        while i < chars.count {
            if chars[i] == "\n" {
                line += 1
                lineStart = i + 1
                i += 1
                continue
            }
            guard chars[i] == "{", i + 1 < chars.count, chars[i + 1] == "{" else {
                i += 1
                continue
            }
            let start = i
            var j = i + 2
            while j < chars.count, chars[j] == " " || chars[j] == "\t" { j += 1 }
            guard j < chars.count, "#^/>".contains(chars[j]) else {
                i += 2
                continue
            }
            let sigil = chars[j]
            j += 1
            while j < chars.count, chars[j] == " " || chars[j] == "\t" { j += 1 }
            var name = ""
            while j < chars.count, !chars[j].isWhitespace, chars[j] != "}" {
                name.append(chars[j])
                j += 1
            }
            result.append(Tag(sigil: sigil, name: name, line: line, column: start - lineStart + 1))
            i = j
        }
        return result
    }
}

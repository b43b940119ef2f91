extension Parser {
    /// What an environment looks like: table kind, fences, style.
    struct Environment {
        var kind: MathTable.Kind
        var open: String?
        var close: String?
        var displayStyle: Bool
        var scriptLevel: Int?
        var alignments: [MathTable.Alignment] = [.center]

        static func named(_ name: String) -> Environment? {
            switch name {
            case "matrix", "matrix*": return Environment(kind: .matrix, displayStyle: false)
            case "pmatrix", "pmatrix*": return Environment(kind: .matrix, open: "(", close: ")", displayStyle: false)
            case "bmatrix", "bmatrix*": return Environment(kind: .matrix, open: "[", close: "]", displayStyle: false)
            case "Bmatrix", "Bmatrix*": return Environment(kind: .matrix, open: "{", close: "}", displayStyle: false)
            case "vmatrix", "vmatrix*": return Environment(kind: .matrix, open: "|", close: "|", displayStyle: false)
            case "Vmatrix", "Vmatrix*": return Environment(kind: .matrix, open: "‖", close: "‖", displayStyle: false)
            case "smallmatrix": return Environment(kind: .matrix, displayStyle: false, scriptLevel: 1)
            case "cases": return Environment(kind: .cases, open: "{", displayStyle: false)
            case "dcases": return Environment(kind: .cases, open: "{", displayStyle: true)
            case "rcases": return Environment(kind: .cases, close: "}", displayStyle: false)
            case "aligned", "align", "align*", "alignat", "alignat*", "alignedat", "split", "flalign", "flalign*":
                return Environment(kind: .aligned, displayStyle: true)
            case "eqnarray", "eqnarray*":
                return Environment(kind: .array, displayStyle: true, alignments: [.right, .center, .left])
            case "gathered", "gather", "gather*", "multline", "multline*", "equation", "equation*":
                return Environment(kind: .gathered, displayStyle: true)
            case "array", "darray", "subarray":
                return Environment(kind: .array, displayStyle: name == "darray")
            default: return nil
            }
        }
    }

    mutating func parseEnvironment(at offset: Int) -> Atom? {
        guard let name = readEnvironmentName() else {
            problems.add("\\begin must be followed by an environment name in braces", command: "\\begin", at: offset)
            return Atom(.error("\\begin"))
        }
        guard depth + 2 <= maximumDepth else {
            reportDepth(at: offset)
            flatEnvironments += 1
            return nil
        }
        var table = beginTable(name, at: offset)
        depth += 1
        parseTableBody(into: &table, frame: .cell, environment: name, at: offset)
        depth -= 1
        return endTable(table, name)
    }

    /// The empty table for `\\begin{name}`, with its column specification read.
    private mutating func beginTable(_ name: String, at offset: Int) -> MathTable {
        var environment = Environment.named(name)
        if environment == nil {
            problems.add("unknown TeX environment \(name)", command: "\\begin{\(name)}", at: offset, unknown: true)
            environment = Environment(kind: .matrix, displayStyle: false)
        }
        let settings = environment ?? Environment(kind: .matrix, displayStyle: false)
        var table = MathTable(
            kind: settings.kind, alignments: settings.alignments, displayStyle: settings.displayStyle,
            scriptLevel: settings.scriptLevel)
        switch name {
        case "array", "darray", "subarray":
            if let spec = readRawGroup() { readColumnSpec(spec, into: &table) }
        case "alignat", "alignat*", "alignedat":
            _ = readRawGroup()
        case "matrix*", "pmatrix*", "bmatrix*", "Bmatrix*", "vmatrix*", "Vmatrix*":
            if let spec = readRawOptional() { readColumnSpec(spec, into: &table) }
        default:
            break
        }
        return table
    }

    /// The finished table with its fences.
    private func endTable(_ table: MathTable, _ name: String) -> Atom {
        let environment = Environment.named(name)
        var node: MathNode
        if table.kind == .gathered, name.hasPrefix("equation"), table.rows.count == 1, table.rows[0].count == 1 {
            node = .style(table.rows[0][0], display: true, scriptLevel: 0)
        } else {
            node = .table(table)
        }
        if let environment, environment.open != nil || environment.close != nil {
            var children: [MathNode] = []
            if let open = environment.open { children.append(.op(open, .fenceStretchy)) }
            children.append(node)
            if let close = environment.close { children.append(.op(close, .fenceStretchy)) }
            node = .row(children)
        }
        if environment == nil { node = .row([.error("\\begin{\(name)}"), node]) }
        return Atom(node, .inner)
    }

    /// `\substack{a \\ b}`: a one-column table closed by `}`.
    mutating func parseSubstack(at offset: Int) -> Atom? {
        skipSpaces()
        guard index < tokens.count, tokens[index].isCharacter("{") else {
            problems.add("missing argument for \\substack", command: "\\substack", at: offset)
            return nil
        }
        guard depth + 2 <= maximumDepth else {
            reportDepth(at: offset)
            return Atom(.error("\\substack"))
        }
        index += 1
        var table = MathTable(kind: .substack, displayStyle: false)
        depth += 1
        parseTableBody(into: &table, frame: .braceCell, environment: nil, at: offset)
        depth -= 1
        return Atom(.table(table))
    }

    /// Rows split on `\\`, cells on `&`, until `\end{…}` (or `}` for a brace cell).
    private mutating func parseTableBody(into table: inout MathTable, frame: Frame, environment: String?, at offset: Int) {
        var row: [MathNode] = []
        let savedRule = pendingRule
        pendingRule = false
        defer { pendingRule = savedRule }
        var finished = false
        while !finished {
            depth += 1
            let (nodes, end) = parseRow(frame, start: offset)
            depth -= 1
            row.append(.row(nodes))
            switch end {
            case .alignment:
                continue
            case .rowBreak:
                if pendingRule { table.rowRules.insert(table.rows.count) }
                pendingRule = false
                table.rows.append(row)
                row = []
            case .end:
                let endOffset = index < tokens.count ? tokens[index].offset : offset
                index += 1
                let name = readEnvironmentName()
                if let environment, name != environment {
                    problems.add(
                        "\\begin{\(environment)} ended by \\end{\(name ?? "")}", command: "\\end", at: endOffset)
                }
                finished = true
            case .closeBrace:
                finished = true
            default:
                let what = environment.map { "missing \\end{\($0)}" } ?? "missing } after \\substack"
                problems.add(what, command: environment.map { "\\begin{\($0)}" }, at: offset)
                finished = true
            }
        }
        let lastIsEmpty = row.count == 1 && row[0].isEmptyRow
        if pendingRule { table.rowRules.insert(table.rows.count) }
        if !(lastIsEmpty && !table.rows.isEmpty) { table.rows.append(row) }
    }

    /// `{cc|c}`, `{l@{}r}`, `{*{3}{c}}`: alignments and vertical rules; widths are ignored.
    private func readColumnSpec(_ spec: [Token], into table: inout MathTable) {
        var alignments: [MathTable.Alignment] = []
        var rules: Set<Int> = []
        var expanded: [Token] = []
        var position = 0
        // `*{n}{spec}` repeats, once (bounded, not recursive).
        while position < spec.count {
            if spec[position].isCharacter("*"), let (count, body, next) = Self.repetition(in: spec, at: position + 1) {
                for _ in 0..<min(count, 64) { expanded.append(contentsOf: body) }
                position = next
                continue
            }
            expanded.append(spec[position])
            position += 1
        }
        var level = 0
        for token in expanded {
            guard case .character(let c) = token.kind else { continue }
            if c == "{" { level += 1 }
            if c == "}" { level -= 1 }
            guard level == 0 else { continue }
            switch c {
            case "l": alignments.append(.left)
            case "c": alignments.append(.center)
            case "r": alignments.append(.right)
            case "p", "m", "b", "X": alignments.append(.left)
            case "|", ":": rules.insert(alignments.count)
            default: continue
            }
        }
        if !alignments.isEmpty { table.alignments = alignments }
        table.columnRules = rules
    }

    private static func repetition(in spec: [Token], at start: Int) -> (Int, [Token], Int)? {
        func group(from position: Int) -> ([Token], Int)? {
            guard position < spec.count, spec[position].isCharacter("{") else { return nil }
            var level = 0
            var tokens: [Token] = []
            for index in position..<spec.count {
                if spec[index].isCharacter("{") { level += 1 }
                if spec[index].isCharacter("}") { level -= 1 }
                if level == 0 { return (Array(tokens.dropFirst()), index + 1) }
                tokens.append(spec[index])
            }
            return nil
        }
        guard let (countTokens, afterCount) = group(from: start), let (body, next) = group(from: afterCount) else {
            return nil
        }
        let count = Int(dimensionText(countTokens)) ?? 0
        return (count, body, next)
    }
}

/// Splits TeX source into tokens in one pass. Comments (`%` to end of line) are dropped.
enum Lexer {
    static func tokenize(_ source: [Unicode.Scalar], parameters: Bool = false) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(source.count)
        var index = 0
        var skipSpaces = false
        let count = source.count
        while index < count {
            let scalar = source[index]
            switch scalar {
            case "\\":
                let start = index
                index += 1
                guard index < count else {
                    tokens.append(Token(.command(""), at: start))
                    break
                }
                if isLetter(source[index]) {
                    var name = String.UnicodeScalarView()
                    while index < count, isLetter(source[index]) {
                        name.append(source[index])
                        index += 1
                    }
                    tokens.append(Token(.command(String(name)), at: start))
                    skipSpaces = true
                    continue
                }
                tokens.append(Token(.command(String(source[index])), at: start))
                index += 1
            case "%":
                while index < count, source[index] != "\n" { index += 1 }
                // Like TeX, the newline and the next line's indentation belong to the comment.
                index += 1
                while index < count, isBlank(source[index]) { index += 1 }
                continue
            case " ", "\t", "\n", "\r":
                let start = index
                while index < count, isBlank(source[index]) { index += 1 }
                if !skipSpaces { tokens.append(Token(.space, at: start)) }
                continue
            case "#" where parameters:
                if index + 1 < count, let digit = digitValue(source[index + 1]), digit > 0 {
                    tokens.append(Token(.parameter(digit), at: index))
                    index += 2
                } else if index + 1 < count, source[index + 1] == "#" {
                    tokens.append(Token(.character("#"), at: index))
                    index += 2
                } else {
                    tokens.append(Token(.character("#"), at: index))
                    index += 1
                }
            default:
                tokens.append(Token(.character(scalar), at: index))
                index += 1
            }
            skipSpaces = false
        }
        return tokens
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
    }

    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }

    static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        guard scalar >= "0", scalar <= "9" else { return nil }
        return Int(scalar.value - 48)
    }
}

/// One lexical unit of TeX source, with the scalar offset it came from.
///
/// Tokens produced by macro expansion carry the offset of the macro call, so every problem
/// still points at something the author wrote.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// `\name` or `\x`, stored without the backslash ("frac", ",", " ").
        case command(String)
        case character(Unicode.Scalar)
        /// A run of spaces, tabs and newlines, collapsed as TeX does.
        case space
        /// `#n` inside a macro body.
        case parameter(Int)
        /// A user macro that was not expanded because the expansion budget ran out.
        case unexpandedMacro(String)
    }

    var kind: Kind
    var offset: Int

    init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    var isSpace: Bool { kind == .space }

    func isCharacter(_ scalar: Unicode.Scalar) -> Bool { kind == .character(scalar) }

    func isCommand(_ name: String) -> Bool { kind == .command(name) }

    var commandName: String? {
        if case .command(let name) = kind { return name }
        return nil
    }
}

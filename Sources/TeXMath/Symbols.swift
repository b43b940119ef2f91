/// The tables behind the parser: symbol commands, named operators, delimiters, negations,
/// accents and spaces.
enum Symbols {
    /// `class char names…` per line. Classes: `mi` italic identifier, `up` upright identifier,
    /// `inn` dots (identifiers of TeX class Inner), `ord` `bin` `rel` `pun` `opn` `cls` operators of
    /// that TeX class, `rlw` a relation with TeX's extra thick spaces (`\implies`), `sum` big
    /// operator with limits in display style, `int` big operator with limits beside.
    private static let spec = #"""
    mi α alpha
    mi β beta
    mi γ gamma
    mi δ delta
    mi ϵ epsilon
    mi ε varepsilon
    mi ζ zeta
    mi η eta
    mi θ theta
    mi ϑ vartheta
    mi ι iota
    mi κ kappa
    mi ϰ varkappa
    mi λ lambda
    mi μ mu
    mi ν nu
    mi ξ xi
    mi ο omicron
    mi π pi
    mi ϖ varpi
    mi ρ rho
    mi ϱ varrho
    mi σ sigma
    mi ς varsigma
    mi τ tau
    mi υ upsilon
    mi ϕ phi
    mi φ varphi
    mi χ chi
    mi ψ psi
    mi ω omega
    mi ϝ digamma
    up Α Alpha
    up Β Beta
    up Γ Gamma
    up Δ Delta
    up Ε Epsilon
    up Ζ Zeta
    up Η Eta
    up Θ Theta
    up Ι Iota
    up Κ Kappa
    up Λ Lambda
    up Μ Mu
    up Ν Nu
    up Ξ Xi
    up Ο Omicron
    up Π Pi
    up Ρ Rho
    up Σ Sigma
    up Τ Tau
    up Υ Upsilon
    up Φ Phi
    up Χ Chi
    up Ψ Psi
    up Ω Omega
    mi Γ varGamma
    mi Δ varDelta
    mi Θ varTheta
    mi Λ varLambda
    mi Ξ varXi
    mi Π varPi
    mi Σ varSigma
    mi Υ varUpsilon
    mi Φ varPhi
    mi Ψ varPsi
    mi Ω varOmega
    mi ı imath
    mi ȷ jmath
    mi ℓ ell
    mi ℘ wp
    up ∞ infty
    up ∂ partial
    up ∇ nabla
    up ∀ forall
    up ∃ exists
    up ∄ nexists
    up ∅ emptyset varnothing
    up ℏ hbar hslash
    up ℜ Re
    up ℑ Im
    up ℵ aleph
    up ℶ beth
    up ℷ gimel
    up ∠ angle
    up ∡ measuredangle
    up ∢ sphericalangle
    up △ triangle vartriangle
    up ▽ triangledown
    up □ square Box
    up ■ blacksquare
    up ◊ lozenge Diamond
    up ⧫ blacklozenge
    up ▲ blacktriangle
    up ▼ blacktriangledown
    up ★ bigstar
    up ⊤ top
    up ⊥ bot
    up ′ prime
    up ‵ backprime
    up ° degree
    up ✓ checkmark
    up ♣ clubsuit
    up ♢ diamondsuit
    up ♡ heartsuit
    up ♠ spadesuit
    up ♭ flat
    up ♮ natural
    up ♯ sharp
    up √ surd
    up ∁ complement
    up ℧ mho
    up ð eth
    up Ⅎ Finv
    up ⅁ Game
    up Ⓢ circledS
    up ╱ diagup
    up ╲ diagdown
    up † dag
    up ‡ ddag
    up § S
    up ¶ P
    up © copyright
    up ® circledR
    up £ pounds
    up ¥ yen
    up € euro
    up % %
    up $ $
    up # #
    up _ _
    up & &
    up … ldots mathellipsis
    ord ¬ neg lnot
    ord ∖ backslash
    ord | vert
    ord ‖ | Vert
    rlw ⟺ iff
    rlw ⟹ implies
    rlw ⟸ impliedby
    inn ⋯ cdots dotsb dotsm dotsi
    inn ⋮ vdots
    inn ⋱ ddots
    inn ⋰ iddots
    inn … dotsc dotso
    bin ± pm
    bin ∓ mp
    bin × times
    bin ÷ div
    bin ⋅ cdot centerdot cdotp
    bin ∗ ast
    bin ⋆ star
    bin ∘ circ
    bin ∙ bullet
    bin ⊙ odot
    bin ⊗ otimes
    bin ⊕ oplus
    bin ⊖ ominus
    bin ⊘ oslash
    bin ⊚ circledcirc
    bin ⊛ circledast
    bin ⊝ circleddash
    bin ∪ cup
    bin ∩ cap
    bin ⊔ sqcup
    bin ⊓ sqcap
    bin ⊎ uplus
    bin ∖ setminus smallsetminus
    bin ∧ wedge land
    bin ∨ vee lor
    bin ⋄ diamond
    bin △ bigtriangleup
    bin ▽ bigtriangledown
    bin ◃ triangleleft
    bin ▹ triangleright
    bin ⊲ lhd
    bin ⊳ rhd
    bin ⊴ unlhd
    bin ⊵ unrhd
    bin † dagger
    bin ‡ ddagger
    bin ⨿ amalg
    bin ≀ wr
    bin ⊞ boxplus
    bin ⊟ boxminus
    bin ⊠ boxtimes
    bin ⊡ boxdot
    bin ⊺ intercal
    bin ⋉ ltimes
    bin ⋊ rtimes
    bin ∔ dotplus
    bin ⊻ veebar
    bin ⌅ barwedge
    bin ⋇ divideontimes
    bin ⋒ Cap doublecap
    bin ⋓ Cup doublecup
    rel ≤ le leq
    rel ≥ ge geq
    rel ≦ leqq
    rel ≧ geqq
    rel ⩽ leqslant
    rel ⩾ geqslant
    rel ≠ ne neq
    rel ≈ approx
    rel ≊ approxeq
    rel ∼ sim
    rel ≃ simeq
    rel ≅ cong
    rel ∝ propto varpropto
    rel ≡ equiv
    rel ∈ in
    rel ∉ notin
    rel ∋ ni owns
    rel ⊂ subset
    rel ⊆ subseteq
    rel ⊊ subsetneq
    rel ⊃ supset
    rel ⊇ supseteq
    rel ⊋ supsetneq
    rel ⊏ sqsubset
    rel ⊑ sqsubseteq
    rel ⊐ sqsupset
    rel ⊒ sqsupseteq
    rel → to rightarrow
    rel ← gets leftarrow
    rel ⇐ Leftarrow
    rel ⇒ Rightarrow
    rel ⇔ Leftrightarrow
    rel ↔ leftrightarrow
    rel ⟺ Longleftrightarrow
    rel ⟹ Longrightarrow
    rel ⟸ Longleftarrow
    rel ↦ mapsto
    rel ⟼ longmapsto
    rel ⟶ longrightarrow
    rel ⟵ longleftarrow
    rel ⟷ longleftrightarrow
    rel ↪ hookrightarrow
    rel ↩ hookleftarrow
    rel ↠ twoheadrightarrow
    rel ↞ twoheadleftarrow
    rel ⇀ rightharpoonup
    rel ⇁ rightharpoondown
    rel ↼ leftharpoonup
    rel ↽ leftharpoondown
    rel ⇌ rightleftharpoons
    rel ⇋ leftrightharpoons
    rel ⇄ rightleftarrows
    rel ⇆ leftrightarrows
    rel ⇉ rightrightarrows
    rel ⇇ leftleftarrows
    rel ↑ uparrow
    rel ↓ downarrow
    rel ↕ updownarrow
    rel ⇑ Uparrow
    rel ⇓ Downarrow
    rel ⇕ Updownarrow
    rel ↗ nearrow
    rel ↘ searrow
    rel ↙ swarrow
    rel ↖ nwarrow
    rel ↝ leadsto rightsquigarrow
    rel ⇝ rightzigzagarrow
    rel ↺ circlearrowleft
    rel ↻ circlearrowright
    rel ↚ nleftarrow
    rel ↛ nrightarrow
    rel ⇍ nLeftarrow
    rel ⇏ nRightarrow
    rel ↮ nleftrightarrow
    rel ⇎ nLeftrightarrow
    rel ∣ mid
    rel ∤ nmid
    rel ∥ parallel
    rel ∦ nparallel
    rel ⊥ perp
    rel ⊨ models vDash
    rel ⊢ vdash
    rel ⊣ dashv
    rel ⊩ Vdash
    rel ⊪ Vvdash
    rel ⊬ nvdash
    rel ⊭ nvDash
    rel ≪ ll
    rel ≫ gg
    rel ⋘ lll
    rel ⋙ ggg
    rel ≺ prec
    rel ≻ succ
    rel ⪯ preceq
    rel ⪰ succeq
    rel ≼ preccurlyeq
    rel ≽ succcurlyeq
    rel ⊀ nprec
    rel ⊁ nsucc
    rel ≍ asymp
    rel ≐ doteq
    rel ≑ doteqdot Doteq
    rel ≔ coloneqq coloneq
    rel ≕ eqqcolon eqcolon
    rel ≜ triangleq
    rel ≝ eqdef
    rel ≗ circeq
    rel ≖ eqcirc
    rel ≏ bumpeq
    rel ≎ Bumpeq
    rel ≲ lesssim
    rel ≳ gtrsim
    rel ⪅ lessapprox
    rel ⪆ gtrapprox
    rel ≶ lessgtr
    rel ≷ gtrless
    rel ⋚ lesseqgtr
    rel ⋛ gtreqless
    rel ≮ nless
    rel ≯ ngtr
    rel ≰ nleq
    rel ≱ ngeq
    rel ⊄ nsubset
    rel ⊅ nsupset
    rel ⊈ nsubseteq
    rel ⊉ nsupseteq
    rel ≁ nsim
    rel ≇ ncong
    rel ≉ napprox
    rel ≢ nequiv
    rel ⌣ smile
    rel ⌢ frown
    rel ⋈ bowtie Join
    rel ∴ therefore
    rel ∵ because
    rel ∷ dblcolon Colon
    rel ∶ ratio
    rel ⊲ vartriangleleft
    rel ⊳ vartriangleright
    rel ⊴ trianglelefteq
    rel ⊵ trianglerighteq
    rel ∊ smallin
    rel ≾ precsim
    rel ≿ succsim
    rel ⋖ lessdot
    rel ⋗ gtrdot
    pun : colon
    opn { { lbrace
    cls } } rbrace
    opn ⟨ langle
    cls ⟩ rangle
    opn ⌊ lfloor
    cls ⌋ rfloor
    opn ⌈ lceil
    cls ⌉ rceil
    opn | lvert
    cls | rvert
    opn ‖ lVert
    cls ‖ rVert
    opn [ lbrack
    cls ] rbrack
    opn ⟮ lgroup
    cls ⟯ rgroup
    opn ⟦ llbracket
    cls ⟧ rrbracket
    opn ⌜ ulcorner
    cls ⌝ urcorner
    opn ⌞ llcorner
    cls ⌟ lrcorner
    opn ⎰ lmoustache
    cls ⎱ rmoustache
    sum ∑ sum
    sum ∏ prod
    sum ∐ coprod
    sum ⋃ bigcup
    sum ⋂ bigcap
    sum ⋁ bigvee
    sum ⋀ bigwedge
    sum ⨁ bigoplus
    sum ⨂ bigotimes
    sum ⨀ bigodot
    sum ⨄ biguplus
    sum ⨆ bigsqcup
    sum ∫ intop
    int ∫ int
    int ∬ iint
    int ∭ iiint
    int ⨌ iiiint
    int ∮ oint
    int ∯ oiint
    int ∰ oiiint
    int ∫ smallint
    """#

    /// Symbol commands by name (without backslash).
    static let commands: [String: Symbol] = {
        var table: [String: Symbol] = [:]
        for line in spec.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3, let symbol = makeSymbol(kind: fields[0], text: String(fields[1])) else { continue }
            for name in fields[2...] { table[String(name)] = symbol }
        }
        return table
    }()

    /// Raw Unicode characters typed into the formula, by the symbol they stand for.
    static let characters: [Unicode.Scalar: Symbol] = {
        var table: [Unicode.Scalar: Symbol] = [:]
        for line in spec.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3, let symbol = makeSymbol(kind: fields[0], text: String(fields[1])) else { continue }
            let scalars = Array(fields[1].unicodeScalars)
            guard scalars.count == 1, scalars[0].value > 0x7F else { continue }
            // The first line for a character wins: `∫` is `\int`, not `\intop`; `|` raw is ordinary.
            if table[scalars[0]] == nil, fields[0] != "opn", fields[0] != "cls" { table[scalars[0]] = symbol }
        }
        table["‖"] = commands["Vert"]
        table["⟨"] = commands["langle"]
        table["⟩"] = commands["rangle"]
        table["⌊"] = commands["lfloor"]
        table["⌋"] = commands["rfloor"]
        table["⌈"] = commands["lceil"]
        table["⌉"] = commands["rceil"]
        table["−"] = Symbol(text: "−", element: .op, atomClass: .bin)
        table["·"] = Symbol(text: "·", element: .op, atomClass: .bin)
        table["…"] = commands["ldots"]
        return table
    }()

    private static func makeSymbol(kind: Substring, text: String) -> Symbol? {
        switch kind {
        case "mi": return Symbol(text: text, element: .identifier(upright: false), atomClass: .ord)
        case "up": return Symbol(text: text, element: .identifier(upright: true), atomClass: .ord)
        case "ord": return Symbol(text: text, element: .op, atomClass: .ord)
        case "bin": return Symbol(text: text, element: .op, atomClass: .bin)
        case "rel": return Symbol(text: text, element: .op, atomClass: .rel)
        case "pun": return Symbol(text: text, element: .op, atomClass: .punct)
        case "opn": return Symbol(text: text, element: .op, atomClass: .open)
        case "cls": return Symbol(text: text, element: .op, atomClass: .close)
        // Dots as identifiers: the operator dictionary would space `…` and `⋯` like relations.
        case "inn": return Symbol(text: text, element: .identifier(upright: false), atomClass: .inner)
        // `\implies`, `\iff`: TeX adds a thick space on each side of the arrow.
        case "rlw": return Symbol(text: text, element: .op, atomClass: .rel, spacing: "0.5556em")
        case "sum": return Symbol(text: text, element: .largeOp(.display), atomClass: .op)
        case "int": return Symbol(text: text, element: .largeOp(.never), atomClass: .op)
        default: return nil
        }
    }

    /// ASCII characters in math mode that are operators.
    static func ascii(_ scalar: Unicode.Scalar) -> Symbol? {
        switch scalar {
        case "+": return Symbol(text: "+", element: .op, atomClass: .bin)
        case "-": return Symbol(text: "−", element: .op, atomClass: .bin)
        case "*": return Symbol(text: "∗", element: .op, atomClass: .bin)
        case "=", "<", ">": return Symbol(text: String(scalar), element: .op, atomClass: .rel)
        // A relation in TeX (`f : X \to Y`); the dictionary gives `:` no space before it.
        case ":": return Symbol(text: ":", element: .op, atomClass: .rel, spacing: "0.2778em")
        case ",", ";": return Symbol(text: String(scalar), element: .op, atomClass: .punct)
        case "(", "[": return Symbol(text: String(scalar), element: .op, atomClass: .open)
        case ")", "]": return Symbol(text: String(scalar), element: .op, atomClass: .close)
        case "!", "?": return Symbol(text: String(scalar), element: .op, atomClass: .close)
        case "|": return Symbol(text: "|", element: .op, atomClass: .ord)
        case "/": return Symbol(text: "/", element: .op, atomClass: .ord)
        case ".": return Symbol(text: ".", element: .identifier(upright: true), atomClass: .ord)
        case "@", "\"", "`", "\\": return Symbol(text: String(scalar), element: .identifier(upright: true), atomClass: .ord)
        default: return nil
        }
    }

    // MARK: - Named operators

    /// `\sin`, `\lim`…: the text and whether scripts go below/above in display style.
    static let functions: [String: (text: String, limits: Bool)] = {
        var table: [String: (text: String, limits: Bool)] = [:]
        for name in ["lim", "max", "min", "sup", "inf", "det", "Pr", "gcd"] { table[name] = (name, true) }
        table["limsup"] = ("lim sup", true)
        table["liminf"] = ("lim inf", true)
        for name in [
            "arcsin", "arccos", "arctan", "arctg", "arcctg", "arg", "ch", "cos", "cosec", "cosh", "cot", "cotg",
            "coth", "csc", "ctg", "cth", "deg", "dim", "exp", "hom", "ker", "lg", "ln", "log", "sec", "sin",
            "sinh", "sh", "tan", "tanh", "tg", "th",
        ] {
            table[name] = (name, false)
        }
        return table
    }()

    // MARK: - Delimiters

    /// What may follow `\left`, `\right`, `\middle`, `\big`…: command names.
    static let delimiterCommands: [String: String] = [
        "{": "{", "}": "}", "lbrace": "{", "rbrace": "}", "langle": "⟨", "rangle": "⟩",
        "lvert": "|", "rvert": "|", "vert": "|", "lVert": "‖", "rVert": "‖", "Vert": "‖", "|": "‖",
        "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "lbrack": "[", "rbrack": "]",
        "backslash": "\\", "uparrow": "↑", "downarrow": "↓", "updownarrow": "↕", "Uparrow": "⇑",
        "Downarrow": "⇓", "Updownarrow": "⇕", "lgroup": "⟮", "rgroup": "⟯", "llbracket": "⟦",
        "rrbracket": "⟧", "lmoustache": "⎰", "rmoustache": "⎱", "ulcorner": "⌜", "urcorner": "⌝",
        "llcorner": "⌞", "lrcorner": "⌟", "mid": "∣",
    ]

    /// Characters that may follow `\left` etc. `.` is the empty delimiter.
    static func delimiter(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "(", ")", "[", "]", "|", "/", "‖", "⟨", "⟩", "⌊", "⌋", "⌈", "⌉", "{", "}", "↑", "↓", "⟦", "⟧", "∣":
            return String(scalar)
        case "<": return "⟨"
        case ">": return "⟩"
        case ".": return ""
        default: return nil
        }
    }

    // MARK: - Negation

    /// `\not X` when a precomposed negated character exists.
    static let negations: [String: String] = [
        "=": "≠", "<": "≮", ">": "≯", "∈": "∉", "∋": "∌", "≡": "≢", "≤": "≰", "≥": "≱", "⊂": "⊄",
        "⊃": "⊅", "⊆": "⊈", "⊇": "⊉", "∼": "≁", "≈": "≉", "≅": "≇", "≃": "≄", "∣": "∤", "∥": "∦",
        "∃": "∄", "⊢": "⊬", "⊨": "⊭", "≺": "⊀", "≻": "⊁", "←": "↚", "→": "↛", "⇐": "⇍", "⇒": "⇏",
        "↔": "↮", "⇔": "⇎", "≍": "≭", "⊑": "⋢", "⊒": "⋣", "≲": "≴", "≳": "≵", "⪯": "⋠", "⪰": "⋡",
    ]

    // MARK: - Accents

    struct Accent: Sendable {
        var text: String
        var stretchy: Bool
        var under: Bool
        /// Braces are not accents: they sit a little away from the base and take limits.
        var isBrace: Bool = false
    }

    static let accents: [String: Accent] = [
        // Spacing modifier letters, not combining marks: Chromium centres those over the base,
        // while a lone combining mark hangs to the left. Wide forms use what Chromium stretches.
        "hat": Accent(text: "ˆ", stretchy: false, under: false),
        "widehat": Accent(text: "\u{302}", stretchy: true, under: false),
        "check": Accent(text: "ˇ", stretchy: false, under: false),
        "widecheck": Accent(text: "ˇ", stretchy: true, under: false),
        "tilde": Accent(text: "˜", stretchy: false, under: false),
        "widetilde": Accent(text: "˜", stretchy: true, under: false),
        "bar": Accent(text: "¯", stretchy: false, under: false),
        "overline": Accent(text: "―", stretchy: true, under: false),
        "underline": Accent(text: "\u{332}", stretchy: true, under: true),
        // A combining mark needs a base character to sit on, or it is drawn left of the letter.
        "vec": Accent(text: "\u{A0}\u{20D7}", stretchy: false, under: false),
        "dot": Accent(text: "˙", stretchy: false, under: false),
        "ddot": Accent(text: "¨", stretchy: false, under: false),
        "dddot": Accent(text: "\u{A0}\u{20DB}", stretchy: false, under: false),
        "ddddot": Accent(text: "\u{A0}\u{20DC}", stretchy: false, under: false),
        "breve": Accent(text: "˘", stretchy: false, under: false),
        "acute": Accent(text: "´", stretchy: false, under: false),
        "grave": Accent(text: "`", stretchy: false, under: false),
        "mathring": Accent(text: "˚", stretchy: false, under: false),
        "overrightarrow": Accent(text: "→", stretchy: true, under: false),
        "overleftarrow": Accent(text: "←", stretchy: true, under: false),
        "overleftrightarrow": Accent(text: "↔", stretchy: true, under: false),
        "underrightarrow": Accent(text: "→", stretchy: true, under: true),
        "underleftarrow": Accent(text: "←", stretchy: true, under: true),
        "underleftrightarrow": Accent(text: "↔", stretchy: true, under: true),
        "overbrace": Accent(text: "⏞", stretchy: true, under: false, isBrace: true),
        "underbrace": Accent(text: "⏟", stretchy: true, under: true, isBrace: true),
        "overparen": Accent(text: "⏜", stretchy: true, under: false, isBrace: true),
        "underparen": Accent(text: "⏝", stretchy: true, under: true, isBrace: true),
        "overbracket": Accent(text: "⎴", stretchy: true, under: false, isBrace: true),
        "underbracket": Accent(text: "⎵", stretchy: true, under: true, isBrace: true),
    ]

    // MARK: - Spaces

    /// Fixed spaces in em.
    static let spaces: [String: Double] = [
        ",": 0.1667, "thinspace": 0.1667, ":": 0.2222, ">": 0.2222, "medspace": 0.2222,
        ";": 0.2778, "thickspace": 0.2778, "!": -0.1667, "negthinspace": -0.1667,
        "negmedspace": -0.2222, "negthickspace": -0.2778, "quad": 1, "qquad": 2, "enspace": 0.5,
        " ": 0.3333, "space": 0.3333, "nobreakspace": 0.3333, "\t": 0.3333, "\n": 0.3333, "\r": 0.3333,
    ]
}

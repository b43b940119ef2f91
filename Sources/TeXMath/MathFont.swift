/// Math alphabets (`\mathbb`, `\mathbf`, `\mathcal`…).
///
/// MathML Core ignores `mathvariant` other than `normal`, so styled letters are written as the
/// Unicode Mathematical Alphanumeric Symbols (𝐖, 𝔼, ℒ), minding the letters that live in the
/// Letterlike Symbols block instead (ℝ, ℒ, ℌ, ℎ…).
enum MathFont: Sendable, Equatable {
    /// `\mathrm`: upright; letter runs form one `mi`.
    case roman
    /// `\operatorname`: like roman, and digits, `-` and `*` join the word.
    case operatorName
    case italic
    case bold
    case boldItalic
    case script
    case boldScript
    case fraktur
    case boldFraktur
    case doubleStruck
    case sansSerif
    case sansSerifBold
    case sansSerifItalic
    case sansSerifBoldItalic
    case monospace

    var isUpright: Bool { self == .roman || self == .operatorName }

    /// The styled form of a letter, digit or Greek letter; `nil` when the alphabet has none.
    func map(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let value = scalar.value
        switch value {
        case 0x41...0x5A: return latin(index: value - 0x41, upper: true)
        case 0x61...0x7A: return latin(index: value - 0x61, upper: false)
        case 0x30...0x39: return digit(value - 0x30)
        default:
            guard let index = Self.greekIndex(value) else { return nil }
            return greek(index: index)
        }
    }

    private func latin(index: UInt32, upper: Bool) -> Unicode.Scalar? {
        let letter = Character(Unicode.Scalar((upper ? 0x41 : 0x61) + index)!)
        if let hole = Self.holes[self]?[letter] { return Unicode.Scalar(hole) }
        let base: UInt32
        switch self {
        case .roman, .operatorName, .italic: return nil
        case .bold: base = 0x1D400
        case .boldItalic: base = 0x1D468
        case .script: base = 0x1D49C
        case .boldScript: base = 0x1D4D0
        case .fraktur: base = 0x1D504
        case .doubleStruck: base = 0x1D538
        case .boldFraktur: base = 0x1D56C
        case .sansSerif: base = 0x1D5A0
        case .sansSerifBold: base = 0x1D5D4
        case .sansSerifItalic: base = 0x1D608
        case .sansSerifBoldItalic: base = 0x1D63C
        case .monospace: base = 0x1D670
        }
        return Unicode.Scalar(base + (upper ? 0 : 26) + index)
    }

    private func digit(_ index: UInt32) -> Unicode.Scalar? {
        switch self {
        case .bold, .boldItalic: return Unicode.Scalar(0x1D7CE + index)
        case .doubleStruck: return Unicode.Scalar(0x1D7D8 + index)
        case .sansSerif: return Unicode.Scalar(0x1D7E2 + index)
        case .sansSerifBold, .sansSerifBoldItalic: return Unicode.Scalar(0x1D7EC + index)
        case .monospace: return Unicode.Scalar(0x1D7F6 + index)
        default: return nil
        }
    }

    /// Greek in the order of the math blocks: Α…Ρ ϴ Σ…Ω ∇ α…ω ∂ ϵ ϑ ϰ ϕ ϱ ϖ.
    private static func greekIndex(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x391...0x3A1, 0x3A3...0x3A9: return value - 0x391
        case 0x3F4: return 17
        case 0x2207: return 25
        case 0x3B1...0x3C9: return 26 + value - 0x3B1
        case 0x2202: return 51
        case 0x3F5: return 52
        case 0x3D1: return 53
        case 0x3F0: return 54
        case 0x3D5: return 55
        case 0x3F1: return 56
        case 0x3D6: return 57
        default: return nil
        }
    }

    private func greek(index: UInt32) -> Unicode.Scalar? {
        let capital = index < 26
        switch self {
        case .bold: return Unicode.Scalar(0x1D6A8 + index)
        // TeX's \boldsymbol keeps capital Greek upright.
        case .boldItalic: return Unicode.Scalar((capital ? 0x1D6A8 : 0x1D71C) + index)
        case .sansSerifBold: return Unicode.Scalar(0x1D756 + index)
        case .sansSerifBoldItalic: return Unicode.Scalar((capital ? 0x1D756 : 0x1D790) + index)
        default: return nil
        }
    }

    private static let holes: [MathFont: [Character: UInt32]] = [
        .italic: ["h": 0x210E],
        .script: [
            "B": 0x212C, "E": 0x2130, "F": 0x2131, "H": 0x210B, "I": 0x2110, "L": 0x2112, "M": 0x2133,
            "R": 0x211B, "e": 0x212F, "g": 0x210A, "o": 0x2134,
        ],
        .fraktur: ["C": 0x212D, "H": 0x210C, "I": 0x2111, "R": 0x211C, "Z": 0x2128],
        .doubleStruck: ["C": 0x2102, "H": 0x210D, "N": 0x2115, "P": 0x2119, "Q": 0x211A, "R": 0x211D, "Z": 0x2124],
    ]

    /// Font commands taking an argument.
    static let commands: [String: MathFont] = [
        "mathrm": .roman, "mathup": .roman, "symrm": .roman, "mathnormal": .italic, "mathit": .italic, "symit": .italic,
        "mathbf": .bold, "symbf": .bold, "boldsymbol": .boldItalic, "bm": .boldItalic, "pmb": .boldItalic,
        "mathbfit": .boldItalic, "mathcal": .script, "mathscr": .script, "symcal": .script, "symscr": .script,
        "mathbfcal": .boldScript, "mathbfscr": .boldScript, "mathfrak": .fraktur, "symfrak": .fraktur,
        "mathbffrak": .boldFraktur, "mathbb": .doubleStruck, "symbb": .doubleStruck, "Bbb": .doubleStruck,
        "mathsf": .sansSerif, "symsf": .sansSerif, "mathbfsf": .sansSerifBold, "mathsfbf": .sansSerifBold,
        "mathsfit": .sansSerifItalic, "mathtt": .monospace, "symtt": .monospace,
    ]

    /// Old-style switches that apply to the rest of the group.
    static let switches: [String: MathFont] = [
        "rm": .roman, "bf": .bold, "it": .italic, "cal": .script, "sf": .sansSerif, "tt": .monospace,
        "mit": .italic, "frak": .fraktur, "boldmath": .boldItalic,
    ]
}

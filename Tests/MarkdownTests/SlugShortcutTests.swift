import Markdown
import Testing

/// `Slugger.slug` takes shortcuts for ASCII text and Hangul syllables; every slug must be the
/// one the rule gives when every character goes through its Unicode category.
@Suite struct SlugShortcutTests {
    static func reference(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " {
                out.append("-")
                continue
            }
            if scalar == "-" || scalar == "_" {
                out.append(scalar)
                continue
            }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark,
                 .decimalNumber, .letterNumber, .otherNumber,
                 .connectorPunctuation:
                out.append(scalar)
            default:
                continue
            }
        }
        return String(out)
    }

    @Test func everyCharacterAsTheRuleSays() {
        for value in stride(from: 0, through: 0x2FFFF, by: 1) {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            for text in ["\(scalar)", "Ab \(scalar)-C_d", "가\(scalar)İ"] {
                #expect(Slugger.slug(text) == Self.reference(text), "U+\(String(value, radix: 16))")
            }
        }
    }

    @Test func headingsAsWritten() {
        let headings = ["자료구조: 스택 & 큐 (Stack)", "Variational Auto Encoder (VAE)", "Evidence Lower Bound (ELBO)의 역할 및 특성",
                        "  Leading and trailing  ", "C++ & C#", "KL(p‖q) ≥ 0", "ÉCOLE Ω", "Straße", "İstanbul", "ǅemal", "",
                        "한글-제목_1", "e\u{301}clair", "🙂 emoji", "TAB\there", "1.2.3 Version"]
        for heading in headings {
            #expect(Slugger.slug(heading) == Self.reference(heading), "\(heading)")
        }
        #expect(Slugger.slug("자료구조: 스택 & 큐 (Stack)") == "자료구조-스택--큐-stack")
    }
}

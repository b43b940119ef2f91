import Diagnostics

/// Heading ids by GitHub's rules: lowercase; letters, marks and numbers of every script kept, with
/// `-` and `_`; each space becomes `-`; everything else dropped; repeats get `-1`, `-2`, …
/// `## 자료구조: 스택 & 큐 (Stack)` → `자료구조-스택--큐-stack`.
///
/// One instance per document: it remembers the ids handed out. Rendering and anchor resolution
/// both go through `Slugger.slug(_:)`, so a link checker and the site can never disagree.
public struct Slugger: Sendable {
    private var used: [String: Int] = [:]

    public init() {}

    /// The id for the next heading with this text, made unique within the document.
    public mutating func uniqueSlug(for text: String) -> String {
        let base = Slugger.slug(text)
        guard var n = used[base] else {
            used[base] = 0
            return base
        }
        var candidate: String
        repeat {
            n += 1
            candidate = "\(base)-\(n)"
        } while used[candidate] != nil
        used[base] = n
        used[candidate] = 0
        return candidate
    }

    /// The base slug of a text, without de-duplication.
    public static func slug(_ text: String) -> String {
        if let ascii = text.mappingASCII(asciiKept) { return ascii }
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if scalar.value < 0x80 {
                if let kept = asciiKept(UInt8(scalar.value)) { out.append(Unicode.Scalar(kept)) }
                continue
            }
            if (0xAC00...0xD7A3).contains(scalar.value) {    // Hangul syllables: all letters (Lo)
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

    /// What an ASCII character becomes in a slug (after lowercasing), or nil when it is dropped:
    /// the rule above for the one script every heading has some of, without a Unicode property
    /// lookup (letters and digits kept, `-` and `_` kept, a space becomes `-`).
    @inline(__always)
    private static func asciiKept(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x61...0x7A, 0x30...0x39, 0x2D, 0x5F: b                 // a-z 0-9 - _
        case 0x41...0x5A: b + 0x20                                   // A-Z, lowercased
        case 0x20: 0x2D                                              // space
        default: nil
        }
    }
}

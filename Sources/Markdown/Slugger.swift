import Diagnostics

/// Heading ids by GitHub's rules: lowercase; letters, marks and numbers of every script kept, with
/// `-` and `_`; each space becomes `-`; everything else dropped; repeats get `-1`, `-2`, …
/// `## 자료구조: 스택 & 큐 (Stack)` → `자료구조-스택--큐-stack`.
///
/// Ids are NFC whatever form the heading was typed in. A browser finds `#id` by comparing code
/// points, and links are typed on keyboards (NFC); a heading pasted from a macOS file name or
/// PDF arrives decomposed (NFD), and its id had the decomposed bytes, so every link to it,
/// equal to it by Swift's canonical `==` and passed by the checker, led nowhere in the browser.
///
/// One instance per document: it remembers the ids handed out. Rendering and anchor resolution
/// both go through `Slugger.slug(_:)`, so a link checker and the site can never disagree.
public struct Slugger: Sendable {
    private var used: [String: Int] = [:]

    public init() {}

    /// The id for the next heading with this text, made unique within the document.
    public mutating func uniqueSlug(for text: String) -> String {
        let base = Slugger.baseID(for: text)
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

    /// The id a heading with this text starts from, before de-duplication: its slug, or
    /// `section` (as pandoc names it) when nothing is left of the text (`## 🙂`, `## !!!`).
    /// GitHub's rule leaves such a heading `id=""`, which HTML forbids and `#` cannot name: a
    /// link to it led to the top of the page, and a second one got `-1`.
    public static func baseID(for text: String) -> String {
        let slug = slug(text)
        return slug.isEmpty ? "section" : slug
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
        // Only the non-ASCII path can meet a decomposed heading; `nfc` returns a string that is
        // already NFC (nearly every one) as it is.
        return String(out).nfc
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

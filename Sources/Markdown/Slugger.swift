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
}

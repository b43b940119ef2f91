import Diagnostics
import Foundation

/// A gitignore-style pattern over content paths, for the `ignore` setting.
///
/// - `*` matches any run of characters within one path component, `?` one character,
///   `[abc]`, `[a-z]`, `[!x]` (or `[^x]`) one character from a set; `\` escapes the next one.
/// - `**` as a whole component matches any number of folders, including none.
/// - A pattern without `/` matches any single component, so `drafts` or `*.tmp` match anywhere.
/// - A pattern with a `/` is anchored at the content root (a leading `/` only says so).
/// - A trailing `/` matches folders only, and with them everything beneath.
///
/// Matching a folder also matches everything inside it, as in `.gitignore`. Patterns and paths
/// are compared in NFC, so a pattern typed on Linux matches a name written by macOS.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String

    private let segments: [Segment]
    /// Matched against single components anywhere in the path.
    private let floating: Bool
    /// Trailing `/`: only folders match.
    private let directoryOnly: Bool

    /// Compiles `pattern`. Any string compiles (an unclosed `[` is a literal character); the
    /// settings check `problem(in:)` first, so that a slip is an error, not a pattern that
    /// quietly matches something else or nothing.
    public init(_ pattern: String) {
        self.pattern = pattern
        var text = pattern.nfc
        directoryOnly = text.hasSuffix("/")
        while text.hasSuffix("/") { text.removeLast() }
        let anchored = text.contains("/")
        while text.hasPrefix("/") { text.removeFirst() }
        floating = !anchored
        segments = text.split(separator: "/", omittingEmptySubsequences: true).map { part in
            part == "**" ? .anyFolders : .component(Self.tokens(Substring(part)))
        }
    }

    /// The pattern as written.
    public var description: String { pattern }

    /// Why `pattern` is not what its author meant, or nil when it is a sound glob: an unclosed
    /// `[`, a range written backwards (`[z-a]`, which matches nothing), a lone trailing `\`, or
    /// a pattern with nothing to match (empty, or only slashes).
    public static func problem(in pattern: String) -> (message: String, hint: String)? {
        let scalars = Array(pattern.nfc.unicodeScalars)
        guard scalars.contains(where: { $0 != "/" }) else {
            return ("it has nothing to match", "write a name or a path, such as drafts/ or *.tmp")
        }
        var i = 0
        while i < scalars.count {
            switch scalars[i] {
            case "\\":
                guard i + 1 < scalars.count else {
                    return ("it ends in a lone \\, which escapes nothing", "remove the \\, or write \\\\ for a backslash")
                }
                i += 2
            case "[":
                guard let (_, next, reversed) = bracket(scalars, from: i) else {
                    return ("the [ at character \(i + 1) is never closed", "close the set, as in [abc], or write \\[ for a literal [")
                }
                if let reversed {
                    return ("the range \(reversed) runs backwards and matches nothing", "write the smaller character first")
                }
                i = next
            default:
                i += 1
            }
        }
        return nil
    }

    /// Whether the file at `path`, or a folder containing it, matches.
    public func matches(_ path: NotePath) -> Bool {
        matches(path, isDirectory: false)
    }

    /// Whether `path` matches, `isDirectory` saying whether the path itself names a folder (a
    /// pattern with a trailing `/` can match it then). Lets a folder walk skip a whole folder.
    public func matches(_ path: NotePath, isDirectory: Bool) -> Bool {
        guard !segments.isEmpty else { return false }
        let components = path.components.map { Array($0.unicodeScalars) }
        guard !components.isEmpty else { return false }
        // The path itself may match only if it can be a folder or the pattern takes files; any
        // proper prefix is a folder.
        let longest = directoryOnly && !isDirectory ? components.count - 1 : components.count
        guard longest >= 1 else { return false }
        if floating {
            guard case .component(let tokens) = segments[0], segments.count == 1 else {
                // A lone `**`: everything.
                return true
            }
            return components[..<longest].contains { Self.match(tokens, $0[...]) }
        }
        for length in 1...longest where matchSegments(components[..<length]) {
            return true
        }
        return false
    }

    // MARK: Segments

    private enum Segment: Hashable, Sendable {
        case component([Token])
        /// `**`.
        case anyFolders
    }

    private enum Token: Hashable, Sendable {
        case scalar(Unicode.Scalar)
        case anyOne
        case anyRun
        case set([ClosedRange<UInt32>], negated: Bool)
    }

    /// Matches all segments against all of `components`. Dynamic programming over (segment,
    /// component) pairs so that several `**` cannot make it exponential.
    private func matchSegments(_ components: ArraySlice<[Unicode.Scalar]>) -> Bool {
        let parts = Array(components)
        let n = parts.count
        // reachable[j]: the segments so far can consume exactly the first j components.
        var reachable = [Bool](repeating: false, count: n + 1)
        reachable[0] = true
        for (index, segment) in segments.enumerated() {
            var next = [Bool](repeating: false, count: n + 1)
            switch segment {
            case .anyFolders:
                // Zero or more components: everything at or after the first reachable point. A
                // trailing `**` needs at least one (`notes/**` is what is inside notes/, as in
                // gitignore), unless it is the whole pattern.
                let atLeastOne = index == segments.count - 1 && index > 0
                var any = false
                for j in 0...n {
                    if atLeastOne {
                        next[j] = any
                        any = any || reachable[j]
                    } else {
                        any = any || reachable[j]
                        next[j] = any
                    }
                }
            case .component(let tokens):
                for j in 0..<n where reachable[j] && Self.match(tokens, parts[j][...]) {
                    next[j + 1] = true
                }
            }
            reachable = next
        }
        return reachable[n]
    }

    // MARK: One component

    private static func tokens(_ text: Substring) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            switch c {
            case "*":
                // Runs of `*` within a component mean the same as one.
                if tokens.last != .anyRun { tokens.append(.anyRun) }
                i += 1
            case "?":
                tokens.append(.anyOne)
                i += 1
            case "\\" where i + 1 < scalars.count:
                tokens.append(.scalar(scalars[i + 1]))
                i += 2
            case "[":
                if let (set, next, _) = bracket(scalars, from: i) {
                    tokens.append(set)
                    i = next
                } else {
                    // An unclosed `[` is an ordinary character, as in gitignore.
                    tokens.append(.scalar(c))
                    i += 1
                }
            default:
                tokens.append(.scalar(c))
                i += 1
            }
        }
        return tokens
    }

    /// Parses `[...]` starting at `start`: the set, the index after its `]`, and its first
    /// backwards range (`z-a`, left out of the set: `problem(in:)` reports it); nil when the
    /// set is never closed.
    private static func bracket(_ s: [Unicode.Scalar], from start: Int) -> (Token, Int, reversed: String?)? {
        var i = start + 1
        var negated = false
        if i < s.count, s[i] == "!" || s[i] == "^" {
            negated = true
            i += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var reversed: String?
        var first = true
        while i < s.count {
            var c = s[i]
            // `]` right after the opening (or the negation) is a member, not the end.
            if c == "]" && !first { return (.set(ranges, negated: negated), i + 1, reversed) }
            first = false
            if c == "\\", i + 1 < s.count {
                i += 1
                c = s[i]
            }
            if i + 2 < s.count, s[i + 1] == "-", s[i + 2] != "]" {
                var upper = s[i + 2]
                var skip = 3
                if upper == "\\", i + 3 < s.count {
                    upper = s[i + 3]
                    skip = 4
                }
                if c.value <= upper.value {
                    ranges.append(c.value...upper.value)
                } else if reversed == nil {
                    reversed = "\(c)-\(upper)"
                }
                i += skip
            } else {
                ranges.append(c.value...c.value)
                i += 1
            }
        }
        return nil
    }

    /// Matches one component with the two-pointer algorithm for wildcards: on a mismatch, go
    /// back to the last `*` and let it take one more character. Linear in practice, never
    /// exponential, since only the latest `*` is ever retried.
    private static func match(_ tokens: [Token], _ name: ArraySlice<Unicode.Scalar>) -> Bool {
        let text = Array(name)
        var t = 0
        var n = 0
        var starToken = -1
        var starText = 0
        while n < text.count {
            if t < tokens.count {
                switch tokens[t] {
                case .anyRun:
                    starToken = t
                    starText = n
                    t += 1
                    continue
                case .anyOne:
                    t += 1
                    n += 1
                    continue
                case .scalar(let c) where c == text[n]:
                    t += 1
                    n += 1
                    continue
                case .set(let ranges, let negated) where ranges.contains { $0.contains(text[n].value) } != negated:
                    t += 1
                    n += 1
                    continue
                default:
                    break
                }
            }
            guard starToken >= 0 else { return false }
            starText += 1
            n = starText
            t = starToken + 1
        }
        while t < tokens.count, tokens[t] == .anyRun { t += 1 }
        return t == tokens.count
    }
}

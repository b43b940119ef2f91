public import Diagnostics

/// What is wrong with a link. The raw values are the stable codes every report format prints.
public enum FindingKind: String, Sendable, Hashable, CaseIterable, Comparable {
    case brokenLink = "broken-link"
    case brokenAnchor = "broken-anchor"
    case brokenWikilink = "broken-wikilink"
    case missingAsset = "missing-asset"
    case outsideContent = "outside-content"
    case caseMismatch = "case-mismatch"
    case ambiguous
    case unpublishedLink = "unpublished-link"
    case orphan
    case externalBroken = "external-broken"
    case externalUnverified = "external-unverified"
    case redirect

    /// Errors are links that lead nowhere (on some host); warnings are links that work but
    /// deserve a look. Only `--strict` makes warnings fail a run.
    public var severity: Severity {
        switch self {
        case .brokenLink, .brokenAnchor, .brokenWikilink, .missingAsset, .outsideContent, .caseMismatch, .externalBroken:
            .error
        case .ambiguous, .unpublishedLink, .orphan, .externalUnverified, .redirect:
            .warning
        }
    }

    /// One sentence on the kind, for SARIF rules and JUnit.
    public var summary: String {
        switch self {
        case .brokenLink: "A Markdown link names a note that does not exist."
        case .brokenAnchor: "A link names a heading or block that the target note does not have."
        case .brokenWikilink: "A wikilink names no note, file or concept."
        case .missingAsset: "An image, embed or file link names a file that does not exist."
        case .outsideContent: "A link leaves the content folder; it is never followed."
        case .caseMismatch: "The target exists only under another case or Unicode normalisation: it works on macOS and breaks on Linux and most hosts."
        case .ambiguous: "A wikilink matches several notes equally well."
        case .unpublishedLink: "A link leads to a note that is not published; the site shows plain text."
        case .orphan: "Nothing links to this note or file."
        case .externalBroken: "An external URL answers 404 or 410, or its host does not exist."
        case .externalUnverified: "An external URL could not be confirmed (429, 403, timeout, server error)."
        case .redirect: "An external URL has moved permanently (301, 308) to a new address."
        }
    }

    public static func < (a: FindingKind, b: FindingKind) -> Bool { a.rawValue < b.rawValue }
}

/// One problem with one link: where it is written (file:line:col of the link in the Markdown
/// source), what it points at, what is wrong, and the nearest working target when there is one.
public struct Finding: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var kind: FindingKind
    public var severity: Severity
    /// The path is relative to the content folder.
    public var location: SourceLocation
    /// The target as written: `vae.md#없는-제목`, `No Such Note`, `https://…`, or the orphan's path.
    public var target: String
    public var message: String
    /// A working target near the broken one, written as the author would write it
    /// (`#재구성-항`, `[[ELBO]]`, `../dl/vae.md`).
    public var suggestion: String?

    public init(_ kind: FindingKind, at location: SourceLocation, target: String, message: String,
                suggestion: String? = nil, severity: Severity? = nil) {
        self.kind = kind
        self.severity = severity ?? kind.severity
        self.location = location
        self.target = target
        self.message = message
        self.suggestion = suggestion
    }

    /// "did you mean #재구성-항?", the suggestion as a sentence.
    public var hint: String? { suggestion.map { "did you mean \($0)?" } }

    /// The message and the suggestion on one line, for formats with a single text field.
    public var fullMessage: String {
        hint.map { "\(message); \($0)" } ?? message
    }

    /// The finding as the build reports it: the same code, message and place.
    public var diagnostic: Diagnostic {
        Diagnostic(severity, code: kind.rawValue, message, at: location, hint: hint)
    }

    /// `ml/vae.md:12:5: error[broken-anchor]: message`
    public var description: String {
        "\(location): \(severity.rawValue)[\(kind.rawValue)]: \(fullMessage)"
    }

    /// By place, then errors first, then kind and target: reports are stable from run to run.
    public static func < (a: Finding, b: Finding) -> Bool {
        if a.location != b.location { return a.location < b.location }
        if a.severity != b.severity { return a.severity > b.severity }
        if a.kind != b.kind { return a.kind < b.kind }
        if a.target != b.target { return a.target.utf8.lexicographicallyPrecedes(b.target.utf8) }
        return a.message.utf8.lexicographicallyPrecedes(b.message.utf8)
    }
}

/// The parts of an Obsidian wikilink's inner text `target#heading#sub|label`.
public struct WikiLinkSyntax: Sendable, Hashable {
    /// The note or file named, as written (`folder/Note`, `image.png`); empty for `[[#Heading]]`.
    public var target: String
    /// Everything after the first `#`: `Heading`, `A#B`, or `^block-id`.
    public var fragment: String?
    /// The text after the first `|`, or an embed's size (`300`, `300x200`).
    public var label: String?

    public init(parsing inner: String) {
        // Inside tables Obsidian users escape the pipe as `\|`; Foundation is asked to undo it
        // only when there is a backslash at all.
        let text = inner.utf8.contains(0x5C) ? inner.replacingOccurrences(of: "\\|", with: "|") : inner
        var head = Substring(text)
        var label: String?
        if let bar = head.firstIndex(of: "|") {
            label = String(head[head.index(after: bar)...]).trimmingHorizontalSpace()
            head = head[..<bar]
        }
        var fragment: String?
        if let hash = head.firstIndex(of: "#") {
            let rest = head[head.index(after: hash)...].trimmingHorizontalSpace()
            fragment = rest.isEmpty ? nil : rest
            head = head[..<hash]
        }
        self.target = head.trimmingHorizontalSpace()
        self.fragment = fragment
        self.label = label?.isEmpty == true ? nil : label
    }
}

import Diagnostics
import Foundation

import Diagnostics

/// `<a href="…">` written as raw HTML, in HTML blocks and inline: the one reader of their
/// targets, for the linker (which copies the files they name), the site (which rewrites a link
/// to a note or file for the page, as it rewrites a Markdown link) and `check` (which reports
/// the ones that lead nowhere). Read as `RawHTMLImages` reads `<img src>`.
public enum RawHTMLLinks {
    /// The `href` of each `<a …>` tag in `text`, entities decoded, at its tag's `<`.
    public static func targets(in text: [UInt8]) -> [RawHTMLImages.Source] {
        RawHTMLImages.values(of: "href", inTags: "a", in: text)
    }

    /// What becomes of one raw `<a>`'s `href`.
    public enum Rewrite: Sendable, Equatable {
        /// Left as written.
        case keep
        /// Replaced by this URL.
        case href(String)
        /// Removed with its attribute: an `<a>` without `href` is no link, only its text, and
        /// the target written in the source (an unpublished note's file name) reaches no page.
        case drop
    }

    /// `html` with each `<a>`'s `href` kept, replaced or dropped as `rewrite(href)` says.
    public static func rewritingTargets(in html: String, _ rewrite: (String) -> Rewrite) -> String {
        guard mayHoldLink(html) else { return html }
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        var copied = 0
        for found in targets(in: bytes) {
            switch rewrite(found.source) {
            case .keep:
                continue
            case .href(let new):
                var start = found.valueRange.lowerBound, end = found.valueRange.upperBound
                let quoted = start > 0 && (bytes[start - 1] == UInt8(ascii: "\"") || bytes[start - 1] == UInt8(ascii: "'"))
                if quoted { start -= 1; end = min(end + 1, bytes.count) }
                out += bytes[copied..<start]
                out += Array("\"\(HTML.escapeAttribute(new))\"".utf8)
                copied = end
            case .drop:
                // The blanks before the name go too: `<a href="x">`, and `<a` with `href` on
                // the next line, become `<a>`.
                var start = found.attributeRange.lowerBound
                while start > copied, RawHTMLImages.isSpace(bytes[start - 1]) { start -= 1 }
                out += bytes[copied..<start]
                copied = found.attributeRange.upperBound
            }
        }
        guard copied > 0 else { return html }
        out += bytes[copied...]
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `<a` followed by a space occurs in the text, ignoring ASCII case.
    public static func mayHoldLink(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            var from = 0
            while let i = bytes.firstOffset(of: UInt8(ascii: "<"), from: from), i + 2 < bytes.count {
                if RawHTMLImages.lower(bytes[i + 1]) == UInt8(ascii: "a"), RawHTMLImages.isSpace(bytes[i + 2]) { return true }
                from = i + 1
            }
            return false
        }
    }
}

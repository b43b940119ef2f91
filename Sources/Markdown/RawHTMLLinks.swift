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

    /// `html` with the `href` of each `<a>` replaced by `rewrite(href)` where that gives one
    /// (written quoted and escaped), and left as written where it gives nil.
    public static func rewritingTargets(in html: String, _ rewrite: (String) -> String?) -> String {
        guard mayHoldLink(html) else { return html }
        return RawHTMLImages.rewriting(targets(in: Array(html.utf8)), in: html, rewrite)
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

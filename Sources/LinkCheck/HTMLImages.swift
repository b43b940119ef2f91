import Diagnostics
import Foundation
import Markdown

/// `<img src="…">` written as raw HTML, in HTML blocks and inline. The tree holds raw HTML as
/// text without positions, so the sources come from the tree (which knows what is code and what
/// is HTML) and the positions from a scan of the note's source, matched up in order.
enum HTMLImages {
    struct Reference: Sendable, Hashable {
        var source: String
        var location: SourceLocation
    }

    /// Every raw-HTML image of a document, with the location of its `<img`.
    static func references(in document: MarkdownDocument, body: String, file: String, firstLine: Int) -> [Reference] {
        references(in: document, body: body, file: file, firstLine: firstLine, mayHold: mayHoldImage) {
            RawHTMLImages.sources(in: $0)
        }
    }

    /// Every raw-HTML `<a href>` of a document, with the location of its `<a`.
    static func links(in document: MarkdownDocument, body: String, file: String, firstLine: Int) -> [Reference] {
        references(in: document, body: body, file: file, firstLine: firstLine, mayHold: RawHTMLLinks.mayHoldLink) {
            RawHTMLLinks.targets(in: $0)
        }
    }

    /// The values `read` finds in the tree's raw HTML, located by the same reading of the body.
    private static func references(in document: MarkdownDocument, body: String, file: String, firstLine: Int,
                                   mayHold: (String) -> Bool, read: ([UInt8]) -> [RawHTMLImages.Source]) -> [Reference] {
        // The tree's raw HTML is text of the note (placeholders restored to their source), so a
        // note with no such tag anywhere, in any case, has none to find: most notes, whose tree
        // need not be walked.
        guard mayHold(body) else { return [] }
        let sources = document.rawHTML.flatMap { read(Array($0.utf8)).map(\.source) }
        guard !sources.isEmpty else { return [] }
        let scanned = read(Array(body.utf8))
        var result: [Reference] = []
        var next = 0
        var used = [Bool](repeating: false, count: scanned.count)
        for source in sources {
            var location = SourceLocation(file: file, line: firstLine, column: 1)
            // In order first; then anywhere not yet taken, since cmark moves footnote
            // definitions to the end of the tree, after blocks that follow them in the source.
            if let k = scanned[next...].firstIndex(where: { $0.source == source })
                ?? scanned.indices.first(where: { !used[$0] && scanned[$0].source == source }) {
                location = SourceLocation(file: file, line: scanned[k].line + firstLine - 1, column: scanned[k].column)
                used[k] = true
                next = max(next, k + 1)
            }
            result.append(Reference(source: source, location: location))
        }
        return result
    }

    /// The `src` of each `<img …>` tag in `text`, with the 1-based line and column (in Unicode
    /// scalars) of its `<`: read by `RawHTMLImages`, as the site reads them to rewrite them.
    static func sourcesOfImages(in text: [UInt8]) -> [(source: String, line: Int, column: Int)] {
        RawHTMLImages.sources(in: text).map { ($0.source, $0.line, $0.column) }
    }

    /// Whether `<img` occurs in the text, ignoring ASCII case (`RawHTMLImages.mayHoldImage`).
    static func mayHoldImage(_ text: String) -> Bool {
        RawHTMLImages.mayHoldImage(text)
    }
}

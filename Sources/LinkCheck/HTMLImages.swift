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
        // The tree's raw HTML is text of the note (placeholders restored to their source), so a
        // note with no `<img` anywhere, in any case, has none to find: most notes, whose tree
        // need not be walked.
        guard mayHoldImage(body) else { return [] }
        let sources = document.rawHTML.flatMap { sourcesOfImages(in: Array($0.utf8)).map(\.source) }
        guard !sources.isEmpty else { return [] }
        let scanned = sourcesOfImages(in: Array(body.utf8))
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
    /// scalars) of its `<`.
    static func sourcesOfImages(in text: [UInt8]) -> [(source: String, line: Int, column: Int)] {
        var found: [(String, Int, Int)] = []
        var line = 1
        var lineStart = 0
        var i = 0
        while i < text.count {
            let b = text[i]
            if b == UInt8(ascii: "\n") {
                line += 1
                lineStart = i + 1
                i += 1
                continue
            }
            guard b == UInt8(ascii: "<"), i + 4 < text.count,
                  lower(text[i + 1]) == UInt8(ascii: "i"), lower(text[i + 2]) == UInt8(ascii: "m"), lower(text[i + 3]) == UInt8(ascii: "g"),
                  isSpace(text[i + 4]) || text[i + 4] == UInt8(ascii: "/") || text[i + 4] == UInt8(ascii: ">") else {
                i += 1
                continue
            }
            let column = text[lineStart..<i].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
            var j = i + 4
            var source: String?
            // Attributes up to the closing `>`; quoted values may hold `>`.
            while j < text.count, text[j] != UInt8(ascii: ">") {
                if isSpace(text[j]) || text[j] == UInt8(ascii: "/") { j += 1; continue }
                let nameStart = j
                while j < text.count, !isSpace(text[j]), text[j] != UInt8(ascii: "="), text[j] != UInt8(ascii: ">") { j += 1 }
                let name = String(decoding: text[nameStart..<j].map(lower), as: UTF8.self)
                while j < text.count, isSpace(text[j]) { j += 1 }
                guard j < text.count, text[j] == UInt8(ascii: "=") else { continue }
                j += 1
                while j < text.count, isSpace(text[j]) { j += 1 }
                var value: ArraySlice<UInt8> = []
                if j < text.count, text[j] == UInt8(ascii: "\"") || text[j] == UInt8(ascii: "'") {
                    let quote = text[j]
                    let valueStart = j + 1
                    j = valueStart
                    while j < text.count, text[j] != quote { j += 1 }
                    value = text[valueStart..<min(j, text.count)]
                    if j < text.count { j += 1 }
                } else {
                    let valueStart = j
                    while j < text.count, !isSpace(text[j]), text[j] != UInt8(ascii: ">") { j += 1 }
                    value = text[valueStart..<j]
                }
                if name == "src", source == nil { source = decodeEntities(String(decoding: value, as: UTF8.self)) }
            }
            if let source { found.append((source, line, column)) }
            // Lines inside the tag still count.
            for k in i..<min(j, text.count) where text[k] == UInt8(ascii: "\n") {
                line += 1
                lineStart = k + 1
            }
            i = max(j, i + 1)
        }
        return found
    }

    /// Whether `<img` occurs in the text, ignoring ASCII case. The `<` are found with `memchr`:
    /// the text of every note is read, and most have none.
    static func mayHoldImage(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            var from = 0
            while let i = bytes.firstOffset(of: UInt8(ascii: "<"), from: from), i <= bytes.count - 4 {
                if lower(bytes[i + 1]) == UInt8(ascii: "i"), lower(bytes[i + 2]) == UInt8(ascii: "m"),
                   lower(bytes[i + 3]) == UInt8(ascii: "g") { return true }
                from = i + 1
            }
            return false
        }
    }

    private static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }

    /// The entities an `src` plausibly holds.
    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
    }
}

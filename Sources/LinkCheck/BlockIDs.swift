import Diagnostics

/// Obsidian block ids: `^id` at the end of a paragraph or list item (`…text ^quote-1`), or alone on
/// the line after a block. Ids are Latin letters, digits and `-`. Fenced code is skipped.
///
/// The Markdown tree keeps `^id` as ordinary text, so the ids are read from the note's source.
enum BlockIDs {
    static func ids(in body: String) -> Set<String> {
        var found = Set<String>()
        var fence: (marker: UInt8, length: Int)?
        forEachLine(of: body) { line in
            if let (marker, length) = fenceOpening(line) {
                if let open = fence {
                    if marker == open.marker, length >= open.length, closesFence(line) { fence = nil }
                } else {
                    fence = (marker, length)
                }
                return
            }
            if fence != nil { return }
            if let id = trailingID(line) { found.insert(String(decoding: line[id], as: UTF8.self)) }
        }
        return found
    }

    /// The lines of `body` that `ids(in:)` reads: fence lines and lines that end with an id, in
    /// order, joined by newlines. `ids(in: skeleton(of: body)) == ids(in: body)`: the fences open
    /// and close on the same lines as before, each id line is inside or outside a fence as it was,
    /// and every other line counted for nothing. `check` keeps this instead of the note's body
    /// (`OfflineChecker.checkedPart(ofBody:)`).
    static func skeleton(of body: String) -> String {
        // Without a caret that ends its line after id bytes (most carets are math's `x^2`), no
        // line has an id and the fences alone give none.
        guard body.withUTF8Bytes(mayEndLineWithID) else { return "" }
        var result: [UInt8] = []
        forEachLine(of: body) { line in
            guard fenceOpening(line) != nil || trailingID(line) != nil else { return }
            // Kept lines are never empty, so an empty result means none kept yet.
            if !result.isEmpty { result.append(UInt8(ascii: "\n")) }
            result.append(contentsOf: line)
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Each line of `body` in turn, as `split(separator: "\n", omittingEmptySubsequences: false)`
    /// cuts them, read where the bytes are stored.
    private static func forEachLine(of body: String, _ visit: (UnsafeBufferPointer<UInt8>) -> Void) {
        body.withUTF8Bytes { bytes in
            var start = 0
            while start <= bytes.count {
                let end = bytes.firstOffset(of: UInt8(ascii: "\n"), from: start) ?? bytes.count
                visit(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                start = end + 1
            }
        }
    }

    /// Whether some `^` is followed by id bytes and then only spaces, tabs and CRs up to its
    /// line's end: what `trailingID` needs after the caret.
    private static func mayEndLineWithID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var from = 0
        while let caret = bytes.firstOffset(of: UInt8(ascii: "^"), from: from) {
            var i = caret + 1
            while i < bytes.count, isIDByte(bytes[i]) { i += 1 }
            if i > caret + 1 {
                while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") || bytes[i] == UInt8(ascii: "\r") { i += 1 }
                if i == bytes.count || bytes[i] == UInt8(ascii: "\n") { return true }
            }
            from = caret + 1
        }
        return false
    }

    /// ```` ``` ```` or `~~~` (three or more) after at most three spaces.
    private static func fenceOpening(_ line: UnsafeBufferPointer<UInt8>) -> (UInt8, Int)? {
        var i = 0
        while i < line.count, i < 4, line[i] == UInt8(ascii: " ") { i += 1 }
        guard i < 4, i < line.count, line[i] == UInt8(ascii: "`") || line[i] == UInt8(ascii: "~") else { return nil }
        let marker = line[i]
        var n = 0
        while i < line.count, line[i] == marker { i += 1; n += 1 }
        return n >= 3 ? (marker, n) : nil
    }

    /// A closing fence has nothing but spaces after its markers.
    private static func closesFence(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let rest = line.drop { $0 == UInt8(ascii: " ") }.drop { $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "~") }
        return rest.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
    }

    /// Where the id the line ends with lies in it (`…text ^id`, after the caret), or nil.
    private static func trailingID(_ line: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: " ") || line[end - 1] == UInt8(ascii: "\t") || line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var start = end
        while start > 0, isIDByte(line[start - 1]) { start -= 1 }
        guard start < end, start > 0, line[start - 1] == UInt8(ascii: "^") else { return nil }
        let caret = start - 1
        guard caret == 0 || line[caret - 1] == UInt8(ascii: " ") || line[caret - 1] == UInt8(ascii: "\t") else { return nil }
        return start..<end
    }

    private static func isIDByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-")
    }
}

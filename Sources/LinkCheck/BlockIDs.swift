/// Obsidian block ids: `^id` at the end of a paragraph or list item (`…text ^quote-1`), or alone on
/// the line after a block. Ids are Latin letters, digits and `-`. Fenced code is skipped.
///
/// The Markdown tree keeps `^id` as ordinary text, so the ids are read from the note's source.
enum BlockIDs {
    static func ids(in body: String) -> Set<String> {
        var found = Set<String>()
        var fence: (marker: UInt8, length: Int)?
        for line in body.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let bytes = Array(line)
            if let (marker, length) = fenceOpening(bytes) {
                if let open = fence {
                    if marker == open.marker, length >= open.length, closesFence(bytes) { fence = nil }
                } else {
                    fence = (marker, length)
                }
                continue
            }
            if fence != nil { continue }
            if let id = trailingID(bytes) { found.insert(id) }
        }
        return found
    }

    /// The lines of `body` that `ids(in:)` reads: fence lines and lines that end with an id, in
    /// order, joined by newlines. `ids(in: skeleton(of: body)) == ids(in: body)`: the fences open
    /// and close on the same lines as before, each id line is inside or outside a fence as it was,
    /// and every other line counted for nothing. `check` keeps this instead of the note's body
    /// (`OfflineChecker.checkedPart(ofBody:)`).
    static func skeleton(of body: String) -> String {
        var kept: [Substring.UTF8View] = []
        for line in body.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let bytes = Array(line)
            if fenceOpening(bytes) != nil || trailingID(bytes) != nil { kept.append(line) }
        }
        var result: [UInt8] = []
        for (n, line) in kept.enumerated() {
            if n > 0 { result.append(UInt8(ascii: "\n")) }
            result += line
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// ```` ``` ```` or `~~~` (three or more) after at most three spaces.
    private static func fenceOpening(_ line: [UInt8]) -> (UInt8, Int)? {
        var i = 0
        while i < line.count, i < 4, line[i] == UInt8(ascii: " ") { i += 1 }
        guard i < 4, i < line.count, line[i] == UInt8(ascii: "`") || line[i] == UInt8(ascii: "~") else { return nil }
        let marker = line[i]
        var n = 0
        while i < line.count, line[i] == marker { i += 1; n += 1 }
        return n >= 3 ? (marker, n) : nil
    }

    /// A closing fence has nothing but spaces after its markers.
    private static func closesFence(_ line: [UInt8]) -> Bool {
        let rest = line.drop { $0 == UInt8(ascii: " ") }.drop { $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "~") }
        return rest.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
    }

    private static func trailingID(_ line: [UInt8]) -> String? {
        var end = line.count
        while end > 0, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(line[end - 1]) { end -= 1 }
        var start = end
        while start > 0, isIDByte(line[start - 1]) { start -= 1 }
        guard start < end, start > 0, line[start - 1] == UInt8(ascii: "^") else { return nil }
        let caret = start - 1
        guard caret == 0 || line[caret - 1] == UInt8(ascii: " ") || line[caret - 1] == UInt8(ascii: "\t") else { return nil }
        return String(decoding: line[start..<end], as: UTF8.self)
    }

    private static func isIDByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-")
    }
}

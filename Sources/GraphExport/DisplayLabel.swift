/// Labels short enough to draw. Cuts fall between characters (grapheme clusters), never inside
/// one, so a Hangul syllable, a flag or an emoji with a skin tone stays whole.
public enum DisplayLabel {
    /// The usual longest label in a picture, in characters.
    public static let defaultLength = 24

    /// `text` on one line (controls and runs of white space become one space), shortened to at
    /// most `maxLength` characters with a trailing `…`. The cut goes back to a space when one is
    /// near the end, so words are not split when that costs little.
    public static func shortened(_ text: String, maxLength: Int = defaultLength) -> String {
        shortened(line: singleLine(text), maxLength: maxLength)
    }

    /// `shortened` of text that is on one line already (`singleLine`'s result): a caller that
    /// needs both the line and the short label makes the line once.
    static func shortened(line: String, maxLength: Int) -> String {
        // A string of at most `maxLength` UTF-8 bytes has at most that many characters; only
        // longer ones pay for counting grapheme clusters.
        guard maxLength >= 2, line.utf8.count > maxLength, line.count > maxLength else { return line }
        var kept = Array(line.prefix(maxLength - 1))
        if let space = kept.lastIndex(of: " "), space >= kept.count - 6, space >= maxLength / 2 {
            kept.removeSubrange(space...)
        }
        while kept.last == " " { kept.removeLast() }
        return String(kept) + "…"
    }

    /// White space and control characters collapsed to single spaces, trimmed.
    public static func singleLine(_ text: String) -> String {
        if isAlreadySingleLine(text) { return text }
        var out = ""
        var pendingSpace = false
        for character in text {
            let isSpace = character.isWhitespace || character.unicodeScalars.allSatisfy { TextEscaping.isControl($0) }
            if isSpace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" ") }
            pendingSpace = false
            out.append(character)
        }
        return out
    }

    /// No control characters, no white space but single ASCII spaces between words: the
    /// usual title, checked byte by byte without walking grapheme clusters.
    static func isAlreadySingleLine(_ text: String) -> Bool {
        var previousSpace = true
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x7F { return false }
            if byte == 0x20 {
                if previousSpace { return false }
                previousSpace = true
            } else if byte >= 0x80 {
                // Non-ASCII: Korean is fine, but U+0085, U+00A0, U+2000–U+200A, U+2028/9,
                // U+3000 and friends are white space or controls; let the slow path decide.
                if byte == 0xC2 || byte == 0xE2 || byte == 0xE3 || byte == 0xE1 || byte == 0xEF { return false }
                previousSpace = false
            } else {
                previousSpace = false
            }
        }
        return !previousSpace || text.isEmpty
    }
}

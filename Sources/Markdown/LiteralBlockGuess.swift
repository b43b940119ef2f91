import Diagnostics

/// A quick guess, from the lines alone, of where a note's code blocks and HTML blocks are: the
/// lines `Cmark.literalBlockLines` would find with a parse of its own.
///
/// The guess saves that parse (a seventh of what `check` does). The protector skips the guessed
/// lines, cmark parses the protected text once, and `SinglePass.holds` then compares the
/// guess with where cmark really put the literal blocks, among other conditions; a wrong guess
/// costs the parse it tried to save, never a different document. So the guess covers what
/// notes usually hold (fenced code, at any depth of quotes and lists; HTML blocks by the
/// CommonMark start and end conditions) and does not try to be cmark: indented code, for one,
/// is left out, since telling it from a list item's continuation needs the whole block parser.
enum LiteralBlockGuess {
    /// Guessed line ranges, 1-based and inclusive, in order.
    static func lines(_ bytes: UnsafeBufferPointer<UInt8>) -> [ClosedRange<Int>] {
        lines(bytes, lineStarts: bytes.lineStarts())
    }

    /// `lines(bytes)`, with the bytes' `lineStarts()` the parser found already: each line
    /// ends where the next starts, not at a `\n` searched for again.
    static func lines(_ bytes: UnsafeBufferPointer<UInt8>, lineStarts: [Int]) -> [ClosedRange<Int>] {
        var ranges: [ClosedRange<Int>] = []
        var lineNumber = 0
        var start = 0
        let count = bytes.count
        /// An open fence: its character, its length, its first line.
        var fence: (char: UInt8, length: Int, line: Int)?
        /// An open HTML block: how it ends, and its first line.
        var html: (end: HTMLEnd, line: Int)?
        var previousBlank = true
        while start < count {
            // The line starting at `start` is line `lineNumber` counted from 0: it ends before
            // the next line's start, or at the end of the text.
            let end = lineNumber + 1 < lineStarts.count ? lineStarts[lineNumber + 1] - 1 : count
            lineNumber += 1
            let content = contentStart(bytes, start, end)
            let blank = content == end
            if let open = fence {
                if isClosingFence(bytes, content, end, char: open.char, length: open.length) {
                    ranges.append(open.line...lineNumber)
                    fence = nil
                }
            } else if let open = html {
                switch open.end {
                case .blankLine:
                    if blank {
                        ranges.append(open.line...(lineNumber - 1))
                        html = nil
                    }
                case .marker(let marker):
                    if contains(bytes, start, end, marker) {
                        ranges.append(open.line...lineNumber)
                        html = nil
                    }
                }
            } else if !blank {
                if let opened = openingFence(bytes, content, end) {
                    fence = (opened.char, opened.length, lineNumber)
                } else if bytes[content] == 0x3C, let kind = htmlStart(bytes, content, end, afterBlank: previousBlank) {
                    if case .marker(let marker) = kind, contains(bytes, content, end, marker) {
                        ranges.append(lineNumber...lineNumber)
                    } else {
                        html = (kind, lineNumber)
                    }
                }
            }
            previousBlank = blank
            start = end + 1
        }
        // A block still open at the end runs to the last line.
        if let open = fence { ranges.append(open.line...max(lineNumber, open.line)) }
        if let open = html {
            var last = lineNumber
            if case .blankLine = open.end {
                // Trailing blank lines are not part of it.
                last = max(open.line, lastNonBlankLine(bytes))
            }
            ranges.append(open.line...max(last, open.line))
        }
        return ranges
    }

    enum HTMLEnd {
        case blankLine
        case marker([UInt8])
    }

    /// After leading spaces, tabs, `>` markers and list markers: where a block's own text starts.
    private static func contentStart(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        while i < end {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x3E || b == 0x0D {
                i += 1
            } else if (b == 0x2D || b == 0x2B || b == 0x2A), i + 1 < end, bytes[i + 1] == 0x20 || bytes[i + 1] == 0x09 {
                i += 2
            } else if b >= 0x30, b <= 0x39 {
                var j = i
                while j < end, j - i < 9, bytes[j] >= 0x30, bytes[j] <= 0x39 { j += 1 }
                if j < end, bytes[j] == 0x2E || bytes[j] == 0x29, j + 1 < end, bytes[j + 1] == 0x20 || bytes[j + 1] == 0x09 {
                    i = j + 2
                } else {
                    return i
                }
            } else {
                return i
            }
        }
        return i
    }

    private static func openingFence(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ end: Int) -> (char: UInt8, length: Int)? {
        let c = bytes[at]
        guard c == 0x60 || c == 0x7E else { return nil }
        var n = 0
        while at + n < end, bytes[at + n] == c { n += 1 }
        guard n >= 3 else { return nil }
        if c == 0x60 {
            // A backtick fence's info string holds no backtick.
            var i = at + n
            while i < end {
                if bytes[i] == 0x60 { return nil }
                i += 1
            }
        }
        return (c, n)
    }

    private static func isClosingFence(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ end: Int, char: UInt8, length: Int) -> Bool {
        var n = 0
        while at + n < end, bytes[at + n] == char { n += 1 }
        guard n >= length else { return false }
        var i = at + n
        while i < end {
            let b = bytes[i]
            if b != 0x20, b != 0x09, b != 0x0D { return false }
            i += 1
        }
        return true
    }

    /// CommonMark's HTML block start conditions 1 to 7 (7 only after a blank line, since it
    /// cannot interrupt a paragraph), and how each ends.
    private static func htmlStart(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ end: Int, afterBlank: Bool) -> HTMLEnd? {
        let rest = UnsafeBufferPointer(rebasing: bytes[at..<end])
        func lower(_ i: Int) -> UInt8 {
            let b = rest[i]
            return b >= 0x41 && b <= 0x5A ? b + 0x20 : b
        }
        func hasPrefix(_ text: String, caseInsensitive: Bool) -> Bool {
            let utf8 = Array(text.utf8)
            guard rest.count >= utf8.count else { return false }
            for (i, c) in utf8.enumerated() where (caseInsensitive ? lower(i) : rest[i]) != c { return false }
            return true
        }
        for name in ["script", "pre", "style", "textarea"] where hasPrefix("<" + name, caseInsensitive: true) {
            let after = name.utf8.count + 1
            if after == rest.count || rest[after] == 0x20 || rest[after] == 0x09 || rest[after] == 0x3E || rest[after] == 0x0D {
                return .marker(Array("</\(name)>".utf8))
            }
        }
        if hasPrefix("<!--", caseInsensitive: false) { return .marker(Array("-->".utf8)) }
        if hasPrefix("<?", caseInsensitive: false) { return .marker(Array("?>".utf8)) }
        if hasPrefix("<![CDATA[", caseInsensitive: false) { return .marker(Array("]]>".utf8)) }
        if rest.count > 2, rest[1] == 0x21, (rest[2] >= 0x41 && rest[2] <= 0x5A) || (rest[2] >= 0x61 && rest[2] <= 0x7A) {
            return .marker([0x3E])
        }
        // Condition 6: a block-level tag name.
        var i = 1
        if i < rest.count, rest[i] == 0x2F { i += 1 }
        var name: [UInt8] = []
        while i < rest.count, name.count < 12 {
            let b = lower(i)
            guard (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) else { break }
            name.append(b)
            i += 1
        }
        if !name.isEmpty {
            let terminated = i == rest.count || rest[i] == 0x20 || rest[i] == 0x09 || rest[i] == 0x3E || rest[i] == 0x0D
                || (rest[i] == 0x2F && i + 1 < rest.count && rest[i + 1] == 0x3E)
            if terminated, blockTags.contains(String(decoding: name, as: UTF8.self)) { return .blankLine }
        }
        // Condition 7: one complete tag, alone on its line.
        if afterBlank, isLoneTag(rest) { return .blankLine }
        return nil
    }

    static let blockTags: Set<String> = [
        "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col",
        "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
        "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "nav", "noframes", "ol",
        "optgroup", "option", "p", "param", "section", "source", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "title", "tr", "track", "ul",
    ]

    /// An open tag (name, attributes, optional `/`) or a closing tag, then only spaces.
    private static func isLoneTag(_ rest: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 1
        let closing = i < rest.count && rest[i] == 0x2F
        if closing { i += 1 }
        func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
        guard i < rest.count, isLetter(rest[i]) else { return false }
        while i < rest.count, isLetter(rest[i]) || (rest[i] >= 0x30 && rest[i] <= 0x39) || rest[i] == 0x2D { i += 1 }
        var quote: UInt8 = 0
        var closed = false
        while i < rest.count {
            let b = rest[i]
            i += 1
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == 0x22 || b == 0x27 {
                if closing { return false }
                quote = b
            } else if b == 0x3E {
                closed = true
                break
            } else if b == 0x3C {
                return false
            }
        }
        guard closed else { return false }
        while i < rest.count {
            if rest[i] != 0x20, rest[i] != 0x09, rest[i] != 0x0D { return false }
            i += 1
        }
        return true
    }

    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ marker: [UInt8]) -> Bool {
        guard end - start >= marker.count else { return false }
        var i = start
        while i + marker.count <= end {
            if bytes[i] == marker[0] {
                var k = 1
                while k < marker.count, bytes[i + k] == marker[k] { k += 1 }
                if k == marker.count { return true }
            }
            i += 1
        }
        return false
    }

    private static func lastNonBlankLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 0
        var last = 0
        var start = 0
        while start < bytes.count {
            var end = start
            var blank = true
            while end < bytes.count, bytes[end] != 0x0A {
                let b = bytes[end]
                if b != 0x20, b != 0x09, b != 0x3E, b != 0x0D { blank = false }
                end += 1
            }
            line += 1
            if !blank { last = line }
            start = end + 1
        }
        return last
    }
}

import Diagnostics

extension String {
    /// `trimmingHorizontalSpace()`, answered from the end bytes when neither end can be trimmed:
    /// both ASCII, neither a space nor a tab. That is nearly every date, tag and title, and the
    /// shared helper costs some 2,000 instructions a call even when it trims nothing, several
    /// times over for each note's front matter.
    func trimmingHorizontalSpaceIfNeeded() -> String {
        guard let first = utf8.first, let last = utf8.last else { return "" }
        if Self.isKeptByHorizontalTrim(first), Self.isKeptByHorizontalTrim(last) { return self }
        return trimmingHorizontalSpace()
    }

    /// `trimmingWhitespaceAndNewlines()`, answered the same way: ends that are printable ASCII
    /// other than a space are never trimmed.
    func trimmingWhitespaceAndNewlinesIfNeeded() -> String {
        guard let first = utf8.first, let last = utf8.last else { return "" }
        if Self.isPrintableASCII(first), Self.isPrintableASCII(last) { return self }
        return trimmingWhitespaceAndNewlines()
    }

    /// An ASCII byte `trimmingHorizontalSpace` keeps at an end: anything but a space or a tab.
    private static func isKeptByHorizontalTrim(_ byte: UInt8) -> Bool {
        byte < 0x80 && byte != 0x20 && byte != 0x09
    }

    /// `!` through `~`: no control character, no space.
    private static func isPrintableASCII(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F
    }
}

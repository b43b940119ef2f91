extension String {
    /// Whether `a` comes before `b` as people read the numbers in names: `2주차` before `10주차`,
    /// `note 9.md` before `note 10.md`, `v1.2` before `v1.10`. A run of ASCII digits compares
    /// with a run of digits at the same place by its value (leading zeros aside); everything else
    /// compares by UTF-8 bytes, which is code-point order. Names equal but for leading zeros
    /// (`07` and `7`) fall back to byte order, so the order is total, and the same on every
    /// platform and in every locale. The lists of the site (the index, folder, tag and concept
    /// pages, backlinks) sort names with it, as Obsidian's file list and Quartz's folder pages do.
    public static func naturallyPrecede(_ a: String, _ b: String) -> Bool {
        let order = a.withUTF8Bytes { x in b.withUTF8Bytes { y in naturalOrder(x, y) } }
        return order != 0 ? order < 0 : bytesPrecede(a, b)
    }

    /// Negative, zero or positive as `x` comes before, ties with or comes after `y` by
    /// `naturallyPrecede`'s rules, before the tie-break. A digit byte never occurs inside a
    /// multi-byte UTF-8 sequence, so runs of digits are found byte by byte. Public for sorts
    /// that keep their names' bytes side by side (the concept index) rather than as Strings.
    public static func naturalOrder(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
        @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
        var i = 0, j = 0
        while i < x.count, j < y.count {
            let p = x[i], q = y[j]
            guard isDigit(p), isDigit(q) else {
                if p != q { return p < q ? -1 : 1 }
                i += 1
                j += 1
                continue
            }
            // Two runs of digits: skip their leading zeros; the longer rest is the larger number,
            // and rests of one length compare digit by digit.
            while i < x.count, x[i] == 0x30 { i += 1 }
            while j < y.count, y[j] == 0x30 { j += 1 }
            var endX = i, endY = j
            while endX < x.count, isDigit(x[endX]) { endX += 1 }
            while endY < y.count, isDigit(y[endY]) { endY += 1 }
            if endX - i != endY - j { return endX - i < endY - j ? -1 : 1 }
            while i < endX {
                if x[i] != y[j] { return x[i] < y[j] ? -1 : 1 }
                i += 1
                j += 1
            }
        }
        return (x.count - i) - (y.count - j) < 0 ? -1 : (x.count - i) == (y.count - j) ? 0 : 1
    }
}

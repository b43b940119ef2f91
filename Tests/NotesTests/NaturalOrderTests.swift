import Diagnostics
import Testing

/// `String.naturallyPrecede`, the order of every list of names on the site: numbers by value,
/// the rest by code point, and a total order whatever the input.
@Suite struct NaturalOrderTests {
    @Test func numbersCompareByValue() {
        let sorted = ["10주차.md", "2주차.md", "1주차.md", "note 10", "note 9", "note 09", "note 9a", "v1.10", "v1.2",
                      "T14475", "T2", "T100", "a", "a0", "a00", "b", "", "0", "00", "007", "7"]
            .sorted(by: String.naturallyPrecede)
        #expect(sorted == ["", "0", "00", "1주차.md", "2주차.md", "007", "7", "10주차.md", "T2", "T100", "T14475",
                           "a", "a0", "a00", "b", "note 09", "note 9", "note 9a", "note 10", "v1.2", "v1.10"])
    }

    @Test func everythingElseIsCodePointOrder() {
        // Without digits, byte order: upper case before lower, Latin before Hangul, NFC bytes.
        let words = ["가나", "Zeta", "alpha", "Alpha", "나", "é", "e\u{301}", "ä", "-", "_", " "]
        #expect(words.sorted(by: String.naturallyPrecede) == words.sorted(by: String.bytesPrecede))
        // A digit against a non-digit compares as the digit's byte: digits sit between `/` and `:`.
        #expect(["a:", "a1", "a/"].sorted(by: String.naturallyPrecede) == ["a/", "a1", "a:"])
        // Digits outside ASCII (full-width, Arabic-Indic) are not numbers here.
        #expect(String.naturallyPrecede("x１０", "x２") == String.bytesPrecede("x１０", "x２"))
    }

    /// A strict total order on random strings of digits, a few letters and Hangul: irreflexive,
    /// asymmetric, transitive, and every two distinct strings ordered one way.
    @Test func isAStrictTotalOrder() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let alphabet = ["0", "1", "2", "9", "0", "a", "B", "/", ":", "가", " "]
        let strings = (0..<300).map { _ in (0..<next(7)).map { _ in alphabet[next(alphabet.count)] }.joined() }
        for a in strings {
            #expect(!String.naturallyPrecede(a, a))
            for b in strings.prefix(60) where a != b {
                #expect(String.naturallyPrecede(a, b) != String.naturallyPrecede(b, a), "\(a) | \(b)")
            }
        }
        let sorted = strings.sorted(by: String.naturallyPrecede)
        for i in sorted.indices.dropLast() {
            #expect(!String.naturallyPrecede(sorted[i + 1], sorted[i]), "\(sorted[i]) | \(sorted[i + 1])")
        }
        for a in strings.prefix(40) {
            for b in strings.prefix(40) where String.naturallyPrecede(a, b) {
                for c in strings.prefix(40) where String.naturallyPrecede(b, c) {
                    #expect(String.naturallyPrecede(a, c), "\(a) < \(b) < \(c)")
                }
            }
        }
    }
}

@testable import Diagnostics
import Foundation
import Testing
import TestSupport

/// The fast NFC and trimming helpers agree with Foundation's slow ones on every kind of text.
@Suite struct StringNormalizationTests {
    static let samples = [
        "", "ascii only", "Variational Auto-Encoder (VAE)", "café", "cafe\u{301}", "변분 오토인코더",
        "\u{1100}\u{1161}\u{11A8}",            // 각 as conjoining jamo (NFD)
        "\u{AC00}\u{11A8}",                    // 가 + trailing ㄱ: composes to 각
        "한\u{0301}", "Å", "A\u{30A}", "\u{212B}", "Ω", "\u{2126}", "e\u{0327}\u{0301}", "e\u{0301}\u{0327}",
        "→ ≠ ∑ “quotes” — dash", "🧠 emoji 👍🏽", "漢字 かな", "\u{F900}", "ﾊﾝｶｸ", "x\u{0338}", "∄",
    ]

    @Test func nfcMatchesFoundation() {
        for s in Self.samples {
            #expect(Array(s.nfc.unicodeScalars) == Array(s.precomposedStringWithCanonicalMapping.unicodeScalars), "\(s.debugDescription)")
        }
    }

    @Test func trimmingMatchesFoundation() {
        for core in ["", "a", "a b", "한글 제목", " "] {
            for pad in ["", " ", "\t", "\u{00A0}", "\u{3000}", " \t\u{2003}", "\u{200B}", "\u{FEFF}", "\u{1680}", "\u{180E}", "\u{2060}"] {
                let s = pad + core + pad
                #expect(s.trimmingHorizontalSpace() == s.trimmingCharacters(in: .whitespaces), "\(s.debugDescription)")
                let sub = ("x" + s + "x").dropFirst().dropLast()
                #expect(sub.trimmingHorizontalSpace() == s.trimmingCharacters(in: .whitespaces), "\(s.debugDescription)")
            }
        }
        // Newlines are not horizontal space: they stay, as with `.whitespaces`.
        #expect("\n a \n".trimmingHorizontalSpace() == "\n a \n".trimmingCharacters(in: .whitespaces))
    }

    /// A string's own trimming and the generic one (a substring's) agree byte for byte; and of
    /// ASCII text, exactly spaces and tabs are horizontal space (the callout shortcut relies on it).
    @Test func stringTrimmingAgreesWithTheGenericOneAtEveryASCIIEnd() {
        for v in UInt8(0)..<0x80 {
            let c = String(UnicodeScalar(v))
            for s in [c + "kind" + c, c, c + c, "a" + c, c + "한", c + "\u{200B}", "\u{A0}" + c + "b"] {
                let generic = ("x" + s + "x").dropFirst().dropLast().trimmingHorizontalSpace()
                #expect(s.trimmingHorizontalSpace().utf8.elementsEqual(generic.utf8), "\(s.debugDescription)")
                let genericAll = ("x" + s + "x").dropFirst().dropLast().trimmingWhitespaceAndNewlines()
                #expect(s.trimmingWhitespaceAndNewlines().utf8.elementsEqual(genericAll.utf8), "\(s.debugDescription)")
            }
            let isHorizontalSpace = v == 0x20 || v == 0x09
            #expect((c + "k" + c).trimmingHorizontalSpace() == (isHorizontalSpace ? "k" : c + "k" + c), "\(v)")
        }
    }

    @Test func mappingASCIIMatchesTheBytesMapped() {
        var random = SplitMix(state: 0xA5C1_0001)
        let transforms: [(UInt8) -> UInt8?] = [
            { $0 },
            { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 },
            { $0 == 0x20 || $0 == 0x2D ? nil : $0 },
            { _ in nil },
        ]
        for _ in 0..<5_000 {
            let count = random.chance(30) ? random.below(60) : random.below(16)
            var bytes = (0..<count).map { _ in UInt8(random.below(0x80)) }
            if random.chance(10), count > 0 { bytes[random.below(count)] = 0xC3; bytes.append(0xA9) }   // é somewhere
            let text = String(decoding: bytes, as: UTF8.self)
            for transform in transforms {
                let mapped = text.mappingASCII(transform)
                if bytes.allSatisfy({ $0 < 0x80 }) {
                    let want = String(decoding: bytes.compactMap(transform), as: UTF8.self)
                    #expect(mapped.map { $0.utf8.elementsEqual(want.utf8) && $0 == want } ?? false, "\(text.debugDescription)")
                } else {
                    #expect(mapped == nil)
                }
            }
        }
    }

    @Test func trimmingWhitespaceAndNewlinesMatchesFoundation() {
        let pads = ["", " ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{00A0}", "\u{2028}", "\u{2029}", "\u{3000}",
                    "\u{200B}", "\u{FEFF}", "\u{1680}", " \n\t\u{2003}"]
        for core in ["", "a", "a b", "한글 제목", "x\ny", "\u{200B}z"] + Self.samples {
            for lead in pads {
                for trail in pads {
                    let s = lead + core + trail
                    #expect(s.trimmingWhitespaceAndNewlines() == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s.debugDescription)")
                }
            }
        }
    }

    @Test func stringFromScalarsMatchesTheScalarView() {
        for s in Self.samples + ["\u{0}", "\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}", "a𝔸b🧠"] {
            let scalars = Array(s.unicodeScalars)
            #expect(String(scalars: scalars) == String(String.UnicodeScalarView(scalars)))
            #expect(Array(String(scalars: scalars).utf8) == Array(s.utf8), "\(s.debugDescription)")
            if scalars.count > 2 {
                #expect(String(scalars: scalars[1..<(scalars.count - 1)]) == String(String.UnicodeScalarView(scalars[1..<(scalars.count - 1)])))
            }
        }
    }

    @Test func percentDecodedMatchesFoundation() {
        for s in Self.samples + ["Pasted%20image%2020250304.png", "%ED%95%9C%EA%B8%80", "100%", "%zz", "a%2", "%", "no escapes.md", "#섹션-1"] {
            #expect(s.percentDecoded == s.removingPercentEncoding, "\(s.debugDescription)")
        }
    }
}

/// The byte shortcuts in Diagnostics answer as the slow forms do.
@Suite struct ByteShortcutTests {
    @Test func asciiOnlyAtEveryLengthAndPosition() {
        for length in 0..<40 {
            let ascii = String(repeating: "a", count: length)
            #expect(ascii.isASCIIOnly)
            for position in 0..<length {
                var scalars = Array(ascii.unicodeScalars)
                scalars[position] = "é"
                let text = String(String.UnicodeScalarView(scalars))
                #expect(!text.isASCIIOnly, "\(length) \(position)")
            }
        }
        #expect(!"노트".isASCIIOnly)
        #expect((NSString(string: "bridged") as String).isASCIIOnly)
        #expect(!(NSString(string: "bridged 한") as String).isASCIIOnly)
    }

    @Test func containsUTF8IsANecessaryConditionOfContains() {
        let texts = ["", "/", "a/b", "https://x.org", "id=3", "<b>", "e\u{301}", "≠", "=\u{338}", "≮", "<\u{338}", "K", "\u{212A}",
                     "노트 - 정리", "name =", "[!note]", "[", "x:/ /", "   "]
        let needles: [(StaticString, String)] = [("/", "/"), ("://", "://"), ("id=", "id="), ("name=", "name="), ("<", "<"),
                                                   ("[", "["), (" ", " "), ("-", "-")]
        for text in texts {
            for (needle, string) in needles {
                if text.contains(string) { #expect(text.containsUTF8(needle), "\(text) \(string)") }
                let bytes = Array(text.utf8)
                let bytesHold = bytes.indices.contains { bytes[$0...].starts(with: string.utf8) }
                #expect(text.containsUTF8(needle) == bytesHold, "\(text) \(string)")
            }
        }
    }

    /// The `memchr` search (anchored on the needle's last punctuation byte, or its last byte)
    /// against a byte-by-byte one, on generated texts dense in partial matches.
    @Test func containsUTF8MatchesAByteByByteSearch() {
        let pieces = ["i", "d", "=", "id", "n", "a", "m", "e", "name", ":", "/", "//", "^", " ", "-", "한", "x", "\n"]
        let needles: [(StaticString, String)] = [("id=", "id="), ("name=", "name="), ("://", "://"), ("^", "^"), ("//", "//"),
                                                   ("nam", "nam"), ("e", "e"), ("a-b", "a-b"), ("=i", "=i")]
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<3_000 {
            let text = (0..<next(16)).map { _ in pieces[next(pieces.count)] }.joined()
            let bytes = Array(text.utf8)
            for (needle, string) in needles {
                let bytesHold = bytes.indices.contains { bytes[$0...].starts(with: string.utf8) }
                #expect(text.containsUTF8(needle) == bytesHold, "\(text.debugDescription) \(string)")
            }
        }
    }
}

/// The byte-level shortcuts of normalisation and trimming against the scalar-level definitions.
@Suite struct NormalizationShortcutTests {
    /// Of ASCII, Foundation's `.whitespaces` holds only space and tab: the key and trimming
    /// shortcuts trim nothing else from an ASCII end.
    @Test func asciiHorizontalSpaceIsSpaceAndTab() {
        for value in UInt8(0)..<0x80 {
            let scalar = Unicode.Scalar(value)
            #expect(CharacterSet.whitespaces.contains(scalar) == (value == 0x20 || value == 0x09), "\(value)")
        }
    }

    @Test func knownNFCIsEveryScalarStable() {
        for s in StringNormalizationTests.samples + ["a\u{AC00}\u{11A8}", "\u{11A8}", "x\u{00A0}", "🧠\u{1F3FD}", "\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}"] {
            #expect(s.isKnownNFC == s.unicodeScalars.allSatisfy { String.isStableInNFC($0.value) }, "\(s.debugDescription)")
            #expect((NSString(string: s) as String).isKnownNFC == s.isKnownNFC)
        }
    }

    /// Both trims against Foundation with every kind of end: tabs, NBSP, ideographic space,
    /// format characters, Korean, NFD, emoji and multi-byte scalars at either end, on strings
    /// and on substrings cut out of longer strings.
    @Test func trimmingEndsAgreeWithFoundation() {
        let ends = ["", " ", "\t", " \t", "\u{00A0}", "\u{3000}", "\u{2003}", "\u{200B}", "\u{FEFF}", "\n", "\r\n", "\u{85}",
                    "한", "e\u{301}", "\u{301}", "🧠", "\u{1F3FD}", "é", "\u{E000}", "\u{10FFFF}", "x"]
        for core in ["", "a", "노트 제목", "cafe\u{301}", "\u{00A0}"] {
            for lead in ends {
                for trail in ends {
                    let s = lead + core + trail
                    #expect(s.trimmingHorizontalSpace() == s.trimmingCharacters(in: .whitespaces), "\(s.debugDescription)")
                    #expect(s.trimmingWhitespaceAndNewlines() == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s.debugDescription)")
                    // Cut at scalars, not Characters: a mark at either end of `s` joins the
                    // Character around it.
                    let wrapped = "한" + s + "🧠"
                    let scalars = wrapped.unicodeScalars
                    let sub = wrapped[scalars.index(after: scalars.startIndex)..<scalars.index(before: scalars.endIndex)]
                    #expect(Array(sub.utf8) == Array(s.utf8))
                    #expect(sub.trimmingHorizontalSpace() == s.trimmingCharacters(in: .whitespaces), "\(s.debugDescription)")
                    #expect(sub.trimmingWhitespaceAndNewlines() == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s.debugDescription)")
                }
            }
        }
    }
}

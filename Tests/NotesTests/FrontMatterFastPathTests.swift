import Diagnostics
import Foundation
import Testing
import TestSupport
@testable import Notes

/// The shortcuts taken while loading front matter (plain scalar typing, the nesting check, the
/// trims) against the general code they stand in for, on hand-picked and generated input:
/// wherever they answer, the answer must be the same in every byte.
@Suite("Front matter fast paths")
struct FrontMatterFastPathTests {
    // MARK: Plain scalars

    static let extraScalars = [
        "", "n", "N", "no", "No", "NO", "nO", "nul", "null", "Null", "NULL", "nULL", "nulls", "t", "true", "True", "TRUE", "tRUE",
        "truex", "y", "yes", "Yes", "YES", "yES", "f", "false", "False", "FALSE", "falsy", "fals", "n\u{303}", "n\u{303}o", "~", "~x",
        "2025-07-07", "2025-07-07 10:54", "2025-07-07T10:54:00+09:00", "2025-07-07 10:54:00 +0900", "2025-07-07x", "2025-13-45",
        "2025-07-07\u{A0}", "2025-07-07\u{3000}", "1234-", "12345-", "1234", "123-4", "0001-01-01", "9999-12-31T23:59:60Z",
        "2025-7-7", "0x1F", "0X1F", "0o17", "0b1", "+", "-", ".", "+.", "-.", "1.", ".1", "1e5", "1E+5", "1e-5", "1_000",
        "1,000", "12:30", "\u{FF11}", "١٢٣", "Ⅻ", "한국어", "가", "e\u{301}", "K", "\u{212A}", ";", "\u{37E}", "`", "\u{1FEF}",
        "Topic Number 2763 Method", "nlp", "dl", "NaN", ".NaN", ".nan", ".Inf", "-.inf", "+.INF", "inf", "Infinity",
    ]

    /// Seeded random short strings over an alphabet of the characters that decide a type.
    static func randomScalars(count: Int, seed: UInt64) -> [String] {
        var random = SplitMix(state: seed)
        let alphabet = ["0", "1", "9", "-", "+", ".", "e", "E", "x", "o", "n", "N", "u", "l", "t", "r", "y", "s", "f", "a", "T",
                        "Y", "F", "~", ":", " ", "Z", "i", "\u{301}", "가", "\u{A0}"]
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...11, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
        }
    }

    @Test func plainValueAgreesWithTryingEveryType() {
        let texts = YAMLFastPathTests.scalars + YAMLFastPathTests.flowItems + Self.extraScalars
            + Self.randomScalars(count: 20_000, seed: 11)
        var failures: [String] = []
        for text in texts {
            let fast = YAMLFrontMatter.plainValue(text)
            let general = YAMLFrontMatter.typedPlainValue(text)
            if !YAMLFastPathTests.sameValue(fast, general) { failures.append("\(text.debugDescription): \(fast) vs \(general)") }
        }
        #expect(failures.count == 0, "\(failures.prefix(5))")
    }

    // MARK: Nesting

    /// Whenever the shortcut says a text is too short to nest too deeply, the full scan agrees.
    @Test func nestingShortcutNeverHidesAProblem() {
        var random = SplitMix(state: 5)
        let pieces = ["[", "{", "]", "}", " ", "-", "- ", "\n", "\n  ", "\"", "'", "#", "a", "key: ", String(repeating: "[", count: 40),
                      String(repeating: " ", count: 60), String(repeating: "-", count: 60)]
        var texts = [String(repeating: "[", count: 129), "a: " + String(repeating: "[", count: 129), String(repeating: "-", count: 256),
                     String(repeating: "-", count: 257), String(repeating: "[", count: 128) + "\n" + String(repeating: " ", count: 128)]
        for _ in 0..<5_000 {
            var text = ""
            while text.utf8.count < Int.random(in: 200...300, using: &random) { text += pieces.randomElement(using: &random)! }
            texts.append(text)
        }
        var shortcuts = 0
        var problems = 0
        for text in texts {
            var copy = text
            copy.withUTF8 { bytes in
                let problem = YAMLFrontMatter.nestingProblem(bytes)
                if problem != nil { problems += 1 }
                if YAMLFrontMatter.isTooShortToNestTooDeeply(bytes) {
                    shortcuts += 1
                    #expect(problem == nil, "\(text.debugDescription)")
                }
            }
        }
        // Both kinds of text are common in the mix, so the property is really exercised.
        #expect(shortcuts > 500)
        #expect(problems > 10)
        #expect(throws: FrontMatterProblem.self) { try YAMLFrontMatter.checkNesting(String(repeating: "-", count: 257)) }
        #expect(throws: FrontMatterProblem.self) { try YAMLFrontMatter.checkNesting("a: " + String(repeating: "[", count: 129)) }
        #expect(throws: Never.self) { try YAMLFrontMatter.checkNesting(String(repeating: "-", count: 256)) }
    }

    // MARK: Trims

    static let trimSamples: [String] = {
        let ends = ["", "a", "Z", "1", "#", "~", "가", "é", "e\u{301}", " ", "\t", "\n", "\r", "\u{0}", "\u{1F}", "\u{7F}", "\u{85}",
                    "\u{A0}", "\u{1680}", "\u{2003}", "\u{200B}", "\u{2028}", "\u{3000}", "\u{FEFF}", "\u{E000}", "😀", "\u{301}"]
        var samples: [String] = []
        for first in ends {
            for last in ends {
                samples += [first + last, first + "mid" + last, first + " 중간 " + last, first + first + "x" + last + last]
            }
        }
        return samples
    }()

    @Test func trimsAgreeWithTheSharedHelpers() {
        for text in Self.trimSamples {
            #expect(text.trimmingHorizontalSpaceIfNeeded().utf8.elementsEqual(text.trimmingHorizontalSpace().utf8), "\(text.debugDescription)")
            #expect(text.trimmingWhitespaceAndNewlinesIfNeeded().utf8.elementsEqual(text.trimmingWhitespaceAndNewlines().utf8),
                    "\(text.debugDescription)")
        }
    }
}

import Foundation
import Markdown
import Testing

/// `HTML.escape` and `HTML.escapeAttribute` against the rule written out the slow way, on every
/// ASCII character, on Korean and emoji around them, and on long text whose only special
/// character comes last (the quick test for "nothing to escape" must look at every byte).
@Suite struct HTMLEscapingTests {
    static func reference(_ text: String, apostrophe: Bool) -> String {
        var out = ""
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'" where apostrophe: out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    static let samples: [String] = {
        var samples = ["", "plain", "손실함수 L", "a & b", "<b>", "x > y", "\"quoted\"", "it's", "🙂&🙂", "&amp;", "'\"<>&"]
        for byte in 0..<128 {
            let c = String(UnicodeScalar(UInt8(byte)))
            samples += [c, "앞" + c + "뒤", String(repeating: "가나다 abc ", count: 40) + c]
        }
        samples.append(String(repeating: "a", count: 100_000) + "&")
        samples.append(String(String(repeating: "é<", count: 10).dropFirst(3)))
        return samples
    }()

    @Test func textAndAttributeEscaping() {
        for sample in Self.samples {
            #expect(HTML.escape(sample) == Self.reference(sample, apostrophe: false), "\(sample.prefix(40))")
            #expect(HTML.escapeAttribute(sample) == Self.reference(sample, apostrophe: true), "\(sample.prefix(40))")
        }
    }

    @Test func bridgedTextIsEscapedToo() {
        let bridged = NSString(string: "a'b<c>&\"d 한글") as String
        #expect(HTML.escapeAttribute(bridged) == "a&#39;b&lt;c&gt;&amp;&quot;d 한글")
        #expect(HTML.escape(bridged) == "a'b&lt;c&gt;&amp;&quot;d 한글")
    }
}

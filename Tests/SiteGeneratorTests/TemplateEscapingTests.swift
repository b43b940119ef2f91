import Mustache
import SiteGenerator
import Testing

/// The templates' escaping (`HTMLEscaping.attribute`, installed by `Theme`) writes what
/// swift-mustache's own HTML escaping writes, where that one is right.
@Suite struct TemplateEscapingTests {
    @Test func sameAsSwiftMustache() throws {
        let template = try MustacheTemplate(string: "{{x}}")
        for text in ["", "plain", "a < b > c & d", "\"quoted\" and 'single'", "<script>alert('x')</script>", "변분 & 오토인코더 <VAE>",
                     "&amp; already", "emoji 👍🏽 <b>", "\r\n<\r\n>", "tab\t&\u{00A0}nbsp"] {
            #expect(HTMLEscaping.attribute(text) == template.render(["x": text]), "\(text.debugDescription)")
        }
    }

    @Test func aQuoteWithACombiningMarkIsStillEscaped() {
        // One Character for Swift, which swift-mustache's lookup misses; an attribute value
        // must never see a bare quote.
        #expect(HTMLEscaping.attribute("a\"\u{301}b") == "a&quot;\u{301}b")
    }
}

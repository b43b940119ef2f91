@testable import SiteGenerator
import Markdown
import Testing

/// The Mustache engine the theme renders with (`TemplateParser`, `TemplateLibrary`): each rule
/// of the spec it implements, and its errors with their positions.
@Suite struct TemplateEngineTests {
    func render(_ template: String, _ context: TemplateContext = [:], partials: [String: String] = [:]) throws -> String {
        var sources = partials
        sources["main"] = template
        let library = try TemplateLibrary(sources: sources)
        return try #require(try library.render("main", context))
    }

    func syntaxError(_ template: String, partials: [String: String] = [:]) -> TemplateLibraryError? {
        var sources = partials
        sources["main"] = template
        do {
            _ = try TemplateLibrary(sources: sources)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Interpolation

    @Test func interpolationEscapesFiveCharacters() throws {
        let context: TemplateContext = ["x": "<a href=\"x\">Tom & Jerry's</a>", "n": 42, "b": true, "d": .double(2.5)]
        #expect(try render("{{x}}", context) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        #expect(try render("{{{x}}}|{{& x}}", context) == "<a href=\"x\">Tom & Jerry's</a>|<a href=\"x\">Tom & Jerry's</a>")
        #expect(try render("{{n}} {{b}} {{d}}", context) == "42 true 2.5")
        #expect(try render("[{{missing}}][{{{missing}}}]", context) == "[][]")
        #expect(try render("{{  x  }}", ["x": "가"]) == "가")
    }

    @Test func dottedNamesResolveTheFirstPartUpTheStackAndTheRestInside() throws {
        let context: TemplateContext = [
            "a": ["b": ["c": "deep"]],
            "outer": "O",
            "list": [["name": "one"], ["name": "two", "outer": "shadow"]],
        ]
        #expect(try render("{{a.b.c}}", context) == "deep")
        #expect(try render("[{{a.x.c}}][{{a.b.c.d}}]", context) == "[][]")
        #expect(try render("{{#list}}{{name}}:{{outer}} {{/list}}", context) == "one:O two:shadow ")
        // `a.b` is found in `a`; if `a` lacks `b`, the outer stack is not asked again.
        #expect(try render("{{#a}}{{#b}}{{a.b.c}}{{/b}}{{/a}}", context) == "deep")
        #expect(try render("{{#list}}{{.}}{{/list}}|{{#s}}{{.}}{{/s}}", ["list": ["x", "y"], "s": "str"]) == "xy|str")
        // Lists interpolated show their items; objects show nothing.
        #expect(try render("{{l}}|{{o}}", ["l": ["a", 1, true], "o": ["k": "v"]]) == "a, 1, true|")
    }

    // MARK: Sections

    @Test func sectionsFollowTruthiness() throws {
        let context: TemplateContext = ["t": true, "f": false, "empty": [], "s": "", "zero": 0, "obj": ["k": "v"],
                                        "items": [["k": "1"], ["k": "2"]]]
        #expect(try render("{{#t}}T{{/t}}{{#f}}F{{/f}}{{#missing}}M{{/missing}}{{#empty}}E{{/empty}}", context) == "T")
        // An empty string and 0 are present, hence true (absent values are left out instead).
        #expect(try render("{{#s}}S{{/s}}{{#zero}}Z{{/zero}}", context) == "SZ")
        #expect(try render("{{#obj}}{{k}}{{/obj}}", context) == "v")
        #expect(try render("{{#items}}<{{k}}>{{/items}}", context) == "<1><2>")
        #expect(try render("{{^f}}notF{{/f}}{{^missing}}notM{{/missing}}{{^empty}}notE{{/empty}}{{^t}}X{{/t}}{{^items}}Y{{/items}}", context)
                == "notFnotMnotE")
        // A boolean section does not push itself: `.` is still the enclosing value.
        #expect(try render("{{#obj}}{{#t}}{{k}}{{/t}}{{/obj}}", context) == "v")
    }

    @Test func nestedSectionsOfTheSameName() throws {
        let context: TemplateContext = ["a": ["a": ["x": "inner"], "x": "middle"], "x": "outer"]
        #expect(try render("{{#a}}{{#a}}{{x}}{{/a}}{{x}}{{/a}}{{x}}", context) == "innermiddleouter")
    }

    // MARK: Whitespace

    @Test func standaloneTagsRemoveTheirWholeLine() throws {
        let context: TemplateContext = ["t": true, "items": ["a", "b"]]
        #expect(try render("<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n</ul>\n", context) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
        #expect(try render("x\r\n{{#t}}\r\ny\r\n{{/t}}\r\nz", context) == "x\r\ny\r\nz")
        // First line, last line without a newline, comments and set-delimiter tags too.
        #expect(try render("{{#t}}\nA\n  {{/t}}", context) == "A\n")
        #expect(try render("a\n  {{! a comment\n spanning lines }}  \nb", context) == "a\nb")
        #expect(try render("a\n{{=<% %>=}}\n<%t%>\n", context) == "a\ntrue\n")
        // Not alone on its line: the whitespace and newline stay.
        #expect(try render(" {{#t}}x{{/t}} \n", context) == " x \n")
        #expect(try render("a {{#t}}\nb\n{{/t}} c", context) == "a \nb\n c")
        // An interpolation never stands alone.
        #expect(try render("  {{missing}}\n", context) == "  \n")
    }

    @Test func setDelimitersLastUntilChangedBack() throws {
        let context: TemplateContext = ["x": "<X>", "t": true]
        #expect(try render("{{=<% %>=}}<% x %> {{x}} <%{ x }%> <%& x%><%={{ }}=%> {{x}}", context) == "&lt;X&gt; {{x}} <X> <X> &lt;X&gt;")
        #expect(try render("{{=| |=}}|#t||x||/t|", context) == "&lt;X&gt;")
        #expect(try render("{{#t}}{{=[ ]=}}[x][/t]", context) == "&lt;X&gt;")
    }

    // MARK: Partials

    @Test func partialsSeeTheCallersContext() throws {
        let context: TemplateContext = ["name": "VAE", "items": [["name": "a"], ["name": "b"]]]
        #expect(try render("[{{> p}}]{{#items}}({{> p}}){{/items}}", context, partials: ["p": "{{name}}"]) == "[VAE](a)(b)")
    }

    @Test func standalonePartialIndentsEachLineOfItsTemplateButNotOfValues() throws {
        let partial = "<li>\n  {{text}}\n</li>\n"
        let out = try render("<ul>\n    {{> item}}\n</ul>\n", ["text": "one\ntwo"], partials: ["item": partial])
        #expect(out == "<ul>\n    <li>\n      one\ntwo\n    </li>\n</ul>\n")
        // Nested standalone partials add up their indentation.
        let nested = try render("  {{> outer}}\n", [:], partials: ["outer": "o\n  {{> inner}}\n", "inner": "i\n"])
        #expect(nested == "  o\n    i\n")
        // Not standalone: no indentation.
        #expect(try render("x {{> item}}", ["text": "t"], partials: ["item": "a\nb\n"]) == "x a\nb\n")
    }

    @Test func recursivePartialsFollowTheData() throws {
        // Leaves say they have no children: otherwise `children` is found further up the stack.
        let tree: TemplateContext = ["name": "root", "children": [["name": "a", "children": [["name": "a1", "children": []]]], ["name": "b", "children": []]]]
        let out = try render("{{> node}}", tree, partials: ["node": "{{name}}{{#children}}({{> node}}){{/children}}"])
        #expect(out == "root(a(a1))(b)")
    }

    @Test func aPartialIncludingItselfForeverIsAnErrorNotACrash() throws {
        let library = try TemplateLibrary(sources: ["main": "{{> loop}}", "loop": "x{{> loop}}"])
        #expect(throws: TemplateRenderError.self) { try library.render("main", [:]) }
        let theme = try Theme(files: DefaultThemeFiles.all(of: try Theme.builtIn()).merging(["partials/toc.mustache": "{{> partials/toc}}"]) { $1 })
        let error = #expect(throws: SiteError.self) { try Fixture.render(Fixture.input(), theme: theme) }
        #expect(error?.message.contains("partials/toc") == true)
    }

    // MARK: Inheritance

    @Test func parentsAndBlocks() throws {
        let partials = [
            "base": "<title>{{$title}}Default{{/title}}</title>\n<main>{{$body}}{{/body}}</main>",
            "middle": "{{<base}}{{$title}}Middle{{/title}}{{$body}}middle body{{/body}}{{/base}}",
        ]
        #expect(try render("{{<base}}{{$body}}{{x}}{{/body}}{{/base}}", ["x": "<b>"], partials: partials)
                == "<title>Default</title>\n<main>&lt;b&gt;</main>")
        // The caller's block wins over the parent's own, at every level.
        #expect(try render("{{<middle}}{{$title}}Top{{/title}}{{/middle}}", [:], partials: partials)
                == "<title>Top</title>\n<main>middle body</main>")
        // A block outside any parent renders its default.
        #expect(try render("{{$b}}default{{/b}}", [:]) == "default")
        // Text between a parent's blocks means nothing.
        #expect(try render("{{<base}}ignored{{$title}}T{{/title}}{{/base}}", [:], partials: partials) == "<title>T</title>\n<main></main>")
    }

    // MARK: Errors

    @Test func errorsNameTheTagAndItsPosition() {
        func check(_ template: String, _ line: Int, _ column: Int, _ message: String,
                   partials: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) {
            let error = syntaxError(template, partials: partials)
            #expect(error?.template == "main", sourceLocation: sourceLocation)
            #expect(error?.error.line == line, "\(error?.error.message ?? "no error")", sourceLocation: sourceLocation)
            #expect(error?.error.column == column, "\(error?.error.message ?? "no error")", sourceLocation: sourceLocation)
            #expect(error?.error.message.contains(message) == true, "\(error?.error.message ?? "no error")", sourceLocation: sourceLocation)
        }
        check("a\n  {{#open}}\nb", 2, 3, "section {{#open}} is never closed")
        check("{{#a}}\n{{^b}}\n{{/a}}", 3, 1, "does not match the open section {{^b}} from line 2")
        check("ok\n{{/stray}}", 2, 1, "has no open section")
        check("한국어 {{name", 1, 5, "never closed")
        check("x {{upper(name)}}", 1, 3, "transforms")
        check("{{% CONTENT_TYPE: TEXT}}", 1, 1, "pragmas")
        check("\n{{>*dynamic}}", 2, 1, "dynamic partials")
        check("{{=<%%>=}}", 1, 1, "set-delimiter")
        check("{{}}", 1, 1, "without a name")
        check("{{bad name}}", 1, 1, "cannot contain spaces")
        check("{{a..b}}", 1, 1, "malformed name")
        check("line\n  가 {{> nowhere}}", 2, 5, "partial 'nowhere' does not exist")
        check("{{<nowhere}}{{/nowhere}}", 1, 1, "partial 'nowhere' does not exist")
    }
}

@Suite struct PageBytesTests {
    /// A page's content is trimmed as bytes exactly as the String form trims it.
    @Test func trailingNewlinesTrimmedAsCharacters() {
        var texts = ["", "a", "a\n", "a\n\n", "a\r\n", "a\r", "a\r\r\n", "\n\r\n\n", "한글\n", "a\n\r", "\r\n\r\n"]
        // Every string of up to six of `a`, `\r`, `\n`.
        var level = [""]
        for _ in 0..<6 {
            level = level.flatMap { prefix in ["a", "\r", "\n"].map { prefix + $0 } }
            texts += level
        }
        for text in texts {
            let page = PageBytes(capacity: 0)
            page.append(text)
            page.trimTrailingNewlines()
            #expect(String(decoding: page.bytes, as: UTF8.self) == SiteGenerator.trimmingTrailingNewlines(text), "\(text.debugDescription)")
        }
    }

    /// Escaping into bytes gives what escaping into a String gives.
    @Test func attributeEscapingIntoBytes() {
        for text in ["", "plain", "a&b<c>d\"e'f", "&&&", "'", "끝'", "<p>변분 & 'x'</p>", String(repeating: "ab", count: 500) + "&"] {
            let out = PageBytes(capacity: 0)
            out.append("@")
            out.appendEscaped(text)
            #expect(String(decoding: out.bytes, as: UTF8.self) == "@" + HTML.escapeAttribute(text), "\(text.prefix(20))")
        }
    }
}

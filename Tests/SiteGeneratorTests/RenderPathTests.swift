import Foundation
import Notes
@testable import SiteGenerator
import Testing
import TestSupport

/// The render path's fast ways: pages and their content rendered in place into the arrays
/// they are handed on as, lookups that skip stack levels by their names'
/// fingerprint bits, and the writer's folder of a path. Each is checked against the plain way.
@Suite struct RenderPathTests {
    // MARK: - PageBytes writing into lent memory

    /// Appends of random sizes into lent memory of random sizes: the bytes are the same as an
    /// owned buffer's; the memory holds them as long as they fit, and is left alone after.
    @Test func writingIntoLentMemoryMatchesOwnedBuffer() {
        var rng = SplitMix(state: 2026_11_30)
        for round in 0..<300 {
            let room = rng.below(200)
            var memory = [UInt8](repeating: 0xEE, count: room + 1)
            let pieces = (0..<rng.below(12)).map { _ in rng.pick(["", "a", "<&>", "변분", String(repeating: "x", count: rng.below(80))]) }
            let owned = PageBytes(capacity: 0)
            var expectedInPlace = true
            memory.withUnsafeMutableBufferPointer { whole in
                let lent = PageBytes(writingInto: UnsafeMutableBufferPointer(rebasing: whole[0..<room]))
                var written = 0
                for (i, piece) in pieces.enumerated() {
                    if i % 2 == 0 { lent.append(piece); owned.append(piece) } else { lent.appendEscaped(piece); owned.appendEscaped(piece) }
                    written = owned.count
                    if written > room { expectedInPlace = false }
                }
                #expect(lent.bytes == owned.bytes, "round \(round)")
                // No memory lent (room 0): the buffer has its own from the start.
                #expect(lent.wroteInPlace == (room > 0 && expectedInPlace), "round \(round): \(written) bytes into \(room)")
                if lent.wroteInPlace { #expect(Array(whole[0..<lent.count]) == owned.bytes, "round \(round)") }
            }
            #expect(memory[room] == 0xEE, "round \(round): wrote past the lent memory")
        }
    }

    // MARK: - Pages rendered into their arrays

    /// Pages through the whole generator with layouts that use the content in odd ways, and
    /// pages large enough (and growing) that the content and the layout outgrow the room made
    /// for them, so both the in-place and the spilled way run: the pages are what the
    /// templates say.
    @Test func layoutsAroundContentOfEverySize() throws {
        let base = DefaultThemeFiles.all(of: try Theme.builtIn())
        let layouts = [
            "{{{content}}}",
            "<main>{{{content}}}</main>\n{{{content}}}",
            "{{#content}}[{{content}}]{{/content}}{{^content}}empty{{/content}}",
            "head {{page.title}}\n{{{content}}}\n" + String(repeating: "{{site.title}} ", count: 3000),
        ]
        for layout in layouts {
            var files = base
            files["layout.mustache"] = layout
            files["note.mustache"] = "{{{note.bodyHTML}}}\n\n"
            let theme = try Theme(files: files)
            var notes: [NotePage] = []
            for (i, size) in [0, 1, 10, 5000, 20000, 70000, 3, 200000, 17].enumerated() {
                let body = String(repeating: "<p>본문 & 'x'</p>\n", count: size / 20 + (size > 0 ? 1 : 0))
                notes.append(NotePage(path: NotePath("n\(i).md"), permalink: Permalink("n\(i)/"), title: "N\(i)", bodyHTML: body))
            }
            let input = SiteInput(title: "T & 'U'", notes: notes)
            let out = try Fixture.render(input, theme: theme)
            for note in notes {
                let content = SiteGenerator.trimmingTrailingNewlines(note.bodyHTML)
                let expected = try theme.render("layout", [
                    "content": .string(content), "page": ["title": .string(note.title)], "site": ["title": "T & 'U'"],
                ])
                #expect(Fixture.text(out, note.permalink.outputFile) == expected, "\(note.title) with \(layout.prefix(20).debugDescription)")
            }
        }
    }

    /// A note's body reaches its template as bytes (`NotePage.bodyUTF8`, a `.bytes` value):
    /// raw, escaped, as a section and trimmed, it must come out as the string `bodyHTML` would.
    @Test func noteBodiesAsBytesAsStrings() throws {
        var files = DefaultThemeFiles.all(of: try Theme.builtIn())
        files["layout.mustache"] = "{{{content}}}"
        files["note.mustache"] = "[{{{note.bodyHTML}}}]({{note.bodyHTML}}){{#note.bodyHTML}}+{{/note.bodyHTML}}{{^note.bodyHTML}}-{{/note.bodyHTML}}\n"
        let theme = try Theme(files: files)
        let bodies = ["", "\n", "\r\n\n", "<p>본문 & 'x' \"q\"</p>\n", "<p>\u{1112}\u{1161}\u{11AB}e\u{301}</p>\r\n",
                      "\u{0600}\n", "<p>끝</p>\n\n\n", String(repeating: "<p>긴 문장 <b>&amp;</b></p>\n", count: 400)]
        var notes: [NotePage] = []
        for (i, body) in bodies.enumerated() {
            notes.append(NotePage(path: NotePath("n\(i).md"), permalink: Permalink("n\(i)/"), title: "N\(i)", bodyHTML: body))
            #expect(notes[i].bodyUTF8 == Array(body.utf8))
            #expect(notes[i].bodyHTML == body)
        }
        let out = try Fixture.render(SiteInput(title: "T", notes: notes), theme: theme)
        for (note, body) in zip(notes, bodies) {
            let content = SiteGenerator.trimmingTrailingNewlines(body)
            // The layout takes the note template's page trimmed, as it takes every page.
            let expected = try theme.render("note", ["note": ["bodyHTML": .string(content)]]).map(SiteGenerator.trimmingTrailingNewlines)
            #expect(Fixture.text(out, note.permalink.outputFile) == expected, "\(body.debugDescription)")
        }
    }

    // MARK: - Content rendered where the layout writes it

    /// A page the way pages were rendered before the template was rendered inside its layout:
    /// the template alone, its trailing newlines trimmed, then the layout with the bytes as
    /// `content`; with what the template wrote before (`written`) and after trimming (`kept`).
    static func pageRenderedInTurn(_ library: TemplateLibrary, _ template: String,
                                   _ context: TemplateContext) throws -> (page: [UInt8], written: Int, kept: Int) {
        let content = try #require(try library.renderBytes(template, context))
        let kept = SiteGenerator.trimmingTrailingNewlines(content)
        var values = context
        values["content"] = .bytes(kept)
        return (try #require(try library.renderBytes("layout", values)), content.count, kept.count)
    }

    /// Random layouts that write `content` raw, escaped, twice, inside sections (`{{{.}}}`
    /// there), behind partials, inverted, as `.` at the top, or not at all, around random
    /// templates (which may write a `content` of the page's own, or `.`) ending in newlines
    /// or not: the page is byte for byte the page rendered in turn, and so are the sizes.
    @Test func contentRenderedInPlaceMatchesContentRenderedFirst() throws {
        var rng = SplitMix(state: 2026_12_02)
        let layoutParts = ["{{{content}}}", "{{content}}", "{{&content}}", "[{{#content}}<{{{.}}}|{{.}}>{{/content}}]",
                           "{{^content}}none{{/content}}", "{{> show}}", "\n{{> show}}\n", "{{#page}}{{{content}}}{{/page}}",
                           "{{#list}}({{{content}}}){{/list}}", "{{.}}", "{{#.}}{{title}}{{/.}}", "<{{title}}>", "\n", "{{content.x}}", "x"]
        let templateParts = ["<p>본문 & 'x'</p>", "{{title}}", "{{{content}}}", "{{.}}", "\n", "\r\n", "\r", "\n\n",
                             "{{#list}}-{{.}}{{/list}}", "{{> show}}", String(repeating: "긴 글 ", count: 300)]
        for round in 0..<1500 {
            let layout = (0..<rng.below(6)).map { _ in rng.pick(layoutParts) }.joined()
            let template = (0..<rng.below(6)).map { _ in rng.pick(templateParts) }.joined()
            var context: TemplateContext = ["title": "T & 'U'", "page": ["title": "P"], "list": ["a", "b"]]
            if rng.chance(30) { context["content"] = .string(rng.pick(["own <content>", ""])) }
            let library = try TemplateLibrary(sources: ["layout": layout, "t": template, "show": "«{{{content}}}»"])
            let expected = try Self.pageRenderedInTurn(library, "t", context)
            // Lent memory too small and large enough: the page is the same either way.
            for room in [0, 16, 1 << 16] {
                var memory = [UInt8](repeating: 0, count: room)
                let page = try memory.withUnsafeMutableBufferPointer { memory in
                    let out = PageBytes(writingInto: memory)
                    let sizes = try library.render(number: library.number(of: "t")!, inLayout: library.number(of: "layout")!, context, into: out)
                    #expect(sizes.written == expected.written && sizes.kept == expected.kept, "round \(round): sizes")
                    return out.bytes
                }
                #expect(page == expected.page, """
                    round \(round), room \(room): layout \(layout.debugDescription), template \(template.debugDescription)
                    got \(String(decoding: page, as: UTF8.self).debugDescription)
                    expected \(String(decoding: expected.page, as: UTF8.self).debugDescription)
                    """)
                if page != expected.page { return }
            }
        }
    }

    /// A template that includes itself without end fails the page with its own error, as it
    /// did when it was rendered before the layout, whether the layout writes it, fails first,
    /// or never writes it.
    @Test func contentErrorsComeFirst() throws {
        for layout in ["{{{content}}}", "{{> loop}}{{{content}}}", "no content", "{{content}}"] {
            let library = try TemplateLibrary(sources: ["layout": layout, "t": "a{{> t}}", "loop": "{{> loop}}"])
            var message: String?
            do {
                _ = try library.render(number: library.number(of: "t")!, inLayout: library.number(of: "layout")!, [:], into: PageBytes(capacity: 0))
            } catch {
                message = error.message
            }
            #expect(message?.contains("'t' includes 't'") == true, "\(layout): \(message ?? "no error")")
        }
    }

    // MARK: - Lookups past levels by fingerprint bits

    /// Names whose fingerprints share a bit with a name a level lacks must fall through to the
    /// level below, and a level that has the name must answer, whatever its size (with or
    /// without its fingerprint table) and whatever else is on the stack (strings, lists).
    @Test func lookupsFallThroughLevelsThatShareBitsButNotNames() throws {
        let target = "title"
        let bit = TemplateObject.bit(TemplateObject.fingerprint(target))
        var sameBit: [String] = []
        var i = 0
        while sameBit.count < 40 {
            let name = "n\(i)"
            if TemplateObject.bit(TemplateObject.fingerprint(name)) == bit { sameBit.append(name) }
            i += 1
        }
        let first = sameBit[0]
        for size in [1, 5, TemplateObject.indexedCount, TemplateObject.indexedCount + 1, 40] {
            var inner = TemplateObject()
            for name in sameBit.prefix(size) { inner[name] = .string("inner-\(name)") }
            #expect(inner.printBits & bit != 0)
            var withTitle = inner
            withTitle[target] = "inner-title"
            let context: TemplateObject = [
                "title": "outer-title", "inner": .object(inner), "withTitle": .object(withTitle),
                "words": ["w1", "w2"], "deep": ["inner": .object(inner)],
            ]
            let library = try TemplateLibrary(sources: ["t": """
                {{#inner}}{{title}}/{{\(first)}}/{{missing}}{{#words}}<{{.}}:{{title}}:{{\(first)}}>{{/words}}{{/inner}}
                {{#withTitle}}{{title}}{{#inner}}{{title}}{{/inner}}{{/withTitle}}
                {{deep.inner.title}}|{{deep.inner.\(first)}}|{{#deep}}{{inner.title}}{{title}}{{/deep}}
                {{^inner.title}}no{{/inner.title}}
                """])
            let rendered = try library.render("t", context)
            #expect(rendered == """
                outer-title/inner-\(first)/<w1:outer-title:inner-\(first)><w2:outer-title:inner-\(first)>
                inner-titleinner-title
                |inner-\(first)|outer-title
                no
                """, "size \(size)")
        }
    }

    /// Objects far past `indexedCount`, with removals, answer as a dictionary would (the
    /// fingerprint table regrows and is rebuilt).
    @Test func largeObjectsAgreeWithADictionary() {
        var rng = SplitMix(state: 77)
        var object = TemplateObject()
        var reference: [String: Int] = [:]
        let names = (0..<400).map { "k\($0)" } + (0..<100).map { "이름\($0)" } + [""]
        for step in 0..<6000 {
            let name = rng.pick(names)
            if rng.below(5) == 0 {
                object[name] = nil
                reference[name] = nil
            } else {
                object[name] = .int(step)
                reference[name] = step
            }
            if step % 97 == 0 || step > 5900 {
                for probe in names where object[probe]?.text != reference[probe].map(String.init) {
                    Issue.record("step \(step): \(probe) is \(String(describing: object[probe]?.text))")
                    return
                }
            }
        }
        #expect(object.count == reference.count)
    }

    // MARK: - The writer's folder of a path

    /// The folder of every checked path is what splitting on `/`, dropping the last part and
    /// joining gives.
    @Test func folderOfAPathIsTheSplitFolder() {
        var rng = SplitMix(state: 5)
        let parts = ["a", "index.html", "태그", "딥러닝", "x.y", "..a", "e\u{301}", " ", "a b"]
        for _ in 0..<2000 {
            let path = (0..<(1 + rng.below(5))).map { _ in rng.pick(parts) }.joined(separator: "/")
            guard OutputPath.problem(with: path) == nil else { continue }
            let expected = path.split(separator: "/").dropLast().joined(separator: "/")
            #expect(SiteStaging.folder(of: path) == expected, "\(path)")
        }
    }
}

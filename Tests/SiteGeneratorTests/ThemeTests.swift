import Foundation
import Notes
import SiteGenerator
import Testing

@Suite struct ThemeTests {
    @Test func builtInThemeHasEveryRequiredTemplate() throws {
        let theme = try Theme.builtIn()
        for name in Theme.requiredTemplates {
            #expect(theme.templates[name] != nil, "missing \(name)")
        }
        #expect(theme.assets["assets/style.css"] != nil)
        #expect(try Theme.load(overrides: nil).templates == theme.templates)
        #expect(try Theme.load(overrides: URL(fileURLWithPath: "/nonexistent/templates")).templates == theme.templates)
    }

    /// The compiled-in theme must be exactly templates/; run scripts/embed-theme after editing it.
    @Test func embeddedThemeMatchesTemplatesFolder() throws {
        let folder = Fixture.repository.appendingPathComponent("templates").resolvingSymlinksInPath()
        let fromDisk = try Theme.load(overrides: folder)
        let builtIn = try Theme.builtIn()
        var onDisk: [String: [UInt8]] = [:]
        let fm = FileManager.default
        let enumerator = try #require(fm.enumerator(atPath: folder.path))
        while let relative = enumerator.nextObject() as? String {
            let url = folder.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }),
                  fm.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            onDisk[relative.precomposedStringWithCanonicalMapping] = Array(try Data(contentsOf: url))
        }
        var embedded: [String: [UInt8]] = [:]
        for (name, text) in builtIn.templates { embedded[name + ".mustache"] = Array(text.utf8) }
        for (path, bytes) in builtIn.assets { embedded[path] = bytes }
        let stale = Set(onDisk.keys).symmetricDifference(embedded.keys).union(onDisk.keys.filter { onDisk[$0] != embedded[$0] })
        #expect(stale.isEmpty, "DefaultTheme.generated.swift is out of date for \(stale.sorted()); run scripts/embed-theme")
        #expect(fromDisk.templates.keys.sorted() == builtIn.templates.keys.sorted())
    }

    @Test func overridesReplaceOnlyTheirOwnFiles() throws {
        let folder = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<p class=\"mine\">{{note.title}}</p>\n".write(to: folder.appendingPathComponent("note.mustache"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("assets"), withIntermediateDirectories: true)
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: folder.appendingPathComponent("assets/logo.png"))
        try "ignored".write(to: folder.appendingPathComponent(".DS_Store"), atomically: true, encoding: .utf8)

        let theme = try Theme.load(overrides: folder)
        let builtIn = try Theme.builtIn()
        #expect(theme.templates["note"] == "<p class=\"mine\">{{note.title}}</p>\n")
        #expect(theme.templates["layout"] == builtIn.templates["layout"])
        #expect(theme.templates["partials/toc"] == builtIn.templates["partials/toc"])
        #expect(theme.assets["assets/logo.png"] == [0x89, 0x50, 0x4E, 0x47])
        #expect(theme.assets["assets/style.css"] == builtIn.assets["assets/style.css"])

        let files = try Fixture.render(Fixture.input(), theme: theme)
        let note = Fixture.text(files, "dl/vae/index.html")
        #expect(note.contains("<p class=\"mine\">Variational Autoencoder (VAE)</p>"))
        #expect(note.contains("<!doctype html>"), "still wrapped in the built-in layout")
        #expect(files["assets/logo.png"]?.contents == .data([0x89, 0x50, 0x4E, 0x47]))
        #expect(Fixture.text(files, "index.html") == Fixture.text(try Fixture.render(Fixture.input()), "index.html"))
    }

    @Test func overridingAPartialChangesEveryPageUsingIt() throws {
        let folder = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("partials"), withIntermediateDirectories: true)
        try "<li>{{title}}!</li>\n".write(to: folder.appendingPathComponent("partials/note-item.mustache"), atomically: true, encoding: .utf8)
        let files = try Fixture.render(Fixture.input(), theme: try Theme.load(overrides: folder))
        #expect(Fixture.text(files, "index.html").contains("<li>GAN!</li>"))
        #expect(Fixture.text(files, "tags/딥러닝/index.html").contains("<li>GAN!</li>"))
    }

    @Test func brokenTemplateNamesFileAndLine() throws {
        let folder = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("tag.mustache")
        try "<h1>{{tag.name}}</h1>\n<ul>\n{{#unclosed}}\n<li>x</li>\n</ul>\n".write(to: file, atomically: true, encoding: .utf8)
        let error = #expect(throws: ThemeError.self) { try Theme.load(overrides: folder) }
        #expect(error?.file == file.path)
        #expect(error?.line == 3)
        #expect(error?.column == 1)
        #expect(error?.description.hasPrefix(file.path + ":3:1: error: section {{#unclosed}} is never closed") == true)
    }

    @Test func parseErrorsCarryTheirPosition() throws {
        var files = DefaultThemeFiles.all(of: try Theme.builtIn())
        files["index.mustache"] = "<p>\n{{#a}}\n  {{/b}}\n{{/a}}\n"
        let mismatch = #expect(throws: ThemeError.self) { try Theme(files: files) }
        #expect(mismatch?.file == "index.mustache")
        #expect(mismatch?.line == 3)
        #expect(mismatch?.message.contains("{{#a}} from line 2") == true)

        files["index.mustache"] = "ok\nok {{bad name!}}\n"
        let malformed = #expect(throws: ThemeError.self) { try Theme(files: files) }
        #expect(malformed?.line == 2)

        files["index.mustache"] = "{{> partials/nope}}\n"
        let partial = #expect(throws: ThemeError.self) { try Theme(files: files) }
        #expect(partial?.message == "partial 'partials/nope' does not exist")
        #expect(partial?.line == 1)

        files["index.mustache"] = nil
        let missing = #expect(throws: ThemeError.self) { try Theme(files: files) }
        #expect(missing?.message.contains("index.mustache") == true)
    }

    @Test func nonUTF8TemplateIsAnError() throws {
        let folder = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data([0x3C, 0xFF, 0xFE]).write(to: folder.appendingPathComponent("404.mustache"))
        let error = #expect(throws: ThemeError.self) { try Theme.load(overrides: folder) }
        #expect(error?.message.contains("UTF-8") == true)
    }

    /// What keeps a phone's page from scrolling sideways and its pictures legible, found by
    /// screenshots at 390 pixels: each rule here fixed a page that broke without it.
    @Test func styleSheetKeepsPhonePagesInTheirColumn() throws {
        let css = String(decoding: try #require(try Theme.builtIn().assets["assets/style.css"]), as: UTF8.self)
        // A long inline formula (no browser breaks one across lines) scrolls in place instead
        // of widening the page to 480 pixels.
        #expect(css.contains(".math.inline > math { max-width: 100%; overflow-x: auto; }"))
        // The note footer's grid column may shrink below its content's min-content width:
        // a wide local graph or a long URL in a backlink used to widen the page.
        #expect(css.contains("grid-template-columns: minmax(0, 1fr);"))
        // The local graph's figure scrolls around the picture's min-width (four fifths of its
        // drawn width, on the SVG) rather than letting it out of the box.
        #expect(css.contains(".ng-graph-small { overflow-x: auto; }"))
        // Code in a table cell stays whole: `overflow-wrap: anywhere` shrank a column of
        // folder names to `basi` / `cs/`.
        #expect(css.contains("th > code, td > code { overflow-wrap: normal; }"))
        // A note list's title may shrink below its longest word (a Korean title is one word
        // under keep-all) and wrap, instead of widening the index and tag pages.
        #expect(css.contains(".note-item > .note-link { min-width: 0; }"))
        #expect(css.contains(".note-index { display: grid; grid-template-columns: minmax(0, 1fr);"))
    }
}

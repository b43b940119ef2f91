import Foundation
import NoteGraph
import Testing

/// A page per folder of published notes: its notes, its subfolders, the way up; linked from the
/// index and from each note's folder line; absent where another page has the folder's URL.
@Suite struct FolderPageTests {
    func build(_ files: [String: String], baseURL: String? = nil) throws -> (TempDir, URL) {
        let dir = TempDir()
        for (path, text) in files { try dir.write("content/" + path, text) }
        var config = ProjectConfig()
        config.baseURL = baseURL
        let site = dir.url.appendingPathComponent("site")
        let report = try BuildPipeline.run(BuildOptions(content: dir.url.appendingPathComponent("content"), output: site,
                                                        templates: nil, config: config, includeDrafts: false))
        #expect(report.wroteSite)
        return (dir, site)
    }

    static let vault = [
        "top.md": "# Top\n",
        "dl/d.md": "# D\n",
        "dl/gan/g.md": "# G\n",
        "dl/gan/h.md": "# H\n",
        "한글/폴더/k.md": "# K\n",
        "x/index.md": "# X home\n",
        "x/y.md": "# Y\n",
        "tags/t.md": "# T\n",
        "secret/s.md": "---\ndraft: true\n---\n# S\n",
        "dl/hidden/h.md": "---\npublish: false\n---\n# Hidden\n",
    ]

    @Test func eachFolderHasAPage() throws {
        let (dir, site) = try build(Self.vault)
        _ = dir
        let dl = try site.appendingPathComponent("dl/index.html").read()
        #expect(dl.contains("<h1 class=\"folder-title\">dl</h1>"))
        // Three notes at any depth; one directly inside, and the subfolder with its two.
        #expect(dl.contains("<p class=\"lead\"><span class=\"count\">3</span> notes</p>"), "\(dl)")
        #expect(dl.contains("<li><a href=\"gan/index.html\">gan</a> <span class=\"count\">2</span></li>"), "\(dl)")
        #expect(dl.contains("href=\"d/index.html\""))
        #expect(!dl.contains("g/index.html\">G"), "a subfolder's notes are on its own page")
        let gan = try site.appendingPathComponent("dl/gan/index.html").read()
        #expect(gan.contains("<p class=\"breadcrumb\"><a href=\"../../index.html#ng-all-notes\">All notes</a> / <a href=\"../index.html\">dl</a></p>"), "\(gan)")
        #expect(gan.contains("href=\"g/index.html\"") && gan.contains("href=\"h/index.html\""))
        // A folder of folders only, and Korean names, percent-encoded in hrefs.
        let korean = try site.appendingPathComponent("한글/index.html").read()
        #expect(korean.contains("<a href=\"%ED%8F%B4%EB%8D%94/index.html\">폴더</a> <span class=\"count\">1</span>"))
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("한글/폴더/index.html").path))
    }

    @Test func anotherPageKeepsItsURL() throws {
        let (dir, site) = try build(Self.vault)
        _ = dir
        // `x/index.md` is the page of `x/`; `tags/` is the tag index.
        #expect(try site.appendingPathComponent("x/index.html").read().contains("X home"))
        #expect(!(try site.appendingPathComponent("tags/index.html").read().contains("folder-title")))
        #expect(!(try site.appendingPathComponent("x/index.html").read().contains("folder-title")))
        // An unpublished note makes no folder: no page, no name anywhere.
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("secret").path))
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("dl/hidden").path))
        for file in site.files() where file.hasSuffix(".html") {
            let html = try site.appendingPathComponent(file).read()
            #expect(!html.contains("secret") && !html.contains("hidden/"), "\(file)")
        }
    }

    @Test func theIndexAndNotesLinkTheirFolders() throws {
        let (dir, site) = try build(Self.vault)
        _ = dir
        let index = try site.appendingPathComponent("index.html").read()
        #expect(index.contains("<h3 class=\"folder-name\"><a href=\"dl/gan/index.html\">dl/gan</a> <span class=\"count\">2</span></h3>"))
        #expect(index.contains("<h3 class=\"folder-name\"><a href=\"x/index.html\">x</a>"), "the folder's own note")
        #expect(index.contains("<h3 class=\"folder-name\">tags <span class=\"count\">1</span></h3>"), "no page of its own")
        let g = try site.appendingPathComponent("dl/gan/g/index.html").read()
        #expect(g.contains("<p class=\"breadcrumb note-folders\"><a href=\"../../index.html\">dl</a> / <a href=\"../index.html\">gan</a></p>"), "\(g)")
        let top = try site.appendingPathComponent("top/index.html").read()
        #expect(!top.contains("note-folders"))
        let audit = SiteAudit.audit(site)
        #expect(audit.problems == [])
    }

    /// A Markdown link to a folder (`[dl](dl/)`, `[gan](dl/gan)`, a raw `<a href="dl/">`) leads to
    /// the folder's page, or to the page that has its URL; `check` passes it as the build does.
    /// A folder of drafts alone has no page: the link is broken, in the build and in `check`.
    @Test func linksToAFolderLeadToItsPage() throws {
        var vault = Self.vault
        vault["top.md"] = """
            # Top

            [DL](dl/), [GAN](dl/gan), [폴더](한글/폴더/), [X](x/), [Tags](tags/) and <a href="dl/gan/">raw</a>.

            [Secret](secret/) has drafts only.
            """
        vault["dl/gan/g.md"] = "# G\n\n[Up](../), [the top](../../) and [here](./).\n"
        let (dir, site) = try build(vault)
        let top = try site.appendingPathComponent("top/index.html").read()
        #expect(top.contains("<a href=\"../dl/index.html\">DL</a>"), "\(top)")
        #expect(top.contains("<a href=\"../dl/gan/index.html\">GAN</a>"))
        #expect(top.contains("<a href=\"../%ED%95%9C%EA%B8%80/%ED%8F%B4%EB%8D%94/index.html\">폴더</a>"))
        #expect(top.contains("<a href=\"../x/index.html\">X</a>"), "the folder's own note")
        #expect(top.contains("<a href=\"../tags/index.html\">Tags</a>"), "the page that has the folder's URL")
        #expect(top.contains("<a href=\"../dl/gan/index.html\">raw</a>"))
        #expect(!top.contains("href=\"../secret"), "no page for a folder of drafts")
        #expect(top.contains("title=\"no note at secret/\">Secret</span>"), "marked broken, as written")
        let g = try site.appendingPathComponent("dl/gan/g/index.html").read()
        #expect(g.contains("<a href=\"../../index.html\">Up</a>, <a href=\"../../../index.html\">the top</a> and <a href=\"../index.html\">here</a>"), "\(g)")
        #expect(SiteAudit.audit(site).problems == [])

        let content = dir.url.appendingPathComponent("content")
        let report = try BuildPipeline.run(BuildOptions(content: content, output: site, templates: nil, config: ProjectConfig(),
                                                        includeDrafts: false))
        let checked = try CheckPipeline.run(CheckOptions(content: content, config: ProjectConfig(), configFile: nil,
                                                        includeDrafts: false, external: false, orphans: false,
                                                        scope: .all, workingDirectory: dir.url))
        #expect(report.warnings.map { "\($0.location!): \($0.message)" } == ["top.md:5:1: no note at \"secret/\""])
        #expect(checked.findings.map { "\($0.location): \($0.message)" } == ["top.md:5:1: no note at \"secret/\""])
    }

    /// A link to a folder spelled in another case is broken (the folder page has the folder's
    /// spelling); `check` suggests the spelling, relative to the note, and the build's warning
    /// says the same.
    @Test func aFolderSpelledInAnotherCaseIsSuggested() throws {
        var vault = Self.vault
        vault["top.md"] = "# Top\n\n[DL](DL/) and [gan](Dl/Gan)\n"
        vault["dl/gan/h.md"] = "# H\n\n[up](../../DL/)\n"
        let (dir, site) = try build(vault)
        _ = site
        let content = dir.url.appendingPathComponent("content")
        let report = try BuildPipeline.run(BuildOptions(content: content, output: dir.url.appendingPathComponent("site"), templates: nil,
                                                        config: ProjectConfig(), includeDrafts: false))
        #expect(report.warnings.map { "\($0.location!): \($0.hint ?? "")" } == [
            "dl/gan/h.md:3:1: did you mean ../?",
            "top.md:3:1: did you mean dl/?",
            "top.md:3:15: did you mean dl/gan/?",
        ])
        let checked = try CheckPipeline.run(CheckOptions(content: content, config: ProjectConfig(), configFile: nil,
                                                        includeDrafts: false, external: false, orphans: false,
                                                        scope: .all, workingDirectory: dir.url))
        #expect(checked.findings.map { "\($0.location): \($0.suggestion ?? "")" } == [
            "dl/gan/h.md:3:1: ../",
            "top.md:3:1: dl/",
            "top.md:3:15: dl/gan/",
        ])
    }

    /// Every list of notes and folders reads numbers by value: `2주차` before `10주차`, on the
    /// index, a folder page, a tag page and in backlinks.
    @Test func listsReadNumbersByValue() throws {
        var files: [String: String] = [:]
        for week in [1, 2, 10, 11] {
            files["강의/\(week)주차.md"] = "---\ntags: [주차]\n---\n# \(week)주차\n\n[[요약]]\n"
        }
        files["요약.md"] = "# 요약\n"
        files["강의/10반/a.md"] = "# A\n"
        files["강의/9반/b.md"] = "# B\n"
        let (dir, site) = try build(files)
        _ = dir
        /// The names in the order they first appear on the page, after `from` when given.
        func order(_ page: String, _ names: [String], from: String? = nil) throws -> [String] {
            var html = try site.appendingPathComponent(page).read()
            if let from, let start = html.range(of: from) { html = String(html[start.lowerBound...]) }
            return names.filter { html.contains($0) }.sorted { html.range(of: $0)!.lowerBound < html.range(of: $1)!.lowerBound }
        }
        let weeks = [">1주차<", ">2주차<", ">10주차<", ">11주차<"]
        #expect(try order("강의/index.html", weeks) == weeks)
        #expect(try order("강의/index.html", [">9반<", ">10반<"]) == [">9반<", ">10반<"])
        #expect(try order("tags/주차/index.html", weeks) == weeks)
        #expect(try order("index.html", weeks, from: "<section class=\"recent\">") == weeks, "undated: by path")
        #expect(try order("index.html", weeks, from: "<section class=\"all-notes\"") == weeks)
        #expect(try order("index.html", [">강의/9반<", ">강의/10반<"]) == [">강의/9반<", ">강의/10반<"])
        #expect(try order("요약/index.html", weeks, from: "<section class=\"backlinks\">") == weeks)
    }

    @Test func theSitemapListsThem() throws {
        let (dir, site) = try build(Self.vault, baseURL: "https://example.org/notes/")
        _ = dir
        let sitemap = try site.appendingPathComponent("sitemap.xml").read()
        #expect(sitemap.contains("<loc>https://example.org/notes/dl/gan/</loc>"))
        #expect(sitemap.contains("<loc>https://example.org/notes/%ED%95%9C%EA%B8%80/</loc>"))
        #expect(sitemap.components(separatedBy: "<loc>https://example.org/notes/x/</loc>").count == 2)
    }

    @Test func koreanLabels() throws {
        let dir = TempDir()
        try dir.write("content/dl/d.md", "# D\n")
        var config = ProjectConfig()
        config.language = .ko
        let site = dir.url.appendingPathComponent("site")
        _ = try BuildPipeline.run(BuildOptions(content: dir.url.appendingPathComponent("content"), output: site,
                                               templates: nil, config: config, includeDrafts: false))
        let dl = try site.appendingPathComponent("dl/index.html").read()
        #expect(dl.contains("<p class=\"lead\">노트 <span class=\"count\">1</span>개</p>"), "\(dl)")
        #expect(dl.contains(">전체 노트</a>"))
    }
}

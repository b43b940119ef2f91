import Diagnostics
import Foundation
import NoteGraph
import Testing

/// Builds `dir`'s content/ into its site/ with the default configuration: the report, and
/// where the site went.
private func buildVault(in dir: TempDir) throws -> (report: BuildReport, site: URL) {
    let out = dir.url.appendingPathComponent("site")
    let report = try BuildPipeline.run(BuildOptions(content: dir.url.appendingPathComponent("content"), output: out,
                                                    templates: nil, config: ProjectConfig(), includeDrafts: false))
    return (report, out)
}

@Suite struct BasicVaultBuildTests {
    func build(_ fixture: String = "basic", config: ProjectConfig = ProjectConfig(), output: URL) throws -> BuildReport {
        try BuildPipeline.run(BuildOptions(content: Repo.fixture(fixture), output: output, templates: nil,
                                           config: config, includeDrafts: false))
    }

    @Test func writesExactlyThePublishedPages() throws {
        let dir = TempDir()
        let out = dir.url.appendingPathComponent("site")
        let report = try build(output: out)
        #expect(report.wroteSite)
        #expect(report.publishedNotes == 4)
        #expect(report.unpublishedNotes == 1)
        #expect(out.files() == [
            "404.html", "assets/search.js", "assets/style.css",
            "concepts/elbo/index.html", "concepts/index.html", "concepts/reparameterization/index.html",
            "concepts/softmax/index.html", "concepts/variational-autoencoder/index.html", "concepts/재구성-항/index.html",
            "graph.dot", "graph.graphml", "graph.json", "graph/index.html",
            "images/diagram.svg", "index.html", "ml/elbo/index.html", "ml/index.html", "ml/softmax/index.html", "ml/vae/index.html",
            "search-index.js", "tags/basics/index.html", "tags/index.html", "tags/vae/index.html", "tags/생성모델/index.html",
        ])
    }

    @Test func unpublishedNoteLeaksNowhere() throws {
        let dir = TempDir()
        let out = dir.url.appendingPathComponent("site")
        _ = try build(output: out)
        for file in out.files() {
            let text = try out.appendingPathComponent(file).read()
            #expect(!text.contains("Secret Plan"), "title leaked into \(file)")
            #expect(!text.contains("비밀 문장"), "body leaked into \(file)")
            #expect(!text.contains("leak-tag"), "tag leaked into \(file)")
            #expect(!text.contains("secret/"), "URL leaked into \(file)")
        }
        let vae = try out.appendingPathComponent("ml/vae/index.html").read()
        #expect(vae.contains("<span class=\"unpublished-link\">secret</span>"))
    }

    @Test func linksAreRelativeAndRewritten() throws {
        let dir = TempDir()
        let out = dir.url.appendingPathComponent("site")
        _ = try build(output: out)
        let vae = try out.appendingPathComponent("ml/vae/index.html").read()
        #expect(vae.contains("<a class=\"wikilink\" href=\"../elbo/index.html\">ELBO</a>"))
        #expect(vae.contains("<img class=\"embed-image\" src=\"../../images/diagram.svg\" alt=\"diagram.svg\" width=\"300\" loading=\"lazy\" />"))
        #expect(vae.contains("<span class=\"broken-link\" title=\"no note or file named Nowhere\">Nowhere</span>"))
        // Math is MathML, with the TeX kept as its annotation; Korean glued to it stays glued.
        #expect(vae.contains("<annotation encoding=\"application/x-tex\">\\mathcal{L}</annotation></semantics></math></span>는"))
        #expect(vae.contains("<td><span class=\"math inline\"><math>"))
        #expect(vae.contains("<annotation encoding=\"application/x-tex\">D_{KL}(q\\|p)</annotation>"))
        #expect(vae.contains("callout-note"))
        // The note's own "# Variational Autoencoder" is the page title, not repeated in the body.
        #expect(vae.components(separatedBy: ">Variational Autoencoder</h1>").count == 2)
        let elbo = try out.appendingPathComponent("ml/elbo/index.html").read()
        #expect(elbo.contains("href=\"../vae/index.html#%EC%9E%AC%EA%B5%AC%EC%84%B1-%ED%95%AD\""))
        // The embedded note's math and its links, relative to the embedding page.
        #expect(elbo.contains("class=\"embed\" data-embed=\"Softmax\""))
        #expect(elbo.contains("\\frac{e^{z_i}}{\\sum_j e^{z_j}}"))
        let home = try out.appendingPathComponent("index.html").read()
        #expect(home.contains("href=\"ml/vae/index.html\""))
        #expect(home.contains("ELBO 노트"))
    }

    @Test func backlinksCarryTheSentence() throws {
        let dir = TempDir()
        let out = dir.url.appendingPathComponent("site")
        _ = try build(output: out)
        let vae = try out.appendingPathComponent("ml/vae/index.html").read()
        // Linked from ELBO (Markdown link) and from the home page (wikilink); not from the draft.
        #expect(vae.contains("VAE의 재구성 항"))
        #expect(vae.contains("<mark>VAE</mark>와 ELBO 노트를 보라."))
        #expect(!vae.contains("어디에도"))
    }

    @Test func warningsHaveExactLocations() throws {
        let dir = TempDir()
        let report = try build(output: dir.url.appendingPathComponent("site"))
        let found = report.warnings.map { "\($0.location!) \($0.code)" }
        #expect(found == [
            "ml/elbo.md:4:49 broken-anchor",
            "ml/vae.md:21:7 unpublished-link",
            "ml/vae.md:21:34 broken-wikilink",
        ])
        #expect(report.warnings[0].hint == "did you mean #재구성-항?" || report.warnings[0].hint == nil)
    }

    @Test func outputIsByteIdenticalBetweenRuns() throws {
        let dir = TempDir()
        let a = dir.url.appendingPathComponent("a")
        let b = dir.url.appendingPathComponent("b")
        _ = try build(output: a)
        _ = try build(output: b)
        #expect(a.files() == b.files())
        for file in a.files() {
            let x = try Data(contentsOf: a.appendingPathComponent(file))
            let y = try Data(contentsOf: b.appendingPathComponent(file))
            #expect(x == y, "\(file) differs between two builds")
        }
    }

    @Test func staleFilesDisappear() throws {
        let dir = TempDir()
        let out = dir.url.appendingPathComponent("site")
        try dir.write("site/old-note/index.html", "stale")
        _ = try build(output: out)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("old-note/index.html").path))
    }

    @Test func sitemapAndFeedOnlyWithBaseURL() throws {
        let dir = TempDir()
        let plain = dir.url.appendingPathComponent("plain")
        _ = try build(output: plain)
        #expect(!plain.files().contains("sitemap.xml"))
        var config = ProjectConfig()
        config.baseURL = "https://example.org/notes/"
        let withBase = dir.url.appendingPathComponent("base")
        _ = try build(config: config, output: withBase)
        #expect(withBase.files().contains("sitemap.xml"))
        #expect(withBase.files().contains("atom.xml"))
        let sitemap = try withBase.appendingPathComponent("sitemap.xml").read()
        #expect(sitemap.contains("https://example.org/notes/ml/vae/"))
        #expect(!sitemap.contains("secret"))
    }

    /// A base URL written as read (Hangul, a space) gives valid absolute URLs everywhere the
    /// site writes one: sitemap, feed, canonical links; an already-encoded `%20` is kept.
    @Test func absoluteURLsAreValidURIs() throws {
        let dir = TempDir()
        var config = ProjectConfig()
        config.baseURL = "https://me.example/노트 s/a%20b"
        let out = dir.url.appendingPathComponent("site")
        _ = try build(config: config, output: out)
        let base = "https://me.example/%EB%85%B8%ED%8A%B8%20s/a%20b/"
        let sitemap = try out.appendingPathComponent("sitemap.xml").read()
        let atom = try out.appendingPathComponent("atom.xml").read()
        let page = try out.appendingPathComponent("ml/vae/index.html").read()
        #expect(sitemap.contains("<loc>\(base)ml/vae/</loc>"))
        #expect(atom.contains("<id>\(base)</id>"))
        #expect(page.contains("\"\(base)ml/vae/\""))
        // Every absolute URL is plain ASCII without spaces or a doubly encoded `%`.
        let urls = (sitemap + atom + page).components(separatedBy: "https://me.example/").dropFirst()
            .map { String($0.prefix { $0 != "<" && $0 != "\"" }) }
        #expect(urls.count > 5)
        for url in urls {
            #expect(url.unicodeScalars.allSatisfy { $0.isASCII && $0 != " " } && !url.contains("%25"), "\(url)")
        }
    }
}

@Suite struct BadInputBuildTests {
    @Test func brokenFrontMatterReportsEveryErrorAndKeepsTheOldSite() throws {
        let dir = TempDir()
        try dir.write("site/index.html", "previous build")
        let out = dir.url.appendingPathComponent("site")
        let report = try BuildPipeline.run(BuildOptions(content: Repo.fixture("broken-front-matter"), output: out,
                                                        templates: nil, config: ProjectConfig(), includeDrafts: false))
        #expect(!report.wroteSite)
        #expect(report.errors.map { "\($0.location!)" } == ["bad-json.md:2:15", "bad-yaml.md:2:8"])
        #expect(try out.appendingPathComponent("index.html").read() == "previous build")
    }

    @Test func invalidUTF8IsAnErrorWithItsPosition() throws {
        let dir = TempDir()
        try dir.write("content/ok.md", "# OK\n")
        try dir.write("content/bad.md", Array("# 제목\n가나 ".utf8) + [0xFF, 0xFE] + Array(" 끝\n".utf8))
        let report = try BuildPipeline.run(BuildOptions(content: dir.url.appendingPathComponent("content"),
                                                        output: dir.url.appendingPathComponent("site"),
                                                        templates: nil, config: ProjectConfig(), includeDrafts: false))
        #expect(!report.wroteSite)
        #expect(report.errors.map(\.code) == ["invalid-utf8"])
        #expect(report.errors.first?.location?.description == "bad.md:2:4")
    }

    /// Two published notes wanting one URL: an error naming both, on the later one (by path);
    /// an unpublished third with the same permalink does not count.
    @Test func permalinkCollisionsNameBothNotes() throws {
        let dir = TempDir()
        try dir.write("content/a.md", "---\npermalink: /same/\n---\n# A\n")
        try dir.write("content/b.md", "---\npermalink: /same/\n---\n# B\n")
        try dir.write("content/c.md", "---\npermalink: /same/\ndraft: true\n---\n# C\n")
        try dir.write("content/d.md", "---\npermalink: /other/\n---\n# D\n")
        let report = try BuildPipeline.run(BuildOptions(content: dir.url.appendingPathComponent("content"),
                                                        output: dir.url.appendingPathComponent("site"),
                                                        templates: nil, config: ProjectConfig(), includeDrafts: false))
        #expect(!report.wroteSite)
        let collisions = report.errors.filter { $0.code == "permalink-collision" }
        #expect(collisions.map(\.message) == ["b.md and a.md both publish to /same/"])
        #expect(collisions.map { "\($0.location!)" } == ["b.md:1:1"])
    }

    /// Permalinks that leave the output folder or take a page the site makes itself: an error
    /// in each note, all reported at once beside the other errors, and the old site kept. (The
    /// first one stopped the build with an unlocated `error: error: …`.)
    @Test func permalinksLeavingTheSiteOrTakingItsPagesAreLocatedErrors() throws {
        let dir = TempDir()
        try dir.write("site/index.html", "previous build")
        try dir.write("content/up.md", "---\npermalink: /../../escape/\n---\n# Up\n")
        try dir.write("content/dot.md", "---\npermalink: a/./b/\n---\n# Dot\n")
        try dir.write("content/tags.md", "---\npermalink: /tags/\n---\n# Tags\n")
        try dir.write("content/style.md", "---\npermalink: /assets/style.css\n---\n# Style\n")
        try dir.write("content/data.md", "---\npermalink: /graph.json\n---\n# Data\n")
        try dir.write("content/fine.md", "# Fine\n")
        let (report, out) = try buildVault(in: dir)
        #expect(!report.wroteSite)
        #expect(report.errors.map { "\($0.location!) \($0.code)" }
                == ["data.md:1:1 permalink-collision", "dot.md:1:1 output-path", "style.md:1:1 permalink-collision",
                    "tags.md:1:1 permalink-collision", "up.md:1:1 output-path"])
        #expect(report.errors.first?.message == "'graph.json' is claimed by note data.md (line 4) and the graph file graph.json")
        #expect(try out.appendingPathComponent("index.html").read() == "previous build")
        #expect(!FileManager.default.fileExists(atPath: dir.url.deletingLastPathComponent().appendingPathComponent("escape").path))
    }

    /// A note of thousands of sections linking to its own headings (a table of contents, or
    /// "see [[#Section n]]" in each): every link resolves to the first heading of its text, a
    /// wrong one is still found, and the links cost time in proportion to their number. Each
    /// link slugged every heading of its note, in the linker and again in the link check: 6,000
    /// such sections took 13 s of CPU in a release build; this test, 3 s in a debug build, ran
    /// for more than six minutes.
    @Test func thousandsOfLinksToTheNotesOwnHeadings() throws {
        let dir = TempDir()
        let count = 8000
        var note = "# Semester\n\n## Twice\n\nfirst\n\n## Twice\n\nsecond [[#Twice]] [x](#twice-1)\n\n"
        for k in 0..<count {
            note += "## Section \(k)\n\n[[#Section \(k)]] [x](#section-\((k + 1) % count)) [[#section \((k * 7) % count)]]\n\n"
        }
        note += "[[#Nowhere]] [y](#nowhere)\n"
        try dir.write("content/semester.md", note)
        let (report, out) = try buildVault(in: dir)
        #expect(report.wroteSite)
        #expect(report.warnings.map(\.code) == ["broken-anchor", "broken-anchor"])
        let page = try out.appendingPathComponent("semester/index.html").read()
        #expect(page.contains("second <a class=\"wikilink\" href=\"#twice\">Twice</a> <a href=\"#twice-1\">x</a>"))
        #expect(page.contains("<a class=\"wikilink\" href=\"#section-41\">Section 41</a> <a href=\"#section-42\">x</a> <a class=\"wikilink\" href=\"#section-287\">section 287</a>"))
    }

    @Test func oddButValidFilesAllBuild() throws {
        let dir = TempDir()
        try dir.write("content/empty.md", "")
        try dir.write("content/only-front-matter.md", "---\ntitle: 머리말만\ntags: [x]\n---\n")
        try dir.write("content/crlf.md", [0xEF, 0xBB, 0xBF] + Array("---\r\ntitle: 윈도우\r\n---\r\n본문 [[empty]]\r\n".utf8))
        let paragraph = "큰 파일의 문단 $x_i$ 와 **굵게**, 그리고 [[crlf]].\n\n"
        try dir.write("content/huge.md", String(repeating: paragraph, count: 60_000))  // ~5 MB
        let (report, out) = try buildVault(in: dir)
        #expect(report.wroteSite)
        #expect(report.errors.isEmpty)
        let files = out.files()
        for page in ["empty/index.html", "only-front-matter/index.html", "crlf/index.html", "huge/index.html"] {
            #expect(files.contains(page))
        }
        #expect(try out.appendingPathComponent("crlf/index.html").read().contains("<title>윈도우"))
        #expect(try out.appendingPathComponent("empty/index.html").read().contains("<title>empty"))
    }

    @Test func embeddingCyclesStop() throws {
        let dir = TempDir()
        try dir.write("content/a.md", "# A\n\nA의 본문.\n\n![[b]]\n")
        try dir.write("content/b.md", "# B\n\nB의 본문.\n\n![[a]]\n")
        try dir.write("content/self.md", "# Self\n\n![[self]]\n")
        let (report, out) = try buildVault(in: dir)
        #expect(report.wroteSite)
        let a = try out.appendingPathComponent("a/index.html").read()
        // a shows b, whose embed of a is stopped: A's own text once, B's once.
        #expect(a.components(separatedBy: "A의 본문.").count - 1 == 1)
        #expect(a.components(separatedBy: "B의 본문.").count - 1 == 1)
        #expect(a.contains("embed cycle"))
        let own = try out.appendingPathComponent("self/index.html").read()
        #expect(own.contains("embed cycle"))
    }

    /// Footnotes of embedded notes keep ids of their own on the embedding page: the page's
    /// own `fn-1`, each embed's after `e<k>-` (k: the embed's link in its note), nested ones
    /// after both.
    @Test func embeddedFootnotesHaveIdsOfTheirOwn() throws {
        let dir = TempDir()
        try dir.write("content/host.md", "# Host\n\nHost text[^h].\n\n![[inner]]\n\n![[outer]]\n\n[^h]: Host footnote.\n")
        try dir.write("content/inner.md", "# Inner\n\nInner text[^i].\n\n[^i]: Inner footnote.\n")
        try dir.write("content/outer.md", "# Outer\n\nOuter text[^o].\n\n![[inner]]\n\n[^o]: Outer footnote.\n")
        let (report, out) = try buildVault(in: dir)
        #expect(report.wroteSite)
        let host = try out.appendingPathComponent("host/index.html").read()
        let ids = host.components(separatedBy: " id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }.filter { $0.contains("fn") }
        #expect(ids == ["fnref-1", "e0-fnref-1", "e0-fn-1", "e1-fnref-1", "e1-e0-fnref-1", "e1-e0-fn-1", "e1-fn-1", "fn-1"], "\(ids)")
        #expect(Set(ids).count == ids.count)
        #expect(host.contains("<a href=\"#e1-e0-fnref-1\" class=\"footnote-backref\""))
        // Each note's own page keeps the plain ids.
        let inner = try out.appendingPathComponent("inner/index.html").read()
        #expect(inner.contains("<li id=\"fn-1\">"))
    }

    @Test func linksLeavingTheContentFolderAreNotFollowed() throws {
        let dir = TempDir()
        try dir.write("secret.txt", "outside")
        try dir.write("content/a.md", "[x](../secret.txt) [y](../../../../etc/passwd) ![z](/../secret.txt)\n")
        let (report, out) = try buildVault(in: dir)
        #expect(report.warnings.map(\.code) == ["outside-content", "outside-content", "outside-content"])
        #expect(!out.files().contains { $0.contains("secret") || $0.contains("passwd") })
    }

    @Test func namesDifferingOnlyInCaseOrNormalisation() throws {
        let dir = TempDir()
        try dir.write("content/Index.md", "# 색인\n")
        // "한글" written in decomposed jamo (NFD), as macOS stores file names.
        try dir.write("content/" + "한글".decomposedStringWithCanonicalMapping + ".md", "# 한글 노트\n")
        try dir.write("content/a.md", "[i](index.md) [h](한글.md) [[한글]]\n")
        let report = try BuildPipeline.run(BuildOptions(content: dir.url.appendingPathComponent("content"),
                                                        output: dir.url.appendingPathComponent("site"),
                                                        templates: nil, config: ProjectConfig(), includeDrafts: false))
        // Both resolve in the site (the link is rewritten), but the raw links only work on a file
        // system that ignores case or normalisation: a warning for each, at the link.
        #expect(report.warnings.map(\.code) == ["case-mismatch", "case-mismatch"])
        #expect(report.warnings.map { $0.location!.description } == ["a.md:1:1", "a.md:1:15"])
        #expect(report.warnings.first?.message.contains("Index.md") == true)
        #expect(report.wroteSite)
    }
}

@Suite struct CommandLineTests {
    @Test func exitCodesAndSummary() throws {
        #expect(FileManager.default.fileExists(atPath: Repo.binary.path), "run swift build first (make test does)")
        let dir = TempDir()
        let ok = try runNotegraph(["build", "--content", Repo.fixture("basic").path, "--output", dir.url.appendingPathComponent("s").path],
                                  in: dir.url, environment: ["NO_COLOR": "1"])
        #expect(ok.status == 0)
        #expect(ok.stderr.contains("Built 4 notes"))
        #expect(ok.stderr.contains("ml/vae.md:21:34: warning: no note or file named \"Nowhere\" [broken-wikilink]"))
        #expect(!ok.stderr.contains("\u{1B}["))

        let strict = try runNotegraph(["build", "--strict", "--content", Repo.fixture("basic").path, "--output", dir.url.appendingPathComponent("t").path], in: dir.url)
        #expect(strict.status == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("t").path))

        let broken = try runNotegraph(["build", "--content", Repo.fixture("broken-front-matter").path, "--output", dir.url.appendingPathComponent("u").path], in: dir.url)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("bad-yaml.md:2:8: error:"))

        // One note is "1 note", not "1 notes".
        try dir.write("one/only.md", "# Only\n")
        let one = try runNotegraph(["build", "--content", dir.url.appendingPathComponent("one").path, "--output", dir.url.appendingPathComponent("o").path],
                                   in: dir.url, environment: ["NO_COLOR": "1"])
        #expect(one.stderr.contains("Built 1 note into "), "\(one.stderr)")
        #expect(one.stderr.contains(" 0 warnings, "), "\(one.stderr)")

        let usage = try runNotegraph(["build", "--no-such-flag"], in: dir.url)
        #expect(usage.status == 2)
        let both = try runNotegraph(["build", "--quiet", "--verbose"], in: dir.url)
        #expect(both.status == 2)
        // A content folder that is not there is a usage error, as for `check` and `graph`.
        for command in ["build", "graph", "check"] {
            let missing = try runNotegraph([command, "--content", "does-not-exist"], in: dir.url)
            #expect(missing.status == 2, "\(command)")
            #expect(missing.stderr.contains("content folder does-not-exist does not exist"), "\(command)")
        }
    }

    /// On Linux the executable runs on jemalloc (Sources/CJemalloc): `--verbose` names the
    /// allocator that answered, so a build that silently fell back to glibc's malloc fails here,
    /// and the options in effect (Sources/CJemallocOptions), so a build whose options object
    /// fell out of the link does too.
    @Test func verboseNamesTheAllocator() throws {
        let dir = TempDir()
        try dir.write("content/a.md", "# A\n")
        let result = try runNotegraph(["build", "--verbose", "--content", "content", "--output", "out"], in: dir.url)
        #expect(result.status == 0)
        let phases = result.stderr.split(separator: "\n").first { $0.hasPrefix("phases: ") }
        #if os(Linux)
        #expect(phases?.contains("(jemalloc 5.") == true, "\(result.stderr)")
        if ProcessInfo.processInfo.environment["MALLOC_CONF"] == nil {
            #expect(phases?.contains(", 1 arena)") == true, "\(result.stderr)")
        }
        #else
        #expect(phases?.contains("(system malloc)") == true, "\(result.stderr)")
        #endif
    }

    /// `--timings` prints the phases' times alone: with `--quiet` the warnings stay unprinted
    /// (the benchmark reads the times of a 10,000-note build whose 37,000 warnings would cost
    /// time to print), and every phase of a finished build is named, in order.
    @Test func timingsPrintThePhasesWithoutTheWarnings() throws {
        let dir = TempDir()
        try dir.write("content/a.md", "# A\n\n[gone](nowhere.md)\n")
        let result = try runNotegraph(["build", "--quiet", "--timings", "--content", "content", "--output", "out"], in: dir.url)
        #expect(result.status == 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        let phases = try #require(lines.first { $0.hasPrefix("phases: ") })
        // "phases: load 0.001 s, parse 0.002 s, … (jemalloc 5.3.0, thp never, 1 arena)"
        let times = phases.dropFirst("phases: ".count).split(separator: " (").first ?? ""
        let names = times.split(separator: ",").map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(names == ["load", "parse", "concepts", "link", "graph", "render", "write"], "\(phases)")
        #expect(!result.stderr.contains("nowhere.md"))
        let quiet = try runNotegraph(["build", "--quiet", "--content", "content", "--output", "out"], in: dir.url)
        #expect(!quiet.stderr.contains("phases: "))
    }

    @Test func defaultsComeFromTheProjectFolder() throws {
        let dir = TempDir()
        try dir.write("content/a.md", "# 첫 노트\n")
        try dir.write("notegraph.yml", "title: 내 노트\nlanguage: ko\noutput: public\n")
        let result = try runNotegraph([], in: dir.url)
        #expect(result.status == 0)
        let index = try dir.url.appendingPathComponent("public/index.html").read()
        #expect(index.contains("내 노트"))
        #expect(index.contains("lang=\"ko\""))
    }

    @Test func brokenConfigIsAUsageErrorWithItsLocation() throws {
        let dir = TempDir()
        try dir.write("content/a.md", "# a\n")
        try dir.write("notegraph.yml", "title: ok\nlanguage: fr\n")
        let result = try runNotegraph(["build"], in: dir.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("notegraph.yml:2:11: error: language must be en or ko"))
    }

    @Test func aRepeatedConfigKeyIsAUsageError() throws {
        let dir = TempDir()
        try dir.write("content/a.md", "# a\n")
        try dir.write("notegraph.yml", "output: site\ntitle: A\noutput: public\n")
        let result = try runNotegraph(["build"], in: dir.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("notegraph.yml:3:1: error: 'output' is set twice"))
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("public").path))
    }

    /// An output folder inside the content folder that holds notes: the build replaced the
    /// folder whole, and the notes went with it.
    @Test func anOutputFolderOverNotesIsRefusedAndTheNotesStay() throws {
        let dir = TempDir()
        try dir.write("content/a.md", "# A\n\n[[B]]\n")
        try dir.write("content/dl/b.md", "# B\n\nbody\n")
        let note = dir.url.appendingPathComponent("content/dl/b.md")
        let options = BuildOptions(content: dir.url.appendingPathComponent("content"), output: dir.url.appendingPathComponent("content/dl"),
                                   templates: nil, config: ProjectConfig(), includeDrafts: false)
        #expect(throws: BuildFailure.self) { try BuildPipeline.run(options) }
        #expect(FileManager.default.fileExists(atPath: note.path))

        for output in ["content/dl", "content", ".", "content/"] {
            try dir.write("notegraph.yml", "output: \(output)\n")
            let result = try runNotegraph(["build"], in: dir.url)
            #expect(result.status == 2, "\(output)")
            #expect(result.stderr.contains("error: the output folder"), "\(output)")
            #expect(try note.read() == "# B\n\nbody\n", "\(output)")
        }
    }

    /// Folders named in notegraph.yml that are not there are usage errors at the line naming
    /// them; a configuration "file" that is a folder is one too (it was read as no settings).
    @Test func foldersNamedInTheConfigAreCheckedAtTheirLine() throws {
        let dir = TempDir()
        try dir.write("content/a.md", "# A\n")
        for (config, expected) in [
            ("title: x\ncontent: notes\n", "notegraph.yml:2:10: error: content folder notes does not exist"),
            ("content: content/a.md\n", "notegraph.yml:1:10: error: content folder content/a.md is a file, not a folder"),
            ("templates: theme\n", "notegraph.yml:1:12: error: templates folder theme does not exist"),
            ("output: content\n", "notegraph.yml:1:9: error: the output folder"),
        ] {
            try dir.write("notegraph.yml", config)
            let result = try runNotegraph(["build"], in: dir.url)
            #expect(result.status == 2, "\(config)")
            #expect(result.stderr.contains(expected), "\(config): \(result.stderr)")
        }
        // The README's example names the default templates/; without the folder, the built-in theme.
        try dir.write("notegraph.yml", "templates: templates\n")
        #expect(try runNotegraph(["build"], in: dir.url).status == 0)
        for command in ["build", "check", "graph"] {
            let folder = try runNotegraph([command, "--config", "content"], in: dir.url)
            #expect(folder.status == 2, "\(command)")
            #expect(folder.stderr.contains("error: the configuration file content is a folder, not a file"), "\(command)")
        }
    }

    /// Inside the content folder is fine where there are no notes (Jekyll's `_site`, which the
    /// walk skips), build after build.
    @Test func anOutputFolderInsideTheContentWithoutNotesBuilds() throws {
        let dir = TempDir()
        try dir.write("content/a.md", "# A\n")
        try dir.write("notegraph.yml", "output: content/_site\n")
        for _ in 0..<2 {
            let result = try runNotegraph(["build"], in: dir.url)
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("content/_site/index.html").path))
    }

    @Test func templatesOverrideFileByFile() throws {
        let dir = TempDir()
        try dir.write("content/a.md", "# 노트\n본문\n")
        try dir.write("templates/note.mustache", "<article class=\"custom\">{{{note.bodyHTML}}}</article>\n")
        let result = try runNotegraph(["build"], in: dir.url)
        #expect(result.status == 0)
        let page = try dir.url.appendingPathComponent("site/a/index.html").read()
        #expect(page.contains("<article class=\"custom\"><p>본문</p>"))
        // The rest of the theme is still the built-in one.
        #expect(page.contains("assets/style.css"))
    }

    @Test func brokenTemplateNamesFileAndLine() throws {
        let dir = TempDir()
        try dir.write("content/a.md", "# a\n")
        try dir.write("templates/note.mustache", "<p>\n{{#note}}\n{{title}}\n")
        let result = try runNotegraph(["build"], in: dir.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("note.mustache:2"))
    }
}

@Suite struct ExampleSiteTests {
    /// site/ is committed; it must be exactly what a fresh build of content/ gives.
    @Test func committedSiteMatchesAFreshBuild() throws {
        let dir = TempDir()
        let out = dir.url.appendingPathComponent("site")
        let (config, problems) = ProjectConfig.load(from: Repo.root)
        #expect(problems.isEmpty)
        let report = try BuildPipeline.run(BuildOptions(content: Repo.root.appendingPathComponent("content"), output: out,
                                                        templates: Repo.root.appendingPathComponent("templates"),
                                                        config: config, includeDrafts: false))
        #expect(report.wroteSite)
        let committed = Repo.root.appendingPathComponent("site")
        let all = Set(committed.files()).union(out.files()).sorted()
        let stale = all.filter { file in
            let fresh = try? Data(contentsOf: out.appendingPathComponent(file))
            let old = try? Data(contentsOf: committed.appendingPathComponent(file))
            return fresh != old
        }
        #expect(stale.isEmpty, "site/ is stale (run make site): \(stale.prefix(10).joined(separator: ", "))")
    }
}

@Suite struct LinkFormsBuildTests {
    @Test func percentEncodedRootRelativeAndExtensionless() throws {
        let dir = TempDir()
        try dir.write("content/dl/활성화 함수.md", "# 활성화 함수\n\n## ReLU 정의\n")
        try dir.write("content/images/Pasted image 20250304.png", [0x89, 0x50, 0x4E, 0x47])
        try dir.write("content/notes/a.md", """
        [인코딩](../dl/%ED%99%9C%EC%84%B1%ED%99%94%20%ED%95%A8%EC%88%98.md#relu-정의)
        [확장자 없이](../dl/활성화%20함수)
        [루트에서](/dl/활성화 함수.md)
        ![붙여넣은 그림](../images/Pasted%20image%2020250304.png)
        ![[Pasted image 20250304.png|200]]
        [[활성화 함수#ReLU 정의|ReLU]]
        """)
        let (report, out) = try buildVault(in: dir)
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        let page = try out.appendingPathComponent("notes/a/index.html").read()
        let target = "../../dl/%ED%99%9C%EC%84%B1%ED%99%94-%ED%95%A8%EC%88%98/index.html"
        let target2 = "../../dl/%ED%99%9C%EC%84%B1%ED%99%94%20%ED%95%A8%EC%88%98/index.html"
        #expect(page.contains(target) || page.contains(target2))
        #expect(page.contains("#relu-%EC%A0%95%EC%9D%98"))
        #expect(page.contains("src=\"../../images/Pasted%20image%2020250304.png\""))
        #expect(page.contains("width=\"200\""))
        #expect(out.files().contains("images/Pasted image 20250304.png"))
    }
}

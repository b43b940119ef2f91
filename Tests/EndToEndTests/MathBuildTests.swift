import Diagnostics
import Foundation
import NoteGraph
import Testing

@Suite struct MathBuildTests {
    /// Builds into `dir`, which the caller keeps alive while it reads the site.
    func build(_ config: ProjectConfig, _ files: [String: String], in dir: TempDir) throws -> (report: BuildReport, site: URL) {
        for (path, text) in files { try dir.write("content/" + path, text) }
        let site = dir.url.appendingPathComponent("site")
        let report = try BuildPipeline.run(BuildOptions(content: dir.url.appendingPathComponent("content"), output: site,
                                                        templates: nil, config: config, includeDrafts: false))
        return (report, site)
    }

    static let note = """
    # 수식

    ## 손실 $\\mathcal{L}$

    손실함수 $L$는 작다. 링크 [$\\alpha$ 값](#손실-mathcall)

    $$
    \\frac{a}{b} + \\foo{x}
    $$

    | 식 | 값 |
    |---|---|
    | $p(x|z)$ | 1 |
    """

    @Test func mathMLByDefault() throws {
        let dir = TempDir()
        let (report, site) = try build(ProjectConfig(), ["a.md": MathBuildTests.note], in: dir)
        let page = try site.appendingPathComponent("a/index.html").read()
        #expect(page.contains("<span class=\"math inline\"><math>"))
        #expect(page.contains("<div class=\"math display\"><math display=\"block\">"))
        #expect(page.contains("<annotation encoding=\"application/x-tex\">&#xA;\\frac{a}{b} + \\foo{x}&#xA;</annotation>"))
        // Headings, link text and table cells get MathML; the TOC and <title> get the TeX.
        #expect(page.contains("<h2 id=\"손실-mathcall\">손실 <span class=\"math inline\"><math>"))
        #expect(page.contains("<td><span class=\"math inline\"><math>"))
        // MathML needs no script: the page's one script is the search box's.
        #expect(page.components(separatedBy: "<script").count == 2)
        #expect(page.contains("<script defer src=\"../assets/search.js\"></script>"))
        #expect(!page.contains("katex"))
        // The unknown command is a warning at its own place in the file.
        let unknown = report.warnings.filter { $0.code == "unknown-tex-command" }
        #expect(unknown.count == 1)
        #expect(unknown.first?.location?.description == "a.md:8:15")
        #expect(unknown.first?.message.contains("\\foo") == true)
    }

    /// A formula is converted once however often it occurs, but every occurrence keeps its own
    /// warning at its own place, inline and display alike, and a formula in an unpublished note
    /// is neither converted nor reported.
    @Test func repeatedFormulasWarnAtEachPlace() throws {
        let dir = TempDir()
        let (report, site) = try build(ProjectConfig(), [
            "a.md": "# A\n\n$\\foo x$ and again $\\foo x$\n",
            "b/c.md": "# C\n\nText first, $\\foo x$.\n\n$$\\foo x$$\n",
            "d.md": "---\ndraft: true\n---\n# D\n\n$\\foo x$\n",
        ], in: dir)
        let unknown = report.warnings.filter { $0.code == "unknown-tex-command" }.map { $0.location?.description ?? "" }
        #expect(unknown.sorted() == ["a.md:3:2", "a.md:3:21", "b/c.md:3:14", "b/c.md:5:3"])
        let a = try site.appendingPathComponent("a/index.html").read()
        let c = try site.appendingPathComponent("b/c/index.html").read()
        #expect(a.components(separatedBy: "<span class=\"math inline\"><math>").count == 3)
        #expect(c.contains("<span class=\"math inline\"><math>"))
        #expect(c.contains("<div class=\"math display\"><math display=\"block\">"))
    }

    @Test func strictTurnsUnknownCommandsIntoFailure() throws {
        let dir = TempDir()
        try dir.write("content/a.md", MathBuildTests.note)
        let report = try BuildPipeline.run(BuildOptions(content: dir.url.appendingPathComponent("content"),
                                                        output: dir.url.appendingPathComponent("site"),
                                                        templates: nil, config: ProjectConfig(), includeDrafts: false, strict: true))
        #expect(!report.wroteSite)
    }

    @Test func macrosFromTheConfig() throws {
        let (config, problems) = ProjectConfig.parse("math:\n  mode: mathml\n  macros:\n    \"\\\\R\": \"\\\\mathbb{R}\"\n", file: "notegraph.yml")
        #expect(problems.isEmpty)
        let dir = TempDir()
        let (report, site) = try build(config, ["a.md": "$x \\in \\R$\n"], in: dir)
        #expect(report.warnings.isEmpty)
        #expect(try site.appendingPathComponent("a/index.html").read().contains("ℝ"))
    }

    @Test func noneLeavesTheTeX() throws {
        var config = ProjectConfig()
        config.math = .none
        let dir = TempDir()
        let (_, site) = try build(config, ["a.md": "$a<b$\n"], in: dir)
        #expect(try site.appendingPathComponent("a/index.html").read().contains("<span class=\"math inline\">a&lt;b</span>"))
    }

    @Test func katexCopiesDebiansFilesAndLoadsThem() throws {
        guard FileManager.default.fileExists(atPath: "/usr/share/javascript/katex/katex.min.js") else {
            Issue.record("libjs-katex is not installed (make test installs it)")
            return
        }
        var config = ProjectConfig()
        config.math = .katex
        let dir = TempDir()
        let (_, site) = try build(config, ["dl/a.md": "$x_1$ and $$y$$\n"], in: dir)
        let files = site.files()
        #expect(files.contains("assets/katex/katex.min.js"))
        #expect(files.contains("assets/katex/contrib/auto-render.js"))
        #expect(files.contains { $0.hasPrefix("assets/katex/fonts/") })
        let page = try site.appendingPathComponent("dl/a/index.html").read()
        #expect(page.contains("<script defer src=\"../../assets/katex/katex.min.js\"></script>"))
        #expect(page.contains("<span class=\"math inline\">\\(x_1\\)</span>"))
        #expect(page.contains("<div class=\"math display\">\\[y\\]</div>"))
    }
}

/// Where math becomes MathML and where it must stay plain TeX (`math: mathml`): text that is not
/// HTML — the TOC entry, the page `<title>`, `alt`, the feed — gets the TeX; every HTML place in
/// the body gets MathML.
@Suite struct MathPlacementTests {
    static let note = """
    ---
    date: 2024-03-01
    ---

    # 확률 $p(x)$ 정리

    ## 정규분포 $\\mathcal{N}(\\mu, \\sigma^2)$

    본문 $x$.

    ## 기댓값 $E[X]$

    ![분포 $x$의 그림](plot.png)

    > [!note] 정의 $\\alpha$ 값
    > 내용 $y$

    | 기호 | 뜻 |
    |---|---|
    | $\\sigma^2$ | 분산 |

    [링크 $\\beta$ 텍스트](#기댓값-ex)
    """

    func build(baseURL: String? = nil) throws -> (dir: TempDir, site: URL) {
        var config = ProjectConfig()
        config.baseURL = baseURL
        let dir = TempDir()
        try dir.write("content/p.md", Self.note)
        try dir.write("content/plot.png", [0x89, 0x50, 0x4E, 0x47])
        let site = dir.url.appendingPathComponent("site")
        let report = try BuildPipeline.run(BuildOptions(content: dir.url.appendingPathComponent("content"), output: site,
                                                        templates: nil, config: config, includeDrafts: false))
        #expect(report.wroteSite)
        return (dir, site)
    }

    /// The part of `page` from `start` up to the first `end` after it.
    func slice(_ page: String, from start: String, to end: String) -> String? {
        guard let lower = page.range(of: start), let upper = page.range(of: end, range: lower.upperBound..<page.endIndex)
        else { return nil }
        return String(page[lower.lowerBound..<upper.upperBound])
    }

    @Test func headingMathIsPlainTeXInTheTOCAndTitle() throws {
        let (dir, site) = try build()
        _ = dir
        let page = try site.appendingPathComponent("p/index.html").read()
        let toc = try #require(slice(page, from: "<details class=\"toc\"", to: "</details>"))
        #expect(!toc.contains("<math"), "\(toc)")
        #expect(toc.contains("정규분포 \\mathcal{N}(\\mu, \\sigma^2)"), "\(toc)")
        #expect(toc.contains("기댓값 E[X]"), "\(toc)")
        let title = try #require(slice(page, from: "<title>", to: "</title>"))
        #expect(!title.contains("<math"), "\(title)")
        #expect(title.contains("확률 p(x) 정리"), "\(title)")
        // The headings themselves are typeset, the page's own title too.
        #expect(page.contains("정규분포 <span class=\"math inline\"><math>"))
        #expect(page.contains("<h1 class=\"note-title\" id=\"확률-px-정리\">확률 <span class=\"math inline\"><math><semantics><mrow><mi>p</mi>"))
    }

    @Test func imageAltKeepsPlainTeX() throws {
        let (dir, site) = try build()
        _ = dir
        let page = try site.appendingPathComponent("p/index.html").read()
        let image = try #require(slice(page, from: "<img src=\"", to: ">"))
        #expect(image.contains("alt=\"분포 x의 그림\""), "\(image)")
        #expect(!image.contains("math"), "\(image)")
    }

    @Test func feedCarriesPlainTeX() throws {
        let (dir, site) = try build(baseURL: "https://example.org/notes/")
        _ = dir
        let feed = try site.appendingPathComponent("atom.xml").read()
        #expect(!feed.contains("<math"), "\(feed)")
        #expect(!feed.contains("&lt;math"), "\(feed)")
        #expect(feed.contains("<title type=\"text\">확률 p(x) 정리</title>"), "\(feed)")
        // The body's formulas as their TeX, escaped once for HTML and once more for the XML.
        #expect(feed.contains("&lt;span class=&quot;math inline&quot;&gt;\\mathcal{N}(\\mu, \\sigma^2)&lt;/span&gt;"), "\(feed)")
        #expect(feed.contains("&lt;td&gt;&lt;span class=&quot;math inline&quot;&gt;\\sigma^2&lt;/span&gt;&lt;/td&gt;"), "\(feed)")
    }

    @Test func calloutTitleTableCellAndLinkTextGetMathML() throws {
        let (dir, site) = try build()
        _ = dir
        let page = try site.appendingPathComponent("p/index.html").read()
        let callout = try #require(slice(page, from: "<div class=\"callout-title", to: "</div>"))
        #expect(callout.contains("정의 <span class=\"math inline\"><math>"), "\(callout)")
        #expect(callout.contains("<mi>α</mi>"), "\(callout)")
        #expect(page.contains("<td><span class=\"math inline\"><math><semantics><mrow><msup><mi>σ</mi><mn>2</mn></msup>"))
        let link = try #require(slice(page, from: "<p><a href=\"#%EA%B8%B0%EB%8C%93%EA%B0%92-ex\"", to: "</a>"))
        #expect(link.contains("링크 <span class=\"math inline\"><math>"), "\(link)")
        #expect(link.contains("<mi>β</mi>"), "\(link)")
    }
}

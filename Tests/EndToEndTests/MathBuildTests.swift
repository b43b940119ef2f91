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
        #expect(!page.contains("<script"))
        // The unknown command is a warning at its own place in the file.
        let unknown = report.warnings.filter { $0.code == "unknown-tex-command" }
        #expect(unknown.count == 1)
        #expect(unknown.first?.location?.description == "a.md:8:15")
        #expect(unknown.first?.message.contains("\\foo") == true)
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

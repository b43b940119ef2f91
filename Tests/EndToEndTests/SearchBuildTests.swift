import Foundation
import NoteGraph
import SearchIndex
import Testing

/// The search box and its index in a built site: what the index holds, that every place it
/// leads to exists on the site (pages and heading ids as rendered), and the `search:` setting.
@Suite struct SearchBuildTests {
    func build(_ config: ProjectConfig = ProjectConfig(), fixture: String = "basic", content: URL? = nil, in dir: TempDir) throws -> URL {
        let out = dir.url.appendingPathComponent("site")
        let report = try BuildPipeline.run(BuildOptions(content: content ?? Repo.fixture(fixture), output: out, templates: nil,
                                                        config: config, includeDrafts: false))
        #expect(report.wroteSite)
        return out
    }

    /// The entries of `site`'s index, as the page's script reads them.
    func entries(_ site: URL) throws -> (mode: String, documents: [[String: Any]]) {
        let text = try site.appendingPathComponent(SearchIndexWriter.fileName).read()
        let prefix = "window.notegraphSearchIndex = "
        #expect(text.hasPrefix(prefix))
        let json = Data(text.dropFirst(prefix.count).dropLast(2).utf8)
        let index = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        return (try #require(index["mode"] as? String), try #require(index["documents"] as? [[String: Any]]))
    }

    @Test func theIndexHoldsEveryPublishedNoteConceptAndTag() throws {
        let dir = TempDir()
        let site = try build(in: dir)
        let (mode, documents) = try entries(site)
        #expect(mode == "full")
        let notes = documents.filter { $0["k"] as? String == "note" }
        #expect(notes.map { $0["t"] as? String } == ["테스트 볼트", "ELBO", "Softmax", "Variational Autoencoder"])
        let concepts = documents.filter { $0["k"] as? String == "concept" }.compactMap { ($0["u"] as? String)?.removingPercentEncoding }
        let conceptPages = site.files().filter { $0.hasPrefix("concepts/") && $0 != "concepts/index.html" }
        #expect(concepts.sorted() == conceptPages)
        let tags = documents.filter { $0["k"] as? String == "tag" }.compactMap { ($0["u"] as? String)?.removingPercentEncoding }
        #expect(tags.sorted() == site.files().filter { $0.hasPrefix("tags/") && $0 != "tags/index.html" })

        let vae = try #require(notes.last)
        #expect(vae["u"] as? String == "ml/vae/index.html")
        #expect(vae["f"] as? String == "ml")
        #expect(vae["a"] as? [String] == ["VAE", "변분 오토인코더"])
        #expect(vae["g"] as? [String] == ["생성모델", "vae"])
        let sections = try #require(vae["s"] as? [[String]])
        // The `# Variational Autoencoder` the page shows as its heading is the title, not a section.
        #expect(sections.map { $0[0] } == ["", "재구성 항", "Reparameterization"])
        #expect(sections[0][2].hasPrefix("VAE는 ELBO를 최대화한다."))
        #expect(sections[2][2].contains("KL D_{KL}(q\\|p)"))
        #expect(sections[2][2].contains("요약 짧게."))
    }

    /// Over the concepts fixture and the repository's example vault, whose Korean headings
    /// (`자료구조: 스택 & 큐`) have ids with the punctuation dropped and hrefs percent-encoded.
    @Test(arguments: ["fixture", "content"])
    func everyEntryLeadsToAPageAndEverySectionToAnIdOnIt(vault: String) throws {
        let dir = TempDir()
        let site = try build(content: vault == "content" ? Repo.root.appendingPathComponent("content") : Repo.fixture("concepts"), in: dir)
        let (_, documents) = try entries(site)
        #expect(!documents.isEmpty)
        var sectionsChecked = 0
        for document in documents {
            let href = try #require(document["u"] as? String)
            let page = site.appendingPathComponent(href.removingPercentEncoding ?? href)
            #expect(FileManager.default.fileExists(atPath: page.path), "\(href) is not on the site")
            for section in document["s"] as? [[String]] ?? [] where !section[1].isEmpty {
                let html = try page.read()
                let id = section[1].removingPercentEncoding ?? section[1]
                #expect(html.contains("id=\"\(id)\""), "\(href)#\(section[1]) has no such id")
                sectionsChecked += 1
            }
        }
        #expect(sectionsChecked >= (vault == "content" ? 50 : 2))
    }

    @Test func everyPageCarriesTheBoxAndTheUnpublishedNoteIsNotInTheIndex() throws {
        let dir = TempDir()
        let site = try build(in: dir)
        for file in site.files() where file.hasSuffix(".html") {
            let html = try site.appendingPathComponent(file).read()
            let root = String(repeating: "../", count: file.split(separator: "/").count - 1)
            #expect(html.contains("<div class=\"site-search\" role=\"search\" hidden data-root=\"\(root)\" data-index=\"\(root)search-index.js\""), "\(file)")
            #expect(html.contains("<script defer src=\"\(root)assets/search.js\"></script>"), "\(file)")
        }
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("assets/search.js").path))
        let index = try site.appendingPathComponent(SearchIndexWriter.fileName).read()
        #expect(!index.contains("Secret Plan") && !index.contains("비밀 문장") && !index.contains("leak-tag"))
    }

    @Test func titlesModeKeepsNoTextAndNoneHasNoBoxNorIndex() throws {
        var config = ProjectConfig()
        config.search = .titles
        let dir = TempDir()
        let titles = try build(config, in: dir)
        let (mode, documents) = try entries(titles)
        #expect(mode == "titles")
        let sections = documents.flatMap { $0["s"] as? [[String]] ?? [] }
        #expect(!sections.isEmpty)
        #expect(sections.allSatisfy { $0[2].isEmpty })

        config.search = .none
        let other = TempDir()
        let none = try build(config, in: other)
        #expect(!FileManager.default.fileExists(atPath: none.appendingPathComponent(SearchIndexWriter.fileName).path))
        // Without the box the site has no script at all: math and graph pictures never needed one.
        for file in none.files() where file.hasSuffix(".html") {
            let html = try none.appendingPathComponent(file).read()
            #expect(!html.contains("<script") && !html.contains("site-search"), "\(file)")
        }
    }

    @Test func theSettingIsReadAndCheckedInNotegraphYml() {
        func parsed(_ yaml: String) -> (ProjectConfig, [String]) {
            let (config, diagnostics) = ProjectConfig.parse(yaml, file: "notegraph.yml")
            return (config, diagnostics.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)" })
        }
        #expect(parsed("search: titles\n").0.search == .titles)
        #expect(parsed("search: Full\n").0.search == .full)
        #expect(parsed("search: false\n").0.search == SearchMode.none)
        #expect(parsed("search: off\n").0.search == SearchMode.none)
        #expect(parsed("search: no\n").0.search == SearchMode.none)
        #expect(parsed("search: on\n").0.search == .full)
        #expect(parsed("title: x\n").0.search == .full)
        let (config, problems) = parsed("title: x\nsearch: everything\n")
        #expect(config.search == .full)
        #expect(problems == ["2:9 search must be full, titles or none, not everything"])
    }

    @Test func koreanLabelsInTheBox() throws {
        var config = ProjectConfig()
        config.language = .ko
        let dir = TempDir()
        let site = try build(config, in: dir)
        let home = try site.appendingPathComponent("index.html").read()
        #expect(home.contains("placeholder=\"노트와 개념 검색\""))
        #expect(home.contains("data-empty=\"맞는 노트가 없습니다\""))
    }
}

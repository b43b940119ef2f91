import Foundation
import NoteGraph
import Testing

/// Follows a built site's own links as a browser does, from disk: every relative `href`/`src`
/// names a file inside the site (query and fragment cut, percent-decoded to bytes, a folder
/// meaning its `index.html`), every `#fragment` an id of the page it leads to (compared as
/// bytes after percent-decoding: a browser does not normalise Unicode), and no page holds an id
/// twice. `scripts/site-audit` does the same for any site, in Python.
struct SiteAudit {
    let root: URL
    private var ids: [String: Set<[UInt8]>] = [:]
    private(set) var problems: [String] = []
    private(set) var linksFollowed = 0

    init(_ root: URL) { self.root = root.standardizedFileURL }

    static func audit(_ root: URL) -> SiteAudit {
        var audit = SiteAudit(root)
        for page in root.files() where page.hasSuffix(".html") || page.hasSuffix(".svg") { audit.check(page) }
        return audit
    }

    /// Tags with their quoted attributes (a `>` inside quotes does not end the tag).
    private static let tag = try! NSRegularExpression(pattern: #"<[a-zA-Z][^>"]*(?:"[^"]*"[^>"]*)*>"#)
    private static let attribute = try! NSRegularExpression(pattern: #"\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)="([^"]*)""#)

    /// The attributes of every tag of a page, in order, values unescaped.
    static func attributes(_ html: String) -> [(name: String, value: String)] {
        var out: [(String, String)] = []
        let text = html as NSString
        for t in tag.matches(in: html, range: NSRange(location: 0, length: text.length)) {
            let tagText = text.substring(with: t.range)
            let inner = tagText as NSString
            for a in attribute.matches(in: tagText, range: NSRange(location: 0, length: inner.length)) {
                out.append((inner.substring(with: a.range(at: 1)).lowercased(), unescape(inner.substring(with: a.range(at: 2)))))
            }
        }
        return out
    }

    static func unescape(_ value: String) -> String {
        guard value.contains("&") else { return value }
        var out = ""
        var rest = Substring(value)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semi]
            let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]
            if let s = named[String(entity)] {
                out += s
            } else if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let v = UInt32(entity.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) {
                out.unicodeScalars.append(u)
            } else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let u = Unicode.Scalar(v) {
                out.unicodeScalars.append(u)
            } else {
                out += rest[amp...semi]
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    /// Percent-decoded bytes; nil for a malformed escape.
    static func percentDecoded(_ text: Substring) -> [UInt8]? {
        var out: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let b = bytes.popFirst() {
            if b == UInt8(ascii: "%") {
                guard bytes.count >= 2, let v = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16) else { return nil }
                out.append(v)
                bytes = bytes.dropFirst(2)
            } else {
                out.append(b)
            }
        }
        return out
    }

    /// The ids of a page, read once; duplicates are problems of that page.
    private mutating func pageIDs(_ page: String) -> Set<[UInt8]> {
        if let known = ids[page] { return known }
        var seen = Set<[UInt8]>()
        let html = (try? root.appendingPathComponent(page).read()) ?? ""
        for (name, value) in Self.attributes(html) where name == "id" {
            if !seen.insert(Array(value.utf8)).inserted { problems.append("\(page): duplicate id \"\(value)\"") }
            if value.isEmpty { problems.append("\(page): empty id") }
        }
        ids[page] = seen
        return seen
    }

    private mutating func check(_ page: String) {
        _ = pageIDs(page)
        let html = (try? root.appendingPathComponent(page).read()) ?? ""
        for (name, value) in Self.attributes(html) where ["href", "src", "xlink:href"].contains(name) {
            follow(value, from: page)
        }
    }

    private mutating func follow(_ url: String, from page: String) {
        if url.isEmpty || url.hasPrefix("data:") { return }
        if url.hasPrefix("//") || url.range(of: #"^[a-zA-Z][a-zA-Z0-9+.-]*:"#, options: .regularExpression) != nil {
            if url.lowercased().hasPrefix("file:") { problems.append("\(page): file URL \(url)") }
            return
        }
        if url.hasPrefix("/") {
            problems.append("\(page): root-absolute \(url) breaks under a sub-path and from disk")
            return
        }
        linksFollowed += 1
        let hash = url.firstIndex(of: "#")
        let fragment = hash.map { url[url.index(after: $0)...] }
        var path = url[..<(hash ?? url.endIndex)]
        if let q = path.firstIndex(of: "?") { path = path[..<q] }
        guard let decoded = Self.percentDecoded(path), let pathText = String(validating: decoded, as: UTF8.self) else {
            problems.append("\(page): malformed \(url)")
            return
        }
        var target: String
        if pathText.isEmpty {
            target = page
        } else {
            var parts = page.split(separator: "/").dropLast().map(String.init)
            for segment in pathText.split(separator: "/", omittingEmptySubsequences: false) {
                switch segment {
                case ".", "": continue
                case "..":
                    guard !parts.isEmpty else {
                        problems.append("\(page): \(url) leaves the site folder")
                        return
                    }
                    parts.removeLast()
                default: parts.append(String(segment))
                }
            }
            target = parts.joined(separator: "/")
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: root.appendingPathComponent(target).path, isDirectory: &isFolder)
            if exists && isFolder.boolValue { target += (target.isEmpty ? "" : "/") + "index.html" }
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent(target).path) else {
                problems.append("\(page): \(url) leads to \(target), which does not exist")
                return
            }
        }
        guard let fragment, !fragment.isEmpty, target.hasSuffix(".html") || target.hasSuffix(".svg") else { return }
        let wanted = Self.percentDecoded(fragment) ?? Array(fragment.utf8)
        if wanted == Array("top".utf8) { return }
        if !pageIDs(target).contains(wanted) && !pageIDs(target).contains(Array(fragment.utf8)) {
            problems.append("\(page): \(url) names no id of \(target) (\"\(String(decoding: wanted, as: UTF8.self))\")")
        }
    }
}

/// A vault of the cases where a site's ids and hrefs are computed in two places (headings and
/// the links to them, embeds, footnotes, permalinks, concept and tag pages, graph pictures):
/// every link of its site must lead somewhere, and the only broken links are the ones the
/// build's link check reports.
@Suite struct SiteLinkTests {
    static func nfd(_ s: String) -> String { s.decomposedStringWithCanonicalMapping }

    static let files: [(String, String)] = [
        ("index.md", """
            # 홈

            [[Repeats]], [[ko/한글 노트]], [[ko/한글 노트#자료구조: 스택 & 큐 (Stack)]], [[Repeats#Summary#Details]],
            [[Repeats#Second#Details]], [link](Repeats.md#summary-1), [[Embedder]], [[Math heads#Loss $L$ and `code`]],
            [[퍼마링크]], [[퍼마링크#섹션 하나]], [self](#홈-섹션), [[#홈 섹션]], [foot](#fn-1), [[Math heads#C]].
            Titles, which the page heading stands in for: [top](#홈), [[#홈]], [[Repeats#Repeats]],
            [[ko/한글 노트#한글 노트]], [md](ko/한글%20노트.md#한글-노트), [[Math heads#Math heads]].

            ## 홈 섹션

            Footnote[^1] and another[^note].

            [^1]: First.
            [^note]: Named, with a [[Repeats#Summary|link]].
            """),
        ("Repeats.md", """
            ---
            tags: [반복, test]
            ---
            # Repeats

            ## Summary

            one[^1]

            ### Details

            d

            ## Second

            ### Details

            more

            ## Summary

            two [[#Summary]] [again](#summary-1)

            ## Summary-1

            three

            [^1]: In repeats.
            """),
        ("ko/한글 노트.md", """
            # 한글 노트

            ## 자료구조: 스택 & 큐 (Stack)

            [[#자료구조: 스택 & 큐 (Stack)]] [링크](#자료구조-스택--큐-stack) [인코딩](#%EC%9E%90%EB%A3%8C%EA%B5%AC%EC%A1%B0-%EC%8A%A4%ED%83%9D--%ED%81%90-stack)

            ## \(nfd("정규화 제목"))

            NFD heading: [[#정규화 제목]] [md](#정규화-제목) [[Repeats]]

            ## Ünïcödé Ĥeading

            [[#Ünïcödé Ĥeading]]
            """),
        ("Embedder.md", """
            # Embedder

            ## Summary

            text[^a] [[#Summary]]

            ![[Repeats]]

            ![[Repeats]]

            ![[Repeats#Second]]

            ![[Math heads]]

            [^a]: Embedder's own.
            """),
        ("Math heads.md", """
            # Math heads

            ## Loss $L$ and `code`

            ## See [the note](Repeats.md) now

            [[#See the note now]]

            ## $\\alpha$

            [[#$\\alpha$]] [[#alpha]]

            ## 🙂

            [[#🙂]]

            ## !!!

            [[#!!!]]

            ## C++

            ## C

            [[#C]] [[#C++]]
            """),
        ("글/퍼마링크.md", """
            ---
            permalink: /글/퍼마 링크/
            tags: [한글 태그]
            ---
            # 퍼마링크

            ## 섹션 하나

            [[#섹션 하나]] [[Repeats#Summary]] ![[사진 파일.png]] [pdf](../files/문서%20파일.pdf)

            <figure><img src="사진%20파일.png" alt="raw"><img src='../files/그림.svg'></figure>

            <p>Raw links: <a href="../Weird.md#head">weird</a>, <a href="../files/문서%20파일.pdf">pdf</a>, <a href="#섹션-하나">here</a></p>

            ## Variational Auto Encoder (VAE)

            A **VAE** is [[Embedder]].
            """),
        ("Weird.md", "---\npermalink: /Weird Path/x y%z/\n---\n# Weird\n\n## Head\n\n[[Weird#Head]] [[퍼마링크#Variational Auto Encoder (VAE)]] [[VAE]]\n"),
        ("Broken.md", "# Broken\n\n[[Nowhere]] [x](Repeats.md#nope) [[Repeats#Nope]] [[Repeats#Second#Summary]] [y](#fn-9) ![](missing.png)\n"),
    ]

    @Test func everyLinkOfTheSiteLeadsSomewhere() throws {
        let dir = TempDir()
        for (path, text) in Self.files { try dir.write("content/" + path, text) }
        try dir.write("content/글/사진 파일.png", [0x89, 0x50, 0x4E, 0x47])
        try dir.write("content/files/문서 파일.pdf", Array("%PDF-1.4".utf8))
        try dir.write("content/files/그림.svg", Array("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8))
        let site = dir.url.appendingPathComponent("site")
        let report = try BuildPipeline.run(BuildOptions(content: dir.url.appendingPathComponent("content"), output: site,
                                                        templates: nil, config: ProjectConfig(), includeDrafts: false))
        #expect(report.wroteSite)
        let audit = SiteAudit.audit(site)
        #expect(audit.problems == [])
        #expect(audit.linksFollowed > 300)

        // The broken links are Broken.md's, each reported, and no other link is.
        let findings = report.diagnostics.filter { $0.location?.file.hasSuffix(".md") == true && $0.code != "ambiguous" }
        #expect(Set(findings.map { $0.location!.file.split(separator: "/").last.map(String.init)! }) == ["Broken.md"],
                "\(findings)")
        #expect(findings.map(\.code).sorted() == ["broken-anchor", "broken-anchor", "broken-anchor", "broken-anchor",
                                                   "broken-wikilink", "missing-asset"])

        // What used to go wrong: an embedded note's headings took the page's own ids, a heading
        // typed decomposed got an id no link could name, an empty id, a nested link's section.
        let embedder = try site.appendingPathComponent("Embedder/index.html").read()
        #expect(embedder.contains("<h2 id=\"summary\">Summary</h2>"))
        #expect(embedder.components(separatedBy: "id=\"summary\"").count == 2)
        let korean = try site.appendingPathComponent("ko/한글 노트/index.html").read()
        #expect(korean.utf8.contains(Array("id=\"정규화-제목\"".utf8)))
        let math = try site.appendingPathComponent("Math heads/index.html").read()
        #expect(!math.contains("id=\"\"") && !math.contains("href=\"#\""))
        let home = try site.appendingPathComponent("index.html").read()
        #expect(home.contains("href=\"Repeats/index.html#details-1\""), "[[Repeats#Second#Details]] is the Details under Second")
        #expect(home.contains("href=\"#fn-1\""))
        // A link to the `# Title` heading, which the page heading replaces, lands on the page
        // heading: it carries the heading's id (the audit above follows each such link).
        #expect(home.contains("<h1 class=\"note-title\" id=\"홈\">홈</h1>"), "\(home)")
        #expect(korean.contains("<h1 class=\"note-title\" id=\"한글-노트\">한글 노트</h1>"))
        #expect(math.contains("<h1 class=\"note-title\" id=\"math-heads\">"))
        // Raw HTML images are copied and linked from the page, which is not in the note's folder.
        let perma = try site.appendingPathComponent("글/퍼마 링크/index.html").read()
        #expect(perma.contains("<img src=\"../%EC%82%AC%EC%A7%84%20%ED%8C%8C%EC%9D%BC.png\" alt=\"raw\">"))
        // So are raw HTML links, resolved as Markdown links are: to the note's page and heading,
        // to the file's copy, to this page's own heading.
        #expect(perma.contains("<a href=\"../../Weird%20Path/x%20y%25z/index.html#head\">weird</a>"), "\(perma)")
        #expect(perma.contains("<a href=\"../../files/%EB%AC%B8%EC%84%9C%20%ED%8C%8C%EC%9D%BC.pdf\">pdf</a>"))
        #expect(perma.contains("<a href=\"#%EC%84%B9%EC%85%98-%ED%95%98%EB%82%98\">here</a>"))
    }
}

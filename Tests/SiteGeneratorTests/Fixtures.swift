import Foundation
import Notes
import SiteGenerator
import Testing

/// A small study site: a home note, two deep-learning notes that link to each other, an undated
/// note and a top-level one.
enum Fixture {
    static let vae = NotePage(
        path: NotePath("dl/vae.md"), permalink: Permalink("dl/vae/"),
        title: "Variational Autoencoder (VAE)", titleHTML: "Variational Autoencoder (<abbr>VAE</abbr>)",
        description: "잠재 변수 모델 정리", date: NoteDate(parsing: "2025-03-04"),
        updated: NoteDate(parsing: "2025-03-08T10:30:00+09:00"),
        tags: ["딥러닝", "Generative Models"],
        toc: [TocEntry(level: 2, text: "ELBO", anchor: "elbo"), TocEntry(level: 3, text: "재매개변수화 트릭", anchor: "재매개변수화-트릭")],
        bodyHTML: "<p>VAE는 <a class=\"wikilink\" href=\"../gan/index.html\">GAN</a>과 다르다.</p>\n<h2 id=\"elbo\">ELBO</h2>\n<div class=\"math display\">\\log p(x) \\ge \\mathrm{ELBO}</div>\n<h3 id=\"재매개변수화-트릭\">재매개변수화 트릭</h3>\n<p>z = μ + σ ⊙ ε</p>\n",
        backlinks: [
            Backlink(sourceTitle: "GAN", sourcePermalink: Permalink("dl/gan/"),
                     contextBefore: "Unlike the ", contextMatch: "VAE", contextAfter: ", a GAN has no encoder."),
        ],
        outgoing: [OutgoingLink(title: "GAN", permalink: Permalink("dl/gan/"))],
        frontMatter: [.init(key: "author", value: .string("Kim"))],
        sourceLine: 6
    )

    static let gan = NotePage(
        path: NotePath("dl/gan.md"), permalink: Permalink("dl/gan/"), title: "GAN",
        date: NoteDate(parsing: "2025-03-10T09:00:00+09:00"), tags: ["딥러닝"],
        bodyHTML: "<p>Unlike the <a class=\"wikilink\" href=\"../vae/index.html\">VAE</a>, a GAN has no encoder.</p>\n",
        backlinks: [Backlink(sourceTitle: "Variational Autoencoder (VAE)", sourcePermalink: Permalink("dl/vae/"), context: "VAE는 GAN과 다르다.")],
        outgoing: [OutgoingLink(title: "Variational Autoencoder (VAE)", permalink: Permalink("dl/vae/"), fragment: "elbo")]
    )

    static let linearAlgebra = NotePage(
        path: NotePath("math/선형대수.md"), permalink: Permalink("math/선형대수/"), title: "선형대수",
        bodyHTML: "<p>행렬과 벡터.</p>\n"
    )

    static let top = NotePage(
        path: NotePath("about.md"), permalink: Permalink("about/"), title: "About",
        date: NoteDate(parsing: "2024-12-01"), bodyHTML: "<p>About these notes.</p>\n"
    )

    static let home = NotePage(
        path: NotePath("index.md"), permalink: .root, title: "My Study Notes",
        bodyHTML: "<p>Welcome to my notes.</p>\n"
    )

    static func input(baseURL: String? = nil, language: InterfaceLanguage = .en) -> SiteInput {
        SiteInput(title: "Study Notes", description: "Notes on ML & math", baseURL: baseURL, language: language,
                  notes: [vae, gan, linearAlgebra, top, home])
    }

    static func render(_ input: SiteInput, theme: Theme? = nil) throws -> [String: OutputFile] {
        let generator = SiteGenerator(theme: try theme ?? Theme.builtIn())
        var byPath: [String: OutputFile] = [:]
        for file in try generator.render(input) { byPath[file.path] = file }
        return byPath
    }

    static func text(_ files: [String: OutputFile], _ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        guard let file = files[path] else {
            Issue.record("no output file \(path); have \(files.keys.sorted())", sourceLocation: sourceLocation)
            return ""
        }
        guard case .data(let bytes) = file.contents else {
            Issue.record("\(path) is a copy, not data", sourceLocation: sourceLocation)
            return ""
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The repository checkout, found from this file's path.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A fresh empty folder, deleted by the caller.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ng-site-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

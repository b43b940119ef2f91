import Foundation
import SearchIndex
import Testing

/// The theme's search script (`templates/assets/search.js`) run by node against an index the
/// Swift writer made: the two halves of the search box agree on the format, and queries find
/// what a student expects. `make test` installs node (`scripts/install-deps test`).
@Suite struct SearchScriptTests {
    static let script = Fixture.repository.appendingPathComponent("templates/assets/search.js")
    static let behaviour = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Search/search-behaviour.js")

    @Test func queriesFindWhatAStudentExpects() throws {
        let documents = [
            SearchDocument(kind: .note, title: "VAE", href: "dl/vae/index.html", folder: "dl", tags: ["generative"],
                           sections: [.init(heading: "", fragment: "", text: "변분 오토인코더를 학습할 때 ELBO를 최대화한다."),
                                      .init(heading: "Reparameterization trick", fragment: "reparameterization-trick", text: "noise")]),
            SearchDocument(kind: .note, title: "Note A", href: "a/index.html", sections: [.init(heading: "", fragment: "", text: "same words")]),
            SearchDocument(kind: .note, title: "Note B", href: "b/index.html", sections: [.init(heading: "", fragment: "", text: "same words")]),
            SearchDocument(kind: .concept, title: "ELBO", href: "concepts/elbo/index.html", aliases: ["Evidence Lower Bound"]),
            SearchDocument(kind: .concept, title: "Auto Encoder", href: "concepts/auto-encoder/index.html"),
            SearchDocument(kind: .concept, title: "KL divergence", href: "concepts/kl/index.html", aliases: ["Kullback-Leibler divergence"]),
        ]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ng-search-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = folder.appendingPathComponent("search-index.js")
        try Data(SearchIndexWriter.write(documents, mode: .full)).write(to: index)
        let run = try Self.node([Self.behaviour.path, Self.script.path, index.path])
        #expect(run.status == 0, Comment(rawValue: run.stdout + run.stderr))
        #expect(run.stdout.contains("checks passed"))
    }

    static func node(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["node"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Small outputs: read after the exit.
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
                String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }
}

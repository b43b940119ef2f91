import Foundation
import SearchIndex
import SiteGenerator
import Testing

/// The search index made in pieces (`render(_:emit:writeStreaming:)`) is the index made whole.
@Suite struct SearchStreamingRenderTests {
    final class Pieces: @unchecked Sendable {
        let lock = NSLock()
        var files: [String: [UInt8]] = [:]
        var calls: [String] = []
        var emitted: [String] = []
        func emit(_ path: String) { lock.withLock { emitted.append(path) } }
        func add(_ path: String, _ piece: UnsafeRawBufferPointer) {
            lock.withLock { files[path, default: []].append(contentsOf: piece) }
        }
        func called(_ path: String) { lock.withLock { calls.append(path) } }
    }

    func input() -> SiteInput {
        var input = Fixture.input()
        // Two batches and an empty one, as a vault's notes and concepts come.
        input.search = SearchInput(mode: .full) { batch in
            try batch([SearchDocument(kind: .note, title: "VAE", href: "dl/vae/index.html", folder: "dl",
                                      sections: [.init(heading: "", fragment: "", text: "잠재 변수 \"모델\"")])])
            try batch([])
            try batch([SearchDocument(kind: .concept, title: "KL 발산", href: "concepts/kl/index.html", aliases: ["KLD"])])
        }
        return input
    }

    @Test func theStreamedIndexIsTheWholeOne() throws {
        let generator = SiteGenerator(theme: try Theme.builtIn())
        let whole = try generator.render(input())
        let pieces = Pieces()
        let paths = try generator.render(input(), emit: { pieces.emit($0.path) },
                                         writeStreaming: { path, body in
                                             pieces.called(path)
                                             try body { pieces.add(path, $0) }
                                         })
        #expect(pieces.calls == [SearchIndexWriter.fileName])
        #expect(!pieces.emitted.contains(SearchIndexWriter.fileName))
        #expect(paths == whole.map(\.path))
        let index = try #require(whole.first { $0.path == SearchIndexWriter.fileName })
        guard case .data(let bytes) = index.contents else { Issue.record("the index is not bytes"); return }
        #expect(pieces.files[SearchIndexWriter.fileName] == bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("{\"k\":\"note\",\"t\":\"VAE\""))
        #expect(text.contains("{\"k\":\"concept\",\"t\":\"KL 발산\""))
        #expect(text.contains("{\"k\":\"tag\""))
    }
}

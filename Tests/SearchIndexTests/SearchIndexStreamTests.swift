import Testing
@testable import SearchIndex
import TestSupport

/// `SearchIndexWriter.Stream`: the index written batch by batch, in pieces, gives the bytes of
/// the index written whole, whatever the batches and the piece size.
@Suite struct SearchIndexStreamTests {
    /// Entries with every optional part present or absent, escapes, Korean and emoji.
    func documents(_ count: Int, seed: UInt64) -> [SearchDocument] {
        var random = SplitMix(state: seed)
        let words = ["VAE", "변분 오토인코더", "quote \"x\"", "back\\slash", "line\nbreak", "\u{2028}", "😀", "", "KL 발산"]
        func word() -> String { words[Int(random.next() % UInt64(words.count))] }
        return (0..<count).map { i in
            let kind: SearchDocument.Kind = [.note, .concept, .tag][i % 3]
            let sections = (0..<Int(random.next() % 4)).map { k in
                SearchDocument.Section(heading: k == 0 ? "" : word(), fragment: k == 0 ? "" : "s\(k)", text: word() + " " + word())
            }
            return SearchDocument(kind: kind, title: word() + "\(i)", href: "n/\(i)/index.html",
                                  folder: random.next() % 2 == 0 ? "" : word(),
                                  tags: random.next() % 2 == 0 ? [] : [word(), word()],
                                  aliases: random.next() % 3 == 0 ? [word()] : [], sections: sections)
        }
    }

    /// The stream's output with `documents` split into batches at `cuts`, pieces of `pieceSize`.
    func streamed(_ documents: [SearchDocument], cuts: [Int], pieceSize: Int, mode: SearchMode = .full) throws -> (bytes: [UInt8], pieces: [Int]) {
        var bytes: [UInt8] = []
        var pieces: [Int] = []
        var stream = SearchIndexWriter.Stream(mode: mode, pieceSize: pieceSize) { piece in
            bytes.append(contentsOf: piece)
            pieces.append(piece.count)
        }
        var start = 0
        for cut in cuts + [documents.count] where cut >= start {
            try stream.append(Array(documents[start..<cut]))
            start = cut
        }
        try stream.finish()
        return (bytes, pieces)
    }

    @Test(arguments: [1, 7, 64, 1 << 18])
    func batchesAndPiecesGiveTheWholeIndexBytes(pieceSize: Int) throws {
        let documents = documents(200, seed: UInt64(pieceSize))
        let whole = SearchIndexWriter.write(documents, mode: .full)
        for cuts in [[], [0], [1], [100], [0, 0, 37, 37, 199], Array(stride(from: 0, to: 200, by: 13))] {
            let (bytes, pieces) = try streamed(documents, cuts: cuts, pieceSize: pieceSize)
            #expect(String(decoding: bytes, as: UTF8.self) == String(decoding: whole, as: UTF8.self), "cuts \(cuts), pieces of \(pieceSize)")
            // Every piece but the last is at least the piece size, and none is empty.
            #expect(pieces.dropLast().allSatisfy { $0 >= pieceSize })
            #expect(pieces.allSatisfy { $0 > 0 })
        }
    }

    @Test func anEmptyIndexAndEmptyBatches() throws {
        for mode in [SearchMode.full, .titles] {
            let (bytes, pieces) = try streamed([], cuts: [0, 0], pieceSize: 16, mode: mode)
            #expect(String(decoding: bytes, as: UTF8.self) == String(decoding: SearchIndexWriter.write([], mode: mode), as: UTF8.self))
            #expect(pieces.reduce(0, +) == bytes.count)
        }
    }

    @Test func aBigIndexIsHandedOnInPiecesNotWhole() throws {
        let documents = documents(3_000, seed: 11)
        let (bytes, pieces) = try streamed(documents, cuts: [512, 1024, 1536, 2048, 2560], pieceSize: 4_096)
        #expect(String(decoding: bytes, as: UTF8.self) == String(decoding: SearchIndexWriter.write(documents, mode: .full), as: UTF8.self))
        #expect(pieces.count > 10)
        // A piece ends soon after it reaches the size: at most one entry more.
        #expect(pieces.max()! < 4_096 + 2_048)
    }

    @Test func anErrorOfTheReceiverStopsTheStream() {
        struct Full: Error {}
        var calls = 0
        var stream = SearchIndexWriter.Stream(mode: .full, pieceSize: 8) { _ in
            calls += 1
            throw Full()
        }
        #expect(throws: Full.self) { try stream.append(documents(5, seed: 3)) }
        #expect(calls == 1)
    }
}

@testable import GraphExport
import KnowledgeGraph
import Testing

/// The exports written in pieces (`GraphFileWriter.write(_:pieces:emit:)`, how the site writes
/// graph.dot, .json and .graphml) against the same exports whole (`writeBytes`).
@Suite struct PieceOutputTests {
    struct Failed: Error {}

    static var writers: [(name: String, writer: any GraphFileWriter)] {
        var pretty = JSONGraphWriter.Options()
        pretty.pretty = true
        var compact = JSONGraphWriter.Options()
        compact.pretty = false
        return DOTWriterTests.variants.map { ("dot/\($0.0)", DOTWriter(options: $0.1) as any GraphFileWriter) }
            + [("json/pretty", JSONGraphWriter(options: pretty)), ("json/compact", JSONGraphWriter(options: compact)),
               ("graphml", GraphMLWriter())]
    }

    /// Every piece size, from one byte (a piece per append, most longer than the piece) to
    /// larger than the document (one piece, at the end), gives the whole document's bytes,
    /// in pieces no longer than asked except where one append was longer.
    @Test(arguments: [1, 7, 64, 100, 4096, 1 << 20])
    func piecesJoinToTheWholeDocument(size: Int) throws {
        for (graphName, graph) in ByteOutputTests.graphs {
            for (name, writer) in Self.writers {
                var joined: [UInt8] = []
                var pieces: [Int] = []
                try writer.write(graph, pieces: size) { piece in
                    joined += piece
                    pieces.append(piece.count)
                }
                let whole = writer.writeBytes(graph)
                #expect(joined == whole, "\(graphName)/\(name) in pieces of \(size)")
                #expect(!pieces.contains(0), "no empty piece")
                if size >= 4096 {
                    // Every append in these exports is far shorter than 2 KB: no piece is longer
                    // than asked, and only the last one is much shorter (the buffer is handed over
                    // when the next append would not fit).
                    #expect(pieces.allSatisfy { $0 <= size }, "\(graphName)/\(name)")
                    #expect(pieces.dropLast().allSatisfy { $0 > size - 2048 }, "\(graphName)/\(name): pieces are filled")
                }
            }
        }
    }

    /// A receiver that fails (a full disk) stops the pieces, and its error comes out once.
    @Test func theReceiversFirstErrorStopsThePieces() {
        for (name, writer) in Self.writers {
            var calls = 0
            #expect(throws: Failed.self, "\(name)") {
                try writer.write(Fixtures.big, pieces: 256) { _ in
                    calls += 1
                    if calls == 3 { throw Failed() }
                }
            }
            #expect(calls == 3, "\(name): no piece after the failure")
        }
    }

    /// The buffer itself: pieces as large as the buffer (64 bytes at least), an append longer
    /// than the buffer as one piece of its own, and the rest at `finish()`.
    @Test func aSpillingBufferHandsOverFullPieces() throws {
        var pieces: [String] = []
        try withoutActuallyEscaping({ (piece: UnsafeRawBufferPointer) in
            pieces.append(String(decoding: piece, as: UTF8.self))
        }) { emit in
            var buffer = ByteBuffer(pieces: 8, emit: emit)
            let forty = String(repeating: "a", count: 40), thirty = String(repeating: "b", count: 30)
            let hundred = String(repeating: "c", count: 100)
            buffer.append(string: forty)
            #expect(pieces.isEmpty)
            buffer.append(string: thirty)       // 70 > 64: the forty go
            buffer.append(string: hundred)      // the thirty go; the hundred get a buffer of their own
            buffer.append(byte: UInt8(ascii: "d"))
            #expect(pieces == [forty, thirty, hundred])
            try buffer.finish()
            #expect(pieces == [forty, thirty, hundred, "d"])
            try buffer.finish()
            #expect(pieces.count == 4, "nothing more to hand over")
        }
    }
}

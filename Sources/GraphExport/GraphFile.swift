public import KnowledgeGraph

/// A whole-graph export (`DOTWriter`, `JSONGraphWriter`, `GraphMLWriter`): the document whole
/// in memory, or handed out in pieces as it is written, for a file of a hundred MB that should
/// not first be held whole (the site's graph.dot, .json and .graphml). Both give the same bytes.
public protocol GraphFileWriter: Sendable {
    /// The document as UTF-8.
    func writeBytes(_ graph: Graph) -> [UInt8]
    /// The same bytes, handed to `emit` in order, in pieces of at most `pieces` bytes (a single
    /// write longer than that makes one longer piece). The first error `emit` throws stops the
    /// pieces and is thrown once the document is done.
    func write(_ graph: Graph, pieces: Int, emit: (UnsafeRawBufferPointer) throws -> Void) throws
}

public enum GraphFile {
    /// The size of the pieces a graph file is written in: small enough to stay in the
    /// processor's cache between being written and being copied into the file, large enough
    /// that the file takes a few hundred `write` calls on the biggest vaults.
    public static let pieceSize = 256 * 1024
}

/// What the writers share: the document written into a buffer, which either holds it all or
/// spills it in pieces (`ByteBuffer.init(pieces:emit:)`).
protocol GraphDocumentWriter {
    /// Roughly the document's size, so that a buffer holding it all is rarely copied to grow.
    func estimatedSize(_ graph: Graph) -> Int
    func write(_ graph: Graph, into out: inout ByteBuffer)
}

extension GraphDocumentWriter {
    func wholeDocument(_ graph: Graph) -> [UInt8] {
        var out = ByteBuffer(capacity: estimatedSize(graph))
        write(graph, into: &out)
        return out.bytes
    }

    func document(_ graph: Graph, pieces: Int, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        try withoutActuallyEscaping(emit) { emit in
            var out = ByteBuffer(pieces: max(pieces, 64), emit: emit)
            write(graph, into: &out)
            try out.finish()
        }
    }
}

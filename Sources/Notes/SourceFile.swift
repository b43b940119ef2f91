public import Foundation

/// A note file as read from disk, before decoding: reading and parsing are separate phases so
/// that parsing can run in parallel and be tested without a file system.
public struct SourceFile: Sendable {
    /// The path relative to the content folder, NFC-normalised.
    public var path: NotePath
    /// Where the file is on disk (with the file system's own spelling of the name).
    public var url: URL
    /// The file's contents, undecoded.
    public var bytes: [UInt8]

    /// Assembles a source file, for tests and callers that read files themselves.
    public init(path: NotePath, url: URL, bytes: [UInt8]) {
        self.path = path
        self.url = url
        self.bytes = bytes
    }
}

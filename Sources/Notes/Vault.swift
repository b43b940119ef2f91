public import Diagnostics
public import Foundation

/// Everything the load phase found in the content folder.
public struct Vault: Sendable {
    /// The content folder.
    public var root: URL
    /// Markdown files with their bytes, sorted by path.
    public var notes: [SourceFile]
    /// Every other file (images, PDFs, …), by path; read only when copied to the site.
    public var assets: [NotePath: URL]
    /// Warnings about what was skipped and why.
    public var diagnostics: [Diagnostic]

    /// Assembles a vault, for tests and callers that find files themselves.
    public init(root: URL, notes: [SourceFile], assets: [NotePath: URL], diagnostics: [Diagnostic]) {
        self.root = root
        self.notes = notes
        self.assets = assets
        self.diagnostics = diagnostics
    }

    /// The values of the notes that could be read, in the notes' order, from one result per
    /// note (as `VaultLoader.readNote` gives): a note that could not be read leaves `notes`, and
    /// its warning joins `diagnostics`, which stay sorted.
    ///
    /// The values are moved out of the results from the back (`popLast`) into their places in
    /// the new array: a loop that read them in place copied every value, a retain of each of its
    /// parts and a release when the results went, ten thousand notes on one core between the
    /// parse and the link. Inlinable, so that the caller's module specializes it for its `T`:
    /// unspecialized, each move was a copy through the type's value witnesses, slower still.
    @inlinable
    public mutating func keepReadable<T>(_ results: consuming [Result<T, Diagnostic>]) -> [T] {
        precondition(results.count == notes.count, "one result per note")
        var unreadable: [(index: Int, warning: Diagnostic)] = []
        for i in results.indices {
            if case .failure(let warning) = results[i] { unreadable.append((i, warning)) }
        }
        let count = results.count - unreadable.count
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            var k = count
            while let result = results.popLast() {
                switch consume result {
                case .success(let value):
                    k -= 1
                    (buffer.baseAddress! + k).initialize(to: consume value)
                case .failure:
                    continue
                }
            }
            initialized = count
        }
        if !unreadable.isEmpty { leaveOut(unreadable) }
        return values
    }

    /// Takes the notes at the given indices (in increasing order) out of `notes`, their warnings
    /// into `diagnostics`, which stay sorted.
    @usableFromInline
    mutating func leaveOut(_ unreadable: [(index: Int, warning: Diagnostic)]) {
        let skipped = Set(unreadable.map(\.index))
        notes = notes.indices.filter { !skipped.contains($0) }.map { notes[$0] }
        diagnostics += unreadable.map(\.warning)
        diagnostics.sort()
    }
}

/// The content folder cannot be loaded at all (it is missing or not a folder). Problems with
/// single files are diagnostics instead, so one bad file never stops the build.
public struct VaultError: Error, LocalizedError, CustomStringConvertible, Sendable {
    /// What went wrong, naming the folder: "content folder ./x does not exist".
    public var message: String
    /// What to do about it.
    public var hint: String?

    /// An error with its message and an optional hint.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    /// The message, as the command line prints it.
    public var description: String { message }
    /// The message, for `localizedDescription`.
    public var errorDescription: String? { message }
    /// The hint, for `LocalizedError` users.
    public var recoverySuggestion: String? { hint }
}

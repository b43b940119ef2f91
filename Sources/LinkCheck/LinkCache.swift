public import Foundation

/// URLs that answered successfully, and when: a later run within `days` does not ask again.
/// Only successes are kept, so a broken link is always checked afresh.
///
/// The file is JSON (`{"version":1,"entries":{"https://…":{"checked":…,"status":200}}}`), written
/// atomically; a missing or unreadable file is an empty cache, never an error.
public struct LinkCache: Sendable {
    struct Entry: Codable, Sendable {
        var status: Int
        /// Seconds since 1970.
        var checked: Double
    }

    private struct File: Codable {
        var version: Int
        var entries: [String: Entry]
    }

    private(set) var entries: [String: Entry] = [:]
    let maxAge: Double

    public init(days: Double) {
        maxAge = days * 86_400
    }

    public static func load(from url: URL, days: Double, now: Date = Date()) -> LinkCache {
        var cache = LinkCache(days: days)
        guard let data = try? Data(contentsOf: url),
              let file = try? JSONDecoder().decode(File.self, from: data), file.version == 1 else { return cache }
        let oldest = now.timeIntervalSince1970 - cache.maxAge
        cache.entries = file.entries.filter { $0.value.checked >= oldest && $0.value.checked <= now.timeIntervalSince1970 + 60 }
        return cache
    }

    /// Whether `url` answered within the last `days`.
    public func isFresh(_ url: String, now: Date = Date()) -> Bool {
        guard let entry = entries[url] else { return false }
        return now.timeIntervalSince1970 - entry.checked <= maxAge
    }

    mutating func recordSuccess(_ url: String, status: Int, at date: Date = Date()) {
        entries[url] = Entry(status: status, checked: date.timeIntervalSince1970)
    }

    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(File(version: 1, entries: entries))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }
}

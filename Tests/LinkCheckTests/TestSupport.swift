import Diagnostics
import Foundation
@testable import LinkCheck
import Linker
import Notes
import Testing

enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func url(_ name: String) -> URL { repository.appendingPathComponent("Tests/Fixtures/\(name)") }
}

/// A vault after load, parse and link, the way the pipeline prepares it for the check.
struct LoadedVault {
    var linked: LinkedVault
    var names: RawNames

    /// `conceptNamesOnly` links as `notegraph check` does: with the concepts' names only
    /// (`ConceptCatalog.buildNames`) and no graph.
    init(_ root: URL, conceptNamesOnly: Bool = false) throws {
        let vault = try VaultLoader.load(root: root, ignore: [])
        let notes = vault.notes.map { ParsedNote.parse(Note.load($0), policy: .optOut, includeDrafts: false) }
        linked = conceptNamesOnly
            ? Linker.link(notes: notes, assets: vault.assets, concepts: ConceptCatalog.buildNames(notes: notes), graph: false)
            : Linker.link(notes: notes, assets: vault.assets)
        names = RawNames(root: root, files: vault.notes.map { ($0.path, $0.url) } + vault.assets.map { ($0.key, $0.value) })
    }

    func check(sources: Set<Int>? = nil) -> OfflineReport {
        OfflineChecker(vault: linked, names: names).check(sources: sources)
    }

    func index(of path: String) -> Int? { linked.notes.firstIndex { $0.path.string == path } }
}

extension Finding {
    /// `notes/a.md:3:5 broken-anchor`: what the tests compare.
    var brief: String { "\(location) \(kind.rawValue)" }
}

/// A fresh temporary folder, removed when the value goes away.
final class TempFolder {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("linkcheck-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes a file; `relative` is used byte for byte (an NFD name stays NFD).
    func write(_ relative: String, _ text: String) throws {
        let file = URL(fileURLWithPath: url.path + "/" + relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    /// The names in a folder exactly as the file system returns them.
    func rawNames(in folder: String = "") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? url.path : url.path + "/" + folder)
    }
}

/// The notegraph binary next to the test bundle (`swift build` builds it beside the tests).
enum Binary {
    static var url: URL? {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["NOTEGRAPH_BINARY"] { candidates.append(URL(fileURLWithPath: path)) }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("notegraph"))
            folder = folder.deletingLastPathComponent()
        }
        candidates.append(Fixtures.repository.appendingPathComponent(".build/debug/notegraph"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> Run {
        guard let url else { throw TestFailure("notegraph binary not found; run swift build first") }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["GITHUB_WORKSPACE"] = nil
        env["GITHUB_STEP_SUMMARY"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs a command (git) in a folder; throws on failure.
@discardableResult
func shell(_ arguments: [String], in folder: URL) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = folder
    var env = ProcessInfo.processInfo.environment
    env["GIT_AUTHOR_NAME"] = "t"; env["GIT_AUTHOR_EMAIL"] = "t@example.org"
    env["GIT_COMMITTER_NAME"] = "t"; env["GIT_COMMITTER_EMAIL"] = "t@example.org"
    process.environment = env
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw TestFailure("\(arguments.joined(separator: " ")) failed") }
    return String(decoding: data, as: UTF8.self)
}

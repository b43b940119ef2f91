import Foundation
import Testing

/// Runs an external program (Graphviz, python3) found on PATH, feeding `input` to its standard
/// input and collecting both outputs.
struct ToolRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum Tool {
    static func run(_ program: String, _ arguments: [String], input: String = "") throws -> ToolRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        process.standardInput = inPipe
        process.standardOutput = outPipe
        process.standardError = errPipe
        try process.run()
        let data = Data(input.utf8)
        let writer = Thread {
            inPipe.fileHandleForWriting.write(data)
            try? inPipe.fileHandleForWriting.close()
        }
        writer.start()
        let errBox = DataBox()
        let errReader = Thread { errBox.data = errPipe.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errBox.done { usleep(1000) }
        return ToolRun(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                       stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    /// Lays `dot` out with `engine` into SVG; Graphviz must be installed (`make test` installs it).
    static func graphviz(_ dot: String, engine: String = "dot") throws -> ToolRun {
        try run("dot", ["-K" + engine, "-Tsvg"], input: dot)
    }
}

final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value = Data()
    private var finished = false
    var data: Data {
        get { lock.lock(); defer { lock.unlock() }; return value }
        set { lock.lock(); value = newValue; finished = true; lock.unlock() }
    }
    var done: Bool { lock.lock(); defer { lock.unlock() }; return finished }
}

/// Golden files beside this test file, rewritten when NOTEGRAPH_UPDATE_GOLDEN=1.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["NOTEGRAPH_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("golden file \(name) is missing; run with NOTEGRAPH_UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        // Bytes, not `String ==`, which takes composed and decomposed Hangul for the same text.
        if [UInt8](data) != Array(text.utf8) {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = text.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(a, b).enumerated().first { !$0.element.0.utf8.elementsEqual($0.element.1.utf8) }?.offset ?? min(a.count, b.count)
            Issue.record("""
                \(name) differs from the golden file at line \(line + 1):
                  expected: \(line < a.count ? String(a[line]) : "<end>")
                  actual:   \(line < b.count ? String(b[line]) : "<end>")
                (NOTEGRAPH_UPDATE_GOLDEN=1 rewrites it if the change is intended)
                """, sourceLocation: sourceLocation)
        }
    }
}

public import Foundation

/// Debian's Graphviz, run as a subprocess to lay graphs out as SVG.
///
/// Starting `dot` costs more than laying out a small graph, so pictures go in batches: one input
/// holds many `digraph` blocks, Graphviz writes one SVG document per block, and the output is
/// split at each document's start. Batches run as parallel processes, one per core.
public struct Graphviz: Sendable {
    /// The `dot` program; the engine is chosen per run with `-K`.
    public var executable: URL
    /// A private plugin folder (`GVBINDIR`) holding only Graphviz's core renderer and its layout
    /// engines, without the pango text-layout plugin; nil when it could not be made.
    ///
    /// Why: with pango, Graphviz sizes every node from the fonts the machine happens to have, so
    /// the same graph lays out differently on another machine (or with another font cache), and a
    /// committed site would not match a fresh build. Without it, Graphviz measures text with its
    /// built-in font metrics: the same layout everywhere.
    public var pluginFolder: URL?

    public init(executable: URL) {
        self.executable = executable
        self.pluginFolder = PluginFolders.shared.folder(for: executable)
    }

    /// The Graphviz plugin libraries beside the installed ones that do not depend on fonts.
    static let fontIndependentPlugins = ["libgvplugin_core", "libgvplugin_dot_layout", "libgvplugin_neato_layout"]

    static func makePluginFolder(for executable: URL) -> URL? {
        let fm = FileManager.default
        var candidates = ["/usr/lib/x86_64-linux-gnu/graphviz", "/usr/lib/aarch64-linux-gnu/graphviz", "/usr/lib64/graphviz",
                          "/usr/lib/graphviz", "/usr/local/lib/graphviz", "/opt/homebrew/lib/graphviz"]
        // A Graphviz of its own prefix (`/opt/x/bin/dot` → `/opt/x/lib/graphviz`) comes first.
        candidates.insert(executable.resolvingSymlinksInPath().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("lib/graphviz").path, at: 0)
        guard let source = candidates.first(where: { folder in
            (try? fm.contentsOfDirectory(atPath: folder))?.contains { $0.hasPrefix("libgvplugin_core.") } == true
        }), let names = try? fm.contentsOfDirectory(atPath: source) else { return nil }
        let folder = fm.temporaryDirectory.appendingPathComponent("notegraph-graphviz-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            for name in names where fontIndependentPlugins.contains(where: { name.hasPrefix($0 + ".") }) {
                try fm.createSymbolicLink(at: folder.appendingPathComponent(name),
                                          withDestinationURL: URL(fileURLWithPath: source).appendingPathComponent(name))
            }
            // `dot -c` writes the plugin configuration (config6a or the like) for that folder.
            let output = try ProcessOutput.run(executable, ["-c"], input: Data(), environment: ["GVBINDIR": folder.path])
            guard output.status == 0 else { return nil }
        } catch {
            try? fm.removeItem(at: folder)
            return nil
        }
        return folder
    }


    /// `dot` on PATH, or the program named by `NOTEGRAPH_GRAPHVIZ` (set it to `none` to build
    /// without pictures). Nil when there is none.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> Graphviz? {
        let fm = FileManager.default
        if let chosen = environment["NOTEGRAPH_GRAPHVIZ"], !chosen.isEmpty {
            guard chosen != "none", fm.isExecutableFile(atPath: chosen) else { return nil }
            return Graphviz(executable: URL(fileURLWithPath: chosen))
        }
        for folder in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("dot")
            if fm.isExecutableFile(atPath: candidate.path) { return Graphviz(executable: candidate) }
        }
        return nil
    }

    /// What went wrong running Graphviz.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// One layout job: graphs in DOT, laid out with one engine.
    public struct Batch: Sendable {
        public var engine: String
        public var graphs: [String]

        public init(engine: String, graphs: [String]) {
            self.engine = engine
            self.graphs = graphs
        }
    }

    /// Lays out every graph of every batch, returning one SVG document per graph, in order.
    /// Batches and, within a batch, chunks of graphs run as parallel processes. A batch that
    /// fails as a whole gives a `Failure` for each of its graphs; warnings on standard error do
    /// not fail anything.
    public func render(_ batches: [Batch], processes: Int = ProcessInfo.processInfo.activeProcessorCount) -> [[Result<String, Failure>]] {
        // Jobs: (batch, range of its graphs). Chunks are sized so there are a few per core,
        // which balances a slow global layout against many quick local ones.
        var jobs: [(batch: Int, range: Range<Int>)] = []
        let total = batches.reduce(0) { $0 + $1.graphs.count }
        let chunk = max(50, total / max(1, processes * 3) + 1)
        for (b, batch) in batches.enumerated() {
            var start = 0
            while start < batch.graphs.count {
                let end = min(batch.graphs.count, start + chunk)
                jobs.append((b, start..<end))
                start = end
            }
        }
        let results = JobResults(count: jobs.count)
        let frozen = jobs
        DispatchQueue.concurrentPerform(iterations: frozen.count) { j in
            let job = frozen[j]
            let batch = batches[job.batch]
            results.set(j, run(engine: batch.engine, graphs: Array(batch.graphs[job.range])))
        }
        var out = batches.map { [Result<String, Failure>](repeating: .failure(Failure(description: "not run")), count: $0.graphs.count) }
        for (j, job) in jobs.enumerated() {
            switch results.get(j) {
            case .success(let svgs):
                for (k, svg) in svgs.enumerated() { out[job.batch][job.range.lowerBound + k] = .success(svg) }
            case .failure(let failure):
                for k in job.range { out[job.batch][k] = .failure(failure) }
            }
        }
        return out
    }

    /// One process over several graphs.
    func run(engine: String, graphs: [String]) -> Result<[String], Failure> {
        let input = Data(graphs.joined(separator: "\n").utf8)
        let output: ProcessOutput
        do {
            output = try ProcessOutput.run(executable, ["-K" + engine, "-Tsvg"], input: input,
                                           environment: pluginFolder.map { ["GVBINDIR": $0.path] } ?? [:])
        } catch {
            return .failure(Failure(description: "cannot run \(executable.path): \(error)"))
        }
        guard output.status == 0 else {
            let message = String(decoding: output.stderr.prefix(2000), as: UTF8.self)
            return .failure(Failure(description: "\(executable.lastPathComponent) -K\(engine) exited with status \(output.status): \(message)"))
        }
        let svgs = Graphviz.splitDocuments(output.stdout)
        guard svgs.count == graphs.count else {
            return .failure(Failure(description: "\(executable.lastPathComponent) -K\(engine) gave \(svgs.count) pictures for \(graphs.count) graphs"))
        }
        return .success(svgs)
    }

    /// Splits concatenated SVG documents, each starting with an XML declaration.
    static func splitDocuments(_ data: Data) -> [String] {
        let bytes = [UInt8](data)
        let marker = Array("<?xml".utf8)
        var starts: [Int] = []
        var i = 0
        while i + marker.count <= bytes.count {
            if bytes[i] == marker[0], bytes[i..<(i + marker.count)].elementsEqual(marker) {
                starts.append(i)
                i += marker.count
            } else {
                i += 1
            }
        }
        return starts.enumerated().map { k, start in
            let end = k + 1 < starts.count ? starts[k + 1] : bytes.count
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
    }
}

/// A finished subprocess: status and everything it wrote.
struct ProcessOutput {
    var status: Int32
    var stdout: Data
    var stderr: Data

    /// Runs `executable`, writing `input` to its standard input while reading both outputs on
    /// other threads, so a full pipe never blocks either side.
    static func run(_ executable: URL, _ arguments: [String], input: Data, environment: [String: String] = [:]) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        process.standardInput = inPipe
        process.standardOutput = outPipe
        process.standardError = errPipe
        try process.run()
        let group = DispatchGroup()
        let collected = Collected()
        let writer = inPipe.fileHandleForWriting
        let outReader = outPipe.fileHandleForReading
        let errReader = errPipe.fileHandleForReading
        // Graphviz may exit before reading everything (a syntax error): the write then fails
        // with EPIPE, which must not kill notegraph with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        DispatchQueue.global().async(group: group) {
            input.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let n = Foundation.write(writer.fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    offset += n
                }
            }
            try? writer.close()
        }
        DispatchQueue.global().async(group: group) {
            collected.setError(errReader.readDataToEndOfFile())
        }
        let stdout = outReader.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessOutput(status: process.terminationStatus, stdout: stdout, stderr: collected.error)
    }
}

/// Standard error, read on another thread.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var errorData = Data()
    func setError(_ data: Data) {
        lock.lock()
        errorData = data
        lock.unlock()
    }
    var error: Data {
        lock.lock()
        defer { lock.unlock() }
        return errorData
    }
}

/// Results of concurrent jobs, one slot each.
private final class JobResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<[String], Graphviz.Failure>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ result: Result<[String], Graphviz.Failure>) {
        lock.lock()
        slots[i] = result
        lock.unlock()
    }
    func get(_ i: Int) -> Result<[String], Graphviz.Failure> {
        lock.lock()
        defer { lock.unlock() }
        return slots[i] ?? .failure(Graphviz.Failure(description: "not run"))
    }
}

/// One private plugin folder per Graphviz program and process, shared by every build in the
/// process (tests run several at once) and removed when the process exits.
final class PluginFolders: @unchecked Sendable {
    static let shared = PluginFolders()
    private let lock = NSLock()
    private var folders: [String: URL?] = [:]

    func folder(for executable: URL) -> URL? {
        lock.lock()
        defer { lock.unlock() }
        if let known = folders[executable.path] { return known }
        let made = Graphviz.makePluginFolder(for: executable)
        folders[executable.path] = made
        if folders.count == 1 {
            atexit { PluginFolders.shared.removeAll() }
        }
        return made
    }

    func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        for case let folder? in folders.values { try? FileManager.default.removeItem(at: folder) }
    }
}

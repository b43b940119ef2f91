import ArgumentParser
import Diagnostics
import Foundation
import GraphExport
import KnowledgeGraph
import NoteGraph

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Write the knowledge graph as Graphviz DOT, JSON or GraphML.",
        discussion: """
        With no options, writes the whole graph (notes, concepts, tags and every edge) as DOT to \
        standard output. Examples:
          notegraph graph | dot -Tsvg > graph.svg
          notegraph graph --around VAE --depth 2 --nodes concepts
          notegraph graph --format json --output graph.json
          notegraph graph --top 50 --layout sfdp --cluster folder
        NAME matches a title, alias or path (case-insensitive). An unknown name exits with 2 and \
        the nearest names.
        """
    )

    @OptionGroup var project: ProjectOptions

    @Option(name: .long, help: ArgumentHelp("dot, json (JSON Graph Format) or graphml.", valueName: "FORMAT"))
    var format: String = "dot"

    @Option(name: .long, help: ArgumentHelp("Which nodes: concepts, notes or all.", valueName: "KIND"))
    var nodes: String = "all"

    @Option(name: .long, help: ArgumentHelp("Only the neighbourhood of the node with this title, alias or path.", valueName: "NAME"))
    var around: String?

    @Option(name: .long, help: ArgumentHelp("How many steps from --around (default 1).", valueName: "N"))
    var depth: Int?

    @Option(name: .long, help: ArgumentHelp("Which edges --around follows: both, out or in.", valueName: "DIR"))
    var direction: String = "both"

    @Option(name: .customLong("min-weight"), help: ArgumentHelp("Leave out edges lighter than W (mention counts, link counts).", valueName: "W"))
    var minWeight: Double = 0

    @Option(name: .long, help: ArgumentHelp("Only the N most central nodes (weighted PageRank).", valueName: "N"))
    var top: Int?

    @Option(name: .long, help: ArgumentHelp("DOT only: group notes by folder or tag, or none.", valueName: "BY"))
    var cluster: String = "none"

    @Option(name: .long, help: ArgumentHelp("DOT only: the Graphviz layout to ask for: dot, neato, fdp, sfdp, twopi or circo.", valueName: "ENGINE"))
    var layout: String?

    @Option(name: .customLong("url-prefix"), help: ArgumentHelp("DOT only: prefix of each node's URL (default: base_url from notegraph.yml, else relative to the site root).", valueName: "URL"))
    var urlPrefix: String?

    @Option(name: [.short, .long], help: ArgumentHelp("Write here instead of standard output.", valueName: "FILE"))
    var output: String?

    func validate() throws {
        guard GraphRequest.Format(rawValue: format) != nil else {
            throw ValidationError("--format must be dot, json or graphml, not \(format)")
        }
        guard GraphRequest.NodeSelection(rawValue: nodes) != nil else {
            throw ValidationError("--nodes must be concepts, notes or all, not \(nodes)")
        }
        guard DOTWriter.Clustering(rawValue: cluster) != nil else {
            throw ValidationError("--cluster must be folder, tag or none, not \(cluster)")
        }
        guard Self.directions[direction] != nil else {
            throw ValidationError("--direction must be both, out or in, not \(direction)")
        }
        if let layout, !GraphRequest.layouts.contains(layout) {
            throw ValidationError("--layout must be one of \(GraphRequest.layouts.joined(separator: ", ")), not \(layout)")
        }
        if format != "dot" {
            if layout != nil { throw ValidationError("--layout only applies to --format dot") }
            if cluster != "none" { throw ValidationError("--cluster only applies to --format dot") }
            if urlPrefix != nil { throw ValidationError("--url-prefix only applies to --format dot") }
        }
        if let depth {
            guard around != nil else { throw ValidationError("--depth needs --around NAME") }
            guard depth >= 0 else { throw ValidationError("--depth must be 0 or more") }
        }
        if let top, top < 1 { throw ValidationError("--top must be 1 or more") }
        guard minWeight.isFinite else { throw ValidationError("--min-weight must be a number") }
    }

    static let directions: [String: Direction] = ["both": .both, "out": .outgoing, "in": .incoming]

    func run() throws {
        let terminal = Terminal()
        let config = try project.loadConfig(terminal: terminal)
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let (contentPath, content) = try project.contentFolder(config, terminal: terminal)
        let options = BuildOptions(content: content, output: URL(fileURLWithPath: config.output, relativeTo: cwd),
                                   templates: nil, config: config, includeDrafts: project.drafts)

        let graph: Graph
        let diagnostics: [Diagnostic]
        do {
            (graph, diagnostics) = try BuildPipeline.graph(options)
        } catch {
            terminal.error("\(error)")
            throw ExitCode(Exit.failure)
        }
        // The graph is the point here; link warnings belong to `build` and `check`, so they are
        // counted, and shown only with --verbose.
        let prefix = contentPath.hasSuffix("/") ? contentPath : contentPath + "/"
        let errors = diagnostics.filter { $0.severity == .error }
        for diagnostic in diagnostics where diagnostic.severity == .error || project.verbose {
            terminal.print(diagnostic, pathPrefix: prefix, verbose: project.verbose)
        }
        if !errors.isEmpty {
            terminal.error("\(errors.count) error\(errors.count == 1 ? "" : "s") in the notes; no graph written")
            throw ExitCode(Exit.failure)
        }

        var request = GraphRequest()
        request.format = GraphRequest.Format(rawValue: format)!
        request.nodes = GraphRequest.NodeSelection(rawValue: nodes)!
        request.around = around
        request.depth = depth ?? 1
        request.direction = Self.directions[direction]!
        request.minWeight = minWeight
        request.top = top
        request.cluster = DOTWriter.Clustering(rawValue: cluster)!
        request.layout = layout
        request.urlPrefix = urlPrefix ?? config.baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? ""

        let bytes: [UInt8]
        do {
            bytes = try request.exportBytes(graph)
        } catch let error as GraphRequestError {
            terminal.error("\(error)")
            if let hint = error.hint { terminal.write("  hint: \(hint)\n") }
            throw ExitCode(Exit.usage)
        }

        if let output {
            let url = URL(fileURLWithPath: output, relativeTo: cwd).standardizedFileURL
            do {
                try Data(bytes).write(to: url, options: .atomic)
            } catch {
                terminal.error("cannot write \(output): \(error.localizedDescription)")
                throw ExitCode(Exit.failure)
            }
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
        // On standard output the graph is usually piped on, so nothing else is said.
        if let output, !project.quiet {
            let (part, _) = try request.select(from: graph)
            var summary = "Wrote \(part.nodes.count) nodes and \(part.edges.count) edges to \(output)"
            let warnings = diagnostics.filter { $0.severity == .warning }.count
            if warnings > 0, !project.verbose {
                summary += "; \(warnings) warning\(warnings == 1 ? "" : "s") in the notes (--verbose shows them)"
            }
            terminal.write(summary + "\n")
        }
    }
}

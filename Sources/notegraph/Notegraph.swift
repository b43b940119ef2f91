import ArgumentParser
import Foundation
import NoteGraph

/// Exit codes: 0 success, 1 build errors (or warnings under `--strict`), 2 usage or
/// configuration errors.
enum Exit {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 2
}

@main
enum Main {
    static func main() {
        do {
            var command = try Notegraph.parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            let exitCode = Notegraph.exitCode(for: error)
            let message = Notegraph.fullMessage(for: error)
            if exitCode == .success {
                // --help and --version
                print(message)
                exit(Exit.success)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            // ArgumentParser uses 64 for usage errors; notegraph promises 2, like most CLIs.
            exit(exitCode == .validationFailure ? Exit.usage : exitCode.rawValue)
        }
    }
}

struct Notegraph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notegraph",
        abstract: "Turn a folder of Markdown study notes into a static study site and a knowledge graph.",
        discussion: "With no arguments in a project folder, builds content/ into site/ with templates/ (or the built-in theme).",
        version: "0.1.0",
        subcommands: [Build.self, Check.self, GraphCommand.self],
        defaultSubcommand: Build.self
    )
}

/// Options every command that reads a project shares.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The notes folder (default: content, or notegraph.yml's content).", valueName: "DIR"))
    var content: String?

    @Option(name: .long, help: ArgumentHelp("The project's notegraph.yml (default: ./notegraph.yml when present).", valueName: "FILE"))
    var config: String?

    @Flag(name: .long, help: "Also publish notes marked draft: true.")
    var drafts = false

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print every warning in full, with hints, and the time of each phase.")
    var verbose = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
    }

    /// The content folder (`--content`, else the configuration's), or exit 2 when it is not a
    /// folder: a wrong path is a usage error, for `build`, `graph` and `check` alike.
    func contentFolder(_ config: ProjectConfig, terminal: Terminal) throws -> (path: String, url: URL) {
        let path = content ?? config.content
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else {
            let what = FileManager.default.fileExists(atPath: url.path) ? "is a file, not a folder" : "does not exist"
            terminal.error("content folder \(path) \(what)", at: content == nil ? config.locations["content"] : nil)
            throw ExitCode(Exit.usage)
        }
        return (path, url)
    }

    /// The configuration file's settings, or exit 2 with its problems.
    func loadConfig(terminal: Terminal) throws -> ProjectConfig {
        let (config, diagnostics): (ProjectConfig, [Diagnostic])
        if let path = self.config {
            let url = URL(fileURLWithPath: path)
            guard FileManager.default.fileExists(atPath: url.path) else {
                terminal.error("configuration file \(path) does not exist")
                throw ExitCode(Exit.usage)
            }
            (config, diagnostics) = ProjectConfig.load(file: url, displayName: path)
        } else {
            (config, diagnostics) = ProjectConfig.load(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        }
        for diagnostic in diagnostics where diagnostic.severity == .error || !quiet {
            terminal.print(diagnostic, pathPrefix: "", verbose: true)
        }
        if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(Exit.usage) }
        return config
    }
}

import Diagnostics

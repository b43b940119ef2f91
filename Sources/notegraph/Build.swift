import ArgumentParser
import Diagnostics
import Foundation
import NoteGraph

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the notes into a static site.",
        discussion: """
        Reads every *.md and *.markdown under the content folder, resolves links and wikilinks, and \
        writes a page per published note, tag pages, an index and a 404 page. The output folder is \
        replaced as a whole, and only when the build succeeds.
        """
    )

    @OptionGroup var project: ProjectOptions

    @Option(name: .long, help: ArgumentHelp("Where to write the site (default: site).", valueName: "DIR"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Templates overriding the built-in theme file by file (default: templates, when present).", valueName: "DIR"))
    var templates: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("The absolute URL the site is served from; enables sitemap.xml and atom.xml.", valueName: "URL"))
    var baseURL: String?

    @Flag(name: .long, help: "Fail (exit 1, nothing written) when there are warnings.")
    var strict = false

    @Flag(name: .long, help: "Print the time of each phase (as --verbose does), with --quiet too.")
    var timings = false

    func run() throws {
        let terminal = Terminal()
        var config = try project.loadConfig(terminal: terminal)
        if let baseURL {
            if let problem = config.setBaseURL(baseURL) {
                terminal.error("--base-url: \(problem.message) (\(problem.hint))")
                throw ExitCode(Exit.usage)
            }
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let (contentPath, content) = try project.contentFolder(config, terminal: terminal)
        let outputPath = output ?? config.output
        let outputURL = URL(fileURLWithPath: outputPath, relativeTo: cwd).standardizedFileURL
        // Before the notes are read: a folder the build would wipe is a usage error.
        if let problem = OutputFolder.problem(output: outputURL, content: content) {
            terminal.error("\(problem.message)\n  hint: \(problem.hint)", at: output == nil ? config.locations["output"] : nil)
            throw ExitCode(Exit.usage)
        }
        var templatesURL: URL?
        if let templates {
            templatesURL = URL(fileURLWithPath: templates, relativeTo: cwd).standardizedFileURL
            guard FileManager.default.fileExists(atPath: templatesURL!.path) else {
                terminal.error("templates folder \(templates) does not exist")
                throw ExitCode(Exit.usage)
            }
        } else {
            let candidate = URL(fileURLWithPath: config.templates, relativeTo: cwd).standardizedFileURL
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                templatesURL = candidate
            } else if let written = config.locations["templates"], config.templates != ProjectConfig().templates {
                // A missing templates/ means the built-in theme (also when notegraph.yml names
                // it, as the README's example does); another folder named there that is not
                // there is a slip, which would silently build with the wrong theme.
                terminal.error("templates folder \(config.templates) does not exist or is not a folder", at: written)
                throw ExitCode(Exit.usage)
            }
        }

        var options = BuildOptions(content: content, output: outputURL, templates: templatesURL,
                                   config: config, includeDrafts: project.drafts, strict: strict)
        // A glossary set in notegraph.yml is relative to the project folder, like its other paths.
        if let glossary = config.glossary {
            options.glossary = URL(fileURLWithPath: glossary, relativeTo: cwd).standardizedFileURL
        }
        // The process ends right after the build: its memory goes back with it, not piece by piece.
        options.freesMemory = false
        let progress = Progress(terminal: terminal, enabled: !project.quiet)
        let report: BuildReport
        do {
            report = try BuildPipeline.run(options) { phase in progress.enter(phase) }
        } catch {
            progress.finish()
            terminal.error("\(error)")
            throw ExitCode(Exit.failure)
        }
        progress.finish()

        let prefix = contentPath.hasSuffix("/") ? contentPath : contentPath + "/"
        for diagnostic in report.diagnostics where diagnostic.severity == .error || !project.quiet {
            terminal.print(diagnostic, pathPrefix: prefix, verbose: project.verbose)
        }
        if project.verbose || timings {
            terminal.writePhases(report.phaseSeconds.map { ($0.phase.rawValue, $0.seconds) })
        }
        if !project.quiet || !report.wroteSite {
            terminal.summary(report, output: outputPath, strict: strict)
        }
        if !report.wroteSite { throw ExitCode(Exit.failure) }
    }
}

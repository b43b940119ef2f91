import ArgumentParser
import Diagnostics
import Foundation
import LinkCheck
import NoteGraph

/// `--format`; mirrors `ReportFormat` (whose module does not know the argument parser).
enum CheckFormat: String, CaseIterable, ExpressibleByArgument {
    case text, github, json, junit, sarif

    var reportFormat: ReportFormat { ReportFormat(rawValue: rawValue)! }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every link, wikilink, anchor, embed and image; exit 1 when one is broken.",
        discussion: """
        Offline by default: links to notes and files, wikilinks and embeds (by path, name, title or \
        alias), headings and block ids, raw-HTML images, links leaving the content folder, names that \
        only match ignoring case or Unicode normalisation. --external also requests http(s) links. \
        Exit codes: 0 clean, 1 something is broken (or, with --strict, any warning), 2 usage or \
        configuration error. The report goes to standard output.
        """
    )

    @OptionGroup var project: ProjectOptions

    @Option(name: .long, help: ArgumentHelp("Report format: text, github (workflow annotations), json, junit or sarif.", valueName: "FORMAT"))
    var format: CheckFormat = .text

    @Option(name: .long, help: ArgumentHelp("Write the report to FILE instead of standard output.", valueName: "FILE"))
    var output: String?

    @Flag(name: .long, help: "Also request http(s) links (settings: check: in notegraph.yml).")
    var external = false

    @Flag(name: .long, help: "Fail (exit 1) on warnings too: ambiguous wikilinks, links to unpublished notes, redirects, orphans.")
    var strict = false

    @Option(name: .long, help: ArgumentHelp("Check only notes changed since this git revision, and the notes that link to them.", valueName: "REF"))
    var since: String?

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Check only these changed files, and the notes that link to them.", valueName: "FILE"))
    var changed: [String] = []

    @Flag(name: .long, help: "Also report notes and files that nothing links to.")
    var orphans = false

    func validate() throws {
        if since != nil && !changed.isEmpty { throw ValidationError("--since and --changed cannot be used together") }
    }

    func run() throws {
        let terminal = Terminal()
        let config = try project.loadConfig(terminal: terminal)
        let fileManager = FileManager.default
        let cwd = URL(fileURLWithPath: fileManager.currentDirectoryPath)
        let (_, content) = try project.contentFolder(config, terminal: terminal)
        let configFile = project.config.map { URL(fileURLWithPath: $0, relativeTo: cwd) }
            ?? cwd.appendingPathComponent(ProjectConfig.fileName)
        let scope: CheckScope = if let since { .since(since) } else if !changed.isEmpty { .changed(changed) } else { .all }
        var options = CheckOptions(content: content, config: config, configFile: configFile, includeDrafts: project.drafts,
                                   external: external, orphans: orphans, scope: scope, workingDirectory: cwd)
        options.freesMemory = false
        ReleasePolicy.leavesToProcessExit = true
        let quiet = project.quiet
        let result: CheckResult
        do {
            result = try CheckPipeline.run(options) { message in if !quiet { terminal.write(message + "\n") } }
        } catch let error as CheckUsageError {
            terminal.error(error.description)
            throw ExitCode(Exit.usage)
        } catch {
            terminal.error("\(error)")
            throw ExitCode(Exit.usage)
        }

        // Problems that are not links (unreadable files, broken front matter) go to stderr.
        for diagnostic in result.diagnostics where diagnostic.severity == .error || project.verbose {
            terminal.print(diagnostic, pathPrefix: Check.prefix(for: content, base: cwd), verbose: project.verbose)
        }
        let base = format == .github || format == .sarif ? Check.repositoryFolder(cwd) : cwd
        var report = Report(findings: result.findings, summary: result.summary, pathPrefix: Check.prefix(for: content, base: base),
                            strict: strict, toolVersion: Notegraph.configuration.version)
        report.hidesWarnings = quiet
        let toTerminal = output == nil && isatty(STDOUT_FILENO) == 1
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let text = report.render(format.reportFormat, color: toTerminal && !noColor && format == .text)
        if let output {
            do {
                let file = URL(fileURLWithPath: output, relativeTo: cwd)
                try fileManager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: file, options: .atomic)
            } catch {
                terminal.error("cannot write \(output): \(error.localizedDescription)")
                throw ExitCode(Exit.usage)
            }
            if !quiet { terminal.write(report.summaryLine + "\n") }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if format == .github { Check.writeStepSummary(report) }
        if project.verbose {
            terminal.writePhases(result.phaseSeconds.map { ($0.phase, $0.seconds) })
        }
        let unreadable = result.diagnostics.contains { $0.severity == .error }
        if report.failed || unreadable { throw ExitCode(Exit.failure) }
    }

    /// `content/`: the content folder relative to `base`, to put before content-relative paths.
    static func prefix(for content: URL, base: URL) -> String {
        let path = content.standardizedFileURL.path
        let root = base.standardizedFileURL.path
        let rootSlash = root.hasSuffix("/") ? root : root + "/"
        if path == root { return "" }
        if path.hasPrefix(rootSlash) { return String(path.dropFirst(rootSlash.count)) + "/" }
        return path.hasSuffix("/") ? path : path + "/"
    }

    /// Annotations need paths relative to the repository: GITHUB_WORKSPACE in Actions, else the
    /// working directory.
    static func repositoryFolder(_ cwd: URL) -> URL {
        if let workspace = ProcessInfo.processInfo.environment["GITHUB_WORKSPACE"], !workspace.isEmpty {
            return URL(fileURLWithPath: workspace)
        }
        return cwd
    }

    /// In GitHub Actions, a Markdown table of the findings on the run's summary page.
    static func writeStepSummary(_ report: Report) {
        guard let path = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !path.isEmpty,
              let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        var text = "### notegraph check\n\n\(report.summaryLine)\n\n"
        if !report.findings.isEmpty {
            text += "| where | kind | problem |\n| --- | --- | --- |\n"
            for finding in report.findings.prefix(200) {
                let cell = { (s: String) in s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
                let location = "\(report.pathPrefix)\(finding.location.file):\(finding.location.line):\(finding.location.column)"
                text += "| `\(cell(location))` | \(finding.kind.rawValue) | \(cell(finding.fullMessage)) |\n"
            }
            if report.findings.count > 200 { text += "\n…and \(report.findings.count - 200) more.\n" }
        }
        _ = try? handle.seekToEnd()
        handle.write(Data((text + "\n").utf8))
    }
}

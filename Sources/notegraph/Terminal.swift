import Diagnostics
import Foundation
import NoteGraph

/// Writes to the terminal: diagnostics in the compiler shape editors understand, colour only on a
/// terminal and only without NO_COLOR.
struct Terminal: Sendable {
    let color: Bool
    let isInteractive: Bool

    init() {
        isInteractive = isatty(STDERR_FILENO) == 1
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        color = isInteractive && !noColor && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// `phases: load 0.031 s, parse 0.833 s, … (jemalloc 5.3.0-…, thp never, 1 arena)`: each
    /// phase's time and the allocator, for `--verbose` and `--timings` (the bench reads it).
    func writePhases(_ phases: [(name: String, seconds: Double)]) {
        let times = phases.map { "\($0.name) \(String(format: "%.3f", $0.seconds)) s" }
        write("phases: " + times.joined(separator: ", ") + " (\(Allocator.name))\n")
    }

    func error(_ message: String) {
        write(paint("error:", "1;31") + " " + message + "\n")
    }

    /// An error about a setting, at the place in the configuration file that set it, if any.
    func error(_ message: String, at location: SourceLocation?) {
        if let location { write(paint("\(location):", "1") + " ") }
        error(message)
    }

    /// `content/dl/vae.md:12:5: warning: message [code]`, and the hint on the next line.
    func print(_ diagnostic: Diagnostic, pathPrefix: String, verbose: Bool) {
        var line = ""
        if let location = diagnostic.location {
            line += paint("\(pathPrefix)\(location.file):\(location.line):\(location.column):", "1") + " "
        }
        switch diagnostic.severity {
        case .error: line += paint("error:", "1;31")
        case .warning: line += paint("warning:", "1;33")
        case .note: line += paint("note:", "1;36")
        }
        line += " " + diagnostic.message + " " + paint("[\(diagnostic.code)]", "2") + "\n"
        if let hint = diagnostic.hint {
            line += "  " + paint("hint:", "36") + " " + hint + "\n"
        }
        write(line)
    }

    func summary(_ report: BuildReport, output: String, strict: Bool) {
        let seconds = String(format: "%.2f", report.seconds)
        let errors = report.errors.count
        let warnings = report.warnings.count
        var text = ""
        if report.wroteSite {
            func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
            text = "Built \(counted(report.publishedNotes, "note")) into \(output)/: \(counted(report.pages, "page")), \(counted(report.files, "file"))"
            if report.unpublishedNotes > 0 {
                text += " (\(report.unpublishedNotes) unpublished note\(report.unpublishedNotes == 1 ? "" : "s") left out)"
            }
        } else if strict, errors == 0 {
            text = paint("Build failed", "1;31") + " under --strict: \(warnings) warning\(warnings == 1 ? "" : "s"); \(output)/ left as it was"
        } else {
            text = paint("Build failed", "1;31") + ": \(errors) error\(errors == 1 ? "" : "s"); \(output)/ left as it was"
        }
        text += ", \(warnings) warning\(warnings == 1 ? "" : "s"), \(seconds) s\n"
        write(text)
    }
}

/// A one-line progress display on a terminal, shown only once a build has run for a second.
final class Progress: @unchecked Sendable {
    private let terminal: Terminal
    private let enabled: Bool
    private let lock = NSLock()
    private var phase: BuildPhase?
    private var shown = false
    private let started = Date()
    private var timer: (any DispatchSourceTimer)?

    init(terminal: Terminal, enabled: Bool) {
        self.terminal = terminal
        self.enabled = enabled && terminal.isInteractive
        guard self.enabled else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 1, repeating: 0.1)
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
        self.timer = timer
    }

    func enter(_ phase: BuildPhase) {
        lock.lock()
        self.phase = phase
        lock.unlock()
    }

    private static let order = BuildPhase.allCases

    private func tick() {
        lock.lock()
        defer { lock.unlock() }
        guard let phase, let step = Progress.order.firstIndex(of: phase) else { return }
        let width = 20
        let filled = width * (step + 1) / Progress.order.count
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let elapsed = String(format: "%.1f", Date().timeIntervalSince(started))
        terminal.write("\r\(bar) \(phase.rawValue)… \(elapsed) s\u{1B}[K")
        shown = true
    }

    func finish() {
        timer?.cancel()
        lock.lock()
        defer { lock.unlock() }
        if shown { terminal.write("\r\u{1B}[K") }
        shown = false
    }
}

import ArgumentParser
import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartYAML

/// `headstart plan`: plans workload files offline against a catalog.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the recommendations for workload plans, offline.",
        discussion: "Errors are printed as FILE:LINE:COL: error: MESSAGE; any invalid input exits 65 and prints no recommendations."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, summary }

    @Argument(help: "Workload plan files (YAML); '-' reads standard input.")
    var files: [String]

    @OptionGroup var options: OfflineOptions

    @Option(help: "Output format: table, json, or summary (the JSON without recommendations: status counts and placements per capability).")
    var format: Format = .table

    @Flag(help: "Add every candidate, each rejection with its reason, and the why.")
    var explain = false

    func validate() throws {
        if files.filter({ $0 == "-" }).count > 1 {
            throw ValidationError("standard input ('-') can be named only once")
        }
    }

    func run() throws {
        let day = options.day
        let progress = Progress("reading")
        defer { progress.finish() }
        let (catalogValue, plans) = try options.load(files, progress: progress)
        let planner = Planner(catalog: catalogValue)
        progress.step("planning \(plans.reduce(0) { $0 + $1.workloads.count }) workloads")
        let results = plans.map { planner.plan($0, asOf: day) }
        progress.step("writing")
        let output: Data
        do {
            switch format {
            case .json:
                output = try JSONOutput.recommendations(results, explain: explain, asArray: files.count > 1)
            case .summary:
                output = try JSONOutput.recommendations(results, explain: false, asArray: files.count > 1, summaryOnly: true)
            case .table:
                let renderer = TableRenderer(explain: explain)
                output = Data(results.map(renderer.render).joined(separator: "\n").utf8)
            }
        } catch {
            Terminal.err("headstart: internal error: could not encode the recommendations\n")
            throw ExitStatus.software
        }
        // Cleared before the answer, which may go to the same terminal.
        progress.finish()
        if format == .table { try Terminal.out(String(decoding: output, as: UTF8.self)) } else { try Terminal.out(output) }
    }

    /// The file's bytes; a missing or unreadable file exits 66 with one line.
    static func readInput(_ path: String) throws -> [UInt8] {
        switch input(path) {
        case .bytes(let bytes):
            return bytes
        case .unreadable(let diagnostic):
            Terminal.err(diagnostic.description + "\n")
            throw ExitStatus.noInput
        }
    }

    /// A file's bytes, or why it cannot be read.
    enum Input {
        case bytes([UInt8])
        case unreadable(Diagnostic)
    }

    /// The file's bytes, or the diagnostic that says why it cannot be read (code `unreadable`),
    /// for commands that report every file's problems before they exit.
    static func input(_ path: String) -> Input {
        do {
            return .bytes(try Terminal.read(path, limit: YAMLLimits.default.maxInputBytes))
        } catch {
            return .unreadable(
                Diagnostic(
                    file: path == "-" ? "<stdin>" : path,
                    line: 1,
                    column: 1,
                    code: DiagnosticCode.unreadable,
                    message: "cannot read file: \(error.reason)"
                )
            )
        }
    }
}

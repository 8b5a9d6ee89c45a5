import ArgumentParser
import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartSchedule

/// What `plan` and `validate` share: the catalog plans are read against and the day they are judged on.
struct OfflineOptions: ParsableArguments {
    @Option(help: "Catalog file (YAML). Default: the built-in Plans/catalog.yaml.")
    var catalog: String?

    @Option(name: .customLong("as-of"), help: "Plan as of this UTC day, YYYY-MM-DD. Default: today.")
    var asOf: String?

    func validate() throws {
        if let asOf, Day(iso: asOf) == nil {
            throw ValidationError("--as-of must be a date YYYY-MM-DD, found '\(asOf)'")
        }
    }

    /// `--as-of`, or today in UTC.
    var day: Day {
        asOf.flatMap(Day.init(iso:)) ?? Day(utc: Date())
    }

    /// The catalog and every plan in `files`, decoded against it. Any invalid file prints all the
    /// errors found and exits 65: a partial answer that looks complete is worse than none.
    func load(_ files: [String], progress: Progress) throws -> (Catalog, [WorkloadPlan]) {
        let catalog: Catalog
        do {
            let (bytes, name) = try catalogInput()
            catalog = try CatalogDecoder().decode(bytes, file: name)
        } catch let error as DocumentError {
            progress.finish()
            Terminal.err(error.description + "\n")
            throw ExitStatus.dataError
        }
        let decoder = PlanDecoder(catalog: catalog)
        var plans: [WorkloadPlan] = []
        var diagnostics: [Diagnostic] = []
        var unreadable = false
        for (i, file) in files.enumerated() {
            progress.step("reading \(file)" + (files.count > 1 ? " (\(i + 1)/\(files.count))" : ""))
            switch PlanCommand.input(file) {
            case .unreadable(let diagnostic):
                // Reported with the other files' problems, not instead of them.
                diagnostics.append(diagnostic)
                unreadable = true
            case .bytes(let bytes):
                do {
                    plans.append(try decoder.decode(bytes, file: file == "-" ? "<stdin>" : file))
                } catch {
                    diagnostics.append(contentsOf: error.diagnostics)
                }
            }
        }
        if !diagnostics.isEmpty {
            progress.finish()
            Terminal.err(diagnostics.map(\.description).joined(separator: "\n") + "\n")
            let errors = diagnostics.filter { $0.severity == .error }.count
            // A file that could not be read says all there is in its one line.
            if diagnostics.contains(where: { $0.code != DiagnosticCode.unreadable }) {
                Terminal.err("\(errors) error\(errors == 1 ? "" : "s"); no recommendations printed\n")
            }
            throw unreadable ? ExitStatus.noInput : ExitStatus.dataError
        }
        return (catalog, plans)
    }

    /// The catalog's bytes and the name diagnostics give it; an unreadable file exits 66.
    func catalogInput() throws -> (bytes: [UInt8], name: String) {
        try catalog.map { (try PlanCommand.readInput($0), $0) } ?? (DefaultCatalog.bytes, DefaultCatalog.fileName)
    }
}

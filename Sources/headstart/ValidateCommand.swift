import ArgumentParser
import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats

/// `headstart validate`: checks plans and catalogs without planning, as `terraform validate` does.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check plans and catalogs without planning.",
        discussion: """
            Each file is a plan or a catalog, as its kind: says. Plans are checked against --catalog (or the
            built-in one): capabilities, clouds, regions and geos must exist. Problems are printed as
            FILE:LINE:COL: error|warning: MESSAGE on standard error; --format json prints them on standard
            output instead. Warnings: a plan horizon past the licence without beyondLicense, a workload that
            can never be placed, a catalog offer dated before the first-access cloud's. Exit 0 when there
            are no errors (warnings allowed), 65 when there are, 66 when a file cannot be read (every other file
            is still checked, and the unreadable one is a diagnostic of its own, code unreadable).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "Plan and catalog files (YAML); '-' reads standard input.")
    var files: [String]

    @OptionGroup var options: OfflineOptions

    @Option(help: "text (compiler-style lines on standard error) or json (for CI annotations, on standard output).")
    var format: Format = .text

    func validate() throws {
        if files.filter({ $0 == "-" }).count > 1 {
            throw ValidationError("standard input ('-') can be named only once")
        }
    }

    func run() throws {
        let day = options.day
        var diagnostics: [Diagnostic] = []
        var checked: [(file: String, kind: String, valid: Bool)] = []
        // The catalog plans refer to is itself checked first: plans cannot be judged against a broken one.
        let catalogValue: Catalog
        let catalogBytes: [UInt8]
        let catalogName: String
        if let path = options.catalog {
            switch PlanCommand.input(path) {
            case .bytes(let bytes): (catalogBytes, catalogName) = (bytes, path)
            case .unreadable(let diagnostic):
                try report([diagnostic], files: [(path, "Catalog", false)])
                throw ExitStatus.noInput
            }
        } else {
            (catalogBytes, catalogName) = (DefaultCatalog.bytes, DefaultCatalog.fileName)
        }
        do {
            catalogValue = try CatalogDecoder().decode(catalogBytes, file: catalogName)
        } catch {
            try report(error.diagnostics, files: [(catalogName, "Catalog", false)])
            throw ExitStatus.dataError
        }
        let validator = Validator(catalog: catalogValue, asOf: day)
        var unreadable = false
        for file in files {
            let name = file == "-" ? "<stdin>" : file
            switch PlanCommand.input(file) {
            case .unreadable(let diagnostic):
                // One diagnostic of its own; the other files are still checked and reported.
                diagnostics.append(diagnostic)
                checked.append((name, "unknown", false))
                unreadable = true
            case .bytes(let bytes):
                let outcome = validator.validate(bytes, file: name)
                diagnostics += outcome.diagnostics
                checked.append((name, outcome.kind, !outcome.hasErrors))
            }
        }
        try report(diagnostics, files: checked)
        if unreadable { throw ExitStatus.noInput }
        if diagnostics.contains(where: { $0.severity == .error }) { throw ExitStatus.dataError }
    }

    private func report(_ diagnostics: [Diagnostic], files: [(file: String, kind: String, valid: Bool)]) throws {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        switch format {
        case .text:
            let lines = diagnostics.map(\.description) + ["\(files.count) file(s) checked: \(errors) error(s), \(warnings) warning(s)"]
            Terminal.err(lines.joined(separator: "\n") + "\n")
        case .json:
            let document: Data
            do {
                document = try JSONOutput.encode(
                    ValidationReport(
                        errors: errors,
                        warnings: warnings,
                        files: files.map { .init(file: $0.file, kind: $0.kind, valid: $0.valid) },
                        diagnostics: diagnostics.map(DiagnosticBody.init)
                    )
                )
            } catch {
                Terminal.err("headstart: internal error (a bug): the report could not be encoded as JSON\n")
                throw ExitStatus.software
            }
            try Terminal.out(document)
        }
    }
}

/// `validate --format json`.
struct ValidationReport: Encodable {
    struct File: Encodable {
        var file: String
        var kind: String
        var valid: Bool
    }

    var errors: Int
    var warnings: Int
    var files: [File]
    var diagnostics: [DiagnosticBody]
}

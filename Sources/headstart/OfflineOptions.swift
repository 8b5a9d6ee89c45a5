import ArgumentParser
import HeadstartEngine
import HeadstartFormats

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
        asOf.flatMap(Day.init(iso:)) ?? Day(iso: Terminal.today()) ?? Day(ordinal: 0)
    }

    /// The catalog's bytes and the name diagnostics give it; an unreadable file exits 66.
    func catalogInput() throws -> (bytes: [UInt8], name: String) {
        try catalog.map { (try PlanCommand.readInput($0), $0) } ?? (DefaultCatalog.bytes, DefaultCatalog.fileName)
    }
}

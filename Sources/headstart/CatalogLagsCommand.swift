import ArgumentParser
import Foundation
import HeadstartEngine
import HeadstartFormats

/// `headstart catalog lags [--catalog FILE] [--format table|json]`: offline, each cloud's head
/// start behind the first-access cloud as the catalog's own dated offers measure it.
struct CatalogLagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lags",
        abstract: "Print each cloud's head start behind the first-access cloud, measured over the catalog (offline).",
        discussion: """
            For every cloud but the first-access one: the capabilities (not declined by Microsoft, launched \
            on or after terms.measuredSince) with a confirmed offer on it, each one's lag (its earliest since \
            less its launch, never below 0), and the lower median of those lags, which dates every undated \
            offer under terms.estimates: measured. With fewer than 3 samples the cloud keeps \
            firstAccessWindowDays. The daemon serves the same for its catalog in force at GET /v1/catalog/lags.
            """
    )

    @Option(help: "Catalog file (YAML). Default: the built-in Plans/catalog.yaml.") var catalog: String?
    @Option(help: "table or json.") var format: OutputFormat = .table

    func run() throws {
        let decoded: Catalog
        do {
            let (bytes, name) = try catalog.map { (try PlanCommand.readInput($0), $0) } ?? (DefaultCatalog.bytes, DefaultCatalog.fileName)
            decoded = try CatalogDecoder().decode(bytes, file: name)
        } catch let error as DocumentError {
            Terminal.err(error.description + "\n")
            throw ExitStatus.dataError
        }
        let body = HeadStartBody(HeadStart(catalog: decoded), catalog: decoded)
        switch format {
        case .json: try Terminal.out(try JSONOutput.encode(body))
        case .table: try Terminal.out(HeadStartRenderer().render(body))
        }
    }
}

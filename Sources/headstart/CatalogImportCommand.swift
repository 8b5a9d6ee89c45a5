import ArgumentParser
import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartSchedule

/// `headstart catalog import LISTING|FOLDER... [--catalog BASE] [--observed-on DAY] [--version V]
/// [--report table|json] [-o FILE]`: offline, the clouds' own listings merged onto a catalog.
struct CatalogImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Merge the clouds' own model listings onto a catalog (offline) and say what changed.",
        discussion: """
            Each LISTING is one JSON document as a cloud's API or CLI prints it (Azure Models - List, Bedrock \
            ListFoundationModels and ListInferenceProfiles, OCI ListModels, Vertex ListPublisherModels), its kind \
            told from its shape. A FOLDER holds CLOUD/REGION.json or CLOUD/REGION.NAME.json; a file given alone needs \
            --cloud and --region. What a listing shows updates or adds the offer in its region (a forecast becomes \
            confirmed on --observed-on); a confirmed offer it lacks, a model or a region the catalog lacks are only \
            reported. The catalog goes to -o FILE (else standard output), the report to standard output with -o, \
            else to standard error. Bad input: one line per problem with its JSON path, exit 65, nothing written.
            """
    )

    @Argument(help: "Listing files or folders laid out CLOUD/REGION[.NAME].json.") var inputs: [String]
    @Option(help: "The catalog to merge onto. Default: the built-in Plans/catalog.yaml.") var catalog: String?
    @Option(name: .customLong("observed-on"), help: "The day the listings were taken, YYYY-MM-DD. Default: today (UTC).") var observedOn: String?
    @Option(help: "The merged catalog's version. Default: the base's plus +observed-DAY.") var version: String?
    @Option(help: "table or json.") var report: OutputFormat = .table
    @Option(name: .shortAndLong, help: "Write the merged catalog here (atomically) instead of standard output.") var output: String?
    @Option(help: "The cloud of a listing file given alone.") var cloud: String?
    @Option(help: "The region of a listing file given alone.") var region: String?

    func validate() throws {
        if let observedOn, Day(iso: observedOn) == nil { throw ValidationError("--observed-on must be a date YYYY-MM-DD, found '\(observedOn)'") }
        if (cloud == nil) != (region == nil) { throw ValidationError("--cloud and --region go together") }
    }

    func run() throws {
        let day = observedOn.flatMap(Day.init(iso:)) ?? Day(utc: Date())
        let base: Catalog
        do {
            let (bytes, name) = try catalog.map { (try PlanCommand.readInput($0), $0) } ?? (DefaultCatalog.bytes, DefaultCatalog.fileName)
            base = try CatalogDecoder().decode(bytes, file: name)
        } catch let error as DocumentError {
            Terminal.err(error.description + "\n")
            throw ExitStatus.dataError
        }
        let reader = ListingReader(observedOn: day)
        var listings: [Listing] = []
        var problems: [ListingProblem] = []
        for file in try ListingFiles.find(inputs, cloud: cloud, region: region) {
            guard let data = FileManager.default.contents(atPath: file.path) else {
                Terminal.err("\(file.path): error: cannot read file\n")
                throw ExitStatus.noInput
            }
            do {
                listings.append(try reader.read(data, file: file.path, cloud: file.cloud, region: file.region, name: file.name))
            } catch {
                problems += error.problems
            }
        }
        let merged: (Catalog, ImportReport)
        do throws(ListingProblems) {
            guard problems.isEmpty else { throw ListingProblems(problems) }
            merged = try ListingMerge(base: base, observedOn: day).merge(listings, version: version)
        } catch {
            Terminal.err(error.problems.map { "\($0.description)\n" }.joined())
            throw ExitStatus.dataError
        }
        let header = "Written by `headstart catalog import` from \(listings.count) listing(s) observed on \(day), onto catalog \(base.version)."
        let yaml = CatalogYAMLWriter(header: [header]).write(merged.0)
        let reportText = report == .json ? String(decoding: try JSONOutput.encode(merged.1), as: UTF8.self) : merged.1.table
        if let output {
            try OutputFile.write(Data(yaml.utf8), to: output, what: "the merged catalog")
            try Terminal.out(reportText)
        } else {
            try Terminal.out(yaml)
            Terminal.err(reportText)
        }
    }
}

/// The listing files named on the command line: files as given, folders as CLOUD/REGION[.NAME].json.
enum ListingFiles {
    typealias File = ListingFolder.Entry

    static func find(_ inputs: [String], cloud: String?, region: String?) throws -> [File] {
        var files: [File] = []
        for input in inputs {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder) else {
                Terminal.err("\(input): error: no such file or folder\n")
                throw ExitStatus.noInput
            }
            if !isFolder.boolValue {
                guard let cloud, let region else {
                    throw ValidationError("\(input) is a file: say its --cloud and --region (a folder is read as CLOUD/REGION[.NAME].json)")
                }
                files.append(File(path: input, cloud: cloud, region: region, name: nil))
                continue
            }
            do {
                files += try ListingFolder.entries(in: input)
            } catch {
                Terminal.err("\(input): error: cannot read the folder: \(error.localizedDescription)\n")
                throw ExitStatus.noInput
            }
        }
        return files
    }
}

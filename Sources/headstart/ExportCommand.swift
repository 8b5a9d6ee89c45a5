import ArgumentParser
import Foundation
import HeadstartEngine
import HeadstartFormats

/// `headstart export`: the current placements as the files other tools read.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the current placements of plans as a LiteLLM proxy config or Terraform JSON, offline.",
        discussion: """
            litellm: a config.yaml with one model_list entry per capability, cloud, region and model in use, tagged with the \
            workloads placed there (router_settings.enable_tag_filtering), secrets only as os.environ/ references. \
            terraform: a *.tf.json with one azurerm_cognitive_deployment per Azure deployment in use. Both are deterministic. \
            Exit codes as for plan; 73 and 74 when -o cannot be written.
            """
    )

    enum Target: String, ExpressibleByArgument, CaseIterable { case litellm, terraform }

    @Argument(help: "What to write: litellm or terraform.")
    var target: Target

    @Argument(help: "Workload plan files (YAML); '-' reads standard input.")
    var files: [String]

    @OptionGroup var options: OfflineOptions

    @Option(name: .shortAndLong, help: "Write to this file (whole or not at all) instead of standard output.")
    var output: String?

    func validate() throws {
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input ('-') can be named only once") }
    }

    func run() throws {
        let progress = Progress("reading")
        defer { progress.finish() }
        let (catalog, plans) = try options.load(files, progress: progress)
        let planner = Planner(catalog: catalog)
        let placements = ExportPlacements(plans.map { planner.plan($0, asOf: options.day) }, catalog: catalog)
        let bytes: [UInt8]
        switch target {
        case .litellm:
            bytes = Array(LiteLLMConfig(placements).text.utf8)
        case .terraform:
            do {
                bytes = try TerraformDeployments(placements).json()
            } catch {
                Terminal.err("headstart: internal error: could not encode the Terraform document\n")
                throw ExitStatus.software
            }
        }
        progress.finish()
        if let output {
            try OutputFile.write(Data(bytes), to: output, what: "the \(target.rawValue) export")
        } else {
            try Terminal.out(Data(bytes))
        }
    }
}

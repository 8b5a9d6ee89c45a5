import ArgumentParser
import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartYAML
import NIOHTTP1

/// `headstart explain PLAN WORKLOAD CAPABILITY`: every candidate considered for one need, as
/// `kubectl explain` and SkyPilot's considered-resources table do, offline or from the daemon.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show every candidate considered for one workload's capability, and why.",
        discussion: """
            PLAN is a plan file (or '-' for standard input), planned offline against --catalog: any PLAN
            that exists as a file, contains a '/' or ends in .yaml or .yml; any other PLAN names a plan
            stored in the daemon. Prints each candidate with its cloud, region,
            processing, stage, date, date kind and rank, each rejected one with its reason, the diagnosis
            ("1/16 candidates usable by 2026-12-01: 11 residency, ...", judged on the workload's neededBy,
            else the as-of day), the timeline and the why. Exit 1 when the plan has no such workload or
            need.
            """
    )

    @Argument(help: "A plan file, or the name of a plan stored in the daemon.") var plan: String
    @Argument(help: "A workload of the plan.") var workload: String
    @Argument(help: "One of the workload's needs.") var capability: String
    @OptionGroup var options: OfflineOptions
    @OptionGroup var connection: ClientOptions

    /// A PLAN with a `/`, ending in `.yaml` or `.yml`, or `-`, is a file (missing: 66); an
    /// existing file is one too; anything else is a stored plan's name.
    var isFile: Bool {
        plan == "-" || plan.contains("/") || plan.hasSuffix(".yaml") || plan.hasSuffix(".yml") || FileManager.default.fileExists(atPath: plan)
    }

    func validate() throws {
        if !isFile { try PlanName.check(plan) }
    }

    func run() async throws {
        let (name, recommendations, neededBy, headStart) = isFile ? try offline() : try await fromDaemon()
        guard let r = recommendations.first(where: { $0.workload == workload && $0.capability == capability }) else {
            let known = recommendations.map { "\($0.workload) \($0.capability)" }
            Terminal.err("headstart: plan \(name) has no workload '\(workload)' needing '\(capability)'; it has: \(known.joined(separator: ", "))\n")
            throw ExitStatus.failure
        }
        try Terminal.out(ExplainRenderer(usableBy: neededBy ?? r.asOf, headStart: headStart).render(r, plan: name))
    }

    private func offline() throws -> (String, [Recommendation], Day?, HeadStartBody?) {
        let catalog: Catalog
        let value: WorkloadPlan
        do {
            let (bytes, catalogName) = try options.catalogInput()
            catalog = try CatalogDecoder().decode(bytes, file: catalogName)
            value = try PlanDecoder(catalog: catalog).decode(try PlanCommand.readInput(plan), file: plan == "-" ? "<stdin>" : plan)
        } catch let error as DocumentError {
            Terminal.err(error.description + "\n")
            throw ExitStatus.dataError
        }
        let planner = Planner(catalog: catalog)
        let result = planner.plan(value, asOf: options.day)
        return (
            value.name, result.recommendations, value.workloads.first { $0.name == workload }?.neededBy,
            HeadStartBody(planner.headStart, catalog: catalog)
        )
    }

    private func fromDaemon() async throws -> (String, [Recommendation], Day?, HeadStartBody?) {
        if options.catalog != nil { throw ValidationError("--catalog applies to a plan file; a stored plan uses the daemon's catalog") }
        let client = connection.client
        let path = "/v1/plans/\(Paths.escape(plan))"
        let query = "?explain=true" + (options.asOf.map { "&asOf=\($0)" } ?? "")
        let reply = try await client.send(.GET, path + "/recommendations" + query)
        guard reply.status == 200 else { try DaemonClient.fail(reply) }
        guard let documents = try? RecommendationsBody.documents(in: reply.body).map({ try $0.value() }) else {
            throw DaemonClient.notHeadstart(client.socketPath)
        }
        // The stored plan's own text says when the workload is needed.
        let stored = try await client.send(.GET, path)
        let yaml = stored.status == 200 ? try stored.decode(PlanBody.self, socket: client.socketPath).yaml : ""
        // Where estimated dates come from: the daemon's catalog in force (nil from a daemon without the endpoint).
        let lags = try await client.send(.GET, "/v1/catalog/lags")
        let headStart = lags.status == 200 ? try? lags.decode(HeadStartBody.self, socket: client.socketPath) : nil
        return (plan, documents.flatMap(\.recommendations), Self.neededBy(workload, inPlan: Array(yaml.utf8)), headStart)
    }

    /// The `neededBy` of a workload in plan YAML, read without a catalog.
    static func neededBy(_ workload: String, inPlan yaml: [UInt8]) -> Day? {
        let workloads = (try? YAMLComposer().documents(yaml).first)?.value(forKey: "workloads")?.sequenceItems ?? []
        let item = workloads.first { $0.value(forKey: "name")?.scalarText == workload }
        return item?.value(forKey: "neededBy")?.scalarText.flatMap(Day.init(iso:))
    }
}

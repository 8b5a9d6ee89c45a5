import Foundation
import HeadstartEngine
import HeadstartFormats
import Testing

/// Small hand-made catalogs and plans for the rule tests, written as YAML so that each test
/// reads like the documents users write.
enum Fixture {
    /// Clouds shared by the rule tests: two geos per cloud where it matters.
    static let clouds = """
        clouds:
          azure: { weu: eu, neu: eu, eus: us }
          aws: { euc: eu, euw: eu, use: us }
          gcp: { euw4: eu, usc: us }
          openai: { eu: eu, us: us }
        """

    static func catalog(window: Int = 30, license: String = "2032-12-31", _ capabilities: String) throws -> Catalog {
        let yaml = """
            apiVersion: headstart/v1
            kind: Catalog
            version: test
            terms: { firstAccessCloud: azure, firstAccessWindowDays: \(window), licenseThrough: \(license) }
            \(clouds)
            capabilities:
            \(capabilities)
            """
        return try CatalogDecoder().decode(Array(yaml.utf8), file: "catalog.yaml")
    }

    /// A one-workload plan; `preferences` and `workload` are extra YAML lines for each.
    static func plan(
        horizon: String = "2030-12-31",
        preferences: String = "",
        needs: String = "cap",
        workload: String = "",
        catalog: Catalog
    ) throws -> WorkloadPlan {
        let yaml = """
            apiVersion: headstart/v1
            kind: WorkloadPlan
            name: p
            horizon: \(horizon)
            preferences: {\(preferences)}
            workloads:
              - name: w
                needs: [\(needs)]
            \(workload.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            """
        return try PlanDecoder(catalog: catalog).decode(Array(yaml.utf8), file: "plan.yaml")
    }

    /// Plans one workload × capability.
    static func recommend(
        _ capabilities: String,
        preferences: String = "",
        workload: String = "",
        horizon: String = "2030-12-31",
        asOf: String,
        window: Int = 30,
        license: String = "2032-12-31"
    ) throws -> (Recommendation, Recommendations) {
        let catalog = try catalog(window: window, license: license, capabilities)
        let plan = try plan(horizon: horizon, preferences: preferences, workload: workload, catalog: catalog)
        let result = Planner(catalog: catalog).plan(plan, asOf: try #require(Day(iso: asOf)))
        return (try #require(result.recommendations.first), result)
    }
}

extension Phase {
    /// `cloud/region from..until [flags]`, compact for assertions.
    var brief: String {
        "\(cloud)/\(region) \(from)..\(until.map(String.init(describing:)) ?? "") [\(flags.map(\.rawValue).joined(separator: ","))]"
    }
}

extension Recommendation {
    var briefTimeline: [String] { timeline.map(\.brief) }
    var briefCandidates: [String] { candidates.map { "\($0.rank):\($0.cloud)/\($0.region)@\($0.availableFrom)\($0.overdue ? "!" : "")" } }
    var briefRejected: [String] { rejected.map { "\($0.cloud)/\($0.region):\($0.reason.rawValue)" } }
}

extension Day {
    init(_ iso: String) { self = Day(iso: iso) ?? Day(ordinal: Int.min / 2) }
}

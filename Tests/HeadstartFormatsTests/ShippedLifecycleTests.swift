import Foundation
import HeadstartEngine
import HeadstartFormats
import Testing

/// The shipped catalog and examples: nothing is ever recommended on an offer that has retired
/// by the day it would be used, and the examples show a migration driven by a retirement.
@Suite struct ShippedLifecycleTests {
    static var examples: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Plans/examples")
    }

    static func plans(_ catalog: Catalog) throws -> [WorkloadPlan] {
        let files = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".yaml") }.sorted()
        return try files.map { name in
            try PlanDecoder(catalog: catalog).decode(Array(try Data(contentsOf: examples.appendingPathComponent(name))), file: name)
        }
    }

    /// 2026-12-01 and the first day of every month through 2027-11, plus a few days between.
    static let checkDays: [String] =
        ["2026-12-01"]
        + (1...11).map { (month: Int) -> String in
            "2027-" + (month < 10 ? "0" : "") + String(month) + "-01"
        } + ["2026-12-20", "2027-03-20", "2027-04-20", "2028-01-01"]

    @Test(arguments: checkDays)
    func noPhaseRunsOnARetiredOffer(asOf: String) throws {
        let catalog = try CatalogDecoder().decode(DefaultCatalog.bytes, file: DefaultCatalog.fileName)
        let day = try #require(Day(iso: asOf))
        var checked = 0
        for plan in try Self.plans(catalog) {
            for r in Planner(catalog: catalog).plan(plan, asOf: day).recommendations {
                for phase in r.timeline {
                    // The phase's last day is the day before its end (the horizon for an open one).
                    let last = phase.until.map { $0.adding(days: -1) } ?? plan.horizon
                    let serving = r.candidates.filter { $0.capability == phase.capability && $0.cloud == phase.cloud && $0.region == phase.region }
                    #expect(
                        serving.contains { c in c.place.retires.map { last < $0 } ?? true },
                        "\(plan.name) \(r.workload)/\(r.capability) as of \(asOf): \(phase.capability) on \(phase.cloud) \(phase.region) \(phase.from)..\(phase.until.map(String.init(describing:)) ?? "") outlives its offer"
                    )
                    checked += 1
                }
            }
        }
        #expect(checked > 10)
    }

    @Test func anExampleMigratesBecauseOfARetirementWithItsSuccessor() throws {
        let catalog = try CatalogDecoder().decode(DefaultCatalog.bytes, file: DefaultCatalog.fileName)
        let bank = try #require(try Self.plans(catalog).first { $0.name == "rheinbank-ai" })
        let result = Planner(catalog: catalog).plan(bank, asOf: try #require(Day(iso: "2026-12-01")))
        let archive = try #require(result.recommendations.first { $0.workload == "archive-search" })
        // gpt-4.1 leaves Azure on 2027-04-14 for the successor OpenAI names, in its EU region.
        #expect(
            archive.timeline.map(\.brief) == [
                "gpt-4.1 azure/swedencentral 2026-12-01..2027-04-14 [retiring]",
                "gpt-6-luna openai/eu 2027-04-14.. [successor]",
            ]
        )
    }
}

extension Phase {
    var brief: String {
        "\(capability) \(cloud)/\(region) \(from)..\(until.map(String.init(describing:)) ?? "") [\(flags.map(\.rawValue).joined(separator: ","))]"
    }
}

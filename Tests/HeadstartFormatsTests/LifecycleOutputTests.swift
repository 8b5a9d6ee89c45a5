import Foundation
import HeadstartEngine
import HeadstartFormats
import Testing

/// How retirements and successors read in the table, in `explain` and in the HTML report, on
/// the shared lifecycle cases (`../shared/conformance/lifecycle-2`).
@Suite struct LifecycleOutputTests {
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/conformance/lifecycle-2")
    }

    static func planned(asOf: String = "2026-11-26") throws -> (Recommendations, Catalog, WorkloadPlan) {
        let catalog = try CatalogDecoder().decode(Array(try Data(contentsOf: folder.appendingPathComponent("catalog.yaml"))), file: "catalog.yaml")
        let plan = try PlanDecoder(catalog: catalog).decode(
            Array(try Data(contentsOf: folder.appendingPathComponent("plan-migrations.yaml"))),
            file: "plan-migrations.yaml"
        )
        return (Planner(catalog: catalog).plan(plan, asOf: try #require(Day(iso: asOf))), catalog, plan)
    }

    @Test func theTableShowsTheSuccessorAndEveryFlag() throws {
        let (result, _, _) = try Self.planned()
        let table = TableRenderer().render(result)
        #expect(table.contains("  legacy-chat-follow  placed       2026-11-26  openai  eu             retiring\n"), Comment(rawValue: table))
        #expect(
            table.contains("                                   2027-01-14  openai  eu             serves gpt-5.1 successor\n"),
            Comment(rawValue: table)
        )
        // Only the workload that already runs on the deprecated Azure offer stays there.
        #expect(
            table.contains(
                "  legacy-chat         placed       2026-11-26  azure   swedencentral  deprecated retirement-gap\n"
                    + "                                                                      retiring until 2027-04-14\n"
            ),
            Comment(rawValue: table)
        )
        // One block per needed capability: a successor's phases stay under the need they serve.
        #expect(table.components(separatedBy: "\n\ngpt-4o\n").count == 2)
        #expect(table.components(separatedBy: "\n\ngpt-5.1\n").count == 2)
    }

    @Test func explainShowsThePoolByCapabilityWithRetirementDays() throws {
        let (result, _, _) = try Self.planned()
        let r = try #require(result.recommendations.first { $0.workload == "legacy-chat-follow" })
        let text = ExplainRenderer(usableBy: r.asOf).render(r, plan: "eu-migrations")
        #expect(text.contains("\n  gpt-4o:\n"), Comment(rawValue: text))
        #expect(text.contains("\n  gpt-5.1, successor:\n"))
        #expect(text.contains("\n  gpt-5.5, successor:\n"))
        #expect(text.contains("     ↳ retires 2027-01-14\n"))
        #expect(text.contains("↳ gpt-4o: retires on 2026-10-01, before it could be used on 2026-11-26"), Comment(rawValue: text))
        #expect(text.contains("3/12 candidates usable by 2026-11-26: 3 deprecated") && text.contains("1 retired"), Comment(rawValue: text))
        #expect(text.contains("↳ gpt-4o: deprecated since 2025-05-13: takes no new deployments"), Comment(rawValue: text))
        #expect(text.contains("  2027-03-01 → horizon      gpt-5.1 on aws eu-central-1   expected, successor"), Comment(rawValue: text))
    }

    @Test func theReportMarksRetirementsAndLabelsSuccessors() throws {
        let (result, catalog, plan) = try Self.planned()
        let html = HTMLReport(catalog: catalog).render([HTMLReport.Item(recommendations: result, horizon: plan.horizon)])
        #expect(html.contains("class=\"retirement\""))
        #expect(html.contains("gpt-4o leaves azure swedencentral on 2027-04-14: retirement"))
        #expect(html.contains("class=\"successor\""))
        #expect(html.contains("gpt-5.1 (successor) on aws eu-central-1"))
    }
}

import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import Testing

/// What people and programs are told about the measured head start and about offers that rest
/// on an assumption: `catalog lags`, explain's sentence, validate's warning, the markers.
@Suite struct HeadStartOutputTests {
    static var lags: URL { LifecycleOutputTests.folder.deletingLastPathComponent().appendingPathComponent("lags") }

    static func day(_ iso: String) throws -> Day { try #require(Day(iso: iso)) }

    static func load(_ folder: URL, plan: String) throws -> (Catalog, WorkloadPlan) {
        let catalog = try CatalogDecoder().decode(Array(try Data(contentsOf: folder.appendingPathComponent("catalog.yaml"))), file: "catalog.yaml")
        let plan = try PlanDecoder(catalog: catalog).decode(Array(try Data(contentsOf: folder.appendingPathComponent(plan))), file: plan)
        return (catalog, plan)
    }

    @Test func theTableHasALinePerCloudThenTheSamples() throws {
        let (catalog, _) = try Self.load(Self.lags, plan: "plan-lags.yaml")
        let text = HeadStartRenderer().render(HeadStartBody(HeadStart(catalog: catalog), catalog: catalog))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("aws     5 days      measured over 4 models (0-14)"), Comment(rawValue: text))
        #expect(lines.contains("gcp     14 days     window: only 1 model measured (61-61)"))
        #expect(lines.contains("oci     14 days     window: no model measured"))
        #expect(lines.contains("azure   0 days      first access (5 models: 0-0)"))
        #expect(lines.contains("  aws     alpha 5, beta 0, delta 7, gamma 14"))
        #expect(lines.first == "Head start behind azure · catalog lags-1 · estimates: measured since 2026-04-27 · window 14 days")
    }

    @Test func explainSaysWhereAnEstimatedDateComesFrom() throws {
        let (catalog, plan) = try Self.load(Self.lags, plan: "plan-lags.yaml")
        let planner = Planner(catalog: catalog)
        let result = planner.plan(plan, asOf: try Self.day("2026-11-21"))
        let r = try #require(result.recommendations.first { $0.workload == "us-assistant" })
        let body = HeadStartBody(planner.headStart, catalog: catalog)
        let text = ExplainRenderer(usableBy: try Self.day("2026-12-01"), headStart: body).render(r, plan: plan.name)
        #expect(text.contains("↳ estimated: launch + 5 days: aws's measured head start over 4 models"), Comment(rawValue: text))
        #expect(text.contains("↳ estimated: the 14-day window: no model measured on oci"))
        #expect(body.estimateSource(cloud: "gcp", capability: "newest") == "the 14-day window: only 1 model measured on gcp")
        #expect(body.estimateSource(cloud: "azure", capability: "newest") == "the launch: azure is the first-access cloud")
        #expect(body.estimateSource(cloud: "aws", capability: "declined-model")?.hasPrefix("the launch: Microsoft declined it") == true)
        // In window mode nothing is added: the output is as it always was.
        var window = catalog
        window.terms.estimates = .window
        #expect(HeadStartBody(HeadStart(catalog: window), catalog: window).estimateSource(cloud: "aws", capability: "newest") == nil)
    }

    @Test func theReportsLegendNamesTheHeadStartPerCloud() throws {
        let (catalog, plan) = try Self.load(Self.lags, plan: "plan-lags.yaml")
        let result = Planner(catalog: catalog).plan(plan, asOf: try Self.day("2026-11-21"))
        let html = HTMLReport(catalog: catalog).render([HTMLReport.Item(recommendations: result, horizon: plan.horizon)])
        #expect(
            html.contains(
                "<span class=\"head-start\">head start behind azure: aws 5 days, measured over 4 models (0-14); "
                    + "gcp 14 days, window: only 1 model measured (61-61); oci 14 days, window: no model measured; "
            ),
            Comment(rawValue: html)
        )
        var window = catalog
        window.terms.estimates = .window
        let plain = HTMLReport(catalog: window).render([HTMLReport.Item(recommendations: result, horizon: plan.horizon)])
        #expect(!plain.contains("head-start") && plain.contains("first access on azure for 14 days after a launch"))
    }

    @Test func validateWarnsOfACloudThatFallsBackToTheWindow() throws {
        let (catalog, _) = try Self.load(Self.lags, plan: "plan-lags.yaml")
        let bytes = Array(try Data(contentsOf: Self.lags.appendingPathComponent("catalog.yaml")))
        let outcome = Validator(catalog: catalog, asOf: try Self.day("2026-11-21")).validate(bytes, file: "catalog.yaml")
        let warnings = outcome.diagnostics.filter { $0.code == DiagnosticCode.fewLagSamples }.map { "\($0.line):\($0.column) \($0.message)" }
        #expect(
            warnings == [
                "39:9 gcp has 2 undated offers but only 1 model is measured there (fewer than 3): they are estimated with the 14-day window",
                "82:9 oci has 1 undated offer but no model is measured there (fewer than 3): it is estimated with the 14-day window",
            ]
        )
        // Not under window mode, where the window is the rule.
        let windowBytes = Array(
            String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "estimates: measured", with: "estimates: window").utf8
        )
        let plain = Validator(catalog: catalog, asOf: try Self.day("2026-11-21")).validate(windowBytes, file: "catalog.yaml")
        #expect(!plain.diagnostics.contains { $0.code == DiagnosticCode.fewLagSamples })
    }

    /// The shipped bank plan's move to aws eu-central-1 rests on an assumed EU date.
    @Test func anIllustrativeOfferIsMarkedInTableExplainAndJSON() throws {
        let catalog = try CatalogDecoder().decode(DefaultCatalog.bytes, file: DefaultCatalog.fileName)
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Plans/examples/eu-bank.yaml")
        let plan = try PlanDecoder(catalog: catalog).decode(Array(try Data(contentsOf: examples)), file: "eu-bank.yaml")
        let result = Planner(catalog: catalog).plan(plan, asOf: try Self.day("2026-12-01"))
        let advisor = try #require(result.recommendations.first { $0.workload == "advisor-copilot" })
        #expect(advisor.timeline.map { $0.illustrative } == [false, true])
        let table = TableRenderer().render(result)
        #expect(table.contains("2027-01-15  aws     eu-central-1   * expected"), Comment(rawValue: table))
        #expect(table.hasSuffix("* illustrative offer: its date or region is assumed, not reported (explain shows its source)\n"))
        let explain = ExplainRenderer(usableBy: try Self.day("2026-12-15")).render(advisor, plan: plan.name)
        #expect(explain.contains("↳ * illustrative: no announcement seen"), Comment(rawValue: explain))
        #expect(explain.contains("2027-01-15 → horizon"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: try JSONOutput.recommendations([result], explain: true, asArray: false)) as? [String: Any]
        )
        let recommendation = try #require((json["recommendations"] as? [[String: Any]])?.first { $0["workload"] as? String == "advisor-copilot" })
        let phases = try #require(recommendation["timeline"] as? [[String: Any]])
        #expect(phases.map { $0["illustrative"] as? Bool } == [nil, true])
        let candidates = try #require(recommendation["candidates"] as? [[String: Any]])
        let aws = try #require(candidates.first { $0["region"] as? String == "eu-central-1" })
        #expect(aws["illustrative"] as? Bool == true)
        #expect(candidates.contains { $0["illustrative"] == nil })
        // Read back, the marks survive (the daemon's stored documents).
        let decoded = try RecommendationsBody.documents(in: try JSONOutput.recommendations([result], explain: true, asArray: false)).map {
            try $0.value()
        }
        #expect(decoded.first?.recommendations.first { $0.workload == "advisor-copilot" }?.timeline.map { $0.illustrative } == [false, true])
    }
}

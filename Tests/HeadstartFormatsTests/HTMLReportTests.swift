import Foundation
import HeadstartEngine
import HeadstartFormats
import Testing

/// The report page: one lane per recommendation, self-contained, everything escaped.
@Suite struct HTMLReportTests {
    static func page(catalogVersion: String? = nil) throws -> String {
        var catalog = try CatalogDecoder().decode(DefaultCatalog.bytes, file: "catalog")
        if let catalogVersion { catalog.version = catalogVersion }
        let url = try #require(Bundle.module.url(forResource: "Fixtures/good-minimal", withExtension: "yaml"))
        let plan = try PlanDecoder(catalog: catalog).decode(Array(try Data(contentsOf: url)), file: "p")
        let bank = try PlanDecoder(catalog: catalog).decode(
            Array(
                try Data(
                    contentsOf: URL(fileURLWithPath: #filePath)
                        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                        .appendingPathComponent("Plans/examples/eu-bank.yaml")
                )
            ),
            file: "b"
        )
        let planner = Planner(catalog: catalog)
        let day = Day(ordinal: 20_783)
        return HTMLReport(catalog: catalog).render([
            .init(recommendations: planner.plan(bank, asOf: day), horizon: bank.horizon),
            .init(recommendations: planner.plan(plan, asOf: day), horizon: plan.horizon),
        ])
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func aLanePerRecommendationWithItsStatusAndWhy() throws {
        let page = try Self.page()
        // The bank's six needs and the minimal plan's one.
        #expect(Self.count("<g class=\"lane\"", in: page) == 7)
        #expect(Self.count("<section class=\"plan\">", in: page) == 2)
        #expect(page.contains("data-workload=\"branch-voice-assistant\" data-status=\"unplaceable\"><title>No candidate fits"))
        #expect(page.contains("licence ends"))
        #expect(page.contains("as of 2026-11-26"))
        #expect(Self.count("class=\"phase\"", in: page) >= 6)
    }

    @Test func thePageFetchesNothingAndRunsNothing() throws {
        let page = try Self.page()
        for forbidden in ["<script", "src=", "href=", "url(", "@import", "https://"] {
            #expect(!page.contains(forbidden), "\(forbidden)")
        }
        // The only URL is SVG's namespace name, which is never fetched.
        #expect(Set(page.components(separatedBy: "http://").dropFirst().map { String($0.prefix(20)) }) == ["www.w3.org/2000/svg\""])
    }

    @Test func textIsEscaped() throws {
        let page = try Self.page(catalogVersion: "<script>alert('x')</script> & \"q\"")
        #expect(!page.contains("<script>"))
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"))
    }
}

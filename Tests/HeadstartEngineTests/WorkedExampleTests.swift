import Foundation
import HeadstartEngine
import HeadstartFormats
import Testing

/// The worked example of the engine issue, and determinism of the whole pipeline.
@Suite struct WorkedExampleTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return Array(try Data(contentsOf: url))
    }

    static func contoso(asOf: String = "2026-11-26") throws -> Recommendations {
        let catalog = try CatalogDecoder().decode(try fixture("contoso-catalog.yaml"), file: "contoso-catalog.yaml")
        let plan = try PlanDecoder(catalog: catalog).decode(try fixture("contoso-plan.yaml"), file: "contoso-plan.yaml")
        return Planner(catalog: catalog).plan(plan, asOf: try #require(Day(iso: asOf)))
    }

    @Test func supportAgentRunsOnAzureUnderFirstAccessThenMovesToAWS() throws {
        let result = try Self.contoso()
        #expect(
            result.recommendations.map { "\($0.workload)/\($0.capability):\($0.status.rawValue)" } == [
                "support-agent/gpt-5.5:placed", "support-agent/gpt-realtime:unplaceable", "code-review/codex:unplaceable",
            ]
        )
        let gpt = result.recommendations[0]
        #expect(
            gpt.briefTimeline == [
                "azure/swedencentral 2026-11-26..2027-01-15 [first-access]", "aws/eu-central-1 2027-01-15.. [expected]",
            ]
        )
        #expect(gpt.current?.brief == "azure/swedencentral 2026-11-26..2027-01-15 [first-access]")
        #expect(gpt.rejectedCounts == [.cloudNotAllowed: 1, .residency: 3])
        #expect(
            gpt.briefCandidates == [
                "1:aws/eu-central-1@2027-01-15", "2:azure/swedencentral@2026-05-20", "3:azure/polandcentral@2026-05-20",
            ]
        )
        #expect(result.recommendations[1].rejectedCounts == [.residency: 3])
        #expect(result.recommendations[2].rejectedCounts == [.cloudNotAllowed: 1])
        #expect(result.nextReplanAt == Day("2027-01-15"))
        #expect(result.summary == [.placed: 1, .waiting: 0, .late: 0, .unplaceable: 2])
        #expect(result.byCapability.map(\.capability) == ["gpt-5.5", "gpt-realtime", "codex"])
        #expect(result.byCapability[0].placements.map { "\($0.cloud)/\($0.region):\($0.workloads)" } == ["azure/swedencentral:[\"support-agent\"]"])
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let data = try JSONOutput.recommendations([try Self.contoso()], explain: false, asArray: false)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            object.keys.sorted() == [
                "apiVersion", "asOf", "byCapability", "catalogVersion", "kind", "nextReplanAt", "plan", "recommendations", "summary",
            ]
        )
        #expect(object["kind"] as? String == "Recommendations")
        #expect(object["catalogVersion"] as? String == "2026-11-20")
        let first = try #require((object["recommendations"] as? [[String: Any]])?.first)
        #expect(first.keys.sorted() == ["capability", "current", "rejectedCounts", "status", "timeline", "why", "workload"])
        let timeline = try #require(first["timeline"] as? [[String: Any]])
        #expect(timeline.last?["until"] is NSNull)
        // Keys are sorted at every level: the text is its own canonical form.
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.contains("\"apiVersion\": \"headstart/v1\",\n  \"asOf\": \"2026-11-26\""))
    }

    @Test func sameInputGivesTheSameBytes() throws {
        let a = try JSONOutput.recommendations([try Self.contoso()], explain: true, asArray: false)
        let b = try JSONOutput.recommendations([try Self.contoso()], explain: true, asArray: false)
        #expect(a == b)
        let tableA = TableRenderer(explain: true).render(try Self.contoso())
        let tableB = TableRenderer(explain: true).render(try Self.contoso())
        #expect(tableA == tableB)
    }

    @Test func tableFitsAHundredColumns() throws {
        for explain in [false, true] {
            let text = TableRenderer(explain: explain).render(try Self.contoso())
            let widest = text.split(separator: "\n").map(\.count).max() ?? 0
            #expect(widest <= 100)
            #expect(text.contains("support-agent"))
            #expect(text.contains("2027-01-15  aws"))
        }
    }
}

/// The JSON writer's output is its own canonical form: parsed and re-serialised by Foundation
/// with sorted keys, it gives the same tokens, and its layout is the house layout.
@Suite struct JSONWriterTests {
    @Test(arguments: [false, true])
    func outputIsCanonical(explain: Bool) throws {
        let data = try JSONOutput.recommendations([try WorkedExampleTests.contoso()], explain: explain, asArray: false)
        let object = try JSONSerialization.jsonObject(with: data)
        let again = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        #expect(JSONLayout.tokens(data) == Array(again))
        #expect(JSONLayout.isHouseLayout(data))
    }

    @Test func stringsAreEscapedLikeJSONEncoder() throws {
        var result = try WorkedExampleTests.contoso()
        result.recommendations[0].why = "quote \" backslash \\ slash / tab \t newline \n nul \u{0} é"
        let data = try JSONOutput.recommendations([result], explain: false, asArray: false)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let first = try #require((object["recommendations"] as? [[String: Any]])?.first)
        #expect(first["why"] as? String == result.recommendations[0].why)
        #expect(String(decoding: data, as: UTF8.self).contains(#""quote \" backslash \\ slash / tab \t newline \n nul \u0000 é""#))
    }
}

import Foundation
import HeadstartEngine
import HeadstartFormats
import Testing

/// The planner shares one recommendation's work among the workloads that need the same
/// capability with the same preferences. A copy whose timeline is changed afterwards (damping
/// holds one workload's placement) must be explained from its own timeline, and must not leave
/// its sentences to the copies it was shared with.
@Suite struct ExplanationSharingTests {
    static func planned() throws -> Recommendations {
        let catalog = try Fixture.catalog(
            """
              cap:
                kind: chat
                launch: 2026-01-01
                offers:
                  - { cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional }
                  - { cloud: aws, regions: [euc], since: 2026-06-01, stage: ga, processing: regional }
            """
        )
        let yaml = """
            apiVersion: headstart/v1
            kind: WorkloadPlan
            name: p
            horizon: 2030-12-31
            preferences: { clouds: [aws, azure] }
            workloads:
              - { name: first, needs: [cap] }
              - { name: second, needs: [cap] }
            """
        let plan = try PlanDecoder(catalog: catalog).decode(Array(yaml.utf8), file: "p.yaml")
        return Planner(catalog: catalog).plan(plan, asOf: try #require(Day(iso: "2027-01-16")))
    }

    @Test func aCopyWithAnotherTimelineIsExplainedOnItsOwn() throws {
        let untouched = try Self.planned().recommendations.map(\.why)
        var result = try Self.planned()
        #expect(result.recommendations.count == 2)
        // Hold the first workload on Azure until 2027-01-30, as damping does.
        let day = try #require(Day(iso: "2027-01-16"))
        let until = try #require(Day(iso: "2027-01-30"))
        let moved = result.recommendations[0].timeline
        result.recommendations[0].timeline =
            [Phase(capability: "cap", cloud: "azure", region: "weu", from: day, until: until, flags: [])]
            + moved.map {
                var later = $0
                later.from = max($0.from, until)
                return later
            }
        // The held copy is read first, as the explained document reads them in order.
        let held = result.recommendations[0].why
        #expect(result.recommendations[1].why == untouched[1], "the second workload got the held workload's sentences")
        #expect(held != untouched[1], "holding the placement changed nothing in the why, so this test shows nothing")
    }
}

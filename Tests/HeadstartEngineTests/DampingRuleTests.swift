import Foundation
import HeadstartEngine
import HeadstartFormats
import Testing

/// `minDwellDays` as the pure layer beside the planner: held placements in, held timelines,
/// placements, holds and the next re-plan day out.
@Suite struct DampingRuleTests {
    static let capabilities = """
          cap:
            kind: chat
            launch: 2026-01-01
            offers:
              - { cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional }
              - { cloud: aws, regions: [euc], since: 2027-01-15, stage: ga, processing: regional }
        """

    static func plan(dwell: Int) throws -> (WorkloadPlan, Catalog) {
        let catalog = try Fixture.catalog(Self.capabilities)
        return (try Fixture.plan(preferences: "clouds: [aws, azure], minDwellDays: \(dwell)", catalog: catalog), catalog)
    }

    static func day(_ iso: String) throws -> Day { try #require(Day(iso: iso)) }

    @Test func aMoveWithinTheDwellIsHeldAndItsWhyRebuilt() throws {
        let (plan, catalog) = try Self.plan(dwell: 60)
        let today = try Self.day("2027-01-16")
        let planned = Planner(catalog: catalog).plan(plan, asOf: today)
        #expect(planned.recommendations[0].current?.cloud == "aws")
        let held = Placement(workload: "w", capability: "cap", cloud: "azure", region: "weu", since: try Self.day("2026-12-01"))
        let outcome = Damping(plan: plan, catalog: catalog).apply(planned, previous: [held], today: today)
        let r = outcome.recommendations.recommendations[0]
        #expect(r.briefTimeline == ["azure/weu 2027-01-16..2027-01-30 []", "aws/euc 2027-01-30.. []"])
        #expect(r.why.hasPrefix("Runs on azure weu from 2027-01-16; moves to aws euc on 2027-01-30."), "\(r.why)")
        #expect(outcome.holds.map(\.wouldMoveTo) == ["aws euc"])
        #expect(outcome.holds.map(\.until) == [try Self.day("2027-01-30")])
        #expect(outcome.placements.map { "\($0.workload) \($0.capability) \($0.cloud) \($0.region)" } == ["w cap azure weu"])
        #expect(outcome.placements.map(\.since) == [held.since])
        #expect(outcome.placements.first?.run?.until == (try Self.day("2027-01-30")))
        #expect(outcome.placements.first?.run?.processing == .regional)
        #expect(outcome.unplaced.isEmpty)
        #expect(outcome.nextReplanAt == (try Self.day("2027-01-30")))
        #expect(outcome.nextReplanReason == .hold)
    }

    @Test func aNewRevisionOrADwellThatEndedHoldsNothing() throws {
        let (plan, catalog) = try Self.plan(dwell: 60)
        let held = Placement(workload: "w", capability: "cap", cloud: "azure", region: "weu", since: try Self.day("2026-12-01"))
        for (previous, today) in [(nil, "2027-01-16"), ([held], "2027-01-31")] as [([Placement]?, String)] {
            let day = try Self.day(today)
            let planned = Planner(catalog: catalog).plan(plan, asOf: day)
            let outcome = Damping(plan: plan, catalog: catalog).apply(planned, previous: previous, today: day)
            #expect(outcome.holds.isEmpty)
            #expect(outcome.recommendations.recommendations[0].current?.cloud == "aws")
            #expect(outcome.placements.map(\.since) == [day])
        }
    }
}

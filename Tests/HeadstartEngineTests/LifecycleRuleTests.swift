import HeadstartEngine
import HeadstartFormats
import Testing

/// The lifecycle rules on small hand-made catalogs: offers retire and are deprecated,
/// capabilities have successors, plans lead retirements and follow successors.
@Suite struct LifecycleRuleTests {
    /// One workload needing `need` with `workload` overrides, planned as of `asOf`.
    static func recommend(
        _ capabilities: String,
        need: String = "cap",
        preferences: String = "",
        workload: String = "",
        horizon: String = "2030-12-31",
        asOf: String,
        license: String = "2032-12-31"
    ) throws -> (Recommendation, Recommendations) {
        let catalog = try Fixture.catalog(license: license, capabilities)
        let plan = try Fixture.plan(horizon: horizon, preferences: preferences, needs: need, workload: workload, catalog: catalog)
        let result = Planner(catalog: catalog).plan(plan, asOf: Day(asOf))
        return (try #require(result.recommendations.first), result)
    }

    /// A capability `cap` launched 2026-01-01 with these offers (flow mappings).
    static func cap(_ offers: String...) -> String {
        "      cap:\n        kind: chat\n        launch: 2026-01-01\n        offers:\n" + offers.map { "          - \($0)\n" }.joined()
    }

    @Test func aRetiringOfferEndsItsPhaseWithAGapWhenNothingTakesOver() throws {
        let cap = Self.cap(
            "{ cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional, retires: 2027-03-01 }"
        )
        let (r, all) = try Self.recommend(cap, asOf: "2026-11-01")
        #expect(r.briefTimeline == ["azure/weu 2026-11-01..2027-03-01 [retirement-gap,retiring]"])
        #expect(r.status == .placed)
        #expect(all.nextReplanAt == Day("2027-03-01"))
        #expect(r.timeline.first?.capability == "cap")
    }

    @Test func theRetiredFilterJudgesOnTheDueDay() throws {
        let cap = Self.cap(
            "{ cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional, retires: 2026-12-01 }",
            "{ cloud: aws, regions: [euc], since: 2026-01-01, stage: ga, processing: regional }"
        )
        // Needed on 2026-12-15: Azure retires before, so it is refused as `retired`.
        let (late, _) = try Self.recommend(cap, preferences: "clouds: [azure, aws]", workload: "neededBy: 2026-12-15", asOf: "2026-11-01")
        #expect(late.briefRejected == ["azure/weu:retired"])
        #expect(late.rejected.first?.detail == "retires on 2026-12-01, before it could be used on 2026-12-15")
        #expect(late.briefTimeline == ["aws/euc 2026-11-01.. []"])
        // Needed now: Azure serves until it retires, then AWS takes over that day.
        let (now, _) = try Self.recommend(cap, preferences: "clouds: [azure, aws]", asOf: "2026-11-01")
        #expect(now.briefRejected.isEmpty)
        #expect(now.briefTimeline == ["azure/weu 2026-11-01..2026-12-01 [retiring]", "aws/euc 2026-12-01.. []"])
    }

    @Test func anEndOnTheVeryDayABetterCandidateArrives() throws {
        let cap = Self.cap(
            "{ cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional, retires: 2027-03-01 }",
            "{ cloud: aws, regions: [euc], expected: 2027-03-01, stage: ga, processing: regional }"
        )
        let (r, _) = try Self.recommend(cap, preferences: "clouds: [aws, azure]", asOf: "2026-11-01")
        // Not rule a (the arrival is not before the end), but rule c: the better one serves on the end day.
        #expect(r.briefTimeline == ["azure/weu 2026-11-01..2027-03-01 [first-access,retiring]", "aws/euc 2027-03-01.. [expected]"])
    }

    @Test func aRetirementAfterTheHorizonLeavesThePhaseOpen() throws {
        let cap = Self.cap(
            "{ cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional, retires: 2031-01-01 }"
        )
        let (r, all) = try Self.recommend(cap, horizon: "2030-12-31", asOf: "2026-11-01")
        #expect(r.briefTimeline == ["azure/weu 2026-11-01.. []"])
        #expect(all.nextReplanAt == nil)
        // On the horizon's last day it still ends inside: the phase closes.
        let (edge, _) = try Self.recommend(cap, horizon: "2031-01-01", asOf: "2026-11-01")
        #expect(edge.briefTimeline == ["azure/weu 2026-11-01..2031-01-01 [retirement-gap,retiring]"])
    }

    @Test func leadDaysRetireACandidateBeforeItStarts() throws {
        let cap = Self.cap(
            "{ cloud: aws, regions: [euc], since: 2027-01-01, stage: ga, processing: regional, retires: 2027-02-01 }",
            "{ cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional, retires: 2028-01-01 }"
        )
        let (r, _) = try Self.recommend(cap, preferences: "clouds: [aws, azure], retirementLeadDays: 60", asOf: "2026-11-01")
        #expect(r.briefRejected == ["aws/euc:retired"])
        #expect(r.rejected.first?.detail == "retires on 2027-02-01 (left 60 days before, on 2026-12-03), before it could be used on 2027-01-01")
        // Azure is left 60 days before its own retirement.
        #expect(r.briefTimeline == ["azure/weu 2026-11-01..2027-11-02 [retirement-gap,retiring]"])
    }

    static let chain = """
          a:
            kind: chat
            launch: 2026-01-01
            successor: b
            offers:
              - { cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional, deprecated: 2026-06-01, retires: 2027-01-01 }
          b:
            kind: chat
            launch: 2026-06-01
            successor: c
            offers:
              - { cloud: azure, regions: [weu], since: 2026-06-01, stage: ga, processing: regional, retires: 2028-01-01 }
          c:
            kind: chat
            launch: 2027-06-01
            offers:
              - { cloud: aws, regions: [euc], expected: 2027-09-01, stage: ga, processing: regional }
        """

    /// Where the chain's workload already runs: `a` is deprecated, so only a deployment keeps it.
    static let runsA = "deployed: [{ capability: a, cloud: azure, region: weu }]"

    @Test func aChainOfThreeSuccessors() throws {
        let (followed, all) = try Self.recommend(
            Self.chain,
            need: "a",
            preferences: "clouds: [azure, aws], followSuccessor: true",
            workload: Self.runsA,
            asOf: "2026-11-01"
        )
        #expect(
            followed.briefTimeline == [
                "azure/weu 2026-11-01..2027-01-01 [deprecated,retiring]",
                "azure/weu 2027-01-01..2028-01-01 [retiring,successor]",
                "aws/euc 2028-01-01.. [expected,successor]",
            ]
        )
        #expect(followed.timeline.map(\.capability) == ["a", "b", "c"])
        #expect(followed.candidates.map(\.capability) == ["a", "b", "c"])
        // The successor's first phase is grouped under it; the need's own capability is listed too.
        #expect(all.byCapability.map(\.capability) == ["a"])
        // Without followSuccessor the need ends with its capability.
        let (alone, _) = try Self.recommend(Self.chain, need: "a", preferences: "clouds: [azure, aws]", workload: Self.runsA, asOf: "2026-11-01")
        #expect(alone.briefTimeline == ["azure/weu 2026-11-01..2027-01-01 [deprecated,retirement-gap,retiring]"])
        #expect(alone.candidates.map(\.capability) == ["a"])
        // The why says what retires and what follows.
        #expect(
            followed.why.contains(
                "moves to b (successor) on azure weu on 2027-01-01 as a on azure weu retires, then c (successor) on aws euc on 2028-01-01 (expected) as b on azure weu retires."
            ),
            Comment(rawValue: followed.why)
        )
        #expect(alone.why.contains("a retires on azure weu on 2027-01-01 and nothing takes over."), Comment(rawValue: alone.why))
        #expect(alone.why.contains("azure takes no new deployments of a there"))
    }

    @Test func aNeedServedOnlyBySuccessorsIsGroupedUnderThem() throws {
        // As of 2027-02-01, `a` has retired: the first phase serves `b`.
        let (r, all) = try Self.recommend(Self.chain, need: "a", preferences: "clouds: [azure, aws], followSuccessor: true", asOf: "2027-02-01")
        #expect(r.briefRejected == ["azure/weu:retired"])
        #expect(r.timeline.first?.capability == "b")
        #expect(all.byCapability.map(\.capability) == ["a", "b"])
        #expect(all.byCapability.first?.placements.isEmpty == true)
    }

    @Test func theLicenceEndMeetingARetirementCarriesBothGaps() throws {
        let cap = Self.cap(
            "{ cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional, retires: 2033-01-01 }"
        )
        let (avoid, _) = try Self.recommend(cap, preferences: "beyondLicense: avoid", horizon: "2034-12-31", asOf: "2026-11-01")
        #expect(avoid.briefTimeline == ["azure/weu 2026-11-01..2033-01-01 [license-gap,retirement-gap,retiring]"])
        // In flag mode the licence does not end the phase, the retirement does.
        let (flag, _) = try Self.recommend(cap, horizon: "2034-12-31", asOf: "2026-11-01")
        #expect(flag.briefTimeline == ["azure/weu 2026-11-01..2033-01-01 [retirement-gap,retiring]"])
    }

    @Test func theLaterEndRanksFirstAfterCloudAndRegion() throws {
        let catalog = try Fixture.catalog(
            """
              cap:
                kind: chat
                launch: 2026-01-01
                offers:
                  - { cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional, retires: 2027-06-01 }
                  - { cloud: azure, regions: [neu], since: 2026-01-01, stage: ga, processing: regional, retires: 2028-06-01 }
                  - { cloud: azure, regions: [eus], since: 2026-01-01, stage: ga, processing: regional }
            """
        )
        let plan = try Fixture.plan(preferences: "clouds: [azure]", catalog: catalog)
        let r = try #require(Planner(catalog: catalog).plan(plan, asOf: Day("2026-11-01")).recommendations.first)
        // Unlisted regions: no retirement first, then the later end, before names.
        #expect(r.candidates.map(\.region) == ["eus", "neu", "weu"])
        // A listed region still ranks before an unlisted one with a later end.
        let listed = try Fixture.plan(preferences: "clouds: [azure], regions: [weu]", catalog: catalog)
        let l = try #require(Planner(catalog: catalog).plan(listed, asOf: Day("2026-11-01")).recommendations.first)
        #expect(l.candidates.map(\.region) == ["weu", "eus", "neu"])
    }

    @Test func aPhaseStartingOnADeprecatedOfferIsFlaggedForADeployment() throws {
        let cap = Self.cap(
            "{ cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional, deprecated: 2026-12-01 }"
        )
        let runs = "deployed: [{ capability: cap, cloud: azure, region: weu }]"
        let (before, _) = try Self.recommend(cap, workload: runs, asOf: "2026-11-01")
        #expect(before.briefTimeline == ["azure/weu 2026-11-01.. []"])
        let (after, _) = try Self.recommend(cap, workload: runs, asOf: "2026-12-01")
        #expect(after.briefTimeline == ["azure/weu 2026-12-01.. [deprecated]"])
    }
}

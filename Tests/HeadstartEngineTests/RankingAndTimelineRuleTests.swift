import HeadstartEngine
import Testing

/// Rules 3 to 5: ranking, the first phase and its status, later phases.
@Suite struct RankingAndTimelineRuleTests {
    @Test func rankByCloudThenListedRegionThenUnlistedByNameThenDate() throws {
        let (r, _) = try Fixture.recommend(
            """
              cap:
                kind: chat
                launch: 2025-12-01
                offers:
                  - { cloud: azure, regions: [neu, eus, weu], since: 2025-12-01, stage: ga, processing: regional }
                  - { cloud: aws, regions: [use], since: 2026-01-01, stage: ga, processing: regional }
                  - { cloud: aws, regions: [euc], since: 2026-02-01, stage: ga, processing: regional }
                  - { cloud: aws, regions: [euc], since: 2026-01-15, stage: ga, processing: zone }
                  - { cloud: aws, regions: [euw], since: 2026-03-01, stage: ga, processing: regional }
            """,
            preferences: "clouds: [aws, azure], regions: [euw, weu]",
            asOf: "2026-06-01"
        )
        #expect(
            r.briefCandidates == [
                "1:aws/euw@2026-03-01", "2:aws/euc@2026-01-15", "3:aws/euc@2026-02-01", "4:aws/use@2026-01-01",
                "5:azure/weu@2025-12-01", "6:azure/eus@2025-12-01", "7:azure/neu@2025-12-01",
            ]
        )
        #expect(r.briefTimeline == ["aws/euw 2026-06-01.. []"])
    }

    @Test func withoutPreferencesCloudsFollowCatalogOrder() throws {
        let (r, _) = try Fixture.recommend(
            """
              cap:
                kind: chat
                launch: 2025-12-01
                offers:
                  - { cloud: openai, regions: [us], since: 2025-12-01, stage: ga, processing: regional }
                  - { cloud: gcp, regions: [usc], since: 2025-12-01, stage: ga, processing: regional }
                  - { cloud: azure, regions: [eus], since: 2025-12-01, stage: ga, processing: regional }
            """,
            asOf: "2026-06-01"
        )
        #expect(r.briefCandidates == ["1:azure/eus@2025-12-01", "2:gcp/usc@2025-12-01", "3:openai/us@2025-12-01"])
    }

    static let waitable = """
          cap:
            kind: chat
            launch: 2026-01-01
            offers:
              - { cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional }
              - { cloud: aws, regions: [euc], expected: 2026-07-20, stage: ga, processing: regional }
        """

    @Test func anInterimPlacementUnderFirstAccessThenTheMove() throws {
        let (r, all) = try Fixture.recommend(Self.waitable, preferences: "clouds: [aws, azure]", workload: "neededBy: 2026-07-01", asOf: "2026-06-01")
        #expect(r.status == .placed)
        #expect(r.briefTimeline == ["azure/weu 2026-06-01..2026-07-20 [first-access]", "aws/euc 2026-07-20.. [expected]"])
        #expect(r.current?.brief == "azure/weu 2026-06-01..2026-07-20 [first-access]")
        #expect(all.nextReplanAt == Day("2026-07-20"))
        #expect(all.nextReplanReason == .phase)
    }

    @Test func acceptDelayDaysWaitsForTheBetterCloud() throws {
        let (r, all) = try Fixture.recommend(
            Self.waitable,
            preferences: "clouds: [aws, azure]",
            workload: "neededBy: 2026-07-01\nacceptDelayDays: 30",
            asOf: "2026-06-01"
        )
        #expect(r.status == .waiting)
        #expect(r.briefTimeline == ["aws/euc 2026-07-20.. [expected]"])
        #expect(r.current == nil)
        #expect(all.nextReplanAt == Day("2026-07-20"))
        // 19 days is not enough to wait for a date 19 days late.
        let (short, _) = try Fixture.recommend(
            Self.waitable,
            preferences: "clouds: [aws, azure]",
            workload: "neededBy: 2026-07-01\nacceptDelayDays: 18",
            asOf: "2026-06-01"
        )
        #expect(short.status == .placed)
        #expect(short.timeline.first?.cloud == "azure")
    }

    @Test func lateWhenNothingIsThereInTimeAndTheEarliestIsTaken() throws {
        let (r, _) = try Fixture.recommend(
            """
              cap:
                kind: chat
                launch: 2026-01-01
                offers:
                  - { cloud: aws, regions: [euc], since: 2026-10-01, stage: ga, processing: regional }
                  - { cloud: aws, regions: [euw], since: 2026-09-01, stage: ga, processing: regional }
                  - { cloud: aws, regions: [use], since: 2026-09-01, stage: ga, processing: regional }
            """,
            preferences: "regions: [euc, use]",
            workload: "neededBy: 2026-07-01",
            asOf: "2026-06-01"
        )
        #expect(r.status == .late)
        // Earliest date first, the tie between euw and use going to the better-ranked use.
        #expect(r.briefTimeline == ["aws/use 2026-09-01..2026-10-01 []", "aws/euc 2026-10-01.. []"])
    }

    @Test func unplaceableWhenEveryCandidateIsFilteredOut() throws {
        let (r, all) = try Fixture.recommend(
            """
              cap:
                kind: chat
                launch: 2026-01-01
                offers:
                  - { cloud: azure, regions: [eus], since: 2026-01-01, stage: ga, processing: global }
            """,
            preferences: "residency: [eu]",
            asOf: "2026-06-01"
        )
        #expect(r.status == .unplaceable)
        #expect(r.timeline.isEmpty)
        #expect(r.why.contains("0/1 candidates pass the filters: 1 residency"))
        #expect(all.nextReplanAt == nil)
        #expect(all.byCapability.first?.placements.isEmpty == true)
    }

    @Test func laterPhasesOnlyImproveAndTakeTheEarliestBetterCandidate() throws {
        let (stepwise, _) = try Fixture.recommend(
            """
              cap:
                kind: chat
                launch: 2026-01-01
                offers:
                  - { cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional }
                  - { cloud: gcp, regions: [euw4], since: 2026-08-01, stage: ga, processing: regional }
                  - { cloud: aws, regions: [euc], since: 2026-10-01, stage: ga, processing: regional }
            """,
            preferences: "clouds: [aws, gcp, azure]",
            asOf: "2026-06-01"
        )
        #expect(
            stepwise.briefTimeline == [
                "azure/weu 2026-06-01..2026-08-01 [first-access]", "gcp/euw4 2026-08-01..2026-10-01 []", "aws/euc 2026-10-01.. []",
            ]
        )
        let (direct, _) = try Fixture.recommend(
            """
              cap:
                kind: chat
                launch: 2026-01-01
                offers:
                  - { cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional }
                  - { cloud: gcp, regions: [euw4], since: 2026-10-01, stage: ga, processing: regional }
                  - { cloud: aws, regions: [euc, euw], since: 2026-08-01, stage: ga, processing: regional }
            """,
            preferences: "clouds: [aws, gcp, azure], regions: [euw]",
            asOf: "2026-06-01"
        )
        // gcp comes later than aws and ranks worse, so it never gets a phase; aws euw wins the tie.
        #expect(direct.briefTimeline == ["azure/weu 2026-06-01..2026-08-01 [first-access]", "aws/euw 2026-08-01.. []"])
    }

    @Test func flagsAreSortedAndCombine() throws {
        let (r, _) = try Fixture.recommend(
            """
              cap:
                kind: chat
                launch: 2026-01-01
                offers:
                  - { cloud: azure, regions: [weu], expected: 2026-08-01, stage: preview, processing: regional }
                  - { cloud: aws, regions: [euc], expected: 2033-06-01, stage: ga, processing: regional }
            """,
            preferences: "clouds: [aws, azure], stage: preview",
            horizon: "2034-12-31",
            asOf: "2026-06-01"
        )
        #expect(r.status == .late)
        #expect(
            r.briefTimeline == [
                "azure/weu 2026-08-01..2033-06-01 [beyond-license,expected,first-access,preview]", "aws/euc 2033-06-01.. [expected]",
            ]
        )
    }

    @Test func anOverdueBetterCandidateKeepsTheFirstAccessFlag() throws {
        let (r, _) = try Fixture.recommend(
            """
              cap:
                kind: chat
                launch: 2026-01-01
                offers:
                  - { cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional }
                  - { cloud: aws, regions: [euc], expected: 2026-05-01, stage: ga, processing: regional }
            """,
            preferences: "clouds: [aws, azure]",
            asOf: "2026-06-01"
        )
        #expect(r.briefCandidates == ["1:aws/euc@2026-05-01!", "2:azure/weu@2026-01-01"])
        #expect(r.briefTimeline == ["azure/weu 2026-06-01.. [first-access]"])
    }

    @Test func estimatedDatesAreFlagged() throws {
        let (r, _) = try Fixture.recommend(
            """
              cap:
                kind: chat
                launch: 2026-05-01
                offers:
                  - { cloud: aws, regions: [euc], stage: ga, processing: regional }
            """,
            asOf: "2026-05-10"
        )
        #expect(r.briefTimeline == ["aws/euc 2026-05-31.. [estimated]"])
        #expect(r.status == .late)
    }
}

import Foundation
import HeadstartEngine
import HeadstartFormats
import Testing

/// The rules of 2026-12-01 on small hand-made catalogs: a deprecated offer takes no new
/// deployments (only a workload that lists it under `deployed` keeps it), GA outranks preview in
/// one region, and a forecast is overdue on its own day whatever `settleDays` adds.
@Suite struct DeprecationRuleTests {
    static func cap(_ offers: String...) -> String { LifecycleRuleTests.cap(offers.joined(separator: "\n          - ")) }

    static let deprecated = cap(
        "{ cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional, deprecated: 2026-04-14, retires: 2027-04-14 }",
        "{ cloud: aws, regions: [euc], since: 2026-01-01, stage: ga, processing: regional }"
    )

    @Test func aDeprecatedOfferIsRefusedToANewWorkloadAndKeptForADeployedOne() throws {
        let (fresh, _) = try LifecycleRuleTests.recommend(Self.deprecated, preferences: "clouds: [azure, aws]", asOf: "2026-11-01")
        #expect(fresh.briefRejected == ["azure/weu:deprecated"])
        #expect(fresh.rejected.first?.detail.hasPrefix("deprecated since 2026-04-14: takes no new deployments") == true, "\(fresh.rejected)")
        #expect(fresh.briefTimeline == ["aws/euc 2026-11-01.. []"])
        #expect(fresh.rejectedCounts == [.deprecated: 1])
        let runs = "deployed: [{ capability: cap, cloud: azure, region: weu }]"
        let (kept, _) = try LifecycleRuleTests.recommend(Self.deprecated, preferences: "clouds: [azure, aws]", workload: runs, asOf: "2026-11-01")
        #expect(kept.briefRejected.isEmpty)
        #expect(kept.briefTimeline == ["azure/weu 2026-11-01..2027-04-14 [deprecated,retiring]", "aws/euc 2027-04-14.. []"])
        // A deployment elsewhere does not open this region.
        let elsewhere = "deployed: [{ capability: cap, cloud: azure, region: neu }]"
        let (other, _) = try LifecycleRuleTests.recommend(
            Self.deprecated,
            preferences: "clouds: [azure, aws]",
            workload: elsewhere,
            asOf: "2026-11-01"
        )
        #expect(other.briefRejected == ["azure/weu:deprecated"])
    }

    @Test func aStartJustBeforeTheDeprecatedDayRunsOnPastIt() throws {
        let (r, _) = try LifecycleRuleTests.recommend(Self.deprecated, preferences: "clouds: [azure, aws]", asOf: "2026-04-13")
        #expect(r.briefRejected.isEmpty)
        #expect(r.briefTimeline == ["azure/weu 2026-04-13..2027-04-14 [retiring]", "aws/euc 2027-04-14.. []"])
        // On the day itself it is refused; settleDays can push the start onto it.
        let (onTheDay, _) = try LifecycleRuleTests.recommend(Self.deprecated, preferences: "clouds: [azure, aws]", asOf: "2026-04-14")
        #expect(onTheDay.briefRejected == ["azure/weu:deprecated"])
        let later = Self.cap(
            "{ cloud: azure, regions: [weu], since: 2026-04-10, stage: ga, processing: regional, deprecated: 2026-04-14 }"
        )
        let (settled, _) = try LifecycleRuleTests.recommend(later, preferences: "clouds: [azure], settleDays: 4", asOf: "2026-04-01")
        #expect(settled.briefRejected == ["azure/weu:deprecated"])
    }

    @Test func aTakeoverOnADeprecatedOfferIsRefused() throws {
        // aws retires on 2027-03-01; azure (deprecated from 2027-01-01) would take over that day.
        let cap = Self.cap(
            "{ cloud: aws, regions: [euc], since: 2026-01-01, stage: ga, processing: regional, retires: 2027-03-01 }",
            "{ cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional, deprecated: 2027-01-01 }",
            "{ cloud: gcp, regions: [euw4], expected: 2027-05-01, stage: ga, processing: regional }"
        )
        let (r, _) = try LifecycleRuleTests.recommend(cap, preferences: "clouds: [aws, azure, gcp]", asOf: "2026-11-01")
        #expect(r.briefRejected.isEmpty)
        #expect(r.briefTimeline == ["aws/euc 2026-11-01..2027-03-01 [retirement-gap,retiring]", "gcp/euw4 2027-05-01.. [expected]"])
        // Before the deprecated day the takeover is allowed.
        let (early, _) = try LifecycleRuleTests.recommend(
            cap.replacingOccurrences(of: "retires: 2027-03-01", with: "retires: 2026-12-01"),
            preferences: "clouds: [aws, azure, gcp]",
            asOf: "2026-11-01"
        )
        #expect(early.briefTimeline == ["aws/euc 2026-11-01..2026-12-01 [retiring]", "azure/weu 2026-12-01.. []"])
        // A deployment keeps the takeover, flagged deprecated.
        let runs = "deployed: [{ capability: cap, cloud: azure, region: weu }]"
        let (kept, _) = try LifecycleRuleTests.recommend(cap, preferences: "clouds: [aws, azure, gcp]", workload: runs, asOf: "2026-11-01")
        #expect(kept.briefTimeline == ["aws/euc 2026-11-01..2027-03-01 [retiring]", "azure/weu 2027-03-01.. [deprecated]"])
    }

    @Test func gaOutranksPreviewInOneRegionAndAPreviewServesUntilGAArrives() throws {
        let cap = Self.cap(
            "{ cloud: aws, regions: [euc], since: 2026-03-01, stage: preview, processing: regional }",
            "{ cloud: aws, regions: [euc], since: 2026-06-01, stage: ga, processing: regional }"
        )
        let (now, _) = try LifecycleRuleTests.recommend(cap, preferences: "clouds: [aws], stage: preview", asOf: "2026-11-01")
        #expect(now.candidates.map(\.place.stage) == [.ga, .preview])
        #expect(now.briefTimeline == ["aws/euc 2026-11-01.. []"])
        // Before GA arrives the preview serves, and GA takes over on its day.
        let (before, _) = try LifecycleRuleTests.recommend(cap, preferences: "clouds: [aws], stage: preview", asOf: "2026-04-01")
        #expect(before.briefTimeline == ["aws/euc 2026-04-01..2026-06-01 [preview]", "aws/euc 2026-06-01.. []"])
        // The region still comes before the stage: a listed region's preview beats an unlisted GA.
        let two = Self.cap(
            "{ cloud: aws, regions: [euc], since: 2026-03-01, stage: preview, processing: regional }",
            "{ cloud: aws, regions: [euw], since: 2026-03-01, stage: ga, processing: regional }"
        )
        let (listed, _) = try LifecycleRuleTests.recommend(two, preferences: "clouds: [aws], regions: [euc], stage: preview", asOf: "2026-11-01")
        #expect(listed.candidates.map(\.region) == ["euc", "euw"])
    }

    @Test func overdueIsJudgedOnTheForecastsOwnDayNotAfterSettleDays() throws {
        let cap = Self.cap(
            "{ cloud: aws, regions: [euc], expected: 2026-10-23, stage: ga, processing: regional }",
            "{ cloud: gcp, regions: [euw4], since: 2026-01-01, stage: ga, processing: regional }"
        )
        // Nine days after the expected day, with settleDays 10: A is tomorrow, but the forecast has slipped.
        let (r, all) = try LifecycleRuleTests.recommend(cap, preferences: "clouds: [aws, gcp], settleDays: 10", asOf: "2026-11-01")
        #expect(r.briefCandidates == ["1:aws/euc@2026-11-02!", "2:gcp/euw4@2026-01-11"])
        #expect(r.briefTimeline == ["gcp/euw4 2026-11-01.. []"])
        #expect(all.nextReplanAt == Day("2026-11-02"))
        #expect(all.nextReplanReason == .overdue)
        // The day before the forecast's own day it is still planned on, at A.
        let (early, _) = try LifecycleRuleTests.recommend(cap, preferences: "clouds: [aws, gcp], settleDays: 10", asOf: "2026-10-22")
        #expect(early.briefCandidates == ["1:aws/euc@2026-11-02", "2:gcp/euw4@2026-01-11"])
        #expect(early.briefTimeline == ["gcp/euw4 2026-10-22..2026-11-02 []", "aws/euc 2026-11-02.. [expected]"])
    }
}

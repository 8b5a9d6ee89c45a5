import HeadstartEngine
import Testing

/// Rule 1: hard filters in order, the first failing one naming the reason.
@Suite struct FilterRuleTests {
    @Test func filtersApplyInOrderAndTheFirstFailureNamesTheReason() throws {
        let (r, _) = try Fixture.recommend(
            """
              cap:
                kind: chat
                launch: 2026-01-01
                offers:
                  - { cloud: gcp, regions: [euw4, usc], since: 2026-01-01, stage: ga, processing: regional }
                  - { cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: global }
                  - { cloud: azure, regions: [eus, neu], since: 2026-01-01, stage: ga, processing: zone }
                  - { cloud: aws, regions: [use, euc], since: 2026-01-01, stage: preview, processing: regional }
                  - { cloud: openai, regions: [eu], since: 2031-06-01, stage: ga, processing: regional }
            """,
            preferences: "clouds: [azure, aws, openai], residency: [eu], stage: ga",
            asOf: "2026-06-01"
        )
        #expect(
            r.briefRejected == [
                "gcp/euw4:cloud-not-allowed", "gcp/usc:cloud-not-allowed", "azure/weu:residency", "azure/eus:residency",
                "aws/use:residency", "aws/euc:stage", "openai/eu:after-horizon",
            ]
        )
        #expect(r.briefCandidates == ["1:azure/neu@2026-01-01"])
        #expect(r.rejectedCounts == [.cloudNotAllowed: 2, .residency: 3, .stage: 1, .afterHorizon: 1])
        #expect(r.diagnosis.description == "1/8 candidates pass the filters: 3 residency, 2 cloud-not-allowed, 1 after-horizon, 1 stage")
        #expect(r.rejected.allSatisfy { !$0.detail.isEmpty })
    }

    @Test(arguments: [
        // processing, region, residency, rejected?
        ("global", "weu", "[eu]", true),
        ("global", "weu", "[eu, us]", true),
        ("zone", "weu", "[eu]", false),
        ("zone", "eus", "[eu]", true),
        ("regional", "weu", "[eu]", false),
        ("regional", "eus", "[eu]", true),
        ("global", "weu", "", false),
    ])
    func residencyDependsOnProcessingScope(processing: String, region: String, residency: String, rejected: Bool) throws {
        let prefs = residency.isEmpty ? "" : "residency: \(residency)"
        let (r, _) = try Fixture.recommend(
            """
              cap:
                kind: chat
                launch: 2026-01-01
                offers:
                  - { cloud: azure, regions: [\(region)], since: 2026-01-01, stage: ga, processing: \(processing) }
            """,
            preferences: prefs,
            asOf: "2026-06-01"
        )
        #expect(r.briefRejected == (rejected ? ["azure/\(region):residency"] : []))
    }

    @Test func stageDefaultsToGAAndPreviewAcceptsBoth() throws {
        let capability = """
              cap:
                kind: chat
                launch: 2026-01-01
                offers:
                  - { cloud: aws, regions: [euc], since: 2026-01-01, stage: preview, processing: regional }
                  - { cloud: aws, regions: [euw], since: 2026-01-01, stage: ga, processing: regional }
            """
        let (byDefault, _) = try Fixture.recommend(capability, asOf: "2026-06-01")
        #expect(byDefault.briefRejected == ["aws/euc:stage"])
        let (preview, _) = try Fixture.recommend(capability, preferences: "stage: preview", asOf: "2026-06-01")
        #expect(preview.briefRejected.isEmpty)
        #expect(preview.candidates.count == 2)
    }

    @Test func azureDeclinedRejectsFirstAccessOffersAfterResidency() throws {
        let (r, _) = try Fixture.recommend(
            """
              cap:
                kind: chat
                launch: 2026-01-01
                azureDeclined: true
                offers:
                  - { cloud: azure, regions: [weu, eus], since: 2026-01-01, stage: ga, processing: regional }
                  - { cloud: aws, regions: [euc], stage: ga, processing: regional }
            """,
            preferences: "residency: [eu]",
            asOf: "2026-06-01"
        )
        #expect(r.briefRejected == ["azure/weu:azure-declined", "azure/eus:residency"])
        // No first-access lag for a declined capability: the estimate is the launch itself.
        #expect(r.briefCandidates == ["1:aws/euc@2026-01-01!"])
    }

    @Test func beyondLicenseFilterOnlyInAvoidMode() throws {
        let capability = """
              cap:
                kind: chat
                launch: 2026-01-01
                offers:
                  - { cloud: azure, regions: [weu], since: 2033-03-01, stage: ga, processing: regional }
                  - { cloud: aws, regions: [euc], since: 2033-03-01, stage: ga, processing: regional }
                  - { cloud: azure, regions: [neu], since: 2026-01-01, stage: ga, processing: regional }
            """
        let (avoid, _) = try Fixture.recommend(capability, workload: "beyondLicense: avoid", horizon: "2034-12-31", asOf: "2026-06-01")
        #expect(avoid.briefRejected == ["azure/weu:beyond-license"])
        let (flag, _) = try Fixture.recommend(capability, horizon: "2034-12-31", asOf: "2026-06-01")
        #expect(flag.briefRejected.isEmpty)
        // As of a day past the licence, no first-access candidate can start in time.
        let (late, _) = try Fixture.recommend(capability, workload: "beyondLicense: avoid", horizon: "2034-12-31", asOf: "2033-01-02")
        #expect(late.briefRejected == ["azure/weu:beyond-license", "azure/neu:beyond-license"])
        #expect(late.briefCandidates == ["1:aws/euc@2033-03-01"])
    }

    @Test func afterHorizonComparesTheEarliestStart() throws {
        let (r, _) = try Fixture.recommend(
            """
              cap:
                kind: chat
                launch: 2026-01-01
                offers:
                  - { cloud: aws, regions: [euc], since: 2030-12-31, stage: ga, processing: regional }
                  - { cloud: aws, regions: [euw], since: 2031-01-01, stage: ga, processing: regional }
            """,
            horizon: "2030-12-31",
            asOf: "2026-06-01"
        )
        #expect(r.briefRejected == ["aws/euw:after-horizon"])
        #expect(r.briefTimeline == ["aws/euc 2030-12-31.. []"])
    }
}

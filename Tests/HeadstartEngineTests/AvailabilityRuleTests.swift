import HeadstartEngine
import Testing

/// Rule 2: availability dates, their kinds, settleDays and overdue forecasts.
@Suite struct AvailabilityRuleTests {
    static let capability = """
          cap:
            kind: chat
            launch: 2026-03-01
            offers:
              - { cloud: azure, regions: [weu], stage: ga, processing: regional }
              - { cloud: aws, regions: [euc], stage: ga, processing: regional }
              - { cloud: openai, regions: [eu], expected: 2026-09-01, stage: ga, processing: regional }
              - { cloud: gcp, regions: [euw4], since: 2026-02-15, stage: ga, processing: regional }
        """

    @Test func datesComeFromSinceExpectedOrTheFirstAccessWindow() throws {
        let (r, _) = try Fixture.recommend(Self.capability, preferences: "clouds: [azure, aws, openai, gcp]", asOf: "2026-02-01")
        let byCloud = Dictionary(uniqueKeysWithValues: r.candidates.map { ($0.cloud, "\($0.availableFrom) \($0.dateKind.rawValue)") })
        #expect(byCloud["azure"] == "2026-03-01 estimated")  // the first-access cloud: the launch
        #expect(byCloud["aws"] == "2026-03-31 estimated")  // launch + 30-day window
        #expect(byCloud["openai"] == "2026-09-01 expected")
        #expect(byCloud["gcp"] == "2026-02-15 confirmed")
        #expect(r.candidates.allSatisfy { !$0.overdue })
    }

    @Test func settleDaysDelaysEveryCandidate() throws {
        let (r, _) = try Fixture.recommend(Self.capability, preferences: "clouds: [azure, aws, openai, gcp], settleDays: 10", asOf: "2026-02-01")
        #expect(r.candidates.map(\.availableFrom.description) == ["2026-03-11", "2026-04-10", "2026-09-11", "2026-02-25"])
    }

    @Test func forecastsPastTheirDateAreOverdueAndNeverPlanned() throws {
        let (r, all) = try Fixture.recommend(Self.capability, preferences: "clouds: [azure, aws, openai, gcp]", asOf: "2026-05-01")
        #expect(r.briefCandidates == ["1:azure/weu@2026-03-01!", "2:aws/euc@2026-03-31!", "3:openai/eu@2026-09-01", "4:gcp/euw4@2026-02-15"])
        // Only the confirmed gcp can serve now; openai's forecast is planned at its date.
        #expect(r.briefTimeline == ["gcp/euw4 2026-05-01..2026-09-01 []", "openai/eu 2026-09-01.. [expected]"])
        #expect(r.status == .placed)
        #expect(all.nextReplanAt == Day("2026-05-02"))
        #expect(all.nextReplanReason == .overdue)
    }

    @Test func aPhaseTomorrowIsTheReasonBeforeAnOverdueForecast() throws {
        let (_, all) = try Fixture.recommend(
            """
              cap:
                kind: chat
                launch: 2026-03-01
                offers:
                  - { cloud: aws, regions: [euc], expected: 2026-04-01, stage: ga, processing: regional }
                  - { cloud: gcp, regions: [euw4], since: 2026-05-02, stage: ga, processing: regional }
            """,
            preferences: "clouds: [aws, gcp]",
            asOf: "2026-05-01"
        )
        #expect(all.nextReplanAt == Day("2026-05-02"))
        #expect(all.nextReplanReason == .phase)
    }

    @Test func aForecastDueTodayIsAlreadyOverdue() throws {
        let (r, _) = try Fixture.recommend(
            """
              cap:
                kind: chat
                launch: 2026-01-01
                offers:
                  - { cloud: aws, regions: [euc], expected: 2026-06-01, stage: ga, processing: regional }
            """,
            asOf: "2026-06-01"
        )
        #expect(r.candidates.first?.overdue == true)
        #expect(r.status == .late)
        #expect(r.timeline.isEmpty)
    }
}

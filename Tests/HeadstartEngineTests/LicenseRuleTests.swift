import HeadstartEngine
import Testing

/// Rules 6 and 8 around the end of Microsoft's licence (2032-12-31 here).
@Suite struct LicenseRuleTests {
    static func capability(openai: String) -> String {
        """
          cap:
            kind: chat
            launch: 2026-01-01
            offers:
              - { cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional }
        \(openai.isEmpty ? "" : "      - { cloud: openai, regions: [eu], \(openai), stage: ga, processing: regional }")
        """
    }

    @Test func flagModeMarksFirstAccessPhasesPastTheLicence() throws {
        let (r, _) = try Fixture.recommend(Self.capability(openai: ""), horizon: "2034-12-31", asOf: "2026-06-01")
        #expect(r.briefTimeline == ["azure/weu 2026-06-01.. [beyond-license]"])
        let (inside, _) = try Fixture.recommend(Self.capability(openai: ""), horizon: "2032-12-31", asOf: "2026-06-01")
        #expect(inside.briefTimeline == ["azure/weu 2026-06-01.. []"])
    }

    @Test func avoidModeMovesToTheBestOtherCandidateTheDayAfter() throws {
        let (r, all) = try Fixture.recommend(
            Self.capability(openai: "since: 2026-01-01"),
            preferences: "clouds: [azure, openai], beyondLicense: avoid",
            horizon: "2034-12-31",
            asOf: "2026-06-01"
        )
        #expect(r.briefTimeline == ["azure/weu 2026-06-01..2033-01-01 []", "openai/eu 2033-01-01.. []"])
        #expect(all.nextReplanAt == Day("2033-01-01"))
    }

    @Test func avoidModeWithAGapResumesAtTheEarliestOtherCandidate() throws {
        let (r, all) = try Fixture.recommend(
            Self.capability(openai: "since: 2033-06-01"),
            preferences: "clouds: [openai, azure], beyondLicense: avoid",
            horizon: "2034-12-31",
            asOf: "2026-06-01"
        )
        #expect(r.briefTimeline == ["azure/weu 2026-06-01..2033-01-01 [first-access,license-gap]", "openai/eu 2033-06-01.. []"])
        #expect(r.status == .placed)
        #expect(all.nextReplanAt == Day("2033-01-01"))
    }

    @Test func avoidModeWithNothingElseEndsTheTimeline() throws {
        let (r, _) = try Fixture.recommend(
            Self.capability(openai: ""),
            preferences: "beyondLicense: avoid",
            horizon: "2034-12-31",
            asOf: "2026-06-01"
        )
        #expect(r.briefTimeline == ["azure/weu 2026-06-01..2033-01-01 [license-gap]"])
        #expect(r.why.contains("avoided after the licence ends"))
    }

    @Test func avoidModeIsInertWhenTheHorizonIsWithinTheLicence() throws {
        let (r, _) = try Fixture.recommend(
            Self.capability(openai: "since: 2026-01-01"),
            preferences: "clouds: [azure, openai], beyondLicense: avoid",
            horizon: "2032-12-31",
            asOf: "2026-06-01"
        )
        #expect(r.briefTimeline == ["azure/weu 2026-06-01.. []"])
    }

    @Test func nextReplanIsNullWhenNothingChangesBeforeTheHorizon() throws {
        let (_, all) = try Fixture.recommend(Self.capability(openai: ""), horizon: "2030-12-31", asOf: "2026-06-01")
        #expect(all.nextReplanAt == nil)
        // An overdue forecast asks for tomorrow, unless tomorrow is past the horizon.
        let overdue = Self.capability(openai: "expected: 2026-03-01")
        let (_, soon) = try Fixture.recommend(overdue, horizon: "2030-12-31", asOf: "2026-06-01")
        #expect(soon.nextReplanAt == Day("2026-06-02"))
        let (_, atHorizon) = try Fixture.recommend(overdue, horizon: "2026-06-01", asOf: "2026-06-01")
        #expect(atHorizon.nextReplanAt == nil)
    }
}

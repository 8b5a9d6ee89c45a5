import HeadstartEngine
import HeadstartFormats
import Testing

/// The measured head start (`terms.estimates: measured`) on small hand-made catalogs.
@Suite struct HeadStartTests {
    /// A catalog under `measured` whose capabilities are `launch:sinceOnAws` pairs (nil: no aws offer).
    static func catalog(_ samples: [(String, String?)], since: String? = nil, extra: String = "") throws -> Catalog {
        var capabilities = ""
        for (i, (launch, aws)) in samples.enumerated() {
            capabilities += "  c\(i):\n    kind: chat\n    launch: \(launch)\n    offers:\n"
            capabilities += "      - { cloud: azure, regions: [weu], since: \(launch), stage: ga, processing: regional }\n"
            if let aws { capabilities += "      - { cloud: aws, regions: [euc], since: \(aws), stage: ga, processing: regional }\n" }
        }
        let yaml = """
            apiVersion: headstart/v1
            kind: Catalog
            version: lags-test
            terms: { firstAccessCloud: azure, firstAccessWindowDays: 30, licenseThrough: 2032-12-31, estimates: measured\(since.map { ", measuredSince: \($0)" } ?? "") }
            clouds:
              azure: { weu: eu }
              aws: { euc: eu }
              gcp: { euw4: eu }
            capabilities:
            \(capabilities)\(extra)
            """
        return try CatalogDecoder().decode(Array(yaml.utf8), file: "catalog.yaml")
    }

    static func aws(_ catalog: Catalog) throws -> HeadStart.CloudLag { try #require(HeadStart(catalog: catalog).row(of: "aws")) }

    @Test(arguments: [
        // Odd: the middle one; even: the lower of the two middle ones.
        ([5, 0, 14], 5), ([5, 0, 14, 7], 5), ([1, 2, 3, 4, 100], 3), ([10, 20, 30, 40, 50, 60], 30),
    ])
    func theLagIsTheLowerMedian(lags: [Int], expected: Int) throws {
        let launch = try #require(Day(iso: "2026-06-01"))
        let catalog = try Self.catalog(lags.map { ("2026-06-01", launch.adding(days: $0).description) })
        let row = try Self.aws(catalog)
        #expect(row.basis == .measured)
        #expect(row.lagDays == expected)
        #expect(row.samples == lags.count)
        #expect(row.minDays == lags.min() && row.maxDays == lags.max())
    }

    @Test func aNegativeLagCountsAsZero() throws {
        let row = try Self.aws(try Self.catalog([("2026-06-01", "2026-05-20"), ("2026-06-01", "2026-06-03"), ("2026-06-01", "2026-06-09")]))
        #expect(row.observations.map(\.lagDays) == [0, 2, 8])
        #expect(row.lagDays == 2)
    }

    @Test func measuredSinceAndADeclinedCapabilityAreLeftOut() throws {
        let declined = """
              d:
                kind: chat
                launch: 2026-06-01
                azureDeclined: true
                offers:
                  - { cloud: aws, regions: [euc], since: 2026-09-01, stage: ga, processing: regional }
            """
        let catalog = try Self.catalog(
            [
                ("2026-03-01", "2026-06-01"), ("2026-06-01", "2026-06-02"), ("2026-06-01", "2026-06-03"),
                ("2026-06-01", "2026-06-04"),
            ],
            since: "2026-04-27",
            extra: declined
        )
        let row = try Self.aws(catalog)
        #expect(row.observations.map(\.capability) == ["c1", "c2", "c3"])
        #expect(row.lagDays == 2)
        // Without measuredSince the March launch counts (92 days).
        let all = try Self.aws(try Self.catalog([("2026-03-01", "2026-06-01"), ("2026-06-01", "2026-06-02"), ("2026-06-01", "2026-06-03")]))
        #expect(all.observations.map(\.lagDays) == [92, 1, 2])
    }

    @Test func theEarliestOfSeveralOffersIsTheSample() throws {
        let extra = """
              e:
                kind: chat
                launch: 2026-06-01
                offers:
                  - { cloud: aws, regions: [euc], since: 2026-07-01, stage: ga, processing: regional }
                  - { cloud: aws, regions: [euc], since: 2026-06-11, stage: preview, processing: zone }
                  - { cloud: aws, regions: [euc], expected: 2026-06-02, stage: ga, processing: regional }
            """
        let row = try Self.aws(try Self.catalog([], extra: extra))
        #expect(row.observations.map(\.lagDays) == [10])
    }

    @Test func fewerThanThreeSamplesKeepTheWindowAndTheFirstAccessCloudIsZero() throws {
        let catalog = try Self.catalog([("2026-06-01", "2026-06-06"), ("2026-06-01", "2026-06-08")])
        let headStart = HeadStart(catalog: catalog)
        let row = try Self.aws(catalog)
        #expect(row.basis == .window && row.lagDays == 30 && row.samples == 2)
        #expect(headStart.row(of: "azure")?.basis == .firstAccess)
        #expect(headStart.row(of: "azure")?.lagDays == 0)
        #expect(headStart.row(of: "gcp")?.samples == 0)
        #expect(headStart.row(of: "gcp")?.minDays == nil)
    }

    @Test func anUndatedOfferIsEstimatedWithItsCloudsMeasuredLag() throws {
        let extra = """
              new:
                kind: chat
                launch: 2026-11-01
                offers:
                  - { cloud: azure, regions: [weu], stage: ga, processing: regional }
                  - { cloud: aws, regions: [euc], stage: ga, processing: regional }
                  - { cloud: gcp, regions: [euw4], stage: ga, processing: regional }
            """
        let catalog = try Self.catalog([("2026-06-01", "2026-06-06"), ("2026-06-01", "2026-06-08"), ("2026-06-01", "2026-06-04")], extra: extra)
        let plan = try Fixture.plan(preferences: "clouds: [aws, gcp, azure]", needs: "new", catalog: catalog)
        let r = try #require(Planner(catalog: catalog).plan(plan, asOf: Day("2026-10-01")).recommendations.first)
        #expect(r.briefCandidates == ["1:aws/euc@2026-11-06", "2:gcp/euw4@2026-12-01", "3:azure/weu@2026-11-01"])
        #expect(r.candidates.allSatisfy { $0.dateKind == .estimated })
        // Window mode: the same catalog estimates every other cloud at launch + 30.
        var window = catalog
        window.terms.estimates = .window
        let w = try #require(Planner(catalog: window).plan(plan, asOf: Day("2026-10-01")).recommendations.first)
        #expect(w.briefCandidates == ["1:aws/euc@2026-12-01", "2:gcp/euw4@2026-12-01", "3:azure/weu@2026-11-01"])
    }
}

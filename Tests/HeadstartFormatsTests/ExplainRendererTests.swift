import HeadstartEngine
import HeadstartFormats
import Testing

/// The explain diagnosis counts every candidate once: usable by the day, later, overdue, or rejected by reason.
@Suite struct ExplainRendererTests {
    static func place(_ cloud: String, _ region: String, _ day: Int) -> OfferRegion {
        OfferRegion(
            capability: "cap",
            cloud: cloud,
            region: region,
            geo: nil,
            stage: .ga,
            processing: .regional,
            availableFrom: Day(ordinal: day),
            dateKind: .confirmed,
            source: nil,
            offerIndex: 0
        )
    }

    @Test func theDiagnosisCountsEachCandidateOnce() {
        let by = Day(ordinal: 100)
        let r = Recommendation(
            workload: "w",
            capability: "c",
            status: .placed,
            timeline: [],
            candidates: [
                Candidate(place: Self.place("aws", "a", 90), overdue: false, rank: 1),
                Candidate(place: Self.place("aws", "b", 130), overdue: false, rank: 2),
                Candidate(place: Self.place("gcp", "c", 120), overdue: false, rank: 3),
                Candidate(place: Self.place("oci", "d", 80), overdue: true, rank: 4),
            ],
            rejected: [
                Rejection(place: Self.place("azure", "e", 10), reason: .residency, detail: "x"),
                Rejection(place: Self.place("azure", "f", 10), reason: .residency, detail: "x"),
                Rejection(place: Self.place("openai", "g", 10), reason: .cloudNotAllowed, detail: "y"),
            ],
            why: "because",
            asOf: Day(ordinal: 95)
        )
        let line = ExplainRenderer(usableBy: by).diagnosis(r)
        #expect(line == "1/7 candidates usable by \(by): 2 not before \(Day(ordinal: 120)), 2 residency, 1 cloud-not-allowed, 1 overdue")
    }

    static func retired(_ cloud: String, _ region: String, retires: Int) -> OfferRegion {
        OfferRegion(
            capability: "cap",
            cloud: cloud,
            region: region,
            geo: nil,
            stage: .ga,
            processing: .regional,
            availableFrom: Day(ordinal: 10),
            dateKind: .confirmed,
            source: nil,
            offerIndex: 0,
            retires: Day(ordinal: retires)
        )
    }

    /// A capability retired everywhere says so first (it read "4 residency, 1 retired").
    @Test func everyOfferRetiredIsSaidFirst() {
        let asOf = Day(ordinal: 200)
        let rejected =
            [Rejection(place: Self.retired("aws", "a", retires: 150), reason: .retired, detail: "x")]
            + (0..<4).map { Rejection(place: Self.retired("azure", "r\($0)", retires: 180), reason: .residency, detail: "y") }
        let r = Recommendation(
            workload: "w",
            capability: "gpt-old",
            status: .unplaceable,
            timeline: [],
            candidates: [],
            rejected: rejected,
            why: "because",
            asOf: asOf
        )
        let line = ExplainRenderer(usableBy: asOf).diagnosis(r)
        #expect(
            line == "0/5 candidates usable by \(asOf): every offer of gpt-old has retired (the last on \(Day(ordinal: 180))); 4 residency, 1 retired"
        )
        // One offer still serving later: the counts alone, as before.
        let live = Recommendation(
            workload: "w",
            capability: "gpt-old",
            status: .unplaceable,
            timeline: [],
            candidates: [],
            rejected: rejected + [Rejection(place: Self.retired("gcp", "g", retires: 900), reason: .residency, detail: "z")],
            why: "because",
            asOf: asOf
        )
        #expect(ExplainRenderer(usableBy: asOf).diagnosis(live) == "0/6 candidates usable by \(asOf): 5 residency, 1 retired")
    }

    /// A long region widens its column instead of running into the next (germanywestcentralzone).
    @Test func aLongRegionWidensItsColumn() {
        let asOf = Day(ordinal: 100)
        let r = Recommendation(
            workload: "w",
            capability: "cap",
            status: .placed,
            timeline: [],
            candidates: [Candidate(place: Self.place("azure", "germanywestcentral", 90), overdue: false, rank: 1)],
            rejected: [],
            why: "because",
            asOf: asOf
        )
        let text = ExplainRenderer(usableBy: asOf).render(r, plan: "p")
        #expect(text.contains("azure   germanywestcentral  regional"), "\(text)")
        #expect(!text.contains("germanywestcentralregional"))
    }
}

import HeadstartEngine
import HeadstartFormats
import Testing

/// The explain diagnosis counts every candidate once: usable by the day, later, overdue, or rejected by reason.
@Suite struct ExplainRendererTests {
    static func place(_ cloud: String, _ region: String, _ day: Int) -> OfferRegion {
        OfferRegion(capability: "cap", cloud: cloud, region: region, geo: nil, stage: .ga, processing: .regional, availableFrom: Day(ordinal: day),
                    dateKind: .confirmed, source: nil, offerIndex: 0)
    }

    @Test func theDiagnosisCountsEachCandidateOnce() {
        let by = Day(ordinal: 100)
        let r = Recommendation(
            workload: "w", capability: "c", status: .placed, timeline: [],
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
            why: "because", asOf: Day(ordinal: 95))
        let line = ExplainRenderer(usableBy: by).diagnosis(r)
        #expect(line == "1/7 candidates usable by \(by): 2 not before \(Day(ordinal: 120)), 2 residency, 1 cloud-not-allowed, 1 overdue")
    }
}

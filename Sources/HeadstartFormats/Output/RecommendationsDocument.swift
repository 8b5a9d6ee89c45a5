import HeadstartEngine

/// The JSON form of ``Recommendations``: camelCase keys, `YYYY-MM-DD` dates, explicit nulls.
/// With `explain`, each recommendation also carries its candidates, rejections and diagnosis.
public struct RecommendationsDocument: Encodable, Sendable {
    let recommendations: Recommendations
    let explain: Bool
    /// Only the status counts and per-capability placements, without the recommendations.
    let summaryOnly: Bool

    public init(_ recommendations: Recommendations, explain: Bool, summaryOnly: Bool = false) {
        self.recommendations = recommendations
        self.explain = explain
        self.summaryOnly = summaryOnly
    }

    enum Keys: String, CodingKey {
        case apiVersion, kind, plan, asOf, catalogVersion, nextReplanAt, summary, recommendations, byCapability
    }

    public func encode(to encoder: any Encoder) throws {
        let r = recommendations
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode("headstart/v1", forKey: .apiVersion)
        try c.encode("Recommendations", forKey: .kind)
        try c.encode(r.plan, forKey: .plan)
        try c.encode(r.asOf.description, forKey: .asOf)
        try c.encode(r.catalogVersion, forKey: .catalogVersion)
        try c.encode(r.nextReplanAt?.description, forKey: .nextReplanAt)
        try c.encode(Dictionary(uniqueKeysWithValues: r.summary.map { ($0.key.rawValue, $0.value) }), forKey: .summary)
        if !summaryOnly {
            try c.encode(r.recommendations.map { RecommendationDocument(recommendation: $0, explain: explain) }, forKey: .recommendations)
        }
        var groups: [String: [PlacementDocument]] = [:]
        for (capability, placements) in r.byCapability {
            groups[capability] = placements.map(PlacementDocument.init)
        }
        try c.encode(groups, forKey: .byCapability)
    }
}

struct RecommendationDocument: Encodable {
    let recommendation: Recommendation
    let explain: Bool

    enum Keys: String, CodingKey {
        case workload, capability, status, current, timeline, rejectedCounts, why, candidates, rejected, diagnosis
    }

    func encode(to encoder: any Encoder) throws {
        let r = recommendation
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(r.workload, forKey: .workload)
        try c.encode(r.capability, forKey: .capability)
        try c.encode(r.status.rawValue, forKey: .status)
        try c.encode(r.current.map(PhaseDocument.init), forKey: .current)
        try c.encode(r.timeline.map(PhaseDocument.init), forKey: .timeline)
        try c.encode(Dictionary(uniqueKeysWithValues: r.rejectedCounts.map { ($0.key.rawValue, $0.value) }), forKey: .rejectedCounts)
        try c.encode(r.why, forKey: .why)
        guard explain else { return }
        try c.encode(r.candidates.map(CandidateDocument.init), forKey: .candidates)
        try c.encode(r.rejected.map(RejectionDocument.init), forKey: .rejected)
        try c.encode(r.diagnosis.description, forKey: .diagnosis)
    }
}

struct PhaseDocument: Encodable {
    let phase: Phase

    enum Keys: String, CodingKey { case cloud, region, from, until, flags }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(phase.cloud, forKey: .cloud)
        try c.encode(phase.region, forKey: .region)
        try c.encode(phase.from.description, forKey: .from)
        try c.encode(phase.until?.description, forKey: .until)
        try c.encode(phase.flags.map(\.rawValue), forKey: .flags)
    }
}

struct CandidateDocument: Encodable {
    let candidate: Candidate

    enum Keys: String, CodingKey { case cloud, region, availableFrom, dateKind, overdue, rank, stage, processing, source }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(candidate.cloud, forKey: .cloud)
        try c.encode(candidate.region, forKey: .region)
        try c.encode(candidate.availableFrom.description, forKey: .availableFrom)
        try c.encode(candidate.dateKind.rawValue, forKey: .dateKind)
        try c.encode(candidate.overdue, forKey: .overdue)
        try c.encode(candidate.rank, forKey: .rank)
        try c.encode(candidate.place.stage.rawValue, forKey: .stage)
        try c.encode(candidate.place.processing.rawValue, forKey: .processing)
        try c.encodeIfPresent(candidate.place.source, forKey: .source)
    }
}

struct RejectionDocument: Encodable {
    let rejection: Rejection

    enum Keys: String, CodingKey { case cloud, region, reason, detail, source }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(rejection.cloud, forKey: .cloud)
        try c.encode(rejection.region, forKey: .region)
        try c.encode(rejection.reason.rawValue, forKey: .reason)
        try c.encode(rejection.detail, forKey: .detail)
        try c.encodeIfPresent(rejection.place.source, forKey: .source)
    }
}

struct PlacementDocument: Encodable {
    let cloud: String
    let region: String
    let workloads: [String]

    init(_ p: CapabilityPlacement) {
        cloud = p.cloud
        region = p.region
        workloads = p.workloads
    }
}

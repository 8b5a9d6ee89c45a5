import HeadstartAPI
import HeadstartEngine

// The engine's values in their wire forms: what the daemon and `plan --format json` write.

extension DiagnosticBody {
    public init(_ d: Diagnostic) {
        self.init(file: d.file, line: d.line, column: d.column, severity: d.severity.rawValue, code: d.code.rawValue, message: d.message)
    }
}

extension PlanListing.ReplanReason {
    public init(_ reason: HeadstartEngine.ReplanReason) {
        switch reason {
        case .phase: self = .phase
        case .hold: self = .hold
        case .overdue: self = .overdue
        }
    }
}

extension RecommendationsBody.Phase {
    /// The wire form of an engine phase: days as `YYYY-MM-DD`, flags by name.
    public init(_ phase: HeadstartEngine.Phase) {
        self.init(
            capability: phase.capability,
            cloud: phase.cloud,
            flags: phase.flags.map(\.rawValue),
            from: phase.from.description,
            illustrative: phase.illustrative ? true : nil,
            region: phase.region,
            until: phase.until?.description
        )
    }
}

extension RecommendationsBody {
    /// The document of `r`: with `explain`, each recommendation also carries its candidates,
    /// rejections and diagnosis; `summaryOnly` leaves the recommendations out.
    public init(_ r: Recommendations, explain: Bool, summaryOnly: Bool = false) {
        var byCapability: [String: [Placement]] = [:]
        for (capability, placements) in r.byCapability {
            byCapability[capability] = placements.map { Placement(cloud: $0.cloud, region: $0.region, workloads: $0.workloads) }
        }
        let counts = r.summary
        var summary: [String: Int] = [:]
        for status in PlacementStatus.allCases { summary[status.rawValue] = counts[status] ?? 0 }
        self.init(
            asOf: r.asOf.description,
            byCapability: byCapability,
            catalogVersion: r.catalogVersion,
            nextReplanAt: r.nextReplanAt?.description,
            plan: r.plan,
            recommendations: summaryOnly ? nil : r.recommendations.map { Recommendation($0, explain: explain) },
            summary: summary
        )
    }
}

extension RecommendationsBody.Recommendation {
    public init(_ r: HeadstartEngine.Recommendation, explain: Bool) {
        var counts: [String: Int] = [:]
        for (reason, n) in r.rejectedCounts { counts[reason.rawValue] = n }
        self.init(
            candidates: explain ? r.candidates.map(RecommendationsBody.Candidate.init) : nil,
            capability: r.capability,
            current: r.current.map(RecommendationsBody.Phase.init),
            diagnosis: explain ? r.diagnosis.description : nil,
            rejected: explain ? r.rejected.map(RecommendationsBody.Rejection.init) : nil,
            rejectedCounts: counts,
            status: r.status.rawValue,
            timeline: r.timeline.map(RecommendationsBody.Phase.init),
            why: r.why,
            workload: r.workload
        )
    }
}

extension RecommendationsBody.Candidate {
    public init(_ c: HeadstartEngine.Candidate) {
        self.init(
            availableFrom: c.availableFrom.description,
            capability: c.capability,
            cloud: c.cloud,
            dateKind: c.dateKind.rawValue,
            illustrative: c.place.illustrative ? true : nil,
            overdue: c.overdue,
            processing: c.place.processing.rawValue,
            rank: c.rank,
            region: c.region,
            retires: c.place.retires?.description,
            source: c.place.source,
            stage: c.place.stage.rawValue
        )
    }
}

extension RecommendationsBody.Rejection {
    public init(_ x: HeadstartEngine.Rejection) {
        self.init(
            availableFrom: x.place.availableFrom.description,
            capability: x.place.capability,
            cloud: x.cloud,
            dateKind: x.place.dateKind.rawValue,
            detail: x.detail,
            processing: x.place.processing.rawValue,
            reason: x.reason.rawValue,
            region: x.region,
            retires: x.place.retires?.description,
            source: x.place.source,
            stage: x.place.stage.rawValue
        )
    }
}

/// `minDwellDays`: a placement that changed is not moved again within the dwell, unless it stops
/// being valid. Pure, beside the planner: it takes the engine's recommendations and where each
/// one ran since when, and holds back the moves the dwell forbids.
public struct Damping: Sendable {
    /// A move held back: the recommendation stays on `cloud region` until `until`.
    public struct Hold: Sendable, Hashable {
        public var workload: String
        public var capability: String
        public var cloud: String
        public var region: String
        public var until: Day
        /// Where the engine would have moved it, "CLOUD REGION"; nil when nowhere.
        public var wouldMoveTo: String?
    }

    /// The recommendations with the holds applied (each held one's timeline rebuilt, and with it
    /// its `why`), where each now runs, the holds, and the next re-plan day (a hold's end may
    /// come first).
    public struct Outcome: Sendable {
        public var recommendations: Recommendations
        public var placements: [Placement]
        /// The needs with no placement today.
        public var unplaced: [Unplaced]
        public var holds: [Hold]
        public var nextReplanAt: Day? { ([recommendations.nextReplanAt].compactMap { $0 } + holds.map(\.until)).min() }
        /// Why: the engine's reason, unless a hold ends first.
        public var nextReplanReason: ReplanReason? {
            guard let day = nextReplanAt else { return nil }
            return day == recommendations.nextReplanAt ? recommendations.nextReplanReason : .hold
        }
    }

    /// The dwell of each workload, from the plan's preferences and the workload's own.
    let dwell: [String: Int]
    /// The catalog the placements' offers are looked up in.
    let index: Catalog.Index

    public init(plan: WorkloadPlan, catalog: Catalog) {
        index = Catalog.Index(catalog)
        dwell = Dictionary(
            plan.workloads.map { ($0.name, EffectivePreferences(plan.preferences.overridden(by: $0.preferences), catalog: catalog).minDwellDays) },
            uniquingKeysWith: { a, _ in a }
        )
    }

    /// - Parameter previous: where each recommendation ran and since when; nil for a new revision,
    ///   which is planned afresh without holds.
    public func apply(_ result: Recommendations, previous: [Placement]?, today: Day) -> Outcome {
        var result = result
        let before = Placement.byNeed(previous ?? [])
        var holds: [Hold] = []
        for i in result.recommendations.indices {
            let r = result.recommendations[i]
            let old = before[Placement.key(r.workload, r.capability)]
            let now = r.current
            if previous != nil, let old, let days = dwell[r.workload], days > 0, today < old.since.adding(days: days),
                now.map({ ($0.cloud, $0.region) != (old.cloud, old.region) }) ?? true,
                let kept = r.candidates.first(where: { $0.cloud == old.cloud && $0.region == old.region && !$0.overdue && $0.availableFrom <= today })
            {
                let until = old.since.adding(days: days)
                result.recommendations[i].timeline = Self.hold(
                    r.timeline,
                    capability: kept.capability,
                    cloud: old.cloud,
                    region: old.region,
                    from: today,
                    until: until,
                    offerIndex: kept.place.offerIndex
                )
                holds.append(
                    Hold(
                        workload: r.workload,
                        capability: r.capability,
                        cloud: old.cloud,
                        region: old.region,
                        until: until,
                        wouldMoveTo: now.map { "\($0.cloud) \($0.region)" }
                    )
                )
            }
        }
        // Read off the timelines as held: a held need stays where it was, so it keeps its `since`.
        let (placed, unplaced) = result.placements(in: index, before: before)
        return Outcome(recommendations: result, placements: placed, unplaced: unplaced, holds: holds)
    }

    /// The timeline with the held placement first, up to `until`, then what the engine planned from that day on.
    static func hold(_ timeline: [Phase], capability: String, cloud: String, region: String, from: Day, until: Day, offerIndex: Int? = nil) -> [Phase]
    {
        var out = [Phase(capability: capability, cloud: cloud, region: region, from: from, until: until, flags: [], offerIndex: offerIndex)]
        for phase in timeline where phase.until.map({ $0 > until }) ?? true {
            var later = phase
            later.from = max(phase.from, until)
            out.append(later)
        }
        if out.count == 1 { out[0].until = nil }
        return out
    }
}

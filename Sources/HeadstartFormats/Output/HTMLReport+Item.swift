import HeadstartAPI
import HeadstartEngine

extension HTMLReport {
    /// What the report draws of one plan: a lane per workload's need with its timeline, and the
    /// day the timeline ends. Built from what `plan` computed or from the stored document, whose
    /// every field it reads is in the document (nothing is filled in).
    public struct Item: Sendable {
        /// One workload's need: its status badge, its why and its phases.
        public struct Lane: Sendable {
            public var workload: String
            public var capability: String
            public var status: PlacementStatus
            public var why: String
            public var timeline: [Phase]
        }

        public var plan: String
        public var asOf: Day
        public var catalogVersion: String
        public var nextReplanAt: Day?
        public var lanes: [Lane]
        public var horizon: Day

        /// A plan as `plan` computed it.
        public init(recommendations r: Recommendations, horizon: Day) {
            plan = r.plan
            asOf = r.asOf
            catalogVersion = r.catalogVersion
            nextReplanAt = r.nextReplanAt
            lanes = r.recommendations.map {
                Lane(workload: $0.workload, capability: $0.capability, status: $0.status, why: $0.why, timeline: $0.timeline)
            }
            self.horizon = horizon
        }

        /// A stored document; the horizon, unless the caller knows the plan's, ends at its last
        /// phase (a year on when no phase ends).
        public init(document d: RecommendationsBody) throws {
            plan = d.plan
            asOf = try WireValue.day(d.asOf)
            catalogVersion = d.catalogVersion
            nextReplanAt = try d.nextReplanAt.map(WireValue.day)
            lanes = try (d.recommendations ?? []).map { r in
                Lane(
                    workload: r.workload,
                    capability: r.capability,
                    status: try WireValue.value(r.status, as: PlacementStatus.self),
                    why: r.why,
                    timeline: try r.timeline.map { try $0.value(need: r.capability) }
                )
            }
            horizon = lanes.flatMap { $0.timeline.compactMap(\.until) }.max() ?? asOf.adding(days: 365)
        }
    }
}

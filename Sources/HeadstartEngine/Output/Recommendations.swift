/// Everything the engine says about one plan as of one day.
public struct Recommendations: Sendable, Hashable {
    public var plan: String
    public var asOf: Day
    public var catalogVersion: String
    /// The next day the answer changes by itself, nil if none before the horizon.
    public var nextReplanAt: Day?
    /// Why the answer changes on `nextReplanAt`; nil with it.
    public var nextReplanReason: ReplanReason?
    /// In plan order: workloads, then their needs.
    public var recommendations: [Recommendation]

    public init(
        plan: String,
        asOf: Day,
        catalogVersion: String,
        nextReplanAt: Day?,
        nextReplanReason: ReplanReason? = nil,
        recommendations: [Recommendation]
    ) {
        self.plan = plan
        self.asOf = asOf
        self.catalogVersion = catalogVersion
        self.nextReplanAt = nextReplanAt
        self.nextReplanReason = nextReplanAt == nil ? nil : nextReplanReason
        self.recommendations = recommendations
    }

    /// Recommendations per status; every status is present.
    public var summary: [PlacementStatus: Int] {
        var counts = Dictionary(uniqueKeysWithValues: PlacementStatus.allCases.map { ($0, 0) })
        for r in recommendations { counts[r.status, default: 0] += 1 }
        return counts
    }

    /// Per capability, in order of first appearance: where first phases start and which workloads
    /// start there, sorted by cloud and region, workloads sorted. First phases are grouped under
    /// the capability they serve (a successor's, with `followSuccessor`); every needed capability
    /// appears, with an empty list when no first phase serves it.
    public var byCapability: [(capability: String, placements: [CapabilityPlacement])] {
        var order: [String] = []
        var groups: [String: [CapabilityPlacement.Key: [String]]] = [:]
        func appear(_ capability: String) {
            if groups[capability] == nil {
                order.append(capability)
                groups[capability] = [:]
            }
        }
        for r in recommendations {
            appear(r.capability)
            if let first = r.timeline.first {
                appear(first.capability)
                groups[first.capability, default: [:]][CapabilityPlacement.Key(cloud: first.cloud, region: first.region), default: []].append(
                    r.workload
                )
            }
        }
        return order.map { capability in
            let placements = groups[capability, default: [:]]
                .map { CapabilityPlacement(cloud: $0.key.cloud, region: $0.key.region, workloads: Self.sortedUnique($0.value)) }
                .sorted { ($0.cloud, $0.region) < ($1.cloud, $1.region) }
            return (capability, placements)
        }
    }

    /// Sorted, each name once (a plan built in code may list a need twice).
    static func sortedUnique(_ names: [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(names.count)
        for name in names.sorted() where out.last != name { out.append(name) }
        return out
    }
}

/// A cloud and region where some workloads start using a capability.
public struct CapabilityPlacement: Sendable, Hashable {
    struct Key: Hashable { var cloud: String, region: String }
    public var cloud: String
    public var region: String
    public var workloads: [String]
}

import HeadstartEngine

/// What the exports write: the current placement of every workload × capability of some plans
/// as of their day, each with the catalog offer it runs on, and what is not placed today.
public struct ExportPlacements: Sendable {
    /// One workload's need, placed today on an offer.
    public struct Placement: Sendable, Hashable {
        public var plan: String
        public var workload: String
        /// The capability the workload asks for (a request's `model`).
        public var capability: String
        /// The capability that serves it: the need's own, or a successor's.
        public var served: String
        public var cloud: String
        public var region: String
        /// The provider's model id: the offer's `model`, else the served capability's name.
        public var model: String
        public var modelVersion: String?
        public var processing: Processing
        /// The last day of this placement plus one; nil when it runs to the horizon.
        public var until: Day?
        public var flags: [PhaseFlag]
    }

    /// A need with no placement today.
    public struct Unplaced: Sendable, Hashable {
        public var plan: String
        public var workload: String
        public var capability: String
        public var status: PlacementStatus
        /// When its first placement starts, if it has one.
        public var starts: Day?
    }

    public var plans: [String]
    public var asOf: [Day]
    public var catalogVersion: String
    /// The earliest next re-plan day of the plans: the exported file is valid until then.
    public var validUntil: Day?
    public var placements: [Placement]
    public var unplaced: [Unplaced]

    /// Collects the current placements of `results`, planned against `catalog`.
    public init(_ results: [Recommendations], catalog: Catalog) {
        plans = results.map(\.plan)
        asOf = Array(Set(results.map(\.asOf))).sorted()
        catalogVersion = catalog.version
        validUntil = results.compactMap(\.nextReplanAt).min()
        let index = Catalog.Index(catalog)
        var placements: [Placement] = []
        var unplaced: [Unplaced] = []
        for result in results {
            for r in result.recommendations {
                guard let phase = r.current, let offer = Self.offer(of: phase, in: index, on: result.asOf) else {
                    unplaced.append(
                        Unplaced(
                            plan: result.plan,
                            workload: r.workload,
                            capability: r.capability,
                            status: r.status,
                            starts: r.timeline.first?.from
                        )
                    )
                    continue
                }
                placements.append(
                    Placement(
                        plan: result.plan,
                        workload: r.workload,
                        capability: r.capability,
                        served: phase.capability,
                        cloud: phase.cloud,
                        region: phase.region,
                        model: offer.model ?? phase.capability,
                        modelVersion: offer.modelVersion,
                        processing: offer.processing,
                        until: phase.until,
                        flags: phase.flags
                    )
                )
            }
        }
        self.placements = placements
        self.unplaced = unplaced
    }

    /// Several plans' placements as one: the daemon keeps each stored plan's and writes them together.
    public init(merging parts: [ExportPlacements], catalogVersion: String) {
        let sorted = parts.sorted { $0.plans.lexicographicallyPrecedes($1.plans) }
        plans = sorted.flatMap(\.plans)
        asOf = Array(Set(sorted.flatMap(\.asOf))).sorted()
        self.catalogVersion = catalogVersion
        validUntil = sorted.compactMap(\.validUntil).min()
        placements = sorted.flatMap(\.placements)
        unplaced = sorted.flatMap(\.unplaced)
    }

    /// The offer a phase runs on: the planner's own, else (a placement held in place) the first
    /// offer of its cloud that lists its region and still serves on `day`.
    static func offer(of phase: Phase, in catalog: Catalog.Index, on day: Day) -> Offer? {
        guard let offers = catalog.capability(named: phase.capability)?.offers else { return nil }
        if let i = phase.offerIndex, offers.indices.contains(i) { return offers[i] }
        return offers.first { $0.cloud == phase.cloud && $0.regions.contains(phase.region) && ($0.retires.map { day < $0 } ?? true) }
    }
}

import HeadstartEngine

/// What the exports write: the current placement of every workload × capability of some plans
/// as of their day, each with the offer it runs on, and what is not placed today.
public struct ExportPlacements: Sendable {
    /// One plan's placements as the daemon stores them, or as `headstart export` plans them.
    public struct Part: Sendable {
        public var plan: String
        public var asOf: Day
        /// The plan's next re-plan day.
        public var nextReplanAt: Day?
        public var placements: [Placement]
        public var unplaced: [Unplaced]

        public init(plan: String, asOf: Day, nextReplanAt: Day?, placements: [Placement], unplaced: [Unplaced]) {
            self.plan = plan
            self.asOf = asOf
            self.nextReplanAt = nextReplanAt
            self.placements = placements
            self.unplaced = unplaced
        }
    }

    /// A plan's placement with the offer it runs on.
    public typealias Placed = (plan: String, placement: Placement, run: Placement.Run)

    public var plans: [String]
    public var asOf: [Day]
    public var catalogVersion: String
    /// The earliest next re-plan day of the plans: the exported file is valid until then.
    public var validUntil: Day?
    public var placements: [Placed]
    public var unplaced: [(plan: String, need: Unplaced)]

    /// The parts as one file, in the order given; a placement without the offer it runs on is
    /// listed among the needs not placed today, as its part already does.
    public init(_ parts: [Part], catalogVersion: String) {
        plans = parts.map(\.plan)
        asOf = Array(Set(parts.map(\.asOf))).sorted()
        self.catalogVersion = catalogVersion
        validUntil = parts.compactMap(\.nextReplanAt).min()
        placements = parts.flatMap { part in part.placements.compactMap { p in p.run.map { (part.plan, p, $0) } } }
        unplaced = parts.flatMap { part in part.unplaced.map { (part.plan, $0) } }
    }

    /// The current placements of `results`, planned against `catalog`.
    public init(_ results: [Recommendations], catalog: Catalog) {
        let index = Catalog.Index(catalog)
        let parts = results.map { result in
            let (placed, unplaced) = result.placements(in: index)
            return Part(plan: result.plan, asOf: result.asOf, nextReplanAt: result.nextReplanAt, placements: placed, unplaced: unplaced)
        }
        self.init(parts, catalogVersion: catalog.version)
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
}

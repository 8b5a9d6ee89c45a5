extension Recommendations {
    /// Where each need runs today and on which offer, and the needs not placed today: what the
    /// store keeps and the exports write. A placement that stays where `previous` had it keeps
    /// its `since`; any other begins today.
    public func placements(in catalog: Catalog.Index, previous: [Placement] = []) -> (placed: [Placement], unplaced: [Unplaced]) {
        placements(in: catalog, before: Placement.byNeed(previous))
    }

    func placements(in catalog: Catalog.Index, before: [String: Placement]) -> (placed: [Placement], unplaced: [Unplaced]) {
        var placed: [Placement] = []
        var unplaced: [Unplaced] = []
        for r in recommendations {
            guard let phase = r.current else {
                unplaced.append(Unplaced(workload: r.workload, capability: r.capability, status: r.status, starts: r.timeline.first?.from))
                continue
            }
            let old = before[Placement.key(r.workload, r.capability)]
            let stays = old.map { ($0.cloud, $0.region) == (phase.cloud, phase.region) } ?? false
            let offer = Self.offer(of: phase, in: catalog, on: asOf)
            placed.append(
                Placement(
                    workload: r.workload,
                    capability: r.capability,
                    cloud: phase.cloud,
                    region: phase.region,
                    since: stays ? (old?.since ?? asOf) : asOf,
                    run: offer.map {
                        Placement.Run(
                            served: phase.capability,
                            model: $0.model ?? phase.capability,
                            modelVersion: $0.modelVersion,
                            processing: $0.processing,
                            until: phase.until,
                            flags: phase.flags
                        )
                    }
                )
            )
            // Without an offer to name there is nothing to export: it is listed as not placed.
            if offer == nil {
                unplaced.append(Unplaced(workload: r.workload, capability: r.capability, status: r.status, starts: r.timeline.first?.from))
            }
        }
        return (placed, unplaced)
    }

    /// The offer a phase runs on: the planner's own, else (a placement held in place) the first
    /// offer of its cloud that lists its region and still serves on `day`.
    static func offer(of phase: Phase, in catalog: Catalog.Index, on day: Day) -> Offer? {
        guard let offers = catalog.capability(named: phase.capability)?.offers else { return nil }
        if let i = phase.offerIndex, offers.indices.contains(i) { return offers[i] }
        return offers.first { $0.cloud == phase.cloud && $0.regions.contains(phase.region) && ($0.retires.map { day < $0 } ?? true) }
    }
}

extension Placement {
    /// Placements by workload and capability, the first of each.
    static func byNeed(_ placements: [Placement]) -> [String: Placement] {
        Dictionary(placements.map { (key($0.workload, $0.capability), $0) }, uniquingKeysWith: { a, _ in a })
    }

    static func key(_ workload: String, _ capability: String) -> String { "\(workload)/\(capability)" }
}

import HeadstartEngine
import HeadstartStore

extension PlanService {
    /// Counts over every plan: the metrics page is the daemon's, not one caller's.
    func metricsState() async throws(ServiceError) -> MetricsState {
        let (plans, metadata, listings) = try await context.read { tx in
            (try await tx.plans().count, try await tx.allRecommendationsWithoutDocuments(), try await tx.listingDays())
        }
        // Every status, counted over every plan.
        var byStatus = Dictionary(uniqueKeysWithValues: PlacementStatus.allCases.map { ($0, 0) })
        for summary in metadata.map(\.summary) {
            for (name, n) in summary {
                if let status = PlacementStatus(rawValue: name) { byStatus[status, default: 0] += n }
            }
        }
        let today = context.clock.today
        let retiring = metadata.flatMap(\.retiring).map { $0.ordinal - today.ordinal }.filter { $0 >= 0 }
        var ages: [String: (place: (cloud: String, region: String), age: Int)] = [:]
        for l in listings {
            let age = today.ordinal - l.observedOn.ordinal
            let key = "\(l.cloud) \(l.region)"
            if (ages[key]?.age ?? Int.min) < age { ages[key] = ((l.cloud, l.region), age) }
        }
        return MetricsState(
            plans: plans,
            byStatus: byStatus,
            watchers: await hub.watcherCount,
            catalogVersion: await catalog.version,
            stale: metadata.filter { $0.stale != nil }.count,
            connections: ledger.connections,
            retiring: retiring,
            listingAges: ages.keys.sorted().compactMap { ages[$0] }
        )
    }
}

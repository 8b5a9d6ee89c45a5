import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartStore

/// The event one re-plan of one plan appends: `replanned` when nothing changed, else
/// `recommendations-changed` with why.
struct ReplanEvent {
    let reason: Replanner.Reason
    let plan: WorkloadPlan
    let old: StoredRecommendations?
    let diff: RecommendationDiff
    let computed: PlanComputation

    var event: Event {
        // The plan validates again: its answer is current once more.
        let staleCleared: Bool? = old?.stale != nil ? true : nil
        let heldBack: [HeldBack]? =
            computed.holds.isEmpty
            ? nil
            : computed.holds.map {
                HeldBack(
                    workload: $0.workload,
                    capability: $0.capability,
                    cloud: $0.cloud,
                    region: $0.region,
                    until: $0.until.description,
                    wouldMoveTo: $0.wouldMoveTo
                )
            }
        guard !diff.changes.isEmpty else {
            if case .time(let trigger, let due) = reason {
                return .replanned(Replanned(trigger: trigger, due: due.map { Timestamp.string($0) }, staleCleared: staleCleared, heldBack: heldBack))
            }
            return .replanned(Replanned(trigger: nil, staleCleared: staleCleared, heldBack: heldBack))
        }
        let because: ChangedBecause
        switch reason {
        case .time(let trigger, _):
            let asOf = computed.stored.asOf
            because = .time(
                trigger: trigger,
                asOf: Transition(from: old?.asOf.description, to: asOf.description),
                boundaries: diff.boundaries(to: asOf).map(\.description),
                retirements: diff.retirements(to: asOf).map(\.description)
            )
        case .catalog(let from, let to):
            let needed = Set(plan.workloads.flatMap(\.needs))
            because = .catalog(
                versions: Transition(from: from.version, to: to.version),
                offers: CatalogDiff.changes(from: from, to: to, capabilities: needed)
            )
        case .catalogVersion(let from, let to):
            because = .catalog(versions: Transition(from: from, to: to), offers: nil)
        }
        return .recommendationsChanged(
            RecommendationsChanged(because: because, changes: diff.changes, staleCleared: staleCleared, heldBack: heldBack)
        )
    }
}

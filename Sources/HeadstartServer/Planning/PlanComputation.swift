import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartStore

/// One plan's recommendations computed for storage, with damping applied; pure, so it can run
/// inside the store transaction that saves it.
struct PlanComputation: Sendable {
    /// The engine's recommendations after damping: what is stored, and what diffs compare.
    var result: Recommendations
    var stored: StoredRecommendations
    var placements: [Placement]
    var holds: [Damping.Hold]

    /// - Parameters:
    ///   - previous: where each recommendation ran and since when; nil skips damping (a new revision).
    static func compute(plan: WorkloadPlan, catalog: Catalog, today: Day, previous: [Placement]?, at: Date) throws -> PlanComputation {
        let planned = Planner(catalog: catalog).plan(plan, asOf: today)
        let damped = Damping(plan: plan, catalog: catalog).apply(planned, previous: previous, today: today)
        let result = damped.recommendations
        let document = try JSONOutput.recommendations([result], explain: false, asArray: false)
        let explained = try JSONOutput.recommendations([result], explain: true, asArray: false)
        // Current placements that end by retirement, for the metric that warns before a model disappears.
        let retiring = result.recommendations.compactMap { r -> Day? in
            guard let current = r.current, current.flags.contains(.retiring) else { return nil }
            return current.until
        }
        let summary = Dictionary(uniqueKeysWithValues: result.summary.map { ($0.key.rawValue, $0.value) })
        let stored = StoredRecommendations(
            plan: plan.name,
            document: document,
            explained: explained,
            asOf: today,
            catalogVersion: catalog.version,
            nextReplanAt: damped.nextReplanAt,
            summary: summary,
            computedAt: at,
            retiring: retiring,
            nextReplanReason: damped.nextReplanReason,
            unplaced: damped.unplaced
        )
        return PlanComputation(result: result, stored: stored, placements: damped.placements, holds: damped.holds)
    }
}

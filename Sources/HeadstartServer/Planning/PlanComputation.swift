import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartStore

/// One plan's recommendations computed for storage, with damping applied; pure, so it can run
/// inside the store transaction that saves it.
struct PlanComputation: Sendable {
    /// A move damping held back.
    struct HeldBack: Sendable {
        var workload: String
        var capability: String
        var cloud: String
        var region: String
        var until: Day
        var wouldMoveTo: String?
    }

    var stored: StoredRecommendations
    var placements: [StoredPlacement]
    var heldBack: [HeldBack]

    /// - Parameters:
    ///   - previous: where each recommendation ran and since when; nil skips damping (a new revision).
    static func compute(plan: WorkloadPlan, catalog: Catalog, today: Day, previous: [StoredPlacement]?, at: Date) throws -> PlanComputation {
        var result = Planner(catalog: catalog).plan(plan, asOf: today)
        let before = Dictionary((previous ?? []).map { ("\($0.workload)/\($0.capability)", $0) }, uniquingKeysWith: { a, _ in a })
        let dwell = Dictionary(plan.workloads.map { ($0.name, EffectivePreferences(plan.preferences.overridden(by: $0.preferences), catalog: catalog).minDwellDays) },
                               uniquingKeysWith: { a, _ in a })
        var placements: [StoredPlacement] = []
        var held: [HeldBack] = []
        for i in result.recommendations.indices {
            let r = result.recommendations[i]
            let key = "\(r.workload)/\(r.capability)"
            let old = before[key]
            let now = r.current
            if previous != nil, let old, let days = dwell[r.workload], days > 0,
               let since = Day(iso: old.since), today < since.adding(days: days),
               now.map({ ($0.cloud, $0.region) != (old.cloud, old.region) }) ?? true,
               let kept = r.candidates.first(where: { $0.cloud == old.cloud && $0.region == old.region && !$0.overdue && $0.availableFrom <= today }) {
                let until = since.adding(days: days)
                result.recommendations[i].timeline = hold(r.timeline, capability: kept.capability, cloud: old.cloud, region: old.region,
                                                          from: today, until: until)
                held.append(HeldBack(workload: r.workload, capability: r.capability, cloud: old.cloud, region: old.region, until: until,
                                     wouldMoveTo: now.map { "\($0.cloud) \($0.region)" }))
                placements.append(old)
                continue
            }
            guard let now else { continue }
            let unchanged = old.map { ($0.cloud, $0.region) == (now.cloud, now.region) } ?? false
            placements.append(StoredPlacement(workload: r.workload, capability: r.capability, cloud: now.cloud, region: now.region,
                                              since: unchanged ? (old?.since ?? today.description) : today.description))
        }
        let document = try JSONOutput.recommendations([result], explain: false, asArray: false)
        let explained = try JSONOutput.recommendations([result], explain: true, asArray: false)
        let summary = try JSONOutput.line(Dictionary(uniqueKeysWithValues: result.summary.map { ($0.key.rawValue, $0.value) }))
        // Current placements that end by retirement, for the metric that warns before a model disappears.
        let retiring = result.recommendations.compactMap { r -> String? in
            guard let current = r.current, current.flags.contains(.retiring) else { return nil }
            return current.until?.description
        }
        let stored = StoredRecommendations(plan: plan.name, document: document, explained: explained, asOf: today.description,
                                           catalogVersion: catalog.version, nextReplanAt: nextReplan(result, held: held)?.description,
                                           summary: summary, computedAt: at, retiring: retiring)
        return PlanComputation(stored: stored, placements: placements, heldBack: held)
    }

    /// The timeline with the held placement first, up to `until`, then what the engine planned from that day on.
    static func hold(_ timeline: [Phase], capability: String, cloud: String, region: String, from: Day, until: Day) -> [Phase] {
        var out = [Phase(capability: capability, cloud: cloud, region: region, from: from, until: until, flags: [])]
        for phase in timeline where phase.until.map({ $0 > until }) ?? true {
            var later = phase
            later.from = max(phase.from, until)
            out.append(later)
        }
        if out.count == 1 { out[0].until = nil }
        return out
    }

    /// The engine's next re-plan day, or the end of a hold if that comes first.
    static func nextReplan(_ result: Recommendations, held: [HeldBack]) -> Day? {
        ([result.nextReplanAt].compactMap { $0 } + held.map(\.until)).min()
    }
}

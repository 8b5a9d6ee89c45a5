import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartStore

/// What changed between a plan's stored recommendations and newly computed ones, as typed
/// changes: the old side is the stored document read with the typed reader, the new side the
/// engine's own values.
///
/// A placement that runs today starts "today", so its `from` moves every day without anything
/// changing: a phase start equal to its document's as-of day does not count; everything else
/// (status, each phase's capability, cloud, region, start, end and flags) does.
struct RecommendationDiff {
    /// The stored document read back; nil for none, for one identical to the new one (most
    /// re-plans change nothing, and identical bytes need no reading), or for one that does not
    /// read (then every recommendation counts as new).
    let old: Stored?
    let changes: [RecommendationChange]

    /// What a diff reads of a stored document: the as-of day and each recommendation's status
    /// and phases. Decoding only these keys skips the rest (the placements per capability, the
    /// sentences), which was most of the cost of reading a document back in a re-plan storm.
    struct Stored: Decodable {
        var asOf: String
        var recommendations: [Recommendation]?

        struct Recommendation: Decodable {
            var workload: String
            var capability: String
            var status: String
            var current: RecommendationsBody.Phase?
            var timeline: [RecommendationsBody.Phase]
        }
    }

    init(from stored: StoredRecommendations?, to new: PlanComputation) {
        guard let stored, stored.document != new.stored.document else {
            old = nil
            changes = stored == nil ? Self.changes(from: nil, to: new.result) : []
            return
        }
        old = try? APIJSON.decode(Stored.self, from: stored.document)
        changes = Self.changes(from: old, to: new.result)
    }

    static func changes(from old: Stored?, to new: Recommendations) -> [RecommendationChange] {
        let asOf = new.asOf.description
        let before = (old?.recommendations ?? []).map { r in
            (key: "\(r.workload)/\(r.capability)", workload: r.workload, capability: r.capability,
             side: RecommendationChange.Side(status: r.status, current: r.current, timeline: r.timeline))
        }
        let after = new.recommendations.map { r in
            (key: "\(r.workload)/\(r.capability)", workload: r.workload, capability: r.capability,
             side: RecommendationChange.Side(status: r.status.rawValue, current: r.current.map(RecommendationsBody.Phase.init),
                                             timeline: r.timeline.map(RecommendationsBody.Phase.init)))
        }
        let beforeByKey = Dictionary(before.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        let afterByKey = Dictionary(after.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        var seen = Set<String>()
        var out: [RecommendationChange] = []
        for entry in before + after where seen.insert(entry.key).inserted {
            let b = beforeByKey[entry.key], a = afterByKey[entry.key]
            if let b, let a, Self.same(b.side, asOf: old?.asOf ?? "", a.side, asOf: asOf, need: entry.capability) { continue }
            let source = a ?? b ?? entry
            out.append(RecommendationChange(workload: source.workload, capability: source.capability, before: b?.side, after: a?.side))
        }
        return out
    }

    /// The phase boundaries of the old document that fall after its as-of day and on or before
    /// `to`: the dates a re-plan over time crossed.
    func boundaries(to: String) -> [String] {
        crossed(to: to) { [$0.from, $0.until].compactMap { $0 } }
    }

    /// The crossed boundaries that are retirement days: the ends of phases flagged `retiring`.
    func retirements(to: String) -> [String] {
        crossed(to: to) { $0.flags.contains(PhaseFlag.retiring.rawValue) ? [$0.until].compactMap { $0 } : [] }
    }

    /// The days `days` gives for each old phase that fall after the old as-of day and on or before `to`.
    private func crossed(to: String, _ days: (RecommendationsBody.Phase) -> [String]) -> [String] {
        guard let old else { return [] }
        var dates = Set<String>()
        for r in old.recommendations ?? [] {
            for phase in r.timeline {
                for d in days(phase) where d > old.asOf && d <= to { dates.insert(d) }
            }
        }
        return dates.sorted()
    }

    /// Whether two sides say the same, a start on each document's own as-of day counting as "today".
    static func same(_ a: RecommendationChange.Side, asOf aDay: String, _ b: RecommendationChange.Side, asOf bDay: String, need: String) -> Bool {
        guard a.status == b.status, a.timeline.count == b.timeline.count else { return false }
        return zip(a.timeline, b.timeline).allSatisfy { x, y in
            // A phase without a capability (stored before phases named it) serves the need's own.
            (x.capability ?? need) == (y.capability ?? need) && x.cloud == y.cloud && x.region == y.region
                && (x.from == aDay ? "today" : x.from) == (y.from == bDay ? "today" : y.from)
                && x.until == y.until && x.flags == y.flags
        }
    }
}

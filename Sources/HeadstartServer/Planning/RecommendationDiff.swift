import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartStore

/// What changed between a plan's stored recommendations and newly computed ones, as typed
/// changes: the old side is the stored document read with the typed reader, the new side the
/// engine's own values.
///
/// A placement that runs from its document's as-of day moves its `from` every day without
/// anything changing: such a start compares as "from the as-of day", whatever that day is;
/// everything else (status, each phase's capability, cloud, region, start, end and flags) counts.
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
        var asOf: Day
        var recommendations: [Recommendation]?

        struct Recommendation: Decodable {
            var workload: String
            var capability: String
            var status: String
            var current: Phase?
            var timeline: [Phase]
        }

        /// A stored phase with its days typed; its wire form is what a change event carries.
        struct Phase: Decodable {
            var capability: String?
            var cloud: String
            var flags: [String]
            var from: Day
            var illustrative: Bool?
            var region: String
            var until: Day?

            var wire: RecommendationsBody.Phase {
                RecommendationsBody.Phase(
                    capability: capability,
                    cloud: cloud,
                    flags: flags,
                    from: from.description,
                    illustrative: illustrative,
                    region: region,
                    until: until?.description
                )
            }
        }
    }

    /// One phase as a diff compares it: a start on its document's as-of day is nil, and a
    /// phase without a capability (stored before phases named it) serves the need's own.
    struct Compared: Equatable {
        var capability: String
        var cloud: String
        var region: String
        var from: Day?
        var until: Day?
        var flags: [String]
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
        typealias Entry = (
            key: String, workload: String, capability: String, status: String, compared: [Compared],
            side: () -> RecommendationChange.Side
        )
        let before: [Entry] = (old?.recommendations ?? []).map { r in
            let asOf = old?.asOf
            return (
                key: "\(r.workload)/\(r.capability)", workload: r.workload, capability: r.capability, status: r.status,
                compared: r.timeline.map {
                    Compared(
                        capability: $0.capability ?? r.capability,
                        cloud: $0.cloud,
                        region: $0.region,
                        from: $0.from == asOf ? nil : $0.from,
                        until: $0.until,
                        flags: $0.flags
                    )
                },
                side: { RecommendationChange.Side(status: r.status, current: r.current?.wire, timeline: r.timeline.map(\.wire)) }
            )
        }
        let after: [Entry] = new.recommendations.map { r in
            (
                key: "\(r.workload)/\(r.capability)", workload: r.workload, capability: r.capability, status: r.status.rawValue,
                compared: r.timeline.map {
                    Compared(
                        capability: $0.capability,
                        cloud: $0.cloud,
                        region: $0.region,
                        from: $0.from == new.asOf ? nil : $0.from,
                        until: $0.until,
                        flags: $0.flags.map(\.rawValue)
                    )
                },
                side: {
                    RecommendationChange.Side(
                        status: r.status.rawValue,
                        current: r.current.map(RecommendationsBody.Phase.init),
                        timeline: r.timeline.map(RecommendationsBody.Phase.init)
                    )
                }
            )
        }
        let beforeByKey = Dictionary(before.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        let afterByKey = Dictionary(after.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        var seen = Set<String>()
        var out: [RecommendationChange] = []
        for entry in before + after where seen.insert(entry.key).inserted {
            let b = beforeByKey[entry.key]
            let a = afterByKey[entry.key]
            if let b, let a, b.status == a.status, b.compared == a.compared { continue }
            let source = a ?? b ?? entry
            out.append(RecommendationChange(workload: source.workload, capability: source.capability, before: b?.side(), after: a?.side()))
        }
        return out
    }

    /// The phase boundaries of the old document that fall after its as-of day and on or before
    /// `to`: the dates a re-plan over time crossed.
    func boundaries(to: Day) -> [Day] {
        crossed(to: to) { [$0.from, $0.until].compactMap { $0 } }
    }

    /// The crossed boundaries that are retirement days: the ends of phases flagged `retiring`.
    func retirements(to: Day) -> [Day] {
        crossed(to: to) { $0.flags.contains(PhaseFlag.retiring.rawValue) ? [$0.until].compactMap { $0 } : [] }
    }

    /// The days `days` gives for each old phase that fall after the old as-of day and on or before `to`.
    private func crossed(to: Day, _ days: (Stored.Phase) -> [Day]) -> [Day] {
        guard let old else { return [] }
        var dates = Set<Day>()
        for r in old.recommendations ?? [] {
            for phase in r.timeline {
                for d in days(phase) where d > old.asOf && d <= to { dates.insert(d) }
            }
        }
        return dates.sorted()
    }
}

import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import Logging
import Metrics

extension PlanService {
    /// What one re-plan of one plan did.
    public struct Replan: Sendable {
        public var plan: String
        /// The `changes` JSON array of the event, empty when nothing changed.
        public var changes: Data
        public var changed: Bool
        public var nextReplanAt: String?
        /// The plan's validation errors against the catalog in force; nil when it validates.
        public var invalid: [String]? = nil
    }

    /// Why a re-plan runs; it names the `changedBecause` of the events it appends.
    public enum ReplanReason: Sendable, Hashable {
        /// Time passed: `trigger` is `schedule`, `nextReplanAt`, `catch-up` or `requested`.
        case time(trigger: String)
        /// The catalog was replaced.
        case catalog(from: Catalog, to: Catalog)
        /// The catalog in force at start-up differs from the one the plan was planned with.
        case catalogVersion(from: String, to: String)
    }

    /// Re-plans `names` (every plan when nil) as of today with the catalog in force. Each plan is
    /// read, planned and written in one transaction, so a submit cannot slip in between and no
    /// plan is re-planned twice at once. A plan that no longer validates keeps its old
    /// recommendations, marked stale, and a `plan-invalid` event says so.
    @discardableResult
    public func replan(_ names: [String]? = nil, reason: ReplanReason = .time(trigger: "requested"), caller: Caller = .daemon) async throws(Problem) -> [Replan] {
        let policy = self.policy
        let known = try await read { tx in try tx.plans().filter { policy.mayRead(owner: $0.ownerUID, caller) }.map(\.name) }
        if let names, let missing = names.first(where: { !known.contains($0) }) {
            throw Problem(.notFound, "no plan named '\(missing)'")
        }
        var results: [Replan] = []
        let duration = Timer(label: "headstart_replan_duration_seconds", preferredDisplayUnit: .seconds)
        let counter = Counter(label: "headstart_replans_total", dimensions: [("reason", Self.metricReason(reason))])
        for name in names ?? known {
            let start = ContinuousClock.now
            if let result = try await replanOne(name, reason: reason) {
                results.append(result)
                duration.record(duration: ContinuousClock.now - start)
                counter.increment()
            }
        }
        let invalid = results.filter { $0.invalid != nil }.count
        logger.info("re-planned \(results.count) plan(s), \(results.filter(\.changed).count) changed\(invalid > 0 ? ", \(invalid) invalid" : "") (\(Self.describe(reason)))")
        return results
    }

    private func replanOne(_ name: String, reason: ReplanReason) async throws(Problem) -> Replan? {
        let catalog = self.catalog, today = self.today, at = now(), keep = limits.eventsKept
        let outcome = try await write { tx -> (Replan, StoredEvent)? in
            defer { try? tx.pruneEvents(keep: keep) }
            guard let record = try tx.plan(named: name), let revision = try tx.revision(of: name) else { return nil }
            let owner = record.ownerUID
            let plan: WorkloadPlan
            do {
                plan = try PlanDecoder(catalog: catalog).decode(Array(revision.yaml), file: "\(name).yaml")
            } catch let error as DecodingError {
                // Never serve the old answer as current: keep it, marked stale, and say so.
                let errors = error.diagnostics.map { $0.description }
                let plannedWith = try tx.recommendationMetadata(of: name)?.catalogVersion
                try tx.markStale(name, .init(catalogVersion: catalog.version, errors: errors))
                let payload = EventLine.payload(["catalogVersion": catalog.version, "plannedWith": plannedWith ?? NSNull(), "errors": errors])
                return (Replan(plan: name, changes: Data("[]".utf8), changed: false, nextReplanAt: nil, invalid: errors),
                        try tx.appendEvent(type: "plan-invalid", plan: name, ownerUID: owner, time: at, payload: payload))
            }
            let old = try tx.recommendations(of: name)
            let computed = try PlanComputation.compute(plan: plan, catalog: catalog, today: today, previous: try tx.placements(of: name), at: at)
            try tx.saveRecommendations(computed.stored)
            try tx.savePlacements(computed.placements, of: name)
            let changes = RecommendationDiff.changes(from: old?.document, to: computed.stored.document)
            var fields: [String: Any] = [:]
            // The plan validates again: its answer is current once more.
            if old?.stale != nil { fields["staleCleared"] = true }
            if !computed.heldBack.isEmpty {
                fields["heldBack"] = computed.heldBack.map { h -> [String: Any] in
                    ["workload": h.workload, "capability": h.capability, "cloud": h.cloud, "region": h.region,
                     "until": h.until.description, "wouldMoveTo": h.wouldMoveTo ?? NSNull()]
                }
            }
            let event: StoredEvent
            if changes.isEmpty {
                fields["changed"] = false
                if case .time(let trigger) = reason { fields["trigger"] = trigger }
                event = try tx.appendEvent(type: "replanned", plan: name, ownerUID: owner, time: at, payload: EventLine.payload(fields))
            } else {
                fields["changes"] = changes.map(\.object)
                switch reason {
                case .time(let trigger):
                    fields["changedBecause"] = "time"
                    fields["trigger"] = trigger
                    fields["asOf"] = ["from": old.map { $0.asOf as Any } ?? NSNull(), "to": computed.stored.asOf]
                    fields["boundaries"] = RecommendationDiff.boundaries(crossedIn: old?.document, from: old?.asOf, to: computed.stored.asOf)
                    let retirements = RecommendationDiff.retirements(crossedIn: old?.document, from: old?.asOf, to: computed.stored.asOf)
                    if !retirements.isEmpty { fields["retirements"] = retirements }
                case .catalog(let from, let to):
                    let needed = Set(plan.workloads.flatMap(\.needs))
                    fields["changedBecause"] = "catalog"
                    fields["catalogVersions"] = ["from": from.version, "to": to.version]
                    fields["offers"] = CatalogDiff.changes(from: from, to: to, capabilities: needed).map(\.object)
                case .catalogVersion(let from, let to):
                    fields["changedBecause"] = "catalog"
                    fields["catalogVersions"] = ["from": from, "to": to]
                }
                event = try tx.appendEvent(type: "recommendations-changed", plan: name, ownerUID: owner, time: at, payload: EventLine.payload(fields))
            }
            let changesJSON = (try? JSONObjectEncoder.encode(changes.map(\.object))) ?? Data("[]".utf8)
            return (Replan(plan: name, changes: changesJSON, changed: !changes.isEmpty, nextReplanAt: computed.stored.nextReplanAt), event)
        }
        guard let (result, event) = outcome else { return nil }
        await hub.publish([event])
        notify(.changed(name))
        return result
    }

    /// A small fixed set of label values: time triggers and catalog changes.
    static func metricReason(_ reason: ReplanReason) -> String {
        switch reason {
        case .time(let trigger): return trigger
        case .catalog, .catalogVersion: return "catalog"
        }
    }

    static func describe(_ reason: ReplanReason) -> String {
        switch reason {
        case .time(let trigger): return trigger
        case .catalog(let from, let to): return "catalog \(from.version) -> \(to.version)"
        case .catalogVersion(let from, let to): return "catalog \(from) -> \(to) while stopped"
        }
    }

    /// Plans planned with another catalog than the one in force, by the version they were planned with.
    public func plansOnOtherCatalogs() async throws(Problem) -> [String: [String]] {
        let version = catalog.version
        let stale = try await read { tx in try tx.allRecommendationMetadata().filter { $0.catalogVersion != version } }
        return Dictionary(grouping: stale, by: \.catalogVersion).mapValues { $0.map(\.plan) }
    }

    /// Each plan's schedule, time zone, next re-plan day and last planning time, for the scheduler.
    public func timings() async throws(Problem) -> [PlanTiming] {
        try await read { tx in
            let recommendations = Dictionary(uniqueKeysWithValues: try tx.allRecommendationMetadata().map { ($0.plan, $0) })
            return try tx.plans().map { p in
                PlanTiming(plan: p.name, schedule: p.schedule, timeZone: p.timeZone,
                           nextReplanAt: recommendations[p.name]?.nextReplanAt, lastPlanned: recommendations[p.name]?.computedAt ?? p.updatedAt)
            }
        }
    }

    /// One plan's timing facts, nil when the plan is gone.
    public func timing(of plan: String) async throws(Problem) -> PlanTiming? {
        try await read { tx in
            guard let p = try tx.plan(named: plan) else { return nil }
            let r = try tx.recommendationMetadata(of: plan)
            return PlanTiming(plan: p.name, schedule: p.schedule, timeZone: p.timeZone,
                              nextReplanAt: r?.nextReplanAt, lastPlanned: r?.computedAt ?? p.updatedAt)
        }
    }

    /// One plan's timing facts.
    public struct PlanTiming: Sendable {
        public var plan: String
        public var schedule: String?
        public var timeZone: String?
        public var nextReplanAt: String?
        public var lastPlanned: Date
    }
}

import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import Logging
import Metrics

/// Re-plans stored plans: over time, after a catalog change, or on request.
struct Replanner: Sendable {
    let context: ServiceContext

    /// Why a re-plan runs; it names the `changedBecause` of the events it appends.
    enum Reason: Sendable, Hashable {
        /// Time passed, or someone asked; `due` the instant a scheduled or date-driven one fell due.
        case time(trigger: ReplanTrigger, due: Date? = nil)
        /// The catalog was replaced.
        case catalog(from: Catalog, to: Catalog)
        /// The catalog in force at start-up differs from the one the plan was planned with.
        case catalogVersion(from: String, to: String)
    }

    /// What one re-plan of one plan did.
    struct Result: Sendable {
        var body: PlanReplan
        var nextReplanAt: Day?
        var plan: String { body.plan }
        var changed: Bool { body.changed }
        var invalid: [String]? { body.invalid }
    }

    /// Re-plans `names` (every plan when nil) as of today with the catalog in force. Each plan is
    /// read, planned and written in one transaction, so a submit cannot slip in between and no
    /// plan is re-planned twice at once. A plan that no longer validates keeps its old
    /// recommendations, marked stale, and a `plan-invalid` event says so.
    @discardableResult
    /// With `term` (the scheduler's re-plans), each transaction commits only if no later leader's
    /// term has begun, else nothing is written and ``ServiceError/Code/notLeader`` is thrown.
    func replan(
        _ names: [String]? = nil,
        reason: Reason = .time(trigger: .requested),
        caller: Caller = .daemon,
        term: LeaderTerm? = nil
    ) async throws(ServiceError) -> [Result] {
        let policy = context.policy
        let known = try await context.read { tx in try await tx.plans().filter { policy.mayRead($0, caller) }.map(\.name) }
        if let names, let missing = names.first(where: { !known.contains($0) }) { throw ServiceError.noPlan(missing) }
        var results: [Result] = []
        let duration = Timer(label: "headstart_replan_duration_seconds", preferredDisplayUnit: .seconds)
        let counter = Counter(label: "headstart_replans_total", dimensions: [("reason", reason.metricLabel)])
        // Several plans are planned ahead, a batch at a time on every core, while the batch before
        // is committed, one transaction per plan, in order. One plan (the schedule's usual case)
        // is planned in its transaction: there is nothing to overlap.
        let order = names ?? known
        let batches = stride(from: 0, to: order.count, by: Self.batchSize).map { Array(order[$0..<min($0 + Self.batchSize, order.count)]) }
        let catalog = await context.catalog.catalog
        let overlap = order.count > 1
        var prepared = overlap && !batches.isEmpty ? await prepare(batches[0], catalog: catalog) : [:]
        for (i, batch) in batches.enumerated() {
            // A child task: when a commit below throws, it is cancelled and awaited with the scope.
            async let next = overlap && i + 1 < batches.count ? prepare(batches[i + 1], catalog: catalog) : [:]
            for name in batch {
                let start = ContinuousClock.now
                if let result = try await replanOne(name, reason: reason, term: term, prepared: prepared[name]) {
                    results.append(result)
                    duration.record(duration: ContinuousClock.now - start)
                    counter.increment()
                }
            }
            prepared = await next
        }
        context.logger.info(
            "re-planned",
            metadata: [
                "plans": "\(results.count)", "changed": "\(results.filter(\.changed).count)",
                "invalid": "\(results.filter { $0.invalid != nil }.count)", "reason": "\(reason)",
            ]
        )
        return results
    }

    /// How many plans are planned ahead at once.
    static let batchSize = 32

    /// A plan planned before its transaction, and what it was planned from: used only if the
    /// transaction finds the same revision and placements, and the same catalog.
    struct Prepared: Sendable {
        var revision: Int
        var placements: [Placement]
        var catalogVersion: String
        var day: Day
        var plan: WorkloadPlan
        var computed: PlanComputation
    }

    /// Plans `names` concurrently from what the store holds now; a plan that cannot be planned
    /// (gone, invalid) is left to its transaction, which deals with it as before.
    func prepare(_ names: [String], catalog: Catalog) async -> [String: Prepared] {
        let today = context.clock.today
        let at = context.clock.now()
        let inputs: [(String, PlanRevision, [Placement])]
        do {
            inputs = try await context.read { tx in
                var out: [(String, PlanRevision, [Placement])] = []
                for name in names {
                    if let revision = try await tx.revision(of: name) { out.append((name, revision, try await tx.placements(of: name))) }
                }
                return out
            }
        } catch {
            return [:]
        }
        return await withTaskGroup(of: (String, Prepared)?.self) { group in
            for (name, revision, placements) in inputs {
                group.addTask {
                    guard let plan = try? context.decodeStoredPlan(revision, catalog: catalog),
                        let computed = try? PlanComputation.compute(plan: plan, catalog: catalog, today: today, previous: placements, at: at)
                    else { return nil }
                    return (
                        name,
                        Prepared(
                            revision: revision.revision,
                            placements: placements,
                            catalogVersion: catalog.version,
                            day: today,
                            plan: plan,
                            computed: computed
                        )
                    )
                }
            }
            var out: [String: Prepared] = [:]
            for await case let (name, prepared)? in group { out[name] = prepared }
            return out
        }
    }

    func replanOne(_ name: String, reason: Reason, term: LeaderTerm? = nil, prepared: Prepared? = nil) async throws(ServiceError) -> Result? {
        if case .done(let result) = try await attempt(name, reason: reason, term: term, catalog: await context.catalog.snapshot, prepared: prepared) {
            return result
        }
        // Another daemon replaced the catalog and this one has not heard yet: take it, plan with it.
        await context.adoptStoredCatalog()
        let moved = await context.catalog.snapshot
        guard case .done(let result) = try await attempt(name, reason: reason, term: term, catalog: moved) else { return nil }
        return result
    }

    private enum Attempt {
        /// Re-planned; nil when the plan is gone.
        case done(Result?)
        /// The stored catalog is not the one planned with: nothing was written.
        case catalogMoved
    }

    private func attempt(
        _ name: String,
        reason: Reason,
        term: LeaderTerm?,
        catalog snapshot: CatalogState.Snapshot,
        prepared: Prepared? = nil
    ) async throws(ServiceError) -> Attempt {
        let catalog = snapshot.catalog
        let baseVersion = snapshot.base.version
        let today = context.clock.today
        let at = context.clock.now()
        let keep = context.limits.eventsKept
        let shared = context.isShared
        enum Outcome: Sendable {
            case moved
            case gone
            case done(Result, CommittedEvent)
        }
        let outcome = try await context.write { tx -> Outcome in
            if let term { try await tx.requireLeadership(term) }
            if shared, let stored = try await tx.catalogVersion(), stored != baseVersion { return .moved }
            guard let record = try await tx.plan(named: name), let revision = try await tx.revision(of: name) else { return .gone }
            let owner = record.ownerUID
            let host = record.ownerHost
            let previous = try await tx.placements(of: name)
            // Planned ahead from exactly what is stored now, for today: take it.
            let ready = prepared.flatMap { p in
                p.revision == revision.revision && p.catalogVersion == catalog.version && p.day == today && p.placements == previous ? p : nil
            }
            let plan: WorkloadPlan
            do {
                if let ready {
                    plan = ready.plan
                } else {
                    plan = try context.decodeStoredPlan(revision, catalog: catalog)
                }
            } catch let error as DocumentError {
                // Never serve the old answer as current: keep it, marked stale, and say so.
                let errors = error.diagnostics.map { $0.description }
                let plannedWith = try await tx.markAnswerStale(name, .init(catalogVersion: catalog.version, errors: errors))?.catalogVersion
                let event = Event.planInvalid(PlanInvalid(catalogVersion: catalog.version, plannedWith: plannedWith, errors: errors))
                let logged = try await tx.append(event, plan: name, owner: owner, host: host, time: at)
                try await tx.pruneEvents(keep: keep)
                return .done(Result(body: PlanReplan(plan: name, changed: false, changes: [], invalid: errors), nextReplanAt: nil), logged)
            }
            let old = try await tx.recommendations(of: name)
            let computed = try ready?.computed ?? PlanComputation.compute(plan: plan, catalog: catalog, today: today, previous: previous, at: at)
            try await tx.saveRecommendations(computed.stored)
            try await tx.savePlacements(computed.placements, of: name)
            let diff = RecommendationDiff(from: old, to: computed)
            let event = ReplanEvent(reason: reason, plan: plan, old: old, diff: diff, computed: computed).event
            let logged = try await tx.append(event, plan: name, owner: owner, host: host, time: at)
            try await tx.pruneEvents(keep: keep)
            return .done(
                Result(
                    body: PlanReplan(plan: name, changed: !diff.changes.isEmpty, changes: diff.changes),
                    nextReplanAt: computed.stored.nextReplanAt
                ),
                logged
            )
        }
        switch outcome {
        case .moved: return .catalogMoved
        case .gone: return .done(nil)
        case .done(let result, let event):
            await context.publish([event])
            context.changes.notify(.changed(name))
            return .done(result)
        }
    }

    /// Plans planned with another catalog than the one in force, by the version they were planned with.
    func plansOnOtherCatalogs() async throws(ServiceError) -> [String: [String]] {
        let version = await context.catalog.catalog.version
        let stale = try await context.read { tx in try await tx.allRecommendationsWithoutDocuments().filter { $0.catalogVersion != version } }
        return Dictionary(grouping: stale, by: \.catalogVersion).mapValues { $0.map(\.plan) }
    }

    /// Each plan's schedule, time zone, next re-plan day and last planning time, for the scheduler.
    func timings() async throws(ServiceError) -> [PlanTiming] {
        try await context.read { tx in
            let recommendations = Dictionary(uniqueKeysWithValues: try await tx.allRecommendationsWithoutDocuments().map { ($0.plan, $0) })
            return try await tx.plans().map { p in
                PlanTiming(
                    plan: p.name,
                    schedule: p.schedule,
                    timeZone: p.timeZone,
                    nextReplanAt: recommendations[p.name]?.nextReplanAt,
                    lastPlanned: recommendations[p.name]?.computedAt ?? p.updatedAt
                )
            }
        }
    }

    /// One plan's timing facts, nil when the plan is gone.
    func timing(of plan: String) async throws(ServiceError) -> PlanTiming? {
        try await context.read { tx in
            guard let p = try await tx.plan(named: plan) else { return nil }
            let r = try await tx.recommendationsWithoutDocuments(of: plan)
            return PlanTiming(
                plan: p.name,
                schedule: p.schedule,
                timeZone: p.timeZone,
                nextReplanAt: r?.nextReplanAt,
                lastPlanned: r?.computedAt ?? p.updatedAt
            )
        }
    }
}

/// One plan's timing facts, for the scheduler.
public struct PlanTiming: Sendable {
    public var plan: String
    public var schedule: String?
    public var timeZone: String?
    public var nextReplanAt: Day?
    public var lastPlanned: Date
}

extension Replanner.Reason: CustomStringConvertible {
    /// A small fixed set of label values: time triggers and catalog changes.
    var metricLabel: String {
        switch self {
        case .time(let trigger, _): return trigger.rawValue
        case .catalog, .catalogVersion: return "catalog"
        }
    }

    var description: String {
        switch self {
        case .time(let trigger, _): return trigger.rawValue
        case .catalog(let from, let to): return "catalog \(from.version) -> \(to.version)"
        case .catalogVersion(let from, let to): return "catalog \(from) -> \(to) while stopped"
        }
    }
}

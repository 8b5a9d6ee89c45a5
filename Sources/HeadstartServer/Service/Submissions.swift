import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import Logging

/// Stores new revisions of plans and removes plans.
struct Submissions: Sendable {
    let context: ServiceContext
    let replanner: Replanner

    /// The outcome of a submission.
    struct Submission: Sendable {
        var name: String
        var revision: Int
        var created: Bool
        /// The recommendations document as stored.
        var document: Data
    }

    private enum Outcome: Sendable {
        /// Stored; `catalogMoved` when another daemon replaced the catalog this was planned with.
        case done(Submission, [CommittedEvent], catalogMoved: Bool = false)
        /// The plan exists but the caller may not see it.
        case hidden
        /// A new plan would pass the plan limit.
        case full
    }

    /// Validates, plans and stores a new revision of a plan.
    /// - Parameters:
    ///   - expectedName: the name in the URL; nil takes the YAML's own (the plans folder).
    ///   - file: how diagnostics name the document.
    /// A plan the caller may not see is answered as one that does not exist.
    func submit(yaml: Data, expectedName: String?, file: String, caller: Caller) async throws(ServiceError) -> Submission {
        let uid = caller.uid
        let policy = context.policy
        let limits = context.limits
        let at = context.clock.now()
        let today = context.clock.today
        let snapshot = await context.catalog.snapshot
        let (plan, computed) = try await Self.prepare(yaml: yaml, file: file, catalog: snapshot.catalog, today: today, at: at, limits: limits)
        if let expectedName, plan.name != expectedName {
            throw ServiceError(.nameMismatch, "the plan is named '\(plan.name)' but was sent to /v1/plans/\(expectedName)")
        }
        let shared = context.isShared
        let outcome = try await context.write { tx -> Outcome in
            // Another daemon may have replaced the catalog and not yet told this one: store the
            // plan, then plan it again against the new catalog (below), as after a local replacement.
            var catalogMoved = false
            if shared, let stored = try await tx.catalogVersion() { catalogMoved = stored != snapshot.base.version }
            let previous = try await tx.plan(named: plan.name)
            if let previous, !policy.mayRead(previous, caller) { return .hidden }
            if previous == nil, try await tx.planCount() >= limits.maxPlans { return .full }
            // PUT is idempotent: the same bytes again are no new revision.
            if let previous, let latest = try await tx.revision(of: plan.name), latest.yaml == yaml,
                let current = try await tx.recommendations(of: plan.name)
            {
                return .done(Submission(name: plan.name, revision: previous.revision, created: false, document: current.document), [])
            }
            let revision = try await tx.nextRevisionNumber(of: plan.name)
            try await tx.insertRevision(PlanRevision(plan: plan.name, revision: revision, yaml: yaml, submitterUID: uid, submittedAt: at))
            try await tx.pruneRevisions(of: plan.name, keep: limits.revisionsPerPlan)
            // A new plan is the submitter's, on this host; a replaced one keeps its owner.
            let owner = previous?.ownerUID ?? uid
            let host = previous == nil ? policy.hostName : previous?.ownerHost
            try await tx.savePlan(
                PlanRecord(
                    name: plan.name,
                    owner: plan.owner,
                    ownerUID: owner,
                    ownerHost: host,
                    revision: revision,
                    schedule: plan.schedule,
                    timeZone: plan.timeZone,
                    createdAt: previous?.createdAt ?? at,
                    updatedAt: at
                )
            )
            let old = try await tx.recommendations(of: plan.name)
            try await tx.saveRecommendations(computed.stored)
            try await tx.savePlacements(computed.placements, of: plan.name)
            var events = [
                try await tx.append(
                    .planSubmitted(PlanSubmitted(planRevision: revision, submitterUid: uid, created: previous == nil)),
                    plan: plan.name,
                    owner: owner,
                    host: host,
                    time: at
                )
            ]
            let changes = RecommendationDiff(from: old, to: computed).changes
            if !changes.isEmpty {
                let changed = RecommendationsChanged(because: .plan(Transition(from: previous?.revision, to: revision)), changes: changes)
                events.append(try await tx.append(.recommendationsChanged(changed), plan: plan.name, owner: owner, host: host, time: at))
            }
            try await tx.pruneEvents(keep: limits.eventsKept)
            return .done(
                Submission(name: plan.name, revision: revision, created: previous == nil, document: computed.stored.document),
                events,
                catalogMoved: catalogMoved
            )
        }
        let submission: Submission
        let events: [CommittedEvent]
        switch outcome {
        case .hidden: throw ServiceError.noPlan(plan.name)
        case .full: throw ServiceError(.limitReached, "the daemon holds its maximum of \(limits.maxPlans) plans")
        case .done(let s, let e, let catalogMoved):
            (submission, events) = (s, e)
            if catalogMoved { await context.adoptStoredCatalog() }
        }
        await context.publish(events)
        if !events.isEmpty {
            context.logger.info(
                "plan stored",
                metadata: ["plan": "\(plan.name)", "revision": "\(submission.revision)", "uid": "\(uid.map(String.init) ?? "-")"]
            )
            context.changes.notify(.changed(plan.name))
        }
        let now = await context.catalog.snapshot
        if now.generation != snapshot.generation {
            // A catalog replacement's re-plan pass may have listed the plans before this one was
            // stored: plan it again against the catalog now in force.
            let reason = Replanner.Reason.catalogVersion(from: snapshot.catalog.version, to: now.catalog.version)
            if let again = try await replanner.replan([plan.name], reason: reason).first, again.changed {
                let document = try await context.read { tx in try await tx.recommendations(of: plan.name)?.document }
                return Submission(
                    name: submission.name,
                    revision: submission.revision,
                    created: submission.created,
                    document: document ?? submission.document
                )
            }
        }
        return submission
    }

    /// Decodes and plans a submission. Static, so it runs off any actor: concurrent submissions
    /// plan on every core, and only the store write is one at a time.
    static func prepare(
        yaml: Data,
        file: String,
        catalog: Catalog,
        today: Day,
        at: Date,
        limits: DaemonLimits
    ) async throws(ServiceError)
        -> (WorkloadPlan, PlanComputation)
    {
        let plan: WorkloadPlan
        do {
            plan = try limits.decodePlan(Array(yaml), file: file, catalog: catalog)
        } catch {
            throw ServiceError(.invalidDocument, "\(error.diagnostics.count) error(s) in the plan", diagnostics: error.diagnostics)
        }
        do {
            return (plan, try PlanComputation.compute(plan: plan, catalog: catalog, today: today, previous: nil, at: at))
        } catch {
            throw ServiceError(.encodingFailed, "could not encode the recommendations: \(error)")
        }
    }

    /// Removes a plan; its revisions and events stay in the store.
    func delete(name: String, caller: Caller) async throws(ServiceError) {
        let at = context.clock.now()
        let policy = context.policy
        let events = try await context.write { tx -> [CommittedEvent] in
            guard let record = try await tx.plan(named: name), policy.mayRead(record, caller) else { return [] }
            try await tx.deletePlan(named: name)
            return [
                try await tx.append(
                    .planDeleted(PlanDeleted(planRevision: record.revision)),
                    plan: name,
                    owner: record.ownerUID,
                    host: record.ownerHost,
                    time: at
                )
            ]
        }
        guard !events.isEmpty else { throw ServiceError.noPlan(name) }
        await context.publish(events)
        context.changes.notify(.removed(name))
        context.logger.info("plan deleted", metadata: ["plan": "\(name)"])
    }
}

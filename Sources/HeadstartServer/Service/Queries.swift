import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import NIOCore

/// Answers reads: plans, their revisions and recommendations, what-ifs, reports, health.
struct Queries: Sendable {
    let context: ServiceContext

    /// Every stored plan the caller may see, with its latest recommendations' summary.
    func plans(caller: Caller) async throws(ServiceError) -> PlanListBody {
        let policy = context.policy
        let skipped = policy.isAdmin(caller) ? context.skippedFiles.listing : nil
        return try await context.read { tx in
            let recommendations = Dictionary(uniqueKeysWithValues: try await tx.allRecommendationsWithoutDocuments().map { ($0.plan, $0) })
            return PlanListBody(
                plans: try await tx.plans().filter { policy.mayRead($0, caller) }.map { p in
                    let r = recommendations[p.name]
                    return PlanListing(
                        name: p.name,
                        owner: p.owner,
                        revision: p.revision,
                        updated: p.updatedAt,
                        summary: r?.summary,
                        nextReplanAt: r?.nextReplanAt?.description,
                        nextReplanReason: r?.nextReplanReason.map(PlanListing.ReplanReason.init),
                        asOf: r?.asOf.description,
                        catalogVersion: r?.catalogVersion,
                        status: r?.stale == nil ? .current : .stale
                    )
                },
                skippedPlanFiles: skipped
            )
        }
    }

    /// A plan's metadata and one of its revisions (the latest when `revision` is nil).
    func plan(named name: String, revision: Int?, caller: Caller) async throws(ServiceError) -> (PlanRecord, PlanRevision) {
        let policy = context.policy
        let found = try await context.read { tx -> (PlanRecord, PlanRevision)? in
            guard let record = try await tx.plan(named: name), policy.mayRead(record, caller),
                let rev = try await tx.revision(of: name, number: revision)
            else { return nil }
            return (record, rev)
        }
        guard let found else {
            throw revision.map { ServiceError(.notFound, "plan '\(name)' has no revision \($0)") } ?? ServiceError.noPlan(name)
        }
        return found
    }

    /// `GET /v1/plans/{name}`.
    func planBody(named name: String, revision: Int?, caller: Caller) async throws(ServiceError) -> PlanBody {
        let (record, rev) = try await plan(named: name, revision: revision, caller: caller)
        return PlanBody(
            name: record.name,
            owner: record.owner,
            revision: rev.revision,
            latestRevision: record.revision,
            submitted: rev.submittedAt,
            submitterUid: rev.submitterUID,
            ownerUid: record.ownerUID,
            ownerHost: record.ownerHost,
            created: record.createdAt,
            yaml: String(decoding: rev.yaml, as: UTF8.self)
        )
    }

    /// The stored recommendations of `name`, plain or explained, ready to send. Answers from the
    /// document cache when it can: reads of stored results are the daemon's busiest path.
    func recommendationsBody(of name: String, explained: Bool, caller: Caller) async throws(ServiceError) -> ByteBuffer {
        let key = DocumentCache.Key(plan: name, explained: explained)
        if let hit = context.cache.entry(key) {
            guard context.policy.mayRead(owner: hit.ownerUID, host: hit.ownerHost, caller) else { throw ServiceError.noPlan(name) }
            return hit.body
        }
        let generation = context.cache.generation
        let (owner, stored) = try await storedRecommendations(of: name, caller: caller)
        // A stale answer was marked when it went stale: its bytes are served as they are.
        let body = ByteBuffer(bytes: explained ? stored.explained : stored.document)
        context.cache.insert(key, .init(ownerUID: owner.ownerUID, ownerHost: owner.ownerHost, body: body), generation: generation)
        return body
    }

    /// A stored document as served: a stale one carries `stale` with the catalog in force and the
    /// plan's errors against it, so no client takes it for a current answer.
    static func marked(_ document: Data, stale: StoredRecommendations.Stale?) -> [UInt8] {
        guard let stale, var body = try? APIJSON.decode(RecommendationsBody.self, from: document) else { return Array(document) }
        body.stale = RecommendationsBody.Stale(catalogInForce: stale.catalogVersion, errors: stale.errors)
        return body.prettyJSON(capacity: document.count + 1024)
    }

    /// A plan's stored recommendations with its owner; a plan the caller may not see is one that does not exist.
    func storedRecommendations(
        of name: String,
        caller: Caller
    ) async throws(ServiceError) -> (owner: PlanRecord, recommendations: StoredRecommendations) {
        let found = try await context.read { tx -> (PlanRecord, StoredRecommendations)? in
            guard let record = try await tx.plan(named: name), let stored = try await tx.recommendations(of: name) else { return nil }
            return (record, stored)
        }
        guard let (owner, stored) = found, context.policy.mayRead(owner, caller) else { throw ServiceError.noPlan(name) }
        return (owner, stored)
    }

    /// The stored recommendations of `name` as the self-contained HTML timeline page.
    func report(_ name: String, caller: Caller) async throws(ServiceError) -> String {
        let (_, stored) = try await storedRecommendations(of: name, caller: caller)
        let (_, revision) = try await plan(named: name, revision: nil, caller: caller)
        let catalog = await context.catalog.catalog
        var items: [HTMLReport.Item]
        do {
            items = try RecommendationsBody.documents(in: stored.document).map(HTMLReport.Item.init(document:))
        } catch {
            throw ServiceError(.storeCorrupt, "the stored recommendations of '\(name)' do not read back: \(error)")
        }
        // The horizon is the plan's; a stored plan that no longer validates ends at its last phase.
        if let horizon = (try? context.decodeStoredPlan(revision, catalog: catalog))?.horizon {
            for i in items.indices { items[i].horizon = horizon }
        }
        return HTMLReport(catalog: catalog).render(items)
    }

    /// The recommendations of the latest revision as of another day, computed and not stored.
    func whatIf(_ name: String, asOf: Day, explain: Bool = false, caller: Caller) async throws(ServiceError) -> Data {
        let (_, revision) = try await plan(named: name, revision: nil, caller: caller)
        let catalog = await context.catalog.catalog
        let plan: WorkloadPlan
        do {
            plan = try context.decodeStoredPlan(revision, catalog: catalog)
        } catch {
            // The catalog changed under a stored plan: say so rather than answer for another plan.
            throw ServiceError(
                .invalidDocument,
                "the stored plan no longer validates against catalog \(catalog.version)",
                diagnostics: error.diagnostics
            )
        }
        do {
            let result = try PlanComputation.compute(plan: plan, catalog: catalog, today: asOf, previous: nil, at: context.clock.now()).stored
            return explain ? result.explained : result.document
        } catch {
            throw ServiceError(.encodingFailed, "could not encode the recommendations: \(error)")
        }
    }

    /// `GET /healthz` for `caller`.
    func health(version: String, startedAt: Date, caller: Caller) async throws(ServiceError) -> HealthBody {
        let policy = context.policy
        let (visible, last, stale) = try await context.read { tx in
            let visible = Set(try await tx.plans().filter { policy.mayRead($0, caller) }.map(\.name))
            return (visible, try await tx.lastEventRevision(), try await tx.stalePlans().filter { visible.contains($0) }.count)
        }
        let snapshot = await context.catalog.snapshot
        var body = HealthBody(
            version: version,
            uptimeSeconds: context.clock.now().timeIntervalSince(startedAt),
            plans: visible.count,
            catalogVersion: snapshot.catalog.version,
            catalogSource: snapshot.source,
            lastEventRevision: last,
            watchers: await context.hub.watcherCount,
            stalePlans: stale,
            connections: context.ledger.connections,
            leader: context.leadership.isLeader,
            host: policy.hostName
        )
        body.skippedPlanFiles = policy.isAdmin(caller) ? context.skippedFiles.listing : nil
        return body
    }
}

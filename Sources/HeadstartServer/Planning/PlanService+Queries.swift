import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import NIOCore

extension PlanService {
    /// One line of `GET /v1/plans`.
    public struct PlanListing: Sendable {
        public var record: PlanRecord
        public var recommendations: StoredRecommendations?
    }

    /// Every stored plan with its latest recommendations' summary.
    public func plans(caller: Caller) async throws(Problem) -> [PlanListing] {
        let policy = self.policy
        return try await read { tx in
            let recommendations = Dictionary(uniqueKeysWithValues: try tx.allRecommendationMetadata().map { ($0.plan, $0) })
            return try tx.plans().filter { policy.mayRead(owner: $0.ownerUID, caller) }
                .map { PlanListing(record: $0, recommendations: recommendations[$0.name]) }
        }
    }

    /// A plan's metadata and one of its revisions (the latest when `revision` is nil).
    public func plan(named name: String, revision: Int?, caller: Caller) async throws(Problem) -> (PlanRecord, PlanRevision) {
        let policy = self.policy
        let found = try await read { tx -> (PlanRecord, PlanRevision)? in
            guard let record = try tx.plan(named: name), policy.mayRead(owner: record.ownerUID, caller),
                  let rev = try tx.revision(of: name, number: revision) else { return nil }
            return (record, rev)
        }
        guard let found else {
            throw Problem(.notFound, revision.map { "plan '\(name)' has no revision \($0)" } ?? "no plan named '\(name)'")
        }
        return found
    }

    /// The stored recommendations document of a plan.
    public nonisolated func recommendations(of name: String, caller: Caller = .daemon) async throws(Problem) -> StoredRecommendations {
        try await storedRecommendations(of: name, caller: caller).recommendations
    }

    /// The stored recommendations document of `name`, plain or explained, ready to send. Answers
    /// from the document cache when it can, without waiting for the actor: reads of stored
    /// results are the daemon's busiest path.
    public nonisolated func recommendationsBody(of name: String, explained: Bool, caller: Caller) async throws(Problem) -> ByteBuffer {
        let key = DocumentCache.Key(plan: name, explained: explained)
        if let hit = cache.entry(key) {
            guard policy.mayRead(owner: hit.ownerUID, caller) else { throw Problem(.notFound, "no plan named '\(name)'") }
            return hit.body
        }
        let generation = cache.generation
        let (owner, stored) = try await storedRecommendations(of: name, caller: caller)
        let body = ByteBuffer(bytes: Self.marked(explained ? stored.explained : stored.document, stale: stored.stale))
        cache.insert(key, .init(ownerUID: owner, body: body), generation: generation)
        return body
    }

    /// A stored document as served: a stale one carries `stale` with the catalog in force and the
    /// plan's errors against it, so no client takes it for a current answer.
    static func marked(_ document: Data, stale: StoredRecommendations.Stale?) -> Data {
        guard let stale, var object = (try? JSONSerialization.jsonObject(with: document)) as? [String: Any] else { return document }
        object["stale"] = ["catalogInForce": stale.catalogVersion, "errors": stale.errors,
                           "reason": "the plan does not validate against the catalog in force; these are its last valid recommendations"]
        guard let compact = try? JSONObjectEncoder.encode(object) else { return document }
        return JSONOutput.indent(compact)
    }

    /// A plan's stored recommendations with its owner; a plan the caller may not see is one that does not exist.
    private nonisolated func storedRecommendations(of name: String, caller: Caller) async throws(Problem)
        -> (owner: UInt32?, recommendations: StoredRecommendations) {
        let found: (UInt32?, StoredRecommendations)?
        do {
            found = try await store.read { tx -> (UInt32?, StoredRecommendations)? in
                guard let record = try tx.plan(named: name), let stored = try tx.recommendations(of: name) else { return nil }
                return (record.ownerUID, stored)
            }
        } catch {
            throw Self.problem(error)
        }
        guard let (owner, stored) = found, policy.mayRead(owner: owner, caller) else { throw Problem(.notFound, "no plan named '\(name)'") }
        return (owner, stored)
    }

    /// The stored recommendations of `name` as the self-contained HTML timeline page.
    public func report(_ name: String, caller: Caller) async throws(Problem) -> String {
        let stored = try await recommendations(of: name, caller: caller)
        let (_, revision) = try await plan(named: name, revision: nil, caller: caller)
        let documents: [Recommendations]
        do {
            documents = try RecommendationsDocument.decode(stored.explained)
        } catch {
            throw Problem(.storeFailed, "the stored recommendations of '\(name)' do not read back: \(error)")
        }
        let items = documents.map { r -> HTMLReport.Item in
            // The horizon is the plan's; a stored plan that no longer validates ends at its last phase.
            let horizon = (try? PlanDecoder(catalog: catalog).decode(Array(revision.yaml), file: "\(name).yaml"))?.horizon
                ?? r.recommendations.flatMap { $0.timeline.compactMap(\.until) }.max() ?? r.asOf.adding(days: 365)
            return HTMLReport.Item(recommendations: r, horizon: horizon)
        }
        return HTMLReport(catalog: catalog).render(items)
    }

    /// The recommendations of the latest revision as of another day, computed and not stored.
    public func whatIf(_ name: String, asOf: Day, explain: Bool = false, caller: Caller) async throws(Problem) -> Data {
        let (_, revision) = try await plan(named: name, revision: nil, caller: caller)
        let plan: WorkloadPlan
        do {
            plan = try PlanDecoder(catalog: catalog).decode(Array(revision.yaml), file: "\(name).yaml")
        } catch {
            // The catalog changed under a stored plan: say so rather than answer for another plan.
            throw Problem(.invalidDocument, "the stored plan no longer validates against catalog \(catalog.version)", diagnostics: error.diagnostics)
        }
        let result = try computed(plan, asOf: asOf)
        return explain ? result.explained : result.document
    }

    /// The catalog in force, as JSON.
    public func catalogDocument() throws(Problem) -> Data {
        do {
            return try JSONOutput.encode(CatalogDocument(catalog, source: catalogSource.rawValue))
        } catch {
            throw Problem(.storeFailed, "could not encode the catalog: \(error)")
        }
    }

    /// Facts for `GET /healthz`.
    public struct Health: Sendable {
        public var uptimeSeconds: Double
        public var plans: Int
        public var catalogVersion: String
        public var catalogSource: CatalogSource
        public var lastEventRevision: Int64
        public var watchers: Int
        /// Plans whose stored answer is stale: they do not validate against the catalog in force.
        public var stalePlans: Int
        /// Connections open now.
        public var connections: Int
    }

    public func health(caller: Caller = .daemon) async throws(Problem) -> Health {
        let policy = self.policy
        let (visible, last, stale) = try await read { tx in
            let visible = Set(try tx.plans().filter { policy.mayRead(owner: $0.ownerUID, caller) }.map(\.name))
            return (visible, try tx.lastEventRevision(), try tx.stalePlans().filter { visible.contains($0) }.count)
        }
        return Health(uptimeSeconds: now().timeIntervalSince(startedAt), plans: visible.count, catalogVersion: catalog.version,
                      catalogSource: catalogSource, lastEventRevision: last, watchers: await hub.watcherCount, stalePlans: stale,
                      connections: ledger.connections)
    }

    /// Events read from the log at once.
    public static let eventPage = 500

    /// Events after `revision`, oldest first, a page at a time.
    public func events(after revision: Int64, limit: Int = 500) async throws(Problem) -> [StoredEvent] {
        try await read { tx in try tx.events(after: revision, limit: limit) }
    }

    /// The newest event's revision, 0 for an empty log.
    public func lastEventRevision() async throws(Problem) -> Int64 {
        try await read { tx in try tx.lastEventRevision() }
    }

    /// The oldest event still in the log.
    public func oldestEventRevision() async throws(Problem) -> Int64? {
        try await read { tx in try tx.oldestEventRevision() }
    }

    /// Whether the caller may see an event: daemon-wide events are public, a plan's follow its owner.
    public nonisolated func mayRead(_ event: StoredEvent, _ caller: Caller) -> Bool {
        event.plan == nil || policy.mayRead(owner: event.ownerUID, caller)
    }
}

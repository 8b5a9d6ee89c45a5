import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import Logging

/// The daemon's state machine for plans: validates, plans, stores and announces, one change at
/// a time. Every change is one store transaction whose events are published only after commit,
/// so a watcher never sees what a crash could take back.
public actor PlanService {
    let store: Store
    let hub: EventHub
    let logger: Logger
    let now: @Sendable () -> Date
    let startedAt: Date
    var catalog: Catalog
    var catalogYAML: Data
    /// Counts catalog replacements, so a submission planned before one can tell.
    var catalogGeneration = 0
    var observer: AsyncStream<Change>.Continuation?
    /// Who may see and change what.
    public let policy: AccessPolicy
    /// What a caller can make the daemon hold.
    public let limits: DaemonLimits
    /// Recommendation documents as last read from the store.
    let cache: DocumentCache
    /// Where the catalog in force came from.
    var catalogSource: CatalogSource
    /// The `--catalog` file, the catalog's one source when set.
    let catalogFile: String?
    /// The file's bytes as last read, so the file is acted on only when they change (or on SIGHUP).
    var catalogFileBytes: Data?
    /// Whether the last look at the file failed, so a missing file is logged once, not per poll.
    var catalogFileUnreadable = false
    /// Connections and watchers per uid.
    public let ledger: ConnectionLedger

    /// Where the catalog in force came from, as `/healthz` and `GET /v1/catalog` say.
    public enum CatalogSource: String, Sendable, Codable {
        /// `serve --catalog FILE`: edit the file and send SIGHUP (or wait for the poll).
        case file
        /// Replaced with `PUT /v1/catalog` and kept in the store.
        case api
        /// The catalog built into the binary.
        case builtIn = "built-in"
    }

    /// - Parameters:
    ///   - catalog: the catalog in force, with the YAML it was read from.
    ///   - catalogSource: where it came from.
    ///   - catalogFile: the `--catalog` file; with one, `PUT /v1/catalog` is refused.
    public init(store: Store, hub: EventHub, catalog: Catalog, catalogYAML: Data, logger: Logger,
                policy: AccessPolicy = AccessPolicy(), limits: DaemonLimits = DaemonLimits(), now: @escaping @Sendable () -> Date,
                catalogSource: CatalogSource = .builtIn, catalogFile: String? = nil, ledger: ConnectionLedger? = nil) {
        self.catalogSource = catalogFile == nil ? catalogSource : .file
        self.catalogFile = catalogFile
        self.catalogFileBytes = catalogFile == nil ? nil : catalogYAML
        self.ledger = ledger ?? ConnectionLedger(connectionsPerUID: limits.maxConnectionsPerUID, watchersPerUID: limits.maxWatchersPerUID)
        self.store = store
        self.policy = policy
        self.limits = limits
        self.cache = DocumentCache(budget: limits.documentCacheBytes)
        self.hub = hub
        self.catalog = catalog
        self.catalogYAML = catalogYAML
        self.logger = logger
        self.now = now
        self.startedAt = now()
    }

    /// Today in UTC, the day every stored recommendation is computed for.
    var today: Day {
        Day(ordinal: Int((now().timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    enum Outcome: Sendable {
        case done(Submission, [StoredEvent])
        /// The plan exists but the caller may not see it.
        case hidden
        /// A new plan would pass the plan limit.
        case full
    }

    /// The outcome of a submission.
    public struct Submission: Sendable {
        public var name: String
        public var revision: Int
        public var created: Bool
        public var document: Data
    }

    /// Validates, plans and stores a new revision of a plan.
    /// - Parameters:
    ///   - expectedName: the name in the URL; nil takes the YAML's own (the plans folder).
    ///   - file: how diagnostics name the document.
    /// A plan the caller may not see is answered as one that does not exist.
    public func submit(yaml: Data, expectedName: String?, file: String, caller: Caller) async throws(Problem) -> Submission {
        let uid = caller.uid, policy = self.policy, limits = self.limits
        let at = now()
        let catalog = self.catalog, generation = catalogGeneration, today = self.today
        let (plan, computed) = try await Self.prepare(yaml: yaml, file: file, catalog: catalog, today: today, at: at, limits: limits)
        if let expectedName, plan.name != expectedName {
            throw Problem(.nameMismatch, "the plan is named '\(plan.name)' but was sent to /v1/plans/\(expectedName)")
        }
        let outcome = try await write { tx -> Outcome in
            let previous = try tx.plan(named: plan.name)
            if let previous, !policy.mayRead(owner: previous.ownerUID, caller) { return .hidden }
            if previous == nil, try tx.planCount() >= limits.maxPlans { return .full }
            // PUT is idempotent: the same bytes again are no new revision.
            if let previous, let latest = try tx.revision(of: plan.name), latest.yaml == yaml,
               let current = try tx.recommendations(of: plan.name) {
                return .done(Submission(name: plan.name, revision: previous.revision, created: false, document: current.document), [])
            }
            let revision = try tx.nextRevisionNumber(of: plan.name)
            try tx.insertRevision(PlanRevision(plan: plan.name, revision: revision, yaml: yaml, submitterUID: uid, submittedAt: at))
            try tx.pruneRevisions(of: plan.name, keep: limits.revisionsPerPlan)
            try tx.savePlan(PlanRecord(name: plan.name, owner: plan.owner, ownerUID: previous?.ownerUID ?? uid, revision: revision,
                                       schedule: plan.schedule, timeZone: plan.timeZone, createdAt: previous?.createdAt ?? at, updatedAt: at))
            let old = try tx.recommendations(of: plan.name)
            try tx.saveRecommendations(computed.stored)
            try tx.savePlacements(computed.placements, of: plan.name)
            let owner = previous?.ownerUID ?? uid
            var events = [try tx.appendEvent(type: "plan-submitted", plan: plan.name, ownerUID: owner, time: at, payload: EventLine.payload([
                "planRevision": revision, "submitterUid": uid.map { Int($0) as Any } ?? NSNull(), "created": previous == nil,
            ]))]
            let changes = RecommendationDiff.changes(from: old?.document, to: computed.stored.document)
            if !changes.isEmpty {
                events.append(try tx.appendEvent(type: "recommendations-changed", plan: plan.name, ownerUID: owner, time: at, payload: EventLine.payload([
                    "changedBecause": "plan",
                    "planRevisions": ["from": previous.map { $0.revision as Any } ?? NSNull(), "to": revision],
                    "changes": changes.map(\.object),
                ])))
            }
            try tx.pruneEvents(keep: limits.eventsKept)
            return .done(Submission(name: plan.name, revision: revision, created: previous == nil, document: computed.stored.document), events)
        }
        let submission: Submission, events: [StoredEvent]
        switch outcome {
        case .hidden: throw Problem(.notFound, "no plan named '\(plan.name)'")
        case .full: throw Problem(.limit, "the daemon holds its maximum of \(limits.maxPlans) plans")
        case .done(let s, let e): (submission, events) = (s, e)
        }
        await hub.publish(events)
        if !events.isEmpty {
            logger.info("plan \(plan.name) revision \(submission.revision) stored (uid \(uid.map(String.init) ?? "-"))")
            notify(.changed(plan.name))
        }
        if catalogGeneration != generation {
            // A catalog replacement's re-plan pass may have listed the plans before this one was
            // stored: plan it again against the catalog now in force.
            let current = self.catalog.version
            if let again = try await replan([plan.name], reason: .catalogVersion(from: catalog.version, to: current)).first, again.changed {
                return Submission(name: submission.name, revision: submission.revision, created: submission.created,
                                  document: try await recommendations(of: plan.name).document)
            }
        }
        return submission
    }

    /// Decodes and plans a submission. Static, so it runs off the actor: concurrent submissions
    /// plan on every core, and only the store write is one at a time.
    static func prepare(yaml: Data, file: String, catalog: Catalog, today: Day, at: Date, limits: DaemonLimits) async throws(Problem)
        -> (WorkloadPlan, PlanComputation) {
        let plan: WorkloadPlan
        do {
            plan = try PlanDecoder(catalog: catalog, limits: limits.yaml).decode(Array(yaml), file: file)
        } catch {
            throw Problem(.invalidDocument, "\(error.diagnostics.count) error(s) in the plan", diagnostics: error.diagnostics)
        }
        do {
            return (plan, try PlanComputation.compute(plan: plan, catalog: catalog, today: today, previous: nil, at: at))
        } catch {
            throw Problem(.storeFailed, "could not encode the recommendations: \(error)")
        }
    }

    /// Removes a plan; its revisions and events stay in the store.
    public func delete(name: String, caller: Caller) async throws(Problem) {
        let at = now(), policy = self.policy
        let events = try await write { tx -> [StoredEvent] in
            guard let record = try tx.plan(named: name), policy.mayRead(owner: record.ownerUID, caller) else { return [] }
            try tx.deletePlan(named: name)
            return [try tx.appendEvent(type: "plan-deleted", plan: name, ownerUID: record.ownerUID, time: at,
                                       payload: EventLine.payload(["planRevision": record.revision]))]
        }
        guard !events.isEmpty else { throw Problem(.notFound, "no plan named '\(name)'") }
        await hub.publish(events)
        notify(.removed(name))
        logger.info("plan \(name) deleted")
    }

    /// Appends a `shutdown` event, publishes it and ends every watch stream.
    public func announceShutdown() async {
        let at = now()
        if let event = try? await write({ tx in try tx.appendEvent(type: "shutdown", plan: nil, time: at, payload: EventLine.payload([:])) }) {
            await hub.publish([event])
        }
        await hub.close()
    }

    // MARK: Helpers

    /// The recommendations of `plan` as of `asOf` (today by default), not stored.
    func computed(_ plan: WorkloadPlan, asOf: Day? = nil) throws(Problem) -> StoredRecommendations {
        do {
            return try PlanComputation.compute(plan: plan, catalog: catalog, today: asOf ?? today, previous: nil, at: now()).stored
        } catch {
            throw Problem(.storeFailed, "could not encode the recommendations: \(error)")
        }
    }

    // MARK: Notifications

    /// What the scheduler hears about: a plan stored or re-planned, or removed.
    public enum Change: Sendable {
        case changed(String)
        case removed(String)
    }

    /// Delivers plan changes to one observer (the scheduler).
    public func observeChanges(_ continuation: AsyncStream<Change>.Continuation) {
        observer = continuation
    }

    func notify(_ change: Change) {
        observer?.yield(change)
    }

    /// A store transaction whose failures become problem details.
    func write<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws(Problem) -> T {
        defer { cache.invalidateAll() }
        do {
            return try await store.write(body)
        } catch {
            throw Self.problem(error)
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws(Problem) -> T {
        do {
            return try await store.read(body)
        } catch {
            throw Self.problem(error)
        }
    }

    static func problem(_ error: StoreError) -> Problem {
        error.code == .diskFull ? Problem(.storeFull, error.message) : Problem(.storeFailed, error.message)
    }
}

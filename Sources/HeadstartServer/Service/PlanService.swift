import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartStore
import Logging

/// The daemon's plan service, one part per job: ``submissions`` store and remove plans,
/// ``replanner`` re-plans them, ``queries`` answer reads, ``catalogs`` replace the catalog,
/// ``listings`` keep the clouds' listings merged onto it, ``log`` serves the event log. They
/// share one ``ServiceContext``. Callers outside `Service/` use the operations
/// (`PlanService+Operations.swift`), one per use case, never the parts. Errors are
/// ``ServiceError``s; only the router speaks HTTP.
public struct PlanService: Sendable {
    let context: ServiceContext
    let submissions: Submissions
    let replanner: Replanner
    let queries: Queries
    let catalogs: CatalogKeeper
    let listings: ListingKeeper
    let log: EventLog
    /// When the daemon started, for `/healthz`.
    let startedAt: Date

    /// - Parameters:
    ///   - catalog: the catalog in force, with the YAML it was read from.
    ///   - catalogSource: where it came from.
    ///   - catalogFile: the `--catalog` file; with one, `PUT /v1/catalog` is refused.
    ///   - shared: the store is shared with other daemons, whose commits ``EventFanOut`` brings in.
    public init(
        store: any PlanStore,
        hub: EventHub,
        catalog: Catalog,
        catalogYAML: Data,
        logger: Logger,
        policy: AccessPolicy = AccessPolicy(),
        limits: DaemonLimits = DaemonLimits(),
        now: @escaping @Sendable () -> Date,
        catalogSource: CatalogSource = .builtIn,
        catalogFile: String? = nil,
        ledger: ConnectionLedger? = nil,
        shared: Bool = false,
        leadership: Leadership = Leadership(leading: true)
    ) {
        let clock = DaemonClock(now: now)
        let state = CatalogState(
            catalog: catalog,
            yaml: catalogYAML,
            source: catalogFile == nil ? catalogSource : .file,
            file: catalogFile
        )
        context = ServiceContext(
            store: store,
            hub: hub,
            logger: logger,
            clock: clock,
            policy: policy,
            limits: limits,
            cache: DocumentCache(budget: limits.documentCacheBytes),
            catalog: state,
            ledger: ledger ?? ConnectionLedger(connectionsPerUID: limits.maxConnectionsPerUID, watchersPerUID: limits.maxWatchersPerUID),
            changes: ChangeFeed(),
            localCommits: shared ? LocalCommits() : nil,
            leadership: leadership
        )
        replanner = Replanner(context: context)
        submissions = Submissions(context: context, replanner: replanner)
        queries = Queries(context: context)
        catalogs = CatalogKeeper(context: context, replanner: replanner)
        listings = ListingKeeper(context: context, replanner: replanner)
        log = EventLog(context: context)
        startedAt = clock.now()
    }

    /// Who may see and change what.
    public var policy: AccessPolicy { context.policy }
    /// What a caller can make the daemon hold.
    public var limits: DaemonLimits { context.limits }
    /// Connections and watchers per uid.
    public var ledger: ConnectionLedger { context.ledger }
    public var hub: EventHub { context.hub }
    public var clock: DaemonClock { context.clock }
    /// The catalog in force.
    public var catalog: Catalog { get async { await context.catalog.catalog } }

    // The calls the daemon's services and the tests make, each one line into its part.

    @discardableResult
    public func submit(yaml: Data, expectedName: String?, file: String, caller: Caller) async throws(ServiceError) -> (name: String, revision: Int) {
        let s = try await submitPlan(yaml: yaml, expectedName: expectedName, file: file, caller: caller)
        return (s.name, s.revision)
    }

    public func delete(name: String, caller: Caller) async throws(ServiceError) { try await submissions.delete(name: name, caller: caller) }

    @discardableResult
    public func replan(_ names: [String]? = nil, caller: Caller = .daemon) async throws(ServiceError) -> ReplanBody {
        ReplanBody(plans: try await replanner.replan(names, caller: caller).map(\.body))
    }

    /// The stored recommendations of a plan, as the daemon holds them.
    public func recommendations(of name: String, caller: Caller = .daemon) async throws(ServiceError) -> StoredRecommendations {
        try await queries.storedRecommendations(of: name, caller: caller).recommendations
    }

    /// The stored event log after `revision`, oldest first.
    public func events(after revision: Int64) async throws(ServiceError) -> [StoredEvent] {
        try await context.read { tx in try await tx.events(after: revision, limit: EventLog.page) }
    }

    public func reloadCatalogFile(force: Bool) async { await catalogs.reloadFile(force: force) }

    /// Merges the listings the store keeps onto the catalog in force (at start-up, before serving).
    public func adoptStoredListings() async { await context.adoptStoredCatalog() }

    public func announceShutdown() async { await log.announceShutdown() }

    /// Delivers plan changes to one observer (the scheduler).
    public func observeChanges(_ continuation: AsyncStream<PlanChange>.Continuation) { context.changes.observe(continuation) }
}

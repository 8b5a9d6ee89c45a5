import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import Logging
import NIOCore

// The service's one door per use case: the router and the daemon's services call these, never
// the parts behind them, so a use case can move between parts without its callers knowing.

extension PlanService {
    // MARK: Plans

    func health(version: String, caller: Caller) async throws(ServiceError) -> HealthBody {
        try await queries.health(version: version, startedAt: startedAt, caller: caller)
    }

    func plans(caller: Caller) async throws(ServiceError) -> PlanListBody { try await queries.plans(caller: caller) }

    /// Stores a plan and its first recommendations, with the stored document for the answer.
    func submitPlan(yaml: Data, expectedName: String?, file: String, caller: Caller) async throws(ServiceError) -> Submissions.Submission {
        try await submissions.submit(yaml: yaml, expectedName: expectedName, file: file, caller: caller)
    }

    func planBody(named name: String, revision: Int?, caller: Caller) async throws(ServiceError) -> PlanBody {
        try await queries.planBody(named: name, revision: revision, caller: caller)
    }

    func recommendationsBody(of name: String, explained: Bool, caller: Caller) async throws(ServiceError) -> ByteBuffer {
        try await queries.recommendationsBody(of: name, explained: explained, caller: caller)
    }

    func whatIf(_ name: String, asOf: Day, explain: Bool, caller: Caller) async throws(ServiceError) -> Data {
        try await queries.whatIf(name, asOf: asOf, explain: explain, caller: caller)
    }

    func report(_ name: String, caller: Caller) async throws(ServiceError) -> String { try await queries.report(name, caller: caller) }

    /// A stored plan's current placements as `target`'s file, for a caller who may read the plan.
    func export(_ name: String, as target: ExportTarget, caller: Caller) async throws(ServiceError) -> [UInt8] {
        _ = try await queries.plan(named: name, revision: nil, caller: caller)
        guard let placements = try await exportPlacements(of: name) else { throw ServiceError.noPlan(name) }
        return try target.render(placements)
    }

    /// Every stored plan's name, for the export files.
    func planNames() async throws(ServiceError) -> [String] {
        try await context.read { tx in try await tx.plans().map(\.name) }
    }

    /// A stored plan's current placements, nil when the plan is gone (the export files).
    /// A plan stored before the store kept what its placements run on is re-planned once first
    /// (a catch-up: the day may have moved on), so the export never plans on its own.
    func exportPlacements(of name: String) async throws(ServiceError) -> ExportPlacements? {
        for attempt in 0..<2 {
            switch try await queries.exportPlacements(of: name) {
            case .placements(let placements): return placements
            case .gone: return nil
            case .unrecorded where attempt == 0: try await replanner.replan([name], reason: .time(trigger: .catchUp))
            case .unrecorded: break
            }
        }
        throw ServiceError(.storeCorrupt, "plan '\(name)' was re-planned but its placements' offers are still not stored")
    }

    // MARK: Catalog and listings

    func catalogDocument() async throws(ServiceError) -> [UInt8] { try await catalogs.document() }

    func headStart() async -> HeadStartBody { await catalogs.headStart() }

    func replaceCatalog(yaml: Data, file: String, caller: Caller) async throws(ServiceError) -> CatalogReplacedBody {
        try await catalogs.replace(yaml: yaml, file: file, caller: caller)
    }

    /// The `--catalog` file, when the catalog comes from one.
    var catalogFile: String? { context.catalog.file }

    func listingList() async throws(ServiceError) -> ListingListBody { try await listings.list() }

    func submitListing(
        json: Data,
        at place: ListingKeeper.Place,
        observedOn: Day?,
        file: String,
        caller: Caller
    )
        async throws(ServiceError) -> ListingStoredBody
    {
        try await listings.submit(json: json, at: place, observedOn: observedOn, file: file, caller: caller)
    }

    // MARK: The scheduler's

    func timings() async throws(ServiceError) -> [PlanTiming] { try await replanner.timings() }

    func timing(of plan: String) async throws(ServiceError) -> PlanTiming? { try await replanner.timing(of: plan) }

    func plansOnOtherCatalogs() async throws(ServiceError) -> [String: [String]] { try await replanner.plansOnOtherCatalogs() }

    /// A re-plan the daemon makes itself, fenced with the leader's term.
    @discardableResult
    func replan(_ names: [String], reason: Replanner.Reason, term: LeaderTerm) async throws(ServiceError) -> [Replanner.Result] {
        try await replanner.replan(names, reason: reason, term: term)
    }

    // MARK: The event log

    func lastEventRevision() async throws(ServiceError) -> Int64 { try await log.lastRevision() }

    /// A page of the log after `revision`, decoded for the watch stream.
    func loggedEvents(after revision: Int64) async throws(ServiceError) -> [LoggedEvent] { try await log.events(after: revision) }

    /// Whether `caller` may see `event`: daemon-wide events are public, a plan's follow its owner.
    func mayRead(_ event: LoggedEvent, _ caller: Caller) -> Bool { log.mayRead(event, caller) }

    // MARK: The daemon's

    /// Ends any wait on another process's store lock: the daemon is stopping.
    func stopWaitingForTheStore() { context.store.stopWaiting() }

    /// The `--plans` folder's files that were not stored.
    var skippedFiles: SkippedFiles { context.skippedFiles }

    /// Marks the documents of plans left stale by an earlier release, which kept the mark beside
    /// them and added it on every read; at start-up, before serving. Marking again leaves a
    /// marked document as it is.
    public func markStaleDocuments() async {
        do {
            let unmarked = try await context.read { tx in
                var out: [(String, StoredRecommendations.Stale)] = []
                for plan in try await tx.stalePlans() {
                    guard let stored = try await tx.recommendations(of: plan), let stale = stored.stale,
                        Data(Queries.marked(stored.document, stale: stale)) != stored.document
                    else { continue }
                    out.append((plan, stale))
                }
                return out
            }
            guard !unmarked.isEmpty else { return }
            try await context.write { tx in
                for (plan, stale) in unmarked { try await tx.markAnswerStale(plan, stale) }
            }
        } catch {
            context.logger.error("could not mark the stored stale answers; they are served unmarked", metadata: ["error": "\(error.detail)"])
        }
    }
}

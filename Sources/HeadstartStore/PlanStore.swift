import Foundation
import HeadstartEngine

/// What the plan service needs from durable state: plans and their revisions, recommendations,
/// placements, the event log and a replaced catalog, in transactions. Async and free of any one
/// database's types, so a network database can stand behind it as well as the embedded SQLite.
/// A body uses only the view it is given: it must not start another access of the same store
/// (SQLite runs the body inside its access, and a nested one would wait for it forever).
public protocol PlanStore: Sendable {
    /// Runs `body` in one transaction: all of it is stored, or none of it. Write transactions
    /// run one at a time, and each event's revision is one more than any committed before it.
    func write<T: Sendable>(_ body: @escaping @Sendable (any PlanStoreWriter) async throws -> T) async throws(StoreError) -> T

    /// Runs `body` with a read-only view. Each call of the view reads committed data; a view
    /// need not hold one snapshot across calls.
    func read<T: Sendable>(_ body: @escaping @Sendable (any PlanStoreReader) async throws -> T) async throws(StoreError) -> T

    /// Releases the store; nothing may use it afterwards.
    func close() async throws(StoreError)

    /// The daemon is stopping: from now on nothing waits for a lock another process holds (a
    /// write that would wait fails at once), so a stop is never held by it.
    func stopWaiting()
}

extension PlanStore {
    public func stopWaiting() {}
}

/// The reads of a ``PlanStore``.
public protocol PlanStoreReader: Sendable {
    func plan(named name: String) async throws -> PlanRecord?
    /// Every stored plan, by name.
    func plans() async throws -> [PlanRecord]
    func planCount() async throws -> Int
    /// A revision of `plan`; the latest when `number` is nil.
    func revision(of plan: String, number: Int?) async throws -> PlanRevision?
    func recommendations(of plan: String) async throws -> StoredRecommendations?
    /// One plan's recommendations without their documents: `document` and `explained` are empty.
    func recommendationsWithoutDocuments(of plan: String) async throws -> StoredRecommendations?
    /// Every plan's recommendations without their documents: listings and the scheduler need
    /// the dates, versions and counts, and the documents are large.
    func allRecommendationsWithoutDocuments() async throws -> [StoredRecommendations]
    /// The plans whose stored recommendations are marked stale (usually none).
    func stalePlans() async throws -> [String]
    /// The current placements of a plan's recommendations.
    func placements(of plan: String) async throws -> [Placement]
    /// Events with a revision above `revision`, oldest first, at most `limit`.
    func events(after revision: Int64, limit: Int) async throws -> [StoredEvent]
    /// The oldest event still kept, nil for an empty log.
    func oldestEventRevision() async throws -> Int64?
    /// The newest event's revision, 0 for an empty log.
    func lastEventRevision() async throws -> Int64
    /// The catalog that replaced the built-in one, if any.
    func catalog() async throws -> StoredCatalog?
    /// The version of that catalog, without its YAML: what a write checks against the catalog
    /// it planned with, when daemons share the store.
    func catalogVersion() async throws -> String?
    /// Every kept revision of every plan, deleted plans' too, by plan and number: what a copy
    /// to another store takes.
    func allRevisions() async throws -> [PlanRevision]
    /// The latest listing of each (cloud, region, name), in that order.
    func listings() async throws -> [StoredListing]
    /// Each kept listing's place and day, without its JSON, in the same order.
    func listingDays() async throws -> [StoredListingDay]
    /// Every offer any listing showed, with its first and last day, by capability, cloud, region, processing.
    func sightings() async throws -> [StoredSighting]
}

extension PlanStoreReader {
    /// The latest revision of `plan`.
    public func revision(of plan: String) async throws -> PlanRevision? {
        try await revision(of: plan, number: nil)
    }
}

/// The reads and writes of a ``PlanStore`` transaction.
public protocol PlanStoreWriter: PlanStoreReader {
    /// Inserts or replaces a plan's metadata.
    func savePlan(_ plan: PlanRecord) async throws
    /// Removes a plan with its recommendations and placements; its revisions and events stay.
    /// False if there was none.
    @discardableResult func deletePlan(named name: String) async throws -> Bool
    /// The number the next revision of `plan` gets: revisions keep counting across a delete.
    func nextRevisionNumber(of plan: String) async throws -> Int
    func insertRevision(_ revision: PlanRevision) async throws
    /// Deletes all but the newest `keep` revisions of `plan`.
    func pruneRevisions(of plan: String, keep: Int) async throws
    func saveRecommendations(_ recommendations: StoredRecommendations) async throws
    /// Replaces the placements of a plan.
    func savePlacements(_ placements: [Placement], of plan: String) async throws
    /// Appends an event; its revision is one more than any before it.
    @discardableResult
    func appendEvent(type: String, plan: String?, ownerUID: UInt32?, ownerHost: String?, time: Date, payload: Data) async throws -> StoredEvent
    /// Stores an event read from another store under its own revision, so a copied log keeps
    /// its numbering (and watchers' `since` positions); later appends continue after it.
    func importEvent(_ event: StoredEvent) async throws
    /// Deletes all but the newest `keep` events.
    func pruneEvents(keep: Int) async throws
    func saveCatalog(_ catalog: StoredCatalog) async throws
    /// Keeps `listing` as the latest of its (cloud, region, name) unless the one kept was observed
    /// on a later day; says whether it was kept. An older listing sent again changes nothing here.
    @discardableResult func saveListing(_ listing: StoredListing) async throws -> Bool
    /// Widens each offer's first and last seen days to include the sighting's (a new offer is added).
    func recordSightings(_ sightings: [StoredSighting]) async throws
    /// Throws ``StoreError/Code/notLeader`` when a term later than `term` has begun, so the
    /// transaction writes nothing. Write transactions run one at a time and a new term begins in
    /// one, so the answer holds until this transaction ends. A store of one daemon has one term.
    func requireLeadership(_ term: LeaderTerm) async throws
}

extension PlanStoreWriter {
    /// Appends an event of a store with one host.
    @discardableResult
    public func appendEvent(type: String, plan: String?, ownerUID: UInt32?, time: Date, payload: Data) async throws -> StoredEvent {
        try await appendEvent(type: type, plan: plan, ownerUID: ownerUID, ownerHost: nil, time: time, payload: payload)
    }
}

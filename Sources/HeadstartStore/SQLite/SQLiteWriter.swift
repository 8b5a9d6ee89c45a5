import Foundation
import GRDB
import HeadstartEngine

/// The view of a write transaction: the reads, inside the transaction so they see its own
/// writes, and the writes.
struct SQLiteWriter: SQLiteAccess, PlanStoreWriter {
    let handle: DatabaseHandle

    init(_ handle: DatabaseHandle) {
        self.handle = handle
    }

    func savePlan(_ plan: PlanRecord) async throws {
        try await run { db in try PlanRow(plan).upsert(db) }
    }

    func deletePlan(named name: String) async throws -> Bool {
        // Its recommendations and placements go with it (ON DELETE CASCADE).
        try await run { db in try PlanRow.deleteOne(db, key: name) }
    }

    func nextRevisionNumber(of plan: String) async throws -> Int {
        try await run { db in
            (try Int.fetchOne(db, RevisionRow.select(max(RevisionRow.Columns.revision)).filter(RevisionRow.Columns.plan == plan)) ?? 0) + 1
        }
    }

    func insertRevision(_ revision: PlanRevision) async throws {
        try await run { db in try RevisionRow(revision).insert(db) }
    }

    func pruneRevisions(of plan: String, keep: Int) async throws {
        try await run { db in
            guard let newest = try Int.fetchOne(db, RevisionRow.select(max(RevisionRow.Columns.revision)).filter(RevisionRow.Columns.plan == plan))
            else { return }
            try RevisionRow.filter(RevisionRow.Columns.plan == plan && RevisionRow.Columns.revision <= newest - keep).deleteAll(db)
        }
    }

    func saveRecommendations(_ recommendations: StoredRecommendations) async throws {
        try await run { db in try RecommendationRow(recommendations).save(db) }
    }

    func savePlacements(_ placements: [Placement], of plan: String) async throws {
        try await run { db in
            try PlacementRow.filter(PlacementRow.Columns.plan == plan).deleteAll(db)
            for p in placements { try PlacementRow(plan: plan, p).insert(db) }
        }
    }

    func appendEvent(type: String, plan: String?, ownerUID: UInt32?, ownerHost: String?, time: Date, payload: Data) async throws -> StoredEvent {
        try await run { db in
            var row = EventRow(revision: nil, type: type, plan: plan, ownerUid: ownerUID, ownerHost: ownerHost, time: time, payload: payload)
            try row.insert(db)
            return row.value
        }
    }

    func importEvent(_ e: StoredEvent) async throws {
        try await run { db in
            // AUTOINCREMENT continues after the largest revision ever inserted.
            var row = EventRow(
                revision: e.revision,
                type: e.type,
                plan: e.plan,
                ownerUid: e.ownerUID,
                ownerHost: e.ownerHost,
                time: e.time,
                payload: e.payload
            )
            try row.insert(db)
        }
    }

    func pruneEvents(keep: Int) async throws {
        try await run { db in
            guard let newest = try Int64.fetchOne(db, EventRow.select(max(EventRow.Columns.revision))) else { return }
            try EventRow.filter(EventRow.Columns.revision <= newest - Int64(keep)).deleteAll(db)
        }
    }

    func saveCatalog(_ catalog: StoredCatalog) async throws {
        try await run { db in try CatalogRow(catalog).save(db) }
    }

    /// One daemon holds a SQLite store (its file lock): its one term never ends.
    func requireLeadership(_ term: LeaderTerm) async throws {}
}

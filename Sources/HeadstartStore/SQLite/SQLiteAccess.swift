import Foundation
import GRDB
import HeadstartEngine

/// How a view reaches the database: through the access (a read snapshot or the write
/// transaction) it was lent for.
protocol SQLiteAccess: PlanStoreReader {
    var handle: DatabaseHandle { get }
}

extension SQLiteAccess {
    func run<T: Sendable>(_ work: (Database) throws -> T) async throws -> T {
        try handle.run(work)
    }
}

/// A read-only view: it has no write methods at all.
struct SQLiteReader: SQLiteAccess {
    let handle: DatabaseHandle

    init(_ handle: DatabaseHandle) {
        self.handle = handle
    }
}

// The reads, shared by both views.
extension SQLiteAccess {
    func plan(named name: String) async throws -> PlanRecord? {
        try await run { db in try PlanRow.fetchOne(db, key: name)?.value }
    }

    func plans() async throws -> [PlanRecord] {
        try await run { db in try PlanRow.order(PlanRow.Columns.name).fetchAll(db).map(\.value) }
    }

    func planCount() async throws -> Int {
        try await run { db in try PlanRow.fetchCount(db) }
    }

    func revision(of plan: String, number: Int?) async throws -> PlanRevision? {
        try await run { db in
            let rows = RevisionRow.filter(RevisionRow.Columns.plan == plan)
            if let number { return try rows.filter(RevisionRow.Columns.revision == number).fetchOne(db)?.value }
            return try rows.order(RevisionRow.Columns.revision.desc).fetchOne(db)?.value
        }
    }

    func recommendations(of plan: String) async throws -> StoredRecommendations? {
        try await run { db in try RecommendationRow.fetchOne(db, key: plan)?.value }
    }

    func recommendationsWithoutDocuments(of plan: String) async throws -> StoredRecommendations? {
        try await run { db in
            try RecommendationRow.select(RecommendationRow.metadataColumns).filter(RecommendationRow.Columns.plan == plan).fetchOne(db)?.value
        }
    }

    func allRecommendationsWithoutDocuments() async throws -> [StoredRecommendations] {
        try await run { db in
            try RecommendationRow.select(RecommendationRow.metadataColumns).order(RecommendationRow.Columns.plan).fetchAll(db).map(\.value)
        }
    }

    func stalePlans() async throws -> [String] {
        try await run { db in
            try String.fetchAll(
                db,
                RecommendationRow.select(RecommendationRow.Columns.plan).filter(RecommendationRow.Columns.staleCatalogVersion != nil)
                    .order(RecommendationRow.Columns.plan)
            )
        }
    }

    func placements(of plan: String) async throws -> [Placement] {
        try await run { db in try PlacementRow.filter(PlacementRow.Columns.plan == plan).fetchAll(db).map(\.value) }
    }

    func events(after revision: Int64, limit: Int) async throws -> [StoredEvent] {
        try await run { db in
            try EventRow.filter(EventRow.Columns.revision > revision).order(EventRow.Columns.revision).limit(limit).fetchAll(db).map(\.value)
        }
    }

    func oldestEventRevision() async throws -> Int64? {
        try await run { db in try Int64.fetchOne(db, EventRow.select(min(EventRow.Columns.revision))) }
    }

    func lastEventRevision() async throws -> Int64 {
        try await run { db in try Int64.fetchOne(db, EventRow.select(max(EventRow.Columns.revision))) ?? 0 }
    }

    func catalog() async throws -> StoredCatalog? {
        try await run { db in try CatalogRow.fetchOne(db, key: 1)?.value }
    }

    func catalogVersion() async throws -> String? {
        try await run { db in try String.fetchOne(db, CatalogRow.select(CatalogRow.Columns.version).filter(CatalogRow.Columns.id == 1)) }
    }

    func allRevisions() async throws -> [PlanRevision] {
        try await run { db in try RevisionRow.order(RevisionRow.Columns.plan, RevisionRow.Columns.revision).fetchAll(db).map(\.value) }
    }
}

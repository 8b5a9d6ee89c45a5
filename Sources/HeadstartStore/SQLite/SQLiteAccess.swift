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
        try await run { db in try PlanRow.order(Column("name")).fetchAll(db).map(\.value) }
    }

    func planCount() async throws -> Int {
        try await run { db in try PlanRow.fetchCount(db) }
    }

    func revision(of plan: String, number: Int?) async throws -> PlanRevision? {
        try await run { db in
            let rows = RevisionRow.filter(Column("plan") == plan)
            if let number { return try rows.filter(Column("revision") == number).fetchOne(db)?.value }
            return try rows.order(Column("revision").desc).fetchOne(db)?.value
        }
    }

    func recommendations(of plan: String) async throws -> StoredRecommendations? {
        try await run { db in try RecommendationRow.fetchOne(db, key: plan)?.value }
    }

    func recommendationMetadata(of plan: String) async throws -> StoredRecommendations? {
        try await run { db in
            try RecommendationRow.select(RecommendationRow.metadataColumns).filter(Column("plan") == plan).fetchOne(db)?.value
        }
    }

    func allRecommendationMetadata() async throws -> [StoredRecommendations] {
        try await run { db in
            try RecommendationRow.select(RecommendationRow.metadataColumns).order(Column("plan")).fetchAll(db).map(\.value)
        }
    }

    func stalePlans() async throws -> [String] {
        try await run { db in
            try String.fetchAll(db, RecommendationRow.select(Column("plan")).filter(Column("stale_catalog_version") != nil).order(Column("plan")))
        }
    }

    func placements(of plan: String) async throws -> [Placement] {
        try await run { db in try PlacementRow.filter(Column("plan") == plan).fetchAll(db).map(\.value) }
    }

    func events(after revision: Int64, limit: Int) async throws -> [StoredEvent] {
        try await run { db in
            try EventRow.filter(Column("revision") > revision).order(Column("revision")).limit(limit).fetchAll(db).map(\.value)
        }
    }

    func oldestEventRevision() async throws -> Int64? {
        try await run { db in try Int64.fetchOne(db, EventRow.select(min(Column("revision")))) }
    }

    func lastEventRevision() async throws -> Int64 {
        try await run { db in try Int64.fetchOne(db, EventRow.select(max(Column("revision")))) ?? 0 }
    }

    func catalog() async throws -> StoredCatalog? {
        try await run { db in try CatalogRow.fetchOne(db, key: 1)?.value }
    }

    func catalogVersion() async throws -> String? {
        try await run { db in try String.fetchOne(db, CatalogRow.select(Column("version")).filter(Column("id") == 1)) }
    }

    func allRevisions() async throws -> [PlanRevision] {
        try await run { db in try RevisionRow.order(Column("plan"), Column("revision")).fetchAll(db).map(\.value) }
    }
}

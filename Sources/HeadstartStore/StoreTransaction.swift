import Foundation
import GRDB

/// Typed access to the tables inside one ``Store`` transaction.
public struct StoreTransaction {
    let db: Database

    // MARK: Plans

    public func plan(named name: String) throws -> PlanRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM plan WHERE name = ?", arguments: [name]).map(Self.planRecord)
    }

    /// Every stored plan, by name.
    public func plans() throws -> [PlanRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM plan ORDER BY name").map(Self.planRecord)
    }

    public func savePlan(_ plan: PlanRecord) throws {
        try db.execute(sql: """
            INSERT INTO plan (name, owner, owner_uid, revision, schedule, time_zone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, revision = excluded.revision, schedule = excluded.schedule,
                time_zone = excluded.time_zone, updated_at = excluded.updated_at
            """, arguments: [plan.name, plan.owner, plan.ownerUID.map { Int64($0) }, plan.revision, plan.schedule, plan.timeZone,
                             plan.createdAt, plan.updatedAt])
    }

    /// Removes a plan and its recommendations; its revisions and events stay. False if there was none.
    @discardableResult
    public func deletePlan(named name: String) throws -> Bool {
        try db.execute(sql: "DELETE FROM recommendation WHERE plan = ?", arguments: [name])
        try db.execute(sql: "DELETE FROM placement WHERE plan = ?", arguments: [name])
        try db.execute(sql: "DELETE FROM plan WHERE name = ?", arguments: [name])
        return db.changesCount > 0
    }

    // MARK: Revisions

    /// The number the next revision of `plan` gets: revisions keep counting across a delete.
    public func nextRevisionNumber(of plan: String) throws -> Int {
        (try Int.fetchOne(db, sql: "SELECT MAX(revision) FROM plan_revision WHERE plan = ?", arguments: [plan]) ?? 0) + 1
    }

    public func insertRevision(_ revision: PlanRevision) throws {
        try db.execute(sql: "INSERT INTO plan_revision (plan, revision, yaml, submitter_uid, submitted_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [revision.plan, revision.revision, revision.yaml, revision.submitterUID.map { Int64($0) }, revision.submittedAt])
    }

    /// A revision of `plan`; the latest when `number` is nil.
    public func revision(of plan: String, number: Int? = nil) throws -> PlanRevision? {
        let row: Row?
        if let number {
            row = try Row.fetchOne(db, sql: "SELECT * FROM plan_revision WHERE plan = ? AND revision = ?", arguments: [plan, number])
        } else {
            row = try Row.fetchOne(db, sql: "SELECT * FROM plan_revision WHERE plan = ? ORDER BY revision DESC LIMIT 1", arguments: [plan])
        }
        return row.map { row in
            PlanRevision(plan: row["plan"], revision: row["revision"], yaml: row["yaml"],
                         submitterUID: (row["submitter_uid"] as Int64?).map { UInt32(truncatingIfNeeded: $0) }, submittedAt: row["submitted_at"])
        }
    }

    // MARK: Recommendations

    public func recommendations(of plan: String) throws -> StoredRecommendations? {
        try Row.fetchOne(db, sql: "SELECT * FROM recommendation WHERE plan = ?", arguments: [plan]).map(Self.recommendations)
    }

    /// One plan's recommendations without their documents (left empty).
    public func recommendationMetadata(of plan: String) throws -> StoredRecommendations? {
        try Row.fetchOne(db, sql: """
            SELECT plan, X'' AS document, X'' AS explained, as_of, catalog_version, next_replan_at, summary, computed_at,
                   stale_catalog_version, stale_errors, retiring
            FROM recommendation WHERE plan = ?
            """, arguments: [plan]).map(Self.recommendations)
    }

    /// Every plan's recommendations without their documents (left empty): listings and the
    /// scheduler need the dates, versions and counts, and the documents are large.
    public func allRecommendationMetadata() throws -> [StoredRecommendations] {
        try Row.fetchAll(db, sql: """
            SELECT plan, X'' AS document, X'' AS explained, as_of, catalog_version, next_replan_at, summary, computed_at,
                   stale_catalog_version, stale_errors, retiring
            FROM recommendation ORDER BY plan
            """).map(Self.recommendations)
    }

    public func saveRecommendations(_ r: StoredRecommendations) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO recommendation (plan, document, explained, as_of, catalog_version, next_replan_at, summary, computed_at,
                                                   stale_catalog_version, stale_errors, retiring)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [r.plan, r.document, r.explained, r.asOf, r.catalogVersion, r.nextReplanAt, try JSONEncoder().encode(r.summary), r.computedAt,
                             r.stale?.catalogVersion, try r.stale.map { try JSONEncoder().encode($0.errors) },
                             r.retiring.isEmpty ? nil : try JSONEncoder().encode(r.retiring)])
    }

    /// The plans whose stored recommendations are marked stale (usually none).
    public func stalePlans() throws -> [String] {
        try String.fetchAll(db, sql: "SELECT plan FROM recommendation WHERE stale_catalog_version IS NOT NULL ORDER BY plan")
    }

    /// Marks a plan's stored recommendations stale (or current again with nil). False if it has none.
    @discardableResult
    public func markStale(_ plan: String, _ stale: StoredRecommendations.Stale?) throws -> Bool {
        try db.execute(sql: "UPDATE recommendation SET stale_catalog_version = ?, stale_errors = ? WHERE plan = ?",
                       arguments: [stale?.catalogVersion, try stale.map { try JSONEncoder().encode($0.errors) }, plan])
        return db.changesCount > 0
    }

    /// How many plans are stored.
    public func planCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM plan") ?? 0
    }

    /// Deletes all but the newest `keep` revisions of `plan`.
    public func pruneRevisions(of plan: String, keep: Int) throws {
        try db.execute(sql: """
            DELETE FROM plan_revision WHERE plan = ? AND revision <= (SELECT MAX(revision) FROM plan_revision WHERE plan = ?) - ?
            """, arguments: [plan, plan, keep])
    }

    // MARK: Placements

    /// The current placements of a plan's recommendations.
    public func placements(of plan: String) throws -> [StoredPlacement] {
        try Row.fetchAll(db, sql: "SELECT * FROM placement WHERE plan = ?", arguments: [plan]).map { row in
            StoredPlacement(workload: row["workload"], capability: row["capability"], cloud: row["cloud"], region: row["region"], since: row["since"])
        }
    }

    /// Replaces the placements of a plan.
    public func savePlacements(_ placements: [StoredPlacement], of plan: String) throws {
        try db.execute(sql: "DELETE FROM placement WHERE plan = ?", arguments: [plan])
        for p in placements {
            try db.execute(sql: "INSERT INTO placement (plan, workload, capability, cloud, region, since) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [plan, p.workload, p.capability, p.cloud, p.region, p.since])
        }
    }

    // MARK: Events

    /// Appends an event; its revision is one more than any before it.
    @discardableResult
    public func appendEvent(type: String, plan: String?, ownerUID: UInt32? = nil, time: Date, payload: Data) throws -> StoredEvent {
        try db.execute(sql: "INSERT INTO event (type, plan, owner_uid, time, payload) VALUES (?, ?, ?, ?, ?)",
                       arguments: [type, plan, ownerUID.map { Int64($0) }, time, payload])
        return StoredEvent(revision: db.lastInsertedRowID, type: type, plan: plan, ownerUID: ownerUID, time: time, payload: payload)
    }

    /// Events with a revision above `revision`, oldest first, at most `limit`.
    public func events(after revision: Int64, limit: Int) throws -> [StoredEvent] {
        try Row.fetchAll(db, sql: "SELECT * FROM event WHERE revision > ? ORDER BY revision LIMIT ?", arguments: [revision, limit]).map { row in
            StoredEvent(revision: row["revision"], type: row["type"], plan: row["plan"],
                        ownerUID: (row["owner_uid"] as Int64?).map { UInt32(truncatingIfNeeded: $0) }, time: row["time"], payload: row["payload"])
        }
    }

    /// Deletes all but the newest `keep` events.
    public func pruneEvents(keep: Int) throws {
        try db.execute(sql: "DELETE FROM event WHERE revision <= (SELECT MAX(revision) FROM event) - ?", arguments: [keep])
    }

    /// The oldest event still kept, nil for an empty log.
    public func oldestEventRevision() throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT MIN(revision) FROM event")
    }

    /// The newest event's revision, 0 for an empty log.
    public func lastEventRevision() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT MAX(revision) FROM event") ?? 0
    }

    // MARK: Catalog

    public func catalog() throws -> StoredCatalog? {
        try Row.fetchOne(db, sql: "SELECT * FROM catalog WHERE id = 1").map { row in
            StoredCatalog(yaml: row["yaml"], version: row["version"], replacedAt: row["replaced_at"],
                          replacedByUID: (row["replaced_by_uid"] as Int64?).map { UInt32(truncatingIfNeeded: $0) })
        }
    }

    public func saveCatalog(_ c: StoredCatalog) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO catalog (id, yaml, version, replaced_at, replaced_by_uid) VALUES (1, ?, ?, ?, ?)",
                       arguments: [c.yaml, c.version, c.replacedAt, c.replacedByUID.map { Int64($0) }])
    }

    // MARK: Rows

    static func planRecord(_ row: Row) -> PlanRecord {
        PlanRecord(name: row["name"], owner: row["owner"], ownerUID: (row["owner_uid"] as Int64?).map { UInt32(truncatingIfNeeded: $0) },
                   revision: row["revision"], schedule: row["schedule"], timeZone: row["time_zone"],
                   createdAt: row["created_at"], updatedAt: row["updated_at"])
    }

    static func recommendations(_ row: Row) -> StoredRecommendations {
        var stale: StoredRecommendations.Stale?
        if let version: String = row["stale_catalog_version"] {
            let errors = (row["stale_errors"] as Data?).flatMap { try? JSONDecoder().decode([String].self, from: $0) } ?? []
            stale = .init(catalogVersion: version, errors: errors)
        }
        let retiring = (row["retiring"] as Data?).flatMap { try? JSONDecoder().decode([String].self, from: $0) } ?? []
        return StoredRecommendations(plan: row["plan"], document: row["document"], explained: row["explained"], asOf: row["as_of"],
                                     catalogVersion: row["catalog_version"], nextReplanAt: row["next_replan_at"],
                                     summary: (row["summary"] as Data?).flatMap { try? JSONDecoder().decode([String: Int].self, from: $0) } ?? [:],
                                     computedAt: row["computed_at"], stale: stale, retiring: retiring)
    }
}

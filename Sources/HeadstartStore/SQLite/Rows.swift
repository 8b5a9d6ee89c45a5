import Foundation
import GRDB
import HeadstartEngine

// The tables as GRDB records: columns are the properties in snake_case.

/// A row of `plan`.
struct PlanRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "plan"
    /// The columns queries name, typed.
    enum Columns: String, ColumnExpression {
        case name
    }
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var name: String
    var owner: String?
    var ownerUid: UInt32?
    var ownerHost: String?
    var revision: Int
    var schedule: String?
    var timeZone: String?
    var createdAt: Date
    var updatedAt: Date

    init(_ p: PlanRecord) {
        (name, owner, ownerUid, ownerHost, revision, schedule, timeZone, createdAt, updatedAt) =
            (p.name, p.owner, p.ownerUID, p.ownerHost, p.revision, p.schedule, p.timeZone, p.createdAt, p.updatedAt)
    }

    var value: PlanRecord {
        PlanRecord(
            name: name,
            owner: owner,
            ownerUID: ownerUid,
            ownerHost: ownerHost,
            revision: revision,
            schedule: schedule,
            timeZone: timeZone,
            createdAt: createdAt,
            updatedAt: updatedAt
        )
    }
}

/// A row of `plan_revision`.
struct RevisionRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "plan_revision"
    /// The columns queries name, typed.
    enum Columns: String, ColumnExpression {
        case plan, revision
    }
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var plan: String
    var revision: Int
    var yaml: Data
    var submitterUid: UInt32?
    var submittedAt: Date

    init(_ r: PlanRevision) {
        (plan, revision, yaml, submitterUid, submittedAt) = (r.plan, r.revision, r.yaml, r.submitterUID, r.submittedAt)
    }

    var value: PlanRevision {
        PlanRevision(plan: plan, revision: revision, yaml: yaml, submitterUID: submitterUid, submittedAt: submittedAt)
    }
}

/// A row of `recommendation`; the summary, stale errors and retirement days are JSON columns.
struct RecommendationRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "recommendation"
    /// The columns queries name, typed.
    enum Columns: String, ColumnExpression {
        case plan
        case asOf = "as_of"
        case catalogVersion = "catalog_version"
        case nextReplanAt = "next_replan_at"
        case summary
        case computedAt = "computed_at"
        case staleCatalogVersion = "stale_catalog_version"
        case staleErrors = "stale_errors"
        case retiring
        case nextReplanReason = "next_replan_reason"
        case unplaced
    }
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var plan: String
    var document: Data
    var explained: Data
    var asOf: Day
    var catalogVersion: String
    var nextReplanAt: Day?
    var summary: [String: Int]
    var computedAt: Date
    var staleCatalogVersion: String?
    var staleErrors: [String]?
    var retiring: [Day]?
    var nextReplanReason: String?
    var unplaced: [Unplaced]?

    init(_ r: StoredRecommendations) {
        (plan, document, explained, asOf, catalogVersion, nextReplanAt, summary, computedAt) =
            (r.plan, r.document, r.explained, r.asOf, r.catalogVersion, r.nextReplanAt, r.summary, r.computedAt)
        staleCatalogVersion = r.stale?.catalogVersion
        staleErrors = r.stale?.errors
        retiring = r.retiring.isEmpty ? nil : r.retiring
        nextReplanReason = r.nextReplanReason?.rawValue
        unplaced = r.unplaced
    }

    var value: StoredRecommendations {
        StoredRecommendations(
            plan: plan,
            document: document,
            explained: explained,
            asOf: asOf,
            catalogVersion: catalogVersion,
            nextReplanAt: nextReplanAt,
            summary: summary,
            computedAt: computedAt,
            stale: staleCatalogVersion.map { .init(catalogVersion: $0, errors: staleErrors ?? []) },
            retiring: retiring ?? [],
            nextReplanReason: nextReplanReason.flatMap(ReplanReason.init(rawValue:)),
            unplaced: unplaced
        )
    }

    /// Every column but the two documents, which metadata reads leave empty.
    static var metadataColumns: [any SQLSelectable] {
        [
            Columns.plan, SQL("X''").forKey("document"), SQL("X''").forKey("explained"), Columns.asOf, Columns.catalogVersion,
            Columns.nextReplanAt, Columns.summary, Columns.computedAt, Columns.staleCatalogVersion, Columns.staleErrors, Columns.retiring,
            Columns.nextReplanReason, Columns.unplaced,
        ]
    }
}

/// A row of `placement`; what runs there is null in rows stored before the store kept it.
struct PlacementRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "placement"
    /// The columns queries name, typed.
    enum Columns: String, ColumnExpression {
        case plan
    }
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var plan: String
    var workload: String
    var capability: String
    var cloud: String
    var region: String
    var since: Day
    var served: String?
    var model: String?
    var modelVersion: String?
    var processing: Processing?
    var until: Day?
    var flags: PhaseFlags?

    init(plan: String, _ p: Placement) {
        (self.plan, workload, capability, cloud, region, since) = (plan, p.workload, p.capability, p.cloud, p.region, p.since)
        (served, model, modelVersion, processing, until) = (p.run?.served, p.run?.model, p.run?.modelVersion, p.run?.processing, p.run?.until)
        flags = p.run.map { PhaseFlags($0.flags) }
    }

    var value: Placement {
        var run: Placement.Run?
        if let served, let model, let processing {
            run = Placement.Run(
                served: served,
                model: model,
                modelVersion: modelVersion,
                processing: processing,
                until: until,
                flags: flags?.flags ?? []
            )
        }
        return Placement(workload: workload, capability: capability, cloud: cloud, region: region, since: since, run: run)
    }
}

/// A row of `event`; the revision is SQLite's row id, assigned on insert.
struct EventRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "event"
    /// The columns queries name, typed.
    enum Columns: String, ColumnExpression {
        case revision
    }
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var revision: Int64?
    var type: String
    var plan: String?
    var ownerUid: UInt32?
    var ownerHost: String?
    var time: Date
    var payload: Data

    mutating func didInsert(_ inserted: InsertionSuccess) {
        revision = inserted.rowID
    }

    var value: StoredEvent {
        StoredEvent(revision: revision ?? 0, type: type, plan: plan, ownerUID: ownerUid, ownerHost: ownerHost, time: time, payload: payload)
    }
}

/// The one row of `catalog`.
struct CatalogRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "catalog"
    /// The columns queries name, typed.
    enum Columns: String, ColumnExpression {
        case id, version
    }
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id = 1
    var yaml: Data
    var version: String
    var replacedAt: Date
    var replacedByUid: UInt32?

    init(_ c: StoredCatalog) {
        (yaml, version, replacedAt, replacedByUid) = (c.yaml, c.version, c.replacedAt, c.replacedByUID)
    }

    var value: StoredCatalog {
        StoredCatalog(yaml: yaml, version: version, replacedAt: replacedAt, replacedByUID: replacedByUid)
    }
}

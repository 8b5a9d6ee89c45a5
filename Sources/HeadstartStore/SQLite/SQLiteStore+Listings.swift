import Foundation
import GRDB
import HeadstartEngine

/// A row of `listing`: the latest listing of one (cloud, region, name).
struct ListingRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "listing"

    var cloud: String
    var region: String
    var name: String
    var kind: String
    var observedOn: Day
    var json: Data
    var observations: Int
    var submittedAt: Date
    var submitterUid: UInt32?

    enum CodingKeys: String, CodingKey {
        case cloud, region, name, kind
        case observedOn = "observed_on"
        case json, observations
        case submittedAt = "submitted_at"
        case submitterUid = "submitter_uid"
    }

    enum Columns {
        static let cloud = Column(CodingKeys.cloud)
        static let region = Column(CodingKeys.region)
        static let name = Column(CodingKeys.name)
        static let observedOn = Column(CodingKeys.observedOn)
    }

    init(_ l: StoredListing) {
        (cloud, region, name, kind, observedOn, json) = (l.cloud, l.region, l.name, l.kind, l.observedOn, l.json)
        (observations, submittedAt, submitterUid) = (l.observations, l.submittedAt, l.submitterUID)
    }

    var value: StoredListing {
        StoredListing(
            cloud: cloud,
            region: region,
            name: name,
            kind: kind,
            observedOn: observedOn,
            json: json,
            observations: observations,
            submittedAt: submittedAt,
            submitterUID: submitterUid
        )
    }
}

/// A row of `sighting`: when listings first and last showed one offer.
struct SightingRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "sighting"

    var capability: String
    var cloud: String
    var region: String
    var processing: String
    var firstSeen: Day
    var lastSeen: Day
    var deprecatedSeen: Day?

    enum CodingKeys: String, CodingKey {
        case capability, cloud, region, processing
        case firstSeen = "first_seen"
        case lastSeen = "last_seen"
        case deprecatedSeen = "deprecated_seen"
    }

    enum Columns {
        static let capability = Column(CodingKeys.capability)
        static let cloud = Column(CodingKeys.cloud)
        static let region = Column(CodingKeys.region)
        static let processing = Column(CodingKeys.processing)
    }

    init(_ s: StoredSighting) {
        (capability, cloud, region, processing, firstSeen, lastSeen) = (s.capability, s.cloud, s.region, s.processing, s.firstSeen, s.lastSeen)
        deprecatedSeen = s.deprecatedSeen
    }

    var value: StoredSighting {
        StoredSighting(
            capability: capability,
            cloud: cloud,
            region: region,
            processing: processing,
            firstSeen: firstSeen,
            lastSeen: lastSeen,
            deprecatedSeen: deprecatedSeen
        )
    }
}

extension SQLiteAccess {
    func listings() async throws -> [StoredListing] {
        try await run { db in
            try ListingRow.order(ListingRow.Columns.cloud, ListingRow.Columns.region, ListingRow.Columns.name).fetchAll(db).map(\.value)
        }
    }

    func listingDays() async throws -> [StoredListingDay] {
        try await run { db in
            try Row.fetchAll(
                db,
                ListingRow.select(
                    ListingRow.Columns.cloud,
                    ListingRow.Columns.region,
                    ListingRow.Columns.name,
                    ListingRow.Columns.observedOn
                )
                .order(ListingRow.Columns.cloud, ListingRow.Columns.region, ListingRow.Columns.name)
            )
            .map { row in
                StoredListingDay(
                    cloud: try row.decode(atIndex: 0),
                    region: try row.decode(atIndex: 1),
                    name: try row.decode(atIndex: 2),
                    observedOn: try row.decode(atIndex: 3)
                )
            }
        }
    }

    func sightings() async throws -> [StoredSighting] {
        try await run { db in
            try SightingRow.order(
                SightingRow.Columns.capability,
                SightingRow.Columns.cloud,
                SightingRow.Columns.region,
                SightingRow.Columns.processing
            ).fetchAll(db).map(\.value)
        }
    }
}

extension SQLiteWriter {
    func saveListing(_ listing: StoredListing) async throws -> Bool {
        try await run { db in
            let kept = try ListingRow.fetchOne(db, key: ["cloud": listing.cloud, "region": listing.region, "name": listing.name])
            if let kept, kept.observedOn > listing.observedOn { return false }
            try ListingRow(listing).save(db)
            return true
        }
    }

    func recordSightings(_ sightings: [StoredSighting]) async throws {
        try await run { db in
            for s in sightings {
                // SQLite's two-argument min() is null when either is: the earlier of those given.
                try db.execute(
                    sql: """
                        INSERT INTO sighting (capability, cloud, region, processing, first_seen, last_seen, deprecated_seen)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (capability, cloud, region, processing) DO UPDATE SET
                            first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen),
                            deprecated_seen = coalesce(min(deprecated_seen, excluded.deprecated_seen), deprecated_seen, excluded.deprecated_seen)
                        """,
                    arguments: [s.capability, s.cloud, s.region, s.processing, s.firstSeen, s.lastSeen, s.deprecatedSeen]
                )
            }
        }
    }
}

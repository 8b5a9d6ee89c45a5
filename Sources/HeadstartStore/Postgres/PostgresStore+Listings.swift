import Foundation
import HeadstartEngine
import PostgresNIO

extension PostgresAccess {
    func listings() async throws -> [StoredListing] {
        var out: [StoredListing] = []
        for try await (cloud, region, name, kind, day, json, n, at, uid) in try await rows(
            """
            SELECT cloud, region, name, kind, observed_on, json, observations, submitted_at, submitter_uid
            FROM listing ORDER BY cloud, region, name
            """
        ).decode((String, String, String, String, String, Data, Int, Date, Int64?).self) {
            out.append(
                StoredListing(
                    cloud: cloud,
                    region: region,
                    name: name,
                    kind: kind,
                    observedOn: try Day(stored: day, column: "listing.observed_on"),
                    json: json,
                    observations: n,
                    submittedAt: at,
                    submitterUID: uid.flatMap(UInt32.init(exactly:))
                )
            )
        }
        return out
    }

    func listingDays() async throws -> [StoredListingDay] {
        var out: [StoredListingDay] = []
        let query: PostgresQuery = "SELECT cloud, region, name, observed_on FROM listing ORDER BY cloud, region, name"
        for try await (cloud, region, name, day) in try await rows(query).decode((String, String, String, String).self) {
            out.append(StoredListingDay(cloud: cloud, region: region, name: name, observedOn: try Day(stored: day, column: "listing.observed_on")))
        }
        return out
    }

    func sightings() async throws -> [StoredSighting] {
        var out: [StoredSighting] = []
        for try await (capability, cloud, region, processing, first, last, deprecated) in try await rows(
            """
            SELECT capability, cloud, region, processing, first_seen, last_seen, deprecated_seen FROM sighting
            ORDER BY capability, cloud, region, processing
            """
        ).decode((String, String, String, String, String, String, String?).self) {
            out.append(
                StoredSighting(
                    capability: capability,
                    cloud: cloud,
                    region: region,
                    processing: processing,
                    firstSeen: try Day(stored: first, column: "sighting.first_seen"),
                    lastSeen: try Day(stored: last, column: "sighting.last_seen"),
                    deprecatedSeen: try deprecated.map { try Day(stored: $0, column: "sighting.deprecated_seen") }
                )
            )
        }
        return out
    }
}

extension PostgresWriter {
    func saveListing(_ l: StoredListing) async throws -> Bool {
        // Days are `YYYY-MM-DD`, so their text order is their order; an older listing leaves the kept one.
        for try await _ in try await rows(
            """
            INSERT INTO listing (cloud, region, name, kind, observed_on, json, observations, submitted_at, submitter_uid)
            VALUES (\(l.cloud), \(l.region), \(l.name), \(l.kind), \(l.observedOn.description), \(l.json), \(l.observations), \(l.submittedAt),
                    \(l.submitterUID.map(Int64.init)))
            ON CONFLICT (cloud, region, name) DO UPDATE SET kind = excluded.kind, observed_on = excluded.observed_on,
                json = excluded.json, observations = excluded.observations, submitted_at = excluded.submitted_at,
                submitter_uid = excluded.submitter_uid
            WHERE listing.observed_on <= excluded.observed_on
            RETURNING cloud
            """
        ).decode(String.self) { return true }
        return false
    }

    func recordSightings(_ sightings: [StoredSighting]) async throws {
        for s in sightings {
            try await rows(
                """
                INSERT INTO sighting (capability, cloud, region, processing, first_seen, last_seen, deprecated_seen)
                VALUES (\(s.capability), \(s.cloud), \(s.region), \(s.processing), \(s.firstSeen.description), \(s.lastSeen.description),
                        \(s.deprecatedSeen?.description))
                ON CONFLICT (capability, cloud, region, processing) DO UPDATE SET
                    first_seen = least(sighting.first_seen, excluded.first_seen), last_seen = greatest(sighting.last_seen, excluded.last_seen),
                    deprecated_seen = least(sighting.deprecated_seen, excluded.deprecated_seen)
                """
            )
        }
    }
}

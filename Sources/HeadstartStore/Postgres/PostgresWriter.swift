import Foundation
import HeadstartEngine
import Logging
import PostgresNIO

/// The view of a write transaction on PostgreSQL.
struct PostgresWriter: PostgresAccess, PlanStoreWriter {
    let connection: PostgresConnection
    let logger: Logger

    func savePlan(_ p: PlanRecord) async throws {
        try await rows(
            """
            INSERT INTO plan (name, owner, owner_uid, owner_host, revision, schedule, time_zone, created_at, updated_at)
            VALUES (\(p.name), \(p.owner), \(p.ownerUID.map(Int64.init)), \(p.ownerHost), \(p.revision), \(p.schedule), \(p.timeZone),
                    \(p.createdAt), \(p.updatedAt))
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, owner_uid = excluded.owner_uid, owner_host = excluded.owner_host,
                revision = excluded.revision,
                schedule = excluded.schedule, time_zone = excluded.time_zone, created_at = excluded.created_at, updated_at = excluded.updated_at
            """
        )
    }

    func deletePlan(named name: String) async throws -> Bool {
        // Its recommendations and placements go with it (ON DELETE CASCADE).
        for try await _ in try await rows("DELETE FROM plan WHERE name = \(name) RETURNING name").decode(String.self) { return true }
        return false
    }

    func nextRevisionNumber(of plan: String) async throws -> Int {
        for try await n in try await rows("SELECT coalesce(max(revision), 0) + 1 FROM plan_revision WHERE plan = \(plan)").decode(Int.self) {
            return n
        }
        return 1
    }

    func insertRevision(_ r: PlanRevision) async throws {
        try await rows(
            """
            INSERT INTO plan_revision (plan, revision, yaml, submitter_uid, submitted_at)
            VALUES (\(r.plan), \(r.revision), \(r.yaml), \(r.submitterUID.map(Int64.init)), \(r.submittedAt))
            """
        )
    }

    func pruneRevisions(of plan: String, keep: Int) async throws {
        try await rows(
            """
            DELETE FROM plan_revision WHERE plan = \(plan) AND revision <= (SELECT max(revision) FROM plan_revision WHERE plan = \(plan)) - \(keep)
            """
        )
    }

    func saveRecommendations(_ r: StoredRecommendations) async throws {
        let summary = String(decoding: try JSONEncoder().encode(r.summary), as: UTF8.self)
        let unplaced = try r.unplaced.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try await rows(
            """
            INSERT INTO recommendation (plan, document, explained, as_of, catalog_version, next_replan_at, summary, computed_at,
                                        stale_catalog_version, stale_errors, retiring, next_replan_reason, unplaced)
            VALUES (\(r.plan), \(r.document), \(r.explained), \(r.asOf.description), \(r.catalogVersion), \(r.nextReplanAt?.description), \(summary), \(r.computedAt),
                    \(r.stale?.catalogVersion), \(r.stale?.errors), \(r.retiring.map(\.description)), \(r.nextReplanReason?.rawValue), \(unplaced))
            ON CONFLICT (plan) DO UPDATE SET document = excluded.document, explained = excluded.explained, as_of = excluded.as_of,
                catalog_version = excluded.catalog_version, next_replan_at = excluded.next_replan_at, summary = excluded.summary,
                computed_at = excluded.computed_at, stale_catalog_version = excluded.stale_catalog_version,
                stale_errors = excluded.stale_errors, retiring = excluded.retiring,
                next_replan_reason = excluded.next_replan_reason, unplaced = excluded.unplaced
            """
        )
    }

    func savePlacements(_ placements: [Placement], of plan: String) async throws {
        try await rows("DELETE FROM placement WHERE plan = \(plan)")
        guard !placements.isEmpty else { return }
        // Arrays hold no nulls here: what a placement lacks travels as '' and is stored as null.
        let runs = placements.map(\.run)
        try await rows(
            """
            INSERT INTO placement (plan, workload, capability, cloud, region, since, served, model, model_version, processing, until, flags)
            SELECT \(plan), w, c, cl, r, s, NULLIF(sv, ''), NULLIF(m, ''), NULLIF(mv, ''), NULLIF(p, ''), NULLIF(u, ''), NULLIF(f, '-')
            FROM unnest(\(placements.map(\.workload)), \(placements.map(\.capability)), \(placements.map(\.cloud)),
                        \(placements.map(\.region)), \(placements.map(\.since.description)), \(runs.map { $0?.served ?? "" }),
                        \(runs.map { $0?.model ?? "" }), \(runs.map { $0?.modelVersion ?? "" }), \(runs.map { $0?.processing.rawValue ?? "" }),
                        \(runs.map { $0?.until?.description ?? "" }), \(runs.map { $0.map { PhaseFlags($0.flags).text } ?? "-" }))
                AS t(w, c, cl, r, s, sv, m, mv, p, u, f)
            """
        )
    }

    func appendEvent(type: String, plan: String?, ownerUID: UInt32?, ownerHost: String?, time: Date, payload: Data) async throws -> StoredEvent {
        // The counter row is locked until commit: appends are serialised, so revisions become
        // visible in order and without gaps. The notification is delivered at commit, to every
        // daemon listening; it carries only the revision, the table is the truth.
        // One round trip: bump the counter, insert, notify.
        var revision: Int64 = 0
        for try await (n, _) in try await rows(
            """
            WITH counter AS (UPDATE event_counter SET last = last + 1 WHERE id = 1 RETURNING last)
            INSERT INTO event (revision, type, plan, owner_uid, owner_host, time, payload)
            SELECT last, \(type), \(plan), \(ownerUID.map(Int64.init)), \(ownerHost), \(time), \(payload) FROM counter
            RETURNING revision, pg_notify(\(PostgresStore.eventChannel), revision::text)::text
            """
        ).decode((Int64, String).self) { revision = n }
        guard revision > 0 else { throw StoreError(.failed, "the event counter is missing") }
        return StoredEvent(revision: revision, type: type, plan: plan, ownerUID: ownerUID, ownerHost: ownerHost, time: time, payload: payload)
    }

    func importEvent(_ e: StoredEvent) async throws {
        try await rows(
            """
            INSERT INTO event (revision, type, plan, owner_uid, owner_host, time, payload)
            VALUES (\(e.revision), \(e.type), \(e.plan), \(e.ownerUID.map(Int64.init)), \(e.ownerHost), \(e.time), \(e.payload))
            """
        )
        try await rows("UPDATE event_counter SET last = greatest(last, \(e.revision)) WHERE id = 1")
    }

    func pruneEvents(keep: Int) async throws {
        try await rows("DELETE FROM event WHERE revision <= (SELECT last FROM event_counter WHERE id = 1) - \(Int64(keep))")
    }

    func requireLeadership(_ term: LeaderTerm) async throws {
        // The term row changes only in a write transaction, and this one holds the write lock.
        var current: Int64?
        for try await epoch in try await rows("SELECT epoch FROM leader_term WHERE id = 1").decode(Int64.self) { current = epoch }
        guard current == term.epoch else {
            throw StoreError(
                .notLeader,
                "this daemon no longer leads (its \(term), the store's term \(current.map(String.init) ?? "none")): nothing was written"
            )
        }
    }

    func saveCatalog(_ c: StoredCatalog) async throws {
        try await rows(
            """
            INSERT INTO catalog (id, yaml, version, replaced_at, replaced_by_uid)
            VALUES (1, \(c.yaml), \(c.version), \(c.replacedAt), \(c.replacedByUID.map(Int64.init)))
            ON CONFLICT (id) DO UPDATE SET yaml = excluded.yaml, version = excluded.version, replaced_at = excluded.replaced_at,
                replaced_by_uid = excluded.replaced_by_uid
            """
        )
    }
}

import Foundation
import HeadstartEngine
import Logging
import PostgresNIO

/// How a view reaches PostgreSQL: the leased connection (inside the transaction, for a writer).
protocol PostgresAccess: PlanStoreReader {
    var connection: PostgresConnection { get }
    var logger: Logger { get }
}

/// A read-only view: it has no write methods at all.
struct PostgresReader: PostgresAccess {
    let connection: PostgresConnection
    let logger: Logger
}

extension PostgresAccess {
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await connection.query(query, logger: logger)
    }

    func planRecords(_ query: PostgresQuery) async throws -> [PlanRecord] {
        var out: [PlanRecord] = []
        for try await (name, owner, uid, host, revision, schedule, zone, created, updated) in try await rows(query)
            .decode((String, String?, Int64?, String?, Int, String?, String?, Date, Date).self)
        {
            out.append(
                PlanRecord(
                    name: name,
                    owner: owner,
                    ownerUID: uid.flatMap(UInt32.init(exactly:)),
                    ownerHost: host,
                    revision: revision,
                    schedule: schedule,
                    timeZone: zone,
                    createdAt: created,
                    updatedAt: updated
                )
            )
        }
        return out
    }

    func plan(named name: String) async throws -> PlanRecord? {
        try await planRecords(
            "SELECT name, owner, owner_uid, owner_host, revision, schedule, time_zone, created_at, updated_at FROM plan WHERE name = \(name)"
        ).first
    }

    func plans() async throws -> [PlanRecord] {
        try await planRecords(
            "SELECT name, owner, owner_uid, owner_host, revision, schedule, time_zone, created_at, updated_at FROM plan ORDER BY name"
        )
    }

    func planCount() async throws -> Int {
        for try await n in try await rows("SELECT count(*) FROM plan").decode(Int.self) { return n }
        return 0
    }

    func revision(of plan: String, number: Int?) async throws -> PlanRevision? {
        let query: PostgresQuery =
            number.map {
                "SELECT plan, revision, yaml, submitter_uid, submitted_at FROM plan_revision WHERE plan = \(plan) AND revision = \($0)"
            } ?? "SELECT plan, revision, yaml, submitter_uid, submitted_at FROM plan_revision WHERE plan = \(plan) ORDER BY revision DESC LIMIT 1"
        for try await (plan, revision, yaml, uid, at) in try await rows(query).decode((String, Int, Data, Int64?, Date).self) {
            return PlanRevision(plan: plan, revision: revision, yaml: yaml, submitterUID: uid.flatMap(UInt32.init(exactly:)), submittedAt: at)
        }
        return nil
    }

    func recommendationRows(_ query: PostgresQuery) async throws -> [StoredRecommendations] {
        var out: [StoredRecommendations] = []
        for try await (plan, document, explained, asOf, version, next, summary, computed, staleVersion, staleErrors, retiring, reason, unplaced)
            in try await rows(query).decode(
                (String, Data, Data, String, String, String?, String, Date, String?, [String]?, [String], String?, String?).self
            )
        {
            let counts = (try? JSONDecoder().decode([String: Int].self, from: Data(summary.utf8))) ?? [:]
            let needs: [Unplaced]?
            do {
                needs = try unplaced.map { try JSONDecoder().decode([Unplaced].self, from: Data($0.utf8)) }
            } catch {
                throw StoreError(.corrupt, "recommendation.unplaced of plan '\(plan)' is not a list of needs: \(error)")
            }
            out.append(
                StoredRecommendations(
                    plan: plan,
                    document: document,
                    explained: explained,
                    asOf: try Day(stored: asOf, column: "recommendation.as_of"),
                    catalogVersion: version,
                    nextReplanAt: try next.map { try Day(stored: $0, column: "recommendation.next_replan_at") },
                    summary: counts,
                    computedAt: computed,
                    stale: staleVersion.map { .init(catalogVersion: $0, errors: staleErrors ?? []) },
                    retiring: try retiring.map { try Day(stored: $0, column: "recommendation.retiring") },
                    nextReplanReason: reason.flatMap(ReplanReason.init(rawValue:)),
                    unplaced: needs
                )
            )
        }
        return out
    }

    func recommendations(of plan: String) async throws -> StoredRecommendations? {
        try await recommendationRows(
            """
            SELECT plan, document, explained, as_of, catalog_version, next_replan_at, summary, computed_at, stale_catalog_version, stale_errors, retiring,
                   next_replan_reason, unplaced
            FROM recommendation WHERE plan = \(plan)
            """
        ).first
    }

    func recommendationsWithoutDocuments(of plan: String) async throws -> StoredRecommendations? {
        try await recommendationRows(
            """
            SELECT plan, ''::bytea, ''::bytea, as_of, catalog_version, next_replan_at, summary, computed_at, stale_catalog_version, stale_errors, retiring,
                   next_replan_reason, unplaced
            FROM recommendation WHERE plan = \(plan)
            """
        ).first
    }

    func allRecommendationsWithoutDocuments() async throws -> [StoredRecommendations] {
        try await recommendationRows(
            """
            SELECT plan, ''::bytea, ''::bytea, as_of, catalog_version, next_replan_at, summary, computed_at, stale_catalog_version, stale_errors, retiring,
                   next_replan_reason, unplaced
            FROM recommendation ORDER BY plan
            """
        )
    }

    func stalePlans() async throws -> [String] {
        var out: [String] = []
        for try await plan in try await rows("SELECT plan FROM recommendation WHERE stale_catalog_version IS NOT NULL ORDER BY plan").decode(
            String.self
        ) {
            out.append(plan)
        }
        return out
    }

    func placements(of plan: String) async throws -> [Placement] {
        var out: [Placement] = []
        let query: PostgresQuery = """
            SELECT workload, capability, cloud, region, since, served, model, model_version, processing, until, flags
            FROM placement WHERE plan = \(plan)
            """
        for try await (workload, capability, cloud, region, since, served, model, modelVersion, processing, until, flags) in try await rows(query)
            .decode((String, String, String, String, String, String?, String?, String?, String?, String?, String?).self)
        {
            var run: Placement.Run?
            if let served, let model, let processing {
                guard let processing = Processing(rawValue: processing) else {
                    throw StoreError(.corrupt, "placement.processing holds '\(processing)', not a processing")
                }
                guard let flags = PhaseFlags(text: flags ?? "") else {
                    throw StoreError(.corrupt, "placement.flags holds '\(flags ?? "")', not flags")
                }
                run = Placement.Run(
                    served: served,
                    model: model,
                    modelVersion: modelVersion,
                    processing: processing,
                    until: try until.map { try Day(stored: $0, column: "placement.until") },
                    flags: flags.flags
                )
            }
            out.append(
                Placement(
                    workload: workload,
                    capability: capability,
                    cloud: cloud,
                    region: region,
                    since: try Day(stored: since, column: "placement.since"),
                    run: run
                )
            )
        }
        return out
    }

    func events(after revision: Int64, limit: Int) async throws -> [StoredEvent] {
        var out: [StoredEvent] = []
        for try await (revision, type, plan, uid, host, time, payload) in try await rows(
            "SELECT revision, type, plan, owner_uid, owner_host, time, payload FROM event WHERE revision > \(revision) ORDER BY revision LIMIT \(limit)"
        )
        .decode((Int64, String, String?, Int64?, String?, Date, Data).self) {
            out.append(
                StoredEvent(
                    revision: revision,
                    type: type,
                    plan: plan,
                    ownerUID: uid.flatMap(UInt32.init(exactly:)),
                    ownerHost: host,
                    time: time,
                    payload: payload
                )
            )
        }
        return out
    }

    func oldestEventRevision() async throws -> Int64? {
        for try await n in try await rows("SELECT min(revision) FROM event").decode(Int64?.self) { return n }
        return nil
    }

    func lastEventRevision() async throws -> Int64 {
        for try await n in try await rows("SELECT coalesce(max(revision), 0) FROM event").decode(Int64.self) { return n }
        return 0
    }

    func catalogVersion() async throws -> String? {
        for try await version in try await rows("SELECT version FROM catalog WHERE id = 1").decode(String.self) { return version }
        return nil
    }

    func allRevisions() async throws -> [PlanRevision] {
        var out: [PlanRevision] = []
        for try await (plan, revision, yaml, uid, at) in try await rows(
            "SELECT plan, revision, yaml, submitter_uid, submitted_at FROM plan_revision ORDER BY plan, revision"
        )
        .decode((String, Int, Data, Int64?, Date).self) {
            out.append(PlanRevision(plan: plan, revision: revision, yaml: yaml, submitterUID: uid.flatMap(UInt32.init(exactly:)), submittedAt: at))
        }
        return out
    }

    func catalog() async throws -> StoredCatalog? {
        for try await (yaml, version, at, uid) in try await rows("SELECT yaml, version, replaced_at, replaced_by_uid FROM catalog WHERE id = 1")
            .decode((Data, String, Date, Int64?).self)
        {
            return StoredCatalog(yaml: yaml, version: version, replacedAt: at, replacedByUID: uid.flatMap(UInt32.init(exactly:)))
        }
        return nil
    }
}

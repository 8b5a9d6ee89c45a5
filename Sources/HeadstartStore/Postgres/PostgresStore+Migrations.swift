import Logging
import PostgresNIO

extension PostgresStore {
    /// The schema, one migration per change, applied in one transaction under an advisory lock,
    /// so daemons starting at once do not race.
    static let migrations: [(String, [PostgresQuery])] = [
        (
            "v1",
            [
                """
                CREATE TABLE plan (name TEXT PRIMARY KEY, owner TEXT, owner_uid BIGINT, revision INTEGER NOT NULL, schedule TEXT,
                                   time_zone TEXT, created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL)
                """,
                """
                CREATE TABLE plan_revision (plan TEXT NOT NULL, revision INTEGER NOT NULL, yaml BYTEA NOT NULL, submitter_uid BIGINT,
                                            submitted_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (plan, revision))
                """,
                """
                CREATE TABLE placement (plan TEXT NOT NULL REFERENCES plan(name) ON DELETE CASCADE, workload TEXT NOT NULL,
                                        capability TEXT NOT NULL, cloud TEXT NOT NULL, region TEXT NOT NULL, since TEXT NOT NULL,
                                        PRIMARY KEY (plan, workload, capability))
                """,
                """
                CREATE TABLE recommendation (plan TEXT PRIMARY KEY REFERENCES plan(name) ON DELETE CASCADE, document BYTEA NOT NULL,
                                             explained BYTEA NOT NULL, as_of TEXT NOT NULL, catalog_version TEXT NOT NULL, next_replan_at TEXT,
                                             summary TEXT NOT NULL, computed_at TIMESTAMPTZ NOT NULL, stale_catalog_version TEXT,
                                             stale_errors TEXT[], retiring TEXT[] NOT NULL)
                """,
                """
                CREATE TABLE event (revision BIGINT PRIMARY KEY, type TEXT NOT NULL, plan TEXT, owner_uid BIGINT,
                                    time TIMESTAMPTZ NOT NULL, payload BYTEA NOT NULL)
                """,
                "CREATE TABLE event_counter (id INTEGER PRIMARY KEY CHECK (id = 1), last BIGINT NOT NULL)",
                "INSERT INTO event_counter VALUES (1, 0)",
                """
                CREATE TABLE catalog (id INTEGER PRIMARY KEY CHECK (id = 1), yaml BYTEA NOT NULL, version TEXT NOT NULL,
                                      replaced_at TIMESTAMPTZ NOT NULL, replaced_by_uid BIGINT)
                """,
            ]
        ),
        // Uids are per host: a plan's owner is (host, uid), and its events say whose they are.
        (
            "v2-owner-host",
            [
                "ALTER TABLE plan ADD COLUMN owner_host TEXT",
                "ALTER TABLE event ADD COLUMN owner_host TEXT",
            ]
        ),
        // Leaders' terms: each new leader begins one, and scheduled re-plans commit only in the latest.
        (
            "v3-leader-term",
            [
                "CREATE TABLE leader_term (id INTEGER PRIMARY KEY CHECK (id = 1), epoch BIGINT NOT NULL)",
                "INSERT INTO leader_term VALUES (1, 0)",
            ]
        ),
        // Why the next re-plan falls when it does, for `list`; null in rows stored before.
        ("v4-replan-reason", ["ALTER TABLE recommendation ADD COLUMN next_replan_reason TEXT"]),
        // The clouds' listings (the latest of each cloud, region and name) and, per offer, the
        // first and last day any listing showed it.
        (
            "v5-listings",
            [
                """
                CREATE TABLE listing (cloud TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
                                      observed_on TEXT NOT NULL, json BYTEA NOT NULL, observations INTEGER NOT NULL,
                                      submitted_at TIMESTAMPTZ NOT NULL, submitter_uid BIGINT, PRIMARY KEY (cloud, region, name))
                """,
                """
                CREATE TABLE sighting (capability TEXT NOT NULL, cloud TEXT NOT NULL, region TEXT NOT NULL, processing TEXT NOT NULL,
                                       first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, PRIMARY KEY (capability, cloud, region, processing))
                """,
            ]
        ),
        // The first day a listing showed an offer deprecated by its state alone.
        ("v6-deprecated-seen", ["ALTER TABLE sighting ADD COLUMN deprecated_seen TEXT"]),
        // What each placement runs on and the needs not placed today, so the exports read what is
        // stored; null in rows stored before, which the daemon re-plans once.
        (
            "v7-placement-offers",
            [
                """
                ALTER TABLE placement ADD COLUMN served TEXT, ADD COLUMN model TEXT, ADD COLUMN model_version TEXT,
                                      ADD COLUMN processing TEXT, ADD COLUMN until TEXT, ADD COLUMN flags TEXT
                """,
                "ALTER TABLE recommendation ADD COLUMN unplaced TEXT",
            ]
        ),
    ]

    /// Runs on a connection of its own: the pool is not running yet while the store starts.
    func migrate() async throws {
        let connection = try await connect(id: 0)
        do {
            try await migrate(on: connection)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    private func migrate(on connection: PostgresConnection) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            // One daemon migrates at a time; the others wait, then find the work done.
            try await connection.query("SELECT pg_advisory_xact_lock(7236510371)", logger: logger)
            try await connection.query("CREATE TABLE IF NOT EXISTS headstart_migration (id TEXT PRIMARY KEY)", logger: logger)
            var done = Set<String>()
            for try await id in try await connection.query("SELECT id FROM headstart_migration", logger: logger).decode(String.self) {
                done.insert(id)
            }
            for (id, statements) in Self.migrations where !done.contains(id) {
                for statement in statements { try await connection.query(statement, logger: logger) }
                try await connection.query("INSERT INTO headstart_migration VALUES (\(id))", logger: logger)
            }
        }
    }
}

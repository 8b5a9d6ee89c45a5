import GRDB

extension SQLiteStore {
    /// The schema, one migration per change; run at every start.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE plan_revision (
                        plan TEXT NOT NULL,
                        revision INTEGER NOT NULL,
                        yaml BLOB NOT NULL,
                        submitter_uid INTEGER,
                        submitted_at DATETIME NOT NULL,
                        PRIMARY KEY (plan, revision));
                    CREATE TABLE plan (
                        name TEXT PRIMARY KEY,
                        owner TEXT,
                        owner_uid INTEGER,
                        revision INTEGER NOT NULL,
                        schedule TEXT,
                        time_zone TEXT,
                        created_at DATETIME NOT NULL,
                        updated_at DATETIME NOT NULL);
                    CREATE TABLE placement (
                        plan TEXT NOT NULL REFERENCES plan(name) ON DELETE CASCADE,
                        workload TEXT NOT NULL,
                        capability TEXT NOT NULL,
                        cloud TEXT NOT NULL,
                        region TEXT NOT NULL,
                        since TEXT NOT NULL,
                        PRIMARY KEY (plan, workload, capability));
                    CREATE TABLE recommendation (
                        plan TEXT PRIMARY KEY REFERENCES plan(name) ON DELETE CASCADE,
                        document BLOB NOT NULL,
                        explained BLOB NOT NULL,
                        as_of TEXT NOT NULL,
                        catalog_version TEXT NOT NULL,
                        next_replan_at TEXT,
                        summary BLOB NOT NULL,
                        computed_at DATETIME NOT NULL);
                    CREATE TABLE event (
                        revision INTEGER PRIMARY KEY AUTOINCREMENT,
                        type TEXT NOT NULL,
                        plan TEXT,
                        owner_uid INTEGER,
                        time DATETIME NOT NULL,
                        payload BLOB NOT NULL);
                    CREATE TABLE catalog (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        yaml BLOB NOT NULL,
                        version TEXT NOT NULL,
                        replaced_at DATETIME NOT NULL,
                        replaced_by_uid INTEGER);
                    """
            )
        }
        migrator.registerMigration("v2-stale") { db in
            // A plan that stops validating after a catalog change keeps its last answer, marked stale.
            try db.execute(
                sql: """
                    ALTER TABLE recommendation ADD COLUMN stale_catalog_version TEXT;
                    ALTER TABLE recommendation ADD COLUMN stale_errors BLOB;
                    """
            )
        }
        migrator.registerMigration("v3-retiring") { db in
            try db.execute(sql: "ALTER TABLE recommendation ADD COLUMN retiring BLOB")
        }
        migrator.registerMigration("v4-owner-host") { db in
            // Uids are per host: with a store shared between hosts a plan's owner is (host, uid).
            try db.execute(
                sql: """
                    ALTER TABLE plan ADD COLUMN owner_host TEXT;
                    ALTER TABLE event ADD COLUMN owner_host TEXT;
                    """
            )
        }
        migrator.registerMigration("v5-replan-reason") { db in
            // Why the next re-plan falls when it does, for `list`; null in rows stored before.
            try db.execute(sql: "ALTER TABLE recommendation ADD COLUMN next_replan_reason TEXT")
        }
        migrator.registerMigration("v6-listings") { db in
            // The clouds' listings (the latest of each cloud, region and name) and, per offer, the
            // first and last day any listing showed it.
            try db.execute(
                sql: """
                    CREATE TABLE listing (
                        cloud TEXT NOT NULL,
                        region TEXT NOT NULL,
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        observed_on TEXT NOT NULL,
                        json BLOB NOT NULL,
                        observations INTEGER NOT NULL,
                        submitted_at DATETIME NOT NULL,
                        submitter_uid INTEGER,
                        PRIMARY KEY (cloud, region, name));
                    CREATE TABLE sighting (
                        capability TEXT NOT NULL,
                        cloud TEXT NOT NULL,
                        region TEXT NOT NULL,
                        processing TEXT NOT NULL,
                        first_seen TEXT NOT NULL,
                        last_seen TEXT NOT NULL,
                        PRIMARY KEY (capability, cloud, region, processing));
                    """
            )
        }
        migrator.registerMigration("v7-deprecated-seen") { db in
            // The first day a listing showed an offer deprecated by its state alone.
            try db.execute(sql: "ALTER TABLE sighting ADD COLUMN deprecated_seen TEXT")
        }
        migrator.registerMigration("v8-placement-offers") { db in
            // What each placement runs on and the needs not placed today, so the exports read
            // what is stored; null in rows stored before, which the daemon re-plans once.
            try db.execute(
                sql: """
                    ALTER TABLE placement ADD COLUMN served TEXT;
                    ALTER TABLE placement ADD COLUMN model TEXT;
                    ALTER TABLE placement ADD COLUMN model_version TEXT;
                    ALTER TABLE placement ADD COLUMN processing TEXT;
                    ALTER TABLE placement ADD COLUMN until TEXT;
                    ALTER TABLE placement ADD COLUMN flags TEXT;
                    ALTER TABLE recommendation ADD COLUMN unplaced BLOB;
                    """
            )
        }
        return migrator
    }
}

import Foundation
import GRDB

/// Headstart's durable state in one SQLite file: WAL journal, `synchronous=FULL`, so a write
/// that returned is on disk. Every change of the daemon runs in one transaction through
/// ``write(_:)``; reads see a consistent snapshot through ``read(_:)``.
public struct Store: Sendable {
    private let pool: DatabasePool
    /// The database file.
    public let path: String

    /// Opens (creating if needed) and migrates the database at `path`.
    /// A file that is not a readable Headstart database is refused, never replaced.
    public init(path: String) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL is DatabasePool's own mode; FULL makes each commit durable, not only consistent.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            try Self.migrator.migrate(pool)
            try pool.read { db in
                let check = try String.fetchOne(db, sql: "PRAGMA quick_check") ?? "no answer"
                if check != "ok" { throw StoreError(.unreadable, "integrity check failed: \(check)") }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unreadable, "cannot open the database \(path): \(Self.describe(error))")
        }
    }

    /// Runs `body` in one write transaction: all of it is stored, or none of it.
    public func write<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write { db in try body(StoreTransaction(db: db)) }
        } catch {
            throw Self.map(error)
        }
    }

    /// Runs `body` on a consistent snapshot.
    public func read<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.read { db in try body(StoreTransaction(db: db)) }
        } catch {
            throw Self.map(error)
        }
    }

    /// Checkpoints the WAL and releases the file.
    public func close() throws(StoreError) {
        do {
            _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            try pool.close()
        } catch {
            throw Self.map(error)
        }
    }

    static func map(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_FULL: return StoreError(.diskFull, "the disk is full; nothing was changed")
            case .SQLITE_CORRUPT, .SQLITE_NOTADB: return StoreError(.unreadable, describe(error))
            default: break
            }
        }
        return StoreError(.failed, describe(error))
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
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
                """)
        }
        migrator.registerMigration("v2-stale") { db in
            // A plan that stops validating after a catalog change keeps its last answer, marked stale.
            try db.execute(sql: """
                ALTER TABLE recommendation ADD COLUMN stale_catalog_version TEXT;
                ALTER TABLE recommendation ADD COLUMN stale_errors BLOB;
                """)
        }
        migrator.registerMigration("v3-retiring") { db in
            try db.execute(sql: "ALTER TABLE recommendation ADD COLUMN retiring BLOB")
        }
        return migrator
    }
}

import Foundation
import GRDB

/// Headstart's durable state in one SQLite file: WAL journal, `synchronous=FULL`, so a write
/// that returned is on disk. Write transactions run one at a time on GRDB's writer connection;
/// reads run on the reader connections, beside the writes, each on one snapshot.
public struct SQLiteStore: PlanStore {
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
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unreadable, "cannot open the database \(path): \(Self.describe(error))")
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any PlanStoreWriter) async throws -> T) async throws(StoreError) -> T {
        do {
            // One GRDB write transaction on the writer connection, the body run inline in it: its
            // awaits of the view never suspend, so the transaction is as short as its own work.
            return try await pool.write { db in try InlineTransaction.run(db, body: body, view: SQLiteWriter.init) }
        } catch {
            throw Self.map(error)
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any PlanStoreReader) async throws -> T) async throws(StoreError) -> T {
        do {
            // One snapshot for the whole body.
            return try await pool.read { db in try InlineTransaction.run(db, body: body, view: SQLiteReader.init) }
        } catch {
            throw Self.map(error)
        }
    }

    /// SQLite's `quick_check` of the whole file. It reads every page (about half a second for
    /// the 860 MB of a thousand busy plans), so the daemon runs it after it is ready rather than
    /// before; opening reads only the header and the schema.
    public func checkIntegrity() async throws(StoreError) {
        let check: String
        do {
            check = try await pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check").joined(separator: "; ") }
        } catch {
            throw StoreError(.unreadable, "integrity check failed: \(Self.describe(error))")
        }
        if check != "ok" { throw StoreError(.unreadable, "integrity check failed: \(check)") }
    }

    /// Checkpoints the WAL and releases the file.
    public func close() async throws(StoreError) {
        do {
            _ = try await pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
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
}

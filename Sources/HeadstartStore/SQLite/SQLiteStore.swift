import Foundation
import GRDB
import Synchronization

/// Headstart's durable state in one SQLite file: WAL journal, `synchronous=FULL`, so a write
/// that returned is on disk. Write transactions run one at a time on GRDB's writer connection;
/// reads run on the reader connections, beside the writes, each on one snapshot.
public struct SQLiteStore: PlanStore {
    private let pool: DatabasePool
    private let stopping: StopFlag
    /// 10 s of 10 ms steps.
    static let busyTries = 1_000
    static let busyStepMicroseconds: UInt32 = 10_000
    /// The database file.
    public let path: String

    /// Opens (creating if needed) and migrates the database at `path`.
    /// A file that is not a readable Headstart database is refused, never replaced.
    public init(path: String) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        // Another process holding the lock (a `sqlite3` session, a backup) is waited for up to 10 s,
        // and not at all once the daemon is stopping (``stopWaiting()``): a stop is bounded.
        let stopping = StopFlag()
        self.stopping = stopping
        configuration.busyMode = .callback { tries in
            guard !stopping.isSet, tries < Self.busyTries else { return false }
            usleep(Self.busyStepMicroseconds)
            return true
        }
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
        stopWaiting()
        do {
            // Folding the WAL into the file is a courtesy: a held lock (another process) skips it.
            do {
                _ = try await pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {}
            try pool.close()
        } catch {
            throw Self.map(error)
        }
    }

    public func stopWaiting() {
        stopping.set()
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
        // A column that does not hold what Headstart writes (a day that is not YYYY-MM-DD).
        if error is RowDecodingError { return StoreError(.corrupt, describe(error)) }
        return StoreError(.failed, describe(error))
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}

/// Set once, read by SQLite's busy handler on any connection.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
}

import Foundation
import Logging
import PostgresNIO

/// Headstart's durable state in a PostgreSQL database that several daemons share. Each write is
/// one transaction holding a transaction-level advisory lock, so writes run one at a time as on
/// SQLite; event revisions come from a counter row updated inside it, so a reader never sees
/// revision N+1 before N is committed.
public final class PostgresStore: PlanStore {
    let client: PostgresClient
    private let runner: Task<Void, Never>
    let logger: Logger

    /// Connects over a Unix socket (`socketPath` is the socket file) and migrates the schema.
    public convenience init(socketPath: String, username: String, database: String, logger: Logger = Logger(label: "headstart.store")) async throws(StoreError) {
        let configuration = PostgresClient.Configuration(unixSocketPath: socketPath, username: username, password: nil, database: database)
        try await self.init(configuration: configuration, logger: logger)
    }

    public init(configuration: PostgresClient.Configuration, logger: Logger) async throws(StoreError) {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
        do {
            try await migrate()
        } catch {
            runner.cancel()
            throw Self.map(error)
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any PlanStoreWriter) async throws -> T) async throws(StoreError) -> T {
        do {
            let logger = self.logger
            return try await client.withTransaction(logger: logger) { connection in
                // Write transactions run one at a time across every daemon, as the protocol
                // promises: a read-then-write body (the next revision, the plan limit) stays whole.
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.writeLock))", logger: logger)
                return try await body(PostgresWriter(connection: connection, logger: logger))
            }
        } catch {
            throw Self.map(error)
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any PlanStoreReader) async throws -> T) async throws(StoreError) -> T {
        do {
            let logger = self.logger
            return try await client.withConnection { connection in
                try await body(PostgresReader(connection: connection, logger: logger))
            }
        } catch {
            throw Self.map(error)
        }
    }

    public func close() async throws(StoreError) {
        runner.cancel()
        await runner.value
    }

    /// The advisory lock every write transaction holds until it ends.
    static let writeLock: Int64 = 7_236_510_372

    static func map(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PSQLError {
            if error.serverInfo?[.sqlState] == "53100" { return StoreError(.diskFull, "the disk is full; nothing was changed") }
            return StoreError(.failed, error.serverInfo?[.message] ?? "\(error.code)")
        }
        return StoreError(.failed, "\(error)")
    }
}

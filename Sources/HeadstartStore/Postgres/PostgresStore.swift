import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Headstart's durable state in a PostgreSQL database that several daemons share. Each write is
/// one transaction holding a transaction-level advisory lock, so writes run one at a time as on
/// SQLite; event revisions come from a counter row updated inside it, so a reader never sees
/// revision N+1 before N is committed. Each commit notifies every daemon listening
/// (``commits()``), and one daemon at a time leads (``lead(interval:onChange:)``).
public final class PostgresStore: SharedPlanStore {
    let client: PostgresClient
    /// The pool's runner when the store started its client itself; nil when the client is run by
    /// its owner, as the daemon runs it: a `Service` of its service group.
    private let runner: Task<Void, Never>?
    let logger: Logger
    /// Where it is, for the dedicated connections of the leader's lock and the listener.
    public let location: PostgresLocation

    /// Connects over a Unix socket (`socketPath` is the socket file) and migrates the schema.
    public convenience init(
        socketPath: String,
        username: String,
        database: String,
        logger: Logger = Logger(label: "headstart.store")
    ) async throws(StoreError) {
        try await self.init(location: PostgresLocation(socketPath: socketPath, username: username, database: database), logger: logger)
    }

    /// Connects, checks the database answers and migrates the schema (once, whichever daemon
    /// starts first; the others wait for it). The store runs its own client until ``close()``.
    public convenience init(
        location: PostgresLocation,
        logger: Logger = Logger(label: "headstart.store"),
        poolWait: Duration = .seconds(10)
    ) async throws(StoreError) {
        let client = PostgresClient(configuration: location.clientConfiguration, backgroundLogger: logger)
        // Unstructured because the store outlives this call: a caller without a service group
        // (`store copy`, the tests) has no scope to run the pool in, and close() ends it.
        let runner = Task { await client.run() }
        try await self.init(location: location, client: client, runner: runner, logger: logger, poolWait: poolWait)
    }

    /// Over `client`, which its owner runs (the daemon: as a `Service` of its group, started
    /// before the store and stopped after it); migrates the schema as the other initialiser does.
    public convenience init(
        location: PostgresLocation,
        client: PostgresClient,
        logger: Logger = Logger(label: "headstart.store"),
        poolWait: Duration = .seconds(10)
    ) async throws(StoreError) {
        try await self.init(location: location, client: client, runner: nil, logger: logger, poolWait: poolWait)
    }

    private init(
        location: PostgresLocation,
        client: PostgresClient,
        runner: Task<Void, Never>?,
        logger: Logger,
        poolWait: Duration
    ) async throws(StoreError) {
        self.poolWait = poolWait
        self.client = client
        self.logger = logger
        self.location = location
        self.runner = runner
        do {
            try await migrate()
        } catch {
            runner?.cancel()
            throw Self.map(error)
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any PlanStoreWriter) async throws -> T) async throws(StoreError) -> T {
        do {
            let logger = self.logger
            let client = self.client
            return try await Self.leasing(within: poolWait) { lease in
                try await client.withTransaction(logger: logger) { connection in
                    try lease()
                    // Write transactions run one at a time across every daemon, as the protocol
                    // promises: a read-then-write body (the next revision, the plan limit) stays whole.
                    try await connection.query("SELECT pg_advisory_xact_lock(\(Self.writeLock))", logger: logger)
                    return try await body(PostgresWriter(connection: connection, logger: logger))
                }
            }
        } catch {
            throw Self.map(error)
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any PlanStoreReader) async throws -> T) async throws(StoreError) -> T {
        do {
            let logger = self.logger
            let client = self.client
            // A read changes nothing, so the whole of it may be given up: a server that stopped
            // answering (a partition) would hold it, and `/healthz` with it, forever.
            return try await Self.within(
                poolWait,
                onTimeout: {},
                run: {
                    try await client.withConnection { connection in
                        try await body(PostgresReader(connection: connection, logger: logger))
                    }
                }
            )
        } catch {
            throw Self.map(error)
        }
    }

    /// How long a write waits for a connection of the pool (the server down, every connection busy
    /// or dead): then it fails, and the connection it is given later is not used. Only the wait is
    /// bounded: a transaction under way is never cut off, so a write is never reported failed that
    /// may still commit. A read is bounded whole by the same time.
    public let poolWait: Duration

    /// Where a write is in getting its connection: abandoned only while it still waits for one.
    final class LeaseGate: Sendable {
        enum State: Sendable { case waiting, leased, abandoned }
        private let state = Mutex(State.waiting)

        /// Called with the connection in hand; throws if the write was given up meanwhile.
        func lease(within limit: Duration) throws {
            let abandoned = state.withLock { s -> Bool in
                if s == .abandoned { return true }
                s = .leased
                return false
            }
            if abandoned { throw StoreError(.timedOut, "no database connection within \(limit)") }
        }

        /// At the deadline: true (and given up) if no connection came.
        func abandonIfWaiting() -> Bool {
            state.withLock { s in
                guard s == .waiting else { return false }
                s = .abandoned
                return true
            }
        }
    }

    /// Runs `body`, which calls `lease()` once it holds a connection. If that has not happened
    /// within `limit`, the caller gets a `timedOut` error at once, and `lease()` throws when it comes.
    static func leasing<T: Sendable>(
        within limit: Duration,
        _ body: @escaping @Sendable (_ lease: @escaping @Sendable () throws -> Void) async throws -> T
    ) async throws -> T {
        let gate = LeaseGate()
        do {
            return try await within(limit, onTimeout: {}, giveUp: gate.abandonIfWaiting, run: { try await body { try gate.lease(within: limit) } })
        } catch let error as StoreError where error.code == .timedOut {
            throw StoreError(.timedOut, "no database connection within \(limit): the server is down or every connection is busy")
        }
    }

    /// Stops the client the store runs itself; a client its owner runs is the owner's to stop.
    public func close() async throws(StoreError) {
        runner?.cancel()
        await runner?.value
    }

    /// The advisory lock every write transaction holds until it ends.
    static let writeLock: Int64 = 7_236_510_372
    /// The session-level advisory lock the leader holds on its own connection.
    static let leaderLock: Int64 = 7_236_510_373
    /// The channel each commit notifies, with its event revision as the payload.
    static let eventChannel = "headstart_events"

    /// A dedicated connection, outside the pool: a session lock or a LISTEN must stay on one
    /// connection for as long as it is held.
    func connect(id: Int) async throws -> PostgresConnection {
        try await PostgresConnection.connect(configuration: try location.connectionConfiguration(), id: id, logger: logger)
    }

    static func map(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        // A transaction's failure: the body's own error first, else what broke the transaction.
        if let error = error as? PostgresTransactionError {
            if let cause = error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError { return map(cause) }
        }
        if let error = error as? PSQLError {
            if error.serverInfo?[.sqlState] == "53100" { return StoreError(.diskFull, "the disk is full; nothing was changed") }
            if let message = error.serverInfo?[.message] { return StoreError(.failed, message) }
            if let underlying = error.underlying { return StoreError(.unreadable, "cannot reach PostgreSQL: \(underlying)") }
            return StoreError(.failed, "PostgreSQL: \(error.code)")
        }
        return StoreError(.failed, "\(error)")
    }
}

import Logging
import NIOCore
import PostgresNIO
import Synchronization

extension PostgresStore {
    public func commits() -> AsyncStream<CommitNotice> {
        let (stream, continuation) = AsyncStream<CommitNotice>.makeStream()
        let interval = Self.listenerCheckInterval
        let task = Task { [self] in
            var attempt = 0
            while !Task.isCancelled {
                do {
                    // Connecting has a deadline of its own (the location's connect timeout).
                    let connection = try await connect(id: 2)
                    attempt = 0
                    do {
                        try await connection.listen(on: Self.eventChannel) { notifications in
                            // Listening now: whatever committed while not listening is in the log.
                            continuation.yield(.listening)
                            try await Self.consume(notifications, on: connection, checkEvery: interval, logger: logger) {
                                continuation.yield(.committed($0))
                            }
                        }
                    } catch {
                        Self.abandon(connection)
                        throw error
                    }
                    Self.abandon(connection)
                } catch {
                    if Task.isCancelled { break }
                    continuation.yield(.failed(Self.map(error)))
                }
                attempt += 1
                try? await Task.sleep(for: Self.backoff(attempt))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// How often the listening connection is checked: a LISTEN on a connection whose server
    /// vanished (a partition, a cut cable) hears nothing and fails nothing, so it is asked.
    static let listenerCheckInterval: Duration = .seconds(5)

    /// Yields each notification's revision until the connection fails, closes or does not answer
    /// a check within three intervals (then it is given up).
    private static func consume(
        _ notifications: PostgresNotificationSequence,
        on connection: PostgresConnection,
        checkEvery interval: Duration,
        logger: Logger,
        _ yield: @escaping @Sendable (Int64) -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await notification in notifications {
                    if let revision = Int64(notification.payload) { yield(revision) }
                }
                throw StoreError(.failed, "the listening connection closed")
            }
            group.addTask {
                let watch = ConnectionWatch(connection)
                while !Task.isCancelled {
                    if await watch.sleep(for: interval) { throw StoreError(.failed, "the listening connection closed") }
                    try await within(deadline(interval), onTimeout: { abandon(connection) }) {
                        _ = try await connection.query("SELECT 1", logger: logger)
                    }
                }
            }
            // Either ending ends both: the connection is abandoned by the caller.
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    public func lead(interval: Duration, report: @escaping @Sendable (ElectionNotice) -> Void) async {
        var attempt = 0
        while !Task.isCancelled {
            var term: LeaderTerm?
            var held: PostgresConnection?
            // Leadership is given up once per connection: on its close, from the close itself
            // (no task hop to wait for while another daemon may already hold the lock), or here.
            let released = Once()
            do {
                let connection = try await connect(id: 1)
                held = connection
                attempt = 0
                let watch = ConnectionWatch(connection)
                while !Task.isCancelled {
                    if term != nil {
                        // The lock lives as long as this connection: a check that fails, or that
                        // gets no answer in three intervals (a partition), means it may be gone,
                        // and so is leadership.
                        try await Self.within(
                            Self.deadline(interval),
                            onTimeout: { Self.abandon(connection) },
                            run: { [logger] in
                                _ = try await connection.query("SELECT 1", logger: logger)
                            }
                        )
                    } else if try await Self.within(
                        Self.deadline(interval),
                        onTimeout: { Self.abandon(connection) },
                        run: { [logger] in
                            try await Self.tryLock(on: connection, logger: logger)
                        }
                    ) {
                        // A new term, begun in a write transaction: a write of the last leader's
                        // that is still under way commits before it or not at all.
                        let begun = try await Self.within(
                            max(interval * 3, .seconds(10)),
                            onTimeout: { Self.abandon(connection) },
                            run: { [logger] in
                                try await Self.beginTerm(on: connection, logger: logger)
                            }
                        )
                        term = begun
                        report(.leading(begun))
                        watch.onClose { if released.claim() { report(.following) } }
                    }
                    // Wakes at once when the server closes the connection (a terminated backend,
                    // a restart): the lock is gone with it.
                    if await watch.sleep(for: interval) { throw StoreError(.failed, "the leader election connection closed") }
                }
            } catch {
                if !Task.isCancelled { report(.failed(Self.map(error))) }
            }
            if let held { Self.abandon(held) }
            if term != nil, released.claim() { report(.following) }
            attempt += 1
            try? await Task.sleep(for: min(interval, Self.backoff(attempt)))
        }
    }

    private static func tryLock(on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        for try await won in try await connection.query("SELECT pg_try_advisory_lock(\(leaderLock))", logger: logger).decode(Bool.self) {
            return won
        }
        return false
    }

    private static func beginTerm(on connection: PostgresConnection, logger: Logger) async throws -> LeaderTerm {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(writeLock))", logger: logger)
            for try await epoch in try await connection.query("UPDATE leader_term SET epoch = epoch + 1 WHERE id = 1 RETURNING epoch", logger: logger)
                .decode(Int64.self)
            {
                return LeaderTerm(epoch: epoch)
            }
            throw StoreError(.failed, "the leader_term row is missing")
        }
    }

    /// Runs `body`, failing if it takes longer than `limit`; `onTimeout` runs then, to make
    /// `body` give up. The caller is answered at the deadline whether or not `body` has ended by
    /// then: a query on a connection whose server vanished may not end at all. When `giveUp` says
    /// no at the deadline (the work is past the point where it may be abandoned), it runs on.
    static func within<T: Sendable>(
        _ limit: Duration,
        onTimeout: @escaping @Sendable () -> Void,
        giveUp: @escaping @Sendable () -> Bool = { true },
        run body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let outcome = Mutex<CheckedContinuation<T, any Error>?>(nil)
        let finish: @Sendable (Result<T, any Error>) -> Void = { result in
            outcome.withLock { continuation in
                continuation?.resume(with: result)
                continuation = nil
            }
        }
        var work: Task<Void, Never>?
        var timer: Task<Void, Never>?
        defer {
            timer?.cancel()
            work?.cancel()
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                outcome.withLock { $0 = continuation }
                work = Task {
                    do {
                        finish(.success(try await body()))
                    } catch {
                        finish(.failure(error))
                    }
                }
                timer = Task {
                    guard (try? await Task.sleep(for: limit)) != nil, giveUp() else { return }
                    onTimeout()
                    finish(.failure(StoreError(.timedOut, "the database did not answer within \(limit)")))
                }
            }
        } onCancel: {
            finish(.failure(CancellationError()))
        }
    }

    /// Closes a connection without waiting: its queries in flight fail at once. The connection
    /// is kept until it has closed (one let go of before that is a programming error to NIO).
    static func abandon(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    /// How long one wait on the database may take: three intervals, and at least 2 s, so a
    /// loaded machine's slow answer is not taken for a dead connection.
    static func deadline(_ interval: Duration) -> Duration {
        max(interval * 3, .seconds(2))
    }

    /// 100 ms doubling up to 5 s between attempts to reconnect.
    static func backoff(_ attempt: Int) -> Duration {
        .milliseconds(min(5_000, 100 << min(attempt, 6)))
    }
}

/// Sleeps that end early when a connection closes, so a lost lock or listener is noticed at once
/// rather than at the next check.
final class ConnectionWatch: Sendable {
    private struct State {
        var closed = false
        var waiter: CheckedContinuation<Bool, Never>?
        var timer: Scheduled<Void>?
    }

    private let state = Mutex(State())
    private let eventLoop: any EventLoop
    private let closeFuture: EventLoopFuture<Void>

    init(_ connection: PostgresConnection) {
        eventLoop = connection.eventLoop
        closeFuture = connection.closeFuture
        connection.closeFuture.whenComplete { [self] _ in
            state.withLock { $0.closed = true }
            wake()
        }
    }

    /// Sleeps `duration`; true as soon as the connection has closed (at once if it already has).
    func sleep(for duration: Duration) async -> Bool {
        let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let early: Bool? = state.withLock { s in
                    if s.closed { return true }
                    if Task.isCancelled { return false }
                    s.waiter = continuation
                    return nil
                }
                if let early { return continuation.resume(returning: early) }
                let timer = eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) { [self] in wake() }
                state.withLock { s in
                    // Already woken (closed, cancelled): the timer is not needed.
                    if s.waiter == nil { timer.cancel() } else { s.timer = timer }
                }
            }
        } onCancel: {
            wake()
        }
    }

    /// Runs `body` on the connection's event loop as it closes (at once if it has).
    func onClose(_ body: @escaping @Sendable () -> Void) {
        closeFuture.whenComplete { _ in body() }
    }

    private func wake() {
        state.withLock { s in
            s.timer?.cancel()
            s.timer = nil
            s.waiter?.resume(returning: s.closed)
            s.waiter = nil
        }
    }
}

/// True for the first caller of ``claim()`` only.
final class Once: Sendable {
    private let claimed = Mutex(false)

    func claim() -> Bool {
        claimed.withLock { done in
            defer { done = true }
            return !done
        }
    }
}

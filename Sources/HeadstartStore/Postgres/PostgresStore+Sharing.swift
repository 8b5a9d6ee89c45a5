import Logging
import Synchronization
import NIOCore
import PostgresNIO

extension PostgresStore {
    public func commits() -> AsyncStream<Int64> {
        let (stream, continuation) = AsyncStream<Int64>.makeStream()
        let task = Task { [self] in
            var attempt = 0
            while !Task.isCancelled {
                do {
                    let connection = try await connect(id: 2)
                    attempt = 0
                    do {
                        try await connection.listen(on: Self.eventChannel) { notifications in
                            // Listening now: whatever committed while not listening is in the log.
                            continuation.yield(0)
                            for try await notification in notifications {
                                if let revision = Int64(notification.payload) { continuation.yield(revision) }
                            }
                        }
                    } catch {
                        try? await connection.close()
                        throw error
                    }
                    try? await connection.close()
                } catch {
                    if Task.isCancelled { break }
                    logger.warning("lost the event notifications; reconnecting", metadata: ["error": "\(Self.map(error).message)"])
                }
                attempt += 1
                try? await Task.sleep(for: Self.backoff(attempt))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    public func lead(interval: Duration, onChange: @escaping @Sendable (Bool) async -> Void) async {
        var attempt = 0
        while !Task.isCancelled {
            var leading = false
            do {
                let connection = try await connect(id: 1)
                attempt = 0
                defer { Task { try? await connection.close() } }
                while !Task.isCancelled {
                    if leading {
                        // The lock lives as long as this connection: a check that fails, or that
                        // gets no answer in three intervals (a partition), means it may be gone,
                        // and so is leadership.
                        try await Self.within(interval * 3, onTimeout: { Self.abandon(connection) }) { [logger] in
                            _ = try await connection.query("SELECT 1", logger: logger)
                        }
                    } else {
                        for try await won in try await connection.query("SELECT pg_try_advisory_lock(\(Self.leaderLock))", logger: logger)
                            .decode(Bool.self) where won {
                            leading = true
                            await onChange(true)
                        }
                    }
                    try await Task.sleep(for: interval)
                }
            } catch {
                if !Task.isCancelled {
                    logger.warning("the leader election connection failed; reconnecting", metadata: ["error": "\(Self.map(error).message)"])
                }
            }
            if leading { await onChange(false) }
            attempt += 1
            try? await Task.sleep(for: min(interval, Self.backoff(attempt)))
        }
    }

    /// Runs `body`, failing if it takes longer than `limit`; `onTimeout` runs then, to make
    /// `body` give up. The caller is answered at the deadline whether or not `body` has ended by
    /// then: a query on a connection whose server vanished may not end at all.
    static func within(_ limit: Duration, onTimeout: @escaping @Sendable () -> Void, _ body: @escaping @Sendable () async throws -> Void) async throws {
        let outcome = Mutex<CheckedContinuation<Void, any Error>?>(nil)
        let finish: @Sendable (Result<Void, any Error>) -> Void = { result in
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
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                outcome.withLock { $0 = continuation }
                work = Task {
                    do {
                        try await body()
                        finish(.success(()))
                    } catch {
                        finish(.failure(error))
                    }
                }
                timer = Task {
                    guard (try? await Task.sleep(for: limit)) != nil else { return }
                    onTimeout()
                    finish(.failure(StoreError(.failed, "the database did not answer within \(limit)")))
                }
            }
        } onCancel: {
            finish(.failure(CancellationError()))
        }
    }

    /// Closes a connection without waiting: its queries in flight fail at once.
    static func abandon(_ connection: PostgresConnection) {
        let _: EventLoopFuture<Void> = connection.close()
    }

    /// 100 ms doubling up to 5 s between attempts to reconnect.
    static func backoff(_ attempt: Int) -> Duration {
        .milliseconds(min(5_000, 100 << min(attempt, 6)))
    }
}

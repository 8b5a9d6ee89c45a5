import HeadstartStore

/// Fans stored events out to the connected watchers, in log order. Each watcher has a bounded
/// buffer: one that falls behind by more is cut off and told to resync, so a slow consumer
/// cannot make the daemon's memory grow.
public actor EventHub {
    private var subscribers: [Int: AsyncStream<LoggedEvent>.Continuation] = [:]
    private var overflowed: Set<Int> = []
    private var nextID = 0
    private var closed = false
    /// The line each stream ends with when the daemon stops, when that is not a logged event.
    public private(set) var farewell: [UInt8]?
    /// Who waits for a number of watchers (``waitForWatchers(_:)``).
    private var waiting: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    /// Events buffered per watcher.
    public let bufferSize: Int

    public init(bufferSize: Int = 1_000) {
        self.bufferSize = max(1, bufferSize)
    }

    /// A stream of every event published from now on; it ends when ``close()`` is called or
    /// when the watcher falls more than ``bufferSize`` events behind (see ``overflowed(_:)``).
    public func subscribe() -> (id: Int, events: AsyncStream<LoggedEvent>) {
        let (stream, continuation) = AsyncStream<LoggedEvent>.makeStream(bufferingPolicy: .bufferingOldest(bufferSize))
        if closed {
            continuation.finish()
            return (-1, stream)
        }
        nextID += 1
        subscribers[nextID] = continuation
        let ready = waiting.filter { $0.count <= subscribers.count }
        waiting.removeAll { $0.count <= subscribers.count }
        for waiter in ready { waiter.continuation.resume() }
        return (nextID, stream)
    }

    public func unsubscribe(_ id: Int) {
        subscribers.removeValue(forKey: id)?.finish()
        overflowed.remove(id)
    }

    /// Publishes committed events; their lines are written here, once each, and only when some
    /// watcher is connected (a watcher that connects later reads them from the log).
    public func publish(_ committed: [CommittedEvent]) {
        guard !subscribers.isEmpty else { return }
        publish(committed.map(\.logged))
    }

    public func publish(_ events: [LoggedEvent]) {
        for event in events {
            for (id, continuation) in subscribers {
                if case .dropped = continuation.yield(event) {
                    overflowed.insert(id)
                    subscribers.removeValue(forKey: id)
                    continuation.finish()
                }
            }
        }
    }

    /// Whether watcher `id` was cut off for falling behind.
    public func overflowed(_ id: Int) -> Bool { overflowed.contains(id) }

    /// Ends every stream, each with `farewell` when given; later subscriptions end at once.
    public func close(farewell: [UInt8]? = nil) {
        self.farewell = farewell
        closed = true
        for continuation in subscribers.values { continuation.finish() }
        subscribers.removeAll()
    }

    /// Returns once at least `count` watchers are connected: a condition to wait on, where a
    /// caller (a test, a drain) would otherwise poll ``watcherCount``.
    public func waitForWatchers(_ count: Int) async {
        guard subscribers.count < count else { return }
        await withCheckedContinuation { waiting.append((count, $0)) }
    }

    /// Watchers connected now.
    public var watcherCount: Int { subscribers.count }
}

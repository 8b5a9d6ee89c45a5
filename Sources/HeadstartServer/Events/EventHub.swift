import HeadstartStore

/// Fans stored events out to the connected watchers, in log order.
public actor EventHub {
    private var subscribers: [Int: AsyncStream<StoredEvent>.Continuation] = [:]
    private var nextID = 0
    private var closed = false

    public init() {}

    /// A stream of every event published from now on; it ends when ``close()`` is called.
    public func subscribe() -> (id: Int, events: AsyncStream<StoredEvent>) {
        let (stream, continuation) = AsyncStream<StoredEvent>.makeStream(bufferingPolicy: .unbounded)
        if closed {
            continuation.finish()
            return (-1, stream)
        }
        nextID += 1
        subscribers[nextID] = continuation
        return (nextID, stream)
    }

    public func unsubscribe(_ id: Int) {
        subscribers.removeValue(forKey: id)?.finish()
    }

    public func publish(_ events: [StoredEvent]) {
        for event in events {
            for continuation in subscribers.values { continuation.yield(event) }
        }
    }

    /// Ends every stream; later subscriptions end at once.
    public func close() {
        closed = true
        for continuation in subscribers.values { continuation.finish() }
        subscribers.removeAll()
    }

    /// Watchers connected now.
    public var watcherCount: Int { subscribers.count }
}

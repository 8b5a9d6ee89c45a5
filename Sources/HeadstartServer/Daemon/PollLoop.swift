import ServiceLifecycle

/// The daemon's one timer loop: runs `body` every `interval` until graceful shutdown or
/// cancellation, a shutdown cutting the sleep short (the loop of Hummingbird's
/// MemoryPersistDriver).
enum PollLoop {
    /// - Parameter immediately: run `body` once before the first sleep.
    static func run(every interval: Duration, immediately: Bool, _ body: () async -> Void) async {
        if immediately { await body() }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            await body()
        }
    }
}

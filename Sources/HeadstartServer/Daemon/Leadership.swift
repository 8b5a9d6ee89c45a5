import CoreMetrics
import HeadstartStore
import Logging
import ServiceLifecycle
import Synchronization

/// Whether this daemon leads: runs the scheduled and date-driven re-plans and the start-up
/// catch-up. A daemon with a store of its own always leads; with a shared store, the one
/// holding the store's leader lock does (``LeaderElection``).
public final class Leadership: Sendable {
    private struct State {
        var leading: Bool
        var watchers: [Int: AsyncStream<Bool>.Continuation] = [:]
        var nextID = 0
    }

    private let state: Mutex<State>

    public init(leading: Bool) {
        state = Mutex(State(leading: leading))
        Self.gauge.record(leading ? 1 : 0)
    }

    /// `headstart_leader`: 1 while this daemon leads.
    private static var gauge: CoreMetrics.Gauge { CoreMetrics.Gauge(label: "headstart_leader") }

    public var isLeader: Bool { state.withLock { $0.leading } }

    func set(_ leading: Bool) {
        state.withLock { s in
            guard s.leading != leading else { return }
            s.leading = leading
            for continuation in s.watchers.values { continuation.yield(leading) }
        }
        Self.gauge.record(leading ? 1 : 0)
    }

    /// The current state, then every change, until the caller stops iterating.
    func updates() -> AsyncStream<Bool> {
        let (stream, continuation) = AsyncStream<Bool>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { s in
            s.nextID += 1
            s.watchers[s.nextID] = continuation
            continuation.yield(s.leading)
            return s.nextID
        }
        continuation.onTermination = { [weak self] _ in _ = self?.state.withLock { $0.watchers.removeValue(forKey: id) } }
        return stream
    }
}

/// Competes for the shared store's leader lock for as long as the daemon runs, and gives it up
/// at the start of a graceful shutdown so another daemon takes over at once.
struct LeaderElection: Service {
    let store: any SharedPlanStore
    let leadership: Leadership
    /// How often a follower tries the lock and the leader checks its connection.
    let interval: Duration
    let hostName: String
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await store.lead(interval: interval) { leading in
                leadership.set(leading)
                if leading {
                    logger.notice("leading: this daemon runs the scheduled re-plans", metadata: ["host": "\(hostName)"])
                } else {
                    logger.notice("no longer leading", metadata: ["host": "\(hostName)"])
                }
            }
        }
        leadership.set(false)
    }
}

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
        var term: LeaderTerm?
        var watchers: [Int: AsyncStream<LeaderTerm?>.Continuation] = [:]
        var nextID = 0
    }

    private let state: Mutex<State>

    /// `leading`: a daemon with a store of its own, which leads for as long as it runs.
    public init(leading: Bool) {
        state = Mutex(State(term: leading ? Self.soleTerm : nil))
        Self.gauge.record(leading ? 1 : 0)
    }

    /// The one term of a daemon with a store of its own.
    static let soleTerm = LeaderTerm(epoch: 0)

    /// `headstart_leader`: 1 while this daemon leads.
    private static var gauge: CoreMetrics.Gauge { CoreMetrics.Gauge(label: "headstart_leader") }

    public var isLeader: Bool { state.withLock { $0.term != nil } }

    func set(_ term: LeaderTerm?) {
        state.withLock { s in
            guard s.term != term else { return }
            s.term = term
            for continuation in s.watchers.values { continuation.yield(term) }
        }
        Self.gauge.record(term != nil ? 1 : 0)
    }

    /// The current term (nil when not leading), then every change, until the caller stops iterating.
    func updates() -> AsyncStream<LeaderTerm?> {
        let (stream, continuation) = AsyncStream<LeaderTerm?>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { s in
            s.nextID += 1
            s.watchers[s.nextID] = continuation
            continuation.yield(s.term)
            return s.nextID
        }
        continuation.onTermination = { [weak self] _ in _ = self?.state.withLock { $0.watchers.removeValue(forKey: id) } }
        return stream
    }
}

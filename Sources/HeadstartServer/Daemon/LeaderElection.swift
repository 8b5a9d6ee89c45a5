import CoreMetrics
import HeadstartStore
import Logging
import ServiceLifecycle
import Synchronization

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
            await store.lead(interval: interval) { notice in
                switch notice {
                case .leading(let term):
                    leadership.set(term)
                    logger.notice("leading: this daemon runs the scheduled re-plans", metadata: ["host": "\(hostName)", "term": "\(term.epoch)"])
                case .following:
                    leadership.set(nil)
                    logger.notice("no longer leading", metadata: ["host": "\(hostName)"])
                case .failed(let error):
                    // Leadership (if held) is given up with the connection; a new one is made.
                    leadership.set(nil)
                    logger.warning(
                        "the leader election connection failed; reconnecting",
                        metadata: ["host": "\(hostName)", "error": "\(error.message)"]
                    )
                    DaemonMetrics.failed("leader-election")
                }
            }
        }
        leadership.set(nil)
    }
}

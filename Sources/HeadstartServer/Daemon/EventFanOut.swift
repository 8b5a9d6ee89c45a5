import Foundation
import HeadstartAPI
import HeadstartStore
import Logging
import ServiceLifecycle

/// With a shared store, brings other daemons' commits to this one: on each notification (which
/// carries at most a revision; the event table is the truth) it reads the log after the last
/// revision it has seen, publishes those events to this daemon's watchers in order, empties
/// the document cache, installs a catalog replaced elsewhere and tells the scheduler about plans
/// changed elsewhere. It also reads the log every `pollInterval`, so a lost notification delays
/// an event but never loses it.
struct EventFanOut: Service {
    let service: PlanService
    let store: any SharedPlanStore
    /// The newest revision this daemon knew of when it read its catalog at start-up.
    let startRevision: Int64
    let pollInterval: Duration
    let logger: Logger

    func run() async throws {
        let (wakes, wake) = AsyncStream<Int64>.makeStream(bufferingPolicy: .bufferingNewest(64))
        await withDiscardingTaskGroup { group in
            group.addTask { [logger] in
                for await notice in store.commits() {
                    switch notice {
                    case .committed(let revision): wake.yield(revision)
                    case .listening: wake.yield(0)
                    case .failed(let error):
                        // Nothing is lost meanwhile: the poll reads the log, and so does the new connection.
                        logger.warning("lost the event notifications; reconnecting", metadata: ["error": "\(error.message)"])
                        DaemonMetrics.failed("event-notifications")
                    }
                }
            }
            group.addTask {
                await PollLoop.run(every: pollInterval, immediately: false) { wake.yield(0) }
            }
            await follow(wakes)
            // The stream ends on a graceful shutdown: the listener and the poll end with it.
            group.cancelAll()
        }
    }

    /// Reads the log on every wake until the stream ends or the daemon stops.
    private func follow(_ wakes: AsyncStream<Int64>) async {
        var last = startRevision
        for await revision in wakes.cancelOnGracefulShutdown() {
            // A revision already read needs no read; 0 (a poll, a new listening connection) always reads.
            guard revision == 0 || revision > last else { continue }
            do {
                last = try await service.applyRemoteCommits(after: last)
            } catch {
                logger.error(
                    "could not read other daemons' events; retrying at the next notification or poll",
                    metadata: ["after": "\(last)", "error": "\(error.detail)"]
                )
                DaemonMetrics.failed("fan-out")
            }
        }
    }
}

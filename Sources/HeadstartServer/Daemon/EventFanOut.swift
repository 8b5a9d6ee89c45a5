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
                last = try await catchUp(after: last)
            } catch {
                logger.error(
                    "could not read other daemons' events; retrying at the next notification or poll",
                    metadata: ["after": "\(last)", "error": "\(error.detail)"]
                )
                DaemonMetrics.failed("fan-out")
            }
        }
    }

    /// Reads and applies every event after `last`; the newest revision read.
    func catchUp(after last: Int64) async throws(ServiceError) -> Int64 {
        var last = last
        let context = service.context
        while true {
            let page = try await context.read { [last] tx in try await tx.events(after: last, limit: EventLog.page) }
            guard let first = page.first else { return last }
            if first.revision > last + 1 {
                // Pruned before this daemon read them (it was paused or cut off): what they said is
                // unknown here, so take the stored catalog and have the scheduler read every plan.
                // Each watcher is told by a resync when it meets the gap (``Follower``).
                logger.warning(
                    "events were pruned before this daemon read them; re-reading the catalog and every plan's schedule",
                    metadata: ["after": "\(last)", "oldest": "\(first.revision)"]
                )
                context.cache.invalidateAll()
                await service.catalogs.adoptStored()
                for plan in try await context.read({ tx in try await tx.plans().map(\.name) }) { context.changes.notify(.changed(plan)) }
            }
            var remote: [StoredEvent] = []
            for event in page {
                last = event.revision
                if context.localCommits?.take(event.revision) == true { continue }
                remote.append(event)
            }
            if !remote.isEmpty {
                context.cache.invalidateAll()
                await apply(remote)
                do {
                    await context.hub.publish(try remote.map(LoggedEvent.init))
                } catch {
                    throw ServiceError(.storeCorrupt, "an event in the log does not read back: \(error)")
                }
            }
            guard page.count >= EventLog.page else { return last }
        }
    }

    /// What other daemons' events change here besides the watch streams.
    private func apply(_ events: [StoredEvent]) async {
        for event in events {
            switch EventType(rawValue: event.type) {
            case .catalogReplaced?:
                await service.catalogs.adoptStored()
            case .planDeleted?:
                if let plan = event.plan { service.context.changes.notify(.removed(plan)) }
            case _ where event.plan != nil:
                if let plan = event.plan { service.context.changes.notify(.changed(plan)) }
            default:
                break
            }
        }
    }
}

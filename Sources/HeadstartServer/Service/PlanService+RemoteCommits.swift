import HeadstartAPI
import HeadstartStore
import Logging

// With a shared store: other daemons' commits, brought in by the fan-out.

extension PlanService {
    /// Reads and applies every event after `last`; the newest revision read.
    func applyRemoteCommits(after last: Int64) async throws(ServiceError) -> Int64 {
        var last = last
        while true {
            let page = try await context.read { [last] tx in try await tx.events(after: last, limit: EventLog.page) }
            guard let first = page.first else { return last }
            if first.revision > last + 1 {
                // Pruned before this daemon read them (it was paused or cut off): what they said is
                // unknown here, so take the stored catalog and have the scheduler read every plan.
                // Each watcher is told by a resync when it meets the gap (``Follower``).
                context.logger.warning(
                    "events were pruned before this daemon read them; re-reading the catalog and every plan's schedule",
                    metadata: ["after": "\(last)", "oldest": "\(first.revision)"]
                )
                context.cache.invalidateAll()
                await catalogs.adoptStored()
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
                await applyRemote(remote)
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
    private func applyRemote(_ events: [StoredEvent]) async {
        for event in events {
            switch EventType(rawValue: event.type) {
            case .catalogReplaced?:
                await catalogs.adoptStored()
            case .planDeleted?:
                if let plan = event.plan { context.changes.notify(.removed(plan)) }
            case _ where event.plan != nil:
                if let plan = event.plan { context.changes.notify(.changed(plan)) }
            default:
                break
            }
        }
    }
}

import Foundation
import HeadstartAPI
import HeadstartStore

/// The event log as watchers read it: pages after a revision, its ends, who may see what.
struct EventLog: Sendable {
    let context: ServiceContext

    /// Events read from the log at once.
    static let page = 500

    /// Events after `revision`, oldest first, a page at a time, with their lines.
    func events(after revision: Int64, limit: Int = EventLog.page) async throws(ServiceError) -> [LoggedEvent] {
        let stored = try await context.read { tx in try await tx.events(after: revision, limit: limit) }
        do {
            return try stored.map(LoggedEvent.init)
        } catch {
            throw ServiceError(.storeCorrupt, "an event in the log does not read back: \(error)")
        }
    }

    /// The newest event's revision, 0 for an empty log.
    func lastRevision() async throws(ServiceError) -> Int64 {
        try await context.read { tx in try await tx.lastEventRevision() }
    }

    /// The oldest event still in the log.
    func oldestRevision() async throws(ServiceError) -> Int64? {
        try await context.read { tx in try await tx.oldestEventRevision() }
    }

    /// Whether the caller may see an event: daemon-wide events are public, a plan's follow its owner.
    func mayRead(_ event: LoggedEvent, _ caller: Caller) -> Bool {
        event.plan == nil || context.policy.mayRead(owner: event.ownerUID, host: event.ownerHost, caller)
    }

    /// Appends a `shutdown` event, publishes it and ends every watch stream. With a shared store
    /// one daemon's stop is not the log's business: its own watchers get an unlogged `shutdown`
    /// line (no revision, as `resync`), and the other daemons' watchers hear nothing.
    func announceShutdown() async {
        let at = context.clock.now()
        if context.isShared {
            let line = try? APIJSON.line(EventLine(revision: nil, plan: nil, time: at, event: .shutdown))
            await context.hub.close(farewell: line)
            return
        }
        if let event = try? await context.write({ tx in try await tx.append(.shutdown, plan: nil, time: at) }) {
            await context.publish([event])
        }
        await context.hub.close()
    }
}

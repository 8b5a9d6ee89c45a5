import Foundation
import HeadstartAPI
import HeadstartStore
import Hummingbird
import Logging
import NIOCore

/// `GET /v1/events[?since=REV]`: replays the log after `since`, then follows live events,
/// one JSON object per line, until the client or the daemon goes away.
struct EventStream: Sendable {
    let service: PlanService

    @Sendable func handle(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        let since: Int64?
        if let text = request.uri.queryParameters["since"] {
            guard let value = Int64(String(text)), value >= 0 else {
                throw Problem(.badRequest, "since must be a revision number (0 or more), found '\(text)'")
            }
            since = value
        } else {
            since = nil
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/x-ndjson"
        headers[.cacheControl] = "no-store"
        // HEAD: the headers a stream would get, and no subscription.
        if context.isHead { return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: nil) { try await $0.finish(nil) }) }

        let caller = Caller.peer(context.peer)
        let ledger = service.ledger
        let uid = caller.uid
        if let uid, !ledger.admit(.watcher, uid, exempt: service.policy.isAdmin(caller)) {
            throw Problem(.tooManyWatchers, "uid \(uid) already holds \(ledger.watchersPerUID) event streams; close one first")
        }
        // Given back when the stream ends or the connection closes, whichever is first: a client
        // that closes before the response starts never runs the body below.
        let admission = uid.map { ConnectionLedger.Admission(ledger, .watcher, $0) }
        // A live-only watcher starts after the newest event now; one committed before it subscribes
        // but published after is filled in from the log (see ``Follower``).
        let newest: Int64
        do {
            newest = try await service.lastEventRevision()
        } catch {
            admission?.release()
            throw Problem(error)
        }
        // Subscribe before replaying the log, so nothing falls between the replay and the live part.
        let hub = service.hub
        let (id, live) = await hub.subscribe()
        // A watcher whose client has gone is freed when the connection closes, not at the next
        // event written to it: otherwise closed watchers pile up between events.
        context.channel?.closeFuture.whenComplete { _ in
            admission?.release()
            // A bare task: NIO calls this back synchronously on its event loop, where nothing can
            // be awaited; the hub's actor takes the watcher off at once.
            Task { await hub.unsubscribe(id) }
        }
        let service = self.service
        let logger = context.logger
        return Response(
            status: .ok,
            headers: headers,
            body: ResponseBody { writer in
                defer { admission?.release() }
                var follower = Follower(service: service, caller: caller)
                do {
                    try await follower.run(since: since, newest: newest, live: live, hubID: id) { line in
                        try await writer.write(ByteBuffer(bytes: line))
                    }
                } catch let failure as ServiceError {
                    // The store failed under the stream: say so and end it, so the client resumes.
                    logger.error("event stream ended on a store error", metadata: ["error": "\(failure.detail)"])
                    DaemonMetrics.failed("event-stream")
                    try? await writer.write(
                        ByteBuffer(bytes: LoggedEvent.resync(reason: .daemonError, resumeFrom: follower.last, at: service.clock.now()))
                    )
                } catch {
                    // The client went away mid-write.
                }
                await hub.unsubscribe(id)
                try await writer.finish(nil)
            }
        )
    }
}

/// One watcher's position in the log: what it has been sent, and how to catch up.
struct Follower {
    let service: PlanService
    let caller: Caller
    /// The last revision sent (or skipped as not the caller's).
    private(set) var last: Int64 = 0

    /// Replays after `since`, then follows `live`. Live events can arrive out of revision order
    /// (each writer publishes after its own commit); a gap is filled from the log, where every
    /// committed event is, so each revision goes out once and in order.
    mutating func run(since: Int64?, newest: Int64, live: AsyncStream<LoggedEvent>, hubID: Int, send: ([UInt8]) async throws -> Void) async throws {
        if let since {
            if since > newest {
                // Ahead of the log (a store that was reset): say where it ends and follow from there.
                try await send(LoggedEvent.resync(reason: .aheadOfLog, resumeFrom: newest, at: service.clock.now()))
                last = newest
            } else {
                // Events pruned from the log cannot be replayed: the catch-up says so (a resync).
                last = since
                try await catchUp(through: nil, send: send)
            }
        } else {
            last = newest
        }
        for await event in live where event.revision > last {
            if event.revision > last + 1 { try await catchUp(through: event.revision - 1, send: send) }
            guard event.revision > last else { continue }
            last = event.revision
            guard service.mayRead(event, caller) else { continue }
            try await send(event.line)
        }
        if await service.hub.overflowed(hubID) {
            try await send(LoggedEvent.resync(reason: .slowConsumer, resumeFrom: last, at: service.clock.now()))
        } else if let farewell = await service.hub.farewell {
            try await send(farewell)
        }
    }

    /// Sends logged events after the position, up to `through` (all of them when nil).
    private mutating func catchUp(through end: Int64?, send: ([UInt8]) async throws -> Void) async throws {
        while true {
            let page = try await service.loggedEvents(after: last)
            // The log no longer holds the next revision (pruned before this watcher read it: a
            // `since` too old, or a daemon that fell behind a shared store's log): say so rather
            // than leave a silent gap, and go on from what is kept.
            if let first = page.first, first.revision > last + 1 {
                try await send(LoggedEvent.resync(reason: .pruned, resumeFrom: first.revision - 1, at: service.clock.now()))
                last = first.revision - 1
            }
            for event in page {
                if let end, event.revision > end { return }
                last = event.revision
                if service.mayRead(event, caller) { try await send(event.line) }
            }
            guard page.count >= EventLog.page else { return }
        }
    }
}

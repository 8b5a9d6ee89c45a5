import Foundation
import HeadstartStore
import Hummingbird

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
        // Subscribe before reading the log, so nothing falls between the replay and the live part.
        let hub = service.hub
        let (id, live) = await hub.subscribe()
        let service = self.service
        let caller = Caller.peer(context.peer)
        var headers = HTTPFields()
        headers[.contentType] = "application/x-ndjson"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var last = since ?? 0
            do {
                if let since {
                    // Events pruned from the log cannot be replayed: say so rather than leave a silent gap.
                    if let oldest = try await service.oldestEventRevision(), since + 1 < oldest {
                        try await writer.write(ByteBuffer(bytes: EventLine.resync(reason: "pruned", resumeFrom: oldest - 1, at: service.now())))
                    }
                    var cursor = since
                    while true {
                        let page = try await service.events(after: cursor)
                        for event in page where service.mayRead(event, caller) { try await writer.write(ByteBuffer(bytes: EventLine.data(event))) }
                        guard let end = page.last?.revision else { break }
                        cursor = end
                        last = end
                    }
                }
                for await event in live where event.revision > last {
                    last = event.revision
                    guard service.mayRead(event, caller) else { continue }
                    try await writer.write(ByteBuffer(bytes: EventLine.data(event)))
                }
                if await hub.overflowed(id) {
                    try await writer.write(ByteBuffer(bytes: EventLine.resync(reason: "slow-consumer", resumeFrom: last, at: service.now())))
                }
            } catch {
                // The client went away mid-write.
            }
            await hub.unsubscribe(id)
            try await writer.finish(nil)
        })
    }
}

import Foundation
import HeadstartAPI
import HeadstartFormats
import HeadstartStore

/// An event as the hub fans it out: who may see it, and its line, encoded once for every watcher.
public struct LoggedEvent: Sendable {
    public let revision: Int64
    public let plan: String?
    /// The owner of `plan` when the event happened; nil for daemon-wide events.
    public let ownerUID: UInt32?
    /// That owner's host, with a shared store.
    public let ownerHost: String?
    /// Its type, for the daemon's own listeners (the export writer); nil when not known.
    public let type: EventType?
    /// The line of `GET /v1/events`, with its newline.
    public let line: [UInt8]

    /// A logged event read back from the store: its line from the stored payload's bytes, which
    /// the daemon wrote compact with sorted keys; a payload that is not one JSON object is read
    /// as a typed event, which says what is wrong with it.
    init(_ stored: StoredEvent) throws {
        guard let type = EventType(rawValue: stored.type) else { throw APIJSON.Unreadable(description: "unknown event type '\(stored.type)'") }
        if let line = EventLine.line(
            revision: stored.revision,
            plan: stored.plan,
            time: stored.time,
            type: type,
            storedPayload: Array(stored.payload)
        ) {
            self.init(revision: stored.revision, plan: stored.plan, ownerUID: stored.ownerUID, ownerHost: stored.ownerHost, type: type, line: line)
            return
        }
        let event = try Event.decode(type: type, payload: stored.payload)
        try self.init(
            revision: stored.revision,
            plan: stored.plan,
            ownerUID: stored.ownerUID,
            ownerHost: stored.ownerHost,
            time: stored.time,
            event: event
        )
    }

    init(revision: Int64, plan: String?, ownerUID: UInt32?, ownerHost: String? = nil, time: Date, event: Event) throws {
        self.init(
            revision: revision,
            plan: plan,
            ownerUID: ownerUID,
            ownerHost: ownerHost,
            type: event.type,
            line: try APIJSON.line(EventLine(revision: revision, plan: plan, time: time, event: event))
        )
    }

    init(revision: Int64, plan: String?, ownerUID: UInt32?, ownerHost: String? = nil, type: EventType? = nil, line: [UInt8]) {
        self.type = type
        self.revision = revision
        self.plan = plan
        self.ownerUID = ownerUID
        self.ownerHost = ownerHost
        self.line = line
    }

    /// The `resync` line: the watcher missed events and should reconnect with `since=resumeFrom`
    /// (and re-read what it tracks if the events after that are gone).
    static func resync(reason: Resync.Reason, resumeFrom: Int64, at time: Date) -> [UInt8] {
        let line = EventLine(revision: nil, plan: nil, time: time, event: .resync(Resync(reason: reason, resumeFrom: resumeFrom)))
        return (try? APIJSON.line(line)) ?? Array("{\"type\":\"resync\"}\n".utf8)
    }
}

/// An event just committed, its payload encoded once as a tree: stored from it, and its line
/// written from it when (and only when) some watcher is there to read it.
public struct CommittedEvent: Sendable {
    let revision: Int64
    let plan: String?
    let ownerUID: UInt32?
    let ownerHost: String?
    let time: Date
    let type: EventType
    let payload: JSONNode

    var logged: LoggedEvent {
        LoggedEvent(
            revision: revision,
            plan: plan,
            ownerUID: ownerUID,
            ownerHost: ownerHost,
            type: type,
            line: EventLine.line(revision: revision, plan: plan, time: time, type: type, payload: payload)
        )
    }
}

extension PlanStoreWriter {
    /// Appends a typed event to the log.
    func append(_ event: Event, plan: String?, owner: UInt32? = nil, host: String? = nil, time: Date) async throws -> CommittedEvent {
        let payload = try JSONValueEncoder.node(Event.Payload(event))
        var writer = JSONWriter(capacity: 1024, compact: true)
        payload.write(to: &writer)
        let stored = try await appendEvent(
            type: event.type.rawValue,
            plan: plan,
            ownerUID: owner,
            ownerHost: host,
            time: time,
            payload: Data(writer.bytes)
        )
        return CommittedEvent(revision: stored.revision, plan: plan, ownerUID: owner, ownerHost: host, time: time, type: event.type, payload: payload)
    }
}

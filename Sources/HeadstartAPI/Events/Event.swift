import Foundation

/// An event of the daemon's log, one case per type with its payload.
public enum Event: Sendable, Equatable {
    case planSubmitted(PlanSubmitted)
    case planDeleted(PlanDeleted)
    case recommendationsChanged(RecommendationsChanged)
    case replanned(Replanned)
    case planInvalid(PlanInvalid)
    case catalogReplaced(CatalogReplaced)
    case catalogRejected(CatalogRejected)
    case shutdown
    case resync(Resync)

    public var type: EventType {
        switch self {
        case .planSubmitted: return .planSubmitted
        case .planDeleted: return .planDeleted
        case .recommendationsChanged: return .recommendationsChanged
        case .replanned: return .replanned
        case .planInvalid: return .planInvalid
        case .catalogReplaced: return .catalogReplaced
        case .catalogRejected: return .catalogRejected
        case .shutdown: return .shutdown
        case .resync: return .resync
        }
    }

    /// Writes the payload's own fields into `encoder` (the line adds its head beside them).
    public func encodePayload(to encoder: any Encoder) throws {
        switch self {
        case .planSubmitted(let p): try p.encode(to: encoder)
        case .planDeleted(let p): try p.encode(to: encoder)
        case .recommendationsChanged(let p): try p.encode(to: encoder)
        case .replanned(let p): try p.encode(to: encoder)
        case .planInvalid(let p): try p.encode(to: encoder)
        case .catalogReplaced(let p): try p.encode(to: encoder)
        case .catalogRejected(let p): try p.encode(to: encoder)
        case .shutdown: _ = encoder.container(keyedBy: EventLine.Head.self)
        case .resync(let p): try p.encode(to: encoder)
        }
    }

    /// Reads the payload of an event of `type` from `decoder`.
    public init(type: EventType, payload decoder: any Decoder) throws {
        switch type {
        case .planSubmitted: self = .planSubmitted(try PlanSubmitted(from: decoder))
        case .planDeleted: self = .planDeleted(try PlanDeleted(from: decoder))
        case .recommendationsChanged: self = .recommendationsChanged(try RecommendationsChanged(from: decoder))
        case .replanned: self = .replanned(try Replanned(from: decoder))
        case .planInvalid: self = .planInvalid(try PlanInvalid(from: decoder))
        case .catalogReplaced: self = .catalogReplaced(try CatalogReplaced(from: decoder))
        case .catalogRejected: self = .catalogRejected(try CatalogRejected(from: decoder))
        case .shutdown: self = .shutdown
        case .resync: self = .resync(try Resync(from: decoder))
        }
    }

    /// The payload alone, as the event log stores it.
    public struct Payload: Encodable {
        public let event: Event

        public init(_ event: Event) {
            self.event = event
        }

        public func encode(to encoder: any Encoder) throws {
            try event.encodePayload(to: encoder)
        }
    }
}

/// One line of `GET /v1/events`: the event's head (`revision`, `type`, `plan`, `time`) and its
/// payload's fields in one object.
public struct EventLine: Codable, Sendable, Equatable {
    /// Strictly increasing across the log; null on a `resync` line, which is not logged.
    public var revision: Int64?
    /// The plan the event is about; null for daemon-wide events.
    public var plan: String?
    public var time: Date
    public var event: Event

    public init(revision: Int64?, plan: String?, time: Date, event: Event) {
        self.revision = revision
        self.plan = plan
        self.time = time
        self.event = event
    }

    enum Head: String, CodingKey { case revision, type, plan, time }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Head.self)
        try c.encode(revision, forKey: .revision)
        try c.encode(event.type, forKey: .type)
        try c.encode(plan, forKey: .plan)
        try c.encode(time, forKey: .time)
        try event.encodePayload(to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Head.self)
        revision = try c.decode(Int64?.self, forKey: .revision)
        plan = try c.decode(String?.self, forKey: .plan)
        time = try c.decode(Date.self, forKey: .time)
        event = try Event(type: try c.decode(EventType.self, forKey: .type), payload: decoder)
    }
}

extension Event {
    /// Reads a stored payload (the event's own fields, as ``Payload`` wrote them).
    public static func decode(type: EventType, payload: Data) throws(APIJSON.Unreadable) -> Event {
        struct Reader: Decodable {
            let event: Event
            init(from decoder: any Decoder) throws {
                guard let type = decoder.userInfo[Event.typeKey] as? EventType else {
                    throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no event type given"))
                }
                event = try Event(type: type, payload: decoder)
            }
        }
        return try APIJSON.decode(Reader.self, from: payload, userInfo: [typeKey: type]).event
    }

    static let typeKey: CodingUserInfoKey = {
        guard let key = CodingUserInfoKey(rawValue: "headstart.eventType") else { preconditionFailure("a constant key") }
        return key
    }()
}

extension EventLine {
    /// The line of an event whose payload is already a tree (as the log stored it): the head's
    /// members added beside the payload's. The same bytes as encoding the ``EventLine``, without
    /// encoding the payload a second time.
    public static func line(revision: Int64?, plan: String?, time: Date, type: EventType, payload: JSONNode) -> [UInt8] {
        // A payload is always an object (one with no fields for `shutdown`).
        var members: [(String, JSONNode)] = []
        if case .object(let fields) = payload { members = fields }
        members.append(("revision", revision.map { .number(String($0)) } ?? .null))
        members.append(("type", .string(type.rawValue)))
        members.append(("plan", plan.map { .string($0) } ?? .null))
        members.append(("time", .string(Timestamp.string(time))))
        var writer = JSONWriter(capacity: 1024, compact: true)
        JSONNode.object(members).write(to: &writer)
        return writer.finish()
    }
}

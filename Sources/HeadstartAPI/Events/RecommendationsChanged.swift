/// `recommendations-changed`: what changed, and why.
public struct RecommendationsChanged: Codable, Sendable, Equatable {
    public var because: ChangedBecause
    public var changes: [RecommendationChange]
    /// The plan validates again: its answer is current once more.
    public var staleCleared: Bool?
    /// Moves damping held back.
    public var heldBack: [HeldBack]?

    public init(because: ChangedBecause, changes: [RecommendationChange], staleCleared: Bool? = nil, heldBack: [HeldBack]? = nil) {
        self.because = because
        self.changes = changes
        self.staleCleared = staleCleared
        self.heldBack = heldBack
    }

    enum Keys: String, CodingKey {
        case changedBecause, changes, staleCleared, heldBack
        case planRevisions, trigger, asOf, boundaries, retirements, catalogVersions, offers
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(changes, forKey: .changes)
        try c.encodeIfPresent(staleCleared, forKey: .staleCleared)
        try c.encodeIfPresent(heldBack, forKey: .heldBack)
        switch because {
        case .plan(let revisions):
            try c.encode("plan", forKey: .changedBecause)
            try c.encode(revisions, forKey: .planRevisions)
        case .time(let trigger, let asOf, let boundaries, let retirements):
            try c.encode("time", forKey: .changedBecause)
            try c.encode(trigger, forKey: .trigger)
            try c.encode(asOf, forKey: .asOf)
            try c.encode(boundaries, forKey: .boundaries)
            if !retirements.isEmpty { try c.encode(retirements, forKey: .retirements) }
        case .catalog(let versions, let offers):
            try c.encode("catalog", forKey: .changedBecause)
            try c.encode(versions, forKey: .catalogVersions)
            try c.encodeIfPresent(offers, forKey: .offers)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        changes = try c.decode([RecommendationChange].self, forKey: .changes)
        staleCleared = try c.decodeIfPresent(Bool.self, forKey: .staleCleared)
        heldBack = try c.decodeIfPresent([HeldBack].self, forKey: .heldBack)
        switch try c.decode(String.self, forKey: .changedBecause) {
        case "plan":
            because = .plan(try c.decode(Transition<Int>.self, forKey: .planRevisions))
        case "time":
            because = .time(
                trigger: try c.decode(ReplanTrigger.self, forKey: .trigger),
                asOf: try c.decode(Transition<String>.self, forKey: .asOf),
                boundaries: try c.decode([String].self, forKey: .boundaries),
                retirements: try c.decodeIfPresent([String].self, forKey: .retirements) ?? []
            )
        case "catalog":
            because = .catalog(
                versions: try c.decode(Transition<String>.self, forKey: .catalogVersions),
                offers: try c.decodeIfPresent([OfferChange].self, forKey: .offers)
            )
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .changedBecause, in: c, debugDescription: "unknown changedBecause '\(other)'")
        }
    }
}

/// Why recommendations changed.
public enum ChangedBecause: Sendable, Equatable {
    /// A new revision of the plan; `from` is null for a new plan.
    case plan(Transition<Int>)
    /// Time passed: the trigger, the as-of days, the phase boundaries crossed and which of those
    /// were retirements.
    case time(trigger: ReplanTrigger, asOf: Transition<String>, boundaries: [String], retirements: [String])
    /// The catalog changed; `offers` is absent when the daemon found the change at start-up.
    case catalog(versions: Transition<String>, offers: [OfferChange]?)
}

/// A value before and after; `from` is null when there was none.
public struct Transition<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    @ExplicitNull public var from: Value?
    public var to: Value

    public init(from: Value?, to: Value) {
        self.from = from
        self.to = to
    }
}

/// One recommendation that changed: its status, current placement and timeline before and
/// after (null when it did not exist).
public struct RecommendationChange: Codable, Sendable, Equatable {
    public var workload: String
    public var capability: String
    @ExplicitNull public var before: Side?
    @ExplicitNull public var after: Side?

    public init(workload: String, capability: String, before: Side?, after: Side?) {
        self.workload = workload
        self.capability = capability
        self.before = before
        self.after = after
    }

    /// The parts of a recommendation a change reports.
    public struct Side: Codable, Sendable, Equatable {
        public var status: String
        @ExplicitNull public var current: RecommendationsBody.Phase?
        public var timeline: [RecommendationsBody.Phase]

        public init(status: String, current: RecommendationsBody.Phase?, timeline: [RecommendationsBody.Phase]) {
            self.status = status
            self.current = current
            self.timeline = timeline
        }
    }
}

/// A move damping (`minDwellDays`) held back.
public struct HeldBack: Codable, Sendable, Equatable {
    public var workload: String
    public var capability: String
    public var cloud: String
    public var region: String
    public var until: String
    /// Where the engine would have moved it, "CLOUD REGION"; null when nowhere.
    @ExplicitNull public var wouldMoveTo: String?

    public init(workload: String, capability: String, cloud: String, region: String, until: String, wouldMoveTo: String?) {
        self.workload = workload
        self.capability = capability
        self.cloud = cloud
        self.region = region
        self.until = until
        self.wouldMoveTo = wouldMoveTo
    }
}

/// One offer whose facts differ between two catalogs: "aws eu-central-1 confirmed".
public struct OfferChange: Codable, Sendable, Hashable {
    public var capability: String
    public var cloud: String
    public var region: String
    public var change: Kind
    public var before: String?
    public var after: String?
    public var summary: String

    /// What changed about the offer; on the wire as its raw value.
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable {
        /// The catalog gained the offer, or lost it.
        case added, removed
        /// An expected or estimated offer is now available `since` a day.
        case confirmed
        /// Its day moved (or it went from available to expected).
        case date
        case stage, retires, deprecated
    }

    public init(capability: String, cloud: String, region: String, change: Kind, before: String? = nil, after: String? = nil) {
        self.capability = capability
        self.cloud = cloud
        self.region = region
        self.change = change
        self.before = before
        self.after = after
        switch change {
        case .added, .removed, .confirmed: summary = "\(cloud) \(region) \(change.rawValue)"
        case .date, .stage, .retires, .deprecated: summary = "\(cloud) \(region) \(change.rawValue) \(before ?? "-") -> \(after ?? "-")"
        }
    }
}

import Foundation
import HeadstartEngine

/// One submitted revision of a plan, exactly as sent.
public struct PlanRevision: Sendable, Hashable {
    public var plan: String
    public var revision: Int
    /// The YAML bytes as submitted.
    public var yaml: Data
    /// The submitter's uid as the socket reported it; nil when unknown.
    public var submitterUID: UInt32?
    public var submittedAt: Date

    public init(plan: String, revision: Int, yaml: Data, submitterUID: UInt32?, submittedAt: Date) {
        self.plan = plan
        self.revision = revision
        self.yaml = yaml
        self.submitterUID = submitterUID
        self.submittedAt = submittedAt
    }
}

/// The latest recommendations of a plan, as computed for one day and catalog.
public struct StoredRecommendations: Sendable, Hashable {
    public var plan: String
    /// The `headstart plan --format json` document.
    public var document: Data
    /// The same with `--explain`: candidates, rejections, diagnosis.
    public var explained: Data
    /// The day the recommendations were computed for.
    public var asOf: Day
    public var catalogVersion: String
    /// Nil when nothing changes before the horizon.
    public var nextReplanAt: Day?
    /// Why the plan re-plans on `nextReplanAt`; nil when unknown (stored before the reason was)
    /// or with no re-plan due.
    public var nextReplanReason: ReplanReason?
    /// Counts per status (`late`, `placed`, `unplaceable`, `waiting`).
    public var summary: [String: Int]
    public var computedAt: Date
    /// Set when the plan no longer validates against the catalog in force: these recommendations
    /// are the last good ones, kept and served marked stale.
    public var stale: Stale?
    /// For each current placement that ends by retirement, its last day plus one: what
    /// `headstart_placements_retiring` counts without reading the documents.
    public var retiring: [Day]
    /// The needs with no placement today, for the exports; nil in recommendations stored before
    /// the store kept them (its placements then lack what runs there too).
    public var unplaced: [Unplaced]?

    /// Why stored recommendations are stale.
    public struct Stale: Sendable, Hashable, Codable {
        /// The catalog in force that the plan does not validate against.
        public var catalogVersion: String
        /// The validation errors, as `FILE:LINE:COL: error: MESSAGE` lines.
        public var errors: [String]

        public init(catalogVersion: String, errors: [String]) {
            self.catalogVersion = catalogVersion
            self.errors = errors
        }
    }

    public init(
        plan: String,
        document: Data,
        explained: Data,
        asOf: Day,
        catalogVersion: String,
        nextReplanAt: Day?,
        summary: [String: Int],
        computedAt: Date,
        stale: Stale? = nil,
        retiring: [Day] = [],
        nextReplanReason: ReplanReason? = nil,
        unplaced: [Unplaced]? = nil
    ) {
        self.unplaced = unplaced
        self.nextReplanReason = nextReplanReason
        self.stale = stale
        self.retiring = retiring
        self.plan = plan
        self.document = document
        self.explained = explained
        self.asOf = asOf
        self.catalogVersion = catalogVersion
        self.nextReplanAt = nextReplanAt
        self.summary = summary
        self.computedAt = computedAt
    }
}

/// A stored plan's metadata.
public struct PlanRecord: Sendable, Hashable {
    public var name: String
    public var owner: String?
    /// The uid that first submitted the plan; nil when unknown.
    public var ownerUID: UInt32?
    /// The host it was submitted on, with a store shared between hosts (uids are per host);
    /// nil with a store of one daemon's own.
    public var ownerHost: String?
    public var revision: Int
    /// The plan's own cron schedule and its zone, nil for the daemon's defaults.
    public var schedule: String?
    public var timeZone: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        name: String,
        owner: String?,
        ownerUID: UInt32?,
        ownerHost: String? = nil,
        revision: Int,
        schedule: String? = nil,
        timeZone: String? = nil,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.name = name
        self.owner = owner
        self.ownerUID = ownerUID
        self.ownerHost = ownerHost
        self.revision = revision
        self.schedule = schedule
        self.timeZone = timeZone
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One entry of the event log.
public struct StoredEvent: Sendable, Hashable {
    /// Strictly increasing across the whole log.
    public var revision: Int64
    public var type: String
    public var plan: String?
    /// The owner of `plan` when the event happened, deciding who may see it; nil for daemon-wide events.
    public var ownerUID: UInt32?
    /// The host of that owner, with a shared store; nil otherwise.
    public var ownerHost: String?
    public var time: Date
    /// A JSON object with the event's own fields.
    public var payload: Data

    public init(revision: Int64, type: String, plan: String?, ownerUID: UInt32? = nil, ownerHost: String? = nil, time: Date, payload: Data) {
        self.revision = revision
        self.type = type
        self.plan = plan
        self.ownerUID = ownerUID
        self.ownerHost = ownerHost
        self.time = time
        self.payload = payload
    }
}

/// A catalog that replaced the built-in one.
public struct StoredCatalog: Sendable, Hashable {
    public var yaml: Data
    public var version: String
    public var replacedAt: Date
    public var replacedByUID: UInt32?

    public init(yaml: Data, version: String, replacedAt: Date, replacedByUID: UInt32?) {
        self.yaml = yaml
        self.version = version
        self.replacedAt = replacedAt
        self.replacedByUID = replacedByUID
    }
}

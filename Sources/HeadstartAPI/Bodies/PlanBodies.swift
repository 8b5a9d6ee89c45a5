import Foundation

/// `GET /v1/plans`.
public struct PlanListBody: Codable, Sendable, Equatable {
    public var plans: [PlanListing]
    /// Files of the `--plans` folder that were not stored, with why; for administrators, left out when none.
    public var skippedPlanFiles: [SkippedPlanFile]?

    public init(plans: [PlanListing], skippedPlanFiles: [SkippedPlanFile]? = nil) {
        self.plans = plans
        self.skippedPlanFiles = skippedPlanFiles
    }
}

/// A file of the `--plans` folder the daemon could not store, and why, as of its last look.
public struct SkippedPlanFile: Codable, Sendable, Equatable {
    public var file: String
    /// Each error, located (`FILE:LINE:COL: error: ...`) where it has a place.
    public var errors: [String]

    public init(file: String, errors: [String]) {
        self.file = file
        self.errors = errors
    }
}

/// One plan of `GET /v1/plans`; the recommendation facts are null for a plan never planned.
public struct PlanListing: Codable, Sendable, Equatable {
    public var name: String
    @ExplicitNull public var owner: String?
    public var revision: Int
    /// When the latest revision was stored.
    public var updated: Date
    /// Recommendations per status.
    @ExplicitNull public var summary: [String: Int]?
    @ExplicitNull public var nextReplanAt: String?
    /// Why the plan re-plans on `nextReplanAt`; left out when unknown or with no re-plan due.
    public var nextReplanReason: ReplanReason?

    /// Why a plan re-plans on its next re-plan day, as the engine says it.
    public enum ReplanReason: String, Codable, Sendable, CaseIterable {
        /// A phase of the timeline starts or ends that day.
        case phase
        /// A move held back by `minDwellDays` may happen that day.
        case hold
        /// A forecast is overdue: it is checked every day until it is confirmed or dropped.
        case overdue
    }
    @ExplicitNull public var asOf: String?
    @ExplicitNull public var catalogVersion: String?
    public var status: PlanStatus

    public init(
        name: String,
        owner: String?,
        revision: Int,
        updated: Date,
        summary: [String: Int]?,
        nextReplanAt: String?,
        nextReplanReason: ReplanReason? = nil,
        asOf: String?,
        catalogVersion: String?,
        status: PlanStatus
    ) {
        self.nextReplanReason = nextReplanReason
        self.name = name
        self.owner = owner
        self.revision = revision
        self.updated = updated
        self.summary = summary
        self.nextReplanAt = nextReplanAt
        self.asOf = asOf
        self.catalogVersion = catalogVersion
        self.status = status
    }
}

/// Whether a plan's stored answer is current or kept from an older catalog.
public enum PlanStatus: String, Codable, Sendable {
    case current
    /// The plan does not validate against the catalog in force; its last valid answer is kept.
    case stale
}

/// `GET /v1/plans/{name}[?revision=N]`.
public struct PlanBody: Codable, Sendable, Equatable {
    public var name: String
    @ExplicitNull public var owner: String?
    public var revision: Int
    public var latestRevision: Int
    public var submitted: Date
    @ExplicitNull public var submitterUid: UInt32?
    @ExplicitNull public var ownerUid: UInt32?
    /// The host of `ownerUid`, with a store shared between hosts (left out otherwise).
    public var ownerHost: String?
    public var created: Date
    /// The plan exactly as submitted.
    public var yaml: String

    public init(
        name: String,
        owner: String?,
        revision: Int,
        latestRevision: Int,
        submitted: Date,
        submitterUid: UInt32?,
        ownerUid: UInt32?,
        ownerHost: String? = nil,
        created: Date,
        yaml: String
    ) {
        self.ownerHost = ownerHost
        self.name = name
        self.owner = owner
        self.revision = revision
        self.latestRevision = latestRevision
        self.submitted = submitted
        self.submitterUid = submitterUid
        self.ownerUid = ownerUid
        self.created = created
        self.yaml = yaml
    }
}

/// `PUT /v1/plans/{name}` (201 for a new plan, 200 for a new or unchanged revision).
public struct PlanStoredBody: Codable, Sendable {
    public var name: String
    public var revision: Int
    /// The recommendations document, as `GET .../recommendations` gives it.
    public var recommendations: Prewritten<RecommendationsBody>

    public init(name: String, revision: Int, recommendations: Prewritten<RecommendationsBody>) {
        self.name = name
        self.revision = revision
        self.recommendations = recommendations
    }
}

/// A value the daemon may already hold as JSON bytes (a stored document): those are sent as they
/// are, since parsing and re-encoding them would cost more than planning. A client always reads
/// the typed value.
public enum Prewritten<Value: Codable & Sendable>: Codable, Sendable {
    case value(Value)
    case written(JSONFragment)

    public init(from decoder: any Decoder) throws {
        self = .value(try Value(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .value(let value): try value.encode(to: encoder)
        case .written(let fragment):
            var c = encoder.singleValueContainer()
            try c.encode(fragment)
        }
    }

    /// The typed value; nil for bytes not read back.
    public var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }
}

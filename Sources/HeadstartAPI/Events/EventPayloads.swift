/// `plan-submitted`: a new revision of a plan was stored.
public struct PlanSubmitted: Codable, Sendable, Equatable {
    public var planRevision: Int
    @ExplicitNull public var submitterUid: UInt32?
    /// Whether this revision created the plan.
    public var created: Bool

    public init(planRevision: Int, submitterUid: UInt32?, created: Bool) {
        self.planRevision = planRevision
        self.submitterUid = submitterUid
        self.created = created
    }
}

/// `plan-deleted`: the plan was removed; its history stays in the log.
public struct PlanDeleted: Codable, Sendable, Equatable {
    public var planRevision: Int

    public init(planRevision: Int) {
        self.planRevision = planRevision
    }
}

/// `replanned`: a re-plan changed nothing (`changed` is always false).
public struct Replanned: Codable, Sendable, Equatable {
    public var changed: Bool
    /// Why a re-plan over time ran; left out for others.
    public var trigger: ReplanTrigger?
    /// The instant a scheduled or date-driven re-plan fell due (ISO 8601), left out for others:
    /// one instant is re-planned once, whichever daemon leads.
    public var due: String?
    /// The plan validates again: its answer is current once more.
    public var staleCleared: Bool?
    /// Moves damping held back.
    public var heldBack: [HeldBack]?

    public init(trigger: ReplanTrigger?, due: String? = nil, staleCleared: Bool?, heldBack: [HeldBack]?) {
        self.changed = false
        self.due = due
        self.trigger = trigger
        self.staleCleared = staleCleared
        self.heldBack = heldBack
    }
}

/// `plan-invalid`: the plan does not validate against the catalog in force; its last answer
/// is kept, marked stale.
public struct PlanInvalid: Codable, Sendable, Equatable {
    public var catalogVersion: String
    /// The catalog the kept answer was planned with.
    @ExplicitNull public var plannedWith: String?
    public var errors: [String]

    public init(catalogVersion: String, plannedWith: String?, errors: [String]) {
        self.catalogVersion = catalogVersion
        self.plannedWith = plannedWith
        self.errors = errors
    }
}

/// `catalog-replaced`: a new catalog is in force.
public struct CatalogReplaced: Codable, Sendable, Equatable {
    public var version: String
    public var previousVersion: String
    @ExplicitNull public var replacedByUid: UInt32?
    public var offers: [OfferChange]
    public var source: CatalogSource

    public init(version: String, previousVersion: String, replacedByUid: UInt32?, offers: [OfferChange], source: CatalogSource) {
        self.version = version
        self.previousVersion = previousVersion
        self.replacedByUid = replacedByUid
        self.offers = offers
        self.source = source
    }
}

/// `catalog-rejected`: the `--catalog` file does not validate; the catalog in force stays.
public struct CatalogRejected: Codable, Sendable, Equatable {
    public var file: String
    public var errors: [String]
    public var inForce: String

    public init(file: String, errors: [String], inForce: String) {
        self.file = file
        self.errors = errors
        self.inForce = inForce
    }
}

/// `resync`: the watcher should reconnect with `since=resumeFrom`.
public struct Resync: Codable, Sendable, Equatable {
    public var reason: Reason
    public var resumeFrom: Int64

    /// Why the watcher must reconnect; on the wire as its raw value.
    public enum Reason: String, Codable, Sendable, Hashable, CaseIterable {
        /// The `since` asked for is beyond the last revision (a reset store).
        case aheadOfLog = "ahead-of-log"
        /// Revisions the watcher would need next are no longer kept.
        case pruned
        /// The watcher fell too far behind the live stream.
        case slowConsumer = "slow-consumer"
        /// The daemon could not read its log.
        case daemonError = "daemon-error"
    }

    public init(reason: Reason, resumeFrom: Int64) {
        self.reason = reason
        self.resumeFrom = resumeFrom
    }
}

/// The recommendations document as typed wire values: what `plan --format json` prints, what
/// the daemon stores and serves, read back by clients and by the daemon itself (to mark a stale
/// answer). Its one writer is in `RecommendationsBody+Writer.swift`. Fields marked optional are
/// absent from documents stored by earlier releases or without `--explain`.
public struct RecommendationsBody: Decodable, JSONWritable, Equatable {
    public var apiVersion: String
    public var asOf: String
    public var byCapability: [String: [Placement]]
    public var catalogVersion: String
    public var kind: String
    public var nextReplanAt: String?
    public var plan: String
    /// Absent from a `--format summary` document.
    public var recommendations: [Recommendation]?
    /// Set by the daemon on an answer that no longer validates against the catalog in force.
    public var stale: Stale?
    public var summary: [String: Int]

    public init(
        apiVersion: String = "headstart/v1",
        asOf: String,
        byCapability: [String: [Placement]],
        catalogVersion: String,
        kind: String = "Recommendations",
        nextReplanAt: String?,
        plan: String,
        recommendations: [Recommendation]?,
        stale: Stale? = nil,
        summary: [String: Int]
    ) {
        self.apiVersion = apiVersion
        self.asOf = asOf
        self.byCapability = byCapability
        self.catalogVersion = catalogVersion
        self.kind = kind
        self.nextReplanAt = nextReplanAt
        self.plan = plan
        self.recommendations = recommendations
        self.stale = stale
        self.summary = summary
    }

    public struct Placement: Decodable, JSONWritable, Equatable {
        public var cloud: String
        public var region: String
        public var workloads: [String]

        public init(cloud: String, region: String, workloads: [String]) {
            self.cloud = cloud
            self.region = region
            self.workloads = workloads
        }
    }

    public struct Recommendation: Decodable, JSONWritable, Equatable {
        public var candidates: [Candidate]?
        public var capability: String
        public var current: Phase?
        public var diagnosis: String?
        public var rejected: [Rejection]?
        public var rejectedCounts: [String: Int]?
        public var status: String
        public var timeline: [Phase]
        public var why: String
        public var workload: String

        public init(
            candidates: [Candidate]?,
            capability: String,
            current: Phase?,
            diagnosis: String?,
            rejected: [Rejection]?,
            rejectedCounts: [String: Int]?,
            status: String,
            timeline: [Phase],
            why: String,
            workload: String
        ) {
            self.candidates = candidates
            self.capability = capability
            self.current = current
            self.diagnosis = diagnosis
            self.rejected = rejected
            self.rejectedCounts = rejectedCounts
            self.status = status
            self.timeline = timeline
            self.why = why
            self.workload = workload
        }
    }

    public struct Phase: Decodable, JSONWritable, Equatable {
        /// Absent from documents stored before phases named their capability: the need's own.
        public var capability: String?
        public var cloud: String
        public var flags: [String]
        public var from: String
        /// True when its offer rests on an assumption; absent otherwise.
        public var illustrative: Bool?
        public var region: String
        public var until: String?

        public init(capability: String?, cloud: String, flags: [String], from: String, illustrative: Bool? = nil, region: String, until: String?) {
            self.illustrative = illustrative
            self.capability = capability
            self.cloud = cloud
            self.flags = flags
            self.from = from
            self.region = region
            self.until = until
        }
    }

    public struct Candidate: Decodable, JSONWritable, Equatable {
        public var availableFrom: String
        public var capability: String?
        public var cloud: String
        public var dateKind: String
        /// True when its offer rests on an assumption; absent otherwise.
        public var illustrative: Bool?
        public var overdue: Bool
        public var processing: String?
        public var rank: Int
        public var region: String
        public var retires: String?
        public var source: String?
        public var stage: String?

        public init(
            availableFrom: String,
            capability: String?,
            cloud: String,
            dateKind: String,
            illustrative: Bool?,
            overdue: Bool,
            processing: String?,
            rank: Int,
            region: String,
            retires: String?,
            source: String?,
            stage: String?
        ) {
            self.availableFrom = availableFrom
            self.capability = capability
            self.cloud = cloud
            self.dateKind = dateKind
            self.illustrative = illustrative
            self.overdue = overdue
            self.processing = processing
            self.rank = rank
            self.region = region
            self.retires = retires
            self.source = source
            self.stage = stage
        }
    }

    public struct Rejection: Decodable, JSONWritable, Equatable {
        public var availableFrom: String?
        public var capability: String?
        public var cloud: String
        public var dateKind: String?
        public var detail: String?
        public var processing: String?
        public var reason: String
        public var region: String
        public var retires: String?
        public var source: String?
        public var stage: String?

        public init(
            availableFrom: String?,
            capability: String?,
            cloud: String,
            dateKind: String?,
            detail: String?,
            processing: String?,
            reason: String,
            region: String,
            retires: String?,
            source: String?,
            stage: String?
        ) {
            self.availableFrom = availableFrom
            self.capability = capability
            self.cloud = cloud
            self.dateKind = dateKind
            self.detail = detail
            self.processing = processing
            self.reason = reason
            self.region = region
            self.retires = retires
            self.source = source
            self.stage = stage
        }
    }

    /// Why a stored answer is not current.
    public struct Stale: Decodable, JSONWritable, Equatable {
        public var catalogInForce: String
        public var errors: [String]
        public var reason: String

        public init(catalogInForce: String, errors: [String]) {
            self.catalogInForce = catalogInForce
            self.errors = errors
            self.reason = "the plan does not validate against the catalog in force; these are its last valid recommendations"
        }
    }
}

extension KeyedDecodingContainer {
    /// A missing key reads as nil, as a null does: documents stored by earlier releases lack
    /// some keys that are now always written.
    public func decode<T>(_ type: ExplicitNull<T>.Type, forKey key: Key) throws -> ExplicitNull<T> {
        try decodeIfPresent(type, forKey: key) ?? ExplicitNull(wrappedValue: nil)
    }
}

import HeadstartEngine

/// One cloud listing read into what it shows: for one cloud and region, the offers it serves.
public struct Listing: Sendable, Hashable {
    public var kind: ListingKind
    public var cloud: String
    public var region: String
    /// The `NAME` of `CLOUD/REGION.NAME.json`, telling several listings of one region apart.
    public var name: String?
    /// Where it was read from, for messages and sources.
    public var file: String
    public var observations: [ListingObservation]
    /// The day it was seen; nil for the merge's day. Listings a daemon kept may be of different days.
    public var observedOn: Day?

    public init(
        kind: ListingKind,
        cloud: String,
        region: String,
        name: String?,
        file: String,
        observations: [ListingObservation],
        observedOn: Day? = nil
    ) {
        self.observedOn = observedOn
        self.kind = kind
        self.cloud = cloud
        self.region = region
        self.name = name
        self.file = file
        self.observations = observations
    }
}

/// One (capability, processing) a listing shows in its region, with the facts it gives.
public struct ListingObservation: Sendable, Hashable {
    public var capability: String
    public var processing: Processing
    public var stage: Stage
    public var retires: Day?
    public var deprecated: Day?
    public var model: String?
    public var modelVersion: String?
    /// The replacement the cloud names, as it spells it (kept only when the catalog has it).
    public var successor: String?
    /// `deprecated` is the day the listing was seen, from a state without a day (Azure's
    /// `Deprecating`, Bedrock's `LEGACY` without `legacyTime`): a daemon dates it from the first
    /// listing that showed that state instead, so a daily listing does not move it.
    public var deprecatedByState = false

    public init(
        capability: String,
        processing: Processing,
        stage: Stage,
        retires: Day? = nil,
        deprecated: Day? = nil,
        model: String? = nil,
        modelVersion: String? = nil,
        successor: String? = nil
    ) {
        self.capability = capability
        self.processing = processing
        self.stage = stage
        self.retires = retires
        self.deprecated = deprecated
        self.model = model
        self.modelVersion = modelVersion
        self.successor = successor
    }
}

/// A listing that cannot be read: the file, the JSON path when there is one, and why.
public struct ListingProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var path: String?
    public var message: String

    public init(file: String, path: String? = nil, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    /// `FILE: PATH: MESSAGE`, one line.
    public var description: String { "\(file): " + (path.map { "\($0): " } ?? "") + message }
}

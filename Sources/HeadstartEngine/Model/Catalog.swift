/// The facts the planner works from: which cloud offers which capability, where and since when.
public struct Catalog: Sendable, Hashable {
    /// Free text echoed in output as `catalogVersion`.
    public var version: String
    public var terms: Terms
    /// Every cloud, in catalog order, with its regions in catalog order.
    public var clouds: [Cloud]
    /// Every capability, in catalog order.
    public var capabilities: [Capability]

    public init(version: String, terms: Terms, clouds: [Cloud], capabilities: [Capability]) {
        self.version = version
        self.terms = terms
        self.clouds = clouds
        self.capabilities = capabilities
    }

    /// Capabilities and geos by name, for planning many workloads against one catalog.
    public struct Index: Sendable {
        let capabilities: [String: Capability]
        let geos: [String: [String: String]]

        public init(_ catalog: Catalog) {
            capabilities = Dictionary(catalog.capabilities.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            geos = Dictionary(
                catalog.clouds.map { cloud in
                    (cloud.name, Dictionary(cloud.regions.map { ($0.name, $0.geo) }, uniquingKeysWith: { first, _ in first }))
                },
                uniquingKeysWith: { first, _ in first }
            )
        }

        public func capability(named name: String) -> Capability? { capabilities[name] }

        /// `name` and, when `following`, its successors in order; a cycle (which the decoder
        /// refuses) stops at the first repeat.
        public func chain(from name: String, following: Bool) -> [Capability] {
            var out: [Capability] = []
            var next: String? = name
            while let current = next, let capability = capabilities[current], !out.contains(where: { $0.name == current }) {
                out.append(capability)
                next = following ? capability.successor : nil
            }
            return out
        }
        public func geo(cloud: String, region: String) -> String? { geos[cloud]?[region] }
    }
}

/// The terms of the Microsoft–OpenAI agreement that shape timelines.
public struct Terms: Sendable, Hashable {
    /// The cloud new products ship on first.
    public var firstAccessCloud: String
    /// Assumed lag of other clouds behind the first-access cloud when no date is known (and,
    /// under `measured`, for a cloud with too few samples).
    public var firstAccessWindowDays: Int
    /// Last day of Microsoft's licence to OpenAI IP.
    public var licenseThrough: Day
    /// How an undated offer's day is estimated.
    public var estimates: EstimateBasis
    /// Under `measured`, only capabilities launched on or after this day are samples; nil for all.
    public var measuredSince: Day?

    public init(
        firstAccessCloud: String,
        firstAccessWindowDays: Int,
        licenseThrough: Day,
        estimates: EstimateBasis = .window,
        measuredSince: Day? = nil
    ) {
        self.firstAccessCloud = firstAccessCloud
        self.firstAccessWindowDays = firstAccessWindowDays
        self.licenseThrough = licenseThrough
        self.estimates = estimates
        self.measuredSince = measuredSince
    }
}

/// `terms.estimates`: where the lag of an undated offer behind the launch comes from.
public enum EstimateBasis: String, Sendable, Hashable, CaseIterable {
    /// `firstAccessWindowDays` for every cloud.
    case window
    /// Each cloud's head start measured over the catalog's dated offers (`HeadStart`).
    case measured
}

/// A cloud and its regions.
public struct Cloud: Sendable, Hashable {
    public var name: String
    public var regions: [Region]

    public init(name: String, regions: [Region]) {
        self.name = name
        self.regions = regions
    }
}

/// A region and the residency geo it sits in.
public struct Region: Sendable, Hashable {
    public var name: String
    public var geo: String

    public init(name: String, geo: String) {
        self.name = name
        self.geo = geo
    }
}

/// An OpenAI capability (a model, an API, a product) and where it is offered.
public struct Capability: Sendable, Hashable {
    public var name: String
    /// Free label: chat, reasoning, realtime, image…
    public var kind: String
    /// First ship date, on the first-access cloud.
    public var launch: Day
    /// Microsoft declined to support it: no first-access lag, no usable first-access offers.
    public var azureDeclined: Bool
    public var offers: [Offer]
    /// The capability its provider names as the replacement, for `followSuccessor`.
    public var successor: String?

    public init(name: String, kind: String, launch: Day, azureDeclined: Bool = false, offers: [Offer], successor: String? = nil) {
        self.name = name
        self.kind = kind
        self.launch = launch
        self.azureDeclined = azureDeclined
        self.offers = offers
        self.successor = successor
    }
}

/// One cloud's offer of a capability in some regions.
public struct Offer: Sendable, Hashable {
    public var cloud: String
    public var regions: [String]
    public var availability: Availability
    public var stage: Stage
    public var processing: Processing
    /// Where the fact was reported, or "illustrative"; never changes a plan.
    public var source: String?
    /// The first day the offer no longer serves.
    public var retires: Day?
    /// From this day the cloud takes no new deployments (existing ones run until `retires`).
    public var deprecated: Day?
    /// The provider's model id (Bedrock's `openai.gpt-oss-120b-1:0`, Vertex's publisher model, Azure's
    /// model name, OpenAI's API model); nil for the capability's own name. Exports only.
    public var model: String?
    /// Azure's model version (`2025-08-07`), for a deployment; nil when not known. Exports only.
    public var modelVersion: String?
    /// The offer rests on an assumption (its `source` says which), not on a report: marked on
    /// every candidate and phase it gives.
    public var illustrative: Bool

    public init(
        cloud: String,
        regions: [String],
        availability: Availability,
        stage: Stage,
        processing: Processing,
        source: String? = nil,
        retires: Day? = nil,
        deprecated: Day? = nil,
        model: String? = nil,
        modelVersion: String? = nil,
        illustrative: Bool = false
    ) {
        self.illustrative = illustrative
        self.model = model
        self.modelVersion = modelVersion
        self.cloud = cloud
        self.regions = regions
        self.availability = availability
        self.stage = stage
        self.processing = processing
        self.source = source
        self.retires = retires
        self.deprecated = deprecated
    }
}

/// What the catalog knows of an offer's date.
public enum Availability: Sendable, Hashable {
    /// Confirmed available since this day.
    case since(Day)
    /// Announced for this day, not yet confirmed.
    case expected(Day)
    /// No date known: estimated from the launch and the first-access window.
    case estimated
}

/// Release stage; `ga` is above `preview`.
public enum Stage: String, Sendable, Hashable, CaseIterable, Comparable {
    case preview, ga

    public static func < (lhs: Stage, rhs: Stage) -> Bool { lhs == .preview && rhs == .ga }
}

/// Where inference runs.
public enum Processing: String, Sendable, Hashable, CaseIterable, Codable {
    /// In the region itself.
    case regional
    /// Anywhere in the region's geo (like Azure Data Zones).
    case zone
    /// Anywhere in the world.
    case global
}

/// How sure the catalog is of a candidate's date.
public enum DateKind: String, Sendable, Hashable, CaseIterable {
    case confirmed, expected, estimated
}

/// Why a candidate was filtered out; the raw values are stable codes.
public enum RejectionReason: String, Sendable, Hashable, CaseIterable, Comparable {
    case cloudNotAllowed = "cloud-not-allowed"
    case residency
    case stage
    case azureDeclined = "azure-declined"
    case retired
    /// The offer is deprecated by the day the workload could start on it, and the workload
    /// does not already run there: the cloud takes no new deployments.
    case deprecated
    case afterHorizon = "after-horizon"
    case beyondLicense = "beyond-license"

    public static func < (lhs: RejectionReason, rhs: RejectionReason) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The reason's index in `allCases`.
    var position: Int {
        switch self {
        case .cloudNotAllowed: return 0
        case .residency: return 1
        case .stage: return 2
        case .azureDeclined: return 3
        case .retired: return 4
        case .deprecated: return 5
        case .afterHorizon: return 6
        case .beyondLicense: return 7
        }
    }
}

/// One (offer, region) pair of a capability, before filtering.
public struct OfferRegion: Sendable, Hashable {
    /// The capability offered: the need's own, or one of its successors.
    public var capability: String
    /// 0 for the need's own capability, 1 for its successor, and so on.
    public var chainPosition: Int
    public var cloud: String
    public var region: String
    /// The region's geo; nil only if the catalog failed validation.
    public var geo: String?
    public var stage: Stage
    public var processing: Processing
    /// The offer's date (since, expected or estimated) plus the workload's settleDays.
    public var availableFrom: Day
    /// The offer's own date, before settleDays: a forecast is overdue once this day has come.
    public var forecastDay: Day
    public var dateKind: DateKind
    public var source: String?
    /// Index of the offer in the capability, for stable ordering.
    public var offerIndex: Int
    /// The offer's retirement day, as the catalog gives it.
    public var retires: Day?
    /// The offer's deprecation day.
    public var deprecated: Day?
    /// `retires` less the workload's retirementLeadDays: the last day it is used is the day before.
    public var retirementEnd: Day?
    /// The offer rests on an assumption (the catalog's `illustrative: true`).
    public var illustrative: Bool

    public init(
        capability: String,
        chainPosition: Int = 0,
        cloud: String,
        region: String,
        geo: String?,
        stage: Stage,
        processing: Processing,
        availableFrom: Day,
        forecastDay: Day? = nil,
        dateKind: DateKind,
        source: String?,
        offerIndex: Int,
        retires: Day? = nil,
        deprecated: Day? = nil,
        retirementEnd: Day? = nil,
        illustrative: Bool = false
    ) {
        self.forecastDay = forecastDay ?? availableFrom
        self.illustrative = illustrative
        self.capability = capability
        self.chainPosition = chainPosition
        self.retires = retires
        self.deprecated = deprecated
        self.retirementEnd = retirementEnd
        self.cloud = cloud
        self.region = region
        self.geo = geo
        self.stage = stage
        self.processing = processing
        self.availableFrom = availableFrom
        self.dateKind = dateKind
        self.source = source
        self.offerIndex = offerIndex
    }
}

/// A candidate that survived every filter.
public struct Candidate: Sendable, Hashable {
    public var place: OfferRegion
    /// A forecast whose date has passed unconfirmed: kept, but never planned on.
    public var overdue: Bool
    /// 1 is best.
    public var rank: Int
    /// The offer's deprecation day, when the workload does not already run there: a phase may
    /// start on it only before this day. Nil when any day will do.
    public var newDeploymentsUntil: Day?

    public init(place: OfferRegion, overdue: Bool, rank: Int, newDeploymentsUntil: Day? = nil) {
        self.place = place
        self.overdue = overdue
        self.rank = rank
        self.newDeploymentsUntil = newDeploymentsUntil
    }

    /// Whether a phase may start on it on `day`.
    public func takesNewDeployments(on day: Day) -> Bool { newDeploymentsUntil.map { day < $0 } ?? true }

    public var cloud: String { place.cloud }
    public var region: String { place.region }
    public var availableFrom: Day { place.availableFrom }
    public var dateKind: DateKind { place.dateKind }
    public var capability: String { place.capability }
}

/// A candidate a filter refused, with its stable reason and a sentence for people.
public struct Rejection: Sendable, Hashable {
    public var place: OfferRegion
    public var reason: RejectionReason
    public var detail: String

    public init(place: OfferRegion, reason: RejectionReason, detail: String) {
        self.place = place
        self.reason = reason
        self.detail = detail
    }

    public var cloud: String { place.cloud }
    public var region: String { place.region }
}

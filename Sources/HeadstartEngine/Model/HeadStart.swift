/// How long each cloud has followed the first-access cloud, measured over the catalog's own
/// dated offers (`terms.estimates: measured`), and the lag an undated offer is estimated with.
///
/// A sample of cloud k is a capability, not declined by Microsoft and launched on or after
/// `measuredSince`, with an offer on k that has `since`: its lag is the earliest such day less
/// the launch, never below 0. With 3 samples or more k's lag is their lower median; with fewer,
/// `firstAccessWindowDays`. The first-access cloud's lag is 0; its samples are listed all the same.
public struct HeadStart: Sendable, Hashable {
    /// Where a cloud's lag comes from.
    public enum Basis: String, Sendable, Hashable, CaseIterable {
        /// The first-access cloud: lag 0.
        case firstAccess = "first-access"
        /// The lower median of the cloud's samples.
        case measured
        /// `firstAccessWindowDays`: window mode, or too few samples.
        case window
    }

    /// One capability's lag on one cloud.
    public struct Observation: Sendable, Hashable {
        public var capability: String
        public var lagDays: Int
    }

    /// One cloud's head start.
    public struct CloudLag: Sendable, Hashable {
        public var cloud: String
        public var basis: Basis
        /// The days after a launch an undated offer on this cloud is estimated at.
        public var lagDays: Int
        /// Sorted by capability.
        public var observations: [Observation]

        public var samples: Int { observations.count }
        public var minDays: Int? { observations.map(\.lagDays).min() }
        public var maxDays: Int? { observations.map(\.lagDays).max() }
    }

    /// The fewest samples a measured lag needs.
    public static let minimumSamples = 3

    public let estimates: EstimateBasis
    public let firstAccessCloud: String
    public let windowDays: Int
    public let measuredSince: Day?
    /// In catalog order.
    public let clouds: [CloudLag]
    private let lagByCloud: [String: Int]

    public init(catalog: Catalog) {
        let terms = catalog.terms
        estimates = terms.estimates
        firstAccessCloud = terms.firstAccessCloud
        windowDays = terms.firstAccessWindowDays
        measuredSince = terms.measuredSince
        let measured = catalog.capabilities.filter { c in !c.azureDeclined && terms.measuredSince.map { c.launch >= $0 } ?? true }
        clouds = catalog.clouds.map { cloud in
            let observations = measured.compactMap { c -> Observation? in
                let first = c.offers.compactMap { offer -> Day? in
                    guard offer.cloud == cloud.name, case .since(let day) = offer.availability else { return nil }
                    return day
                }.min()
                return first.map { Observation(capability: c.name, lagDays: max(0, c.launch.days(until: $0))) }
            }.sorted { $0.capability < $1.capability }
            let basis: Basis
            let lag: Int
            if cloud.name == terms.firstAccessCloud {
                (basis, lag) = (.firstAccess, 0)
            } else if terms.estimates == .measured, observations.count >= Self.minimumSamples {
                (basis, lag) = (.measured, Self.lowerMedian(observations.map(\.lagDays)))
            } else {
                (basis, lag) = (.window, terms.firstAccessWindowDays)
            }
            return CloudLag(cloud: cloud.name, basis: basis, lagDays: lag, observations: observations)
        }
        lagByCloud = Dictionary(clouds.map { ($0.cloud, $0.lagDays) }, uniquingKeysWith: { first, _ in first })
    }

    /// Sorted ascending, the element at index ⌊(n − 1) / 2⌋ (0 for none).
    static func lowerMedian(_ values: [Int]) -> Int {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[(sorted.count - 1) / 2]
    }

    /// The lag of an undated offer on `cloud` (the window for a cloud the catalog lacks).
    public func lag(of cloud: String) -> Int { lagByCloud[cloud] ?? windowDays }

    /// The row of `cloud`, if the catalog has it.
    public func row(of cloud: String) -> CloudLag? { clouds.first { $0.cloud == cloud } }
}

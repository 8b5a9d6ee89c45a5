import HeadstartAPI
import HeadstartEngine

/// `headstart catalog lags --format json` and `GET /v1/catalog/lags`: each cloud's head start
/// behind the first-access cloud, in catalog order, with the samples it was measured over.
public struct HeadStartBody: Codable, Sendable, Equatable {
    public var catalogVersion: String
    /// `window` or `measured`.
    public var estimates: String
    public var firstAccessCloud: String
    public var windowDays: Int
    @ExplicitNull public var measuredSince: String?
    public var clouds: [Cloud]
    /// The capabilities Microsoft declined, whose undated offers are estimated at the launch on
    /// every cloud (so `explain` can say so from the daemon's answer alone).
    public var declinedCapabilities: [String]

    /// One cloud's row.
    public struct Cloud: Codable, Sendable, Equatable {
        public var cloud: String
        /// `first-access`, `measured` or `window`.
        public var basis: String
        public var lagDays: Int
        public var samples: Int
        @ExplicitNull public var minDays: Int?
        @ExplicitNull public var maxDays: Int?
        /// Sorted by capability.
        public var observations: [Observation]
    }

    /// One capability's lag on the cloud.
    public struct Observation: Codable, Sendable, Equatable {
        public var capability: String
        public var lagDays: Int
    }

    public init(_ headStart: HeadStart, catalog: Catalog) {
        self.catalogVersion = catalog.version
        declinedCapabilities = catalog.capabilities.filter(\.azureDeclined).map(\.name)
        estimates = headStart.estimates.rawValue
        firstAccessCloud = headStart.firstAccessCloud
        windowDays = headStart.windowDays
        measuredSince = headStart.measuredSince?.description
        clouds = headStart.clouds.map { row in
            Cloud(
                cloud: row.cloud,
                basis: row.basis.rawValue,
                lagDays: row.lagDays,
                samples: row.samples,
                minDays: row.minDays,
                maxDays: row.maxDays,
                observations: row.observations.map { Observation(capability: $0.capability, lagDays: $0.lagDays) }
            )
        }
    }

    /// The row of `cloud`, if the catalog has it.
    public func row(of cloud: String) -> Cloud? { clouds.first { $0.cloud == cloud } }

    /// Where an estimated date on `cloud` comes from, as `explain` says it; nil in window mode,
    /// whose output is as it always was.
    public func estimateSource(cloud: String, capability: String) -> String? {
        guard estimates == EstimateBasis.measured.rawValue else { return nil }
        if declinedCapabilities.contains(capability) { return "the launch: Microsoft declined it, so no cloud waits for \(firstAccessCloud)" }
        guard let row = row(of: cloud), row.basis != HeadStart.Basis.firstAccess.rawValue else {
            return "the launch: \(firstAccessCloud) is the first-access cloud"
        }
        if row.basis == HeadStart.Basis.measured.rawValue {
            return "launch + \(Self.days(row.lagDays)): \(cloud)'s measured head start over \(Self.models(row.samples))"
        }
        let measured = row.samples == 0 ? "no model measured" : "only \(Self.models(row.samples)) measured"
        return "the \(windowDays)-day window: \(measured) on \(cloud)"
    }

    static func days(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }
    static func models(_ n: Int) -> String { n == 1 ? "1 model" : "\(n) models" }
}

/// `GET /healthz`.
public struct HealthBody: Codable, Sendable, Equatable {
    public var status: String
    public var version: String
    /// Seconds since the daemon started, to the millisecond.
    public var uptimeSeconds: Double
    /// Plans the caller may see.
    public var plans: Int
    public var catalogVersion: String
    public var catalogSource: CatalogSource
    public var lastEventRevision: Int64
    public var watchers: Int
    /// Plans whose stored answer does not validate against the catalog in force.
    public var stalePlans: Int
    /// Connections open now.
    public var connections: Int
    /// Whether this daemon runs the scheduled re-plans: always with a store of its own, the
    /// elected one of the daemons sharing a store.
    public var leader: Bool
    /// This daemon's host name, with a shared store (left out otherwise).
    public var host: String?
    /// Files of the `--plans` folder that were not stored, with why; for administrators, left out when none.
    public var skippedPlanFiles: [SkippedPlanFile]?

    public init(
        version: String,
        uptimeSeconds: Double,
        plans: Int,
        catalogVersion: String,
        catalogSource: CatalogSource,
        lastEventRevision: Int64,
        watchers: Int,
        stalePlans: Int,
        connections: Int,
        leader: Bool = true,
        host: String? = nil
    ) {
        self.leader = leader
        self.host = host
        self.status = "ok"
        self.version = version
        self.uptimeSeconds = (uptimeSeconds * 1000).rounded() / 1000
        self.plans = plans
        self.catalogVersion = catalogVersion
        self.catalogSource = catalogSource
        self.lastEventRevision = lastEventRevision
        self.watchers = watchers
        self.stalePlans = stalePlans
        self.connections = connections
    }
}

/// Where the catalog in force came from, as `/healthz` and `GET /v1/catalog` say.
public enum CatalogSource: String, Codable, Sendable {
    /// `serve --catalog FILE`: edit the file and send SIGHUP (or wait for the poll).
    case file
    /// Replaced with `PUT /v1/catalog` and kept in the store.
    case api
    /// The catalog built into the binary.
    case builtIn = "built-in"
    /// Each of those merged with the clouds' listings the daemon keeps (`serve --listings`,
    /// `PUT /v1/listings/...`).
    case fileListings = "file+listings"
    case apiListings = "api+listings"
    case builtInListings = "built-in+listings"

    /// Where the base catalog came from, listings or not.
    public var base: CatalogSource {
        switch self {
        case .file, .fileListings: .file
        case .api, .apiListings: .api
        case .builtIn, .builtInListings: .builtIn
        }
    }

    /// This source with listings merged on, or without.
    public func listed(_ listings: Bool) -> CatalogSource {
        switch (base, listings) {
        case (.file, true): .fileListings
        case (.api, true): .apiListings
        case (_, true): .builtInListings
        case (let base, false): base
        }
    }
}

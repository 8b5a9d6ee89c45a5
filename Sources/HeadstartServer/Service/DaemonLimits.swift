import HeadstartYAML

/// Every bound the daemon puts on what a caller can make it hold or do, each answered with a
/// problem+json error (or a closed connection) while the daemon stays healthy.
public struct DaemonLimits: Sendable {
    /// Largest request body (413).
    public var maxBodyBytes: Int
    /// Largest header field, and all header fields together, request line included (431).
    public var maxHeaderBytes: Int
    /// Most header fields in a request (431).
    public var maxHeaderCount: Int
    /// Most connections at once; further ones wait in the listen backlog.
    public var maxConnections: Int
    /// Most connections one uid may hold; more are closed at once. Root, the daemon's uid and
    /// the admin group are exempt.
    public var maxConnectionsPerUID: Int
    /// Most event streams one uid may hold (429); exempt as connections are.
    public var maxWatchersPerUID: Int
    /// A connection with no request in flight is closed after this long.
    public var idleTimeout: Duration
    /// A connection must deliver its first request's head this soon after it opens: a client
    /// trickling a byte a second is cut off.
    public var headerTimeout: Duration
    /// Events buffered for one watcher; a slower one gets a `resync` event and its stream ends.
    public var watchBuffer: Int
    /// Most plans stored (507).
    public var maxPlans: Int
    /// Revisions kept per plan; older ones are pruned.
    public var revisionsPerPlan: Int
    /// Events kept in the log; older ones are pruned, and a watcher asking for them gets `resync`.
    public var eventsKept: Int
    /// Bounds on each submitted plan or catalog.
    public var yaml: YAMLLimits
    /// Most bytes of recommendation documents kept in memory for reads; 0 turns the cache off.
    public var documentCacheBytes: Int

    /// - Parameters: see the properties; the defaults suit a team's daemon.
    public init(
        maxBodyBytes: Int = 1 << 20,
        maxHeaderBytes: Int = 16 << 10,
        maxHeaderCount: Int = 100,
        maxConnections: Int = 4_096,
        maxConnectionsPerUID: Int = 64,
        maxWatchersPerUID: Int = 32,
        idleTimeout: Duration = .seconds(60),
        headerTimeout: Duration = .seconds(10),
        watchBuffer: Int = 1_000,
        maxPlans: Int = 10_000,
        revisionsPerPlan: Int = 100,
        eventsKept: Int = 100_000,
        yaml: YAMLLimits = YAMLLimits(maxInputBytes: 1 << 20, maxDepth: 32, maxNodes: 200_000, maxAliases: 1_000, maxScalarBytes: 64 << 10),
        documentCacheBytes: Int = 32 << 20
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxConnections = maxConnections
        self.maxConnectionsPerUID = maxConnectionsPerUID
        self.maxWatchersPerUID = maxWatchersPerUID
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.watchBuffer = watchBuffer
        self.maxPlans = maxPlans
        self.revisionsPerPlan = revisionsPerPlan
        self.eventsKept = eventsKept
        self.yaml = yaml
        self.documentCacheBytes = documentCacheBytes
    }
}

import Foundation

/// Everything `headstart serve` is told, with the defaults a user gets without flags.
public struct DaemonConfiguration: Sendable {
    /// The Unix socket the API listens on.
    public var socketPath: String
    /// Holds the database and the lock file.
    public var stateDirectory: String
    /// A catalog file that replaces the built-in one at start-up; nil keeps the stored or built-in catalog.
    public var catalogPath: String?
    /// Every `*.yaml` here is submitted at start-up and again when it changes.
    public var plansDirectory: String?
    /// How often the plans folder is looked at for changes.
    public var plansPollInterval: Duration
    /// Re-plans plans without a `schedule:` of their own (a cron expression).
    public var replanSchedule: String
    /// The zone schedules are read in unless a plan names its own.
    public var timeZone: TimeZone
    /// Members of this group administer the daemon (every plan, the catalog).
    public var adminGID: UInt32?
    /// The group of the socket and its directory, so a team can share the daemon.
    public var socketGID: UInt32?
    /// Bounds on requests, connections, watchers and what the store keeps.
    public var limits: DaemonLimits
    /// Today, for planning; the wall clock unless a test injects another.
    public var now: @Sendable () -> Date

    /// - Parameters: see the properties.
    public init(
        socketPath: String,
        stateDirectory: String,
        catalogPath: String? = nil,
        plansDirectory: String? = nil,
        plansPollInterval: Duration = .seconds(2),
        replanSchedule: String = "@daily",
        timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .gmt,
        adminGID: UInt32? = nil,
        socketGID: UInt32? = nil,
        limits: DaemonLimits = DaemonLimits(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.socketPath = socketPath
        self.stateDirectory = stateDirectory
        self.catalogPath = catalogPath
        self.plansDirectory = plansDirectory
        self.plansPollInterval = plansPollInterval
        self.replanSchedule = replanSchedule
        self.timeZone = timeZone
        self.adminGID = adminGID
        self.socketGID = socketGID
        self.limits = limits
        self.now = now
    }
}

import Foundation
import HeadstartStore

/// Everything `headstart serve` is told, with the defaults a user gets without flags.
public struct DaemonConfiguration: Sendable {
    /// The Unix socket the API listens on.
    public var socketPath: String
    /// Holds the lock file, and the SQLite database unless `store` names another.
    public var stateDirectory: String
    /// Where plans, events and the catalog are kept; nil for `headstart.sqlite` in the state
    /// directory. A PostgreSQL store may be shared by daemons on several hosts.
    public var store: StoreLocation?
    /// This host's name: with a shared store, plans are owned by (host, uid).
    public var hostName: String
    /// With a shared store: how often a follower tries for leadership and the leader checks it
    /// still holds it, and how often the log is read in case a notification was lost.
    public var leaderCheckInterval: Duration
    public var eventPollInterval: Duration
    /// A catalog file that replaces the built-in one at start-up; nil keeps the stored or built-in catalog.
    public var catalogPath: String?
    /// Every `*.yaml` here is submitted at start-up and again when it changes.
    public var plansDirectory: String?
    /// The clouds' listings, `CLOUD/REGION[.NAME].json`: each is submitted at start-up and again
    /// when it changes, observed on the day it was written.
    public var listingsDirectory: String? = nil
    /// How often the plans and listings folders are looked at for changes.
    public var plansPollInterval: Duration
    /// Re-plans plans without a `schedule:` of their own (a cron expression).
    public var replanSchedule: String
    /// The zone schedules are read in unless a plan names its own.
    public var timeZone: TimeZone
    /// Members of this group administer the daemon (every plan, the catalog).
    public var adminGID: UInt32?
    /// The group of the socket and its directory, so a team can share the daemon.
    public var socketGID: UInt32?
    /// How long a graceful stop may take before what is left is cancelled.
    public var maximumGracefulShutdownDuration: Duration = .seconds(10)
    /// Export files kept current (`--export litellm=PATH`).
    public var exports: [ExportFile] = []
    /// Bounds on requests, connections, watchers and what the store keeps.
    public var limits: DaemonLimits
    /// Today, for planning; the wall clock unless a test injects another.
    public var now: @Sendable () -> Date

    /// - Parameters: see the properties.
    public init(
        socketPath: String,
        stateDirectory: String,
        store: StoreLocation? = nil,
        hostName: String = HostName.ofThisMachine(),
        leaderCheckInterval: Duration = .seconds(1),
        eventPollInterval: Duration = .seconds(5),
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
        self.store = store
        self.hostName = hostName
        self.leaderCheckInterval = leaderCheckInterval
        self.eventPollInterval = eventPollInterval
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

extension DaemonConfiguration {
    /// Where the store is, the default filled in.
    public var storeLocation: StoreLocation {
        store ?? .sqlite(path: (stateDirectory as NSString).appendingPathComponent("headstart.sqlite"))
    }
}

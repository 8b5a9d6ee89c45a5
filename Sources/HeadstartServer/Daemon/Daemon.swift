import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartSchedule
import HeadstartStore
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `headstart serve`: guards the socket, opens the store, loads the catalog, and runs the
/// HTTP server with its companion services until SIGTERM or SIGINT.
public struct Daemon: Sendable {
    public let configuration: DaemonConfiguration
    public let logger: Logger
    public let version: String

    public init(configuration: DaemonConfiguration, logger: Logger, version: String) {
        self.configuration = configuration
        self.logger = logger
        self.version = version
    }

    /// Runs until a shutdown signal; then ends watch streams, finishes requests in flight,
    /// closes the store and removes the socket file.
    public func run() async throws(DaemonError) {
        DaemonMetrics.bootstrap()
        let c = configuration
        let socketDirectory = (c.socketPath as NSString).deletingLastPathComponent
        try SocketGuard.makeDirectory(c.stateDirectory, mode: 0o750)
        try SocketGuard.makeDirectory(socketDirectory.isEmpty ? "." : socketDirectory, mode: 0o750)
        // The directory's group, with its setgid bit, passes to the socket as it is created:
        // there is no moment when the socket exists with another group.
        if let gid = c.socketGID {
            let directory = socketDirectory.isEmpty ? "." : socketDirectory
            guard chown(directory, UInt32.max, gid) == 0, chmod(directory, 0o2750) == 0 else {
                throw DaemonError(.cannotCreate, "cannot give \(directory) to group \(gid): \(String(cString: strerror(errno)))")
            }
        }
        let lock = try SocketGuard.lock((c.stateDirectory as NSString).appendingPathComponent("headstart.lock"))
        defer { close(lock) }
        try SocketGuard.prepare(socketPath: c.socketPath)
        if case .postgres(let database) = c.storeLocation, c.catalogPath == nil {
            try await beside(PostgresClient(configuration: database.clientConfiguration, backgroundLogger: logger)) { client throws(DaemonError) in
                try await serve(pool: client, signals: [])
            }
        } else {
            try await serve(pool: nil, signals: [.sigterm, .sigint])
        }
    }

    /// Opens the store over `pool` (the shared store's client, which runs beside this) and serves
    /// until a stop: `signals` are the ones its own service group stops on, none when it runs
    /// inside the group of ``beside(_:_:)``, whose stop it follows.
    func serve(pool: PostgresClient?, signals: [UnixSignal]) async throws(DaemonError) {
        let c = configuration
        let opened = try await openStore(pool: pool)
        let (store, shared, location) = (opened.store, opened.shared, opened.location)
        let loaded = try await loadCatalog(store)
        Self.raiseDescriptorLimit(wanted: c.limits.maxConnections, logger: logger)
        let hub = EventHub(bufferSize: c.limits.watchBuffer)
        let limits = c.limits
        let policy = AccessPolicy(daemonUID: getuid(), adminGID: c.adminGID, hostName: shared == nil ? nil : c.hostName)
        let leadership = Leadership(leading: shared == nil)
        let ledger = ConnectionLedger(connectionsPerUID: limits.maxConnectionsPerUID, watchersPerUID: limits.maxWatchersPerUID)
        let service = PlanService(
            store: store,
            hub: hub,
            catalog: loaded.catalog,
            catalogYAML: loaded.yaml,
            logger: logger,
            policy: policy,
            limits: limits,
            now: c.now,
            catalogSource: loaded.source,
            catalogFile: c.catalogPath,
            ledger: ledger,
            shared: shared != nil,
            leadership: leadership
        )
        // The listings the store keeps apply from the start, before any plan is served.
        await service.adoptStoredListings()
        await service.markStaleDocuments()
        let router = APIRouter(service: service, maxBodyBytes: limits.maxBodyBytes, version: version).router()
        let (running, runningContinuation) = AsyncStream<Void>.makeStream()
        let socketPath = c.socketPath
        let logger = self.logger
        let bound = SocketIdentity.Holder()
        // The socket is created 0660 from the start: no window in which others could connect.
        let previousMask = umask(0o117)
        let server = HTTPServerBuilder { responder in
            DaemonHTTP1Channel(responder: responder, limits: limits, policy: policy, ledger: ledger, logger: logger)
        }
        // NIO removes the path a server socket was bound at when it closes, whatever is there by
        // then. Bound under a private name and renamed into place, the socket's own path is
        // removed below, and only while it is still this daemon's.
        let bindPath = SocketGuard.privatePath(for: socketPath)
        let app = Application(
            router: router,
            server: server,
            configuration: .init(
                address: .unixDomainSocket(path: bindPath),
                serverName: "headstart/\(version)",
                availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger)
            ),
            onServerRunning: { _ in
                if bindPath != socketPath, rename(bindPath, socketPath) != 0 {
                    logger.critical(
                        "cannot move the socket into place",
                        metadata: [
                            "from": "\(bindPath)", "to": "\(socketPath)",
                            "error": "\(String(cString: strerror(errno)))",
                        ]
                    )
                    kill(getpid(), SIGTERM)
                    return
                }
                bound.set(SocketIdentity(path: socketPath))
                umask(previousMask)
                logger.info(
                    "listening",
                    metadata: [
                        "socket": "\(socketPath)", "catalog": "\(loaded.catalog.version)", "catalogSource": "\(loaded.source.rawValue)",
                        "store": "\(location)",
                    ]
                )
                runningContinuation.yield()
                runningContinuation.finish()
            },
            logger: logger
        )
        // A part of the daemon that fails stops it gracefully, as SIGTERM does: cancelling the
        // server while a connection it has accepted waits to be served traps in NIO (a server
        // channel's writer deinited unfinished, swift-nio#2637), so the server is only ever
        // cancelled when it fails itself. The failure's error is still the daemon's exit status.
        func part(_ service: some Service, once: Bool = false) -> ServiceGroupConfiguration.ServiceConfiguration {
            .init(
                service: service,
                successTerminationBehavior: once ? .ignore : .gracefullyShutdownGroup,
                failureTerminationBehavior: .gracefullyShutdownGroup
            )
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: app),
            part(ShutdownAnnouncer(service: service)),
            part(
                ReplanScheduler(
                    service: service,
                    defaultSchedule: c.replanSchedule,
                    timeZone: c.timeZone,
                    now: c.now,
                    serverRunning: running,
                    leadership: leadership,
                    logger: logger
                )
            ),
        ]
        if let sqlite = opened.store as? SQLiteStore {
            // Runs once; its end is not the daemon's.
            services.append(part(IntegrityCheck(store: sqlite, logger: logger), once: true))
        }
        if !c.exports.isEmpty {
            services.append(part(ExportFileWriter(service: service, files: c.exports, logger: logger)))
        }
        if let shared {
            services.append(
                part(
                    LeaderElection(
                        store: shared,
                        leadership: leadership,
                        interval: c.leaderCheckInterval,
                        hostName: c.hostName,
                        logger: logger
                    )
                )
            )
            services.append(
                part(
                    EventFanOut(
                        service: service,
                        store: shared,
                        startRevision: opened.startRevision,
                        pollInterval: c.eventPollInterval,
                        logger: logger
                    )
                )
            )
        }
        if c.catalogPath != nil {
            services.append(part(CatalogFileWatcher(interval: c.plansPollInterval, service: service, logger: logger)))
        }
        if let folder = c.listingsDirectory {
            services.append(part(ListingsFolderWatcher(folder: folder, interval: c.plansPollInterval, service: service, logger: logger)))
        }
        if let folder = c.plansDirectory {
            services.append(part(PlansFolderWatcher(folder: folder, interval: c.plansPollInterval, service: service, logger: logger)))
        }
        var groupConfiguration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: signals, logger: logger)
        // A part waiting on a store that is gone (a shared database down) would hold a graceful
        // stop forever: after this long, what is left is cancelled.
        groupConfiguration.maximumGracefulShutdownDuration = c.maximumGracefulShutdownDuration
        let group = ServiceGroup(configuration: groupConfiguration)
        var failure: DaemonError?
        do {
            try await group.run()
        } catch {
            // Before the socket was in place, the failure was binding it; after, something broke while
            // running, unless a part said what (the integrity check: a damaged store).
            let damaged = (error as? DaemonError).flatMap { $0.code == .badStore ? $0 : nil }
            failure =
                damaged
                ?? (bound.value == nil
                    ? DaemonError(.cannotListen, "cannot listen on \(socketPath): \(Self.describe(error))")
                    : DaemonError(.failed, "the daemon stopped on an error: \(Self.describe(error))"))
            logger.error("the daemon stopped", metadata: ["error": "\(failure?.message ?? "")"])
        }
        umask(previousMask)
        do {
            try await store.close()
        } catch {
            logger.error("could not close the store", metadata: ["error": "\(error.message)"])
        }
        // Only the socket this daemon bound: another daemon may have taken the path since.
        if let identity = bound.value {
            switch identity.removeIfUnchanged() {
            case .removed, .gone: break
            case .replaced: logger.notice("the socket is another daemon's now; left in place", metadata: ["socket": "\(socketPath)"])
            case .failed(let reason): logger.warning("could not remove the socket", metadata: ["socket": "\(socketPath)", "error": "\(reason)"])
            }
        }
        if bound.value == nil {
            // Never moved into place (see above): nothing answered on the socket's path.
            _ = unlink(bindPath)
            failure = failure ?? DaemonError(.cannotListen, "cannot listen on \(socketPath): the socket could not be moved into place")
        }
        if let failure { throw failure }
        logger.info("stopped")
    }

    /// An error's own words: `strerror` for system errors, never a type name.
    static func describe(_ error: any Error) -> String {
        if let error = error as? IOError { return error.description }
        if let error = error as? CocoaError, let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return "\(error)"
    }

    /// Raises the soft descriptor limit to the hard one, as Go's runtime does: each connection
    /// is a descriptor, and the usual soft limit of 1,024 is below the connection cap.
    static func raiseDescriptorLimit(wanted: Int, logger: Logger) {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        let current = limit.rlim_cur > rlim_t(Int.max) ? Int.max : Int(limit.rlim_cur)
        if current < wanted + 64 {
            logger.warning("descriptor limit below the connection cap", metadata: ["limit": "\(current)", "maxConnections": "\(wanted)"])
        } else {
            logger.info("descriptor limit", metadata: ["limit": "\(current)"])
        }
    }
}

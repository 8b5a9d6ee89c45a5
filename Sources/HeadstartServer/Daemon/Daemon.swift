#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import Hummingbird
import HummingbirdCore
import NIOCore
import Logging
import HeadstartSchedule
import ServiceLifecycle
import UnixSignals

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

        let store: Store
        do {
            store = try Store(path: (c.stateDirectory as NSString).appendingPathComponent("headstart.sqlite"))
        } catch {
            throw DaemonError(.badStore, "the store is unusable: \(error.message)")
        }
        let (catalog, catalogYAML) = try await loadCatalog(store)
        let hub = EventHub(bufferSize: c.limits.watchBuffer)
        let limits = c.limits
        let service = PlanService(store: store, hub: hub, catalog: catalog, catalogYAML: catalogYAML, logger: logger,
                                  policy: AccessPolicy(daemonUID: getuid(), adminGID: c.adminGID), limits: limits, now: c.now)
        let router = APIRouter(service: service, maxBodyBytes: limits.maxBodyBytes, version: version).router()
        let (running, runningContinuation) = AsyncStream<Void>.makeStream()
        let socketPath = c.socketPath
        let logger = self.logger
        // The socket is created 0660 from the start: no window in which others could connect.
        let previousMask = umask(0o117)
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [
                ParserErrorResponder(maxHeaderBytes: limits.maxHeaderBytes, maxHeaderCount: limits.maxHeaderCount),
                RequestHeadTimeoutHandler(first: TimeAmount(limits.headerTimeout), next: TimeAmount(limits.idleTimeout)),
            ],
            idleTimeout: TimeAmount(limits.idleTimeout),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: limits.maxHeaderBytes, maxHeaderListSize: limits.maxHeaderBytes,
                                            maxHeaderFieldCount: limits.maxHeaderCount)
        )
        let app = Application(
            router: router,
            server: .http1(configuration: http1),
            configuration: .init(address: .unixDomainSocket(path: socketPath), serverName: "headstart/\(version)",
                                 availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger)),
            onServerRunning: { _ in
                logger.info("listening on \(socketPath), catalog \(catalog.version)")
                runningContinuation.yield()
                runningContinuation.finish()
            },
            logger: logger
        )
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: app),
            .init(service: ShutdownAnnouncer(service: service)),
            .init(service: ReplanScheduler(service: service, defaultSchedule: c.replanSchedule, timeZone: c.timeZone, now: c.now,
                                           serverRunning: running, logger: logger)),
        ]
        if let path = c.catalogPath {
            services.append(.init(service: CatalogFileWatcher(path: path, interval: c.plansPollInterval, service: service, logger: logger)))
        }
        if let folder = c.plansDirectory {
            services.append(.init(service: PlansFolderWatcher(folder: folder, interval: c.plansPollInterval, service: service, logger: logger)))
        }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            logger.error("the daemon stopped on an error: \(error)")
        }
        umask(previousMask)
        do {
            try store.close()
        } catch {
            logger.error("closing the store: \(error.message)")
        }
        if unlink(socketPath) != 0, errno != ENOENT {
            logger.warning("could not remove \(socketPath): \(String(cString: strerror(errno)))")
        }
        logger.info("stopped")
    }

    /// `--catalog` wins; else a catalog replaced through the API and kept in the store; else the built-in one.
    func loadCatalog(_ store: Store) async throws(DaemonError) -> (Catalog, Data) {
        if let path = configuration.catalogPath {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DaemonError(.cannotCreate, "cannot read the catalog \(path)")
            }
            do {
                return (try CatalogDecoder().decode(Array(data), file: path), data)
            } catch {
                throw DaemonError(.badCatalog, error.description)
            }
        }
        if let stored = try? await store.read({ tx in try tx.catalog() }) {
            do {
                return (try CatalogDecoder().decode(Array(stored.yaml), file: "stored catalog"), stored.yaml)
            } catch {
                logger.error("the stored catalog \(stored.version) no longer validates; using the built-in one:\n\(error.description)")
            }
        }
        do {
            return (try CatalogDecoder().decode(DefaultCatalog.bytes, file: DefaultCatalog.fileName), Data(DefaultCatalog.bytes))
        } catch {
            throw DaemonError(.badCatalog, error.description)
        }
    }
}

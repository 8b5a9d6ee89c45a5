import Logging
import PostgresNIO
import ServiceLifecycle
import UnixSignals

extension Daemon {
    /// Runs `body` as the second service of a group whose first is the shared store's client:
    /// the client starts before the store is opened over it and, as a group stops its services
    /// in reverse order, stops only after `body` has closed the store. SIGTERM and SIGINT stop
    /// this group, and `body`'s own group follows it.
    func beside(
        _ client: PostgresClient,
        _ body: @escaping @Sendable (PostgresClient) async throws(DaemonError) -> Void
    ) async throws(DaemonError) {
        var configuration = ServiceGroupConfiguration(
            services: [
                .init(service: client, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup),
                .init(
                    service: Serving { () async throws(DaemonError) in try await body(client) },
                    successTerminationBehavior: .gracefullyShutdownGroup,
                    failureTerminationBehavior: .gracefullyShutdownGroup
                ),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        // The serving group bounds its own stop; this bound is later, so it does not cut off
        // the store's close and the socket's removal that follow that stop.
        configuration.maximumGracefulShutdownDuration = self.configuration.maximumGracefulShutdownDuration + .seconds(5)
        do {
            try await ServiceGroup(configuration: configuration).run()
        } catch let error as DaemonError {
            throw error
        } catch {
            throw DaemonError(.failed, "the daemon stopped on an error: \(Self.describe(error))")
        }
    }

    /// The daemon's serving part as a service of the group that runs the pool beside it. A
    /// graceful stop reaches the service group `body` runs, which stops its own parts.
    struct Serving: Service {
        let body: @Sendable () async throws(DaemonError) -> Void

        func run() async throws { try await body() }
    }
}

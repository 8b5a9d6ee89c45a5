import Logging
import ServiceLifecycle
import UnixSignals

/// Looks at the `--catalog` file on SIGHUP and on every poll; ``PlanService/reloadCatalogFile(force:)``
/// acts on a poll only when the file's bytes changed.
struct CatalogFileWatcher: Service {
    let interval: Duration
    let service: PlanService
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        let service = self.service
        let interval = self.interval
        let logger = self.logger
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await _ in signals.cancelOnGracefulShutdown() {
                    logger.info("SIGHUP: re-reading the catalog file", metadata: ["file": "\(service.catalogFile ?? "-")"])
                    await service.reloadCatalogFile(force: true)
                }
            }
            group.addTask {
                await PollLoop.run(every: interval, immediately: false) { await service.reloadCatalogFile(force: false) }
            }
        }
    }
}

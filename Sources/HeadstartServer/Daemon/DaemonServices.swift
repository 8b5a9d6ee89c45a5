import Foundation
import HeadstartFormats
import HeadstartStore
import Logging
import ServiceLifecycle

/// On graceful shutdown, appends the `shutdown` event and ends every watch stream, so the
/// HTTP server (shut down after it) has no endless response left to wait for.
struct ShutdownAnnouncer: Service {
    let service: PlanService

    func run() async throws {
        try? await gracefulShutdown()
        // Another process holding the store's lock must not hold the stop (it did, for a minute).
        service.stopWaitingForTheStore()
        await service.announceShutdown()
    }
}

/// Submits every `*.yaml` of a folder at start-up and again whenever one changes or appears,
/// as the daemon's own uid; a file that does not validate is logged with its errors and skipped.
struct PlansFolderWatcher: Service {
    let folder: String
    let interval: Duration
    let service: PlanService
    let logger: Logger

    func run() async throws {
        var seen: [String: Data] = [:]
        await PollLoop.run(every: interval, immediately: true) { await scan(&seen) }
    }

    /// Submits each file whose bytes differ from what was last seen.
    func scan(_ seen: inout [String: Data]) async {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        } catch {
            logger.error("cannot read the plans folder", metadata: ["folder": "\(folder)", "error": "\(error.localizedDescription)"])
            return
        }
        let skipped = service.skippedFiles
        skipped.keep(only: Set(names.map { (folder as NSString).appendingPathComponent($0) }))
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path), seen[path] != data else { continue }
            seen[path] = data
            do {
                let submission = try await service.submit(yaml: data, expectedName: nil, file: path, caller: .daemon)
                skipped.stored(path)
                logger.info(
                    "plans folder: file stored",
                    metadata: ["file": "\(path)", "plan": "\(submission.name)", "revision": "\(submission.revision)"]
                )
            } catch {
                let errors = error.diagnostics.isEmpty ? [error.detail] : error.diagnostics.map(\.description)
                skipped.skipped(path, errors: errors)
                logger.error("plans folder: file skipped", metadata: ["file": "\(path)", "errors": "\(errors.joined(separator: "\n"))"])
            }
        }
    }
}

/// Checks the whole SQLite file once the daemon is serving. Opening reads only the header and
/// the schema, so a big store is ready at once; damage deeper in the file stops the daemon
/// here with exit 78, as damage found at opening always has, logged and counted in
/// `headstart_errors_total{operation="integrity-check"}`.
struct IntegrityCheck: Service {
    let store: SQLiteStore
    let logger: Logger

    func run() async throws {
        let started = ContinuousClock.now
        do {
            try await store.checkIntegrity()
            logger.debug("store integrity checked", metadata: ["duration": "\(ContinuousClock.now - started)"])
        } catch {
            DaemonMetrics.failed("integrity-check")
            logger.error("the store failed its integrity check", metadata: ["path": "\(store.path)", "error": "\(error.message)"])
            throw DaemonError(.badStore, "the store is unusable: \(error.message)")
        }
    }
}

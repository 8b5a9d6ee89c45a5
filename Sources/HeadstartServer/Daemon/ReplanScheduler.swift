import Foundation
import HeadstartEngine
import HeadstartSchedule
import Logging
import ServiceLifecycle
import UnixSignals

/// Drives the ``ReplanTimetable``: re-plans each plan on its schedule (or the daemon's), on its
/// `nextReplanAt` day, once after a stop that missed a run, and once after a catalog change
/// while stopped. It starts only once the server listens, so stored answers are served first.
struct ReplanScheduler: Service {
    let service: PlanService
    let defaultSchedule: String
    let timeZone: TimeZone
    let now: @Sendable () -> Date
    let serverRunning: AsyncStream<Void>
    let logger: Logger
    /// Longest single sleep: the wall clock can jump (suspend, NTP), so the timetable is re-read at least this often.
    var maxSleep: Duration = .seconds(60)

    enum Event: Sendable {
        case wake
        case changed(String)
        case removed(String)
        case finished(String, nextReplanAt: String?)
    }

    func run() async throws {
        for await _ in serverRunning.cancelOnGracefulShutdown() { break }
        guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
        let (events, continuation) = AsyncStream<Event>.makeStream()
        let (changes, changeContinuation) = AsyncStream<PlanService.Change>.makeStream()
        await service.observeChanges(changeContinuation)
        let forward = Task {
            for await change in changes {
                switch change {
                case .changed(let plan): continuation.yield(.changed(plan))
                case .removed(let plan): continuation.yield(.removed(plan))
                }
            }
        }
        defer { forward.cancel() }

        var table = ReplanTimetable(startedAt: now())
        do {
            for timing in try await service.timings() { upsert(timing, into: &table) }
            let current = await service.catalog.version
            for (version, plans) in try await service.plansOnOtherCatalogs().sorted(by: { $0.key < $1.key }) {
                try await service.replan(plans, reason: .catalogVersion(from: version, to: current))
            }
        } catch {
            logger.error("the scheduler could not read the plans: \(error.detail)")
        }

        var timer: Task<Void, Never>?
        defer { timer?.cancel() }
        await withDiscardingTaskGroup { group in
            func start(_ s: ReplanTimetable.Start) {
                group.addTask {
                    let result = try? await service.replan([s.plan], reason: .time(trigger: s.trigger.rawValue))
                    continuation.yield(.finished(s.plan, nextReplanAt: result?.first?.nextReplanAt))
                }
            }
            continuation.yield(.wake)
            for await event in events.cancelOnGracefulShutdown() {
                switch event {
                case .wake:
                    break
                case .changed(let plan):
                    // One plan changed: read its timing alone, not every plan's.
                    if let timing = try? await service.timing(of: plan) { upsert(timing, into: &table) }
                case .removed(let plan):
                    table.remove(plan)
                case .finished(let plan, let next):
                    if let followUp = table.finished(plan, now: now(), nextReplanAt: Self.midnight(next)) { start(followUp) }
                }
                for s in table.tick(now: now()) { start(s) }
                timer?.cancel()
                if let wake = table.nextWake() {
                    let delay = min(Duration.milliseconds(Int64(max(0, wake.timeIntervalSince(now())) * 1000)), maxSleep)
                    timer = Task {
                        try? await Task.sleep(for: delay)
                        if !Task.isCancelled { continuation.yield(.wake) }
                    }
                }
            }
            continuation.finish()
        }
    }

    private func upsert(_ timing: PlanService.PlanTiming, into table: inout ReplanTimetable) {
        let zone = timing.timeZone.flatMap(TimeZone.init(identifier:)) ?? timeZone
        let expression = timing.schedule ?? defaultSchedule
        guard let schedule = try? CronSchedule(expression, timeZone: zone) else {
            logger.error("plan \(timing.plan): schedule '\(expression)' is invalid; it is re-planned only on request")
            table.remove(timing.plan)
            return
        }
        table.upsert(timing.plan, schedule: schedule, nextReplanAt: Self.midnight(timing.nextReplanAt), lastRun: timing.lastPlanned)
    }

    /// 00:00 UTC of a `YYYY-MM-DD` day.
    static func midnight(_ day: String?) -> Date? {
        day.flatMap(Day.init(iso:)).map { Date(timeIntervalSince1970: TimeInterval($0.ordinal) * 86_400) }
    }
}

/// Re-reads the `--catalog` file on SIGHUP and whenever its bytes change.
struct CatalogFileWatcher: Service {
    let path: String
    let interval: Duration
    let service: PlanService
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        let service = self.service, path = self.path, interval = self.interval, logger = self.logger
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await _ in signals.cancelOnGracefulShutdown() {
                    logger.info("SIGHUP: re-reading the catalog \(path)")
                    await service.reloadCatalog(from: path)
                }
            }
            group.addTask {
                while !Task.isShuttingDownGracefully && !Task.isCancelled {
                    do {
                        try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
                    } catch {
                        return
                    }
                    await service.reloadCatalog(from: path)
                }
            }
        }
    }
}

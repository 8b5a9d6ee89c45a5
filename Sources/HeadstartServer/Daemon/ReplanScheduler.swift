import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartSchedule
import HeadstartStore
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
    /// Whether this daemon schedules re-plans now.
    let leadership: Leadership
    let logger: Logger
    /// Longest single sleep: the wall clock can jump (suspend, NTP), so the timetable is re-read at least this often.
    var maxSleep: Duration = .seconds(60)

    enum Event: Sendable {
        case wake
        case changed(String)
        case removed(String)
        case finished(String, nextReplanAt: Day?)
    }

    /// What the scheduler waits on between terms of leadership.
    private enum Signal: Sendable {
        case leading(LeaderTerm?)
        case failed(any Error)
    }

    /// Schedules re-plans while this daemon leads, from the store's state when it starts leading:
    /// a term cut short by a lost leadership leaves nothing half-done (each re-plan is one
    /// transaction), and the next leader catches up what the last one missed.
    func run() async throws {
        for await _ in serverRunning.cancelOnGracefulShutdown() { break }
        guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
        let (signals, signal) = AsyncStream<Signal>.makeStream()
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                for await leading in leadership.updates() { signal.yield(.leading(leading)) }
            }
            try await follow(signals, signal)
            group.cancelAll()
        }
    }

    /// Starts a term on each new leadership and ends it when leadership moves or is lost.
    private func follow(_ signals: AsyncStream<Signal>, _ signal: AsyncStream<Signal>.Continuation) async throws {
        // A bare task: a term must end when leadership moves while the scheduler goes on, and a
        // task group cannot cancel one child. It is awaited when it ends, and cancelled on a throw.
        var term: (LeaderTerm, Task<Void, Never>)?
        defer { term?.1.cancel() }
        for await next in signals.cancelOnGracefulShutdown() {
            switch next {
            case .leading(let leading?) where term?.0 != leading:
                // A new term (or the first): the last one's work ends before this one's begins.
                term?.1.cancel()
                await term?.1.value
                term = (
                    leading,
                    Task {
                        do {
                            try await lead(leading)
                        } catch {
                            if !Task.isCancelled { signal.yield(.failed(error)) }
                        }
                    }
                )
            case .leading(nil):
                term?.1.cancel()
                await term?.1.value
                term = nil
            case .leading:
                break
            case .failed(let error):
                throw error
            }
        }
        term?.1.cancel()
        await term?.1.value
    }

    /// One term of leadership: the timetable from the store, the catch-up, then the schedule
    /// until cancelled. Every re-plan it makes is fenced with the term: it commits only while no
    /// later term has begun, so a leader that lost its lock unawares writes nothing.
    private func lead(_ term: LeaderTerm) async throws {
        let (events, continuation) = AsyncStream<Event>.makeStream()
        let (changes, changeContinuation) = AsyncStream<PlanChange>.makeStream()
        service.observeChanges(changeContinuation)

        var table = ReplanTimetable(startedAt: now())
        do {
            for timing in try await service.timings() { upsert(timing, into: &table) }
            let current = await service.catalog.version
            for (version, plans) in try await service.plansOnOtherCatalogs().sorted(by: { $0.key < $1.key }) {
                try await service.replan(plans, reason: .catalogVersion(from: version, to: current), term: term)
            }
        } catch  where error.code == .notLeader {
            logger.warning("the catch-up was not written: a later leader has begun", metadata: ["term": "\(term.epoch)"])
            DaemonMetrics.failed("scheduler")
            return
        } catch {
            // Without the timetable no plan would ever be re-planned: stop the daemon (exit 70)
            // rather than serve answers that silently go stale.
            logger.error("the scheduler could not read the plans", metadata: ["error": "\(error.detail)"])
            DaemonMetrics.failed("scheduler")
            throw error
        }

        var timer: Task<Void, Never>?
        defer { timer?.cancel() }
        await withDiscardingTaskGroup { group in
            func start(_ s: ReplanTimetable.Start) {
                group.addTask {
                    let next = await runScheduled(s, term: term)
                    continuation.yield(.finished(s.plan, nextReplanAt: next))
                }
            }
            // Plan changes arrive on the service's stream until the term ends (the stream is finished below).
            group.addTask {
                for await change in changes {
                    switch change {
                    case .changed(let plan): continuation.yield(.changed(plan))
                    case .removed(let plan): continuation.yield(.removed(plan))
                    }
                }
            }
            continuation.yield(.wake)
            for await event in events.cancelOnGracefulShutdown() {
                switch event {
                case .wake:
                    break
                case .changed(let plan):
                    // One plan changed: read its timing alone, not every plan's.
                    do {
                        // Gone by the time it is read (deleted on another daemon since): forget it.
                        if let timing = try await service.timing(of: plan) { upsert(timing, into: &table) } else { table.remove(plan) }
                    } catch {
                        logger.error("could not read a plan's schedule; it keeps its old one", metadata: ["plan": "\(plan)", "error": "\(error)"])
                        DaemonMetrics.failed("scheduler")
                    }
                case .removed(let plan):
                    table.remove(plan)
                case .finished(let plan, let next):
                    if let followUp = table.finished(plan, now: now(), nextReplanAt: Self.midnight(next)) { start(followUp) }
                }
                for s in table.tick(now: now()) { start(s) }
                timer?.cancel()
                if let wake = table.nextWake() {
                    let delay = min(Duration.milliseconds(Int64(max(0, wake.timeIntervalSince(now())) * 1000)), maxSleep)
                    // A bare task: the next wake replaces this one, and a group cannot cancel one child.
                    timer = Task {
                        try? await Task.sleep(for: delay)
                        if !Task.isCancelled { continuation.yield(.wake) }
                    }
                }
            }
            continuation.finish()
            changeContinuation.finish()
        }
    }

    /// Runs one due re-plan; its next re-plan day, nil when none or when it failed. A failure
    /// is logged with its cause and counted; the plan stays due on its schedule.
    func runScheduled(_ s: ReplanTimetable.Start, term: LeaderTerm) async -> Day? {
        do {
            return try await service.replan([s.plan], reason: .time(trigger: ReplanTrigger(s.trigger), due: s.due), term: term).first?
                .nextReplanAt
        } catch  where error.code == .notFound {
            logger.debug("a plan due for re-planning was deleted", metadata: ["plan": "\(s.plan)"])
            return nil
        } catch  where error.code == .notLeader {
            // The new leader runs it; this term is about to end.
            logger.warning(
                "scheduled re-plan not written: a later leader has begun",
                metadata: [
                    "plan": "\(s.plan)", "trigger": "\(s.trigger.rawValue)", "term": "\(term.epoch)",
                ]
            )
            DaemonMetrics.failed("scheduled-replan")
            return nil
        } catch {
            logger.error("scheduled re-plan failed", metadata: ["plan": "\(s.plan)", "trigger": "\(s.trigger.rawValue)", "error": "\(error.detail)"])
            DaemonMetrics.failed("scheduled-replan")
            return nil
        }
    }

    private func upsert(_ timing: PlanTiming, into table: inout ReplanTimetable) {
        let zone = timing.timeZone.flatMap(TimeZone.init(identifier:)) ?? timeZone
        let expression = timing.schedule ?? defaultSchedule
        guard let schedule = try? CronSchedule(expression, timeZone: zone) else {
            logger.error(
                "invalid schedule; the plan is re-planned only on request",
                metadata: ["plan": "\(timing.plan)", "schedule": "\(expression)"]
            )
            table.remove(timing.plan)
            return
        }
        table.upsert(timing.plan, schedule: schedule, nextReplanAt: Self.midnight(timing.nextReplanAt), lastRun: timing.lastPlanned)
    }

    /// 00:00 UTC of a day.
    static func midnight(_ day: Day?) -> Date? {
        day?.startDate
    }
}

extension ReplanTrigger {
    /// The timetable's reason for a start, as events say it.
    init(_ trigger: ReplanTimetable.Trigger) {
        switch trigger {
        case .schedule: self = .schedule
        case .nextReplanAt: self = .nextReplanAt
        case .catchUp: self = .catchUp
        }
    }
}

import Foundation

/// When each plan is next due for a re-plan, and which re-plans run: a pure state machine fed
/// with times by its driver, so every decision (fire, coalesce, catch up) is testable with a
/// fake clock.
///
/// A plan is due at the first of: its schedule's next fire after its last run, and its
/// `nextReplanAt` (the day its answer changes by itself, at 00:00 UTC). However many fire times
/// passed while it was not run (a stopped daemon, a long re-plan), it runs once. A plan is never
/// re-planned twice at once: what falls due while it runs becomes one follow-up.
public struct ReplanTimetable: Sendable {
    /// Why a re-plan starts.
    public enum Trigger: String, Sendable, Hashable {
        case schedule
        case nextReplanAt
        /// A scheduled time passed while the daemon was stopped.
        case catchUp = "catch-up"
    }

    /// A re-plan to start now.
    public struct Start: Sendable, Hashable {
        public var plan: String
        public var trigger: Trigger
        /// The instant it fell due (the schedule's fire, the day's midnight, the missed run): two
        /// re-plans of one plan for the same instant would be one tick done twice.
        public var due: Date?

        public init(plan: String, trigger: Trigger, due: Date? = nil) {
            self.plan = plan
            self.trigger = trigger
            self.due = due
        }
    }

    struct Entry: Sendable {
        var schedule: CronSchedule
        var nextReplanAt: Date?
        var lastRun: Date
        /// Worked out whenever the fields above change: a cron schedule's next fire costs a
        /// search, and every change and every wake asks for all plans' due times.
        var due: (at: Date, trigger: Trigger)?
    }

    private var entries: [String: Entry] = [:]
    private var running: Set<String> = []
    private var followUps: [String: (trigger: Trigger, due: Date)] = [:]
    /// When the daemon started: a due time before it was missed while stopped.
    public let startedAt: Date

    public init(startedAt: Date) {
        self.startedAt = startedAt
    }

    /// Adds or updates a plan; `lastRun` is when it was last planned.
    public mutating func upsert(_ plan: String, schedule: CronSchedule, nextReplanAt: Date?, lastRun: Date) {
        entries[plan] = Entry(schedule: schedule, nextReplanAt: nextReplanAt, lastRun: max(lastRun, entries[plan]?.lastRun ?? lastRun))
        refresh(plan)
    }

    public mutating func remove(_ plan: String) {
        entries.removeValue(forKey: plan)
        followUps.removeValue(forKey: plan)
    }

    /// Plans known.
    public var plans: [String] { entries.keys.sorted() }

    /// When `plan` is next due, and why.
    public func due(_ plan: String) -> (at: Date, trigger: Trigger)? {
        entries[plan]?.due
    }

    private mutating func refresh(_ plan: String) {
        guard let entry = entries[plan] else { return }
        entries[plan]?.due = Self.due(entry, startedAt: startedAt)
    }

    private static func due(_ entry: Entry, startedAt: Date) -> (at: Date, trigger: Trigger)? {
        var best: (Date, Trigger)?
        if let fire = entry.schedule.nextFire(after: entry.lastRun) { best = (fire, .schedule) }
        if let day = entry.nextReplanAt, day > entry.lastRun, best.map({ day < $0.0 }) ?? true { best = (day, .nextReplanAt) }
        guard let (at, trigger) = best else { return nil }
        return (at, at < startedAt ? .catchUp : trigger)
    }

    /// The earliest time any plan falls due.
    public func nextWake() -> Date? {
        entries.values.compactMap { $0.due?.at }.min()
    }

    /// The re-plans to start at `now`: each due plan once; a due plan that is running gets one
    /// follow-up instead, however many times it falls due meanwhile.
    public mutating func tick(now: Date) -> [Start] {
        var starts: [Start] = []
        for plan in entries.keys.sorted() {
            guard let (at, trigger) = due(plan), at <= now else { continue }
            entries[plan]?.lastRun = now
            refresh(plan)
            if running.contains(plan) {
                followUps[plan] = followUps[plan] ?? (trigger, at)
            } else {
                running.insert(plan)
                starts.append(Start(plan: plan, trigger: trigger, due: at))
            }
        }
        return starts
    }

    /// The re-plan of `plan` finished at `now` and computed `nextReplanAt`; returns the
    /// follow-up to start if it fell due meanwhile.
    public mutating func finished(_ plan: String, now: Date, nextReplanAt: Date?) -> Start? {
        running.remove(plan)
        entries[plan]?.nextReplanAt = nextReplanAt
        let lastRun = max(entries[plan]?.lastRun ?? now, now)
        entries[plan]?.lastRun = lastRun
        refresh(plan)
        guard entries[plan] != nil, let followUp = followUps.removeValue(forKey: plan) else { return nil }
        running.insert(plan)
        return Start(plan: plan, trigger: followUp.trigger, due: followUp.due)
    }

    /// Whether a re-plan of `plan` is running.
    public func isRunning(_ plan: String) -> Bool { running.contains(plan) }
}

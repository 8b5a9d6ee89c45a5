import Foundation
import HeadstartEngine

extension CronSchedule {
    /// The first fire time strictly after `instant`, or nil when none falls within the search
    /// bound. Times are matched on the zone's wall clock: a wall time that does not exist (the
    /// hour skipped in spring) fires once at the next valid instant, and one that exists twice
    /// (the hour repeated in autumn) fires once, at its first occurrence.
    public func nextFire(after instant: Date) -> Date? {
        let startSecond = Int(instant.timeIntervalSince1970.rounded(.down)) + 1
        var day = CivilDay(date: Date(timeIntervalSince1970: TimeInterval(startSecond)), timeZone: timeZone)
        // The wall clock can stand behind the instant (a repeated hour), so start a day early.
        day = day.previous
        let hours = hour.values.sorted()
        let minutes = minute.values.sorted()
        let seconds = second.values.sorted()
        // A wall time more than a clock shift (DST moves clocks by at most two hours) behind
        // the start cannot resolve to an instant after it.
        let earliestWall = startSecond + timeZone.secondsFromGMT(for: instant) - 3 * 3600
        for _ in 0..<(Self.searchYears * 366 + 2) {
            defer { day = day.next }
            guard day.midnightWallSeconds + 86_400 > earliestWall,
                matches(year: day.year, month: day.month, day: day.day, weekday: day.weekday)
            else { continue }
            for h in hours where day.midnightWallSeconds + h * 3600 + 3599 >= earliestWall {
                for m in minutes where day.midnightWallSeconds + h * 3600 + m * 60 + 59 >= earliestWall {
                    for s in seconds {
                        let wall = day.midnightWallSeconds + h * 3600 + m * 60 + s
                        if let fire = resolve(wallSeconds: wall), Int(fire.timeIntervalSince1970) >= startSecond {
                            return fire
                        }
                    }
                }
            }
        }
        return nil
    }

    /// The next `count` fire times after `instant`.
    public func fireTimes(after instant: Date, count: Int) -> [Date] {
        var out: [Date] = []
        var cursor = instant
        while out.count < count, let next = nextFire(after: cursor) {
            out.append(next)
            cursor = next
        }
        return out
    }

    /// The instant a wall-clock time (seconds since 1970-01-01 00:00 on the zone's clock)
    /// stands for: its first occurrence, or the end of the gap it falls in.
    func resolve(wallSeconds wall: Int) -> Date? {
        let before = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(wall - 86_400)))
        let after = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(wall + 86_400)))
        var valid: [Int] = []
        for offset in Set([before, after]) {
            let t = wall - offset
            if timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))) == offset { valid.append(t) }
        }
        if let first = valid.min() { return Date(timeIntervalSince1970: TimeInterval(first)) }
        // In a gap: the wall time was skipped; the transition is the next valid instant.
        return timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: TimeInterval(wall - max(before, after) - 1)))
    }
}

/// A calendar day on a zone's wall clock, over the engine's ``Day`` arithmetic.
struct CivilDay {
    let date: Day
    let year: Int
    let month: Int
    let day: Int

    init(_ date: Day) {
        self.date = date
        (year, month, day) = date.civil
    }

    init(date: Date, timeZone: TimeZone) {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date)
        self.init(Day(ordinal: Int((Double(local) / 86_400).rounded(.down))))
    }

    /// 0 = Sunday (1970-01-01 was a Thursday).
    var weekday: Int { ((date.ordinal % 7) + 7 + 4) % 7 }
    var next: CivilDay { CivilDay(date.adding(days: 1)) }
    var previous: CivilDay { CivilDay(date.adding(days: -1)) }
    var midnightWallSeconds: Int { date.ordinal * 86_400 }
}

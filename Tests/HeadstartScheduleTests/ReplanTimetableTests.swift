import Foundation
import HeadstartSchedule
import Testing

/// The scheduler's decisions, fed with a fake clock.
@Suite struct ReplanTimetableTests {
    static func at(_ iso: String) -> Date { (try? Date(iso, strategy: .iso8601)) ?? .distantPast }

    static func daily() throws -> CronSchedule { try CronSchedule("0 6 * * *") }

    @Test func firesOnTheScheduleOncePerFireTime() throws {
        var table = ReplanTimetable(startedAt: Self.at("2026-11-26T10:00:00Z"))
        table.upsert("bank", schedule: try Self.daily(), nextReplanAt: nil, lastRun: Self.at("2026-11-26T09:00:00Z"))
        #expect(table.nextWake() == Self.at("2026-11-27T06:00:00Z"))
        let r1 = table.tick(now: Self.at("2026-11-27T05:59:59Z"))
        #expect(r1.isEmpty)
        let r2 = table.tick(now: Self.at("2026-11-27T06:00:00Z"))
        #expect(r2 == [.init(plan: "bank", trigger: .schedule, due: Self.at("2026-11-27T06:00:00Z"))])
        // A second tick in the same instant starts nothing: the plan is running and not due again.
        let r3 = table.tick(now: Self.at("2026-11-27T06:00:00Z"))
        #expect(r3.isEmpty)
        let r4 = table.finished("bank", now: Self.at("2026-11-27T06:00:01Z"), nextReplanAt: nil)
        #expect(r4 == nil)
        #expect(table.nextWake() == Self.at("2026-11-28T06:00:00Z"))
    }

    @Test func aNextReplanDayBeforeTheScheduleComesFirst() throws {
        var table = ReplanTimetable(startedAt: Self.at("2026-11-26T10:00:00Z"))
        table.upsert(
            "bank",
            schedule: try CronSchedule("0 6 * * 1"),
            nextReplanAt: Self.at("2027-01-15T00:00:00Z"),
            lastRun: Self.at("2027-01-13T09:00:00Z")
        )
        let due = try #require(table.due("bank"))
        #expect(due.at == Self.at("2027-01-15T00:00:00Z"))
        #expect(due.trigger == .nextReplanAt)
        let r5 = table.tick(now: Self.at("2027-01-15T00:00:00Z"))
        #expect(r5 == [.init(plan: "bank", trigger: .nextReplanAt, due: Self.at("2027-01-15T00:00:00Z"))])
    }

    @Test func aStoppedDaemonCatchesUpOnceNotOncePerMissedRun() throws {
        // Last planned three days before the start: three 06:00 runs were missed.
        let start = Self.at("2026-11-29T12:00:00Z")
        var table = ReplanTimetable(startedAt: start)
        table.upsert("bank", schedule: try Self.daily(), nextReplanAt: nil, lastRun: Self.at("2026-11-26T09:00:00Z"))
        table.upsert("fresh", schedule: try Self.daily(), nextReplanAt: nil, lastRun: Self.at("2026-11-29T07:00:00Z"))
        let r6 = table.tick(now: start)
        // Due for the first run it missed.
        #expect(r6 == [.init(plan: "bank", trigger: .catchUp, due: Self.at("2026-11-27T06:00:00Z"))])
        let r7 = table.finished("bank", now: start.addingTimeInterval(1), nextReplanAt: nil)
        #expect(r7 == nil)
        let r8 = table.tick(now: start.addingTimeInterval(2))
        #expect(r8.isEmpty)
        #expect(table.due("bank")?.at == Self.at("2026-11-30T06:00:00Z"))
        #expect(table.due("bank")?.trigger == .schedule)
    }

    @Test func ticksDuringARePlanCoalesceIntoOneFollowUp() throws {
        var table = ReplanTimetable(startedAt: Self.at("2026-11-26T00:00:00Z"))
        table.upsert("fast", schedule: try CronSchedule("* * * * * *"), nextReplanAt: nil, lastRun: Self.at("2026-11-26T10:00:00Z"))
        let r9 = table.tick(now: Self.at("2026-11-26T10:00:01Z"))
        #expect(r9.map(\.plan) == ["fast"])
        // The re-plan takes five seconds; every second the plan falls due again.
        for second in 2...5 {
            let r10 = table.tick(now: Self.at("2026-11-26T10:00:0\(second)Z"))
            #expect(r10.isEmpty)
            #expect(table.isRunning("fast"))
        }
        let r11 = table.finished("fast", now: Self.at("2026-11-26T10:00:06Z"), nextReplanAt: nil)
        // One follow-up, due for the first second it fell due while running.
        #expect(r11 == .init(plan: "fast", trigger: .schedule, due: Self.at("2026-11-26T10:00:02Z")))
        let r12 = table.finished("fast", now: Self.at("2026-11-26T10:00:06Z"), nextReplanAt: nil)
        #expect(r12 == nil)
    }

    @Test func removedPlansAreForgotten() throws {
        var table = ReplanTimetable(startedAt: Self.at("2026-11-26T00:00:00Z"))
        table.upsert("bank", schedule: try Self.daily(), nextReplanAt: nil, lastRun: Self.at("2026-11-20T10:00:00Z"))
        table.remove("bank")
        #expect(table.nextWake() == nil)
        let r16 = table.tick(now: Self.at("2026-12-01T00:00:00Z"))
        #expect(r16.isEmpty)
    }
}

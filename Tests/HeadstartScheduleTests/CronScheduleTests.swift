import Foundation
import HeadstartSchedule
import Testing

@Suite struct CronScheduleTests {
    static let utc = TimeZone(identifier: "UTC") ?? .gmt
    static let berlin = TimeZone(identifier: "Europe/Berlin") ?? .gmt

    static func instant(_ iso: String) -> Date {
        (try? Date(iso, strategy: .iso8601)) ?? .distantPast
    }

    static func iso(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: utc))
    }

    @Test(arguments: [
        ("0 6 * * *", "2026-11-26T14:00:00Z", ["2026-11-27T06:00:00Z", "2026-11-28T06:00:00Z"]),
        ("*/15 * * * *", "2026-11-26T14:07:30Z", ["2026-11-26T14:15:00Z", "2026-11-26T14:30:00Z", "2026-11-26T14:45:00Z"]),
        ("0 0 1 * *", "2026-11-26T14:00:00Z", ["2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"]),
        ("@weekly", "2026-11-26T14:00:00Z", ["2026-11-29T00:00:00Z", "2026-12-06T00:00:00Z"]),
        ("@hourly", "2026-11-26T14:00:00Z", ["2026-11-26T15:00:00Z"]),
        ("@yearly", "2026-11-26T14:00:00Z", ["2027-01-01T00:00:00Z"]),
        ("*/20 * * * * *", "2026-11-26T14:00:05Z", ["2026-11-26T14:00:20Z", "2026-11-26T14:00:40Z", "2026-11-26T14:01:00Z"]),
        ("30 9 * jan-Mar MON-FRI", "2026-11-26T14:00:00Z", ["2027-01-01T09:30:00Z", "2027-01-04T09:30:00Z"]),
        ("0 0 29 2 *", "2026-11-26T14:00:00Z", ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"]),
        ("5/20 10 * * 7", "2026-11-26T14:00:00Z", ["2026-11-29T10:05:00Z", "2026-11-29T10:25:00Z", "2026-11-29T10:45:00Z"]),
        (
            "0 12 1-10/3 * *", "2026-11-26T14:00:00Z",
            ["2026-12-01T12:00:00Z", "2026-12-04T12:00:00Z", "2026-12-07T12:00:00Z", "2026-12-10T12:00:00Z"]
        ),
    ])
    func nextFireTimesInUTC(expression: String, from: String, expected: [String]) throws {
        let schedule = try CronSchedule(expression)
        #expect(schedule.fireTimes(after: Self.instant(from), count: expected.count).map(Self.iso) == expected)
    }

    @Test func bothDayFieldsRestrictedMeansEitherDay() throws {
        // The 13th or any Friday (Vixie's OR): 2026-11-27 is a Friday, 2026-12-13 a Sunday.
        let or = try CronSchedule("0 0 13 * FRI")
        #expect(
            or.fireTimes(after: Self.instant("2026-11-26T14:00:00Z"), count: 5).map(Self.iso) == [
                "2026-11-27T00:00:00Z", "2026-12-04T00:00:00Z", "2026-12-11T00:00:00Z", "2026-12-13T00:00:00Z", "2026-12-18T00:00:00Z",
            ]
        )
        // A day field starting with '*' makes it AND: Fridays on odd days of the month.
        let and = try CronSchedule("0 0 */2 * FRI")
        #expect(
            and.fireTimes(after: Self.instant("2026-11-26T14:00:00Z"), count: 2).map(Self.iso) == [
                "2026-11-27T00:00:00Z", "2026-12-11T00:00:00Z",
            ]
        )
    }

    @Test func aSkippedWallTimeFiresOnceAtTheNextValidInstant() throws {
        // Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST at 01:00 UTC.
        let daily = try CronSchedule("30 2 * * *", timeZone: Self.berlin)
        #expect(
            daily.fireTimes(after: Self.instant("2026-03-28T12:00:00Z"), count: 2).map(Self.iso) == [
                "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z",
            ]
        )
        let halfHourly = try CronSchedule("*/30 * * * *", timeZone: Self.berlin)
        #expect(
            halfHourly.fireTimes(after: Self.instant("2026-03-29T00:40:00Z"), count: 2).map(Self.iso) == [
                "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z",
            ]
        )
    }

    @Test func aRepeatedWallTimeFiresOnce() throws {
        // Berlin, 2026-10-25: 03:00 CEST falls back to 02:00 CET at 01:00 UTC; 02:30 happens twice.
        let daily = try CronSchedule("30 2 * * *", timeZone: Self.berlin)
        #expect(
            daily.fireTimes(after: Self.instant("2026-10-24T12:00:00Z"), count: 2).map(Self.iso) == [
                "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z",
            ]
        )
        let hourly = try CronSchedule("0 * * * *", timeZone: Self.berlin)
        #expect(
            hourly.fireTimes(after: Self.instant("2026-10-24T23:30:00Z"), count: 2).map(Self.iso) == [
                "2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z",
            ]
        )
    }

    @Test(arguments: [
        ("0 6 * *", CronError.Code.shape, nil as String?, 1),
        ("0 6 * * * * *", .shape, nil, 1),
        ("@reboot", .shape, nil, 1),
        ("0 25 * * *", .badField, "hour", 3),
        ("0 6 * * MON-XYZ", .badField, "day-of-week", 9),
        ("*/0 * * * *", .badField, "minute", 1),
        ("5-1 * * * *", .badField, "minute", 1),
        ("0 0 1,,2 * *", .badField, "day-of-month", 7),
        ("0  6 32 * *", .badField, "day-of-month", 6),
        ("61 0 0 * * *", .badField, "second", 1),
        ("0 0 30 2 *", .neverFires, "day-of-month", 5),
        ("0 0 31 4,6,9,11 *", .neverFires, "day-of-month", 5),
    ])
    func invalidExpressionsNameTheirField(expression: String, code: CronError.Code, field: String?, column: Int) {
        do {
            _ = try CronSchedule(expression)
            Issue.record("accepted \(expression)")
        } catch {
            #expect(error.code == code)
            #expect(error.field == field)
            #expect(error.column == column)
        }
    }

    @Test func aDayThatIsRareButRealIsAccepted() throws {
        // February 31st never comes, but Mondays in February do (OR).
        let schedule = try CronSchedule("0 0 31 2 MON")
        #expect(schedule.nextFire(after: Self.instant("2026-11-26T14:00:00Z")).map(Self.iso) == "2027-02-01T00:00:00Z")
    }
}

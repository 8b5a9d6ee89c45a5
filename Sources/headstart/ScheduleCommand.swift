import ArgumentParser
import Foundation
import HeadstartSchedule

/// `headstart schedule EXPR`: the next fire times of a cron expression, to check a schedule
/// before committing it (as `systemd-analyze calendar --iterations` does).
struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Print the next fire times of a cron expression.",
        discussion: "An invalid expression is printed with a caret under the bad field; exit 65."
    )

    @Argument(help: "A cron expression: 5 fields, 6 with seconds first, or a macro such as @daily. Quote it.")
    var expression: String

    @Option(help: "Start after this time: 2026-11-26T14:00:00Z, a local 2026-11-26T14:00 or a day. Default: now.")
    var from: String?

    @Option(help: "How many fire times to print.")
    var count: Int = 5

    @Option(name: .customLong("time-zone"), help: "IANA zone the expression is read in. Default: UTC.")
    var timeZone: String = "UTC"

    func validate() throws {
        guard (1...1000).contains(count) else { throw ValidationError("--count must be between 1 and 1000") }
        guard TimeZone(identifier: timeZone) != nil else { throw ValidationError("--time-zone '\(timeZone)' is not an IANA time zone") }
        if let from, Self.parseInstant(from, zone: TimeZone(identifier: timeZone) ?? .gmt) == nil {
            throw ValidationError("--from '\(from)' is not a time such as 2026-11-26T14:00:00Z, 2026-11-26T14:00 or 2026-11-26")
        }
    }

    func run() throws {
        let zone = TimeZone(identifier: timeZone) ?? .gmt
        let schedule: CronSchedule
        do {
            schedule = try CronSchedule(expression, timeZone: zone)
        } catch {
            Terminal.err("headstart: invalid schedule: \(error)\n  \(expression)\n  \(String(repeating: " ", count: max(0, error.column - 1)))^\n")
            throw ExitStatus.dataError
        }
        let start = from.flatMap { Self.parseInstant($0, zone: zone) } ?? Date()
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = zone
        local.dateFormat = "EEE yyyy-MM-dd HH:mm:ss zzz"
        var lines = ["  Original form: \(expression)", "      Time zone: \(zone.identifier)"]
        let fires = schedule.fireTimes(after: start, count: count)
        for (i, fire) in fires.enumerated() {
            let label = i == 0 ? "Next elapse" : "Iteration #\(i + 1)"
            lines.append(
                "\(String(repeating: " ", count: max(0, 15 - label.count)))\(label): \(local.string(from: fire)) (\(fire.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))))"
            )
        }
        if fires.isEmpty { lines.append("    Next elapse: never") }
        try Terminal.out(lines.joined(separator: "\n") + "\n")
    }

    /// An ISO 8601 instant, a local date-time (seconds optional) in `zone`, or a day at midnight in `zone`.
    static func parseInstant(_ text: String, zone: TimeZone) -> Date? {
        if let instant = try? Date(text, strategy: .iso8601) { return instant }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}

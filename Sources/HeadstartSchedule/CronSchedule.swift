import Foundation

/// A parsed cron expression in a time zone: the 5-field Vixie form (minute hour day-of-month
/// month day-of-week), an optional leading seconds field, lists, ranges, steps, month and day
/// names, and the `@yearly @annually @monthly @weekly @daily @midnight @hourly` macros.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written.
    public let expression: String
    public let timeZone: TimeZone
    let second: CronField
    let minute: CronField
    let hour: CronField
    let dayOfMonth: CronField
    let month: CronField
    let dayOfWeek: CronField

    /// How far ahead a next fire time is looked for; 29 years cover every leap-day pattern.
    static let searchYears = 29

    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// Parses `expression` for `timeZone` (UTC by default). Refuses, with the bad field's column,
    /// anything malformed and any expression that can never fire.
    public init(_ expression: String, timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .gmt) throws(CronError) {
        self.expression = expression
        self.timeZone = timeZone
        let trimmed = expression.trimmingCharacters(in: .whitespaces)
        var text = trimmed
        if trimmed.hasPrefix("@") {
            guard let expanded = Self.macros[trimmed.lowercased()] else {
                throw CronError(
                    .shape,
                    "unknown macro '\(trimmed)'; use one of \(Self.macros.keys.sorted().joined(separator: " "))",
                    column: Self.leadingSpaces(expression) + 1
                )
            }
            text = expanded
        }
        // Fields with their 1-based columns in the original text (macros report column 1).
        var fields: [(String, Int)] = []
        var column = trimmed.hasPrefix("@") ? 1 : Self.leadingSpaces(expression) + 1
        var current = ""
        var start = column
        for ch in text + " " {
            if ch == " " || ch == "\t" {
                if !current.isEmpty { fields.append((current, trimmed.hasPrefix("@") ? 1 : start)) }
                current = ""
                column += 1
                start = column
            } else {
                current.append(ch)
                column += 1
            }
        }
        guard fields.count == 5 || fields.count == 6 else {
            throw CronError(.shape, "expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, found \(fields.count)")
        }
        if fields.count == 5 { fields.insert(("0", 0), at: 0) }
        let kinds = CronField.Kind.allCases
        var parsed: [CronField] = []
        for (i, (field, col)) in fields.enumerated() {
            parsed.append(try CronField.parse(field, kind: kinds[i], column: col))
        }
        (second, minute, hour, dayOfMonth, month, dayOfWeek) = (parsed[0], parsed[1], parsed[2], parsed[3], parsed[4], parsed[5])
        guard hasMatchingDay(from: Date(timeIntervalSince1970: 0)) else {
            throw CronError(
                .neverFires,
                "no day ever matches day-of-month \(fields[3].0) in month \(fields[4].0)",
                field: "day-of-month",
                column: max(1, fields[3].1)
            )
        }
    }

    public var description: String { expression }

    /// Vixie's rule: when both day fields are restricted (neither starts with `*`), a day matching either fires.
    func matches(year: Int, month m: Int, day: Int, weekday: Int) -> Bool {
        guard month.contains(m) else { return false }
        let dom = dayOfMonth.contains(day)
        let dow = dayOfWeek.contains(weekday)
        return dayOfMonth.isStar || dayOfWeek.isStar ? dom && dow : dom || dow
    }

    private func hasMatchingDay(from date: Date) -> Bool {
        var day = CivilDay(date: date, timeZone: TimeZone(identifier: "UTC") ?? .gmt)
        for _ in 0..<(Self.searchYears * 366) {
            if matches(year: day.year, month: day.month, day: day.day, weekday: day.weekday) { return true }
            day = day.next
        }
        return false
    }

    private static func leadingSpaces(_ s: String) -> Int { s.prefix { $0 == " " || $0 == "\t" }.count }
}

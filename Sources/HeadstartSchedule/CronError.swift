/// A cron expression that cannot be used, with the field and column that are wrong.
public struct CronError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        // Closed: the codes are the static members below, and no caller makes another.
        private init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Not 5 or 6 fields, or an unknown `@` macro.
        public static let shape = Code(rawValue: "cron-shape")
        /// A field that does not parse or is out of range.
        public static let badField = Code(rawValue: "cron-bad-field")
        /// Well-formed, but no time ever matches (`0 0 30 2 *`).
        public static let neverFires = Code(rawValue: "cron-never-fires")
        /// An unknown IANA time zone.
        public static let badTimeZone = Code(rawValue: "cron-bad-time-zone")
    }

    public var code: Code
    public var message: String
    /// The field's name (`minute`, `day-of-week`…), nil for errors about the whole expression.
    public var field: String?
    /// 1-based column in the expression where the problem starts.
    public var column: Int

    public init(_ code: Code, _ message: String, field: String? = nil, column: Int = 1) {
        self.code = code
        self.message = message
        self.field = field
        self.column = column
    }

    public var description: String {
        field.map { "column \(column), \($0) field: \(message)" } ?? "column \(column): \(message)"
    }
}

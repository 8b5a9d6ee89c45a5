/// A store operation that failed, with a stable code.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        // Closed: the codes are the static members below, and no caller makes another.
        private init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The database file could not be opened or is not a Headstart database.
        public static let unreadable = Code(rawValue: "store-unreadable")
        /// The disk is full: nothing was changed.
        public static let diskFull = Code(rawValue: "store-disk-full")
        /// A write fenced with a leader's term found a later term begun: nothing was written.
        public static let notLeader = Code(rawValue: "store-not-leader")
        /// The database did not answer in time; the connection was given up.
        public static let timedOut = Code(rawValue: "store-timed-out")
        /// A stored value is not one Headstart writes (a day that is not `YYYY-MM-DD`).
        public static let corrupt = Code(rawValue: "store-corrupt")
        /// A copy's target already holds data.
        public static let notEmpty = Code(rawValue: "store-not-empty")
        /// `--store` is not a store location this build understands.
        public static let badLocation = Code(rawValue: "store-location")
        /// Any other database failure.
        public static let failed = Code(rawValue: "store-failed")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

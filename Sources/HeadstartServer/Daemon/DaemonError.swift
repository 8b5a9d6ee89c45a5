/// Why the daemon could not start or had to stop, with the exit code it maps to.
public struct DaemonError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        // Closed: the codes are the static members below, and no caller makes another.
        private init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Another daemon already answers on the socket or holds the state directory (exit 75).
        public static let alreadyRunning = Code(rawValue: "already-running")
        /// The socket path is too long, or something other than a socket is there (exit 78).
        public static let badSocketPath = Code(rawValue: "bad-socket-path")
        /// A folder or file could not be created or read (exit 73).
        public static let cannotCreate = Code(rawValue: "cannot-create")
        /// The database is corrupt or unreadable (exit 78).
        public static let badStore = Code(rawValue: "bad-store")
        /// The configured catalog is invalid (exit 65).
        public static let badCatalog = Code(rawValue: "bad-catalog")
        /// A configured input (the catalog file) is missing or unreadable (exit 66).
        public static let noInput = Code(rawValue: "no-input")
        /// The socket could not be bound or listened on (exit 71).
        public static let cannotListen = Code(rawValue: "cannot-listen")
        /// The daemon stopped on an error while running (exit 70).
        public static let failed = Code(rawValue: "failed")
        /// Options that do not go together (exit 64).
        public static let usage = Code(rawValue: "usage")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The sysexits code for this failure.
    public var exitCode: Int32 {
        switch code {
        case .alreadyRunning: return 75
        case .badSocketPath, .badStore: return 78
        case .usage: return 64
        case .badCatalog: return 65
        case .noInput: return 66
        case .failed: return 70
        case .cannotListen: return 71
        default: return 73
        }
    }

    public var description: String { message }
}

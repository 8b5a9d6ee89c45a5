import HeadstartFormats
import HeadstartStore

/// What the plan service refuses or fails with, in its own terms; the router alone turns these
/// into problem details and HTTP statuses.
public struct ServiceError: Error, Sendable, CustomStringConvertible {
    /// Stable codes; the problem document's URN carries the same words.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        // Closed: the codes are the static members below, and no caller makes another.
        private init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A plan or catalog that does not validate; the diagnostics say where.
        public static let invalidDocument = Code(rawValue: "invalid-document")
        /// The document's `name` differs from the plan named in the URL.
        public static let nameMismatch = Code(rawValue: "name-mismatch")
        public static let notFound = Code(rawValue: "not-found")
        /// The caller may not do this (another user's plan, an admin operation).
        public static let forbidden = Code(rawValue: "forbidden")
        /// A configured limit (plans stored, plans per user) is reached.
        public static let limitReached = Code(rawValue: "limit-reached")
        /// `PUT /v1/catalog` on a daemon whose catalog is the `--catalog` file.
        public static let catalogManagedByFile = Code(rawValue: "catalog-managed-by-file")
        /// The disk is full: nothing was changed.
        public static let storeFull = Code(rawValue: "store-full")
        /// Any other store failure.
        public static let storeFailed = Code(rawValue: "store-failed")
        /// The store holds what the daemon cannot read back: an event, a document, a day.
        public static let storeCorrupt = Code(rawValue: "store-corrupt")
        /// A document the daemon computed could not be encoded; nothing was stored.
        public static let encodingFailed = Code(rawValue: "encoding-failed")
        /// A fenced (scheduled) re-plan found a later leader's term begun: nothing was written.
        public static let notLeader = Code(rawValue: "not-leader")

        /// Every code, for the edge's mapping and its test.
        public static let all: [Code] = [
            .invalidDocument, .nameMismatch, .notFound, .forbidden, .limitReached, .catalogManagedByFile, .storeFull, .storeFailed,
            .storeCorrupt, .encodingFailed, .notLeader,
        ]
    }

    public let code: Code
    public let detail: String
    /// Located errors, for invalid documents.
    public let diagnostics: [Diagnostic]

    public init(_ code: Code, _ detail: String, diagnostics: [Diagnostic] = []) {
        self.code = code
        self.detail = detail
        self.diagnostics = diagnostics
    }

    public var description: String { detail }

    /// A store failure: a full disk is the caller's to hear about, anything else is the daemon's.
    init(_ error: StoreError) {
        switch error.code {
        case .diskFull: self.init(.storeFull, error.message)
        case .notLeader: self.init(.notLeader, error.message)
        case .corrupt: self.init(.storeCorrupt, error.message)
        default: self.init(.storeFailed, error.message)
        }
    }

    static func noPlan(_ name: String) -> ServiceError { ServiceError(.notFound, "no plan named '\(name)'") }
}

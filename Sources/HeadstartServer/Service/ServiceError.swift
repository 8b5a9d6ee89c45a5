import HeadstartFormats
import HeadstartStore

/// What the plan service refuses or fails with, in its own terms; the router alone turns these
/// into problem details and HTTP statuses.
public struct ServiceError: Error, Sendable, CustomStringConvertible {
    /// Stable codes; the problem document's URN carries the same words.
    public enum Code: String, Sendable {
        case invalidDocument = "invalid-document"
        case nameMismatch = "name-mismatch"
        case notFound = "not-found"
        case forbidden
        case limitReached = "limit-reached"
        case catalogManagedByFile = "catalog-managed-by-file"
        case storeFull = "store-full"
        case storeFailed = "store-failed"
        /// The store holds what the daemon cannot read back: an event, a document, a day.
        case storeCorrupt = "store-corrupt"
        /// A document the daemon computed could not be encoded; nothing was stored.
        case encodingFailed = "encoding-failed"
        /// A fenced (scheduled) re-plan found a later leader's term begun: nothing was written.
        case notLeader = "not-leader"
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

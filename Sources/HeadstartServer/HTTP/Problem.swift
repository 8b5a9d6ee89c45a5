import Foundation
import HeadstartAPI
import HeadstartFormats
import Hummingbird
import NIOCore

/// An API error as RFC 9457 problem details (`application/problem+json`), with a stable `type`.
public struct Problem: HTTPResponseError, Sendable {
    /// Stable problem types; the URN is the contract.
    public struct Kind: Sendable, Hashable {
        public let code: String
        public let status: HTTPResponse.Status
        public let title: String

        // Closed: the kinds are the static members below and ``unexpected(_:)``.
        private init(code: String, status: HTTPResponse.Status, title: String) {
            self.code = code
            self.status = status
            self.title = title
        }

        public var type: String { ProblemBody.urnPrefix + code }

        /// A status Hummingbird answers with that no kind above names: `http-STATUS`.
        public static func unexpected(_ status: HTTPResponse.Status) -> Kind {
            Kind(code: "http-\(status.code)", status: status, title: status.reasonPhrase)
        }

        public static let invalidDocument = Kind(code: "invalid-document", status: .unprocessableContent, title: "The document is not valid")
        public static let nameMismatch = Kind(code: "name-mismatch", status: .conflict, title: "The plan's name differs from the URL's")
        public static let notFound = Kind(code: "not-found", status: .notFound, title: "No such resource")
        public static let badRequest = Kind(code: "bad-request", status: .badRequest, title: "The request is malformed")
        public static let tooLarge = Kind(code: "body-too-large", status: .contentTooLarge, title: "The request body is too large")
        public static let storeFull = Kind(
            code: "store-full",
            status: HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"),
            title: "The disk is full; nothing was changed"
        )
        public static let storeFailed = Kind(code: "store-failed", status: .internalServerError, title: "The store failed")
        public static let storeCorrupt = Kind(
            code: "store-corrupt",
            status: .internalServerError,
            title: "The store holds data the daemon cannot read"
        )
        public static let encodingFailed = Kind(
            code: "encoding-failed",
            status: .internalServerError,
            title: "The daemon could not write the document"
        )
        public static let headersTooLarge = Kind(
            code: "headers-too-large",
            status: HTTPResponse.Status(code: 431, reasonPhrase: "Request Header Fields Too Large"),
            title: "The request's headers are too large"
        )
        public static let forbidden = Kind(code: "forbidden", status: .forbidden, title: "Not allowed for this caller")
        public static let limit = Kind(
            code: "limit-reached",
            status: HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"),
            title: "A configured limit is reached"
        )
        public static let methodNotAllowed = Kind(code: "method-not-allowed", status: .methodNotAllowed, title: "Method not allowed")
        public static let catalogManagedByFile = Kind(
            code: "catalog-managed-by-file",
            status: .conflict,
            title: "The catalog is managed by a file"
        )
        public static let notImplemented = Kind(code: "not-implemented", status: .notImplemented, title: "Not supported by this daemon")
        public static let tooManyWatchers = Kind(
            code: "too-many-watchers",
            status: .tooManyRequests,
            title: "This user holds its maximum of event streams"
        )
    }

    public let kind: Kind
    public let detail: String
    /// Located errors, for invalid documents.
    public let diagnostics: [Diagnostic]
    /// Headers the answer carries besides the content type (`Allow` for a 405).
    public let headers: HTTPFields

    public init(_ kind: Kind, _ detail: String, diagnostics: [Diagnostic] = [], headers: HTTPFields = [:]) {
        self.kind = kind
        self.detail = detail
        self.diagnostics = diagnostics
        self.headers = headers
    }

    public var status: HTTPResponse.Status { kind.status }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body(instance: request.uri.path))))
    }

    /// The problem document.
    func body(instance: String) -> [UInt8] {
        let body = ProblemBody(
            code: kind.code,
            title: kind.title,
            status: Int(status.code),
            detail: detail,
            instance: instance,
            errors: diagnostics.map(DiagnosticBody.init)
        )
        return (try? APIJSON.body(body)) ?? Array("{}\n".utf8)
    }

    /// A service error as the caller hears it: the one place its codes meet HTTP statuses.
    public init(_ error: ServiceError) {
        self.init(Self.kind(of: error.code), error.detail, diagnostics: error.diagnostics)
    }

    /// The kind each service code is answered as; ``ServiceError/Code/all`` meets a kind of its
    /// own here, which a test holds.
    static func kind(of code: ServiceError.Code) -> Kind {
        switch code {
        case .invalidDocument: return .invalidDocument
        case .nameMismatch: return .nameMismatch
        case .notFound: return .notFound
        case .forbidden: return .forbidden
        case .limitReached: return .limit
        case .catalogManagedByFile: return .catalogManagedByFile
        case .storeFull: return .storeFull
        case .storeCorrupt: return .storeCorrupt
        case .encodingFailed: return .encodingFailed
        // storeFailed, and notLeader: only the daemon's own scheduled re-plans are fenced, so no
        // request meets a lost term.
        default: return .storeFailed
        }
    }
}

/// Turns errors Hummingbird raises itself (unknown route, oversized body) into problem details.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The body limit the routes apply, for the 413 message.
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as Problem {
            throw error
        } catch let error as ServiceError {
            throw Problem(error)
        } catch is NIOTooManyBytesError {
            var close = HTTPFields()
            close[.connection] = "close"
            throw Problem(.tooLarge, "the request body is over the limit of \(maxBodyBytes) bytes", headers: close)
        } catch let error as HTTPError {
            switch error.status {
            case .notFound: throw Problem(.notFound, "no route for \(request.method) \(PathText.readable(request.uri.path))")
            case .contentTooLarge:
                // The rest of the body is not read: the connection cannot carry another request.
                var close = HTTPFields()
                close[.connection] = "close"
                throw Problem(.tooLarge, error.body ?? "the request body is over the limit of \(maxBodyBytes) bytes", headers: close)
            case .methodNotAllowed: throw Problem(.methodNotAllowed, "\(request.method) is not allowed on \(PathText.readable(request.uri.path))")
            default:
                throw Problem(
                    .unexpected(error.status),
                    error.body ?? error.status.reasonPhrase
                )
            }
        }
    }
}

import Foundation
import HeadstartAPI
import Hummingbird
import Logging
import NIOCore

/// The request context: Hummingbird's core storage plus the connection's channel, from which
/// the peer's credentials are read.
public struct HeadstartRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The accepted connection; nil in tests that run the router without a socket.
    let channel: (any Channel)?
    /// Set by ``PeerCredentialsMiddleware``.
    public var peer: PeerCredentials?
    /// The request came as `HEAD` and is answered as `GET` without the body (``MethodMiddleware``).
    public var isHead = false

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// Every typed body goes out through the API's one JSON configuration.
    public var responseEncoder: APIResponseEncoder { APIResponseEncoder() }
}

/// Encodes a handler's `ResponseEncodable` body with ``APIJSON``: `application/json`, sorted
/// keys, the house layout.
public struct APIResponseEncoder: ResponseEncoder {
    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try APIJSON.body(value))))
    }
}

/// Reads the caller's uid, gid and pid from the socket once per request, and logs the request
/// with them: method, path, status, duration.
struct PeerCredentialsMiddleware: RouterMiddleware {
    typealias Context = HeadstartRequestContext
    /// SO_PEERCRED in the daemon; tests that run the router without a socket name a caller instead.
    let resolve: @Sendable ((any Channel)?) async -> PeerCredentials?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.peer = await resolve(context.channel)
        let start = ContinuousClock.now
        let uid = context.peer.map { String($0.uid) } ?? "-"
        do {
            let response = try await next(request, context)
            Self.log(context, request, status: Int(response.status.code), start: start, uid: uid)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            Self.log(context, request, status: Int(status), start: start, uid: uid)
            throw error
        }
    }

    /// One access-log entry per request, at `debug` (`serve --log-level debug`): a line per
    /// request written to stderr cost small reads 15% of their rate (benchmark figure 5e).
    /// Nothing is formatted when the level hides it.
    static func log(_ context: Context, _ request: Request, status: Int, start: ContinuousClock.Instant, uid: String) {
        guard context.logger.logLevel <= .debug else { return }
        context.logger.debug(
            "request",
            metadata: [
                "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(status)", "ms": "\(milliseconds(since: start))",
                "uid": "\(uid)",
            ]
        )
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> String {
        let d = ContinuousClock.now - start
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return String(format: "%.1f", ms)
    }
}

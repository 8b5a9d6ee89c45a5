import Foundation
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
            context.logger.info("\(request.method) \(request.uri.path) \(response.status.code) \(Self.milliseconds(since: start))ms uid=\(uid)")
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            context.logger.info("\(request.method) \(request.uri.path) \(status) \(Self.milliseconds(since: start))ms uid=\(uid)")
            throw error
        }
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> String {
        let d = ContinuousClock.now - start
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return String(format: "%.1f", ms)
    }
}

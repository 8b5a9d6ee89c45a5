import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1

/// What HTTP/1 says that the typed HTTP layer above cannot see, handled where the request head
/// still carries its version and raw headers:
/// - a request that does not ask to keep the connection (HTTP/1.0 without `keep-alive`, or
///   `Connection: close`) is marked `Connection: close`, so the connection is closed after its
///   response instead of idling until the timeout;
/// - `Expect: 100-continue` gets its interim `100 Continue` at once, so a client such as curl
///   sends the body without first waiting a second for it;
/// - a request refused by its head alone is answered before its body is read, and the
///   connection closed (what follows on it cannot be framed): an HTTP/1.1 request without
///   `Host` (400, RFC 9112 §3.2), a transfer coding other than `chunked` (501: the daemon would
///   read the coded bytes as the body), and a `Content-Length` over the body limit (413 at
///   once, instead of `100 Continue` and the whole body).
final class HTTP1Semantics: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    let maxBodyBytes: Int
    /// Set once a request was refused: the rest of what arrives is not passed on.
    private var refused = false

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        if let problem = refusal(head) {
            refused = true
            respond(problem, version: head.version, instance: head.uri, context: context)
            return
        }
        if !head.isKeepAlive {
            head.headers.replaceOrAdd(name: "connection", value: "close")
        }
        if head.headers["expect"].contains(where: { $0.lowercased() == "100-continue" }) {
            head.headers.remove(name: "expect")
            let interim = HTTPResponseHead(version: head.version, status: .continue)
            context.writeAndFlush(wrapOutboundOut(.head(interim)), promise: nil)
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    /// Whether the response being written says `Connection: close`.
    private var closing = false

    /// A response that says `Connection: close` closes the connection once written, even when the
    /// request's body has not all arrived (a 413 mid-body): the rest of it cannot be framed.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            closing = head.headers["connection"].contains { $0.lowercased() == "close" }
            context.write(data, promise: promise)
        case .end where closing:
            closing = false
            let written = promise ?? context.eventLoop.makePromise()
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            written.futureResult.whenComplete { _ in loopBound.value.close(promise: nil) }
            context.write(data, promise: written)
        default:
            context.write(data, promise: promise)
        }
    }

    /// Why a request is refused by its head, nil when it is not.
    func refusal(_ head: HTTPRequestHead) -> Problem? {
        if head.version.major == 1, head.version.minor >= 1, head.headers["host"].isEmpty {
            return Problem(.badRequest, "an HTTP/1.1 request must have a Host header (any value, such as localhost, on a Unix socket)")
        }
        let codings = head.headers["transfer-encoding"].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let coding = codings.first(where: { $0 != "chunked" }) {
            return Problem(.notImplemented, "the transfer coding '\(coding)' is not supported: send the body as is, or chunked")
        }
        if codings.isEmpty, let length = head.headers["content-length"].first.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
            length > maxBodyBytes
        {
            return Problem(.tooLarge, "the request body is over the limit of \(maxBodyBytes) bytes")
        }
        return nil
    }

    private func respond(_ problem: Problem, version: HTTPVersion, instance: String, context: ChannelHandlerContext) {
        let body = problem.body(instance: String(instance.prefix { $0 != "?" }))
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/problem+json")
        headers.add(name: "content-length", value: String(body.count))
        headers.add(name: "connection", value: "close")
        let status = HTTPResponseStatus(statusCode: Int(problem.status.code), reasonPhrase: problem.status.reasonPhrase)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in loopBound.value.close(promise: nil) }
    }
}

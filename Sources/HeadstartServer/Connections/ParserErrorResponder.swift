import Foundation
import HTTPTypes
import HeadstartFormats
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request the HTTP decoder refused (a header block past the limit, a malformed
/// request line) with problem details instead of a bare 400, then closes the connection.
final class ParserErrorResponder: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    let maxHeaderBytes: Int
    let maxHeaderCount: Int

    init(maxHeaderBytes: Int, maxHeaderCount: Int) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        let problem: Problem
        if parserError == .headerOverflow {
            problem = Problem(.headersTooLarge, "the request line and headers must fit in \(maxHeaderBytes) bytes and \(maxHeaderCount) fields")
        } else {
            problem = Problem(.badRequest, "the request is not valid HTTP/1.1 (\(parserError))")
        }
        let body = problem.body(instance: "")
        var fields = HTTPFields()
        fields[.contentType] = "application/problem+json"
        fields[.contentLength] = String(body.count)
        fields[.connection] = "close"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: problem.status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: body))), promise: nil)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in loopBound.value.close(promise: nil) }
    }
}

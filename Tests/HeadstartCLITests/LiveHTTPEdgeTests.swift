import Foundation
import Testing

/// Requests refused by their head alone are answered before any body is read, and the
/// connection is closed after them: each was accepted, or answered late, or left open.
@Suite struct LiveHTTPEdgeTests {
    /// Sends `request` on a new connection; the answer's status line and whether the daemon
    /// closed the connection after it.
    static func exchange(_ socket: String, _ request: String, then body: Data? = nil) throws -> (status: String, closed: Bool) {
        let connection = try #require(RawHTTP(socket: socket))
        defer { connection.close() }
        #expect(connection.send(Data(request.utf8)))
        var received = connection.receive(seconds: 10)
        if let body {
            _ = connection.send(body)
            received += connection.receive(seconds: 2)
        }
        let status = String(decoding: received.prefix(12), as: UTF8.self)
        let closed = LiveDaemon.poll(seconds: 5) { !LiveDaemon.socketOpen(connection.fd) }
        return (status, closed)
    }

    @Test func requestsRefusedByTheirHeadAreAnsweredAtOnceAndClosed() throws {
        let daemon = try LiveDaemon(extra: ["--max-body-bytes", "4096"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        let socket = daemon.socket
        // Over the limit by its Content-Length: 413 at once, no `100 Continue` and no body read.
        let big = try Self.exchange(socket, "PUT /v1/plans/x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2000000\r\n\r\n")
        #expect(big.status == "HTTP/1.1 413" && big.closed, "\(big)")
        // A coding the daemon does not apply: refused, not read as the body.
        let gzip = try Self.exchange(socket, "PUT /v1/plans/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
        #expect(gzip.status == "HTTP/1.1 501" && gzip.closed, "\(gzip)")
        // HTTP/1.1 without Host.
        let hostless = try Self.exchange(socket, "GET /healthz HTTP/1.1\r\n\r\n")
        #expect(hostless.status == "HTTP/1.1 400" && hostless.closed, "\(hostless)")
        // HTTP/1.0 needs none.
        #expect(try Self.exchange(socket, "GET /healthz HTTP/1.0\r\n\r\n").status.hasSuffix(" 200"))
        // A chunked body that grows past the limit: 413, and the connection is closed (it was left open).
        let chunk = String(repeating: "a", count: 3000)
        let chunked = try Self.exchange(
            socket,
            "PUT /v1/plans/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
            then: Data("bb8\r\n\(chunk)\r\nbb8\r\n\(chunk)\r\n".utf8)
        )
        #expect(chunked.status == "HTTP/1.1 413" && chunked.closed, "\(chunked)")
        // Within the limit, all of it still works.
        #expect(RawHTTP.request(socket, "GET", "/healthz").status == 200)
        #expect(daemon.stop() == 0)
    }
}

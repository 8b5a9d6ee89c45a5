import ArgumentParser
import AsyncHTTPClient
import Foundation
import HeadstartAPI
import HeadstartFormats
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// The daemon's API over its Unix socket (AsyncHTTPClient's `http+unix` scheme). It makes sure
/// it is talking to a Headstart daemon, and gives every way of not getting an answer its own
/// one-line message: nothing listens, the server closed the connection, it did not answer in
/// time (all 69), or it does not speak the Headstart API (76).
struct DaemonClient {
    let socketPath: String
    /// How long a request may take, the response head of a stream included.
    var timeout: Duration = .seconds(30)

    struct Reply {
        var status: Int
        var body: Data
    }

    func url(_ path: String) -> String {
        let host = socketPath.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? socketPath
        return "http+unix://\(host)\(path)"
    }

    /// A request to `path` on the socket. AsyncHTTPClient sends no `Host` for a Unix socket, and
    /// HTTP/1.1 requires one (the daemon answers 400 without it): `localhost`, as curl sends.
    func request(_ path: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url(path))
        request.headers.replaceOrAdd(name: "Host", value: "localhost")
        return request
    }

    /// Sends one request and collects the whole reply, which must be a Headstart daemon's.
    func send(_ method: HTTPMethod, _ path: String, body: Data? = nil) async throws -> Reply {
        var request = request(path)
        request.method = method
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
            request.headers.add(name: "Content-Type", value: "application/yaml")
        }
        let prepared = request
        return try await connect {
            try await within(timeout) {
                let response = try await HTTPClient.shared.execute(prepared, deadline: .now() + .seconds(3600))
                try check(response)
                var buffer = try await response.body.collect(upTo: 256 << 20)
                return Reply(status: Int(response.status.code), body: buffer.readData(length: buffer.readableBytes) ?? Data())
            }
        }
    }

    /// Opens a streaming request (the event stream); the caller reads the body. Only the
    /// response head is bound by the timeout.
    func stream(_ path: String) async throws -> HTTPClientResponse {
        let request = request(path)
        return try await connect {
            try await within(timeout) {
                let response = try await HTTPClient.shared.execute(request, deadline: .distantFuture)
                try check(response)
                return response
            }
        }
    }

    /// A Headstart daemon names itself in `Server` and answers JSON, NDJSON or problem details
    /// (or nothing, with 204).
    private func check(_ response: HTTPClientResponse) throws {
        let server = response.headers.first(name: "server") ?? ""
        let type = response.headers.first(name: "content-type") ?? ""
        let known = ["application/json", "application/problem+json", "application/x-ndjson"].contains { type.hasPrefix($0) }
        guard server.hasPrefix("headstart/"), known || response.status == .noContent else { throw NotHeadstart() }
    }

    struct NotHeadstart: Error {}
    struct TimedOut: Error {}

    /// Runs `body`, giving up after `limit`.
    private func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw TimedOut()
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw TimedOut() }
            return first
        }
    }

    /// A failure to reach the daemon becomes one line and exit 69 (76 for a server that is not
    /// Headstart). The socket is tried first: the HTTP client would keep retrying a dead socket.
    private func connect<T>(_ body: () async throws -> T) async throws -> T {
        switch SocketPath.probe(socketPath) {
        case .answering:
            break
        case .denied:
            Terminal.err("headstart: permission denied on \(socketPath) (connecting needs membership of the socket's group)\n")
            throw ExitStatus.noPermission
        case .missing:
            Terminal.err("headstart: no daemon is listening on \(socketPath) (no socket there)\n")
            throw ExitStatus.unavailable
        case .refused:
            Terminal.err("headstart: no daemon is listening on \(socketPath) (connection refused)\n")
            throw ExitStatus.unavailable
        case .failed(let code):
            Terminal.err("headstart: no daemon is listening on \(socketPath) (\(String(cString: strerror(code))))\n")
            throw ExitStatus.unavailable
        }
        do {
            return try await body()
        } catch is NotHeadstart {
            throw Self.notHeadstart(socketPath)
        } catch is TimedOut {
            Terminal.err("headstart: the server on \(socketPath) did not answer within \(Self.seconds(timeout)) s\n")
            throw ExitStatus.unavailable
        } catch let error as HTTPClientError where [.remoteConnectionClosed, .uncleanShutdown].contains(error) {
            Terminal.err("headstart: the server on \(socketPath) closed the connection without answering\n")
            throw ExitStatus.unavailable
        } catch is HTTPParserError {
            throw Self.notHeadstart(socketPath)
        } catch is IOError, is ChannelError {
            // A reset or a write into a closed socket: the server hung up before answering.
            Terminal.err("headstart: the server on \(socketPath) closed the connection without answering\n")
            throw ExitStatus.unavailable
        } catch let error as ExitCode {
            throw error
        } catch {
            Terminal.err("headstart: could not talk to the server on \(socketPath): \(Failure.describe(error))\n")
            throw ExitStatus.unavailable
        }
    }

    /// Says the server is not a Headstart daemon; exit 76.
    static func notHeadstart(_ socketPath: String) -> ExitCode {
        Terminal.err("headstart: the server on \(socketPath) does not speak the Headstart API\n")
        return ExitStatus.protocolError
    }

    /// The same, naming what did not match the contract.
    static func notHeadstart(_ socketPath: String, _ why: APIJSON.Unreadable) -> ExitCode {
        Terminal.err("headstart: the server on \(socketPath) does not speak the Headstart API (\(TerminalText.visible(why.description)))\n")
        return ExitStatus.protocolError
    }

    static func seconds(_ d: Duration) -> String {
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return s == s.rounded() ? String(Int(s)) : String(s)
    }

    /// Prints a problem reply and exits: 65 for invalid documents (each error relabelled with
    /// the user's own file name), 70 when the daemon failed (500), 1 for refusals, limits included.
    static func fail(_ reply: Reply, file: String? = nil) throws -> Never {
        guard let problem = try? APIJSON.decode(ProblemBody.self, from: reply.body) else {
            // Every error the daemon answers is a problem document: anything else is another server.
            let excerpt = TerminalText.visible(String(decoding: reply.body.prefix(80), as: UTF8.self))
            Terminal.err("headstart: the server does not speak the Headstart API: HTTP \(reply.status) without a problem document (\(excerpt))\n")
            throw ExitStatus.protocolError
        }
        if let errors = problem.errors, !errors.isEmpty {
            for e in errors {
                Terminal.err("\(file ?? e.file):\(e.line):\(e.column): \(e.severity): \(e.message)\n")
            }
            throw ExitStatus.dataError
        }
        Terminal.err("headstart: \(problem.detail) (HTTP \(reply.status))\n")
        throw reply.status >= 500 && reply.status != 507 ? ExitStatus.software : ExitStatus.failure
    }
}

extension DaemonClient.Reply {
    /// The body as the contract's `T`; anything else is a server that does not speak the API (76).
    func decode<T: Decodable>(_ type: T.Type, socket: String) throws -> T {
        do {
            return try APIJSON.decode(type, from: body)
        } catch {
            throw DaemonClient.notHeadstart(socket, error)
        }
    }
}

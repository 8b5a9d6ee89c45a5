import AsyncHTTPClient
import Foundation
import HeadstartFormats
import HeadstartServer
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// The daemon's API over its Unix socket (AsyncHTTPClient's `http+unix` scheme).
struct DaemonClient {
    let socketPath: String

    struct Reply {
        var status: Int
        var body: Data

        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
    }

    func url(_ path: String) -> String {
        let host = socketPath.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? socketPath
        return "http+unix://\(host)\(path)"
    }

    /// Sends one request and collects the whole reply.
    func send(_ method: HTTPMethod, _ path: String, body: Data? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: url(path))
        request.method = method
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
            request.headers.add(name: "Content-Type", value: "application/yaml")
        }
        let response = try await connect { try await HTTPClient.shared.execute(request, timeout: .seconds(60)) }
        var buffer = try await response.body.collect(upTo: 256 << 20)
        return Reply(status: Int(response.status.code), body: buffer.readData(length: buffer.readableBytes) ?? Data())
    }

    /// Opens a streaming request (the event stream); the caller reads the body.
    func stream(_ path: String) async throws -> HTTPClientResponse {
        let request = HTTPClientRequest(url: url(path))
        return try await connect { try await HTTPClient.shared.execute(request, deadline: .distantFuture) }
    }

    /// A failure to reach the daemon becomes one line and exit 69. The socket is tried first:
    /// the HTTP client would keep retrying a dead socket until its timeout.
    private func connect<T>(_ body: () async throws -> T) async throws -> T {
        switch SocketGuard.probe(socketPath) {
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
        } catch {
            Terminal.err("headstart: no daemon is listening on \(socketPath) (\(error))\n")
            throw ExitStatus.unavailable
        }
    }

    /// Prints a problem reply and exits: 65 for invalid documents (each error relabelled with
    /// the user's own file name), 1 for other refusals.
    static func fail(_ reply: Reply, file: String? = nil) throws -> Never {
        let problem = reply.json ?? [:]
        if let errors = problem["errors"] as? [[String: Any]], !errors.isEmpty {
            for e in errors {
                let name = file ?? (e["file"] as? String ?? "-")
                Terminal.err("\(name):\(e["line"] ?? 0):\(e["column"] ?? 0): \(e["severity"] ?? "error"): \(e["message"] ?? "")\n")
            }
            throw ExitStatus.dataError
        }
        let detail = problem["detail"] as? String ?? String(decoding: reply.body, as: UTF8.self)
        Terminal.err("headstart: \(detail) (HTTP \(reply.status))\n")
        throw reply.status >= 500 ? ExitStatus.software : ExitStatus.failure
    }
}

import Foundation
import NIOSSL
import PostgresNIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A PostgreSQL connection URL read the way libpq reads it, so the URL an operator already uses
/// with `psql` works: `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=...`, or a Unix
/// socket with `postgres:///DATABASE?host=/run/postgresql` (a host that is a folder). What the
/// URL leaves out comes from `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD` and `PGDATABASE`, then
/// libpq's defaults: the socket folder `/run/postgresql`, port 5432, the OS user, a database
/// named after the user.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public enum Endpoint: Sendable, Equatable {
        /// The socket file, `FOLDER/.s.PGSQL.PORT`.
        case socket(path: String)
        case tcp(host: String, port: Int)
    }

    /// libpq's `sslmode`, for TCP (a Unix socket never uses TLS).
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var endpoint: Endpoint
    public var username: String
    public var password: String?
    public var database: String
    public var tlsMode: TLSMode
    /// How long to wait for a connection (`connect_timeout`, seconds).
    public var connectTimeout: Duration

    /// The query parameters understood; any other is refused rather than silently ignored.
    static let parameters: Set<String> = ["host", "port", "user", "password", "dbname", "sslmode", "connect_timeout"]

    /// A database on a Unix socket file, without a password.
    public init(socketPath: String, username: String, database: String) {
        endpoint = .socket(path: socketPath)
        self.username = username
        password = nil
        self.database = database
        tlsMode = .disable
        connectTimeout = .seconds(10)
    }

    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        guard let components = URLComponents(string: text) else { throw StoreError(.badLocation, "'\(Self.redact(text))' is not a URL") }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard Self.parameters.contains(item.name) else {
                throw StoreError(
                    .badLocation,
                    "unknown parameter '\(item.name)' in the store URL (known: \(Self.parameters.sorted().joined(separator: ", ")))"
                )
            }
            query[item.name] = item.value ?? ""
        }
        let host =
            Self.nonEmpty(components.percentEncodedHost.flatMap { $0.removingPercentEncoding }) ?? query["host"] ?? environment["PGHOST"]
            ?? "/run/postgresql"
        let portText = components.port.map(String.init) ?? query["port"] ?? environment["PGPORT"] ?? "5432"
        guard let port = Int(portText), (1...65_535).contains(port) else { throw StoreError(.badLocation, "port '\(portText)' is not a port number") }
        endpoint = host.hasPrefix("/") ? .socket(path: "\(host)/.s.PGSQL.\(port)") : .tcp(host: host, port: port)
        guard let user = Self.nonEmpty(components.user) ?? query["user"] ?? environment["PGUSER"] ?? Self.osUser() else {
            throw StoreError(.badLocation, "no user: name one in the URL (postgres://USER@...) or in PGUSER")
        }
        username = user
        password = components.password ?? query["password"] ?? environment["PGPASSWORD"]
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = Self.nonEmpty(path) ?? query["dbname"] ?? environment["PGDATABASE"] ?? user
        let mode = query["sslmode"] ?? environment["PGSSLMODE"] ?? "prefer"
        guard let tls = TLSMode(rawValue: mode) else {
            throw StoreError(.badLocation, "sslmode '\(mode)' is not one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        tlsMode = tls
        let timeout = query["connect_timeout"] ?? environment["PGCONNECT_TIMEOUT"] ?? "10"
        guard let seconds = Int(timeout), seconds > 0 else {
            throw StoreError(.badLocation, "connect_timeout '\(timeout)' is not a number of seconds")
        }
        connectTimeout = .seconds(seconds)
    }

    /// The pool's configuration.
    public var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch endpoint {
        case .socket(let path):
            configuration = .init(unixSocketPath: path, username: username, password: password, database: database)
        case .tcp(let host, let port):
            configuration = .init(host: host, port: port, username: username, password: password, database: database, tls: clientTLS)
        }
        configuration.options.connectTimeout = connectTimeout
        return configuration
    }

    /// A single connection's configuration, for the leader's lock and the listener.
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch endpoint {
        case .socket(let path):
            configuration = .init(unixSocketPath: path, username: username, password: password, database: database)
        case .tcp(let host, let port):
            configuration = .init(host: host, port: port, username: username, password: password, database: database, tls: try connectionTLS())
        }
        configuration.options.connectTimeout = .init(connectTimeout)
        // The leader's lock goes with its connection: over TCP, let the server notice a client
        // that vanished without closing (a host lost, a partition) in about 10 s, not the
        // kernel's two hours, so another daemon can take over.
        configuration.options.additionalStartupParameters = [
            ("tcp_keepalives_idle", "5"), ("tcp_keepalives_interval", "2"),
            ("tcp_keepalives_count", "3"),
        ]
        return configuration
    }

    /// libpq's modes: `require` encrypts without checking the certificate, `verify-ca` checks the
    /// chain, `verify-full` the chain and the host name.
    private var tlsConfiguration: TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch tlsMode {
        case .verifyFull: tls.certificateVerification = .fullVerification
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        default: tls.certificateVerification = .none
        }
        return tls
    }

    private var clientTLS: PostgresClient.Configuration.TLS {
        switch tlsMode {
        case .disable: return .disable
        case .allow, .prefer: return .prefer(tlsConfiguration)
        case .require, .verifyCA, .verifyFull: return .require(tlsConfiguration)
        }
    }

    private func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        switch tlsMode {
        case .disable: return .disable
        case .allow, .prefer: return .prefer(try NIOSSLContext(configuration: tlsConfiguration))
        case .require, .verifyCA, .verifyFull: return .require(try NIOSSLContext(configuration: tlsConfiguration))
        }
    }

    /// The URL as logs may show it: no password.
    public var description: String {
        switch endpoint {
        case .socket(let path): return "postgres://\(username)@/\(database)?host=\((path as NSString).deletingLastPathComponent)"
        case .tcp(let host, let port): return "postgres://\(username)@\(host):\(port)/\(database)"
        }
    }

    private static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }

    private static func redact(_ text: String) -> String {
        StoreLocation.redacted(text)
    }

    /// The user this process runs as, libpq's default user name.
    private static func osUser() -> String? {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }
}

import Foundation

/// Where the store is: the embedded SQLite file of one daemon, or a PostgreSQL database that
/// several daemons share (`serve --store`, `HEADSTART_STORE`).
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite database file.
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresLocation)

    /// Reads `--store`: a `postgres://` or `postgresql://` URL, or `sqlite:PATH`.
    /// - Parameter environment: where `PG*` defaults are read (libpq's names).
    public static func parse(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) -> StoreLocation {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            return .postgres(try PostgresLocation(url: text, environment: environment))
        }
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw StoreError(.badLocation, "sqlite: needs a file path, as in sqlite:/var/lib/headstart/headstart.sqlite") }
            return .sqlite(path: path)
        }
        throw StoreError(.badLocation, "'\(text)' is not a store: use postgres://USER@HOST/DATABASE, postgres:///DATABASE?host=/run/postgresql or sqlite:PATH")
    }

    /// Whether several daemons may share it: their plans, events and catalog are one.
    public var isShared: Bool {
        if case .postgres = self { return true }
        return false
    }

    /// For logs and errors: never the password.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let location): return location.description
        }
    }
}

extension StoreError.Code {
    /// `--store` is not a store location this build understands.
    public static let badLocation = StoreError.Code(rawValue: "store-location")
}

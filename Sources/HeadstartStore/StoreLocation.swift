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
    public static func parse(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) -> StoreLocation
    {
        // A URL's scheme is case-insensitive (RFC 3986): POSTGRES:// is postgres://.
        let lowered = text.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            return .postgres(try PostgresLocation(url: text, environment: environment))
        }
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw StoreError(.badLocation, "sqlite: needs a file path, as in sqlite:/var/lib/headstart/headstart.sqlite") }
            return .sqlite(path: path)
        }
        throw StoreError(
            .badLocation,
            "'\(redacted(text))' is not a store: use postgres://USER@HOST/DATABASE, postgres:///DATABASE?host=/run/postgresql or sqlite:PATH"
        )
    }

    /// `text` with anything that may be a password cut out, whatever its shape (a well-formed URL
    /// or not, any scheme spelling): what precedes the last `@` after the scheme, and the value of
    /// every `password=` parameter. Every message that quotes a store location quotes this.
    public static func redacted(_ text: String) -> String {
        var out = text
        if let at = out.lastIndex(of: "@") {
            // Keep a scheme (letters, digits, + - .) and the slashes after its colon; cut the user information.
            var keep = out.startIndex
            if let colon = out.firstIndex(of: ":"), colon < at,
                out[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }), !out[..<colon].isEmpty
            {
                keep = out.index(after: colon)
                while keep < at, out[keep] == "/" { keep = out.index(after: keep) }
            }
            out = String(out[..<keep]) + "…" + String(out[at...])
        }
        var result = ""
        var rest = Substring(out)
        while let range = rest.range(of: "password=", options: .caseInsensitive) {
            result += rest[..<range.upperBound] + "…"
            rest = rest[range.upperBound...]
            rest = rest.firstIndex(where: { $0 == "&" || $0 == " " || $0 == "'" }).map { rest[$0...] } ?? ""
        }
        return result + rest
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

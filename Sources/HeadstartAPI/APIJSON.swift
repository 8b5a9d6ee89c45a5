import Foundation

/// The one JSON configuration of the API, on both sides of the socket: bodies pretty-printed
/// with sorted keys and a final newline, event lines compact, times RFC 3339 UTC with
/// milliseconds, a `nil` left out unless the type says ``ExplicitNull``.
public enum APIJSON {
    /// A response body.
    public static func body(_ value: some Encodable) throws -> [UInt8] {
        try JSONValueEncoder.pretty(value)
    }

    /// One line of an event stream, with its newline.
    public static func line(_ value: some Encodable) throws -> [UInt8] {
        var bytes = try JSONValueEncoder.compact(value)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// A document the client does not understand: a daemon of another version, or not a daemon.
    public struct Unreadable: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// Reads a body or a line; any mismatch with the contract is an error, never a default.
    public static func decode<T: Decodable>(
        _ type: T.Type,
        from data: Data,
        userInfo: [CodingUserInfoKey: any Sendable] = [:]
    ) throws(Unreadable) -> T {
        do {
            let decoder = self.decoder
            decoder.userInfo = userInfo
            return try decoder.decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw Unreadable(description: "\(T.self): missing \(path(context.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw Unreadable(description: "\(T.self): \(path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            throw Unreadable(description: "\(T.self): \(path(context.codingPath)): \(context.debugDescription)")
        } catch {
            throw Unreadable(description: "\(T.self): \(error)")
        }
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not an RFC 3339 time"))
            }
            return date
        }
        return decoder
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        guard !keys.isEmpty else { return "the document" }
        return keys.reduce(into: "") { path, key in
            if let index = key.intValue { path += "[\(index)]" } else { path += (path.isEmpty ? "" : ".") + key.stringValue }
        }
    }
}

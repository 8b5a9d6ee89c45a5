import Foundation

/// Encodes `Encodable` values to the house JSON: a ``JSONNode`` tree written by ``JSONWriter``,
/// keys sorted, pretty (API bodies, `--format json`) or compact (event lines, stored payloads).
///
/// Conventions: an optional encoded with `encodeIfPresent` (what synthesised conformances do)
/// leaves its key out; ``ExplicitNull`` writes `null` instead. A ``JSONFragment`` is written as
/// the bytes it holds. A `Date` is an RFC 3339 UTC timestamp with milliseconds.
public enum JSONValueEncoder {
    /// Why a value has no JSON form (a NaN, say).
    public struct Unencodable: Error, CustomStringConvertible {
        public var description: String
    }

    /// `value` pretty-printed, with a final newline.
    public static func pretty(_ value: some Encodable, capacity: Int = 4096) throws -> [UInt8] {
        var writer = JSONWriter(capacity: capacity)
        try node(value).write(to: &writer)
        return writer.finish()
    }

    /// `value` on one line, without a final newline.
    public static func compact(_ value: some Encodable, capacity: Int = 1024) throws -> [UInt8] {
        var writer = JSONWriter(capacity: capacity, compact: true)
        try node(value).write(to: &writer)
        return writer.bytes
    }

    /// The tree of `value`.
    public static func node(_ value: some Encodable) throws -> JSONNode {
        try TreeEncoder.boxed(value, codingPath: []).node
    }
}

/// A value whose `nil` is written as `null` rather than leaving its key out.
@propertyWrapper
public struct ExplicitNull<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        wrappedValue = c.decodeNil() ? nil : try c.decode(Value.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let wrappedValue { try c.encode(wrappedValue) } else { try c.encodeNil() }
    }
}

/// JSON already written in the house layout (a stored recommendations document), sent as it is:
/// parsing and re-encoding it would cost more than planning it.
public struct JSONFragment: Encodable, Sendable, Equatable {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public init(_ data: Data) {
        self.bytes = Array(data)
    }

    /// Only the house encoder knows fragments; another encoder gets an error, not wrong JSON.
    public func encode(to encoder: any Encoder) throws {
        throw EncodingError.invalidValue(self, .init(codingPath: encoder.codingPath, debugDescription: "a JSON fragment needs JSONValueEncoder"))
    }
}

/// RFC 3339 UTC timestamps with milliseconds, as every time in the API is written.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).format(date)
    }
}

import Foundation

/// A wire type with one writer: its `write(to:)` gives its JSON, in documents, API bodies and
/// event lines alike (``JSONValueEncoder`` calls it where the value sits in a larger body), so no
/// second, synthesised encoding has to be kept equal to it. Keys are written in sorted order.
public protocol JSONWritable: Encodable, Sendable {
    func write(to w: inout JSONWriter)
}

extension JSONWritable {
    /// The house encoder calls ``write(to:)`` directly; another encoder (Foundation's, say) gets
    /// what the writer wrote, read back as plain JSON values, so it too encodes the same JSON.
    public func encode(to encoder: any Encoder) throws {
        var writer = JSONWriter(compact: true)
        write(to: &writer)
        try JSONDecoder().decode(PlainJSON.self, from: Data(writer.bytes)).encode(to: encoder)
    }

    /// The value pretty-printed, with a final newline.
    public func prettyJSON(capacity: Int = 4096) -> [UInt8] {
        var writer = JSONWriter(capacity: capacity)
        write(to: &writer)
        return writer.finish()
    }
}

extension JSONWriter {
    /// `values` as an array, each by its own writer.
    public mutating func array(of values: [some JSONWritable]) {
        array { w in
            for value in values {
                w.element()
                value.write(to: &w)
            }
        }
    }

    /// An object of `members` in sorted key order (by UTF-8 bytes, as every object here).
    public mutating func object<Value>(sorted members: [String: Value], _ write: (Value, inout JSONWriter) -> Void) {
        let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        object { w in
            for key in keys {
                guard let value = members[key] else { continue }
                w.key(key)
                write(value, &w)
            }
        }
    }
}

/// Any JSON value, for handing a writer's output to another encoder.
private enum PlainJSON: Codable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([PlainJSON])
    case object([String: PlainJSON])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([PlainJSON].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: PlainJSON].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .bool(let b): try c.encode(b)
        case .null: try c.encodeNil()
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}

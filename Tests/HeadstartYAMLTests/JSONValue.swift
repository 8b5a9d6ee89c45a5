import Foundation
import HeadstartYAML

/// A JSON value, for comparing composed YAML with the test suite's `in.json`.
enum JSONValue: Equatable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
            return
        }
        if let b = try? c.decode(Bool.self) {
            self = .bool(b)
            return
        }
        if let d = try? c.decode(Double.self) {
            self = .number(d)
            return
        }
        if let s = try? c.decode(String.self) {
            self = .string(s)
            return
        }
        if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
            return
        }
        self = .object(try c.decode([String: JSONValue].self))
    }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .number(let d): return "\(d)"
        case .string(let s): return "\"\(s)\""
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.keys.sorted().map { "\"\($0)\": \(o[$0]!)" }.joined(separator: ", ") + "}"
        }
    }

    /// Splits a file holding several JSON values one after another (the suite's form for a
    /// multi-document stream) and decodes each.
    static func stream(_ data: Data) throws -> [JSONValue] {
        let bytes = [UInt8](data)
        var values: [JSONValue] = []
        var depth = 0
        var inString = false
        var escaped = false
        var start: Int? = nil
        func finish(_ end: Int) throws {
            guard let s = start else { return }
            let slice = Data(bytes[s..<end])
            values.append(try JSONDecoder().decode(JSONValue.self, from: slice))
            start = nil
        }
        for (i, b) in bytes.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if b == UInt8(ascii: "\\") {
                    escaped = true
                } else if b == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { try finish(i + 1) }
                }
                continue
            }
            let isSpace = b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
            if start == nil, !isSpace { start = i }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 { try finish(i + 1) }
            default:
                if isSpace, depth == 0 { try finish(i) }
            }
        }
        try finish(bytes.count)
        return values
    }
}

extension JSONValue {
    /// The composed node as JSON, plain scalars resolved by the YAML 1.2 core schema.
    /// Mapping keys become their scalar text; a collection key has no JSON form (nil).
    init?(node: YAMLNode) {
        switch node.content {
        case .scalar:
            switch node.resolvedScalar {
            case .null?, nil: self = .null
            case .bool(let b)?: self = .bool(b)
            case .int(let i)?: self = .number(Double(i))
            case .float(let d)?: self = .number(d)
            case .string(let s)?: self = .string(s)
            }
        case .sequence(let items):
            var out: [JSONValue] = []
            for item in items {
                guard let v = JSONValue(node: item) else { return nil }
                out.append(v)
            }
            self = .array(out)
        case .mapping(let pairs):
            var out: [String: JSONValue] = [:]
            for pair in pairs {
                guard let key = pair.key.scalarText, let v = JSONValue(node: pair.value) else { return nil }
                out[key] = v
            }
            self = .object(out)
        }
    }
}

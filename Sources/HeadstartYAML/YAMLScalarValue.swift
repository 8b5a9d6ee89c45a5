/// A scalar's value under the YAML 1.2 core schema.
public enum YAMLScalarValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)

    /// The schema type's name, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .float: return "number"
        case .string: return "string"
        }
    }
}

/// The YAML 1.2 core schema's tag names.
public enum YAMLCoreTag {
    public static let prefix = "tag:yaml.org,2002:"
    public static let str = prefix + "str"
    public static let int = prefix + "int"
    public static let float = prefix + "float"
    public static let bool = prefix + "bool"
    public static let null = prefix + "null"
    public static let seq = prefix + "seq"
    public static let map = prefix + "map"
    /// `!`: the non-specific tag, which makes a scalar a string.
    public static let nonSpecific = "!"

    static let all: Set<String> = [str, int, float, bool, null, seq, map, nonSpecific]

    /// Whether the tag belongs to the core schema.
    public static func isCore(_ tag: String) -> Bool { all.contains(tag) }
}

extension YAMLNode {
    /// The scalar's value under the core schema, or nil for a collection.
    /// Plain untagged scalars are resolved by their text; quoted ones and `!` are strings;
    /// explicit core tags decide the type (nil if the text does not fit, which the loader refuses).
    public var resolvedScalar: YAMLScalarValue? {
        guard case .scalar(let text, let style) = content else { return nil }
        switch tag {
        case nil:
            return style == .plain ? YAMLScalarValue.resolvePlain(text) : .string(text)
        case YAMLCoreTag.str?, YAMLCoreTag.nonSpecific?:
            return .string(text)
        case YAMLCoreTag.null?:
            return YAMLScalarValue.nullValue(text) ?? (text.isEmpty ? .null : nil)
        case YAMLCoreTag.bool?:
            return YAMLScalarValue.boolValue(text)
        case YAMLCoreTag.int?:
            return YAMLScalarValue.intValue(text)
        case YAMLCoreTag.float?:
            return YAMLScalarValue.intValue(text).flatMap { v -> YAMLScalarValue? in
                if case .int(let i) = v { return .float(Double(i)) }
                return v
            } ?? YAMLScalarValue.floatValue(text)
        default:
            // A tag outside the core schema (allowed only under `.any`): keep the text as written.
            return style == .plain ? YAMLScalarValue.resolvePlain(text) : .string(text)
        }
    }
}

extension YAMLScalarValue {
    /// Resolves a plain scalar's text by the core schema's regular expressions.
    public static func resolvePlain(_ text: String) -> YAMLScalarValue {
        // Most plain scalars are names: only these first characters can start a null, a
        // boolean or a number, so anything else is a string without further checks.
        if let first = text.utf8.first {
            switch first {
            case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
                UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                break
            default:
                return .string(text)
            }
        }
        if let v = nullValue(text) ?? boolValue(text) ?? intValue(text) ?? floatValue(text) { return v }
        return .string(text)
    }

    static func nullValue(_ text: String) -> YAMLScalarValue? {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        default: return nil
        }
    }

    static func boolValue(_ text: String) -> YAMLScalarValue? {
        switch text {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: return nil
        }
    }

    /// `[-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+`; too large for Int becomes a float.
    static func intValue(_ text: String) -> YAMLScalarValue? {
        let u = Array(text.utf8)
        guard !u.isEmpty else { return nil }
        if u.count > 2, u[0] == UInt8(ascii: "0"), u[1] == UInt8(ascii: "o") || u[1] == UInt8(ascii: "x") {
            let radix = u[1] == UInt8(ascii: "o") ? 8 : 16
            return Int(String(decoding: u[2...], as: UTF8.self), radix: radix).map { .int($0) }
        }
        var digits = u[...]
        if let first = digits.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if let i = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) { return .int(i) }
        return Double(text).map { .float($0) }
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.inf` and `\.nan` in their three spellings.
    static func floatValue(_ text: String) -> YAMLScalarValue? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        let u = Array(text.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
            return i - start
        }
        if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
        let intDigits = digits()
        var fracDigits = 0
        if i < u.count, u[i] == UInt8(ascii: ".") {
            i += 1
            fracDigits = digits()
        } else if intDigits == 0 {
            return nil
        }
        guard intDigits > 0 || fracDigits > 0 else { return nil }
        if i < u.count, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
            i += 1
            if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
            guard digits() > 0 else { return nil }
        }
        guard i == u.count else { return nil }
        let normalized = text.hasPrefix("+") ? String(text.dropFirst()) : text
        return Double(normalized.hasSuffix(".") ? normalized + "0" : normalized).map { .float($0) }
    }
}

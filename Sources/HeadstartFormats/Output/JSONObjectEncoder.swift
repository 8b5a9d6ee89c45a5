import Foundation

/// Foundation JSON values (`[String: Any]`, `[Any]`, `String`, numbers, `Bool`, `NSNull`, as
/// written by hand or read by `JSONSerialization`) as compact JSON with sorted keys.
///
/// `JSONSerialization` with `.sortedKeys` bridges every dictionary to `NSDictionary` and sorts
/// keys with a locale-aware compare: two thirds of a plan submission's time went there. Keys
/// here sort by their UTF-8 bytes, which for the ASCII keys of this API is the same order.
public enum JSONObjectEncoder {
    /// Why a value could not be written.
    public struct Unsupported: Error, CustomStringConvertible {
        public var description: String
    }

    public static func encode(_ value: Any) throws(Unsupported) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        try append(value, to: &bytes)
        return Data(bytes)
    }

    static func append(_ value: Any, to bytes: inout [UInt8]) throws(Unsupported) {
        switch value {
        case let s as String:
            JSONWriter.appendString(s, to: &bytes)
        case let object as [String: Any]:
            bytes.append(UInt8(ascii: "{"))
            for (i, key) in object.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONWriter.appendString(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                try append(object[key] as Any, to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        case let array as [Any]:
            bytes.append(UInt8(ascii: "["))
            for (i, element) in array.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                try append(element, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case is NSNull:
            bytes.append(contentsOf: "null".utf8)
        default:
            try appendScalar(value, to: &bytes)
        }
    }

    /// Swift's own `Bool` and integers are told apart by type; a parsed `NSNumber` by its
    /// Objective-C type code, since a parsed `1` also casts to `Bool` and a parsed `true` to `Int`.
    private static func appendScalar(_ value: Any, to bytes: inout [UInt8]) throws(Unsupported) {
        switch value {
        case let b as Bool where type(of: value) == Bool.self:
            bytes.append(contentsOf: (b ? "true" : "false").utf8)
        case let i as Int where type(of: value) == Int.self:
            bytes.append(contentsOf: String(i).utf8)
        case let i as Int64 where type(of: value) == Int64.self:
            bytes.append(contentsOf: String(i).utf8)
        case let i as Int32 where type(of: value) == Int32.self:
            bytes.append(contentsOf: String(i).utf8)
        case let i as UInt32 where type(of: value) == UInt32.self:
            bytes.append(contentsOf: String(i).utf8)
        case let d as Double where type(of: value) == Double.self:
            try appendDouble(d, to: &bytes)
        case let n as NSNumber:
            switch String(cString: n.objCType) {
            case "c", "B": bytes.append(contentsOf: (n.boolValue ? "true" : "false").utf8)
            case "d", "f": try appendDouble(n.doubleValue, to: &bytes)
            default: bytes.append(contentsOf: String(n.int64Value).utf8)
            }
        default:
            // An `Optional.none` that travelled inside `Any`.
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional {
                guard let wrapped = mirror.children.first?.value else { return bytes.append(contentsOf: "null".utf8) }
                return try append(wrapped, to: &bytes)
            }
            throw Unsupported(description: "no JSON form for a value of type \(type(of: value))")
        }
    }

    private static func appendDouble(_ d: Double, to bytes: inout [UInt8]) throws(Unsupported) {
        guard d.isFinite else { throw Unsupported(description: "JSON has no \(d)") }
        if d == d.rounded(), abs(d) < 1e15 {
            bytes.append(contentsOf: String(Int64(d)).utf8)
        } else {
            bytes.append(contentsOf: "\(d)".utf8)
        }
    }
}

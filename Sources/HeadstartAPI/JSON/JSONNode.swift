/// A JSON value as ``JSONValueEncoder`` builds it from an `Encodable`, before ``JSONWriter``
/// writes it with sorted keys.
public indirect enum JSONNode: Sendable {
    case string(String)
    /// A number, already in its JSON spelling.
    case number(String)
    case bool(Bool)
    case null
    case array([JSONNode])
    /// Members in the order they were encoded; written sorted by key.
    case object([(String, JSONNode)])
    /// JSON the daemon already holds in this same layout (a stored document), written as it is.
    case fragment([UInt8])
    /// A value that writes itself (see ``JSONWritable``).
    case written(any JSONWritable)

    /// Writes the value; object keys in the order of their UTF-8 bytes (for the ASCII keys of
    /// this API, the order `JSONEncoder`'s `.sortedKeys` gives).
    public func write(to w: inout JSONWriter) {
        switch self {
        case .string(let s): w.string(s)
        case .number(let n): w.literal(n)
        case .bool(let b): w.bool(b)
        case .null: w.null()
        case .fragment(let bytes): w.fragment(bytes)
        case .written(let value): value.write(to: &w)
        case .array(let items):
            w.array { w in
                for item in items {
                    w.element()
                    item.write(to: &w)
                }
            }
        case .object(let members):
            let sorted = members.count < 2 ? members : members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            w.object { w in
                for (key, value) in sorted {
                    w.key(key)
                    value.write(to: &w)
                }
            }
        }
    }

    /// A double as the daemon has always written it: whole numbers without a fraction.
    static func number(_ d: Double) throws(JSONValueEncoder.Unencodable) -> JSONNode {
        guard d.isFinite else { throw JSONValueEncoder.Unencodable(description: "JSON has no \(d)") }
        if d == d.rounded(), abs(d) < 1e15 { return .number(String(Int64(d))) }
        return .number("\(d)")
    }
}

import Foundation

/// The `Encoder` behind ``JSONValueEncoder``. Containers are reference boxes so nested
/// containers and a second `container(keyedBy:)` on one encoder (how an event's head and its
/// payload share one object) fill the same value.
final class TreeEncoder: Encoder {
    final class Box {
        enum Value {
            case empty
            case leaf(JSONNode)
            case object([(String, Box)])
            case array([Box])
        }

        var value: Value = .empty

        init(_ value: Value = .empty) {
            self.value = value
        }

        var node: JSONNode {
            switch value {
            case .empty: return .object([])
            case .leaf(let node): return node
            case .object(let members): return .object(members.map { ($0.0, $0.1.node) })
            case .array(let items): return .array(items.map(\.node))
            }
        }

        /// Sets a member; a key encoded twice keeps its last value.
        func set(_ key: String, _ box: Box) {
            guard case .object(var members) = value else {
                value = .object([(key, box)])
                return
            }
            value = .empty
            if let i = members.firstIndex(where: { $0.0 == key }) { members[i].1 = box } else { members.append((key, box)) }
            value = .object(members)
        }

        func append(_ box: Box) {
            guard case .array(var items) = value else {
                value = .array([box])
                return
            }
            value = .empty
            items.append(box)
            value = .array(items)
        }

        var count: Int {
            switch value {
            case .array(let items): return items.count
            case .object(let members): return members.count
            default: return 0
            }
        }
    }

    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let box: Box

    init(codingPath: [any CodingKey], box: Box = Box()) {
        self.codingPath = codingPath
        self.box = box
    }

    /// The box of one value: scalars directly, anything else through its `encode(to:)`.
    static func boxed(_ value: some Encodable, codingPath: [any CodingKey]) throws -> Box {
        switch value {
        case let s as String: return Box(.leaf(.string(s)))
        case let b as Bool: return Box(.leaf(.bool(b)))
        case let i as Int: return Box(.leaf(.number(String(i))))
        case let i as Int64: return Box(.leaf(.number(String(i))))
        case let i as UInt32: return Box(.leaf(.number(String(i))))
        case let i as Int32: return Box(.leaf(.number(String(i))))
        case let i as any BinaryInteger: return Box(.leaf(.number("\(i)")))
        case let d as Double: return Box(.leaf(try JSONNode.number(d)))
        case let f as Float: return Box(.leaf(try JSONNode.number(Double(f))))
        case let date as Date: return Box(.leaf(.string(Timestamp.string(date))))
        case let fragment as JSONFragment: return Box(.leaf(.fragment(fragment.bytes)))
        case let writable as any JSONWritable: return Box(.leaf(.written(writable)))
        default:
            let encoder = TreeEncoder(codingPath: codingPath)
            try value.encode(to: encoder)
            return encoder.box
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .empty = box.value { box.value = .object([]) }
        return KeyedEncodingContainer(Keyed<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .empty = box.value { box.value = .array([]) }
        return Unkeyed(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        Single(box: box, codingPath: codingPath)
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: Box
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { box.set(key.stringValue, Box(.leaf(.null))) }

        // The scalars every document is made of, without the dynamic casts of the generic path.
        mutating func encode(_ value: String, forKey key: Key) throws { box.set(key.stringValue, Box(.leaf(.string(value)))) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { box.set(key.stringValue, Box(.leaf(.bool(value)))) }
        mutating func encode(_ value: Int, forKey key: Key) throws { box.set(key.stringValue, Box(.leaf(.number(String(value))))) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { box.set(key.stringValue, Box(.leaf(.number(String(value))))) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { box.set(key.stringValue, Box(.leaf(.number(String(value))))) }
        mutating func encode(_ value: Double, forKey key: Key) throws { box.set(key.stringValue, Box(.leaf(try JSONNode.number(value)))) }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            box.set(key.stringValue, try TreeEncoder.boxed(value, codingPath: codingPath + [key]))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let child = Box(.object([]))
            box.set(key.stringValue, child)
            return KeyedEncodingContainer(Keyed<NestedKey>(box: child, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = Box(.array([]))
            box.set(key.stringValue, child)
            return Unkeyed(box: child, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder {
            guard let key = Key(stringValue: "super") else { return TreeEncoder(codingPath: codingPath) }
            return superEncoder(forKey: key)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let child = Box()
            box.set(key.stringValue, child)
            return TreeEncoder(codingPath: codingPath + [key], box: child)
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let box: Box
        let codingPath: [any CodingKey]
        var count: Int { box.count }

        mutating func encodeNil() throws { box.append(Box(.leaf(.null))) }
        mutating func encode(_ value: String) throws { box.append(Box(.leaf(.string(value)))) }
        mutating func encode(_ value: Bool) throws { box.append(Box(.leaf(.bool(value)))) }
        mutating func encode(_ value: Int) throws { box.append(Box(.leaf(.number(String(value))))) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            box.append(try TreeEncoder.boxed(value, codingPath: codingPath))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let child = Box(.object([]))
            box.append(child)
            return KeyedEncodingContainer(Keyed<NestedKey>(box: child, codingPath: codingPath))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = Box(.array([]))
            box.append(child)
            return Unkeyed(box: child, codingPath: codingPath)
        }

        mutating func superEncoder() -> any Encoder {
            let child = Box()
            box.append(child)
            return TreeEncoder(codingPath: codingPath, box: child)
        }
    }

    struct Single: SingleValueEncodingContainer {
        let box: Box
        let codingPath: [any CodingKey]

        mutating func encodeNil() throws { box.value = .leaf(.null) }
        mutating func encode(_ value: String) throws { box.value = .leaf(.string(value)) }
        mutating func encode(_ value: Bool) throws { box.value = .leaf(.bool(value)) }
        mutating func encode(_ value: Int) throws { box.value = .leaf(.number(String(value))) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            box.value = try TreeEncoder.boxed(value, codingPath: codingPath).value
        }
    }
}

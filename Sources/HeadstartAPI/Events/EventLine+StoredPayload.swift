import Foundation

extension EventLine {
    /// The line of an event whose payload the log holds as compact JSON with sorted keys (as the
    /// daemon writes it): the head's members merged into the payload's bytes in key order, the
    /// bytes ``line(revision:plan:time:type:payload:)`` writes, without decoding the payload. Nil
    /// when the payload is not one JSON object.
    public static func line(revision: Int64?, plan: String?, time: Date, type: EventType, storedPayload: [UInt8]) -> [UInt8]? {
        let head = line(revision: revision, plan: plan, time: time, type: type, payload: .object([]))
        guard let payload = CompactObject(storedPayload), let own = CompactObject(Array(head.dropLast())) else { return nil }
        var members = payload.members + own.members
        // Keys in the order of their UTF-8 bytes, as JSONWriter sorts them.
        members.sort { $0.key.lexicographicallyPrecedes($1.key) }
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(storedPayload.count + head.count)
        for (i, member) in members.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += member.bytes
        }
        out += [UInt8(ascii: "}"), UInt8(ascii: "\n")]
        return out
    }
}

/// The top-level members of a compact JSON object, each as its key's bytes and the member's own
/// (`"key":value`); nested values are skipped over, not read.
private struct CompactObject {
    var members: [(key: ArraySlice<UInt8>, bytes: ArraySlice<UInt8>)] = []

    init?(_ b: [UInt8]) {
        guard b.first == UInt8(ascii: "{"), b.last == UInt8(ascii: "}") else { return nil }
        var i = 1
        if b.count == 2 { return }
        while i < b.count {
            let start = i
            guard b[i] == UInt8(ascii: "\""), let keyEnd = Self.stringEnd(b, from: i) else { return nil }
            let key = b[(i + 1)..<keyEnd]
            i = keyEnd + 1
            guard i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
            guard let end = Self.valueEnd(b, from: i + 1) else { return nil }
            members.append((key, b[start..<end]))
            guard end < b.count else { return nil }
            if b[end] == UInt8(ascii: "}") {
                guard end == b.count - 1 else { return nil }
                return
            }
            guard b[end] == UInt8(ascii: ",") else { return nil }
            i = end + 1
        }
        return nil
    }

    /// The index of the quote that closes the string opening at `from`.
    private static func stringEnd(_ b: [UInt8], from: Int) -> Int? {
        var i = from + 1
        while i < b.count {
            switch b[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): return i
            default: i += 1
            }
        }
        return nil
    }

    /// Where the value starting at `from` ends: the index of the `,` or `}` after it at depth 0.
    private static func valueEnd(_ b: [UInt8], from: Int) -> Int? {
        var i = from
        var depth = 0
        while i < b.count {
            switch b[i] {
            case UInt8(ascii: "\""):
                guard let end = stringEnd(b, from: i) else { return nil }
                i = end + 1
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: "}"):
                if depth == 0 { return i > from ? i : nil }
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 0 { return i > from ? i : nil }
            default: break
            }
            i += 1
        }
        return nil
    }
}

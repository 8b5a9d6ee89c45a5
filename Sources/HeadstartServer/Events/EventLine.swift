import Foundation
import HeadstartFormats
import HeadstartStore

/// The wire form of events: one JSON object per line with `revision`, `type`, `plan`, `time`
/// and the event's own fields.
enum EventLine {
    static func data(_ event: StoredEvent) -> Data {
        var head: [(key: String, json: [UInt8])] = [
            ("plan", Array((try? JSONObjectEncoder.encode(event.plan as Any)) ?? Data("null".utf8))),
            ("revision", Array(String(event.revision).utf8)),
            ("time", Array((try? JSONObjectEncoder.encode(Timestamp.string(event.time))) ?? Data("null".utf8))),
            ("type", Array((try? JSONObjectEncoder.encode(event.type)) ?? Data("null".utf8))),
        ]
        let members = event.payload.withUnsafeBytes { JSONMembers.of($0) }
        // Both lists are sorted by key: merge them, the event's own fields winning a tie.
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(event.payload.count + 128)
        var rest = members[...]
        func emit(_ key: String, _ json: some Collection<UInt8>) {
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: (try? JSONObjectEncoder.encode(key)) ?? Data())
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: json)
        }
        while !head.isEmpty || !rest.isEmpty {
            if let h = head.first, rest.first.map({ h.key.utf8.lexicographicallyPrecedes($0.key.utf8) || h.key == $0.key }) ?? true {
                if rest.first?.key == h.key { rest.removeFirst() }
                emit(h.key, h.json)
                head.removeFirst()
            } else if let m = rest.popFirst() {
                emit(m.key, m.json)
            }
        }
        out.append(contentsOf: "}\n".utf8)
        return Data(out)
    }

    /// The `resync` line: the watcher missed events and should reconnect with `since=resumeFrom`
    /// (and re-read what it tracks if the events after that are gone).
    static func resync(reason: String, resumeFrom: Int64, at time: Date) -> Data {
        var data = payload(["type": "resync", "reason": reason, "resumeFrom": resumeFrom, "plan": NSNull(),
                            "revision": NSNull(), "time": Timestamp.string(time)])
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// A JSON object for a payload.
    static func payload(_ fields: [String: Any]) -> Data {
        (try? JSONObjectEncoder.encode(fields)) ?? Data("{}".utf8)
    }
}

/// RFC 3339 UTC timestamps with milliseconds.
enum Timestamp {
    static func string(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).format(date)
    }
}

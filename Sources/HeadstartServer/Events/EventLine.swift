import Foundation
import HeadstartFormats
import HeadstartStore

/// The wire form of events: one JSON object per line with `revision`, `type`, `plan`, `time`
/// and the event's own fields.
enum EventLine {
    static func data(_ event: StoredEvent) -> Data {
        var object = (try? JSONSerialization.jsonObject(with: event.payload)) as? [String: Any] ?? [:]
        object["revision"] = event.revision
        object["type"] = event.type
        object["plan"] = event.plan ?? NSNull()
        object["time"] = Timestamp.string(event.time)
        var data = (try? JSONObjectEncoder.encode(object)) ?? Data("{}".utf8)
        data.append(UInt8(ascii: "\n"))
        return data
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

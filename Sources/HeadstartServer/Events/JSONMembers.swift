import Foundation

/// The top-level members of a JSON object without parsing their values: an event line is
/// spliced from its stored payload, and two recommendation documents compare section by
/// section, where parsing them was most of a re-plan's time.
enum JSONMembers {
    /// The top-level members of `json`, in order, as (key, value bytes). Anything but an object
    /// gives no members; a value keeps the whitespace around it.
    static func of(_ json: UnsafeRawBufferPointer) -> [(key: String, json: [UInt8])] {
        guard json.first == UInt8(ascii: "{") else { return [] }
        var out: [(key: String, json: [UInt8])] = []
        var depth = 0, inString = false, escaped = false
        var keyStart = -1, keyEnd = -1, valueStart = -1
        for (i, byte) in json.enumerated() {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 1, valueStart < 0, keyEnd < 0 { keyEnd = i }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                if depth == 1, valueStart < 0, keyStart < 0 { keyStart = i + 1 }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: ":") where depth == 1 && valueStart < 0:
                valueStart = i + 1
            case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 1, byte != UInt8(ascii: "]"), keyStart >= 0, keyEnd >= keyStart, valueStart >= 0 {
                    let raw = json[keyStart..<keyEnd]
                    let key = raw.contains(UInt8(ascii: "\\"))
                        ? (try? JSONSerialization.jsonObject(with: Data(json[(keyStart - 1)...keyEnd]), options: .fragmentsAllowed)) as? String
                        : String(decoding: raw, as: UTF8.self)
                    out.append((key ?? "", Array(json[valueStart..<i])))
                    keyStart = -1; keyEnd = -1; valueStart = -1
                }
                if byte != UInt8(ascii: ",") { depth -= 1 }
            default:
                break
            }
        }
        return out
    }
}

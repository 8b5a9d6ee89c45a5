import Foundation
import HeadstartEngine

/// Deterministic JSON: sorted keys, two-space indentation, `"key": value`, empty collections as
/// `[]` and `{}`, a final newline. The same input always gives the same bytes.
public enum JSONOutput {
    /// The bytes of `value`, indented.
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Data(indent(Array(try encoder.encode(value))))
    }

    /// Compact JSON (from `JSONSerialization` with `.sortedKeys`, say) in this same layout.
    public static func indent(_ compact: Data) -> Data { Data(indent(Array(compact))) }

    /// One JSON object per line, for streams: sorted keys, no spaces, a final newline.
    public static func line(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// One document for one plan, an array when `asArray` (several files were given).
    /// `summaryOnly` leaves out the recommendations: status counts and placements per capability.
    public static func recommendations(_ all: [Recommendations], explain: Bool, asArray: Bool, summaryOnly: Bool = false) throws -> Data {
        let documents = all.map { RecommendationsDocument($0, explain: explain, summaryOnly: summaryOnly) }
        var writer = JSONWriter(capacity: 1 << 20)
        if asArray || documents.count != 1 {
            writer.array { w in
                for document in documents {
                    w.element()
                    document.write(to: &w)
                }
            }
        } else {
            documents[0].write(to: &writer)
        }
        return Data(writer.finish())
    }

    /// A pretty-printed object from keys in the order given and values that are already
    /// pretty-printed JSON: each value is indented one level, not re-encoded.
    public static func indentedObject(_ fields: [(key: String, json: Data)]) -> Data {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (i, field) in fields.enumerated() {
            out.append(contentsOf: i == 0 ? Array("\n  ".utf8) : Array(",\n  ".utf8))
            JSONWriter.appendString(field.key, to: &out)
            out.append(contentsOf: ": ".utf8)
            // JSON strings hold no raw newline, so every newline in a value is between tokens.
            field.json.withUnsafeBytes { raw in
                var value = raw[...]
                while value.last == UInt8(ascii: "\n") { value = value.dropLast() }
                while let newline = value.firstIndex(of: UInt8(ascii: "\n")) {
                    out.append(contentsOf: value[...newline])
                    out.append(contentsOf: [32, 32])
                    value = value[(newline + 1)...]
                }
                out.append(contentsOf: value)
            }
        }
        out.append(contentsOf: fields.isEmpty ? Array("}\n".utf8) : Array("\n}\n".utf8))
        return Data(out)
    }

    /// Re-indents compact JSON. Foundation's own pretty printing writes `"key" : value` and
    /// splits empty arrays over lines, which reads badly in a terminal and in diffs.
    static func indent(_ compact: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(compact.count + compact.count / 2)
        var depth = 0
        var inString = false
        var escaped = false
        var i = 0
        func newline() {
            out.append(UInt8(ascii: "\n"))
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
        }
        while i < compact.count {
            let b = compact[i]
            if inString {
                out.append(b)
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: "\""):
                inString = true
                out.append(b)
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                let close = b == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
                if i + 1 < compact.count, compact[i + 1] == close {
                    out.append(b)
                    out.append(close)
                    i += 2
                    continue
                }
                out.append(b)
                depth += 1
                newline()
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                newline()
                out.append(b)
            case UInt8(ascii: ","):
                out.append(b)
                newline()
            case UInt8(ascii: ":"):
                out.append(b)
                out.append(UInt8(ascii: " "))
            default:
                out.append(b)
            }
            i += 1
        }
        out.append(UInt8(ascii: "\n"))
        return out
    }
}

/// The one JSON writer: recommendation documents, API bodies and event lines all come out of
/// it. Pretty (two-space indentation, `"key": value`, empty collections as `[]` and `{}`) or
/// compact (one line, no spaces, for event lines and stored payloads). Callers give object keys
/// in sorted order. Escaping matches `JSONEncoder` with `.withoutEscapingSlashes`.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// One line, no spaces.
    public let compact: Bool
    private var depth = 0
    /// Whether the current collection has had an element yet.
    private var first: [Bool] = []

    public init(capacity: Int = 1 << 16, compact: Bool = false) {
        self.compact = compact
        bytes.reserveCapacity(capacity)
    }

    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "{"), UInt8(ascii: "}"))
    }

    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "["))
        body(&self)
        close(UInt8(ascii: "["), UInt8(ascii: "]"))
    }

    /// Starts an object member; the value follows.
    public mutating func key(_ name: String) {
        element()
        string(name)
        bytes.append(UInt8(ascii: ":"))
        if !compact { bytes.append(UInt8(ascii: " ")) }
    }

    /// Starts an array element; the value follows.
    public mutating func element() {
        if first[first.count - 1] {
            first[first.count - 1] = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
        newline()
    }

    public mutating func string(_ s: String) {
        Self.appendString(s, to: &bytes)
    }

    /// `s` as a JSON string: quotes, backslash and control characters escaped, the rest as UTF-8.
    public static func appendString(_ s: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Nearly every string needs no escape: copy it whole (this was a tenth of a submission).
        let copied: Bool? = s.utf8.withContiguousStorageIfAvailable { raw in
            guard !raw.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            bytes.append(contentsOf: raw)
            return true
        }
        if copied == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 0x0A: bytes.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [92, UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [92, UInt8(ascii: "f")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A number (or any JSON token) already spelled out.
    public mutating func literal(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// JSON already written in this writer's layout at depth 0, placed at the current depth: in
    /// pretty mode each of its line breaks gets this depth's indentation. JSON strings hold no
    /// raw line break, so every one is between tokens.
    public mutating func fragment(_ json: [UInt8]) {
        var value = json[...]
        while value.last == UInt8(ascii: "\n") { value = value.dropLast() }
        guard !compact, depth > 0 else { return bytes.append(contentsOf: value) }
        while let newline = value.firstIndex(of: UInt8(ascii: "\n")) {
            bytes.append(contentsOf: value[...newline])
            for _ in 0..<depth {
                bytes.append(32)
                bytes.append(32)
            }
            value = value[(newline + 1)...]
        }
        bytes.append(contentsOf: value)
    }

    public mutating func int(_ v: Int) { bytes.append(contentsOf: String(v).utf8) }
    public mutating func bool(_ v: Bool) { bytes.append(contentsOf: (v ? "true" : "false").utf8) }
    public mutating func null() { bytes.append(contentsOf: "null".utf8) }

    public mutating func stringOrNull(_ s: String?) {
        if let s { string(s) } else { null() }
    }

    /// The bytes with a final newline.
    public mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    private mutating func open(_ brace: UInt8) {
        bytes.append(brace)
        depth += 1
        first.append(true)
    }

    private mutating func close(_ opening: UInt8, _ closing: UInt8) {
        depth -= 1
        let empty = first.removeLast()
        if !empty { newline() }
        bytes.append(closing)
    }

    private mutating func newline() {
        if compact { return }
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<depth {
            bytes.append(32)
            bytes.append(32)
        }
    }
}

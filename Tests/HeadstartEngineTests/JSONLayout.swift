import Foundation

/// What a test needs to compare JSON layouts: the tokens without the whitespace between them,
/// and whether a document is in the house layout.
enum JSONLayout {
    /// The bytes without whitespace outside strings.
    static func tokens(_ data: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var inString = false
        var escaped = false
        for b in data {
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                out.append(b)
            } else if b == UInt8(ascii: "\"") {
                inString = true
                out.append(b)
            } else if ![UInt8(ascii: " "), UInt8(ascii: "\n")].contains(b) {
                out.append(b)
            }
        }
        return out
    }

    /// Two-space indentation, `"key": value`, one member or element a line, empty collections as
    /// `[]` and `{}`, a final newline.
    static func isHouseLayout(_ data: Data) -> Bool {
        let text = String(decoding: data, as: UTF8.self)
        guard text.hasSuffix("\n"), !text.contains("\" :"), !text.contains("[\n  ]") else { return false }
        var depth = 0
        for line in text.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            let indent = line.count - trimmed.count
            if trimmed.first == "}" || trimmed.first == "]" { depth -= 1 }
            guard indent == depth * 2 else { return false }
            if trimmed.last == "{" || trimmed.last == "[" { depth += 1 }
        }
        return depth == 0
    }
}

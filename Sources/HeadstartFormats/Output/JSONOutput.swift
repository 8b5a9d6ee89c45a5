import Foundation
import HeadstartEngine

/// Deterministic JSON: sorted keys, two-space indentation, no escaped slashes.
public enum JSONOutput {
    /// The bytes of `value`, ending in a newline.
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// One document for one plan, an array for several.
    public static func recommendations(_ all: [Recommendations], explain: Bool, asArray: Bool) throws -> Data {
        let documents = all.map { RecommendationsDocument($0, explain: explain) }
        if asArray || documents.count != 1 { return try encode(documents) }
        return try encode(documents[0])
    }
}

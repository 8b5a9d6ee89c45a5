import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import Testing

/// The house encoder: a typed value comes out as ``JSONWriter`` writes the same document, and
/// as Foundation's `JSONEncoder` with sorted keys writes it, laid out the house way.
@Suite struct JSONValueEncoderTests {
    static func examples() throws -> [Recommendations] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let catalog = try CatalogDecoder().decode(DefaultCatalog.bytes, file: "catalog.yaml")
        return try ["eu-bank", "jp-insurer", "us-retailer"].map { name in
            let bytes = try Data(contentsOf: root.appendingPathComponent("Plans/examples/\(name).yaml"))
            let plan = try PlanDecoder(catalog: catalog).decode(Array(bytes), file: name)
            return Planner(catalog: catalog).plan(plan, asOf: Day(iso: "2026-11-26") ?? Day(ordinal: 0))
        }
    }

    /// A stored document read back as typed values and written again is the same bytes: what a
    /// stale answer relies on when the daemon adds `stale` to it, and what a document stored by
    /// this release gives when read by the next.
    @Test(arguments: [false, true])
    func aDocumentReadBackIsWrittenAgainByteForByte(explain: Bool) throws {
        for result in try Self.examples() {
            let written = try JSONOutput.recommendations([result], explain: explain, asArray: false)
            let body = try JSONDecoder().decode(RecommendationsBody.self, from: written)
            #expect(Data(try JSONValueEncoder.pretty(body)) == written)
        }
    }

    /// The document has one writer; Foundation's encoder, handed a document, writes the same JSON
    /// (the same tokens, laid out compactly) by way of it.
    @Test(arguments: [false, true])
    func foundationsEncoderWritesTheDocumentAsItsWriterDoes(explain: Bool) throws {
        for result in try Self.examples() {
            let body = RecommendationsBody(result, explain: explain)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            #expect(Array(try encoder.encode(body)) == (try JSONValueEncoder.compact(body)))
            var writer = JSONWriter(compact: true)
            body.write(to: &writer)
            #expect(writer.bytes == (try JSONValueEncoder.compact(body)))
        }
    }

    struct Sample: Codable, Equatable {
        var name: String
        var count: Int
        var ratio: Double
        var flags: [Bool]
        var nested: [String: [Int]]
        var empty: [String]
        var none: String?
        @ExplicitNull var null: String?
        var text: String
    }

    @Test func compactOutputIsFoundationsAndPrettyIsTheSameTokens() throws {
        let sample = Sample(
            name: "a/b",
            count: -3,
            ratio: 0.5,
            flags: [true, false],
            nested: ["z": [1], "a": []],
            empty: [],
            none: nil,
            null: nil,
            text: "quote \" backslash \\ tab \t newline \n nul \u{0} é 日本"
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(try JSONValueEncoder.compact(sample) == Array(try encoder.encode(sample)))
        let pretty = try JSONValueEncoder.pretty(sample)
        #expect(try JSONDecoder().decode(Sample.self, from: Data(pretty)) == sample)
        #expect(String(decoding: pretty, as: UTF8.self).contains("\n  \"empty\": [],\n"))
        #expect(String(decoding: pretty, as: UTF8.self).contains("\n  \"null\": null,\n"))
        #expect(!String(decoding: pretty, as: UTF8.self).contains("\"none\""))
    }

    @Test func aFragmentIsPlacedAtItsDepth() throws {
        struct Outer: Encodable {
            var inner: JSONFragment
            var z: Int
        }
        let inner = try JSONValueEncoder.pretty(["a": [1, 2]])
        let text = String(decoding: try JSONValueEncoder.pretty(Outer(inner: JSONFragment(inner), z: 1)), as: UTF8.self)
        #expect(text == "{\n  \"inner\": {\n    \"a\": [\n      1,\n      2\n    ]\n  },\n  \"z\": 1\n}\n")
    }

    @Test func aValueWithNoJSONFormIsAnErrorNotACrash() {
        #expect(throws: (any Error).self) { try JSONValueEncoder.pretty(["x": Double.nan]) }
        #expect(throws: (any Error).self) { try JSONEncoder().encode(JSONFragment([1])) }
    }
}

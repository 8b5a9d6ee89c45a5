import Foundation
import HeadstartFormats
import Testing

/// The fast encoder must write what `JSONSerialization` with sorted keys writes, for values
/// built by hand and for values `JSONSerialization` read.
@Suite struct JSONObjectEncoderTests {
    static func foundation(_ value: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
    }

    static var handMade: [Any] { [
        ["b": 1, "a": true, "c": NSNull(), "d": "x/y \"q\" \\ \n\t\u{1}é日本", "e": [1, 2, 3], "f": [String: Any]()],
        ["zero": 0, "one": 1, "false": false, "true": true, "int64": Int64(1) << 40, "uid": UInt32(1001), "pid": Int32(-7)],
        ["nested": [["k": ["deep": [[String: Any]]()]], ["k": [Any]()]], "empty": ""],
        ["half": 0.5, "whole": 3.0, "small": 0.001, "uptime": 12.345],
        [Any](),
    ] }

    @Test(arguments: 0..<handMade.count)
    func handMadeValuesMatchFoundation(index: Int) throws {
        let value = Self.handMade[index]
        let ours = try JSONObjectEncoder.encode(value)
        // Same bytes, or where doubles are printed differently, the same values.
        if ours != (try Self.foundation(value)) {
            let a = try JSONSerialization.jsonObject(with: ours) as? NSObject
            let b = try JSONSerialization.jsonObject(with: try Self.foundation(value)) as? NSObject
            #expect(a == b, "\(String(decoding: ours, as: UTF8.self))")
            #expect(index == 3, "only the doubles case may differ in bytes")
        }
    }

    /// Parsed numbers are `NSNumber`s that cast to both `Bool` and `Int`: 0 and 1 must stay numbers.
    @Test func parsedValuesKeepTheirTypes() throws {
        let text = #"{"a":true,"b":1,"c":0,"d":false,"e":null,"f":[0,1,true,false,2.5],"g":12345678901,"h":"1"}"#
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
        #expect(String(decoding: try JSONObjectEncoder.encode(parsed), as: UTF8.self) == text)
    }

    @Test func aValueWithNoJSONFormIsAnErrorNotACrash() {
        #expect(throws: JSONObjectEncoder.Unsupported.self) { try JSONObjectEncoder.encode(["when": Date()]) }
        #expect(throws: JSONObjectEncoder.Unsupported.self) { try JSONObjectEncoder.encode(["x": Double.nan]) }
    }

    @Test func optionalsInsideAnyAreNullOrTheirValue() throws {
        let none: String? = nil, some: Int? = 4
        let data = try JSONObjectEncoder.encode(["a": none as Any, "b": some as Any])
        #expect(String(decoding: data, as: UTF8.self) == #"{"a":null,"b":4}"#)
    }
}

/// Splicing pretty-printed values into an object gives what indenting the whole would.
@Suite struct IndentedObjectTests {
    @Test func splicedValuesAreIndentedLikeTheWhole() throws {
        let inner: [String: Any] = ["a": [1, 2], "b": ["c": NSNull(), "d": [Any]()], "e": "x\ny"]
        let innerJSON = JSONOutput.indent(try JSONObjectEncoder.encode(inner))
        let spliced = JSONOutput.indentedObject([("name", Data("\"n\"".utf8)), ("recommendations", innerJSON), ("revision", Data("3".utf8))])
        let whole = JSONOutput.indent(try JSONObjectEncoder.encode(["name": "n", "recommendations": inner, "revision": 3] as [String: Any]))
        #expect(String(decoding: spliced, as: UTF8.self) == String(decoding: whole, as: UTF8.self))
    }
}

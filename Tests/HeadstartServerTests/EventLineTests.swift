import Foundation
import HeadstartFormats
import HeadstartStore
import Testing
@testable import HeadstartServer

/// A watcher's line is spliced from the stored payload; it must equal decoding the payload,
/// adding the event's fields and encoding the whole with sorted keys.
@Suite struct EventLineTests {
    static func reference(_ event: StoredEvent) throws -> String {
        var object = try #require(try JSONSerialization.jsonObject(with: event.payload) as? [String: Any])
        object["revision"] = event.revision
        object["type"] = event.type
        object["plan"] = event.plan ?? NSNull()
        object["time"] = Timestamp.string(event.time)
        return String(decoding: try JSONObjectEncoder.encode(object), as: UTF8.self) + "\n"
    }

    static let payloads: [String] = [
        #"{}"#,
        #"{"changed":false,"trigger":"schedule"}"#,
        #"{"a":1,"changes":[{"after":{"current":{"cloud":"aws","region":"eu-central-1"},"status":"ready","timeline":[]},"before":null,"capability":"gpt","workload":"w,x}"}],"zz":[1,[2,{"k":"]"}]]}"#,
        #"{"esc\"aped":"a\\\"b","offers":[],"planRevision":3,"quote":"\"{,}:[\"","time":"shadowed"}"#,
        #"{"nested":{"plan":"inner","type":"inner"},"version":"2026-12-01"}"#,
    ]

    @Test(arguments: payloads)
    func splicedLinesEqualReencodedOnes(payload: String) throws {
        for plan in ["rheinbank-ai", nil] as [String?] {
            let event = StoredEvent(revision: 42, type: "recommendations-changed", plan: plan, ownerUID: 7,
                                    time: Date(timeIntervalSince1970: 1_795_694_400.25), payload: Data(payload.utf8))
            let line = String(decoding: EventLine.data(event), as: UTF8.self)
            if payload.contains(#""time":"shadowed""#) {
                // The event's own field wins over a payload field of the same name.
                #expect(line.contains(#""time":"2026-11-26T12:00:00.250Z""#))
                #expect(!line.contains("shadowed"))
            } else {
                #expect(line == (try Self.reference(event)))
            }
        }
    }
}

/// The no-parse shortcut of the recommendation diff.
@Suite struct RecommendationDiffShortcutTests {
    static func document(asOf: String, catalog: String, region: String) -> Data {
        Data("""
        {
          "asOf": "\(asOf)",
          "catalogVersion": "\(catalog)",
          "recommendations": [
            {
              "capability": "gpt",
              "status": "ready",
              "timeline": [{ "cloud": "aws", "from": "2026-11-20", "region": "\(region)" }],
              "workload": "w"
            }
          ],
          "summary": { "ready": 1 }
        }
        """.utf8)
    }

    @Test func onlyTheSameDayAndTheSameRecommendationsAreTheSame() {
        let base = Self.document(asOf: "2026-11-26", catalog: "a", region: "eu-central-1")
        #expect(RecommendationDiff.sameRecommendations(base, Self.document(asOf: "2026-11-26", catalog: "b", region: "eu-central-1")))
        #expect(!RecommendationDiff.sameRecommendations(base, Self.document(asOf: "2026-11-27", catalog: "a", region: "eu-central-1")))
        #expect(!RecommendationDiff.sameRecommendations(base, Self.document(asOf: "2026-11-26", catalog: "a", region: "eu-west-1")))
        #expect(!RecommendationDiff.sameRecommendations(Data("[]".utf8), Data("[]".utf8)))
        #expect(RecommendationDiff.changes(from: base, to: Self.document(asOf: "2026-11-26", catalog: "b", region: "eu-central-1")).isEmpty)
        #expect(RecommendationDiff.changes(from: base, to: Self.document(asOf: "2026-11-26", catalog: "b", region: "eu-west-1")).count == 1)
    }
}

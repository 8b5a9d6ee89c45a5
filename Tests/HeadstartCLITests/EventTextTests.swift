import Foundation
import HeadstartAPI
import Testing

@testable import headstart

/// `watch`'s readable lines, from event lines as the daemon sends them.
@Suite struct EventTextTests {
    static func lines(_ json: String) throws -> [String] {
        EventText.lines(try APIJSON.decode(EventLine.self, from: Data(json.utf8)))
    }

    @Test func crossedRetirementDaysAreMarked() throws {
        let event = """
            {"asOf":{"from":"2026-11-30","to":"2026-12-12"},"boundaries":["2026-12-01","2026-12-11"],"changedBecause":"time",\
            "changes":[{"after":null,"before":null,"capability":"o3","workload":"w"}],"plan":"bank","retirements":["2026-12-11"],\
            "revision":7,"time":"2026-12-12T00:00:00.000Z","trigger":"nextReplanAt","type":"recommendations-changed"}
            """
        #expect(
            try Self.lines(event) == [
                "7 2026-12-12T00:00:00Z recommendations-changed bank w/o3: none (time: 2026-12-01, 2026-12-11 (retirement) reached, nextReplanAt)"
            ]
        )
    }

    @Test func aCatalogLineNamesTheCapabilityOfEachChangedOffer() throws {
        let event = """
            {"offers":[{"after":"2027-06-30","before":"2027-04-14","capability":"gpt-4.1","change":"retires","cloud":"azure","region":"swedencentral",\
            "summary":"azure swedencentral retires 2027-04-14 -> 2027-06-30"}],"plan":null,"previousVersion":"a","replacedByUid":0,"revision":3,\
            "source":"api","time":"2026-12-01T00:00:00.000Z","type":"catalog-replaced","version":"b"}
            """
        #expect(
            try Self.lines(event) == ["3 2026-12-01T00:00:00Z catalog-replaced a -> b: gpt-4.1 azure swedencentral retires 2027-04-14 -> 2027-06-30"]
        )
    }

    /// Every event line of the golden transcripts reads as it did before events were typed
    /// (`Golden/watch-text.txt` was recorded with the untyped client).
    @Test func everyGoldenEventReadsAsBefore() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        var out = ""
        for name in ["api.txt", "damping-and-file.txt"] {
            let text = try String(contentsOf: root.appendingPathComponent("HeadstartServerTests/Golden/\(name)"), encoding: .utf8)
            var inStream = false
            for line in text.split(separator: "\n") {
                // Event lines are the bodies of the transcript's x-ndjson answers.
                if line.hasPrefix("=== ") {
                    inStream = false
                    continue
                }
                if line.hasSuffix(" application/x-ndjson") {
                    inStream = true
                    continue
                }
                guard inStream else { continue }
                out += try Self.lines(line.replacingOccurrences(of: "DAEMON-UID", with: "0")).map { $0 + "\n" }.joined()
            }
        }
        let golden = root.appendingPathComponent("HeadstartCLITests/Golden/watch-text.txt")
        // Re-recorded with the transcripts, for an intended change: `HEADSTART_RECORD_GOLDEN=1`.
        if ProcessInfo.processInfo.environment["HEADSTART_RECORD_GOLDEN"] == "1" {
            try Data(out.utf8).write(to: golden)
            Issue.record("recorded Golden/watch-text.txt; run again without HEADSTART_RECORD_GOLDEN to compare")
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(out.split(separator: "\n") == expected.split(separator: "\n"))
        #expect(!expected.isEmpty)
    }
}

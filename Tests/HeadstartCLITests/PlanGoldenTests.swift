import Foundation
import Testing

/// `headstart plan` on the example plans and the worked fixture, in every format, compared byte
/// for byte with what it printed before the JSON writing moved behind the typed API. Re-record
/// only for an intended change: `HEADSTART_RECORD_GOLDEN=1 swift test --filter PlanGolden`.
@Suite struct PlanGoldenTests {
    static let examples = ["Plans/examples/eu-bank.yaml", "Plans/examples/jp-insurer.yaml", "Plans/examples/us-retailer.yaml"]
    static let contoso = [
        "Tests/HeadstartEngineTests/Fixtures/contoso-plan.yaml", "--catalog", "Tests/HeadstartEngineTests/Fixtures/contoso-catalog.yaml",
    ]

    static let runs: [(name: String, arguments: [String])] = {
        var runs: [(String, [String])] = []
        for (name, files) in [
            ("eu-bank", [examples[0]]), ("jp-insurer", [examples[1]]), ("us-retailer", [examples[2]]),
            ("all-three", examples), ("contoso", contoso),
        ] {
            for (variant, flags) in [
                ("json", ["--format", "json"]), ("json-explain", ["--format", "json", "--explain"]),
                ("summary", ["--format", "summary"]), ("table", ["--format", "table"]),
                ("table-explain", ["--format", "table", "--explain"]),
            ] {
                runs.append(("\(name) \(variant)", ["plan"] + files + flags + ["--as-of", "2026-11-26"]))
            }
        }
        return runs
    }()

    @Test func planPrintsWhatItAlwaysHas() throws {
        var transcript = ""
        for run in Self.runs {
            let result = try CLI.run(run.arguments)
            #expect(result.status == 0, "\(run.name): \(result.stderr)")
            transcript += "=== \(run.name)\n" + result.stdout + "\n"
        }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/plan.txt")
        if ProcessInfo.processInfo.environment["HEADSTART_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(transcript.utf8).write(to: url)
            Issue.record("recorded Golden/plan.txt; run again without HEADSTART_RECORD_GOLDEN to compare")
            return
        }
        let expected = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        let got = transcript.split(separator: "\n", omittingEmptySubsequences: false)
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        if let first = zip(got, want).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
            Issue.record("plan output differs first at line \(first.offset + 1):\n got: \(first.element.0)\nwant: \(first.element.1)")
        }
        #expect(got.count == want.count)
    }
}

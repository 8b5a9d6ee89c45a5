import Foundation
import Testing

/// `headstart plan` end to end: outputs, exit codes, determinism.
@Suite struct PlanCommandTests {
    static let examples = ["Plans/examples/eu-bank.yaml", "Plans/examples/jp-insurer.yaml", "Plans/examples/us-retailer.yaml"]
    static let fixtures = "Tests/HeadstartFormatsTests/Fixtures/"

    @Test func plansTheShippedExamplesOnTheBuiltInCatalog() throws {
        let run = try CLI.run(["plan"] + Self.examples + ["--as-of", "2026-11-26"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        #expect(run.stdout.contains("Plan rheinbank-ai · as of 2026-11-26 · catalog 2026-12-01"))
        #expect(run.stdout.contains("advisor-copilot"))
        #expect(run.stdout.split(separator: "\n").allSatisfy { $0.count <= 100 })
    }

    @Test func jsonIsOneDocumentForOneFileAndAnArrayForSeveral() throws {
        let one = try CLI.run(["plan", Self.examples[0], "--as-of", "2026-11-26", "--format", "json"])
        #expect(one.status == 0)
        let object = try JSONSerialization.jsonObject(with: one.stdoutBytes) as? [String: Any]
        #expect(object?["plan"] as? String == "rheinbank-ai")
        let many = try CLI.run(["plan"] + Self.examples + ["--as-of", "2026-11-26", "--format", "json"])
        let array = try JSONSerialization.jsonObject(with: many.stdoutBytes) as? [[String: Any]]
        #expect(array?.map { $0["plan"] as? String } == ["rheinbank-ai", "sakura-mutual", "northwind-retail"])
    }

    @Test func sameInputsGiveByteIdenticalOutput() throws {
        let args = ["plan"] + Self.examples + ["--as-of", "2026-11-26", "--format", "json", "--explain"]
        let a = try CLI.run(args)
        let b = try CLI.run(args)
        #expect(a.status == 0)
        #expect(a.stdoutBytes == b.stdoutBytes)
        #expect(a.stdoutBytes.count > 10_000)
    }

    @Test func explainAddsCandidatesRejectionsAndSources() throws {
        let run = try CLI.run(["plan", Self.examples[0], "--as-of", "2026-11-26", "--format", "json", "--explain"])
        let object = try #require(try JSONSerialization.jsonObject(with: run.stdoutBytes) as? [String: Any])
        let first = try #require((object["recommendations"] as? [[String: Any]])?.first)
        let candidates = try #require(first["candidates"] as? [[String: Any]])
        let rejected = try #require(first["rejected"] as? [[String: Any]])
        #expect(candidates.map { $0["rank"] as? Int } == Array(1...candidates.count))
        #expect(candidates.allSatisfy { ($0["source"] as? String)?.isEmpty == false })
        #expect(rejected.allSatisfy { ($0["detail"] as? String)?.isEmpty == false && $0["reason"] is String })
    }

    @Test func invalidPlansExit65WithEveryErrorAndNoOutput() throws {
        let run = try CLI.run(["plan", Self.fixtures + "bad-dates.yaml", Self.fixtures + "duplicates.yaml", Self.examples[0]])
        #expect(run.status == 65)
        #expect(run.stdoutBytes.isEmpty)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains(": error: ") }.count == 6)
        #expect(lines.first == Self.fixtures + "bad-dates.yaml:4:10: error: horizon '2028-02-30' is not a valid date YYYY-MM-DD")
        #expect(lines.last == "6 errors; no recommendations printed")
    }

    @Test func anInvalidCatalogExits65() throws {
        let run = try CLI.run(["plan", Self.examples[0], "--catalog", Self.fixtures + "catalog-unknown-region.yaml"])
        #expect(run.status == 65)
        #expect(run.stderr.hasPrefix(Self.fixtures + "catalog-unknown-region.yaml:13:50: error: "))
    }

    @Test(arguments: [
        ["plan"],
        ["plan", "Plans/examples/eu-bank.yaml", "--as-of", "2026-13-01"],
        ["plan", "Plans/examples/eu-bank.yaml", "--format", "xml"],
        ["plan", "Plans/examples/eu-bank.yaml", "--no-such-flag"],
        ["frobnicate"],
    ])
    func usageErrorsExit64(arguments: [String]) throws {
        let run = try CLI.run(arguments)
        #expect(run.status == 64)
        #expect(!run.stderr.isEmpty)
    }

    @Test func aMissingFileExits66() throws {
        let run = try CLI.run(["plan", "no/such/plan.yaml"])
        #expect(run.status == 66)
        #expect(run.stderr == "no/such/plan.yaml:1:1: error: cannot read file: No such file or directory\n")
    }

    @Test func readsAPlanFromStandardInput() throws {
        let plan = try String(contentsOf: CLI.root.appendingPathComponent(Self.examples[2]), encoding: .utf8)
        let run = try CLI.run(["plan", "-", "--as-of", "2026-11-26"], stdin: plan)
        #expect(run.status == 0)
        #expect(run.stdout.contains("northwind-retail"))
    }

    @Test func scheduleCommandPrintsNextFireTimes() throws {
        let run = try CLI.run(["schedule", "30 2 * * *", "--from", "2026-03-28T12:00:00Z", "--time-zone", "Europe/Berlin", "--count", "2"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        // 02:30 does not exist on 2026-03-29 in Berlin: it fires once, at 03:00 CEST.
        #expect(lines[2].hasSuffix("Sun 2026-03-29 03:00:00 GMT+2 (2026-03-29T01:00:00Z)"))
        #expect(lines.last?.hasSuffix("(2026-03-30T00:30:00Z)") == true)
    }

    @Test func anInvalidScheduleShowsTheBadField() throws {
        let run = try CLI.run(["schedule", "0 6 * * MON-XYZ"])
        #expect(run.status == 65)
        #expect(run.stderr.contains("column 9, day-of-week field"))
        #expect(run.stderr.hasSuffix("  0 6 * * MON-XYZ\n          ^\n"))
    }

    @Test func summaryIsTheDocumentWithoutRecommendations() throws {
        let args = ["plan", Self.examples[0], "--as-of", "2026-11-26", "--format"]
        let full = try #require(try JSONSerialization.jsonObject(with: try CLI.run(args + ["json"]).stdoutBytes) as? [String: Any])
        let summary = try #require(try JSONSerialization.jsonObject(with: try CLI.run(args + ["summary"]).stdoutBytes) as? [String: Any])
        #expect(summary["recommendations"] == nil)
        #expect(Set(summary.keys) == Set(full.keys).subtracting(["recommendations"]))
        #expect(NSDictionary(dictionary: summary["summary"] as? [String: Any] ?? [:]).isEqual(to: full["summary"] as? [String: Any] ?? [:]))
        #expect(NSDictionary(dictionary: summary["byCapability"] as? [String: Any] ?? [:]).isEqual(to: full["byCapability"] as? [String: Any] ?? [:]))
    }

    @Test func theBenchmarkGeneratorIsDeterministicAndValid() throws {
        let generator = try #require(CLI.binary).deletingLastPathComponent().appendingPathComponent("headstart-gen")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("headstart-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let catalog = try CLI.runExecutable(generator, ["catalog", "--capabilities", "30", "--seed", "7"])
        let plan = try CLI.runExecutable(generator, ["plan", "--workloads", "500", "--capabilities", "30", "--seed", "7"])
        #expect(
            try CLI.runExecutable(generator, ["plan", "--workloads", "500", "--capabilities", "30", "--seed", "7"]).stdoutBytes == plan.stdoutBytes
        )
        #expect(
            try CLI.runExecutable(generator, ["plan", "--workloads", "500", "--capabilities", "30", "--seed", "8"]).stdoutBytes != plan.stdoutBytes
        )
        try catalog.stdoutBytes.write(to: folder.appendingPathComponent("catalog.yaml"))
        try plan.stdoutBytes.write(to: folder.appendingPathComponent("plan.yaml"))
        let run = try CLI.run([
            "plan", folder.appendingPathComponent("plan.yaml").path, "--catalog", folder.appendingPathComponent("catalog.yaml").path,
            "--as-of", "2026-11-26", "--format", "summary",
        ])
        #expect(run.status == 0, Comment(rawValue: String(run.stderr.prefix(500))))
        let summary = try JSONSerialization.jsonObject(with: run.stdoutBytes) as? [String: Any]
        #expect((summary?["summary"] as? [String: Int])?.values.reduce(0, +) ?? 0 >= 500)
    }
}

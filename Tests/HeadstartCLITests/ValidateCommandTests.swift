import Foundation
import Testing

/// `headstart validate` and `headstart schema` end to end: streams, formats, exit codes.
@Suite struct ValidateCommandTests {
    static let fixtures = "Tests/HeadstartFormatsTests/Fixtures/"

    @Test func validFilesExitZeroWithWarningsOnStandardError() throws {
        let run = try CLI.run([
            "validate", Self.fixtures + "warn-plan.yaml", Self.fixtures + "warn-catalog.yaml",
            "--catalog", Self.fixtures + "warn-catalog.yaml", "--as-of", "2026-11-26",
        ])
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix(Self.fixtures + "warn-plan.yaml:6:10: warning: the horizon 2033-06-30 is past the licence"))
        #expect(lines[1].hasPrefix(Self.fixtures + "warn-plan.yaml:11:11: warning: workload 'us-only' can never get gpt-early"))
        #expect(lines[2].hasPrefix(Self.fixtures + "warn-catalog.yaml:19:55: warning: gpt-early on aws is dated 2026-04-20"))
        #expect(lines[3] == "2 file(s) checked: 0 error(s), 3 warning(s)")
    }

    @Test func errorsExit65AndJSONCarriesEveryField() throws {
        let run = try CLI.run(["validate", Self.fixtures + "unknown-keys.yaml", "Plans/examples/us-retailer.yaml", "--format", "json"])
        #expect(run.status == 65)
        #expect(run.stderr.isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: run.stdoutBytes) as? [String: Any])
        #expect(object["errors"] as? Int == 4)
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.map { $0["valid"] as? Bool } == [false, true])
        #expect(files.map { $0["kind"] as? String } == ["WorkloadPlan", "WorkloadPlan"])
        let first = try #require((object["diagnostics"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["file", "line", "column", "severity", "code", "message"])
        #expect(first["code"] as? String == "missing-key")
        #expect(first["severity"] as? String == "error")
    }

    @Test func aBrokenCatalogIsReportedAndNothingElseIsJudged() throws {
        let run = try CLI.run(["validate", "Plans/examples/eu-bank.yaml", "--catalog", Self.fixtures + "catalog-unknown-region.yaml"])
        #expect(run.status == 65)
        #expect(run.stderr.contains("catalog-unknown-region.yaml:"))
        #expect(!run.stderr.contains("eu-bank.yaml"))
    }

    @Test func aMissingFileExits66AndBadArgumentsExit64() throws {
        #expect(try CLI.run(["validate", "no-such-plan.yaml"]).status == 66)
        #expect(try CLI.run(["validate", "Plans/catalog.yaml", "--as-of", "soon"]).status == 64)
        #expect(try CLI.run(["validate", "Plans/catalog.yaml", "--format", "xml"]).status == 64)
    }

    @Test(arguments: ["plan", "catalog"])
    func schemaPrintsTheShippedFile(kind: String) throws {
        let run = try CLI.run(["schema", kind])
        #expect(run.status == 0)
        let shipped = try Data(contentsOf: CLI.root.appendingPathComponent("Plans/schema/\(kind).schema.json"))
        #expect(run.stdoutBytes == shipped)
    }
}

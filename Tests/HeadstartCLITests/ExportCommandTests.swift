import Foundation
import TestSupport
import Testing

/// `headstart export`: LiteLLM's own router and the Terraform document agree with the plans,
/// the bytes are the same every time, and names travel safely.
@Suite struct ExportCommandTests {
    static let examples = ["Plans/examples/eu-bank.yaml", "Plans/examples/jp-insurer.yaml", "Plans/examples/us-retailer.yaml"]

    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("headstart-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Exports `target` of the example plans and runs the checker on it; the checker's output.
    static func check(_ target: String) throws -> String {
        let folder = try Self.scratch()
        let file = folder.appendingPathComponent(target == "litellm" ? "config.yaml" : "azure.tf.json").path
        #expect(try CLI.run(["export", target] + Self.examples + ["-o", file]).status == 0)
        let plans = try CLI.run(["plan", "--format", "json", "--explain"] + Self.examples)
        let plansPath = folder.appendingPathComponent("plans.json")
        try plans.stdoutBytes.write(to: plansPath)
        let request = try JSONSerialization.data(withJSONObject: [
            "plans": plansPath.path, target: file, "catalog": CLI.root.appendingPathComponent("Plans/catalog.yaml").path,
        ])
        let script = try #require(Bundle.module.url(forResource: "export_check", withExtension: "py"))
        let run = try PythonScript.run(script, input: request)
        let output = String(decoding: run.output, as: UTF8.self)
        #expect(run.status == 0, "\(target) check (.ci/run installs litellm): \(output)\(run.errors.suffix(2000))")
        print(output.split(separator: "\n").last.map(String.init) ?? "")
        return output
    }

    /// LiteLLM's own Router, loaded with the config: each example workload's tagged request is
    /// routed to the deployment Headstart placed it on.
    @Test func litellmRoutesEachWorkloadWhereItIsPlaced() throws {
        let output = try Self.check("litellm")
        #expect(output.contains("ok litellm rheinbank-ai/advisor-copilot gpt-5.5 -> azure/gpt-5.5-zone swedencentral"))
        #expect(output.contains("checked 12 LiteLLM routes"))
    }

    /// Every Terraform resource is an Azure deployment the plans use, as the catalog describes it.
    @Test func terraformDeploysEachAzurePlacement() throws {
        let output = try Self.check("terraform")
        #expect(output.contains("ok terraform gpt_5_5_zone_swedencentral: gpt-5.5 2026-04-24 DataZoneStandard in swedencentral"))
        #expect(output.contains("checked 3 Terraform deployments"))
    }

    @Test(arguments: ["litellm", "terraform"])
    func theSameInputGivesTheSameBytes(_ target: String) throws {
        let first = try CLI.run(["export", target] + Self.examples + ["--as-of", "2027-02-01"])
        let second = try CLI.run(["export", target] + Self.examples.reversed() + ["--as-of", "2027-02-01"]).stdoutBytes
        let third = try CLI.run(["export", target] + Self.examples + ["--as-of", "2027-02-01"]).stdoutBytes
        #expect(first.status == 0 && !first.stdoutBytes.isEmpty)
        #expect(first.stdoutBytes == third)
        // Another order of the same plans names them in that order, and nothing else moves.
        #expect(second.count == first.stdoutBytes.count)
    }

    /// A catalog whose model ids and version carry YAML's and JSON's special characters: what
    /// PyYAML reads back is exactly what the catalog says, and nothing secret is written.
    @Test func namesAreEscapedAndSecretsAreOnlyReferences() throws {
        let folder = try Self.scratch()
        var catalog = try String(contentsOf: CLI.root.appendingPathComponent("Plans/catalog.yaml"), encoding: .utf8)
        catalog = catalog.replacingOccurrences(of: "version: \"2026-12-01\"", with: "version: \"v1 # \\\"quoted\\\": yes\"")
        catalog = catalog.replacingOccurrences(of: "model: \"openai.gpt-oss-120b-1:0\"", with: "model: 'odd \"id\": #1 \\ end'")
        let catalogPath = folder.appendingPathComponent("catalog.yaml").path
        try catalog.write(toFile: catalogPath, atomically: true, encoding: .utf8)
        let run = try CLI.run(["export", "litellm", "Plans/examples/us-retailer.yaml", "--catalog", catalogPath])
        #expect(run.status == 0, Comment(rawValue: run.stderr))
        let script = try #require(Bundle.module.url(forResource: "yaml_values", withExtension: "py"))
        let read = try PythonScript.run(script, input: run.stdoutBytes)
        #expect(read.status == 0, Comment(rawValue: read.errors))
        let config = try #require(try JSONSerialization.jsonObject(with: read.output) as? [String: Any])
        let entries = try #require(config["model_list"] as? [[String: Any]])
        let models = entries.compactMap { ($0["litellm_params"] as? [String: Any])?["model"] as? String }
        #expect(models.contains("bedrock/odd \"id\": #1 \\ end"), "\(models)")
        #expect(run.stdout.contains("# catalog: v1 # \"quoted\": yes\n"))
        for entry in entries {
            for (key, value) in entry["litellm_params"] as? [String: Any] ?? [:] where ["api_key", "api_base"].contains(key) {
                #expect((value as? String)?.hasPrefix("os.environ/") == true, "\(key): \(value)")
            }
        }
    }
}

/// `serve --export`: the file is the offline export of every stored plan, and is rewritten when
/// (and only when) placements change.
@Suite struct LiveExportTests {
    static func inode(_ path: String) -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    @Test(arguments: [("litellm=/nonexistent-folder/litellm.yaml", 73), ("helm=/tmp/x.yaml", 64), ("litellm=", 64), ("litellm", 64)])
    func aBadExportIsRefusedAtStart(_ export: String, _ status: Int32) throws {
        let run = try CLI.run(["serve", "--socket", "/tmp/hs-\(UUID().uuidString.prefix(8)).sock", "--export", export])
        #expect(run.status == status, Comment(rawValue: run.stderr))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    /// A folder others can write (where they could plant links) and a path that is a folder are
    /// refused at start with one line and 73; a sticky folder owned by the daemon's user is fine.
    @Test func anUnsafeExportFolderIsRefusedAtStart() throws {
        let folder = "/tmp/hs-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder + "/shared", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        chmod(folder + "/shared", 0o777)
        for export in ["litellm=\(folder)/shared/config.yaml", "litellm=\(folder)/shared"] {
            let run = try CLI.run(["serve", "--socket", folder + "/hs.sock", "--state-dir", folder + "/state", "--export", export])
            #expect(run.status == 73, Comment(rawValue: run.stderr))
            #expect(run.stderr.split(separator: "\n").count == 1, Comment(rawValue: run.stderr))
        }
        chmod(folder + "/shared", 0o1777)
        let daemon = try LiveDaemon(folder: URL(fileURLWithPath: folder), extra: ["--export", "litellm=\(folder)/shared/config.yaml"])
        #expect(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        #expect(daemon.stop() == 0)
    }

    /// A link planted at the export's name is replaced by the file, and what it pointed to is untouched.
    @Test func theDaemonNeverWritesThroughALinkInTheExportFolder() throws {
        let folder = URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let secret = folder.appendingPathComponent("secret").path
        try Data("root only\n".utf8).write(to: URL(fileURLWithPath: secret))
        chmod(secret, 0o600)
        let path = out.appendingPathComponent("config.yaml").path
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: secret)
        let daemon = try LiveDaemon(folder: folder, extra: ["--export", "litellm=\(path)"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        // A link under the name the writer used to pick (`.NAME.PID.tmp`), too.
        let predictable = out.appendingPathComponent(".config.yaml.\(daemon.process.processIdentifier).tmp").path
        unlink(predictable)
        try FileManager.default.createSymbolicLink(atPath: predictable, withDestinationPath: secret)
        let bank = try String(contentsOf: CLI.root.appendingPathComponent("Plans/examples/eu-bank.yaml"), encoding: .utf8)
        #expect(try daemon.client(["submit", "-"], stdin: bank).status == 0)
        #expect(
            LiveDaemon.poll(seconds: 20) {
                var info = stat()
                return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
            },
            Comment(rawValue: daemon.logText)
        )
        #expect(String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self).contains("model_list"))
        #expect(FileManager.default.contents(atPath: secret) == Data("root only\n".utf8))
        #expect(daemon.stop() == 0)
    }

    /// A catalog replacement that moves no placement still rewrites the file, whose header names
    /// the catalog (it stayed on the old version until a placement moved).
    @Test func theExportHeaderFollowsACatalogReplacement() throws {
        let folder = URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("config.yaml").path
        let daemon = try LiveDaemon(folder: folder, extra: ["--export", "litellm=\(path)"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        let bank = try String(contentsOf: CLI.root.appendingPathComponent("Plans/examples/eu-bank.yaml"), encoding: .utf8)
        #expect(try daemon.client(["submit", "-"], stdin: bank).status == 0)
        func header() -> String { String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }
        #expect(LiveDaemon.poll(seconds: 20) { header().contains("rheinbank-ai") }, Comment(rawValue: daemon.logText))
        let catalog = try String(contentsOf: CLI.root.appendingPathComponent("Plans/catalog.yaml"), encoding: .utf8)
        let version = try #require(catalog.split(separator: "\n").first { $0.hasPrefix("version:") })
        let renamed = folder.appendingPathComponent("catalog.yaml")
        try catalog.replacingOccurrences(of: String(version), with: "version: \"2099-01-01\"").write(to: renamed, atomically: true, encoding: .utf8)
        #expect(try daemon.client(["catalog", "replace", renamed.path]).status == 0)
        #expect(LiveDaemon.poll(seconds: 20) { header().contains("# catalog: 2099-01-01\n") }, Comment(rawValue: header()))
        #expect(daemon.stop() == 0)
    }

    @Test func theDaemonKeepsTheExportCurrentAndLeavesItAloneOtherwise() throws {
        let folder = URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
        let plans = folder.appendingPathComponent("plans")
        try FileManager.default.createDirectory(at: plans, withIntermediateDirectories: true)
        for name in ["eu-bank.yaml", "jp-insurer.yaml", "us-retailer.yaml"] {
            try FileManager.default.copyItem(at: CLI.root.appendingPathComponent("Plans/examples/\(name)"), to: plans.appendingPathComponent(name))
        }
        let litellm = folder.appendingPathComponent("litellm.yaml").path
        let terraform = folder.appendingPathComponent("azure.tf.json").path
        let daemon = try LiveDaemon(
            folder: folder,
            extra: [
                "--plans", plans.path, "--plans-poll-seconds", "0.2",
                "--export", "litellm=\(litellm)", "--export", "terraform=\(terraform)",
            ]
        )
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        // The stored plans in name order are the offline export of the same files in that order.
        let offline = try CLI.run(
            ["export", "litellm"] + ["us-retailer.yaml", "eu-bank.yaml", "jp-insurer.yaml"].map { plans.appendingPathComponent($0).path }
        )
        #expect(
            LiveDaemon.poll(seconds: 30) { FileManager.default.contents(atPath: litellm) == offline.stdoutBytes },
            Comment(rawValue: daemon.logText)
        )
        let offlineTerraform = try CLI.run(
            ["export", "terraform"] + ["us-retailer.yaml", "eu-bank.yaml", "jp-insurer.yaml"].map { plans.appendingPathComponent($0).path }
        )
        #expect(LiveDaemon.poll(seconds: 10) { FileManager.default.contents(atPath: terraform) == offlineTerraform.stdoutBytes })
        // The API gives one plan's.
        let one = RawHTTP.request(daemon.socket, "GET", "/v1/plans/rheinbank-ai/export/litellm")
        #expect(one.status == 200 && String(decoding: one.body, as: UTF8.self).contains("# plans: rheinbank-ai\n"))

        // A re-plan that moves nothing leaves the files alone; a plan that moves rewrites them. Events
        // are handled in order, so once the second write is there the re-plan was handled before it:
        // exactly one write per file since, for the plan that moved.
        let before = Self.inode(litellm)
        let writes = daemon.logText.components(separatedBy: "export written").count
        #expect(try daemon.client(["replan"]).status == 0)
        let retailer = plans.appendingPathComponent("us-retailer.yaml")
        let moved = try String(contentsOf: retailer, encoding: .utf8).replacingOccurrences(
            of: "name: northwind-retail",
            with: "name: northwind-retail-2"
        )
        try moved.write(to: retailer, atomically: true, encoding: .utf8)
        #expect(
            LiveDaemon.poll(seconds: 30) {
                String(decoding: FileManager.default.contents(atPath: litellm) ?? Data(), as: UTF8.self).contains("northwind-retail-2")
                    && daemon.logText.components(separatedBy: "export written").count == writes + 2
            }
        )
        #expect(Self.inode(litellm) != before)
        #expect(daemon.logText.components(separatedBy: "export written").count == writes + 2, Comment(rawValue: daemon.logText))
        #expect(daemon.stop() == 0)
    }
}

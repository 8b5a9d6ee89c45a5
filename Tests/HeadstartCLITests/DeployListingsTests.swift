import Foundation
import Testing

/// `Deploy/listings/headstart-listings` with stand-in `az` and `aws` commands on the PATH that
/// print the shared listings: the folder it leaves is what `catalog import` reads, each file
/// whole, and a failed fetch leaves the previous listing in place.
@Suite struct DeployListingsTests {
    static let shared = CLI.root.deletingLastPathComponent().appendingPathComponent("shared/listings")

    @Test func theScriptFillsTheFolderAtomicallyFromTheCLIs() throws {
        let root = URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
        let bin = root.appendingPathComponent("bin")
        let listings = root.appendingPathComponent("listings")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: listings.appendingPathComponent("aws"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        // `az cognitiveservices model list --location R` prints the items as a bare array.
        try """
        #!/bin/bash
        echo "az $*" >> '\(root.path)/calls'
        case "$*" in
          *"--location westeurope"*) python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["value"]))' '\(Self.shared.path)/azure/westeurope.recorded-excerpt.json' ;;
          *"--location westus"*) python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["value"]))' '\(Self.shared.path)/azure/westus.spec-example.json' ;;
          *) exit 1 ;;
        esac
        """.write(to: bin.appendingPathComponent("az"), atomically: true, encoding: .utf8)
        try """
        #!/bin/bash
        echo "aws $*" >> '\(root.path)/calls'
        case "$*" in
          "bedrock list-foundation-models --region us-east-1 --output json") cat '\(Self.shared.path)/aws/us-east-1.models.json' ;;
          "bedrock list-inference-profiles --region us-east-1 --output json") cat '\(Self.shared.path)/aws/us-east-1.profiles.json' ;;
          "bedrock list-foundation-models --region us-east-2 --output json") echo '{"modelSummaries": [' ;;  # cut short
          *) echo "An error occurred (AccessDeniedException)" >&2; exit 255 ;;
        esac
        """.write(to: bin.appendingPathComponent("aws"), atomically: true, encoding: .utf8)
        for tool in ["az", "aws"] { #expect(chmod(bin.appendingPathComponent(tool).path, 0o755) == 0) }
        // What an earlier run left for us-east-2: a failed fetch must not replace it.
        let previous = #"{"modelSummaries": []}"#
        try previous.write(to: listings.appendingPathComponent("aws/us-east-2.models.json"), atomically: true, encoding: .utf8)
        let config = root.appendingPathComponent("listings.conf")
        try "LISTINGS_DIR='\(listings.path)'\nAZURE_REGIONS=\"westeurope westus\"\nAWS_REGIONS=\"us-east-1 us-east-2\"\n"
            .write(to: config, atomically: true, encoding: .utf8)

        let script = CLI.root.appendingPathComponent("Deploy/listings/headstart-listings").path
        let run = try CLI.runExecutable(URL(fileURLWithPath: "/usr/bin/env"), ["PATH=\(bin.path):/usr/bin:/bin", "bash", script, config.path])
        // us-east-2's models were cut short and its profiles refused: exit 1, the rest written.
        #expect(run.status == 1, Comment(rawValue: run.stderr))
        #expect(
            run.stderr.contains(
                "aws/us-east-2.models.json: 'aws bedrock list-foundation-models --region us-east-2 --output json' failed or printed no JSON"
            )
        )
        let names = try FileManager.default.subpathsOfDirectory(atPath: listings.path).sorted()
        #expect(
            names == [
                "aws", "aws/us-east-1.models.json", "aws/us-east-1.profiles.json", "aws/us-east-2.models.json",
                "azure", "azure/westeurope.json", "azure/westus.json",
            ],
            "no temporary file is left: \(names)"
        )
        #expect(
            try Data(contentsOf: listings.appendingPathComponent("aws/us-east-1.models.json"))
                == (try Data(contentsOf: Self.shared.appendingPathComponent("aws/us-east-1.models.json")))
        )
        #expect(try String(contentsOf: listings.appendingPathComponent("aws/us-east-2.models.json"), encoding: .utf8) == previous)
        #expect(try String(contentsOf: listings.appendingPathComponent("azure/westeurope.json"), encoding: .utf8).hasPrefix("[{"))
        // The folder is what catalog import reads.
        let imported = try CLI.run([
            "catalog", "import", listings.path, "--observed-on", "2026-12-01", "--report", "json", "-o",
            root.appendingPathComponent("catalog.yaml").path,
        ])
        #expect(imported.status == 0, Comment(rawValue: imported.stderr))
        #expect(imported.stdout.contains("\"gpt-oss-120b\""))
        // A config that names OCI regions without a compartment is refused before any fetch.
        try "LISTINGS_DIR='\(listings.path)'\nOCI_REGIONS=eu-frankfurt-1\n".write(to: config, atomically: true, encoding: .utf8)
        #expect(
            try CLI.runExecutable(URL(fileURLWithPath: "/usr/bin/env"), ["PATH=\(bin.path):/usr/bin:/bin", "bash", script, config.path]).status == 64
        )
    }

    @Test func theTimerAndServiceAreValidUnits() throws {
        guard let analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else {
            print("skipped: systemd-analyze is not installed, so the units cannot be verified here")
            return
        }
        let timer = try String(contentsOf: CLI.root.appendingPathComponent("Deploy/listings/headstart-listings.timer"), encoding: .utf8)
        let calendar = try #require(timer.split(separator: "\n").first { $0.hasPrefix("OnCalendar=") }).dropFirst("OnCalendar=".count)
        #expect(try CLI.runExecutable(URL(fileURLWithPath: analyze), ["calendar", String(calendar)]).status == 0)
        let service = try String(contentsOf: CLI.root.appendingPathComponent("Deploy/listings/headstart-listings.service"), encoding: .utf8)
        #expect(service.contains("ExecStart=/usr/local/bin/headstart-listings /etc/headstart/listings.conf"))
        #expect(service.contains("Type=oneshot"))
    }
}

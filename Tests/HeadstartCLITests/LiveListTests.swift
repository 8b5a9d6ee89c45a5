import Foundation
import Testing

/// `list`'s table stays a table whatever the daemon holds: a long cell is cut with an ellipsis
/// (a 2 MiB owner printed as one 2 MiB line), and `--format json` keeps it whole.
@Suite struct LiveListTests {
    @Test func aLongCellIsCutInTheTableAndWholeInJSON() throws {
        let daemon = try LiveDaemon(extra: ["--yaml-max-scalar-bytes", "300000", "--max-body-bytes", "400000"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        let owner = String(repeating: "w", count: 200_000)
        let plan = "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: wide\nowner: \(owner)\nhorizon: 2028-12-31\nworkloads:\n  - { name: a, needs: [codex] }\n"
        #expect(RawHTTP.request(daemon.socket, "PUT", "/v1/plans/wide", body: Data(plan.utf8)).status == 201)
        let table = try daemon.client(["list"])
        #expect(table.status == 0, Comment(rawValue: table.stderr))
        let widest = table.stdout.split(separator: "\n").map(\.count).max() ?? 0
        #expect(widest < 300, "a line of \(widest) characters")
        #expect(table.stdout.contains("w…"))
        #expect(try daemon.client(["list", "--format", "json"]).stdout.contains(owner))
        #expect(daemon.stop() == 0)
    }
}

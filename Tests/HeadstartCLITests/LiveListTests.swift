import Foundation
import HeadstartAPI
import HeadstartEngine
import Testing

/// `list`'s table stays a table whatever the daemon holds: a long cell is cut with an ellipsis
/// (a 2 MiB owner printed as one 2 MiB line), and `--format json` keeps it whole.
@Suite struct LiveListTests {
    @Test func aLongCellIsCutInTheTableAndWholeInJSON() throws {
        let daemon = try LiveDaemon(extra: ["--yaml-max-scalar-bytes", "300000", "--max-body-bytes", "400000"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        let owner = String(repeating: "w", count: 200_000)
        let plan =
            "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: wide\nowner: \(owner)\nhorizon: 2028-12-31\nworkloads:\n  - { name: a, needs: [codex] }\n"
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

/// A file of the plans folder that cannot be stored is shown to administrators by `list` and
/// `/healthz`, with its error, until it is fixed or removed (it was only in the daemon's log).
@Suite struct LivePlansFolderTests {
    @Test func aBadFileInThePlansFolderIsShownWithItsError() throws {
        let folder = URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
        let plans = folder.appendingPathComponent("plans")
        try FileManager.default.createDirectory(at: plans, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: CLI.root.appendingPathComponent("Plans/examples/eu-bank.yaml"),
            to: plans.appendingPathComponent("eu-bank.yaml")
        )
        let bad = plans.appendingPathComponent("broken.yaml")
        try "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: broken\nhorizon: 2028-12-31\nworkloads:\n\t- { name: a, needs: [codex] }\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let daemon = try LiveDaemon(folder: folder, extra: ["--plans", plans.path, "--plans-poll-seconds", "0.2"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        func skipped() -> [[String: Any]] { ((try? daemon.health())?["skippedPlanFiles"] as? [[String: Any]]) ?? [] }
        #expect(LiveDaemon.poll(seconds: 20) { skipped().count == 1 }, Comment(rawValue: daemon.logText))
        #expect(skipped().first?["file"] as? String == bad.path)
        #expect((skipped().first?["errors"] as? [String])?.first?.contains("broken.yaml:6:1") == true, "\(skipped())")
        let list = try daemon.client(["list"])
        #expect(list.status == 0 && list.stdout.contains("rheinbank-ai"))
        #expect(
            list.stderr.contains("broken.yaml in the plans folder was not stored") && list.stderr.contains("a tab"),
            Comment(rawValue: list.stderr)
        )
        // Fixed: no longer shown.
        try "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: broken\nhorizon: 2028-12-31\nworkloads:\n  - { name: a, needs: [codex] }\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        #expect(LiveDaemon.poll(seconds: 20) { skipped().isEmpty }, Comment(rawValue: daemon.logText))
        #expect(try daemon.client(["list"]).stderr.isEmpty)
        #expect(daemon.stop() == 0)
    }
}

/// `list` says why a plan re-plans when it does: an overdue forecast is checked again every day,
/// which otherwise reads as a re-plan tomorrow for no reason.
@Suite struct LiveListReasonTests {
    @Test func listSaysAnOverdueForecastIsCheckedDaily() throws {
        let folder = URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // An announced day long past and never confirmed (as OCI's 2026-06-10), beside a served offer.
        let catalog = folder.appendingPathComponent("catalog.yaml")
        try """
        apiVersion: headstart/v1
        kind: Catalog
        version: "reason-1"
        terms: { firstAccessCloud: azure, firstAccessWindowDays: 14, licenseThrough: 2032-12-31 }
        clouds:
          azure: { swedencentral: eu }
          oci: { eu-frankfurt-1: eu }
        capabilities:
          cap:
            kind: chat
            launch: 2026-01-01
            offers:
              - { cloud: azure, regions: [swedencentral], since: 2026-01-01, stage: ga, processing: regional, source: "test" }
              - { cloud: oci, regions: [eu-frankfurt-1], expected: 2026-06-10, stage: ga, processing: regional, source: "test" }

        """.write(to: catalog, atomically: true, encoding: .utf8)
        let daemon = try LiveDaemon(folder: folder, extra: ["--catalog", catalog.path])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        let plan =
            "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: waiting\nhorizon: 2030-12-31\n"
            + "preferences: { clouds: [oci, azure] }\nworkloads:\n  - { name: a, needs: [cap] }\n"
        #expect(RawHTTP.request(daemon.socket, "PUT", "/v1/plans/waiting", body: Data(plan.utf8)).status == 201)
        let table = try daemon.client(["list"])
        #expect(table.status == 0, Comment(rawValue: table.stderr))
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.contains("NEXT RE-PLAN  WHY") == true, Comment(rawValue: table.stdout))
        #expect(lines.last?.contains("overdue forecast: checked daily") == true, Comment(rawValue: table.stdout))
        let json = try daemon.client(["list", "--format", "json"])
        let listing = try #require(APIJSON.decode(PlanListBody.self, from: Data(json.stdout.utf8)).plans.first)
        #expect(listing.nextReplanReason == .overdue)
        #expect(listing.nextReplanAt != nil)
        #expect(daemon.stop() == 0)
    }
}

import Foundation
import HeadstartAPI
import HeadstartFormats
import Testing

/// `headstart catalog lags` offline, and `GET /v1/catalog/lags` from a daemon.
@Suite struct CatalogLagsCommandTests {
    static let lags = CLI.root.deletingLastPathComponent().appendingPathComponent("shared/conformance/lags")

    @Test func theTableAndTheJSONOfACatalog() throws {
        let catalog = Self.lags.appendingPathComponent("catalog.yaml").path
        let table = try CLI.run(["catalog", "lags", "--catalog", catalog])
        #expect(table.status == 0, Comment(rawValue: table.stderr))
        #expect(table.stdout.contains("aws     5 days      measured over 4 models (0-14)"), Comment(rawValue: table.stdout))
        let json = try CLI.run(["catalog", "lags", "--catalog", catalog, "--format", "json"])
        #expect(json.status == 0)
        let body = try APIJSON.decode(HeadStartBody.self, from: Data(json.stdout.utf8))
        #expect(body.clouds.map(\.cloud) == ["azure", "aws", "gcp", "oci", "openai"])
        #expect(body.clouds.map(\.lagDays) == [0, 5, 14, 14, 0])
        #expect(json.stdout.contains("\"measuredSince\": \"2026-04-27\""))
    }

    @Test func theShippedCatalogMeasuresEveryCloud() throws {
        let run = try CLI.run(["catalog", "lags", "--format", "json"])
        #expect(run.status == 0, Comment(rawValue: run.stderr))
        let body = try APIJSON.decode(HeadStartBody.self, from: Data(run.stdout.utf8))
        #expect(body.estimates == "measured" && body.catalogVersion == "2026-12-01")
        // Bedrock follows within days, Google by months and in preview, Oracle not at all.
        #expect(body.row(of: "aws")?.basis == "measured")
        #expect(body.row(of: "gcp")?.basis == "measured")
        #expect(body.row(of: "oci")?.basis == "window" && body.row(of: "oci")?.samples == 0)
        #expect((body.row(of: "aws")?.lagDays ?? 99) < (body.row(of: "gcp")?.lagDays ?? 0))
    }

    @Test func aBadCatalogIsRefusedWithItsLine() throws {
        let folder = URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("c.yaml")
        let text = try String(contentsOf: Self.lags.appendingPathComponent("catalog.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "estimates: measured", with: "estimates: guessed")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let run = try CLI.run(["catalog", "lags", "--catalog", file.path])
        #expect(run.status == 65)
        #expect(
            run.stderr.contains("c.yaml:14:14: error: terms.estimates must be one of window, measured, found 'guessed'"),
            Comment(rawValue: run.stderr)
        )
        #expect(try CLI.run(["catalog", "lags", "--catalog", folder.appendingPathComponent("none.yaml").path]).status == 66)
    }

    @Test func theDaemonServesTheHeadStartOfItsCatalogInForce() throws {
        let daemon = try LiveDaemon(extra: ["--catalog", Self.lags.appendingPathComponent("catalog.yaml").path])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        let reply = RawHTTP.request(daemon.socket, "GET", "/v1/catalog/lags")
        #expect(reply.status == 200)
        let body = try APIJSON.decode(HeadStartBody.self, from: reply.body)
        #expect(body.catalogVersion == "lags-1" && body.row(of: "aws")?.lagDays == 5)
        // explain from the daemon says where an estimate comes from, as offline.
        let plan = try String(contentsOf: Self.lags.appendingPathComponent("plan-lags.yaml"), encoding: .utf8)
        #expect(RawHTTP.request(daemon.socket, "PUT", "/v1/plans/lag-aware", body: Data(plan.utf8)).status == 201)
        let explain = try daemon.client(["explain", "lag-aware", "us-assistant", "newest", "--as-of", "2026-11-21"])
        #expect(explain.status == 0, Comment(rawValue: explain.stderr))
        #expect(explain.stdout.contains("estimated: launch + 5 days: aws's measured head start over 4 models"), Comment(rawValue: explain.stdout))
        #expect(daemon.stop() == 0)
    }
}

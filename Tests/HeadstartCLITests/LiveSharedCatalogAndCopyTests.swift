import Foundation
import TestSupport
import Testing

/// With a shared store: the catalog is the database's (replaced on one host, in force on every
/// host, `--catalog` refused), and a SQLite store moves over with `store copy`.
@Suite struct LiveSharedCatalogAndCopyTests {
    static func url(_ cluster: PostgresCluster, _ database: String) -> String {
        "postgres://\(cluster.user)@/\(database)?host=\(cluster.socketDirectory)"
    }

    @Test(arguments: ["--store", "HEADSTART_STORE"])
    func aCatalogFileIsRefusedWithASharedStore(_ how: String) throws {
        let url = "postgres://ops@db.example.internal/headstart"
        let arguments = ["serve", "--socket", "/tmp/hs-unused.sock", "--catalog", "Plans/catalog.yaml"]
        let run =
            how == "--store"
            ? try CLI.run(arguments + ["--store", url])
            : try CLI.runExecutable(URL(fileURLWithPath: "/usr/bin/env"), ["HEADSTART_STORE=\(url)", try #require(CLI.binary).path] + arguments)
        #expect(run.status == 64)
        #expect(run.stderr.contains("shared store") && run.stderr.contains("headstart catalog replace"), Comment(rawValue: run.stderr))
    }

    @Test func aCatalogReplacedOnOneHostIsInForceOnEvery() throws {
        let cluster = try PostgresCluster.shared()
        let url = Self.url(cluster, try cluster.freshDatabase())
        let daemons = try (0..<2).map { try LiveDaemon(extra: ["--store", url, "--host-name", "h\($0)"]) }
        for d in daemons { try #require(d.waitUntilReady(), Comment(rawValue: d.logText)) }
        let shipped = try String(contentsOf: CLI.root.appendingPathComponent("Plans/catalog.yaml"), encoding: .utf8)
        let newer = daemons[0].folder.appendingPathComponent("newer.yaml").path
        try shipped.replacingOccurrences(of: "version: \"2026-12-01\"", with: "version: \"2026-12-02\"").write(
            toFile: newer,
            atomically: true,
            encoding: .utf8
        )
        #expect(try daemons[0].client(["catalog", "replace", newer]).status == 0)
        // The other daemon hears of it and installs it.
        #expect(LiveDaemon.poll(seconds: 10) { (try? daemons[1].health())?["catalogVersion"] as? String == "2026-12-02" })
        #expect(try daemons[1].health()["catalogSource"] as? String == "api")
        // What it plans from now on is planned with it.
        let plan = daemons[1].folder.appendingPathComponent("p.yaml").path
        try "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: p\nhorizon: 2030-12-31\nworkloads:\n  - { name: a, needs: [gpt-5.5] }\n"
            .write(toFile: plan, atomically: true, encoding: .utf8)
        #expect(try daemons[1].client(["submit", plan]).status == 0)
        #expect(try daemons[0].client(["recommendations", "p", "--format", "json"]).stdout.contains("\"catalogVersion\": \"2026-12-02\""))
        for d in daemons { #expect(d.stop() == 0, Comment(rawValue: d.logText)) }
    }

    @Test func aSQLiteStoreMovesToPostgreSQLWithStoreCopy() throws {
        let cluster = try PostgresCluster.shared()
        let url = Self.url(cluster, try cluster.freshDatabase())
        let local = try LiveDaemon(extra: ["--plans", "Plans/examples"])
        try #require(local.waitUntilReady(), Comment(rawValue: local.logText))
        #expect(LiveDaemon.poll(seconds: 30) { ((try? local.health())?["plans"] as? Int) == 3 })
        let sqlite = local.stateDirectory + "/headstart.sqlite"
        // Not while the daemon runs: its later writes would be lost.
        let busy = try CLI.run(["store", "copy", "--from", sqlite, "--to", url])
        #expect(busy.status == 75 && busy.stderr.contains("stop it first"), Comment(rawValue: busy.stderr))
        let lastRevision = try local.health()["lastEventRevision"] as? Int ?? 0
        #expect(local.stop() == 0)

        let copied = try CLI.run(["store", "copy", "--from", sqlite, "--to", url, "--host-name", "old-host"])
        #expect(copied.status == 0, Comment(rawValue: copied.stderr))
        #expect(copied.stdout.contains("copied 3 plan(s)"), Comment(rawValue: copied.stdout))
        let again = try CLI.run(["store", "copy", "--from", sqlite, "--to", url])
        #expect(again.status == 73 && again.stderr.contains("already holds"), Comment(rawValue: again.stderr))
        #expect(try CLI.run(["store", "copy", "--from", "/tmp/no-such-store.sqlite", "--to", url]).status == 66)
        #expect(try CLI.run(["store", "copy", "--from", sqlite, "--to", "sqlite:/tmp/x.sqlite"]).status == 64)

        let shared = try LiveDaemon(extra: ["--store", url, "--host-name", "old-host"])
        try #require(shared.waitUntilReady(), Comment(rawValue: shared.logText))
        let health = try shared.health()
        #expect(health["plans"] as? Int == 3)
        // The log came over under its own revisions, the SQLite daemon's last `shutdown` with it
        // (a daemon on a shared store logs none).
        #expect(health["lastEventRevision"] as? Int == lastRevision + 1)
        let list = try shared.client(["list"])
        #expect(list.stdout.contains("sakura-mutual") && list.stdout.contains("current"), Comment(rawValue: list.stdout))
        #expect(shared.stop() == 0)
    }
}

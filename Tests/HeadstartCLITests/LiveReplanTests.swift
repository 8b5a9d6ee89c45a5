import Foundation
import Testing

/// Re-planning over time on a live daemon.
@Suite struct LiveReplanTests {
    static func events(_ daemon: LiveDaemon) throws -> [[String: Any]] {
        let last = try daemon.health()["lastEventRevision"] as? Int ?? 0
        let run = try CLI.start(["watch", "--since", "0", "--format", "json", "--socket", daemon.socket])
        // The replay is complete once the newest event has arrived; then the watcher is stopped.
        _ = LiveDaemon.poll(seconds: 30) { run.stdoutSoFar.contains("\"revision\":\(last),") }
        kill(run.process.processIdentifier, SIGTERM)
        let finished = try run.finish()
        return finished.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    static func writePlan(_ folder: URL, schedule: String) throws -> String {
        let path = folder.appendingPathComponent("plan.yaml").path
        try """
        apiVersion: headstart/v1
        kind: WorkloadPlan
        name: ticking
        horizon: 2030-12-31
        schedule: "\(schedule)"
        workloads:
          - { name: assistant, needs: [gpt-5.5] }
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aSecondsLevelScheduleRePlansOnTime() throws {
        let daemon = try LiveDaemon()
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        #expect(try daemon.client(["submit", try Self.writePlan(daemon.folder, schedule: "*/3 * * * * *")]).status == 0)
        let watch = try CLI.start(["watch", "--format", "json", "--socket", daemon.socket])
        #expect(LiveDaemon.poll(seconds: 30) { watch.stdoutSoFar.components(separatedBy: "\"replanned\"").count > 3 })
        #expect(daemon.stop() == 0)
        let lines = try watch.finish().stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let replans = lines.filter { $0["type"] as? String == "replanned" }
        #expect(replans.count >= 3)
        #expect(replans.allSatisfy { $0["trigger"] as? String == "schedule" && $0["changed"] as? Bool == false })
        // Each fired at a time its schedule names (a multiple of three seconds), well before the next one.
        let times = replans.compactMap { ($0["time"] as? String).flatMap { try? Date($0, strategy: .iso8601) } }
        #expect(times.count == replans.count)
        #expect(times.allSatisfy { $0.timeIntervalSince1970.truncatingRemainder(dividingBy: 3) < 1.5 })
        #expect(zip(times, times.dropFirst()).allSatisfy { $1.timeIntervalSince($0) > 1.5 })
    }

    @Test func aDaemonStartedAfterAMissedRunCatchesUpOnce() throws {
        let first = try LiveDaemon()
        try #require(first.waitUntilReady(), Comment(rawValue: first.logText))
        #expect(try first.client(["submit", try Self.writePlan(first.folder, schedule: "0 6 * * *")]).status == 0)
        #expect(first.stop() == 0)
        // Started with its clock three days on: three 06:00 runs were missed.
        let second = try LiveDaemon(
            folder: first.folder,
            socket: first.socket,
            stateDirectory: first.stateDirectory,
            extra: ["--clock-offset-seconds", "259200"]
        )
        try #require(second.waitUntilReady(), Comment(rawValue: second.logText))
        #expect(LiveDaemon.poll(seconds: 30) { second.logText.contains("reason=catch-up") })
        let events = try Self.events(second)
        let catchUps = events.filter { $0["trigger"] as? String == "catch-up" }
        #expect(catchUps.count == 1)
        #expect(catchUps.first?["plan"] as? String == "ticking")
        #expect(second.stop() == 0)
    }

    @Test func aChangedCatalogFileIsReloadedAndABrokenOneRefused() throws {
        let folder = URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let catalogPath = folder.appendingPathComponent("catalog.yaml").path
        let original = try String(contentsOf: CLI.root.appendingPathComponent("Plans/catalog.yaml"), encoding: .utf8)
        try original.write(toFile: catalogPath, atomically: true, encoding: .utf8)
        let daemon = try LiveDaemon(folder: folder, extra: ["--catalog", catalogPath, "--plans-poll-seconds", "0.1"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        #expect(try daemon.client(["submit", "Plans/examples/eu-bank.yaml"]).status == 0)

        // AWS confirms gpt-5.5 in eu-central-1.
        let confirmed =
            original
            .replacingOccurrences(of: "version: \"2026-12-01\"", with: "version: \"2026-12-02\"")
            .replacingOccurrences(of: "regions: [eu-central-1], expected: 2027-01-15", with: "regions: [eu-central-1], since: 2026-11-20")
        try confirmed.write(toFile: catalogPath, atomically: true, encoding: .utf8)
        #expect(LiveDaemon.poll(seconds: 30) { daemon.logText.contains("from=2026-12-01 source=file to=2026-12-02") })

        // A broken file is refused and the catalog in force stays.
        try "apiVersion: headstart/v1\nkind: Catalog\n".write(toFile: catalogPath, atomically: true, encoding: .utf8)
        #expect(LiveDaemon.poll(seconds: 30) { daemon.logText.contains("inForce=2026-12-02 [HeadstartServer] catalog file refused") })

        let text = try CLI.start(["watch", "--since", "0", "--socket", daemon.socket])
        #expect(LiveDaemon.poll(seconds: 30) { text.stdoutSoFar.contains("catalog-rejected") })
        #expect(daemon.stop() == 0)
        let lines = try text.finish().stdout
        #expect(
            lines.contains(
                "rheinbank-ai advisor-copilot/gpt-5.5: aws eu-central-1 [was: azure swedencentral -> aws eu-central-1 from 2027-01-15] (catalog 2026-12-01 -> 2026-12-02: aws eu-central-1 confirmed)"
            ),
            Comment(rawValue: lines)
        )
    }

    @Test func sighupReReadsTheCatalogFile() throws {
        let folder = URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let catalogPath = folder.appendingPathComponent("catalog.yaml").path
        let original = try String(contentsOf: CLI.root.appendingPathComponent("Plans/catalog.yaml"), encoding: .utf8)
        try original.write(toFile: catalogPath, atomically: true, encoding: .utf8)
        // The file is not polled within the test, so only SIGHUP can make the daemon read it.
        let daemon = try LiveDaemon(folder: folder, extra: ["--catalog", catalogPath, "--plans-poll-seconds", "3600"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        try original.replacingOccurrences(of: "version: \"2026-12-01\"", with: "version: \"2026-12-24\"")
            .write(toFile: catalogPath, atomically: true, encoding: .utf8)
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(LiveDaemon.poll(seconds: 30) { daemon.logText.contains("from=2026-12-01 source=file to=2026-12-24") })
        #expect(daemon.logText.contains("SIGHUP: re-reading the catalog"))
        #expect(try daemon.health()["catalogVersion"] as? String == "2026-12-24")
        #expect(daemon.stop() == 0)
    }
}

import Foundation
import Testing

/// A real daemon on a temporary socket, driven by the real client and by curl.
@Suite struct LiveDaemonTests {
    static let contoso = "Tests/HeadstartEngineTests/Fixtures/contoso-plan.yaml"
    static let badDates = "Tests/HeadstartFormatsTests/Fixtures/bad-dates.yaml"

    func curl(_ socket: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "--unix-socket", socket] + arguments
        process.currentDirectoryURL = CLI.root
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func clientAndCurlDriveALiveDaemon() throws {
        // The access log is a debug line per request.
        let daemon = try LiveDaemon(extra: ["--plans", "Plans/examples", "--log-level", "debug"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        // The plans folder is loaded at start-up.
        #expect(LiveDaemon.poll(seconds: 30) { (try? daemon.client(["list"]))?.stdout.contains("sakura-mutual") == true })
        let list = try daemon.client(["list"])
        #expect(list.status == 0)
        #expect(["northwind-retail", "rheinbank-ai", "sakura-mutual"].allSatisfy(list.stdout.contains))

        let health = try curl(daemon.socket, ["http://localhost/healthz"])
        let healthJSON = try JSONSerialization.jsonObject(with: Data(health.output.utf8)) as? [String: Any]
        #expect(healthJSON?["plans"] as? Int == 3)
        #expect(healthJSON?["status"] as? String == "ok")

        let submit = try daemon.client(["submit", Self.contoso])
        #expect(submit.status == 0)
        #expect(submit.stdout.contains("plan contoso-copilots revision 1 created"))
        let get = try daemon.client(["get", "contoso-copilots"])
        #expect(get.stdout == (try String(contentsOf: CLI.root.appendingPathComponent(Self.contoso), encoding: .utf8)))
        let whatIf = try daemon.client(["recommendations", "contoso-copilots", "--as-of", "2026-11-26", "--format", "json"])
        let offline = try CLI.run([
            "plan", Self.contoso, "--catalog", "Tests/HeadstartEngineTests/Fixtures/contoso-catalog.yaml", "--as-of", "2026-11-26", "--format",
            "json",
        ])
        #expect(whatIf.status == 0)
        // The daemon plans against the built-in catalog, the offline run against the example's own.
        #expect((try JSONSerialization.jsonObject(with: whatIf.stdoutBytes) as? [String: Any])?["plan"] as? String == "contoso-copilots")
        #expect(offline.status == 0)
        let table = try daemon.client(["recommendations", "contoso-copilots"])
        #expect(table.stdout.contains("Plan contoso-copilots"))

        let invalid = try daemon.client(["submit", Self.badDates])
        #expect(invalid.status == 65)
        #expect(invalid.stderr.hasPrefix(Self.badDates + ":4:10: error: horizon '2028-02-30'"))
        let curlPut = try curl(
            daemon.socket,
            ["-X", "PUT", "--data-binary", "@" + Self.badDates, "-o", "/dev/null", "-w", "%{http_code}", "http://localhost/v1/plans/dates"]
        )
        #expect(curlPut.output == "422")

        #expect(try daemon.client(["delete", "contoso-copilots"]).status == 0)
        let gone = try daemon.client(["get", "contoso-copilots"])
        #expect(gone.status == 1)
        #expect(gone.stderr.contains("no plan named 'contoso-copilots'"))
        #expect(daemon.stop() == 0)
        #expect(daemon.logText.contains("method=PUT") && daemon.logText.contains("path=/v1/plans/contoso-copilots status=201"))
    }

    @Test func watchReplaysSinceARevisionFollowsLiveAndEndsOnShutdown() throws {
        let daemon = try LiveDaemon()
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        #expect(try daemon.client(["submit", Self.contoso]).status == 0)  // events 1 and 2
        let watch = try CLI.start(["watch", "--since", "1", "--format", "json", "--socket", daemon.socket])
        #expect(LiveDaemon.poll(seconds: 30) { watch.stdoutSoFar.contains("\"revision\":2") })
        #expect(try daemon.client(["delete", "contoso-copilots"]).status == 0)  // event 3, live
        #expect(LiveDaemon.poll(seconds: 30) { watch.stdoutSoFar.contains("plan-deleted") })
        #expect(daemon.stop(SIGTERM) == 0)
        let run = try watch.finish()
        #expect(run.status == 0)
        let events = run.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(events.map { $0["type"] as? String } == ["recommendations-changed", "plan-deleted", "shutdown"])
        #expect(events.map { $0["revision"] as? Int } == [2, 3, 4])
        #expect(!FileManager.default.fileExists(atPath: daemon.socket), "SIGTERM removes the socket file")
        // At the default level no line per request (it cost small reads 15% of their rate).
        #expect(!daemon.logText.contains("path=/"), Comment(rawValue: daemon.logText))
    }

    @Test func aKilledDaemonRestartsOverItsStaleSocketWithNothingLost() throws {
        let first = try LiveDaemon()
        try #require(first.waitUntilReady(), Comment(rawValue: first.logText))
        for file in [Self.contoso, "Plans/examples/eu-bank.yaml", "Plans/examples/us-retailer.yaml"] {
            #expect(try first.client(["submit", file]).status == 0)
        }
        let before = try first.client(["recommendations", "rheinbank-ai", "--format", "json"]).stdoutBytes
        first.stop(SIGKILL)
        #expect(FileManager.default.fileExists(atPath: first.socket), "kill -9 leaves the socket file behind")
        let second = try LiveDaemon(folder: first.folder, socket: first.socket, stateDirectory: first.stateDirectory)
        try #require(second.waitUntilReady(), Comment(rawValue: second.logText))
        let list = try second.client(["list", "--format", "json"])
        let names = ((try JSONSerialization.jsonObject(with: list.stdoutBytes) as? [String: Any])?["plans"] as? [[String: Any]])?.compactMap {
            $0["name"] as? String
        }
        #expect(names == ["contoso-copilots", "northwind-retail", "rheinbank-ai"])
        #expect(try second.client(["recommendations", "rheinbank-ai", "--format", "json"]).stdoutBytes == before)
        #expect(second.stop() == 0)
    }

    @Test func aSecondDaemonIsRefusedAndTheFirstKeepsRunning() throws {
        let first = try LiveDaemon()
        try #require(first.waitUntilReady(), Comment(rawValue: first.logText))
        let sameSocket = try LiveDaemon(folder: first.folder, socket: first.socket, stateDirectory: first.folder.appendingPathComponent("other").path)
        #expect(sameSocket.stop(0) == 75)
        #expect(sameSocket.logText.contains("another headstart daemon is listening on \(first.socket)"))
        let sameState = try LiveDaemon(
            folder: first.folder,
            socket: first.folder.appendingPathComponent("run/b.sock").path,
            stateDirectory: first.stateDirectory
        )
        #expect(sameState.stop(0) == 75)
        #expect(try first.client(["list"]).status == 0)
        #expect(first.stop() == 0)
    }

    @Test func socketPathsThatCannotBeUsedAreStartUpErrors() throws {
        let folder = URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("not-a-socket").path
        _ = FileManager.default.createFile(atPath: file, contents: Data("keep me".utf8))
        let onFile = try LiveDaemon(folder: folder, socket: file)
        #expect(onFile.stop(0) == 78)
        #expect(FileManager.default.contents(atPath: file) == Data("keep me".utf8))
        let long = folder.appendingPathComponent(String(repeating: "x", count: 120) + ".sock").path
        let tooLong = try LiveDaemon(folder: folder, socket: long)
        #expect(tooLong.stop(0) == 78)
        #expect(tooLong.logText.contains("longer than the 107"))
    }

    @Test func withoutADaemonClientsSaySoAndExit69() throws {
        let run = try CLI.run(["list", "--socket", "/tmp/hs-nowhere-\(UUID().uuidString.prefix(8)).sock"])
        #expect(run.status == 69)
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(run.stderr.hasPrefix("headstart: no daemon is listening on"))
    }

    @Test func aPlansFolderLoadsGoodFilesAndLogsBadOnes() throws {
        let folder = URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
        let plans = folder.appendingPathComponent("plans")
        try FileManager.default.createDirectory(at: plans, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: CLI.root.appendingPathComponent("Plans/examples/us-retailer.yaml"),
            to: plans.appendingPathComponent("retail.yaml")
        )
        try FileManager.default.copyItem(at: CLI.root.appendingPathComponent(Self.badDates), to: plans.appendingPathComponent("broken.yaml"))
        let daemon = try LiveDaemon(folder: folder, extra: ["--plans", plans.path, "--plans-poll-seconds", "0.05"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        #expect(LiveDaemon.poll(seconds: 30) { (try? daemon.client(["list"]))?.stdout.contains("northwind-retail") == true })
        #expect(LiveDaemon.poll(seconds: 30) { daemon.logText.contains("broken.yaml:4:10: error: horizon '2028-02-30'") })
        // A file that appears later is picked up too.
        try FileManager.default.copyItem(at: CLI.root.appendingPathComponent(Self.contoso), to: plans.appendingPathComponent("contoso.yaml"))
        #expect(LiveDaemon.poll(seconds: 30) { (try? daemon.client(["list"]))?.stdout.contains("contoso-copilots") == true })
        #expect(daemon.stop() == 0)
    }
}

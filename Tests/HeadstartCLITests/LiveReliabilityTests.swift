import Foundation
import HeadstartAPI
import HeadstartServer
import Synchronization
import Testing

/// The daemon's defects found by trying it as a new user and as an attacker, on live daemons.
@Suite struct LiveReliabilityTests {
    static func folder() throws -> URL {
        let folder = URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static var catalog: String {
        (try? String(contentsOf: CLI.root.appendingPathComponent("Plans/catalog.yaml"), encoding: .utf8)) ?? ""
    }

    /// One sample of the daemon's `/metrics` page, 0 when absent.
    static func metric(_ daemon: LiveDaemon, _ name: String) -> Double {
        let page = RawHTTP.request(daemon.socket, "GET", "/metrics").body
        let line = String(decoding: page, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix(name + " ") || $0.hasPrefix(name + "{") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
    }

    /// A daemon whose catalog is a copy of the shipped one in a file of its own, polled every 0.1 s.
    static func daemonOnCatalogFile() throws -> (LiveDaemon, URL, String) {
        let folder = try Self.folder()
        let path = folder.appendingPathComponent("catalog.yaml").path
        try Self.catalog.write(toFile: path, atomically: true, encoding: .utf8)
        let daemon = try LiveDaemon(folder: folder, extra: ["--catalog", path, "--plans-poll-seconds", "0.1"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        return (daemon, folder, path)
    }

    @Test func aCatalogFileIsTheSourceAndAPutIsRefusedNotUndone() throws {
        let (daemon, folder, path) = try Self.daemonOnCatalogFile()
        let newer = folder.appendingPathComponent("newer.yaml").path
        try Self.catalog.replacingOccurrences(of: "version: \"2026-12-01\"", with: "version: \"2026-12-02\"").write(
            toFile: newer,
            atomically: true,
            encoding: .utf8
        )
        let refused = try daemon.client(["catalog", "replace", newer])
        #expect(refused.status == 1)
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(refused.stderr.contains("managed by the file \(path)") && refused.stderr.contains("SIGHUP"), Comment(rawValue: refused.stderr))
        let health = try daemon.health()
        #expect(health["catalogSource"] as? String == "file")
        #expect(health["catalogVersion"] as? String == "2026-12-01")
        // Several polls later nothing was replaced or put back.
        let checks = Self.metric(daemon, "headstart_catalog_file_checks_total")
        #expect(LiveDaemon.poll(seconds: 30) { Self.metric(daemon, "headstart_catalog_file_checks_total") >= checks + 5 })
        #expect(!daemon.logText.contains("catalog replaced"), Comment(rawValue: daemon.logText))
        #expect(daemon.stop() == 0)
    }

    @Test func aCatalogPutThroughTheAPIOutlivesARestart() throws {
        let folder = try Self.folder()
        let first = try LiveDaemon(folder: folder)
        try #require(first.waitUntilReady(), Comment(rawValue: first.logText))
        #expect(try first.health()["catalogSource"] as? String == "built-in")
        let newer = folder.appendingPathComponent("newer.yaml").path
        try Self.catalog.replacingOccurrences(of: "version: \"2026-12-01\"", with: "version: \"2026-12-02\"").write(
            toFile: newer,
            atomically: true,
            encoding: .utf8
        )
        #expect(try first.client(["catalog", "replace", newer]).status == 0)
        #expect(first.stop() == 0)
        let second = try LiveDaemon(folder: folder, socket: first.socket, stateDirectory: first.stateDirectory)
        try #require(second.waitUntilReady(), Comment(rawValue: second.logText))
        let health = try second.health()
        #expect(health["catalogVersion"] as? String == "2026-12-02")
        #expect(health["catalogSource"] as? String == "api")
        #expect(second.stop() == 0)
    }

    @Test func anInvalidCatalogFileIsAnnouncedOnceNotOncePerPoll() throws {
        let (daemon, _, path) = try Self.daemonOnCatalogFile()
        try "apiVersion: headstart/v1\nkind: Catalog\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(LiveDaemon.poll(seconds: 30) { daemon.logText.contains("inForce=2026-12-01 [HeadstartServer] catalog file refused") })
        let checks = Self.metric(daemon, "headstart_catalog_file_checks_total")
        #expect(LiveDaemon.poll(seconds: 30) { Self.metric(daemon, "headstart_catalog_file_checks_total") >= checks + 10 })
        #expect(
            daemon.logText.components(separatedBy: "inForce=2026-12-01 [HeadstartServer] catalog file refused").count - 1 == 1,
            Comment(rawValue: daemon.logText)
        )
        // SIGHUP asks again, and gets the same answer once more.
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(
            LiveDaemon.poll(seconds: 30) {
                daemon.logText.components(separatedBy: "inForce=2026-12-01 [HeadstartServer] catalog file refused").count - 1 == 2
            }
        )
        let watch = try CLI.start(["watch", "--since", "0", "--format", "json", "--socket", daemon.socket])
        #expect(LiveDaemon.poll(seconds: 30) { watch.stdoutSoFar.components(separatedBy: "\"catalog-rejected\"").count - 1 == 2 })
        #expect(daemon.stop() == 0)
        #expect(try watch.finish().stdout.components(separatedBy: "\"catalog-rejected\"").count - 1 == 2)
    }

    @Test func aDaemonThatCannotListenExitsNonZero() throws {
        let daemon = try LiveDaemon(socket: "/proc/hs-\(UUID().uuidString.prefix(6)).sock")
        let status = daemon.stop(0)
        #expect(status == 71, Comment(rawValue: daemon.logText))
        #expect(daemon.logText.contains("cannot listen on /proc/"))
    }

    @Test func anUnreadableStoredCatalogStopsTheDaemon() throws {
        let first = try LiveDaemon()
        try #require(first.waitUntilReady(), Comment(rawValue: first.logText))
        #expect(first.stop() == 0)
        let database = first.stateDirectory + "/headstart.sqlite"
        let python = try CLI.runExecutable(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('DROP TABLE catalog'); c.commit()", database]
        )
        try #require(python.status == 0, Comment(rawValue: python.stderr))
        let second = try LiveDaemon(folder: first.folder, socket: first.socket, stateDirectory: first.stateDirectory)
        #expect(second.stop(0) == 78, Comment(rawValue: second.logText))
        #expect(second.logText.contains("cannot read the stored catalog"))
    }

    @Test func aStoppingDaemonLeavesAnotherDaemonsSocketAlone() throws {
        let a = try LiveDaemon()
        try #require(a.waitUntilReady(), Comment(rawValue: a.logText))
        try FileManager.default.removeItem(atPath: a.socket)
        let b = try LiveDaemon(folder: a.folder, socket: a.socket, stateDirectory: a.folder.appendingPathComponent("state-b").path)
        try #require(b.waitUntilReady(), Comment(rawValue: b.logText))
        #expect(a.stop() == 0)
        #expect(SocketPath.answers(b.socket), "stopping A removed B's socket")
        #expect(RawHTTP.request(b.socket, "GET", "/healthz").status == 200)
        #expect(b.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: b.socket))
    }

    @Test func closedWatchersAreFreedAtOnce() throws {
        let daemon = try LiveDaemon(extra: ["--log-level", "warning"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        for _ in 0..<4_000 {
            guard let watcher = RawHTTP(socket: daemon.socket) else { continue }
            _ = watcher.send(Data("GET /v1/events HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            watcher.close()
        }
        #expect(LiveDaemon.poll(seconds: 60) { (try? daemon.health()["watchers"] as? Int) == 0 }, "closed watchers were kept")
        let status = (try? String(contentsOfFile: "/proc/\(daemon.process.processIdentifier)/status", encoding: .utf8)) ?? ""
        print(
            "closed watchers: 4,000 opened and closed; the daemon's \(status.split(separator: "\n").first { $0.hasPrefix("VmRSS") } ?? "VmRSS unknown")"
        )
        #expect(daemon.stop() == 0)
    }

    @Test func watchingSinceBeyondTheLogResyncsAndFollows() throws {
        let daemon = try LiveDaemon()
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        #expect(try daemon.client(["submit", "Plans/examples/eu-bank.yaml"]).status == 0)
        let watch = try CLI.start(["watch", "--since", "99999", "--format", "json", "--socket", daemon.socket])
        #expect(LiveDaemon.poll(seconds: 30) { watch.stdoutSoFar.contains("\"reason\":\"ahead-of-log\"") })
        #expect(watch.stdoutSoFar.contains("\"resumeFrom\":2"), Comment(rawValue: watch.stdoutSoFar))
        #expect(try daemon.client(["delete", "rheinbank-ai"]).status == 0)
        #expect(LiveDaemon.poll(seconds: 30) { watch.stdoutSoFar.contains("\"type\":\"plan-deleted\"") })
        #expect(daemon.stop() == 0)
        _ = try watch.finish()
    }

    @Test func http10ClosesAndExpectContinueIsAnswered() throws {
        let daemon = try LiveDaemon()
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        let old = try #require(RawHTTP(socket: daemon.socket))
        #expect(old.send(Data("GET /healthz HTTP/1.0\r\n\r\n".utf8)))
        // The response, then the end of the connection, well before the 60 s idle timeout.
        #expect(String(decoding: old.receive(seconds: 10).prefix(12), as: UTF8.self) == "HTTP/1.1 200")
        #expect(LiveDaemon.poll(seconds: 10) { !LiveDaemon.socketOpen(old.fd) })
        old.close()

        let body = try Data(contentsOf: CLI.root.appendingPathComponent("Plans/examples/eu-bank.yaml"))
        let put = try #require(RawHTTP(socket: daemon.socket))
        #expect(
            put.send(Data("PUT /v1/plans/rheinbank-ai HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\nExpect: 100-continue\r\n\r\n".utf8))
        )
        var interim = Data()
        #expect(
            LiveDaemon.poll(seconds: 10) {
                interim.append(put.receive(seconds: 0.05))
                return String(decoding: interim, as: UTF8.self).contains("100 Continue")
            },
            "no interim 100 Continue"
        )
        #expect(put.send(body))
        #expect(String(decoding: put.receive(seconds: 5).prefix(12), as: UTF8.self) == "HTTP/1.1 201")
        put.close()
        #expect(daemon.stop() == 0)
    }

    @Test func aLiveWatcherGetsEveryRevisionOnceInOrderUnderConcurrentWriters() throws {
        let daemon = try LiveDaemon(extra: ["--log-level", "warning"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        let watch = try CLI.start(["watch", "--format", "json", "--socket", daemon.socket])
        #expect(LiveDaemon.poll(seconds: 30) { (try? daemon.health()["watchers"] as? Int) == 1 })
        let group = DispatchGroup()
        for writer in 0..<8 {
            DispatchQueue.global().async(group: group) {
                for i in 0..<25 {
                    let body =
                        "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: w\(writer)\nhorizon: 2028-12-31\nworkloads:\n  - { name: v\(i), needs: [codex] }\n"
                    _ = RawHTTP.request(daemon.socket, "PUT", "/v1/plans/w\(writer)", body: Data(body.utf8))
                }
            }
        }
        group.wait()
        let last = try #require(try daemon.health()["lastEventRevision"] as? Int)
        #expect(LiveDaemon.poll(seconds: 60) { watch.stdoutSoFar.contains("\"revision\":\(last),") })
        #expect(daemon.stop() == 0)
        let revisions = try watch.finish().stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["revision"] as? Int
        }
        // Every logged revision (the shutdown event's too), once each, in order.
        #expect(
            revisions == Array(1...(last + 1)),
            "first differences: \(zip(revisions, 1...).filter { $0 != $1 }.prefix(5).map { "\($0) for \($1)" })"
        )
    }

    @Test func aStalePlanIsVisibleInEveryClientView() throws {
        let folder = try Self.folder()
        let daemon = try LiveDaemon(folder: folder)
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        #expect(try daemon.client(["submit", "Plans/examples/eu-bank.yaml"]).status == 0)
        let watch = try CLI.start(["watch", "--socket", daemon.socket])
        #expect(LiveDaemon.poll(seconds: 30) { (try? daemon.health()["watchers"] as? Int) == 1 })
        // A catalog without gpt-realtime, which the bank's voice workload needs.
        var text = Self.catalog.replacingOccurrences(of: "version: \"2026-12-01\"", with: "version: \"2026-12-09\"")
        let start = try #require(text.range(of: "\n  gpt-realtime:\n"))
        let end = try #require(text.range(of: "\n  gpt-image-2:\n"))
        text.removeSubrange(start.lowerBound..<end.lowerBound)
        let path = folder.appendingPathComponent("no-realtime.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)

        let replaced = try daemon.client(["catalog", "replace", path])
        #expect(replaced.status == 0)
        #expect(replaced.stdout.contains("1 no longer valid (answers kept, marked stale): rheinbank-ai"), Comment(rawValue: replaced.stdout))
        let list = try daemon.client(["list"])
        #expect(list.stdout.split(separator: "\n").first?.hasSuffix("STATUS") == true)
        #expect(list.stdout.split(separator: "\n").last?.hasSuffix("stale") == true, Comment(rawValue: list.stdout))
        let table = try daemon.client(["recommendations", "rheinbank-ai"])
        #expect(
            table.stdout.hasPrefix("STALE: planned with catalog 2026-12-01; the plan does not validate against catalog 2026-12-09"),
            Comment(rawValue: table.stdout)
        )
        let replan = try daemon.client(["replan"])
        #expect(replan.stdout.hasPrefix("re-planned 1 plan(s), 0 changed, 1 invalid"), Comment(rawValue: replan.stdout))
        #expect(
            LiveDaemon.poll(seconds: 30) { watch.stdoutSoFar.contains("plan-invalid rheinbank-ai: does not validate against catalog 2026-12-09") }
        )
        // The catalog line names the capability of each offer that changed.
        let replacedLine = watch.stdoutSoFar.split(separator: "\n").first { $0.contains("catalog-replaced") } ?? ""
        #expect(replacedLine.contains("2026-12-01 -> 2026-12-09: gpt-realtime "), Comment(rawValue: String(replacedLine)))
        #expect(Self.metric(daemon, "headstart_plans_stale") == 1)
        #expect(daemon.stop() == 0)
        _ = try watch.finish()
    }
}

import Foundation
import Testing

/// One local user cannot starve the others: connections are capped per uid (from SO_PEERCRED),
/// and the daemon keeps serving when it runs out of descriptors. Clients run as throwaway users
/// through `setpriv`, as in ``LiveAccessTests``.
@Suite(.enabled(if: getuid() == 0, "holds connections as other users through setpriv: needs root"))
struct LiveFairnessTests {
    static func script(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "py"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Runs a helper script in the background, as `user` (nil: as root).
    static func python(_ name: String, as user: String?, _ arguments: [String]) throws -> CLI.Background {
        let code = try script(name)
        if let user {
            return try CLI.startExecutable(
                URL(fileURLWithPath: "/usr/bin/setpriv"),
                ["--reuid=\(user)", "--regid=\(user)", "--init-groups", "--", "/usr/bin/python3", "-c", code] + arguments
            )
        }
        return try CLI.startExecutable(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", code] + arguments)
    }

    static func seconds(_ run: CLI.Run) -> [Double?] {
        run.stdout.split(separator: "\n").map { Double($0) }
    }

    @Test func oneUserHoldingSlowConnectionsDoesNotStarveAnother() throws {
        try #require(LiveAccessTests.users, "could not create the test users")
        let daemon = try LiveDaemon(extra: ["--socket-group", "hs-team", "--header-timeout-seconds", "120", "--log-level", "warning"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        let stop = daemon.folder.appendingPathComponent("stop").path
        let alice = try Self.python("slow_clients", as: "hs-alice", [daemon.socket, "900", stop])
        #expect(LiveDaemon.poll(seconds: 60) { alice.stdoutSoFar.contains("holding") }, "the slow client did not report")
        // alice keeps her share, and no more.
        #expect(alice.stdoutSoFar.hasPrefix("holding 64 of 900"), Comment(rawValue: alice.stdoutSoFar))
        let bob = try Self.python("timed_requests", as: "hs-bob", [daemon.socket, "20"]).finish()
        let times = Self.seconds(bob)
        #expect(times.count == 20)
        #expect(times.allSatisfy { $0.map { $0 < 2 } ?? false }, "bob's requests (seconds): \(bob.stdout)")
        FileManager.default.createFile(atPath: stop, contents: nil)
        _ = try alice.finish()
        #expect(daemon.stop() == 0)
    }

    @Test func rootIsExemptAndStillServed() throws {
        let daemon = try LiveDaemon(extra: ["--header-timeout-seconds", "120", "--log-level", "warning"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        let stop = daemon.folder.appendingPathComponent("stop").path
        let held = try Self.python("slow_clients", as: nil, [daemon.socket, "300", stop])
        #expect(LiveDaemon.poll(seconds: 60) { held.stdoutSoFar.contains("holding") })
        #expect(held.stdoutSoFar.hasPrefix("holding 300 of 300"), Comment(rawValue: held.stdoutSoFar))
        let fresh = try Self.python("timed_requests", as: nil, [daemon.socket, "20"]).finish()
        #expect(Self.seconds(fresh).allSatisfy { $0.map { $0 < 2 } ?? false }, "root's requests (seconds): \(fresh.stdout)")
        FileManager.default.createFile(atPath: stop, contents: nil)
        _ = try held.finish()
        #expect(daemon.stop() == 0)
    }

    @Test func theDescriptorLimitIsRaisedToTheHardLimit() throws {
        let hard = try CLI.runExecutable(URL(fileURLWithPath: "/bin/sh"), ["-c", "ulimit -H -n"]).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines
        )
        let daemon = try LiveDaemon(shell: "ulimit -S -n 256;")
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        #expect(daemon.logText.contains("limit=\(hard)"), Comment(rawValue: daemon.logText))
        #expect(daemon.stop() == 0)
    }

    @Test func outOfDescriptorsItServesWhatItHasAndRecovers() throws {
        // Soft and hard limit both 128: the daemon cannot raise it, and says so.
        let daemon = try LiveDaemon(extra: ["--header-timeout-seconds", "120"], shell: "ulimit -n 128;")
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        #expect(daemon.logText.contains("descriptor limit below the connection cap"))
        let kept = try #require(RawHTTP(socket: daemon.socket))
        var buffer = [UInt8](repeating: 0, count: 65_536)
        #expect(kept.roundTrip("GET", "/healthz", buffer: &buffer) == 200)
        // More connections than descriptors: accept fails with EMFILE for the rest.
        let stop = daemon.folder.appendingPathComponent("stop").path
        let flood = try Self.python("slow_clients", as: nil, [daemon.socket, "300", stop])
        #expect(LiveDaemon.poll(seconds: 60) { flood.stdoutSoFar.contains("holding") })
        // The connection it already had is still served.
        #expect(kept.roundTrip("GET", "/healthz", buffer: &buffer) == 200)
        FileManager.default.createFile(atPath: stop, contents: nil)
        _ = try flood.finish()
        kept.close()
        // Descriptors free again: new connections are accepted.
        #expect(LiveDaemon.poll(seconds: 30) { RawHTTP.request(daemon.socket, "GET", "/healthz").status == 200 })
        #expect(daemon.stop() == 0)
    }

    @Test func eventStreamsAreCappedPerUser() throws {
        try #require(LiveAccessTests.users, "could not create the test users")
        let daemon = try LiveDaemon(extra: ["--socket-group", "hs-team", "--max-watchers-per-uid", "1"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        guard let binary = CLI.binary else { throw CLI.MissingBinary() }
        let setpriv = URL(fileURLWithPath: "/usr/bin/setpriv")
        let asAlice = ["--reuid=hs-alice", "--regid=hs-alice", "--init-groups", "--", binary.path, "watch", "--socket", daemon.socket]
        let first = try CLI.startExecutable(setpriv, asAlice)
        #expect(LiveDaemon.poll(seconds: 30) { (try? daemon.health()["watchers"] as? Int) == 1 })
        let second = try CLI.runExecutable(setpriv, asAlice)
        #expect(second.status == 1)
        #expect(second.stderr.contains("event streams") && second.stderr.contains("HTTP 429"), Comment(rawValue: second.stderr))
        // Another user, and root, still get theirs.
        let bob = try CLI.startExecutable(
            setpriv,
            ["--reuid=hs-bob", "--regid=hs-bob", "--init-groups", "--", binary.path, "watch", "--socket", daemon.socket]
        )
        #expect(LiveDaemon.poll(seconds: 30) { (try? daemon.health()["watchers"] as? Int) == 2 })
        #expect(daemon.stop() == 0)
        #expect(try first.finish().status == 0)
        #expect(try bob.finish().status == 0)
    }

    /// A watcher slot is given back on every way a stream can end, a close before the answer
    /// begins included: 200 streams opened and closed at once leave the uid its 20 slots (it had 0 left).
    @Test func streamsClosedAtOnceGiveTheirSlotsBack() throws {
        try #require(LiveAccessTests.users, "could not create the test users")
        let daemon = try LiveDaemon(extra: ["--socket-group", "hs-team", "--max-watchers-per-uid", "20"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        guard let binary = CLI.binary else { throw CLI.MissingBinary() }
        let setpriv = URL(fileURLWithPath: "/usr/bin/setpriv")
        let code = """
            import socket, sys
            for _ in range(200):
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(sys.argv[1])
                s.sendall(b"GET /v1/events HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n")
                s.close()
            print("closed 200")
            """
        let opened = try CLI.runExecutable(
            setpriv,
            [
                "--reuid=hs-alice", "--regid=hs-alice", "--init-groups", "--", "/usr/bin/python3", "-c", code,
                daemon.socket,
            ]
        )
        #expect(opened.stdout.contains("closed 200"), Comment(rawValue: opened.stderr))
        // The daemon may still be serving the last of them: wait until only this check's own connection is open.
        #expect(LiveDaemon.poll(seconds: 30) { (try? daemon.health()["connections"] as? Int) == 1 }, Comment(rawValue: daemon.logText))
        // Every slot comes back once its connection's close is seen: then 20 streams of alice's are admitted.
        let asAlice = ["--reuid=hs-alice", "--regid=hs-alice", "--init-groups", "--", binary.path, "watch", "--socket", daemon.socket]
        var watchers: [CLI.Background] = []
        for _ in 0..<20 { watchers.append(try CLI.startExecutable(setpriv, asAlice)) }
        #expect(LiveDaemon.poll(seconds: 30) { (try? daemon.health()["watchers"] as? Int) == 20 }, Comment(rawValue: daemon.logText))
        let refused = try CLI.runExecutable(setpriv, asAlice)
        #expect(refused.status == 1 && refused.stderr.contains("HTTP 429"), Comment(rawValue: refused.stderr))
        #expect(daemon.stop() == 0)
        for w in watchers { #expect(try w.finish().status == 0) }
    }
}

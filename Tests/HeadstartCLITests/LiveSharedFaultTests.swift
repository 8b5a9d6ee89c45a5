import Foundation
import Synchronization
import TestSupport
import Testing

/// Real daemons on a shared store whose database drops their connections: a follower that lost
/// its connection still takes over, a restart of the database leaves one leader, a dropped lock
/// never makes two leaders nor a tick re-planned twice, and a daemon that fell behind a pruned
/// log tells its watchers to resync. Each on a throwaway cluster of its own where it restarts it.
@Suite(.serialized) struct LiveSharedFaultTests {
    static func url(_ cluster: PostgresCluster, _ database: String) -> String {
        "postgres://\(cluster.user)@/\(database)?host=\(cluster.socketDirectory)"
    }

    static func start(_ url: String, _ i: Int, _ extra: [String] = []) throws -> LiveDaemon {
        try LiveDaemon(extra: ["--store", url, "--host-name", "host-\(i)", "--log-level", "notice"] + extra)
    }

    /// `count` daemons on the store at `url`, each answering, one of them leading.
    static func startLed(_ count: Int, on url: String) throws -> [LiveDaemon] {
        let daemons = try (0..<count).map { try start(url, $0) }
        for d in daemons { try #require(d.waitUntilReady(), Comment(rawValue: d.logText)) }
        #expect(LiveDaemon.poll(seconds: 10) { LiveSharedStoreTests.leaders(daemons).count == 1 })
        return daemons
    }

    /// Ends the sessions of `database` whose last query matches `pattern`; how many.
    static func terminate(_ cluster: PostgresCluster, _ database: String, querying pattern: String) throws -> Int {
        Int(
            try cluster.psql(
                """
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = '\(database)' AND pid <> pg_backend_pid() AND query LIKE '\(pattern)'
                """
            )
        ) ?? 0
    }

    /// A SIGTERM ends the daemon within the documented 10 s; its exit status and how long it took.
    static func stopTimed(_ daemon: LiveDaemon) -> (Int32, TimeInterval) {
        let start = Date()
        kill(daemon.process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(15)
        while daemon.process.isRunning, Date() < deadline { usleep(20_000) }
        let took = Date().timeIntervalSince(start)
        if daemon.process.isRunning { return (-1, took) }
        return (daemon.stop(), took)
    }

    @Test func aFollowerWhoseSessionWasEndedTakesOverWhenTheLeaderDies() throws {
        let cluster = try PostgresCluster.shared()
        let database = try cluster.freshDatabase()
        let url = Self.url(cluster, database)
        let daemons = try Self.startLed(2, on: url)
        let leader = try #require(LiveSharedStoreTests.leaders(daemons).first)
        let follower = 1 - leader
        // The follower's session, whose last query is its try for the lock.
        var ended = 0
        for _ in 0..<100 where ended == 0 {
            ended = try Self.terminate(cluster, database, querying: "SELECT pg_try_advisory_lock%")
            usleep(50_000)
        }
        #expect(ended == 1)
        #expect(
            LiveDaemon.poll(seconds: 10) { daemons[follower].logText.contains("the leader election connection failed") },
            Comment(rawValue: daemons[follower].logText)
        )
        daemons[leader].stop(SIGKILL)
        let killed = Date()
        #expect(LiveDaemon.poll(seconds: 10) { LiveSharedStoreTests.leaders(daemons) == [follower] }, Comment(rawValue: daemons[follower].logText))
        print(String(format: "a follower whose session was ended led %.2f s after the leader died", Date().timeIntervalSince(killed)))
        let (status, took) = Self.stopTimed(daemons[follower])
        #expect(status == 0 && took < 10, "exit \(status) after \(took) s")
    }

    @Test func aRestartOfTheDatabaseLeavesOneLeaderAndADaemonThatStops() throws {
        let cluster = try PostgresCluster()
        defer { cluster.stop() }
        let database = try cluster.freshDatabase()
        let url = Self.url(cluster, database)
        let daemons = try Self.startLed(2, on: url)
        try cluster.restart()
        let restarted = Date()
        // Once the daemons have noticed, exactly one leads again; then the leader dies and the other takes over.
        #expect(
            LiveDaemon.poll(seconds: 15) {
                daemons.allSatisfy { $0.logText.contains("failed; reconnecting") } && LiveSharedStoreTests.leaders(daemons).count == 1
            },
            Comment(rawValue: daemons.map(\.logText).joined(separator: "\n---\n"))
        )
        print(String(format: "one leader %.2f s after the database restarted", Date().timeIntervalSince(restarted)))
        let leader = try #require(LiveSharedStoreTests.leaders(daemons).first)
        daemons[leader].stop(SIGKILL)
        #expect(LiveDaemon.poll(seconds: 10) { LiveSharedStoreTests.leaders(daemons) == [1 - leader] })
        // A plan stored after the restart: the pool's connections were replaced too.
        #expect(RawHTTP.request(daemons[1 - leader].socket, "PUT", "/v1/plans/after", body: LiveSharedStoreTests.plan("after")).status == 201)
        let (status, took) = Self.stopTimed(daemons[1 - leader])
        #expect(status == 0 && took < 10, "exit \(status) after \(took) s")
    }

    @Test func aDroppedLockNeverMakesTwoLeadersNorATickTwice() throws {
        let cluster = try PostgresCluster.shared()
        let database = try cluster.freshDatabase()
        let url = Self.url(cluster, database)
        let daemons = try Self.startLed(2, on: url)
        // Plans re-planned every second: a doubled tick would show as two re-plans in one second.
        for i in 0..<5 {
            #expect(
                RawHTTP.request(daemons[i % 2].socket, "PUT", "/v1/plans/t\(i)", body: LiveSharedStoreTests.plan("t\(i)", schedule: "* * * * * *"))
                    .status == 201
            )
        }
        let holder = """
            SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objid = \(UInt32(truncatingIfNeeded: Int64(7_236_510_373))) AND s.datname = '\(database)'
            """
        var samples: [[Int]] = []
        for round in 0..<3 {
            sleep(2)
            #expect(try cluster.psql(holder) == "1", "round \(round)")
            // Sample both daemons every 0.2 s for 6 s.
            for _ in 0..<30 {
                samples.append(LiveSharedStoreTests.leaders(daemons))
                usleep(200_000)
            }
            #expect(samples.suffix(10).allSatisfy { $0.count == 1 }, "round \(round): no leader again: \(samples.suffix(10))")
        }
        let doubled = samples.filter { $0.count > 1 }
        print("leaders sampled every 0.2 s over 3 dropped locks: \(samples.count) samples, \(doubled.count) with two leaders")
        #expect(doubled.isEmpty)
        let replans = LiveSharedStoreTests.events(daemons[0].socket).filter { $0["type"] as? String == "replanned" }
        // Each re-plan says which instant it was due for: under load a slow tick's follow-up, or a
        // catch-up and the next tick, share a second, so the commit time cannot tell ticks apart.
        var seen: [String: Int] = [:]
        for event in replans {
            guard let plan = event["plan"] as? String, let due = (event["payload"] as? [String: Any])?["due"] as? String ?? event["due"] as? String
            else { continue }
            seen["\(plan)@\(due)", default: 0] += 1
        }
        #expect(seen.values.reduce(0, +) == replans.count, "every scheduled re-plan says when it was due")
        let twice = seen.filter { $0.value > 1 }.keys.sorted()
        print("scheduled re-plans: \(replans.count), ticks re-planned twice: \(twice.count)")
        #expect(replans.count > 20)
        #expect(twice.isEmpty, "\(twice)")
        for d in daemons { #expect(d.stop() == 0, Comment(rawValue: d.logText)) }
    }

    @Test func aDaemonThatFellBehindAPrunedLogTellsItsWatchersToResync() throws {
        let cluster = try PostgresCluster.shared()
        let database = try cluster.freshDatabase()
        let url = Self.url(cluster, database)
        let a = try Self.start(url, 0, ["--events-kept", "20"])
        let b = try Self.start(url, 1, ["--events-kept", "20"])
        for d in [a, b] { try #require(d.waitUntilReady(), Comment(rawValue: d.logText)) }
        for i in 0..<3 { #expect(RawHTTP.request(a.socket, "PUT", "/v1/plans/p\(i)", body: LiveSharedStoreTests.plan("p\(i)")).status == 201) }
        let before = try #require(try a.health()["lastEventRevision"] as? Int)
        let watcher = try CLI.start(["watch", "--since", "0", "--format", "json", "--socket", b.socket])
        defer { _ = try? watcher.finish() }
        #expect(LiveDaemon.poll(seconds: 10) { (LiveSharedStoreTests.revisions(watcher.stdoutSoFar).last ?? 0) >= before })
        // B is paused while A writes 30 events and more: when it resumes, the next ones are gone from the log.
        kill(b.process.processIdentifier, SIGSTOP)
        for i in 3..<18 { #expect(RawHTTP.request(a.socket, "PUT", "/v1/plans/p\(i)", body: LiveSharedStoreTests.plan("p\(i)")).status == 201) }
        let newest = try #require(try a.health()["lastEventRevision"] as? Int)
        #expect(newest - before >= 30)
        kill(b.process.processIdentifier, SIGCONT)
        #expect(
            LiveDaemon.poll(seconds: 20) { (LiveSharedStoreTests.revisions(watcher.stdoutSoFar).last ?? 0) >= newest },
            Comment(rawValue: watcher.stdoutSoFar)
        )
        let lines = watcher.stdoutSoFar.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let resync = lines.first { $0["type"] as? String == "resync" }
        #expect(resync?["reason"] as? String == "pruned", "\(lines.map { $0["type"] ?? "?" })")
        #expect(resync?["resumeFrom"] as? Int == newest - 20)
        #expect(LiveSharedStoreTests.revisions(watcher.stdoutSoFar) == Array(1...before) + Array((newest - 19)...newest))
        for d in [a, b] { #expect(d.stop() == 0, Comment(rawValue: d.logText)) }
    }
}

extension LiveSharedFaultTests {
    /// The server's processes (the postmaster and its children), for freezing it as a partition
    /// would: connections stay open and nothing answers, no error and no close.
    static func serverProcesses(_ cluster: PostgresCluster) -> [pid_t] {
        guard let text = try? String(contentsOfFile: cluster.folder + "/data/postmaster.pid", encoding: .utf8),
            let first = text.split(separator: "\n").first, let postmaster = pid_t(first)
        else { return [] }
        let children = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && pid_t(fields[1]) == postmaster ? pid : nil
        }
        return [postmaster] + children
    }

    /// A database that stops answering for 8 s (a partition, as SIGSTOP makes it): the leader steps
    /// down within its 3 s check, one daemon leads again soon after it answers, and a SIGTERM
    /// during the freeze still stops a daemon within 10 s.
    @Test func aDatabaseThatStopsAnsweringLeavesNoStuckDaemon() throws {
        let cluster = try PostgresCluster()
        defer { cluster.stop() }
        let database = try cluster.freshDatabase()
        let url = Self.url(cluster, database)
        let daemons = try Self.startLed(3, on: url)
        let leader = try #require(LiveSharedStoreTests.leaders(daemons).first)
        let processes = Self.serverProcesses(cluster)
        try #require(processes.count > 3, "the server's processes: \(processes)")
        for pid in processes { kill(pid, SIGSTOP) }
        let frozen = Date()
        // Asked nothing can answer, the leader steps down within its check (3 s): read from its log,
        // as /healthz itself waits on the database.
        #expect(LiveDaemon.poll(seconds: 6) { daemons[leader].logText.contains("no longer leading") }, Comment(rawValue: daemons[leader].logText))
        print(String(format: "the leader stepped down %.2f s after the database stopped answering", Date().timeIntervalSince(frozen)))
        let (status, took) = Self.stopTimed(daemons[2])
        #expect(status == 0 && took < 10, "exit \(status) after \(took) s with the database frozen")
        while Date().timeIntervalSince(frozen) < 8 { usleep(100_000) }
        for pid in processes { kill(pid, SIGCONT) }
        let thawed = Date()
        #expect(
            LiveDaemon.poll(seconds: 20) { LiveSharedStoreTests.leaders(Array(daemons.prefix(2))).count == 1 },
            Comment(rawValue: daemons.prefix(2).map(\.logText).joined(separator: "\n---\n"))
        )
        print(String(format: "one leader %.2f s after the database answered again", Date().timeIntervalSince(thawed)))
        #expect(RawHTTP.request(daemons[0].socket, "PUT", "/v1/plans/after", body: LiveSharedStoreTests.plan("after")).status == 201)
        for d in daemons.prefix(2) {
            let (status, took) = Self.stopTimed(d)
            #expect(status == 0 && took < 10, "exit \(status) after \(took) s")
        }
    }
}

import Foundation
import Synchronization
import TestSupport
import Testing

/// Three daemons, three sockets, one PostgreSQL database: one leader that fails over, one
/// re-plan per scheduled tick, concurrent submits with a gapless log, every event to every
/// watcher once and in order, and a restarted daemon that replays what it missed.
@Suite struct LiveSharedStoreTests {
    static func plan(_ name: String, schedule: String? = nil) -> Data {
        Data(
            """
            apiVersion: headstart/v1
            kind: WorkloadPlan
            name: \(name)
            horizon: 2030-12-31
            \(schedule.map { "schedule: \"\($0)\"" } ?? "")
            workloads:
              - { name: assistant, needs: [gpt-5.5] }
            """.utf8
        )
    }

    /// The JSON objects of a watcher's output, event lines only (the farewell has no revision).
    static func revisions(_ output: String) -> [Int] {
        output.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["revision"] as? Int
        }
    }

    /// The whole event log through `socket`: the stream is read until the newest revision the
    /// daemon reports has arrived.
    static func events(_ socket: String) -> [[String: Any]] {
        let health = RawHTTP.request(socket, "GET", "/healthz").body
        guard let newest = (try? JSONSerialization.jsonObject(with: health) as? [String: Any])?["lastEventRevision"] as? Int, newest > 0,
            let connection = RawHTTP(socket: socket)
        else { return [] }
        defer { connection.close() }
        guard connection.send(Data("GET /v1/events?since=0 HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8)) else { return [] }
        var received = Data()
        let end = Data("\"revision\":\(newest),".utf8)
        let deadline = Date().addingTimeInterval(30)
        while received.range(of: end) == nil, Date() < deadline {
            received.append(connection.receive(seconds: 0.05))
        }
        // Split as bytes (in a Swift string "\r\n" is one character): chunk-size lines are not JSON and drop out.
        return received.split(separator: UInt8(ascii: "\n")).compactMap {
            try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]
        }
    }

    static func leaders(_ daemons: [LiveDaemon]) -> [Int] {
        daemons.indices.filter { daemons[$0].process.isRunning && (try? daemons[$0].health())?["leader"] as? Bool == true }
    }

    @Test func threeDaemonsShareOneStore() throws {
        let cluster = try PostgresCluster.shared()
        let database = try cluster.freshDatabase()
        let url = "postgres://\(cluster.user)@/\(database)?host=\(cluster.socketDirectory)"
        func start(_ i: Int, folder: URL? = nil) throws -> LiveDaemon {
            try LiveDaemon(folder: folder, extra: ["--store", url, "--host-name", "host-\(i)", "--log-level", "notice"])
        }
        var daemons = try (0..<3).map { try start($0) }
        for d in daemons { try #require(d.waitUntilReady(), Comment(rawValue: d.logText)) }

        // One leader, and only one.
        #expect(LiveDaemon.poll(seconds: 10) { Self.leaders(daemons).count == 1 })
        let leader = Self.leaders(daemons)
        try #require(leader.count == 1, "leaders: \(leader)")

        // A watcher on every daemon from the start of the log.
        let watchers = try daemons.map { try CLI.start(["watch", "--since", "0", "--format", "json", "--socket", $0.socket]) }

        // 3 x 50 concurrent submits, 50 through each socket.
        let statuses = Mutex<[Int?]>([])
        let done = DispatchGroup()
        for i in 0..<150 {
            done.enter()
            let socket = daemons[i % 3].socket
            Thread {
                let reply = RawHTTP.request(socket, "PUT", "/v1/plans/p\(i)", body: Self.plan("p\(i)"))
                statuses.withLock { $0.append(reply.status) }
                done.leave()
            }.start()
        }
        done.wait()
        #expect(statuses.withLock { $0 }.allSatisfy { $0 == 201 }, "\(statuses.withLock { $0 })")
        for d in daemons {
            let listed = try d.client(["list", "--format", "json"])
            #expect(listed.stdout.components(separatedBy: "\"name\"").count - 1 == 150, Comment(rawValue: listed.stderr))
        }
        // The log: gapless, increasing, the same through every socket.
        let log = Self.events(daemons[0].socket).compactMap { $0["revision"] as? Int }
        #expect(log == Array(1..<(log.count + 1)) && log.count >= 300, "\(log.count) events")
        for d in daemons.dropFirst() { #expect(Self.events(d.socket).compactMap { $0["revision"] as? Int } == log) }

        // A seconds-level schedule: one re-plan per tick across the three daemons.
        let tickStart = Date()
        #expect(RawHTTP.request(daemons[0].socket, "PUT", "/v1/plans/ticking", body: Self.plan("ticking", schedule: "*/2 * * * * *")).status == 201)
        // A tick is the instant a re-plan was due for: two re-plans may commit in one second for
        // two instants (a catch-up and the next tick), never twice for one.
        func tickSlots() -> [Int] {
            Self.events(daemons[1].socket).filter { $0["plan"] as? String == "ticking" && $0["type"] as? String == "replanned" }
                .compactMap { ($0["due"] as? String).flatMap { try? Date($0, strategy: .iso8601) } }
                .filter { $0 > tickStart }.map { Int($0.timeIntervalSince1970) / 2 }
        }
        // Ten ticks is 20 s of the schedule.
        #expect(LiveDaemon.poll(seconds: 40) { tickSlots().count >= 10 })
        let slots = tickSlots()
        let span = Double((slots.last ?? 0) - (slots.first ?? 0)) * 2
        print("scheduled re-plans: \(slots.count) over \(span) s, in \(Set(slots).count) distinct two-second ticks")
        #expect(slots.count >= 10)
        #expect(Set(slots).count == slots.count, "a tick re-planned more than once: \(slots)")

        // Every watcher has every event so far, once, in order.
        let last = Self.events(daemons[2].socket).compactMap { $0["revision"] as? Int }.last ?? 0
        for w in watchers {
            #expect(LiveDaemon.poll(seconds: 10) { (Self.revisions(w.stdoutSoFar).last ?? 0) >= last })
            let seen = Self.revisions(w.stdoutSoFar)
            #expect(seen == Array(1..<(seen.count + 1)) && seen.count >= last, "\(seen.count) of \(last)")
        }

        // kill -9 the leader: another leads within 10 s.
        let old = leader[0]
        let killedAt = Date()
        daemons[old].stop(SIGKILL)
        #expect(LiveDaemon.poll(seconds: 10) { Self.leaders(daemons).count == 1 })
        let took = Date().timeIntervalSince(killedAt)
        print(String(format: "leader failover: %.2f s", took))
        #expect(took <= 10)
        let survivors = daemons.indices.filter { $0 != old }
        // The new leader keeps the schedule.
        let before = Self.events(daemons[survivors[0]].socket).count
        #expect(
            LiveDaemon.poll(seconds: 10) {
                Self.events(daemons[survivors[0]].socket).dropFirst(before).contains {
                    $0["plan"] as? String == "ticking" && $0["type"] as? String == "replanned"
                }
            }
        )

        // Restart the killed daemon: a replay from where its watcher stopped misses nothing.
        let lastSeen = Self.revisions(watchers[old].stdoutSoFar).last ?? 0
        #expect(RawHTTP.request(daemons[survivors[1]].socket, "DELETE", "/v1/plans/p1").status == 204)
        daemons[old] = try start(old, folder: daemons[old].folder)
        try #require(daemons[old].waitUntilReady(), Comment(rawValue: daemons[old].logText))
        let replay = Self.events(daemons[old].socket).compactMap { $0["revision"] as? Int }.filter { $0 > lastSeen }
        let full = Self.events(daemons[survivors[0]].socket).compactMap { $0["revision"] as? Int }
        // The schedule keeps appending between the two reads: compare up to the older read's end.
        let upTo = min(replay.last ?? 0, full.last ?? 0)
        #expect(
            replay.filter { $0 <= upTo } == full.filter { $0 > lastSeen && $0 <= upTo } && !replay.isEmpty && upTo > lastSeen,
            "\(replay.prefix(5))… vs \(full.suffix(5))"
        )

        for d in daemons { #expect(d.stop() == 0, Comment(rawValue: d.logText)) }
        for (i, w) in watchers.enumerated() {
            let out = try w.finish()
            let seen = Self.revisions(out.stdout)
            #expect(seen == Array(1..<(seen.count + 1)), "watcher \(i): \(seen.count) events, not 1...n")
            if i != old { #expect(seen.count >= full.count, "watcher \(i) saw \(seen.count) of \(full.count)") }
        }
    }
}

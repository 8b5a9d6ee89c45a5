import Foundation
import GRDB
import Synchronization
import Testing

/// Limits, crashes and bad state on a live daemon.
@Suite struct LiveHardeningTests {
    @Test func slowAndOversizedClientsAreCutOffAndOthersServed() throws {
        let daemon = try LiveDaemon(extra: ["--header-timeout-seconds", "1", "--max-header-bytes", "4096", "--max-connections", "3"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        // A client trickling its request a byte at a time is closed once the head timeout passes.
        let slow = try #require(RawHTTP(socket: daemon.socket))
        let request = Array("GET /healthz HTTP/1.1\r\nHost: x\r\n".utf8)
        var sent = 0
        var cut = false
        for byte in request {
            guard slow.send(Data([byte])) else {
                cut = true
                break
            }
            sent += 1
            if slow.receive(seconds: 0.25).isEmpty == false || !LiveDaemon.socketOpen(slow.fd) {
                cut = true
                break
            }
        }
        #expect(cut, "the daemon kept a connection that never finished its request head")
        #expect(sent < request.count)
        slow.close()
        // A request line or header block past the limit is refused.
        let big = RawHTTP.request(daemon.socket, "GET", "/healthz?" + String(repeating: "a", count: 8_000))
        #expect(big.status == 431)
        #expect(String(decoding: big.body, as: UTF8.self).contains("urn:headstart:problem:headers-too-large"))
        // Meanwhile the daemon answers everyone else.
        #expect(RawHTTP.request(daemon.socket, "GET", "/healthz").status == 200)
        #expect(daemon.stop() == 0)
    }

    @Test func connectionsAreCapped() throws {
        // A long idle timeout: nothing but the cap decides who is served here.
        let daemon = try LiveDaemon(extra: [
            "--max-connections", "2", "--header-timeout-seconds", "60",
            "--max-headers", "5", "--max-body-bytes", "1000",
        ])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        // Two connections hold the only places; a third is accepted only when one goes.
        let a = try #require(RawHTTP(socket: daemon.socket))
        let b = try #require(RawHTTP(socket: daemon.socket))
        var buffer = [UInt8](repeating: 0, count: 65_536)
        #expect(a.roundTrip("GET", "/healthz", buffer: &buffer) == 200)
        #expect(b.roundTrip("GET", "/healthz", buffer: &buffer) == 200)
        let c = try #require(RawHTTP(socket: daemon.socket))
        #expect(c.send(Data("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8)))
        // A barrier rather than a time window: once the daemon has answered b again, it has
        // seen c's connection too, and c must still have nothing.
        #expect(b.roundTrip("GET", "/healthz", buffer: &buffer) == 200)
        #expect(c.pending().isEmpty, "a third connection was served while two were open")
        a.close()
        #expect(c.roundTripResponse(buffer: &buffer) == 200)
        b.close()
        c.close()
        // Too many header fields, or a body over the limit, are refused.
        let fields = (0..<10).map { "X-\($0): y\r\n" }.joined()
        let many = try #require(RawHTTP(socket: daemon.socket))
        #expect(many.send(Data("GET /healthz HTTP/1.1\r\nHost: x\r\n\(fields)\r\n".utf8)))
        #expect(String(decoding: many.receive(seconds: 10).prefix(12), as: UTF8.self) == "HTTP/1.1 431")
        many.close()
        #expect(RawHTTP.request(daemon.socket, "PUT", "/v1/plans/x", body: Data(repeating: 0x23, count: 5_000)).status == 413)
        #expect(RawHTTP.request(daemon.socket, "GET", "/healthz").status == 200)
        #expect(daemon.stop() == 0)
    }

    @Test func idleConnectionsAreClosed() throws {
        let daemon = try LiveDaemon(extra: ["--idle-timeout-seconds", "1", "--header-timeout-seconds", "60"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        let idle = try #require(RawHTTP(socket: daemon.socket))
        var buffer = [UInt8](repeating: 0, count: 65_536)
        #expect(idle.roundTrip("GET", "/healthz", buffer: &buffer) == 200)
        // Only that it is closed at some point is asserted, not when.
        #expect(LiveDaemon.poll(seconds: 60) { !LiveDaemon.socketOpen(idle.fd) })
        idle.close()
        #expect(daemon.stop() == 0)
    }

    @Test func storeAndDocumentLimitsHoldOnALiveDaemon() throws {
        let daemon = try LiveDaemon(extra: [
            "--max-plans", "2", "--revisions-kept", "2", "--events-kept", "4", "--yaml-max-depth", "8",
            "--yaml-max-aliases", "5", "--yaml-max-scalar-bytes", "200",
        ])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        func plan(_ name: String, _ extra: String = "") -> Data {
            Data(
                "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: \(name)\nhorizon: 2028-12-31\n\(extra)workloads:\n  - { name: w, needs: [codex] }\n"
                    .utf8
            )
        }
        for (body, code) in [
            (plan("p", "owner: " + String(repeating: "[", count: 20) + String(repeating: "]", count: 20) + "\n"), "yaml-too-deep"),
            (plan("p", "owner: " + String(repeating: "o", count: 500) + "\n"), "yaml-scalar-too-long"),
            (Data(("a: &a x\nb: [" + Array(repeating: "*a", count: 9).joined(separator: ",") + "]\n").utf8), "yaml-too-many-aliases"),
        ] {
            let reply = RawHTTP.request(daemon.socket, "PUT", "/v1/plans/p", body: body)
            #expect(reply.status == 422 && String(decoding: reply.body, as: UTF8.self).contains("\"\(code)\""), "\(code)")
        }
        #expect(RawHTTP.request(daemon.socket, "PUT", "/v1/plans/one", body: plan("one")).status == 201)
        #expect(RawHTTP.request(daemon.socket, "PUT", "/v1/plans/two", body: plan("two")).status == 201)
        #expect(RawHTTP.request(daemon.socket, "PUT", "/v1/plans/three", body: plan("three")).status == 507)
        for version in 2...4 {
            #expect(RawHTTP.request(daemon.socket, "PUT", "/v1/plans/one", body: plan("one", "# v\(version)\n")).status == 200)
        }
        #expect(RawHTTP.request(daemon.socket, "GET", "/v1/plans/one?revision=1").status == 404)
        #expect(RawHTTP.request(daemon.socket, "GET", "/v1/plans/one?revision=4").status == 200)
        // The log keeps four events; a watcher from the start is told it missed some.
        let watch = try CLI.start(["watch", "--since", "0", "--format", "json", "--socket", daemon.socket])
        #expect(LiveDaemon.poll(seconds: 30) { watch.stdoutSoFar.contains("\"resync\"") })
        #expect(daemon.stop() == 0)
        let first = try watch.finish().stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.contains("\"reason\":\"pruned\""))
    }

    @Test func killedMidBurstItLosesNoAcknowledgedSubmit() throws {
        let first = try LiveDaemon()
        try #require(first.waitUntilReady(), Comment(rawValue: first.logText))
        var daemon = first
        struct Ack: Sendable { var plan: String, revision: Int, body: String }
        let acknowledged = Mutex<[Ack]>([])
        for round in 0..<3 {
            let writers = 4
            let group = DispatchGroup()
            let socket = daemon.socket
            for writer in 0..<writers {
                DispatchQueue.global().async(group: group) {
                    for i in 0..<40 {
                        let name = "crash-\(writer)"
                        let body = """
                            apiVersion: headstart/v1
                            kind: WorkloadPlan
                            name: \(name)
                            horizon: 2028-12-31
                            workloads:
                              - { name: w\(round)-\(i), needs: [codex] }

                            """
                        let reply = RawHTTP.request(socket, "PUT", "/v1/plans/\(name)", body: Data(body.utf8))
                        guard let status = reply.status else { return }
                        if status == 200 || status == 201,
                            let object = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any],
                            let revision = object["revision"] as? Int
                        {
                            acknowledged.withLock { $0.append(Ack(plan: name, revision: revision, body: body)) }
                        }
                    }
                }
            }
            // Kill it while the writers are busy.
            _ = LiveDaemon.poll(seconds: 30) { acknowledged.withLock { $0.count } >= (round + 1) * 20 }
            daemon.stop(SIGKILL)
            group.wait()
            daemon = try LiveDaemon(folder: first.folder, socket: first.socket, stateDirectory: first.stateDirectory)
            try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
            for ack in acknowledged.withLock({ $0 }) {
                let stored = RawHTTP.request(daemon.socket, "GET", "/v1/plans/\(ack.plan)?revision=\(ack.revision)")
                let yaml = (try? JSONSerialization.jsonObject(with: stored.body) as? [String: Any])?["yaml"] as? String
                #expect(stored.status == 200 && yaml == ack.body, "acknowledged \(ack.plan) revision \(ack.revision) is missing after kill -9")
            }
        }
        let total = acknowledged.withLock { $0.count }
        print("crash test: \(total) acknowledged submits over 3 kill -9 rounds, each checked after restart")
        #expect(total >= 60)
        #expect(daemon.stop() == 0)
    }

    @Test func aWatcherThatStopsReadingIsCutOffWithAResync() throws {
        let daemon = try LiveDaemon(extra: ["--watch-buffer", "10", "--log-level", "warning"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        // A watcher that connects and then reads nothing.
        let watcher = try #require(RawHTTP(socket: daemon.socket))
        #expect(watcher.send(Data("GET /v1/events HTTP/1.1\r\nHost: x\r\n\r\n".utf8)))
        #expect(LiveDaemon.poll(seconds: 30) { (try? daemon.health()["watchers"] as? Int) == 1 })
        // Enough events to fill the socket's buffers and then the watcher's own.
        let writer = try #require(RawHTTP(socket: daemon.socket))
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var cut = false
        for i in 0..<6_000 {
            let body =
                "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: churn\nhorizon: 2028-12-31\nworkloads:\n  - { name: w\(i), needs: [codex] }\n"
            guard writer.send(Data("PUT /v1/plans/churn HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)),
                writer.roundTripResponse(buffer: &buffer) != nil
            else { break }
            if i % 200 == 0, (try? daemon.health()["watchers"] as? Int) == 0 {
                cut = true
                break
            }
        }
        writer.close()
        #expect(cut, "the watcher was never cut off")
        // Reading now, it gets what was buffered, then a resync line, then the end of the stream.
        var received = Data()
        _ = LiveDaemon.poll(seconds: 30) {
            received.append(watcher.receive(seconds: 0.2))
            return String(decoding: received, as: UTF8.self).contains("\"type\":\"resync\"")
        }
        let text = String(decoding: received, as: UTF8.self)
        let resync = text.split(separator: "\n").last { $0.contains("\"type\":\"resync\"") }
        #expect(resync?.contains("\"reason\":\"slow-consumer\"") == true)
        #expect(resync?.contains("\"resumeFrom\":") == true)
        watcher.close()
        #expect(daemon.stop() == 0)
    }

    @Test func killedMidReplanItKeepsWholeAnswers() throws {
        let first = try LiveDaemon(extra: ["--replan-schedule", "* * * * * *", "--log-level", "info"])
        try #require(first.waitUntilReady(), Comment(rawValue: first.logText))
        let plans = (0..<30).map { "replan-\($0)" }
        for name in plans {
            let body =
                "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: \(name)\nhorizon: 2028-12-31\nworkloads:\n  - { name: w, needs: [gpt-5.5, codex] }\n"
            #expect(RawHTTP.request(first.socket, "PUT", "/v1/plans/\(name)", body: Data(body.utf8)).status == 201)
        }
        // Every plan is re-planned each second; kill the daemon while that goes on.
        #expect(LiveDaemon.poll(seconds: 30) { first.logText.components(separatedBy: "plans=1 reason=").count > 40 })
        first.stop(SIGKILL)
        let second = try LiveDaemon(folder: first.folder, socket: first.socket, stateDirectory: first.stateDirectory)
        try #require(second.waitUntilReady(), Comment(rawValue: second.logText))
        for name in plans {
            let reply = RawHTTP.request(second.socket, "GET", "/v1/plans/\(name)/recommendations")
            let object = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any]
            #expect(reply.status == 200 && object?["plan"] as? String == name, "\(name) lost its recommendations")
        }
        let events = try CLI.start(["watch", "--since", "0", "--format", "json", "--socket", second.socket])
        let last = try second.health()["lastEventRevision"] as? Int ?? 0
        #expect(LiveDaemon.poll(seconds: 30) { events.stdoutSoFar.contains("\"revision\":\(last),") })
        #expect(second.stop() == 0)
        let revisions = try events.finish().stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["revision"] as? Int
        }
        #expect(revisions == Array(1...revisions.count), "the event log has a gap or a half-written entry")
    }

    @Test func aCorruptDatabaseStopsTheDaemonWithExit78() throws {
        let folder = URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
        let state = folder.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let garbage = Data(repeating: 0x42, count: 16_384)
        try garbage.write(to: state.appendingPathComponent("headstart.sqlite"))
        let daemon = try LiveDaemon(folder: folder, stateDirectory: state.path)
        #expect(daemon.stop(0) == 78)
        #expect(daemon.logText.contains("the store is unusable"))
        #expect(try Data(contentsOf: state.appendingPathComponent("headstart.sqlite")) == garbage)
    }

    /// Damage past the header and schema does not hold up start-up: it is found by the integrity
    /// check the daemon runs once it is serving, which stops it with exit 78 as before.
    @Test func damageDeepInTheDatabaseStopsTheDaemonWithExit78() throws {
        let first = try LiveDaemon()
        try #require(first.waitUntilReady(), Comment(rawValue: first.logText))
        let bank = String(decoding: try Data(contentsOf: CLI.root.appendingPathComponent("Plans/examples/eu-bank.yaml")), as: UTF8.self)
        // Revision 1 of each plan carries a long comment, so its text spills onto overflow pages
        // that nothing reads at start-up (revision 2 is the current one).
        let padding = "\n" + String(repeating: "# padding to spill the revision onto overflow pages\n", count: 400)
        for revision in [padding, ""] {
            for i in 1...5 {
                let body = bank.replacingOccurrences(of: "name: rheinbank-ai", with: "name: bank-\(i)") + revision
                #expect([200, 201].contains(RawHTTP.request(first.socket, "PUT", "/v1/plans/bank-\(i)", body: Data(body.utf8)).status))
            }
        }
        #expect(first.stop() == 0)
        let file = URL(fileURLWithPath: first.stateDirectory).appendingPathComponent("headstart.sqlite")
        let (page, pageSize) = try DatabaseQueue(path: file.path).read { db in
            (
                try Int.fetchOne(db, sql: "SELECT max(pageno) FROM dbstat WHERE name = 'plan_revision' AND pagetype = 'overflow'"),
                try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
            )
        }
        let overflow = try #require(page, "the padded revisions should have overflow pages")
        // One such page overwritten, as a failing disk might.
        let handle = try FileHandle(forUpdating: file)
        try handle.seek(toOffset: UInt64((overflow - 1) * pageSize))
        try handle.write(contentsOf: Data(repeating: 0x42, count: pageSize))
        try handle.close()

        let second = try LiveDaemon(folder: first.folder, stateDirectory: first.stateDirectory)
        // Clients keep connecting while it stops: a connection accepted as the server goes down
        // must not crash it (NIO traps when a server is cancelled with one waiting).
        for _ in 0..<4 {
            Thread { while second.process.isRunning { _ = RawHTTP.request(second.socket, "GET", "/healthz") } }.start()
        }
        #expect(LiveDaemon.poll(seconds: 30) { !second.process.isRunning }, "the daemon should stop on its own")
        #expect(second.process.terminationReason == .exit, Comment(rawValue: second.logText))
        #expect(second.stop() == 78, Comment(rawValue: second.logText))
        #expect(second.logText.contains("the store failed its integrity check"))
        #expect(second.logText.contains("the store is unusable: integrity check failed"))
    }
}

/// A full disk, on a small tmpfs: needs root to mount it.
@Suite(.enabled(if: getuid() == 0, "mounts a small tmpfs to fill: needs root"))
struct LiveDiskFullTests {
    @discardableResult
    static func sh(_ command: String) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }

    @Test func aFullDiskAnswers507AndChangesNothing() throws {
        let folder = URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
        let state = folder.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try #require(Self.sh("mount -t tmpfs -o size=4m tmpfs \(state.path)") == 0, "could not mount a tmpfs")
        defer { Self.sh("umount -l \(state.path)") }
        let daemon = try LiveDaemon(folder: folder, stateDirectory: state.path)
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        #expect(try daemon.client(["submit", "Plans/examples/eu-bank.yaml"]).status == 0)
        // Fill what is left of the disk.
        Self.sh("dd if=/dev/zero of=\(state.path)/filler bs=64k 2>/dev/null")
        let plan = try String(contentsOf: CLI.root.appendingPathComponent("Plans/examples/us-retailer.yaml"), encoding: .utf8)
        let full = RawHTTP.request(daemon.socket, "PUT", "/v1/plans/northwind-retail", body: Data(plan.utf8))
        #expect(full.status == 507)
        #expect(String(decoding: full.body, as: UTF8.self).contains("urn:headstart:problem:store-full"))
        #expect(RawHTTP.request(daemon.socket, "GET", "/healthz").status == 200)
        // Room again: the refused plan left nothing behind, and the next submit works.
        try FileManager.default.removeItem(atPath: state.path + "/filler")
        let list = try daemon.client(["list", "--format", "json"])
        #expect(!list.stdout.contains("northwind-retail"))
        #expect(RawHTTP.request(daemon.socket, "PUT", "/v1/plans/northwind-retail", body: Data(plan.utf8)).status == 201)
        #expect(daemon.stop() == 0)
    }
}

extension LiveDaemon {
    /// Whether the peer has not closed the connection.
    static func socketOpen(_ fd: Int32) -> Bool {
        var poll = pollfd(fd: fd, events: Int16(POLLIN | POLLHUP), revents: 0)
        guard Glibc.poll(&poll, 1, 0) > 0 else { return true }
        var byte: UInt8 = 0
        return Glibc.recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) != 0
    }
}

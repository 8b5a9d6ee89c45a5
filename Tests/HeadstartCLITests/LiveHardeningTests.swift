import Foundation
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
        var sent = 0, cut = false
        for byte in request {
            guard slow.send(Data([byte])) else { cut = true; break }
            sent += 1
            if slow.receive(seconds: 0.25).isEmpty == false || !LiveDaemon.socketOpen(slow.fd) { cut = true; break }
        }
        #expect(cut, "the daemon kept a connection that never finished its request head")
        #expect(sent < request.count)
        slow.close()
        // A request line or header block past the limit is refused.
        let big = RawHTTP.request(daemon.socket, "GET", "/healthz?" + String(repeating: "a", count: 8_000))
        #expect(big.status == 400)
        // Meanwhile the daemon answers everyone else.
        #expect(RawHTTP.request(daemon.socket, "GET", "/healthz").status == 200)
        #expect(daemon.stop() == 0)
    }

    @Test func connectionsAreCappedAndIdleOnesClosed() throws {
        let daemon = try LiveDaemon(extra: ["--max-connections", "2", "--idle-timeout-seconds", "1", "--header-timeout-seconds", "30",
                                            "--max-headers", "5", "--max-body-bytes", "1000"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        // Two connections hold the only places; a third is accepted only when one goes.
        let a = try #require(RawHTTP(socket: daemon.socket)), b = try #require(RawHTTP(socket: daemon.socket))
        var buffer = [UInt8](repeating: 0, count: 65_536)
        #expect(a.roundTrip("GET", "/healthz", buffer: &buffer) == 200)
        #expect(b.roundTrip("GET", "/healthz", buffer: &buffer) == 200)
        let c = try #require(RawHTTP(socket: daemon.socket))
        #expect(c.send(Data("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8)))
        #expect(c.receive(seconds: 0.3).isEmpty, "a third connection was served while two were open")
        a.close()
        #expect(String(decoding: c.receive(seconds: 10).prefix(15), as: UTF8.self) == "HTTP/1.1 200 OK")
        // An idle connection is closed after the idle timeout.
        #expect(LiveDaemon.poll(seconds: 30) { !LiveDaemon.socketOpen(b.fd) })
        b.close()
        c.close()
        // Too many header fields, or a body over the limit, are refused.
        let fields = (0..<10).map { "X-\($0): y\r\n" }.joined()
        let many = try #require(RawHTTP(socket: daemon.socket))
        #expect(many.send(Data("GET /healthz HTTP/1.1\r\nHost: x\r\n\(fields)\r\n".utf8)))
        #expect(String(decoding: many.receive(seconds: 10).prefix(12), as: UTF8.self) == "HTTP/1.1 400")
        many.close()
        #expect(RawHTTP.request(daemon.socket, "PUT", "/v1/plans/x", body: Data(repeating: 0x23, count: 5_000)).status == 413)
        #expect(RawHTTP.request(daemon.socket, "GET", "/healthz").status == 200)
        #expect(daemon.stop() == 0)
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
                           let object = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any], let revision = object["revision"] as? Int {
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

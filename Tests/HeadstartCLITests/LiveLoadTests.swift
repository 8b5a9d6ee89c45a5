import Foundation
import Synchronization
import Testing

/// A bounded load on the socket: many clients, a fixed number of requests each, a time cap.
/// It reports throughput, latency and the daemon's peak memory; it asserts only that every
/// request succeeded (speed goals live in the benchmarks).
@Suite struct LiveLoadTests {
    @Test func concurrentClientsGetNoErrors() throws {
        let daemon = try LiveDaemon(extra: ["--plans", "Plans/examples", "--log-level", "warning"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        #expect(LiveDaemon.poll(seconds: 30) { (try? daemon.client(["list"]))?.stdout.contains("sakura-mutual") == true })
        let clients = 32
        let requestsEach = 200
        let tally = Tally()
        let start = Date()
        let deadline = start.addingTimeInterval(120)
        // One thread per client, so all of them are connected at once (concurrentPerform would
        // run only as many as there are cores).
        let done = DispatchGroup()
        for client in 0..<clients {
            done.enter()
            let socket = daemon.socket
            Thread {
                Self.client(client, socket: socket, requests: requestsEach, deadline: deadline, tally: tally)
                done.leave()
            }.start()
        }
        done.wait()
        let elapsed = Date().timeIntervalSince(start)
        let sorted = tally.latencies.withLock { $0 }.sorted()
        let peak = Self.peakRSS(daemon.process.processIdentifier)
        let p50 = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        let p99 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
        print(
            String(
                format: "load test: %d clients x %d requests in %.2f s = %.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d, daemon peak RSS %@",
                clients,
                requestsEach,
                elapsed,
                Double(sorted.count) / elapsed,
                p50,
                p99,
                tally.errors.withLock { $0 },
                peak
            )
        )
        #expect(sorted.count == clients * requestsEach, "the time cap cut the run short")
        #expect(tally.errors.withLock { $0 } == 0)
        #expect(daemon.stop() == 0)
    }

    /// One client on one kept-alive connection; one request in ten is a what-if, the rest stored reads.
    static func client(_ client: Int, socket: String, requests: Int, deadline: Date, tally: Tally) {
        let plans = ["rheinbank-ai", "sakura-mutual", "northwind-retail"]
        guard let connection = RawHTTP(socket: socket) else {
            tally.errors.withLock { $0 += requests }
            return
        }
        defer { connection.close() }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var mine: [Double] = []
        for i in 0..<requests where Date() < deadline {
            let plan = plans[(client + i) % plans.count]
            let path = i % 10 == 0 ? "/v1/plans/\(plan)/recommendations?asOf=2027-06-01" : "/v1/plans/\(plan)/recommendations"
            let t0 = DispatchTime.now().uptimeNanoseconds
            let status = connection.roundTrip("GET", path, buffer: &buffer)
            mine.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            if status != 200 { tally.errors.withLock { $0 += 1 } }
        }
        tally.latencies.withLock { $0.append(contentsOf: mine) }
    }

    /// What the clients measured.
    final class Tally: Sendable {
        let latencies = Mutex<[Double]>([])
        let errors = Mutex(0)
    }

    /// VmHWM from /proc: the most memory the process has held.
    static func peakRSS(_ pid: Int32) -> String {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
            .map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }
}

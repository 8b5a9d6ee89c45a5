import Foundation
import HeadstartSchedule
import HeadstartStore
import Logging
import Synchronization
import Testing

@testable import HeadstartServer

/// A scheduled re-plan that fails is logged with its cause (and counted), not dropped silently.
@Suite struct SchedulerFailureTests {
    /// Keeps every message logged through it.
    struct Recorder: LogHandler {
        let lines: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt)
        {
            let fields = (metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            lines.value.withLock { $0.append("\(level) \(message) \(fields)") }
        }
    }

    @Test func aFailedScheduledReplanIsLoggedWithItsCause() async throws {
        let f = try ServerFixture()
        let yaml = "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: p\nhorizon: 2028-12-31\nworkloads:\n  - { name: w, needs: [codex] }\n"
        _ = try await f.service.submit(yaml: Data(yaml.utf8), expectedName: nil, file: "p", caller: .daemon)
        try await f.store.close()
        let box = LogLines()
        let logger = Logger(label: "test") { _ in Recorder(lines: box) }
        let (running, _) = AsyncStream<Void>.makeStream()
        let scheduler = ReplanScheduler(
            service: f.service,
            defaultSchedule: "@daily",
            timeZone: .gmt,
            now: { ServerFixture.today },
            serverRunning: running,
            leadership: Leadership(leading: true),
            logger: logger
        )
        let next = await scheduler.runScheduled(.init(plan: "p", trigger: .schedule), term: Leadership.soleTerm)
        #expect(next == nil)
        let logged = box.value.withLock { $0 }
        #expect(logged.contains { $0.hasPrefix("error scheduled re-plan failed") && $0.contains("plan=p") && $0.contains("error=") }, "\(logged)")
    }
}

/// One list of log lines shared by a test and its log handler.
final class LogLines: Sendable {
    let value = Mutex<[String]>([])
}

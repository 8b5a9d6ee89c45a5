import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartServer
import HeadstartStore
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOFoundationCompat
import Testing

/// Every API response body and every event line of a scripted day in the daemon's life, compared
/// byte for byte with the transcript in `Golden/`. The transcript was recorded before the API
/// moved to typed values, so it holds the daemon to the bytes it has always sent. Re-record only
/// for an intended change: `HEADSTART_RECORD_GOLDEN=1 swift test --filter GoldenTranscript`.
@Suite struct GoldenTranscriptTests {
    static let root = PeerCredentials(pid: 1, uid: 0, gid: 0)
    static let alice = PeerCredentials(pid: 10, uid: 1001, gid: 1001)

    /// One service and the transcript of what it answered.
    final class Session {
        let service: PlanService
        let clock: DampingTests.Clock
        var transcript = ""

        init(catalogYAML: Data, clock: DampingTests.Clock, catalogFile: String? = nil, store: any PlanStore) throws {
            DaemonMetrics.bootstrap()
            let catalog = try CatalogDecoder().decode(Array(catalogYAML), file: "catalog.yaml")
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            self.clock = clock
            service = PlanService(
                store: store,
                hub: EventHub(),
                catalog: catalog,
                catalogYAML: catalogYAML,
                logger: logger,
                policy: AccessPolicy(daemonUID: 999, adminGID: nil),
                now: { clock.now },
                catalogFile: catalogFile
            )
        }

        /// Sends one request through the router and writes the answer to the transcript.
        func send(_ method: HTTPRequest.Method, _ uri: String, body: Data? = nil, as peer: PeerCredentials = GoldenTranscriptTests.root) async throws
        {
            let router = APIRouter(service: service, version: "golden", peerCredentials: { _ in peer }).router()
            let (status, type, bytes) = try await Application(router: router).test(.router) { client in
                let response = try await client.execute(uri: uri, method: method, body: body.map { ByteBuffer(bytes: $0) })
                return (response.status.code, response.headers[.contentType] ?? "-", Data(buffer: response.body))
            }
            transcript += "=== \(method) \(uri) as uid \(peer.uid)\n\(status) \(type)\n"
            transcript += String(decoding: bytes, as: UTF8.self)
            transcript += "\n"
        }

        /// Ends the day: the `shutdown` event, then the whole log as a watcher from 0 reads it.
        func finish() async throws {
            await service.announceShutdown()
            try await send(.get, "/v1/events?since=0")
            try await send(.get, "/v1/events?since=99999")
        }
    }

    static func golden(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").appendingPathComponent(name)
    }

    /// Compares with the recorded transcript, or records it when asked to.
    static func check(_ transcript: String, _ name: String) throws {
        let url = golden(name)
        if ProcessInfo.processInfo.environment["HEADSTART_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(transcript.utf8).write(to: url)
            Issue.record("recorded \(name); run again without HEADSTART_RECORD_GOLDEN to compare")
            return
        }
        let expected = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        if transcript != expected {
            let got = transcript.split(separator: "\n", omittingEmptySubsequences: false)
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
            Issue.record(
                "\(name) differs first at line \(line + 1):\n got: \(line < got.count ? got[line] : "<end>")\nwant: \(line < want.count ? want[line] : "<end>")"
            )
        }
    }

    static func example(_ file: String) throws -> Data { try ServerFixture.fixture(file) }

    /// The same day on each store: the bytes do not depend on which one holds the state.
    @Test(arguments: StoreUnderTest.Kind.allCases)
    func theAPIAnswersAsItAlwaysHas(kind: StoreUnderTest.Kind) async throws {
        let subject = try StoreUnderTest(kind)
        defer { subject.stop() }
        let clock = DampingTests.Clock("2026-11-26T12:00:00Z")
        let s = try Session(catalogYAML: Data(DefaultCatalog.bytes), clock: clock, store: try await subject.open())
        let bank = try Self.example("eu-bank.yaml")
        try await s.send(.get, "/healthz")
        try await s.send(.get, "/v1/catalog")
        try await s.send(.put, "/v1/plans/rheinbank-ai", body: bank)
        try await s.send(.put, "/v1/plans/rheinbank-ai", body: bank)
        try await s.send(.put, "/v1/plans/sakura-mutual", body: try Self.example("jp-insurer.yaml"))
        try await s.send(.put, "/v1/plans/northwind-retail", body: try Self.example("us-retailer.yaml"))
        try await s.send(.put, "/v1/plans/other-name", body: bank)
        try await s.send(.put, "/v1/plans/wrong-types", body: try Self.example("wrong-types.yaml"))
        try await s.send(.get, "/v1/plans")
        try await s.send(.get, "/v1/plans/rheinbank-ai")
        try await s.send(.get, "/v1/plans/rheinbank-ai?revision=1")
        try await s.send(.get, "/v1/plans/rheinbank-ai?revision=7")
        try await s.send(.get, "/v1/plans/rheinbank-ai?revision=x")
        try await s.send(.get, "/v1/plans/rheinbank-ai/recommendations")
        try await s.send(.get, "/v1/plans/rheinbank-ai/recommendations?explain=true")
        try await s.send(.get, "/v1/plans/rheinbank-ai/recommendations?asOf=2028-01-01")
        try await s.send(.get, "/v1/plans/sakura-mutual/recommendations?asOf=2028-01-01&explain=1")
        try await s.send(.get, "/v1/plans/rheinbank-ai/recommendations?asOf=soon")
        try await s.send(.get, "/v1/plans/rheinbank-ai/recommendations?explain=maybe")
        try await s.send(.get, "/v1/plans/northwind-retail/report")
        // A new revision that moves placements: AWS is no longer preferred.
        let edited = String(decoding: bank, as: UTF8.self).replacingOccurrences(
            of: "clouds: [aws, azure, openai]",
            with: "clouds: [azure, openai, aws]"
        )
        try await s.send(.put, "/v1/plans/rheinbank-ai", body: Data(edited.utf8))
        try await s.send(.post, "/v1/replan")
        try await s.send(.post, "/v1/replan?plan=nope")
        clock.set("2027-07-01T06:00:00Z")
        try await s.send(.post, "/v1/replan?plan=rheinbank-ai")
        try await s.send(.post, "/v1/replan")
        try await s.send(.get, "/v1/plans/rheinbank-ai", as: Self.alice)
        try await s.send(.put, "/v1/catalog", body: Data(DefaultCatalog.bytes), as: Self.alice)
        // A catalog without gpt-realtime: the bank's plan stops validating and is kept, stale.
        try await s.send(.put, "/v1/catalog", body: try ServerFixture.catalog(without: "gpt-realtime", version: "golden-1"))
        try await s.send(.get, "/v1/plans")
        try await s.send(.get, "/v1/plans/rheinbank-ai/recommendations")
        try await s.send(.get, "/v1/plans/rheinbank-ai/recommendations?explain=true")
        try await s.send(.get, "/healthz")
        try await s.send(.put, "/v1/catalog", body: Data(DefaultCatalog.bytes))
        try await s.send(.get, "/v1/catalog")
        try await s.send(.delete, "/v1/plans/sakura-mutual")
        try await s.send(.delete, "/v1/plans/sakura-mutual")
        try await s.send(.get, "/v1/nothing")
        try await s.send(.patch, "/v1/plans")
        try await s.send(.get, "/v1/plans/%ZZ")
        try await s.send(.get, "/v1/events?since=x")
        try await s.send(.get, "/v1/plans")
        try await s.finish()
        try Self.check(s.transcript, "api.txt")
    }

    @Test(arguments: StoreUnderTest.Kind.allCases)
    func dampingAndTheCatalogFileAnswerAsTheyAlwaysHave(kind: StoreUnderTest.Kind) async throws {
        let subject = try StoreUnderTest(kind)
        defer { subject.stop() }
        let clock = DampingTests.Clock("2026-12-01T12:00:00Z")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("headstart-golden-\(UUID().uuidString).yaml")
        try Data(DampingTests.catalog.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let s = try Session(catalogYAML: Data(DampingTests.catalog.utf8), clock: clock, catalogFile: file.path, store: try await subject.open())
        try await s.send(.put, "/v1/plans/damped", body: Data(DampingTests.plan(dwell: 60).utf8))
        clock.set("2027-01-16T12:00:00Z")
        try await s.send(.post, "/v1/replan")
        try await s.send(.get, "/v1/plans/damped/recommendations")
        clock.set("2027-01-31T12:00:00Z")
        try await s.send(.post, "/v1/replan")
        try await s.send(.put, "/v1/catalog", body: Data(DampingTests.catalog.utf8))
        try Data("version: [broken".utf8).write(to: file)
        await s.service.reloadCatalogFile(force: true)
        try Data(
            DampingTests.catalog.replacingOccurrences(of: "version: damping", with: "version: damping-2")
                .replacingOccurrences(of: "since: 2027-01-15", with: "expected: 2027-03-01").utf8
        ).write(to: file)
        await s.service.reloadCatalogFile(force: false)
        try await s.send(.get, "/healthz")
        try await s.send(.get, "/v1/plans/damped/recommendations?explain=true")
        try await s.finish()
        // The file's folder and the daemon's own uid differ from machine to machine.
        let transcript = s.transcript.replacingOccurrences(of: file.path, with: "CATALOG-FILE")
            .replacingOccurrences(of: "\"replacedByUid\":\(getuid())", with: "\"replacedByUid\":DAEMON-UID")
        try Self.check(transcript, "damping-and-file.txt")
    }
}

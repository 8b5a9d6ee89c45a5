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

/// A plan service on a fresh store in a temporary folder, planning as of a fixed day.
struct ServerFixture {
    let folder: URL
    let store: SQLiteStore
    let service: PlanService
    let maxBodyBytes: Int

    /// 2026-11-26, noon UTC.
    static let today = Date(timeIntervalSince1970: 1_795_694_400)

    /// Root, the caller the router tests act as unless they name another.
    static let root = PeerCredentials(pid: 1, uid: 0, gid: 0)

    init(
        maxBodyBytes: Int = 1 << 20,
        catalogYAML: Data? = nil,
        adminGID: UInt32? = nil,
        limits: DaemonLimits = DaemonLimits(),
        catalogFile: String? = nil,
        hostName: String? = nil
    ) throws {
        self.maxBodyBytes = maxBodyBytes
        DaemonMetrics.bootstrap()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("headstart-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteStore(path: folder.appendingPathComponent("headstart.sqlite").path)
        let yaml = catalogYAML ?? Data(DefaultCatalog.bytes)
        let catalog = try CatalogDecoder().decode(Array(yaml), file: "catalog.yaml")
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        service = PlanService(
            store: store,
            hub: EventHub(),
            catalog: catalog,
            catalogYAML: yaml,
            logger: logger,
            policy: AccessPolicy(daemonUID: 999, adminGID: adminGID, hostName: hostName),
            limits: limits,
            now: { Self.today },
            catalogFile: catalogFile
        )
    }

    /// The daemon restarted: `other`'s store closed and opened again, a new service on it that has
    /// taken in the listings the store keeps, as `serve` does before it listens.
    static func restarted(_ other: ServerFixture) async throws -> ServerFixture {
        try await other.store.close()
        let fixture = try ServerFixture(folder: other.folder, maxBodyBytes: other.maxBodyBytes)
        await fixture.service.adoptStoredListings()
        return fixture
    }

    private init(folder: URL, maxBodyBytes: Int) throws {
        self.folder = folder
        self.maxBodyBytes = maxBodyBytes
        store = try SQLiteStore(path: folder.appendingPathComponent("headstart.sqlite").path)
        let catalog = try CatalogDecoder().decode(DefaultCatalog.bytes, file: "catalog.yaml")
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        service = PlanService(
            store: store,
            hub: EventHub(),
            catalog: catalog,
            catalogYAML: Data(DefaultCatalog.bytes),
            logger: logger,
            policy: AccessPolicy(daemonUID: 999),
            now: { Self.today }
        )
    }

    /// A second daemon's service on `other`'s store, as on another host of a shared store:
    /// its policy compares owners' hosts with `hostName`.
    init(sharing other: ServerFixture, hostName: String) throws {
        folder = other.folder
        store = other.store
        maxBodyBytes = other.maxBodyBytes
        let catalog = try CatalogDecoder().decode(DefaultCatalog.bytes, file: "catalog.yaml")
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        service = PlanService(
            store: store,
            hub: EventHub(),
            catalog: catalog,
            catalogYAML: Data(DefaultCatalog.bytes),
            logger: logger,
            policy: AccessPolicy(daemonUID: 999, hostName: hostName),
            now: { Self.today }
        )
    }

    /// Runs `body` against the router in process, as `peer` (root by default).
    func test<T: Sendable>(as peer: PeerCredentials? = Self.root, _ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let router = APIRouter(service: service, maxBodyBytes: maxBodyBytes, version: "test", peerCredentials: { _ in peer }).router()
        return try await Application(router: router).test(.router, body)
    }

    static func fixture(_ name: String) throws -> Data {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folders = [
            "Plans/examples", "Tests/HeadstartEngineTests/Fixtures", "Tests/HeadstartFormatsTests/Fixtures", "Tests/HeadstartServerTests/Fixtures",
        ]
        for folder in folders {
            let url = root.appendingPathComponent(folder).appendingPathComponent(name)
            if let data = FileManager.default.contents(atPath: url.path) { return data }
        }
        throw FixtureMissing(name: name)
    }

    struct FixtureMissing: Error { var name: String }

    /// The shipped catalog without one capability, under another version.
    static func catalog(without capability: String, version: String) throws -> Data {
        var text = String(decoding: DefaultCatalog.bytes, as: UTF8.self)
        guard let start = text.range(of: "\n  \(capability):\n") else { throw FixtureMissing(name: capability) }
        let rest = text[start.upperBound...]
        let end = rest.range(of: "\n  [a-z0-9]", options: .regularExpression)?.lowerBound ?? text.endIndex
        text.removeSubrange(start.lowerBound..<end)
        guard let line = text.range(of: "\nversion: [^\n]*", options: .regularExpression) else { throw FixtureMissing(name: "version") }
        text.replaceSubrange(line, with: "\nversion: \"\(version)\"")
        return Data(text.utf8)
    }
}

extension TestResponse {
    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] }
    var data: Data { Data(buffer: body) }
}

extension ByteBuffer {
    init(data: Data) { self.init(bytes: data) }
}

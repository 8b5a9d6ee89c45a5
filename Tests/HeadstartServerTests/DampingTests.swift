import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartServer
import HeadstartStore
import Logging
import Synchronization
import Testing

/// minDwellDays: a placement that changed is not moved again within the dwell, unless it
/// stops being valid; the event says a move was held back.
@Suite struct DampingTests {
    final class Clock: Sendable {
        private let value: Mutex<Date>
        init(_ iso: String) { value = Mutex((try? Date(iso, strategy: .iso8601)) ?? .distantPast) }
        func set(_ iso: String) { value.withLock { $0 = (try? Date(iso, strategy: .iso8601)) ?? .distantPast } }
        var now: Date { value.withLock { $0 } }
    }

    static let catalog = """
        apiVersion: headstart/v1
        kind: Catalog
        version: damping
        terms: { firstAccessCloud: azure, firstAccessWindowDays: 14, licenseThrough: 2032-12-31 }
        clouds:
          azure: { weu: eu }
          aws: { euc: eu }
        capabilities:
          chat:
            kind: chat
            launch: 2026-01-01
            offers:
              - { cloud: azure, regions: [weu], since: 2026-01-01, stage: ga, processing: regional }
              - { cloud: aws, regions: [euc], since: 2027-01-15, stage: ga, processing: regional }
        """

    static func plan(dwell: Int) -> String {
        """
        apiVersion: headstart/v1
        kind: WorkloadPlan
        name: damped
        horizon: 2030-12-31
        preferences: { clouds: [aws, azure], minDwellDays: \(dwell) }
        workloads:
          - { name: assistant, needs: [chat] }
        """
    }

    static func service(_ clock: Clock) throws -> PlanService {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("headstart-damping-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder.appendingPathComponent("db.sqlite").path)
        let catalog = try CatalogDecoder().decode(Array(catalog.utf8), file: "catalog.yaml")
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return PlanService(store: store, hub: EventHub(), catalog: catalog, catalogYAML: Data(Self.catalog.utf8), logger: logger, now: { clock.now })
    }

    static func current(_ service: PlanService) async throws -> String? {
        let stored = try await service.recommendations(of: "damped")
        let object = try JSONSerialization.jsonObject(with: stored.document) as? [String: Any]
        let first = (object?["recommendations"] as? [[String: Any]])?.first
        return (first?["current"] as? [String: Any]).map { "\($0["cloud"] ?? "") \($0["region"] ?? "")" }
    }

    @Test func aMoveWithinTheDwellIsHeldBackThenHappens() async throws {
        let clock = Clock("2026-12-01T12:00:00Z")
        let service = try Self.service(clock)
        _ = try await service.submit(yaml: Data(Self.plan(dwell: 60).utf8), expectedName: "damped", file: "p", caller: .daemon)
        #expect(try await Self.current(service) == "azure weu")
        // AWS arrives on 2027-01-15, 45 days into the 60-day dwell that began on 2026-12-01.
        clock.set("2027-01-16T12:00:00Z")
        try await service.replan(["damped"])
        #expect(try await Self.current(service) == "azure weu")
        let held = try #require(try await service.events(after: 0).last)
        let payload = try #require(try JSONSerialization.jsonObject(with: held.payload) as? [String: Any])
        let heldBack = try #require((payload["heldBack"] as? [[String: Any]])?.first)
        #expect(heldBack["until"] as? String == "2027-01-30")
        #expect(heldBack["wouldMoveTo"] as? String == "aws euc")
        // The hold ends on 2027-01-30, and the answer says so.
        #expect(try await service.recommendations(of: "damped").nextReplanAt == "2027-01-30")
        clock.set("2027-01-30T12:00:00Z")
        try await service.replan(["damped"])
        #expect(try await Self.current(service) == "aws euc")
    }

    @Test func withoutADwellTheMoveIsImmediate() async throws {
        let clock = Clock("2026-12-01T12:00:00Z")
        let service = try Self.service(clock)
        _ = try await service.submit(yaml: Data(Self.plan(dwell: 0).utf8), expectedName: "damped", file: "p", caller: .daemon)
        clock.set("2027-01-16T12:00:00Z")
        try await service.replan(["damped"])
        #expect(try await Self.current(service) == "aws euc")
        let last = try #require(try await service.events(after: 0).last)
        #expect(last.type == "recommendations-changed")
        let payload = try #require(try JSONSerialization.jsonObject(with: last.payload) as? [String: Any])
        #expect(payload["changedBecause"] as? String == "time")
        #expect(payload["boundaries"] as? [String] == ["2027-01-15"])
    }

    static func whys(_ service: PlanService) async throws -> [String: String] {
        let stored = try await service.recommendations(of: "damped")
        let object = try JSONSerialization.jsonObject(with: stored.explained) as? [String: Any]
        let all = object?["recommendations"] as? [[String: Any]] ?? []
        return Dictionary(all.map { ($0["workload"] as? String ?? "", $0["why"] as? String ?? "") }, uniquingKeysWith: { a, _ in a })
    }

    /// Damping holds one workload and lets another move: each is explained from its own timeline.
    /// (The sharing of explanations between copies is shown in ExplanationSharingTests.)
    @Test func aHeldWorkloadAndAFreeOneEachGetTheirOwnWhy() async throws {
        func plan(_ workloads: String) -> Data {
            Data(
                "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: damped\nhorizon: 2030-12-31\npreferences: { clouds: [aws, azure] }\nworkloads:\n\(workloads)"
                    .utf8
            )
        }
        let held = "  - { name: held, needs: [chat], minDwellDays: 60 }\n"
        let free = "  - { name: free, needs: [chat] }\n"
        var whys: [[String: String]] = []
        for workloads in [held + free, free] {
            let clock = Clock("2026-12-01T12:00:00Z")
            let service = try Self.service(clock)
            _ = try await service.submit(yaml: plan(workloads), expectedName: "damped", file: "p", caller: .daemon)
            clock.set("2027-01-16T12:00:00Z")
            try await service.replan(["damped"])
            whys.append(try await Self.whys(service))
        }
        let together = whys[0]
        let alone = whys[1]
        // The free workload moved to AWS: its why is the one it gets when planned on its own.
        #expect(together["free"] == alone["free"])
        #expect(together["held"] != together["free"], "the held workload was explained with its sibling's timeline")
    }
}

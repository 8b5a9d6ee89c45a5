import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import Logging
import Synchronization
import Testing

@testable import HeadstartServer

/// The daemon's side of the lifecycle rules: retirement days as boundaries, retirement facts
/// among a catalog's changes, the retiring-placements metric, successor phases in diffs.
@Suite struct LifecycleDaemonTests {
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/conformance/lifecycle-2")
    }

    static func service(_ clock: DampingTests.Clock) throws -> (PlanService, Catalog) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("headstart-lifecycle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder.appendingPathComponent("db.sqlite").path)
        let yaml = try Data(contentsOf: Self.folder.appendingPathComponent("catalog.yaml"))
        let catalog = try CatalogDecoder().decode(Array(yaml), file: "catalog.yaml")
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return (PlanService(store: store, hub: EventHub(), catalog: catalog, catalogYAML: yaml, logger: logger, now: { clock.now }), catalog)
    }

    static func submit(_ service: PlanService) async throws {
        let plan = try Data(contentsOf: Self.folder.appendingPathComponent("plan-migrations.yaml"))
        _ = try await service.submit(yaml: plan, expectedName: "eu-migrations", file: "plan-migrations.yaml", caller: .daemon)
    }

    @Test func aRetirementCrossedByTimeIsNamedInTheEvent() async throws {
        let clock = DampingTests.Clock("2026-11-26T12:00:00Z")
        let (service, _) = try Self.service(clock)
        try await Self.submit(service)
        // o3 leaves OpenAI's API on 2026-12-11: the reasoning workloads change that day.
        clock.set("2026-12-12T12:00:00Z")
        try await service.replan(["eu-migrations"])
        let event = try #require(try await service.events(after: 0).last)
        #expect(event.type == "recommendations-changed")
        let payload = try #require(try JSONSerialization.jsonObject(with: event.payload) as? [String: Any])
        #expect(payload["retirements"] as? [String] == ["2026-12-11"])
        #expect((payload["boundaries"] as? [String])?.contains("2026-12-11") == true)
    }

    @Test func theMetricCountsCurrentPlacementsRetiringSoon() async throws {
        let clock = DampingTests.Clock("2026-11-26T12:00:00Z")
        let (service, _) = try Self.service(clock)
        try await Self.submit(service)
        let state = try await service.metricsState()
        // reasoning and reasoning-stay leave o3 on OpenAI in 15 days; legacy-chat-follow leaves gpt-4o
        // on OpenAI's EU region on 2027-01-14 (49 days); legacy-chat, which already runs on Azure's
        // deprecated offer, stays there until 2027-04-14 (139 days); early-move starts on gpt-5.1.
        #expect(state.retiring.sorted() == [15, 15, 49, 139])
        #expect(state.retiring.filter { $0 <= 30 }.count == 2)
        #expect(state.retiring.filter { $0 <= 90 }.count == 3)
    }

    @Test func retirementFactsAreAmongACatalogsChanges() throws {
        let yaml = try String(contentsOf: Self.folder.appendingPathComponent("catalog.yaml"), encoding: .utf8)
        let old = try CatalogDecoder().decode(Array(yaml.utf8), file: "old")
        let moved = yaml.replacingOccurrences(of: "retires: 2027-04-14", with: "retires: 2027-06-30")
            .replacingOccurrences(of: "deprecated: 2026-04-16, ", with: "")
        let new = try CatalogDecoder().decode(Array(moved.utf8), file: "new")
        let summaries = CatalogDiff.changes(from: old, to: new).map { "\($0.capability) \($0.summary)" }
        #expect(summaries == ["gpt-4o azure swedencentral retires 2027-04-14 -> 2027-06-30", "o3 azure eastus2 deprecated 2026-04-16 -> -"])
    }
}

import Foundation
import HeadstartAPI
import HeadstartFormats
import HeadstartStore
import Testing

@testable import HeadstartServer

/// A re-plan storm plans ahead of its transactions: a plan planned ahead is used only when the
/// store still holds what it was planned from.
@Suite struct PlanAheadTests {
    @Test func aPlanChangedAfterItWasPlannedAheadIsPlannedAgainFromTheStore() async throws {
        let f = try ServerFixture()
        let yaml = try ServerFixture.fixture("eu-bank.yaml")
        try await f.service.submit(yaml: yaml, expectedName: nil, file: "eu-bank.yaml", caller: .daemon)
        let ahead = await f.service.replanner.prepare(["rheinbank-ai"], catalog: await f.service.catalog)
        let stale = try #require(ahead["rheinbank-ai"])
        #expect(String(decoding: stale.computed.stored.document, as: UTF8.self).contains("\"archive-search\""))
        // A new revision lands between the planning ahead and the transaction.
        let renamed = Data(
            String(decoding: yaml, as: UTF8.self).replacingOccurrences(of: "name: archive-search", with: "name: archive-search-2").utf8
        )
        try await f.service.submit(yaml: renamed, expectedName: nil, file: "eu-bank.yaml", caller: .daemon)
        _ = try await f.service.replanner.replanOne("rheinbank-ai", reason: .time(trigger: .requested), prepared: stale)
        let stored = String(decoding: try await f.service.recommendations(of: "rheinbank-ai").document, as: UTF8.self)
        #expect(stored.contains("\"archive-search-2\"") && !stored.contains("\"archive-search\""))
    }

    @Test func aPlanPlannedAheadFromWhatIsStoredIsTaken() async throws {
        let f = try ServerFixture()
        try await f.service.submit(yaml: try ServerFixture.fixture("eu-bank.yaml"), expectedName: nil, file: "eu-bank.yaml", caller: .daemon)
        var ahead = try #require(await f.service.replanner.prepare(["rheinbank-ai"], catalog: await f.service.catalog)["rheinbank-ai"])
        // Marked, so the stored document shows which computation was used.
        ahead.computed.stored.document = Data("{\"planned\":\"ahead\"}".utf8)
        _ = try await f.service.replanner.replanOne("rheinbank-ai", reason: .time(trigger: .requested), prepared: ahead)
        #expect(try await f.service.recommendations(of: "rheinbank-ai").document == Data("{\"planned\":\"ahead\"}".utf8))
    }
}

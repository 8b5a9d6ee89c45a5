import Foundation
import HeadstartEngine
import HeadstartServer
import HeadstartStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// An export reads the placements the store keeps. A plan stored by an earlier release has its
/// placements without the offers they run on: the first export re-plans it once, as a catch-up,
/// and every later one reads what that re-plan stored.
@Suite struct ExportCatchUpTests {
    struct Missing: Error {}

    @Test(arguments: ["litellm", "terraform"])
    func aPlanStoredWithoutItsOffersIsReplannedOnceThenRead(_ target: String) async throws {
        let f = try ServerFixture()
        let uri = "/v1/plans/rheinbank-ai/export/\(target)"
        let fresh = try await f.test { client in
            let put = try await client.execute(
                uri: "/v1/plans/rheinbank-ai",
                method: .put,
                body: ByteBuffer(data: try ServerFixture.fixture("eu-bank.yaml"))
            )
            #expect(put.status == .created || put.status == .ok)
            return try await client.execute(uri: uri, method: .get)
        }
        #expect(fresh.status == .ok)
        // As an earlier release stored it: placements without their run, no unplaced needs.
        try await f.store.write { tx in
            guard var stored = try await tx.recommendations(of: "rheinbank-ai") else { throw Missing() }
            stored.unplaced = nil
            try await tx.saveRecommendations(stored)
            let placements = try await tx.placements(of: "rheinbank-ai")
            #expect(!placements.isEmpty && placements.allSatisfy { $0.run != nil })
            try await tx.savePlacements(placements.map { p in with(p) { $0.run = nil } }, of: "rheinbank-ai")
        }
        let before = try await f.service.events(after: 0)

        let first = try await f.test { client in try await client.execute(uri: uri, method: .get) }
        #expect(first.status == .ok && first.body == fresh.body)
        let afterFirst = try await f.service.events(after: 0)
        #expect(afterFirst.count == before.count + 1)
        let replanned = try #require(afterFirst.last)
        #expect(replanned.type == "replanned" && replanned.plan == "rheinbank-ai")
        #expect(String(decoding: replanned.payload, as: UTF8.self).contains("\"trigger\":\"catch-up\""))
        let restored = try await f.store.read { tx in
            (try await tx.recommendations(of: "rheinbank-ai")?.unplaced, try await tx.placements(of: "rheinbank-ai"))
        }
        #expect(restored.0 != nil && restored.1.allSatisfy { $0.run != nil })

        let second = try await f.test { client in try await client.execute(uri: uri, method: .get) }
        #expect(second.status == .ok && second.body == fresh.body)
        #expect(try await f.service.events(after: 0).count == afterFirst.count, "the second export re-planned again")
    }

    private func with<T>(_ value: T, _ change: (inout T) -> Void) -> T {
        var copy = value
        change(&copy)
        return copy
    }
}

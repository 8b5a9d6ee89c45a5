import Foundation
import HeadstartStore
import Testing

@Suite struct StoreTests {
    static func temporaryPath() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("headstart-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("headstart.sqlite").path
    }

    @Test func whatWasWrittenIsThereAfterReopening() async throws {
        let path = try Self.temporaryPath()
        let at = Date(timeIntervalSince1970: 1_795_694_400)
        do {
            let store = try Store(path: path)
            try await store.write { tx in
                try tx.insertRevision(PlanRevision(plan: "p", revision: 1, yaml: Data("a: 1\0b".utf8), submitterUID: 1000, submittedAt: at))
                try tx.savePlan(PlanRecord(name: "p", owner: "o", ownerUID: 1000, revision: 1, createdAt: at, updatedAt: at))
                try tx.appendEvent(type: "plan-submitted", plan: "p", time: at, payload: Data("{}".utf8))
            }
            try store.close()
        }
        let reopened = try Store(path: path)
        let (plan, revision, events) = try await reopened.read { tx in
            (try tx.plan(named: "p"), try tx.revision(of: "p"), try tx.events(after: 0, limit: 10))
        }
        #expect(plan?.ownerUID == 1000)
        #expect(revision?.yaml == Data("a: 1\0b".utf8))
        #expect(revision?.submittedAt == at)
        #expect(events.map(\.revision) == [1])
        #expect(try await reopened.read { tx in try tx.nextRevisionNumber(of: "p") } == 2)
    }

    @Test func aFileThatIsNoDatabaseIsRefusedNotReplaced() throws {
        let path = try Self.temporaryPath()
        let garbage = Data(repeating: 0x5A, count: 8192)
        _ = FileManager.default.createFile(atPath: path, contents: garbage)
        #expect(throws: StoreError.self) { try Store(path: path) }
        #expect(FileManager.default.contents(atPath: path) == garbage)
    }

    @Test func metadataQueriesLeaveTheDocumentsOut() async throws {
        let store = try Store(path: try Self.temporaryPath())
        let at = Date(timeIntervalSince1970: 1_795_694_400)
        try await store.write { tx in
            try tx.savePlan(PlanRecord(name: "p", owner: nil, ownerUID: nil, revision: 1, createdAt: at, updatedAt: at))
            try tx.saveRecommendations(StoredRecommendations(plan: "p", document: Data(repeating: 7, count: 100_000), explained: Data(repeating: 8, count: 200_000),
                                                             asOf: "2026-11-26", catalogVersion: "v", nextReplanAt: "2027-01-15", summary: ["placed": 1], computedAt: at))
        }
        let meta = try #require(try await store.read { tx in try tx.allRecommendationMetadata() }.first)
        #expect(meta.document.isEmpty && meta.explained.isEmpty)
        #expect(meta.asOf == "2026-11-26" && meta.catalogVersion == "v" && meta.nextReplanAt == "2027-01-15" && meta.computedAt == at)
        #expect(try await store.read { tx in try tx.recommendations(of: "p") }?.explained.count == 200_000)
    }
}

import Foundation
import GRDB
import HeadstartEngine
import HeadstartStore
import TestSupport
import Testing

/// One store of each kind, fresh, that can be opened again after a close.
final class StoreUnderTest: Sendable {
    enum Kind: String, CaseIterable, Sendable { case sqlite, postgres }

    let kind: Kind
    let path: String
    /// The process's shared cluster and this test's own database on it.
    let cluster: PostgresCluster?
    let database: String

    init(_ kind: Kind) throws {
        self.kind = kind
        path = try StoreTests.temporaryPath()
        cluster = kind == .postgres ? try PostgresCluster.shared() : nil
        database = try cluster?.freshDatabase() ?? ""
    }

    func open() async throws -> any PlanStore {
        guard let cluster else { return try SQLiteStore(path: path) }
        return try await PostgresStore(socketPath: cluster.socketDirectory + "/.s.PGSQL.\(cluster.port)", username: cluster.user, database: database)
    }

    /// A fresh store of `kind` for the length of `body`: closed, and its database dropped, after it.
    static func with<T>(_ kind: Kind, _ body: (any PlanStore) async throws -> T) async throws -> T {
        let subject = try StoreUnderTest(kind)
        defer { subject.stop() }
        let store = try await subject.open()
        do {
            let result = try await body(store)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// Drops the test's database (the shared cluster stays for the other tests).
    func stop() {
        guard let cluster else { return }
        _ = try? cluster.psql("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
    }
}

@Suite struct StoreTests {
    static func temporaryPath() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("headstart-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("headstart.sqlite").path
    }

    static let at = Date(timeIntervalSince1970: 1_795_694_400)

    static func recommendations(_ plan: String) -> StoredRecommendations {
        StoredRecommendations(
            plan: plan,
            document: Data(repeating: 7, count: 100_000),
            explained: Data(repeating: 8, count: 200_000),
            asOf: "2026-11-26",
            catalogVersion: "v",
            nextReplanAt: "2027-01-15",
            summary: ["placed": 1, "late": 0],
            computedAt: at,
            stale: .init(catalogVersion: "w", errors: ["e"]),
            retiring: ["2027-04-14"]
        )
    }

    @Test(arguments: StoreUnderTest.Kind.allCases)
    func whatWasWrittenIsThereAfterReopening(kind: StoreUnderTest.Kind) async throws {
        let subject = try StoreUnderTest(kind)
        defer { subject.stop() }
        let at = Self.at
        do {
            let store = try await subject.open()
            try await store.write { tx in
                try await tx.insertRevision(PlanRevision(plan: "p", revision: 1, yaml: Data("a: 1\0b".utf8), submitterUID: 1000, submittedAt: at))
                try await tx.savePlan(PlanRecord(name: "p", owner: "o", ownerUID: 4_000_000_000, revision: 1, createdAt: at, updatedAt: at))
                try await tx.saveRecommendations(Self.recommendations("p"))
                try await tx.appendEvent(type: "plan-submitted", plan: "p", ownerUID: 1000, time: at, payload: Data("{}".utf8))
            }
            try await store.close()
        }
        let reopened = try await subject.open()
        let (plan, revision, events, stored) = try await reopened.read { tx in
            (
                try await tx.plan(named: "p"), try await tx.revision(of: "p"), try await tx.events(after: 0, limit: 10),
                try await tx.recommendations(of: "p")
            )
        }
        #expect(plan?.ownerUID == 4_000_000_000)
        #expect(revision?.yaml == Data("a: 1\0b".utf8))
        #expect(revision?.submittedAt == at)
        #expect(events.map(\.revision) == [1])
        #expect(events.first?.ownerUID == 1000)
        #expect(stored == Self.recommendations("p"))
        #expect(try await reopened.write { tx in try await tx.nextRevisionNumber(of: "p") } == 2)
        try await reopened.close()
    }

    @Test func aFileThatIsNoDatabaseIsRefusedNotReplaced() throws {
        let path = try Self.temporaryPath()
        let garbage = Data(repeating: 0x5A, count: 8192)
        _ = FileManager.default.createFile(atPath: path, contents: garbage)
        #expect(throws: StoreError.self) { try SQLiteStore(path: path) }
        #expect(FileManager.default.contents(atPath: path) == garbage)
    }

    @Test(arguments: StoreUnderTest.Kind.allCases)
    func metadataQueriesLeaveTheDocumentsOut(kind: StoreUnderTest.Kind) async throws {
        try await StoreUnderTest.with(kind) { store in
            let at = Self.at
            try await store.write { tx in
                try await tx.savePlan(PlanRecord(name: "p", owner: nil, ownerUID: nil, revision: 1, createdAt: at, updatedAt: at))
                try await tx.saveRecommendations(Self.recommendations("p"))
            }
            let meta = try #require(try await store.read { tx in try await tx.allRecommendationsWithoutDocuments() }.first)
            #expect(meta.document.isEmpty && meta.explained.isEmpty)
            #expect(meta.asOf == "2026-11-26" && meta.catalogVersion == "v" && meta.nextReplanAt == "2027-01-15" && meta.computedAt == at)
            #expect(meta.summary == ["placed": 1, "late": 0] && meta.stale?.errors == ["e"] && meta.retiring == ["2027-04-14"])
            #expect(try await store.read { tx in try await tx.recommendations(of: "p") }?.explained.count == 200_000)
        }
    }

    /// A placement keeps the run it was exported with, a need left without one keeps its status,
    /// and a placement without a run reads back without one.
    @Test(arguments: StoreUnderTest.Kind.allCases)
    func placementsKeepTheirRunAndUnplacedNeedsTheirStatus(kind: StoreUnderTest.Kind) async throws {
        try await StoreUnderTest.with(kind) { store in
            let at = Self.at
            let run = Placement.Run(
                served: "gpt-x",
                model: "gpt-x-mini",
                modelVersion: "2026-11-01",
                processing: .regional,
                until: "2027-04-14",
                flags: [.firstAccess, .preview]
            )
            let placements = [
                Placement(workload: "w", capability: "c", cloud: "azure", region: "weu", since: "2026-11-26", run: run),
                Placement(workload: "w", capability: "d", cloud: "aws", region: "euc", since: "2026-11-20"),
            ]
            let recommendations = {
                var r = Self.recommendations("p")
                r.unplaced = [Unplaced(workload: "v", capability: "c", status: .late, starts: "2027-02-01")]
                return r
            }()
            try await store.write { tx in
                try await tx.savePlan(PlanRecord(name: "p", owner: nil, ownerUID: nil, revision: 1, createdAt: at, updatedAt: at))
                try await tx.saveRecommendations(recommendations)
                try await tx.savePlacements(placements, of: "p")
            }
            let (readPlacements, readRecommendations) = try await store.read { tx in
                (try await tx.placements(of: "p"), try await tx.recommendations(of: "p"))
            }
            #expect(readPlacements.sorted { $0.capability < $1.capability } == placements)
            #expect(readRecommendations?.unplaced == recommendations.unplaced)
        }
    }

    /// Deleting a plan takes its recommendations and placements (the schema's cascade), and
    /// leaves its revisions and events.
    @Test(arguments: StoreUnderTest.Kind.allCases)
    func aDeletedPlansChildRowsGoWithIt(kind: StoreUnderTest.Kind) async throws {
        try await StoreUnderTest.with(kind) { store in
            let at = Self.at
            try await store.write { tx in
                try await tx.savePlan(PlanRecord(name: "p", owner: nil, ownerUID: nil, revision: 1, createdAt: at, updatedAt: at))
                try await tx.insertRevision(PlanRevision(plan: "p", revision: 1, yaml: Data("y".utf8), submitterUID: nil, submittedAt: at))
                try await tx.saveRecommendations(Self.recommendations("p"))
                try await tx.savePlacements([Placement(workload: "w", capability: "c", cloud: "aws", region: "r", since: "2026-11-26")], of: "p")
                try await tx.appendEvent(type: "plan-submitted", plan: "p", ownerUID: nil, time: at, payload: Data("{}".utf8))
            }
            #expect(try await store.write { tx in try await tx.deletePlan(named: "p") })
            let (recommendations, placements, revision, events) = try await store.read { tx in
                (
                    try await tx.recommendations(of: "p"), try await tx.placements(of: "p"), try await tx.revision(of: "p"),
                    try await tx.events(after: 0, limit: 9)
                )
            }
            #expect(recommendations == nil && placements.isEmpty)
            #expect(revision != nil && events.count == 1)
            #expect(try await store.write { tx in try await tx.deletePlan(named: "p") } == false)
        }
    }

    struct Abandoned: Error {}

    /// A transaction that throws leaves nothing behind, and the next one runs.
    @Test(arguments: StoreUnderTest.Kind.allCases)
    func aFailedTransactionIsRolledBack(kind: StoreUnderTest.Kind) async throws {
        try await StoreUnderTest.with(kind) { store in
            let at = Self.at
            await #expect(throws: StoreError.self) {
                try await store.write { tx in
                    try await tx.savePlan(PlanRecord(name: "p", owner: nil, ownerUID: nil, revision: 1, createdAt: at, updatedAt: at))
                    try await tx.appendEvent(type: "plan-submitted", plan: "p", ownerUID: nil, time: at, payload: Data("{}".utf8))
                    throw Abandoned()
                }
            }
            #expect(try await store.read { tx in try await tx.planCount() } == 0)
            #expect(try await store.read { tx in try await tx.lastEventRevision() } == 0)
            try await store.write { tx in try await tx.appendEvent(type: "shutdown", plan: nil, ownerUID: nil, time: at, payload: Data("{}".utf8)) }
            #expect(try await store.read { tx in try await tx.lastEventRevision() } == 1)
        }
    }

    /// Concurrent write transactions run one at a time: each reads the log's end and appends
    /// after it, and no two see the same end.
    @Test(arguments: StoreUnderTest.Kind.allCases)
    func writeTransactionsDoNotInterleave(kind: StoreUnderTest.Kind) async throws {
        try await StoreUnderTest.with(kind) { store in
            let at = Self.at
            let seen = try await withThrowingTaskGroup(of: (Int64, Int64).self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        try await store.write { tx in
                            let before = try await tx.lastEventRevision()
                            await Task.yield()
                            let event = try await tx.appendEvent(type: "shutdown", plan: nil, ownerUID: nil, time: at, payload: Data("{}".utf8))
                            return (before, event.revision)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(seen.allSatisfy { $0.1 == $0.0 + 1 })
            #expect(Set(seen.map(\.1)) == Set(1...40))
        }
    }

    /// Rows as the previous release wrote them (JSON columns as blobs, by hand-written SQL) read
    /// back through the records.
    @Test func rowsOfThePreviousReleaseReadBack() async throws {
        let store = try await Self.storeWithPlanP { db in
            try db.execute(
                sql: """
                    INSERT INTO recommendation (plan, document, explained, as_of, catalog_version, next_replan_at, summary, computed_at,
                                                stale_catalog_version, stale_errors, retiring)
                    VALUES ('p', X'7B7D', X'7B7D', '2026-11-26', 'v', NULL, ?, ?, 'w', ?, ?)
                    """,
                arguments: [Data(#"{"late":0,"placed":4}"#.utf8), Self.at, Data(#"["e"]"#.utf8), Data(#"["2027-04-14"]"#.utf8)]
            )
            try db.execute(
                sql: "INSERT INTO event (type, plan, owner_uid, time, payload) VALUES ('plan-deleted', 'p', 1001, ?, ?)",
                arguments: [Self.at, Data(#"{"planRevision":1}"#.utf8)]
            )
        }
        let (plan, meta, events) = try await store.read { tx in
            (try await tx.plan(named: "p"), try await tx.recommendationsWithoutDocuments(of: "p"), try await tx.events(after: 0, limit: 5))
        }
        #expect(plan?.ownerUID == 1001)
        #expect(
            meta?.summary == ["late": 0, "placed": 4] && meta?.stale == .init(catalogVersion: "w", errors: ["e"]) && meta?.retiring == ["2027-04-14"]
        )
        #expect(events.first?.payload == Data(#"{"planRevision":1}"#.utf8) && events.first?.ownerUID == 1001 && events.first?.time == Self.at)
    }

    /// A day column written by another program that is not a day is a store error with its own
    /// code, not a crash and not a silently dropped placement.
    @Test func aStoredDayThatIsNotADayIsACorruptStore() async throws {
        let store = try await Self.storeWithPlanP { db in
            try db.execute(
                sql: "INSERT INTO placement (plan, workload, capability, cloud, region, since) VALUES ('p', 'w', 'c', 'aws', 'r', '26/11/2026')"
            )
        }
        let error = await #expect(throws: StoreError.self) { try await store.read { tx in try await tx.placements(of: "p") } }
        #expect(error?.code == .corrupt && error?.code.rawValue == "store-corrupt")
        #expect(error?.message.contains("26/11/2026") == true)
    }

    /// A new SQLite store holding plan `p` (owner uid 1001) and the rows `rows` writes by hand.
    static func storeWithPlanP(_ rows: @escaping @Sendable (Database) throws -> Void) async throws -> SQLiteStore {
        let path = try Self.temporaryPath()
        try await SQLiteStore(path: path).close()
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(
                sql: "INSERT INTO plan (name, owner, owner_uid, revision, created_at, updated_at) VALUES ('p', NULL, 1001, 1, ?, ?)",
                arguments: [Self.at, Self.at]
            )
            try rows(db)
        }
        try queue.close()
        return try SQLiteStore(path: path)
    }
}

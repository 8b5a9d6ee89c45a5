import Foundation
import HeadstartEngine
import HeadstartStore
import Synchronization
import TestSupport
import Testing

/// What a store shared between hosts adds: owners' hosts, imported events, a copy from SQLite,
/// commit notifications and one leader at a time.
@Suite struct SharedStoreTests {
    static let at = StoreTests.at

    @Test(arguments: StoreUnderTest.Kind.allCases)
    func hostsImportedEventsAndTheCatalogVersionReadBack(kind: StoreUnderTest.Kind) async throws {
        try await StoreUnderTest.with(kind) { store in
            let at = Self.at
            try await store.write { tx in
                try await tx.savePlan(
                    PlanRecord(name: "p", owner: nil, ownerUID: 1000, ownerHost: "host-a", revision: 1, createdAt: at, updatedAt: at)
                )
                try await tx.importEvent(
                    StoredEvent(
                        revision: 41,
                        type: "plan-submitted",
                        plan: "p",
                        ownerUID: 1000,
                        ownerHost: "host-a",
                        time: at,
                        payload: Data("{}".utf8)
                    )
                )
                try await tx.saveCatalog(StoredCatalog(yaml: Data("x".utf8), version: "v9", replacedAt: at, replacedByUID: 0))
            }
            // Appends continue after an imported revision.
            let next = try await store.write { tx in
                try await tx.appendEvent(type: "plan-deleted", plan: "p", ownerUID: 1000, ownerHost: "host-a", time: at, payload: Data("{}".utf8))
            }
            #expect(next.revision == 42)
            let (plan, events, version) = try await store.read { tx in
                (try await tx.plan(named: "p"), try await tx.events(after: 0, limit: 10), try await tx.catalogVersion())
            }
            #expect(plan?.ownerHost == "host-a" && plan?.ownerUID == 1000)
            #expect(events.map(\.revision) == [41, 42] && events.allSatisfy { $0.ownerHost == "host-a" })
            #expect(version == "v9")
        }
    }

    /// A SQLite store copied into PostgreSQL: the same plans, revisions, documents and log, with
    /// hosts given; a second copy into the now non-empty database writes nothing.
    @Test func aSQLiteStoreCopiesIntoPostgreSQL() async throws {
        let at = Self.at
        let source = try SQLiteStore(path: try StoreTests.temporaryPath())
        try await source.write { tx in
            for name in ["a", "b"] {
                try await tx.savePlan(PlanRecord(name: name, owner: "team", ownerUID: 1000, revision: 2, createdAt: at, updatedAt: at))
                for n in 1...2 {
                    try await tx.insertRevision(
                        PlanRevision(plan: name, revision: n, yaml: Data("\(name)\(n)".utf8), submitterUID: 1000, submittedAt: at)
                    )
                }
                try await tx.saveRecommendations(StoreTests.recommendations(name))
                try await tx.savePlacements([Placement(workload: "w", capability: "c", cloud: "aws", region: "r", since: "2026-11-26")], of: name)
                try await tx.appendEvent(type: "plan-submitted", plan: name, ownerUID: 1000, time: at, payload: Data("{\"n\":1}".utf8))
            }
            try await tx.insertRevision(PlanRevision(plan: "gone", revision: 1, yaml: Data("g".utf8), submitterUID: nil, submittedAt: at))
            try await tx.appendEvent(type: "shutdown", plan: nil, ownerUID: nil, time: at, payload: Data("{}".utf8))
            try await tx.saveCatalog(StoredCatalog(yaml: Data("catalog".utf8), version: "v2", replacedAt: at, replacedByUID: 0))
            try await tx.saveListing(ListingStoreTests.listing(on: "2026-11-20"))
            try await tx.recordSightings([ListingStoreTests.sighting("2026-11-10", "2026-11-20")])
        }
        try await StoreUnderTest.with(.postgres) { target in
            let counts = try await StoreCopy(hostName: "old-host").copy(from: source, to: target)
            #expect(counts == StoreCopy.Counts(plans: 2, revisions: 5, events: 3, catalog: true, listings: 1))
            #expect(try await target.read { tx in try await tx.listings() } == [ListingStoreTests.listing(on: "2026-11-20")])
            #expect(try await target.read { tx in try await tx.sightings() } == [ListingStoreTests.sighting("2026-11-10", "2026-11-20")])
            let (plans, revisions, events, catalog, recommendations, placements) = try await target.read { tx in
                (
                    try await tx.plans(), try await tx.allRevisions(), try await tx.events(after: 0, limit: 10), try await tx.catalog(),
                    try await tx.recommendations(of: "b"), try await tx.placements(of: "a")
                )
            }
            let original = try await source.read { tx in (try await tx.allRevisions(), try await tx.events(after: 0, limit: 10)) }
            #expect(plans.map(\.name) == ["a", "b"] && plans.allSatisfy { $0.ownerHost == "old-host" && $0.ownerUID == 1000 })
            #expect(revisions == original.0)
            #expect(events.map(\.revision) == original.1.map(\.revision) && events.map(\.payload) == original.1.map(\.payload))
            #expect(events.map(\.ownerHost) == ["old-host", "old-host", nil])
            #expect(catalog?.version == "v2" && catalog?.yaml == Data("catalog".utf8))
            #expect(recommendations == StoreTests.recommendations("b"))
            #expect(placements.count == 1)
            #expect(
                try await target.write { tx in
                    try await tx.appendEvent(type: "shutdown", plan: nil, ownerUID: nil, time: at, payload: Data("{}".utf8))
                }.revision == 4
            )
            await #expect(throws: StoreError.self) { try await StoreCopy(hostName: "x").copy(from: source, to: target) }
            #expect(try await target.read { tx in try await tx.planCount() } == 2)
        }
        try await source.close()
    }

    /// A commit on one daemon's store is heard on another's, revision by revision.
    @Test func commitsAreHeardByEveryStoreOnTheDatabase() async throws {
        let subject = try StoreUnderTest(.postgres)
        defer { subject.stop() }
        guard let writer = try await subject.open() as? PostgresStore, let listener = try await subject.open() as? PostgresStore else {
            Issue.record("not PostgreSQL stores")
            return
        }
        var heard = listener.commits().makeAsyncIterator()
        // The first word is "listening now": read the log after what you know.
        #expect(await heard.next() == .listening)
        for _ in 0..<3 {
            try await writer.write { tx in
                try await tx.appendEvent(type: "shutdown", plan: nil, ownerUID: nil, time: Self.at, payload: Data("{}".utf8))
            }
        }
        #expect(await [heard.next(), heard.next(), heard.next()] == [.committed(1), .committed(2), .committed(3)])
        try await writer.close()
        try await listener.close()
    }

    /// Deploy's roles script, applied as an administrator would: the daemons' role migrates and
    /// works in its own schema, and may do nothing outside it.
    @Test func theDeployedRoleRunsTheStoreAndNothingMore() async throws {
        let cluster = try PostgresCluster.shared()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("Deploy/shared/postgres-roles.sql").path
        let database = "roles_" + UUID().uuidString.prefix(8).lowercased()
        let role = "daemon_" + UUID().uuidString.prefix(8).lowercased()
        _ = try cluster.psql(["-v", "role=\(role)", "-v", "database=\(database)", "-v", "password='unused'", "-f", script])
        defer { _ = try? cluster.psql("DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
        let store = try await PostgresStore(
            location: PostgresLocation(
                socketPath: cluster.socketDirectory + "/.s.PGSQL.\(cluster.port)",
                username: role,
                database: database
            )
        )
        try await store.write { tx in
            try await tx.savePlan(PlanRecord(name: "p", owner: nil, ownerUID: 1, ownerHost: "h", revision: 1, createdAt: Self.at, updatedAt: Self.at))
            try await tx.appendEvent(type: "shutdown", plan: nil, ownerUID: nil, time: Self.at, payload: Data("{}".utf8))
        }
        #expect(try await store.read { tx in try await tx.planCount() } == 1)
        try await store.close()
        #expect(try cluster.psql("SELECT schemaname FROM pg_tables WHERE tablename = 'plan'", database: database) == "headstart")
        for forbidden in ["CREATE TABLE public.t (i int)", "CREATE DATABASE elsewhere", "CREATE ROLE other", "CREATE SCHEMA other"] {
            #expect(throws: PostgresCluster.Failure.self, "\(forbidden)") { try cluster.psql(["-c", forbidden], user: role, database: database) }
        }
        // Other databases: it may connect where PUBLIC may (the cluster's default), and create nothing.
        #expect(throws: PostgresCluster.Failure.self) { try cluster.psql(["-c", "CREATE TABLE t (i int)"], user: role, database: "postgres") }
    }

    /// One leader at a time: the second store leads only once the first has let go.
    @Test func oneLeaderAtATimeAndATakeoverWhenItLetsGo() async throws {
        let subject = try StoreUnderTest(.postgres)
        defer { subject.stop() }
        guard let first = try await subject.open() as? PostgresStore, let second = try await subject.open() as? PostgresStore else {
            Issue.record("not PostgreSQL stores")
            return
        }
        let (changes, change) = AsyncStream<String>.makeStream()
        // A connection given up under load (a slow answer past its deadline) is replaced: not what this test is about.
        let a = Task { await first.lead(interval: .milliseconds(100)) { if Self.label($0) != "failed" { change.yield("a:\(Self.label($0))") } } }
        var seen = changes.makeAsyncIterator()
        #expect(await seen.next() == "a:true")
        let b = Task { await second.lead(interval: .milliseconds(100)) { if Self.label($0) != "failed" { change.yield("b:\(Self.label($0))") } } }
        // Once the follower has tried (and failed: its last query is the try, the leader's is its
        // check), the leader goes.
        let cluster = try #require(subject.cluster)
        let tried = """
            SELECT count(*) FROM pg_stat_activity WHERE datname = '\(subject.database)' AND query LIKE 'SELECT pg_try_advisory_lock%'
            """
        var attempts = 0
        while try cluster.psql(tried) != "1", attempts < 500 {
            attempts += 1
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try cluster.psql(tried) == "1")
        a.cancel()
        #expect(await [seen.next(), seen.next()] == ["a:false", "b:true"])
        b.cancel()
        #expect(await seen.next() == "b:false")
        await a.value
        await b.value
        try await first.close()
        try await second.close()
    }

    static func label(_ notice: ElectionNotice) -> String {
        switch notice {
        case .leading: "true"
        case .following: "false"
        case .failed: "failed"
        }
    }
}

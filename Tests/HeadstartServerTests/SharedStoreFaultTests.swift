import Foundation
import HeadstartStore
import Synchronization
import TestSupport
import Testing

/// The shared store's connections when the database drops them: a follower whose connection is
/// ended still takes over, a leader whose lock connection is ended steps down at once and its
/// term's writes are refused, and the listener comes back. Each on a real throwaway cluster.
@Suite struct SharedStoreFaultTests {
    static let at = Date(timeIntervalSince1970: 1_780_000_000)

    /// Notices as they come, for waiting on one.
    final class Notices<T: Sendable>: Sendable {
        private let seen = Mutex<[T]>([])
        func append(_ notice: T) { seen.withLock { $0.append(notice) } }
        var all: [T] { seen.withLock { $0 } }

        /// Waits (bounded) until `condition` holds of what has been seen.
        func wait(seconds: Double = 10, _ condition: ([T]) -> Bool) async -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if condition(all) { return true }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return condition(all)
        }
    }

    /// Ends the server sessions of `database` whose last query matches `pattern`; how many.
    static func terminate(_ cluster: PostgresCluster, _ database: String, querying pattern: String) throws -> Int {
        Int(
            try cluster.psql(
                """
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = '\(database)' AND pid <> pg_backend_pid() AND query LIKE '\(pattern)'
                """
            )
        ) ?? 0
    }

    /// Two stores on a fresh database of the shared cluster.
    static func twoStores() async throws -> (StoreUnderTest, PostgresCluster, PostgresStore, PostgresStore) {
        let subject = try StoreUnderTest(.postgres)
        let cluster = try #require(subject.cluster)
        let first = try #require(try await subject.open() as? PostgresStore)
        let second = try #require(try await subject.open() as? PostgresStore)
        return (subject, cluster, first, second)
    }

    static func leading(_ notices: [ElectionNotice]) -> [LeaderTerm] {
        notices.compactMap { if case .leading(let term) = $0 { term } else { nil } }
    }

    @Test func aFollowerWhoseConnectionIsEndedStillTakesOver() async throws {
        let (subject, cluster, first, second) = try await Self.twoStores()
        defer { subject.stop() }
        let a = Notices<ElectionNotice>()
        let b = Notices<ElectionNotice>()
        let leader = Task { await first.lead(interval: .milliseconds(100)) { a.append($0) } }
        #expect(await a.wait { !Self.leading($0).isEmpty })
        let follower = Task { await second.lead(interval: .milliseconds(100)) { b.append($0) } }
        // The follower's session (its last query is the lock attempt) is ended by the server.
        var ended = 0
        for _ in 0..<250 where ended == 0 {
            ended = try Self.terminate(cluster, subject.database, querying: "SELECT pg_try_advisory_lock%")
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(ended == 1)
        #expect(await b.wait { $0.contains { if case .failed = $0 { true } else { false } } }, "the follower never noticed: \(b.all)")
        // The leader goes: the follower, on a new connection, leads.
        leader.cancel()
        await leader.value
        #expect(await b.wait { !Self.leading($0).isEmpty }, "\(b.all)")
        follower.cancel()
        await follower.value
        try await first.close()
        try await second.close()
    }

    @Test func aLeaderWhoseLockConnectionIsEndedStepsDownAndItsTermWritesNothing() async throws {
        let (subject, cluster, first, second) = try await Self.twoStores()
        defer { subject.stop() }
        let a = Notices<ElectionNotice>()
        let b = Notices<ElectionNotice>()
        // A long interval: stepping down must come from the closed connection, not from the next check.
        let leader = Task { await first.lead(interval: .seconds(5)) { a.append($0) } }
        #expect(await a.wait { !Self.leading($0).isEmpty })
        let old = try #require(Self.leading(a.all).first)
        let follower = Task { await second.lead(interval: .milliseconds(100)) { b.append($0) } }
        let holder = """
            SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND s.datname = '\(subject.database)' AND s.pid <> pg_backend_pid()
            """
        let endedAt = Date()
        #expect(try cluster.psql(holder) == "1")
        #expect(await a.wait(seconds: 2) { $0.contains(.following) }, "\(a.all)")
        let noticed = Date().timeIntervalSince(endedAt)
        print(String(format: "the leader noticed its lost lock in %.2f s (check interval 5 s)", noticed))
        #expect(noticed < 2)
        #expect(await b.wait { !Self.leading($0).isEmpty }, "\(b.all)")
        let new = try #require(Self.leading(b.all).first)
        #expect(new.epoch > old.epoch)
        // The old term's write is refused and writes nothing; the new term's commits.
        await #expect(throws: StoreError.self) {
            try await first.write { tx in
                try await tx.requireLeadership(old)
                try await tx.appendEvent(type: "replanned", plan: nil, ownerUID: nil, time: Self.at, payload: Data("{}".utf8))
            }
        }
        do {
            _ = try await first.write { tx in try await tx.requireLeadership(old) }
        } catch {
            #expect(error.code == .notLeader, "\(error)")
        }
        try await second.write { tx in
            try await tx.requireLeadership(new)
            try await tx.appendEvent(type: "replanned", plan: nil, ownerUID: nil, time: Self.at, payload: Data("{}".utf8))
        }
        #expect(try await second.read { tx in try await tx.lastEventRevision() } == 1)
        leader.cancel()
        follower.cancel()
        await leader.value
        await follower.value
        try await first.close()
        try await second.close()
    }

    @Test func theListenerComesBackAfterItsSessionIsEnded() async throws {
        let (subject, cluster, writer, listener) = try await Self.twoStores()
        defer { subject.stop() }
        let heard = Notices<CommitNotice>()
        let listening = Task { for await notice in listener.commits() { heard.append(notice) } }
        #expect(await heard.wait { $0 == [.listening] })
        #expect(try Self.terminate(cluster, subject.database, querying: "LISTEN%") == 1)
        #expect(await heard.wait { $0.filter { $0 == .listening }.count == 2 }, "\(heard.all)")
        #expect(heard.all.contains { if case .failed = $0 { true } else { false } })
        _ = try await writer.write { tx in
            try await tx.appendEvent(type: "shutdown", plan: nil, ownerUID: nil, time: Self.at, payload: Data("{}".utf8))
        }
        #expect(await heard.wait { $0.last == .committed(1) }, "\(heard.all)")
        listening.cancel()
        await listening.value
        try await writer.close()
        try await listener.close()
    }

    /// With the server gone, a read or write waits for a connection at most the pool's wait,
    /// then fails; it waited forever.
    @Test func aStoreWhoseServerIsGoneFailsWithinItsPoolWait() async throws {
        let cluster = try PostgresCluster()
        defer { cluster.stop() }
        let database = try cluster.freshDatabase()
        let location = PostgresLocation(socketPath: cluster.socketDirectory + "/.s.PGSQL.\(cluster.port)", username: cluster.user, database: database)
        let store = try await PostgresStore(location: location, poolWait: .seconds(1))
        #expect(try await store.read { tx in try await tx.planCount() } == 0)
        cluster.stop()
        for write in [false, true] {
            let start = ContinuousClock.now
            do {
                if write {
                    _ = try await store.write { tx in
                        try await tx.appendEvent(type: "shutdown", plan: nil, ownerUID: nil, time: Self.at, payload: Data("{}".utf8))
                    }
                } else {
                    _ = try await store.read { tx in try await tx.planCount() }
                }
                Issue.record("a \(write ? "write" : "read") with the server gone succeeded")
            } catch {
                print("with the server gone, a \(write ? "write" : "read") failed after \(ContinuousClock.now - start): \(error.message)")
            }
            #expect(ContinuousClock.now - start < .seconds(5))
        }
        try await store.close()
    }
}

import Foundation
import Testing
import TestSupport

/// The throwaway cluster the PostgreSQL tests run on: it starts as an unprivileged user, answers
/// only on its Unix socket, and is gone after `stop()`.
@Suite struct PostgresClusterTests {
    @Test func aClusterStartsOnItsSocketAloneAndStopsClean() throws {
        let cluster = try PostgresCluster()
        defer { cluster.stop() }
        #expect(try cluster.psql("SELECT 1") == "1", Comment(rawValue: cluster.log))
        #expect(try cluster.psql("SHOW listen_addresses") == "", "the cluster listens on TCP")
        #expect(try cluster.psql("SELECT current_setting('is_superuser')") == "on")
        #expect(FileManager.default.fileExists(atPath: cluster.socketDirectory + "/.s.PGSQL.\(cluster.port)"))
        cluster.stop()
        #expect(!FileManager.default.fileExists(atPath: cluster.folder))
    }
}

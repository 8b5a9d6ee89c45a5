import Foundation
import TestSupport
import Testing

/// The throwaway cluster the PostgreSQL tests run on: it starts as an unprivileged user, answers
/// only on its Unix socket, and is gone after `stop()`.
@Suite struct PostgresClusterTests {
    @Test func aClusterStartsOnItsSocketAloneAndStopsClean() throws {
        // A pipe open in the test process while the server starts (as another test's child's
        // stdin would be) must not be held open by the server: that child would never see EOF.
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { for end in ends { close(end) } }
        let pipeName = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(ends[1])")
        let cluster = try PostgresCluster()
        defer { cluster.stop() }
        let postmaster =
            try String(contentsOfFile: cluster.folder + "/data/postmaster.pid", encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
        let held = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(postmaster)/fd").compactMap {
            try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(postmaster)/fd/\($0)")
        }
        #expect(!held.isEmpty && !held.contains(pipeName), "the server holds \(pipeName)")
        #expect(try cluster.psql("SELECT 1") == "1", Comment(rawValue: cluster.log))
        #expect(try cluster.psql("SHOW listen_addresses") == "", "the cluster listens on TCP")
        #expect(try cluster.psql("SELECT current_setting('is_superuser')") == "on")
        #expect(FileManager.default.fileExists(atPath: cluster.socketDirectory + "/.s.PGSQL.\(cluster.port)"))
        cluster.stop()
        #expect(!FileManager.default.fileExists(atPath: cluster.folder))
    }
}

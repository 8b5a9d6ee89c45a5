import Foundation
import HeadstartStore
import HeadstartYAML
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HeadstartServer

/// The limits that the service and router enforce; the live tests cover connections and timeouts.
@Suite struct LimitTests {
    static func plan(_ name: String) -> String {
        """
        apiVersion: headstart/v1
        kind: WorkloadPlan
        name: \(name)
        horizon: 2028-12-31
        workloads:
          - { name: a, needs: [codex] }

        """
    }

    /// A plan accepted under raised YAML limits is read back under them wherever the daemon reads
    /// a stored plan: a re-plan, a what-if, an export and the report (it was `plan-invalid`,
    /// 422 and left out, read with the built-in limits).
    @Test func aPlanAcceptedUnderRaisedLimitsIsReadBackUnderThem() async throws {
        var limits = DaemonLimits()
        limits.maxBodyBytes = 4 << 20
        limits.yaml = YAMLLimits(maxInputBytes: 4 << 20, maxDepth: 32, maxNodes: 200_000, maxAliases: 1_000, maxScalarBytes: 4_000_000)
        let f = try ServerFixture(maxBodyBytes: 4 << 20, limits: limits)
        let owner = String(repeating: "o", count: 2_000_000)  // over the built-in 1 MiB scalar limit
        let body = Self.plan("big").replacingOccurrences(of: "horizon:", with: "owner: \(owner)\nhorizon:")
        try await f.test { client async throws -> Void in
            #expect(try await client.execute(uri: "/v1/plans/big", method: .put, body: ByteBuffer(string: body)).status == .created)
            let replanned = try await client.execute(uri: "/v1/replan?plan=big", method: .post)
            #expect(replanned.status == .ok)
            #expect(replanned.json?["invalid"] as? Int == 0, "\(String(buffer: replanned.body).prefix(300))")
            #expect(try await client.execute(uri: "/v1/plans/big/recommendations?asOf=2027-01-01", method: .get).status == .ok)
            let export = try await client.execute(uri: "/v1/plans/big/export/litellm", method: .get)
            #expect(export.status == .ok, "\(String(buffer: export.body).prefix(300))")
            #expect(try await client.execute(uri: "/v1/plans/big/report", method: .get).status == .ok)
            let stale = try await client.execute(uri: "/v1/plans", method: .get)
            #expect(!String(buffer: stale.body).contains("plan-invalid") && !String(buffer: stale.body).contains("\"stale\":true"))
        }
    }

    @Test func thePlanCountIsBounded() async throws {
        let f = try ServerFixture(limits: DaemonLimits(maxPlans: 2))
        try await f.test { client async throws -> Void in
            for name in ["one", "two"] {
                #expect(
                    try await client.execute(uri: "/v1/plans/\(name)", method: .put, body: ByteBuffer(string: Self.plan(name))).status == .created
                )
            }
            let third = try await client.execute(uri: "/v1/plans/three", method: .put, body: ByteBuffer(string: Self.plan("three")))
            #expect(third.status.code == 507)
            #expect(third.json?["type"] as? String == "urn:headstart:problem:limit-reached")
            // A new revision of a stored plan is still accepted.
            let again = try await client.execute(uri: "/v1/plans/one", method: .put, body: ByteBuffer(string: Self.plan("one") + "# v2\n"))
            #expect(again.status == .ok)
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    @Test func submittedYAMLIsBounded() async throws {
        let f = try ServerFixture(
            limits: DaemonLimits(yaml: YAMLLimits(maxInputBytes: 1 << 20, maxDepth: 8, maxNodes: 1_000, maxAliases: 10, maxScalarBytes: 100))
        )
        let cases: [(String, String)] = [
            (Self.plan("deep") + "owner: " + String(repeating: "[", count: 50) + String(repeating: "]", count: 50) + "\n", "yaml-too-deep"),
            ("a: &a [1]\nb: [" + Array(repeating: "*a", count: 20).joined(separator: ",") + "]\n", "yaml-too-many-aliases"),
            ("k: [" + Array(repeating: "1", count: 2_000).joined(separator: ",") + "]\n", "yaml-too-many-nodes"),
            ("owner: " + String(repeating: "x", count: 500) + "\n", "yaml-scalar-too-long"),
            (Self.plan("two") + "---\n" + Self.plan("two"), "yaml-multiple-documents"),
        ]
        try await f.test { client async throws -> Void in
            for (body, code) in cases {
                let response = try await client.execute(uri: "/v1/plans/two", method: .put, body: ByteBuffer(string: body))
                #expect(response.status == .unprocessableContent, "\(code)")
                #expect((response.json?["errors"] as? [[String: Any]])?.first?["code"] as? String == code)
            }
            #expect(try await client.execute(uri: "/healthz", method: .get).json?["plans"] as? Int == 0)
        }
    }

    @Test func oldRevisionsAndEventsArePrunedAndAWatcherBehindThemResyncs() async throws {
        let f = try ServerFixture(limits: DaemonLimits(revisionsPerPlan: 2, eventsKept: 3))
        try await f.test { client async throws -> Void in
            for version in 1...4 {
                _ = try await client.execute(uri: "/v1/plans/one", method: .put, body: ByteBuffer(string: Self.plan("one") + "# v\(version)\n"))
            }
            #expect(try await client.execute(uri: "/v1/plans/one?revision=1", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/v1/plans/one?revision=3", method: .get).status == .ok)
        }
        await f.service.announceShutdown()
        let kept = try await f.service.events(after: 0)
        #expect(kept.count <= 4)
        try await f.test { client async throws -> Void in
            let body = String(buffer: try await client.execute(uri: "/v1/events?since=0", method: .get).body)
            let lines = body.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(lines.first?["type"] as? String == "resync")
            #expect(lines.first?["reason"] as? String == "pruned")
            #expect(lines.last?["type"] as? String == "shutdown")
        }
    }

    @Test func aWatcherThatFallsBehindIsCutOffWithBoundedMemory() async throws {
        let hub = EventHub(bufferSize: 3)
        let (id, stream) = await hub.subscribe()
        let events = try (1...10).map {
            try LoggedEvent(
                StoredEvent(revision: Int64($0), type: "plan-deleted", plan: "p", time: Date(), payload: Data(#"{"planRevision":1}"#.utf8))
            )
        }
        await hub.publish(events)
        #expect(await hub.overflowed(id))
        #expect(await hub.watcherCount == 0)
        var received: [Int64] = []
        for await event in stream { received.append(event.revision) }
        // It gets what fitted in its buffer, then the stream ends; the event stream then sends resync.
        #expect(received == [1, 2, 3])
    }
}

import Foundation
import HeadstartServer
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Who may do what, through the router with named callers (the live tests use real uids).
@Suite struct AccessTests {
    static let alice = PeerCredentials(pid: 10, uid: 1001, gid: 1001)
    static let bob = PeerCredentials(pid: 11, uid: 1002, gid: 1002)
    /// An administrator through the admin group (gid 2000) as primary group.
    static let carol = PeerCredentials(pid: 12, uid: 1003, gid: 2000)
    /// The daemon's own uid in these tests.
    static let daemon = PeerCredentials(pid: 13, uid: 999, gid: 999)

    static func submitAsAlice(_ f: ServerFixture) async throws {
        try await f.test(as: Self.alice) { client in
            let created = try await client.execute(
                uri: "/v1/plans/rheinbank-ai",
                method: .put,
                body: ByteBuffer(data: try ServerFixture.fixture("eu-bank.yaml"))
            )
            #expect(created.status == .created)
        }
    }

    @Test func aPlanIsInvisibleToOtherUsers() async throws {
        let f = try ServerFixture(adminGID: 2000)
        try await Self.submitAsAlice(f)
        try await f.test(as: Self.bob) { client in
            #expect((try await client.execute(uri: "/v1/plans", method: .get).json?["plans"] as? [Any])?.isEmpty == true)
            for uri in ["/v1/plans/rheinbank-ai", "/v1/plans/rheinbank-ai/recommendations", "/v1/plans/rheinbank-ai/recommendations?asOf=2027-01-01"]
            {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound)
                // Exactly what a plan that does not exist gets.
                #expect(response.json?["detail"] as? String == "no plan named 'rheinbank-ai'")
            }
            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .delete).status == .notFound)
            let replace = try await client.execute(
                uri: "/v1/plans/rheinbank-ai",
                method: .put,
                body: ByteBuffer(data: try ServerFixture.fixture("eu-bank.yaml"))
            )
            #expect(replace.status == .notFound)
            #expect(try await client.execute(uri: "/v1/replan?plan=rheinbank-ai", method: .post).status == .notFound)
            #expect(try await client.execute(uri: "/v1/replan", method: .post).json?["replanned"] as? Int == 0)
            #expect(try await client.execute(uri: "/healthz", method: .get).json?["plans"] as? Int == 0)
        }
    }

    /// A plan's exports follow the plan's read access.
    @Test func exportsAreTheOwnersAndAdministrators() async throws {
        let f = try ServerFixture(adminGID: 2000)
        try await Self.submitAsAlice(f)
        let (own, other, unknown) = try await f.test(as: Self.alice) { client in
            (
                try await client.execute(uri: "/v1/plans/rheinbank-ai/export/litellm", method: .get),
                try await client.execute(uri: "/v1/plans/rheinbank-ai/export/terraform", method: .get),
                try await client.execute(uri: "/v1/plans/rheinbank-ai/export/helm", method: .get)
            )
        }
        #expect(own.status == .ok && own.headers[.contentType] == "application/yaml")
        #expect(String(buffer: own.body).hasPrefix("# LiteLLM proxy configuration") && String(buffer: own.body).contains("# plans: rheinbank-ai\n"))
        #expect(other.status == .ok && other.headers[.contentType] == "application/json" && other.json?["resource"] != nil)
        #expect(unknown.status == .notFound)
        for peer in [Self.bob] {
            let hidden = try await f.test(as: peer) { client in try await client.execute(uri: "/v1/plans/rheinbank-ai/export/litellm", method: .get) }
            #expect(hidden.status == .notFound && hidden.json?["detail"] as? String == "no plan named 'rheinbank-ai'")
        }
        let admin = try await f.test(as: Self.carol) { client in try await client.execute(uri: "/v1/plans/rheinbank-ai/export/litellm", method: .get)
        }
        #expect(admin.status == .ok)
    }

    /// With a shared store uids are per host: alice on host-a owns her plan, uid 1001 on host-b
    /// is someone else; an administrator on any host administers it.
    @Test func ownersAreUIDsOnTheirHostWithASharedStore() async throws {
        let a = try ServerFixture(hostName: "host-a")
        let b = try ServerFixture(sharing: a, hostName: "host-b")
        try await Self.submitAsAlice(a)
        try await b.test(as: Self.alice) { client in
            #expect((try await client.execute(uri: "/v1/plans", method: .get).json?["plans"] as? [Any])?.isEmpty == true)
            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai/recommendations", method: .get).status == .notFound)
            let replace = try await client.execute(
                uri: "/v1/plans/rheinbank-ai",
                method: .put,
                body: ByteBuffer(data: try ServerFixture.fixture("eu-bank.yaml"))
            )
            #expect(replace.status == .notFound)
            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .delete).status == .notFound)
        }
        try await b.test { client in
            let plan = try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .get)
            #expect(plan.status == .ok)
            #expect(plan.json?["ownerUid"] as? Int == 1001 && plan.json?["ownerHost"] as? String == "host-a")
            #expect(try await client.execute(uri: "/healthz", method: .get).json?["host"] as? String == "host-b")
        }
        let own = try await a.test(as: Self.alice) { client in try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .get).status }
        #expect(own == .ok)
        // Replaced by root on host-b, the plan keeps its owner.
        try await b.test { client in
            let replace = try await client.execute(
                uri: "/v1/plans/rheinbank-ai",
                method: .put,
                body: ByteBuffer(data: try ServerFixture.fixture("eu-bank.yaml") + Data("\n".utf8))
            )
            #expect(replace.status == .ok)
        }
        try await a.test(as: Self.alice) { client in
            let plan = try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .get)
            #expect(plan.json?["revision"] as? Int == 2 && plan.json?["ownerHost"] as? String == "host-a" && plan.json?["ownerUid"] as? Int == 1001)
        }
    }

    /// The owner's read puts the document in the daemon's memory; others still may not see it.
    @Test func aDocumentReadByItsOwnerStaysHiddenFromOthers() async throws {
        let f = try ServerFixture(adminGID: 2000)
        try await Self.submitAsAlice(f)
        for explain in ["", "?explain=true"] {
            let uri = "/v1/plans/rheinbank-ai/recommendations" + explain
            try await f.test(as: Self.alice) { client async throws -> Void in
                #expect(try await client.execute(uri: uri, method: .get).status == .ok)
            }
            for peer in [Self.bob, nil] as [PeerCredentials?] {
                try await f.test(as: peer) { client async throws -> Void in
                    let response = try await client.execute(uri: uri, method: .get)
                    #expect(response.status == .notFound)
                    #expect(response.json?["detail"] as? String == "no plan named 'rheinbank-ai'")
                }
            }
            try await f.test(as: Self.carol) { client async throws -> Void in
                #expect(try await client.execute(uri: uri, method: .get).status == .ok)
            }
        }
    }

    @Test func theReportPageIsServedToThoseWhoMayReadThePlan() async throws {
        let f = try ServerFixture(adminGID: 2000)
        try await Self.submitAsAlice(f)
        try await f.test(as: Self.alice) { client async throws -> Void in
            let page = try await client.execute(uri: "/v1/plans/rheinbank-ai/report", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: page.body)
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(html.components(separatedBy: "<g class=\"lane\"").count - 1 == 6)
            #expect(html.contains("horizon 2033-12-31"))
        }
        try await f.test(as: Self.bob) { client async throws -> Void in
            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai/report", method: .get).status == .notFound)
        }
    }

    @Test(arguments: [("owner", Self.alice), ("root", ServerFixture.root), ("daemon", Self.daemon), ("admin group", Self.carol)])
    func theOwnerRootTheDaemonAndAdminsMayReadAndChange(who: String, peer: PeerCredentials) async throws {
        let f = try ServerFixture(adminGID: 2000)
        try await Self.submitAsAlice(f)
        try await f.test(as: peer) { client async throws -> Void in
            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .get).status == .ok, "\(who)")
            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai/recommendations?asOf=2027-01-01", method: .get).status == .ok)
            #expect((try await client.execute(uri: "/v1/plans", method: .get).json?["plans"] as? [Any])?.count == 1)
            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .delete).status == .noContent)
        }
    }

    @Test func onlyAdministratorsReplaceTheCatalog() async throws {
        let f = try ServerFixture(adminGID: 2000)
        let catalog = String(
            decoding: try Data(
                contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Plans/catalog.yaml")
            ),
            as: UTF8.self
        )
        for peer in [Self.alice, Self.bob, nil] as [PeerCredentials?] {
            try await f.test(as: peer) { client async throws -> Void in
                #expect(try await client.execute(uri: "/v1/catalog", method: .get).status == .ok)
                let put = try await client.execute(uri: "/v1/catalog", method: .put, body: ByteBuffer(string: catalog))
                #expect(put.status == .forbidden)
                #expect(put.json?["type"] as? String == "urn:headstart:problem:forbidden")
            }
        }
        try await f.test(as: Self.carol) { client async throws -> Void in
            #expect(try await client.execute(uri: "/v1/catalog", method: .put, body: ByteBuffer(string: catalog)).status == .ok)
        }
    }

    @Test func theEventStreamShowsOnlyWhatTheCallerMayRead() async throws {
        let f = try ServerFixture(adminGID: 2000)
        try await Self.submitAsAlice(f)
        await f.service.announceShutdown()
        func types(_ peer: PeerCredentials?) async throws -> [String] {
            try await f.test(as: peer) { client async throws -> [String] in
                let body = try await client.execute(uri: "/v1/events?since=0", method: .get).body
                return String(buffer: body).split(separator: "\n").compactMap {
                    (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["type"] as? String
                }
            }
        }
        #expect(try await types(Self.alice) == ["plan-submitted", "recommendations-changed", "shutdown"])
        #expect(try await types(Self.carol) == ["plan-submitted", "recommendations-changed", "shutdown"])
        #expect(try await types(Self.bob) == ["shutdown"])
        #expect(try await types(nil) == ["shutdown"])
    }
}

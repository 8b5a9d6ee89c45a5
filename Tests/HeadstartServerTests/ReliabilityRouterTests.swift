import Foundation
import HeadstartAPI
import HeadstartFormats
import HeadstartStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HeadstartServer

/// The daemon's defects found by trying it as a new user and as an attacker, through the router.
@Suite struct ReliabilityRouterTests {
    static func bank() throws -> ByteBuffer { ByteBuffer(data: try ServerFixture.fixture("eu-bank.yaml")) }

    @Test func aCatalogFileIsTheOnlySourceWhileItIsSet() async throws {
        let f = try ServerFixture(catalogFile: "/etc/headstart/catalog.yaml")
        try await f.test { client async throws -> Void in
            let refused = try await client.execute(uri: "/v1/catalog", method: .put, body: ByteBuffer(bytes: DefaultCatalogBytes.changed()))
            #expect(refused.status == .conflict)
            #expect(refused.json?["type"] as? String == "urn:headstart:problem:catalog-managed-by-file")
            let detail = refused.json?["detail"] as? String ?? ""
            #expect(detail.contains("/etc/headstart/catalog.yaml") && detail.contains("SIGHUP"), "\(detail)")
            #expect(try await client.execute(uri: "/healthz", method: .get).json?["catalogSource"] as? String == "file")
            let catalog = try await client.execute(uri: "/v1/catalog", method: .get)
            #expect(catalog.json?["catalogSource"] as? String == "file")
            #expect(catalog.json?["version"] as? String == "2026-12-01")
        }
    }

    /// Two replacements at once: the catalog in force is the one stored last, and the events
    /// chain (the second names the first as its previous version), in ten rounds out of ten.
    @Test func concurrentCatalogReplacementsAreSerialised() async throws {
        for round in 0..<10 {
            let f = try ServerFixture()
            let versions = ["2026-12-0\(round % 5 + 2)a", "2026-12-0\(round % 5 + 2)b"]
            try await f.test { client async throws -> Void in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for version in versions {
                        let yaml = Array(
                            String(decoding: DefaultCatalog.bytes, as: UTF8.self)
                                .replacingOccurrences(of: "version: \"2026-12-01\"", with: "version: \"\(version)\"").utf8
                        )
                        group.addTask { () async throws -> Void in
                            let status = try await client.execute(uri: "/v1/catalog", method: .put, body: ByteBuffer(bytes: yaml)).status
                            #expect(status == .ok)
                        }
                    }
                    try await group.waitForAll()
                }
                let inForce = try await client.execute(uri: "/v1/catalog", method: .get).json?["version"] as? String
                let stored = try await f.store.read { tx in try await tx.catalogVersion() }
                #expect(inForce == stored, "round \(round)")
            }
            let events = try await f.store.read { tx in try await tx.events(after: 0, limit: 100) }.filter { $0.type == "catalog-replaced" }
            let payloads = events.compactMap { try? JSONSerialization.jsonObject(with: $0.payload) as? [String: Any] }
            #expect(payloads.count == 2)
            #expect(payloads.first?["previousVersion"] as? String == "2026-12-01", "round \(round): \(payloads)")
            #expect(payloads.last?["previousVersion"] as? String == payloads.first?["version"] as? String, "round \(round): \(payloads)")
        }
    }

    @Test func withoutAFileTheCatalogComesFromTheAPI() async throws {
        let f = try ServerFixture()
        try await f.test { client async throws -> Void in
            #expect(try await client.execute(uri: "/healthz", method: .get).json?["catalogSource"] as? String == "built-in")
            #expect(try await client.execute(uri: "/v1/catalog", method: .put, body: ByteBuffer(bytes: DefaultCatalogBytes.changed())).status == .ok)
            #expect(try await client.execute(uri: "/healthz", method: .get).json?["catalogSource"] as? String == "api")
            #expect(try await client.execute(uri: "/v1/catalog", method: .get).json?["catalogSource"] as? String == "api")
        }
    }

    /// The stale mark is written into the stored documents when the answer goes stale, so a read
    /// serves stored bytes; an answer an earlier release marked beside its documents only is
    /// marked at start-up.
    @Test func theStaleMarkIsStoredWithTheDocuments() async throws {
        let f = try ServerFixture()
        let withoutRealtime = try ServerFixture.catalog(without: "gpt-realtime", version: "2026-12-09")
        try await f.test { client async throws -> Void in
            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .put, body: try Self.bank()).status == .created)
            let fresh = try #require(try await f.store.read { tx in try await tx.recommendations(of: "rheinbank-ai") })
            #expect(try await client.execute(uri: "/v1/catalog", method: .put, body: ByteBuffer(data: withoutRealtime)).status == .ok)
            let marked = try #require(try await f.store.read { tx in try await tx.recommendations(of: "rheinbank-ai") })
            let served = try await client.execute(uri: "/v1/plans/rheinbank-ai/recommendations", method: .get).body
            #expect(Array(served.readableBytesView) == Array(marked.document))
            #expect(try APIJSON.decode(RecommendationsBody.self, from: marked.explained).stale?.catalogInForce == "2026-12-09")
            // As an earlier release left it: the mark in its columns, the documents unmarked.
            var unmarked = marked
            (unmarked.document, unmarked.explained) = (fresh.document, fresh.explained)
            let legacy = unmarked
            try await f.store.write { tx in try await tx.saveRecommendations(legacy) }
            await f.service.markStaleDocuments()
            let again = try #require(try await f.store.read { tx in try await tx.recommendations(of: "rheinbank-ai") })
            #expect(again.document == marked.document && again.explained == marked.explained)
        }
    }

    @Test func aPlanThatNoLongerValidatesIsVisiblyStale() async throws {
        let f = try ServerFixture()
        let withoutRealtime = try ServerFixture.catalog(without: "gpt-realtime", version: "2026-12-09")
        try await f.test { client async throws -> Void in
            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .put, body: try Self.bank()).status == .created)
            let replaced = try await client.execute(uri: "/v1/catalog", method: .put, body: ByteBuffer(data: withoutRealtime))
            #expect(replaced.status == .ok)
            #expect(replaced.json?["invalid"] as? [String] == ["rheinbank-ai"])
            // The old answer is still there, and says it is stale.
            let stale = try await client.execute(uri: "/v1/plans/rheinbank-ai/recommendations", method: .get).json ?? [:]
            #expect(stale["catalogVersion"] as? String == "2026-12-01")
            let marker = try #require(stale["stale"] as? [String: Any])
            #expect(marker["catalogInForce"] as? String == "2026-12-09")
            #expect((marker["errors"] as? [String])?.first?.contains("gpt-realtime") == true)
            let explained = try await client.execute(uri: "/v1/plans/rheinbank-ai/recommendations?explain=true", method: .get).json ?? [:]
            #expect(explained["stale"] != nil)
            let listing = (try await client.execute(uri: "/v1/plans", method: .get).json?["plans"] as? [[String: Any]])?.first
            #expect(listing?["status"] as? String == "stale")
            #expect(try await client.execute(uri: "/healthz", method: .get).json?["stalePlans"] as? Int == 1)
            let replan = try await client.execute(uri: "/v1/replan", method: .post).json ?? [:]
            #expect(replan["invalid"] as? Int == 1)
            #expect(try await f.service.events(after: 0).filter { $0.type == "plan-invalid" }.count == 2)
            // A catalog that has the capability again makes the answer current.
            #expect(try await client.execute(uri: "/v1/catalog", method: .put, body: ByteBuffer(bytes: DefaultCatalogBytes.changed())).status == .ok)
            let current = try await client.execute(uri: "/v1/plans/rheinbank-ai/recommendations", method: .get).json ?? [:]
            #expect(current["stale"] == nil)
            #expect(
                (try await client.execute(uri: "/v1/plans", method: .get).json?["plans"] as? [[String: Any]])?.first?["status"] as? String
                    == "current"
            )
        }
    }

    @Test func httpMethodsFollowHTTP() async throws {
        let f = try ServerFixture()
        try await f.test { client async throws -> Void in
            let wrong = try await client.execute(uri: "/healthz", method: .post)
            #expect(wrong.status == .methodNotAllowed)
            #expect(wrong.headers[.allow] == "GET, HEAD")
            let plan = try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .post)
            #expect(plan.status == .methodNotAllowed)
            #expect(plan.headers[.allow] == "DELETE, GET, HEAD, PUT")
            #expect(try await client.execute(uri: "/v1/nothing-here", method: .post).status == .notFound)

            let get = try await client.execute(uri: "/healthz", method: .get)
            let head = try await client.execute(uri: "/healthz", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentType] == get.headers[.contentType])
            let missing = try await client.execute(uri: "/v1/nothing-here", method: .head)
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "application/problem+json")
            #expect(missing.body.readableBytes == 0)
        }
    }

    @Test func booleanQueryParametersAreStrict() async throws {
        let f = try ServerFixture()
        try await f.test { client async throws -> Void in
            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .put, body: try Self.bank()).status == .created)
            for value in ["TRUE", "True", "1", "true"] {
                let explained = try await client.execute(uri: "/v1/plans/rheinbank-ai/recommendations?explain=\(value)", method: .get)
                #expect(((explained.json?["recommendations"] as? [[String: Any]])?.first?["candidates"]) != nil, "\(value)")
            }
            for value in ["FALSE", "0"] {
                let plain = try await client.execute(uri: "/v1/plans/rheinbank-ai/recommendations?explain=\(value)", method: .get)
                #expect(((plain.json?["recommendations"] as? [[String: Any]])?.first?["candidates"]) == nil, "\(value)")
            }
            let maybe = try await client.execute(uri: "/v1/plans/rheinbank-ai/recommendations?explain=maybe", method: .get)
            #expect(maybe.status == .badRequest)
            #expect(maybe.json?["detail"] as? String == "explain must be true, false, 1 or 0, found 'maybe'")
        }
    }

    @Test func percentEncodedSegmentsAreDecoded() async throws {
        let f = try ServerFixture()
        try await f.test { client async throws -> Void in
            // %2D is "-": the name in the URL is the plan's own.
            #expect(try await client.execute(uri: "/v1/plans/rheinbank%2Dai", method: .put, body: try Self.bank()).status == .created)
            #expect(try await client.execute(uri: "/v1/plans/%72heinbank-ai/recommendations", method: .get).status == .ok)
            let missing = try await client.execute(uri: "/v1/plans/a%2Fb", method: .get)
            #expect(missing.json?["detail"] as? String == "no plan named 'a/b'")
            let noRoute = try await client.execute(uri: "/v1/plan%73x/y/z", method: .get)
            #expect((noRoute.json?["detail"] as? String)?.contains("/v1/plansx/y/z") == true)
        }
    }

    @Test func aStreamSinceBeyondTheLogStartsWithAResync() async throws {
        let f = try ServerFixture()
        try await f.test { client async throws -> Void in
            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .put, body: try Self.bank()).status == .created)
        }
        await f.service.announceShutdown()
        try await f.test { client async throws -> Void in
            let lines = String(buffer: try await client.execute(uri: "/v1/events?since=99999", method: .get).body).split(separator: "\n")
            let first = try #require(lines.first.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
            #expect(first["type"] as? String == "resync")
            #expect(first["reason"] as? String == "ahead-of-log")
            #expect(first["resumeFrom"] as? Int == 3)
        }
    }

    /// Two writers commit revisions 1 and 2 and publish in the other order: a live watcher must
    /// still get 1, then 2 (the gap is filled from the log), and each once.
    @Test(.timeLimit(.minutes(1))) func eventsPublishedOutOfOrderReachALiveWatcherInOrder() async throws {
        let f = try ServerFixture()
        let hub = await f.service.hub
        let watcher = Task {
            try await f.test { client in String(buffer: try await client.execute(uri: "/v1/events", method: .get).body) }
        }
        // The watcher subscribes in the handler: wait on that condition, not by spinning (a spin
        // on two cores starved the handler it waited for).
        await hub.waitForWatchers(1)
        try #require(await hub.watcherCount == 1, "the watcher never subscribed")
        let at = ServerFixture.today
        let first = try await f.store.write { tx in try await tx.append(.planDeleted(PlanDeleted(planRevision: 1)), plan: "a", owner: 0, time: at) }
        let second = try await f.store.write { tx in try await tx.append(.planDeleted(PlanDeleted(planRevision: 1)), plan: "b", owner: 0, time: at) }
        await hub.publish([second])
        await hub.publish([first])
        await hub.close()
        let revisions = try await watcher.value.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["revision"] as? Int
        }
        #expect(revisions == [1, 2])
    }

    @Test func aFailingStoreEndsTheStreamLoudly() async throws {
        let f = try ServerFixture()
        try await f.store.close()
        let outcome = try await withThrowingTaskGroup(of: Int?.self) { group in
            group.addTask { try await f.test { client in Int(try await client.execute(uri: "/v1/events?since=0", method: .get).status.code) } }
            // Bounded: a stream that swallowed the error would wait for live events forever.
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                await f.service.hub.close()
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        #expect(outcome == 500)
    }

    @Test func groupsAreResolvedOncePerConnectionNotPerPlan() async throws {
        let f = try ServerFixture(adminGID: 4242)
        let owner = PeerCredentials(pid: 1, uid: 1001, gid: 1001)
        for i in 0..<20 {
            let yaml = "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: p\(i)\nhorizon: 2028-12-31\nworkloads:\n  - { name: w, needs: [codex] }\n"
            _ = try await f.service.submit(yaml: Data(yaml.utf8), expectedName: nil, file: "p", caller: .peer(owner))
        }
        // As accepted: groups looked up once, with the credentials.
        let policy = await f.service.policy
        let resolved = policy.resolvingGroups(PeerCredentials(pid: 2, uid: 65534, gid: 65534))
        #expect(resolved.groups != nil)
        let before = policy.groupLookups.count
        #expect(try await f.service.queries.plans(caller: .peer(resolved)).plans.isEmpty)
        #expect(policy.groupLookups.count == before, "a listing looked the groups up per plan")
    }
}

/// The shipped catalog under a new version, for replacements.
enum DefaultCatalogBytes {
    static func changed() -> [UInt8] {
        Array(
            String(decoding: DefaultCatalog.bytes, as: UTF8.self)
                .replacingOccurrences(of: "version: \"2026-12-01\"", with: "version: \"2026-12-02\"").utf8
        )
    }
}

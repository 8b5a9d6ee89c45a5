import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HeadstartServer

/// The API through HummingbirdTesting's in-process router.
@Suite struct APIRouterTests {
    @Test func submitCreatesThenStoresRevisionsAndIsIdempotent() async throws {
        let f = try ServerFixture()
        let bank = try ServerFixture.fixture("eu-bank.yaml")
        try await f.test { client in
            let created = try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .put, body: ByteBuffer(data: bank))
            #expect(created.status == .created)
            #expect(created.json?["revision"] as? Int == 1)
            #expect(created.json?["name"] as? String == "rheinbank-ai")
            #expect((created.json?["recommendations"] as? [String: Any])?["asOf"] as? String == "2026-11-26")
            let same = try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .put, body: ByteBuffer(data: bank))
            #expect(same.status == .ok)
            #expect(same.json?["revision"] as? Int == 1)
            let edited = bank + Data("\n# reviewed\n".utf8)
            let second = try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .put, body: ByteBuffer(data: edited))
            #expect(second.status == .ok)
            #expect(second.json?["revision"] as? Int == 2)
            let old = try await client.execute(uri: "/v1/plans/rheinbank-ai?revision=1", method: .get)
            #expect(old.json?["yaml"] as? String == String(decoding: bank, as: UTF8.self))
            #expect(old.json?["latestRevision"] as? Int == 2)
            let missing = try await client.execute(uri: "/v1/plans/rheinbank-ai?revision=9", method: .get)
            #expect(missing.status == .notFound)
        }
    }

    @Test func storedRecommendationsAreTheOfflineJSON() async throws {
        let f = try ServerFixture()
        let bank = try ServerFixture.fixture("eu-bank.yaml")
        let catalog = try CatalogDecoder().decode(DefaultCatalog.bytes, file: "c")
        let plan = try PlanDecoder(catalog: catalog).decode(Array(bank), file: "p")
        let offline = try JSONOutput.recommendations(
            [Planner(catalog: catalog).plan(plan, asOf: Day(ordinal: 20_783))],
            explain: false,
            asArray: false
        )
        try await f.test { client in
            _ = try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .put, body: ByteBuffer(data: bank))
            let stored = try await client.execute(uri: "/v1/plans/rheinbank-ai/recommendations", method: .get)
            #expect(stored.status == .ok)
            #expect(stored.headers[.contentType] == "application/json")
            #expect(stored.data == offline)
        }
    }

    @Test func whatIfComputesAnotherDayWithoutStoringIt() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            _ = try await client.execute(
                uri: "/v1/plans/rheinbank-ai",
                method: .put,
                body: ByteBuffer(data: try ServerFixture.fixture("eu-bank.yaml"))
            )
            // AWS's expected 2027-01-15 has passed unconfirmed by then: azure stays (until gpt-5.5 retires
            // there, when OpenAI's EU region takes over), and tomorrow is re-planned.
            let later = try await client.execute(uri: "/v1/plans/rheinbank-ai/recommendations?asOf=2027-02-01", method: .get)
            #expect(later.json?["asOf"] as? String == "2027-02-01")
            #expect(later.json?["nextReplanAt"] as? String == "2027-02-02")
            let first = (later.json?["recommendations"] as? [[String: Any]])?.first
            #expect((first?["timeline"] as? [[String: Any]])?.map { $0["cloud"] as? String } == ["azure", "openai"])
            let stored = try await client.execute(uri: "/v1/plans/rheinbank-ai/recommendations", method: .get)
            #expect(stored.json?["asOf"] as? String == "2026-11-26")
            let bad = try await client.execute(uri: "/v1/plans/rheinbank-ai/recommendations?asOf=soon", method: .get)
            #expect(bad.status == .badRequest)
        }
    }

    @Test func invalidPlansGetProblemDetailsWithLocations() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let response = try await client.execute(
                uri: "/v1/plans/dates",
                method: .put,
                body: ByteBuffer(data: try ServerFixture.fixture("bad-dates.yaml"))
            )
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(response.json?["type"] as? String == "urn:headstart:problem:invalid-document")
            let errors = response.json?["errors"] as? [[String: Any]] ?? []
            #expect(
                errors.map { "\($0["line"] ?? ""):\($0["column"] ?? "") \($0["code"] ?? "")" } == [
                    "4:10 bad-date", "8:15 bad-date", "11:15 bad-date",
                ]
            )
            let listing = try await client.execute(uri: "/v1/plans", method: .get)
            #expect((listing.json?["plans"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func aNameThatDiffersFromTheURLIsAConflict() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let response = try await client.execute(
                uri: "/v1/plans/other",
                method: .put,
                body: ByteBuffer(data: try ServerFixture.fixture("eu-bank.yaml"))
            )
            #expect(response.status == .conflict)
            #expect(response.json?["type"] as? String == "urn:headstart:problem:name-mismatch")
        }
    }

    @Test func deleteRemovesThePlanButNotItsHistory() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            _ = try await client.execute(
                uri: "/v1/plans/rheinbank-ai",
                method: .put,
                body: ByteBuffer(data: try ServerFixture.fixture("eu-bank.yaml"))
            )
            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .delete).status == .noContent)
            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai/recommendations", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .delete).status == .notFound)
        }
        let events = try await f.service.events(after: 0)
        #expect(events.map(\.type) == ["plan-submitted", "recommendations-changed", "plan-deleted"])
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.revision < $1.revision })
    }

    @Test func listingSummarisesEveryPlan() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            for (name, file) in [("rheinbank-ai", "eu-bank.yaml"), ("northwind-retail", "us-retailer.yaml")] {
                _ = try await client.execute(uri: "/v1/plans/\(name)", method: .put, body: ByteBuffer(data: try ServerFixture.fixture(file)))
            }
            let plans = try await client.execute(uri: "/v1/plans", method: .get).json?["plans"] as? [[String: Any]] ?? []
            #expect(plans.map { $0["name"] as? String } == ["northwind-retail", "rheinbank-ai"])
            let bank = try #require(plans.last)
            #expect(bank["nextReplanAt"] as? String == "2027-01-15")
            // gpt-realtime has no EU offer, and o4-mini's fine-tuning has retired everywhere it could run.
            #expect((bank["summary"] as? [String: Int])?["unplaceable"] == 2)
            #expect(bank["owner"] as? String == "group-platform-engineering")
        }
    }

    @Test func replacingTheCatalogRePlansAndSaysWhichOfferChanged() async throws {
        let f = try ServerFixture()
        let original = String(decoding: DefaultCatalog.bytes, as: UTF8.self)
        // AWS confirms gpt-5.5 in eu-central-1 early.
        let confirmed =
            original
            .replacingOccurrences(of: "version: \"2026-12-01\"", with: "version: \"2026-12-02\"")
            .replacingOccurrences(of: "regions: [eu-central-1], expected: 2027-01-15", with: "regions: [eu-central-1], since: 2026-11-20")
        try #require(confirmed != original)
        try await f.test { client in
            _ = try await client.execute(
                uri: "/v1/plans/rheinbank-ai",
                method: .put,
                body: ByteBuffer(data: try ServerFixture.fixture("eu-bank.yaml"))
            )
            let bad = try await client.execute(
                uri: "/v1/catalog",
                method: .put,
                body: ByteBuffer(string: "apiVersion: headstart/v1\nkind: Catalog\n")
            )
            #expect(bad.status == .unprocessableContent)
            let replaced = try await client.execute(uri: "/v1/catalog", method: .put, body: ByteBuffer(string: confirmed))
            #expect(replaced.status == .ok)
            #expect(replaced.json?["version"] as? String == "2026-12-02")
            #expect(replaced.json?["changed"] as? [String] == ["rheinbank-ai"])
            let catalog = try await client.execute(uri: "/v1/catalog", method: .get)
            #expect(catalog.json?["version"] as? String == "2026-12-02")
        }
        let events = try await f.service.events(after: 0)
        #expect(events.map(\.type) == ["plan-submitted", "recommendations-changed", "catalog-replaced", "recommendations-changed"])
        let last = try #require(events.last)
        let payload = try #require(try JSONSerialization.jsonObject(with: last.payload) as? [String: Any])
        #expect(payload["changedBecause"] as? String == "catalog")
        #expect((payload["catalogVersions"] as? [String: String]) == ["from": "2026-12-01", "to": "2026-12-02"])
        let changes = payload["changes"] as? [[String: Any]] ?? []
        let advisor = try #require(changes.first { $0["workload"] as? String == "advisor-copilot" })
        #expect(((advisor["after"] as? [String: Any])?["current"] as? [String: Any])?["cloud"] as? String == "aws")
        // The event names the offer whose facts changed.
        let offers = (payload["offers"] as? [[String: Any]] ?? []).compactMap { $0["summary"] as? String }
        #expect(offers == ["aws eu-central-1 confirmed"])
    }

    /// Reads answer from memory; every change must show in the next read all the same.
    @Test func readsAfterAChangeShowTheChange() async throws {
        let f = try ServerFixture()
        let original = String(decoding: DefaultCatalog.bytes, as: UTF8.self)
        let confirmed =
            original
            .replacingOccurrences(of: "version: \"2026-12-01\"", with: "version: \"2026-12-02\"")
            .replacingOccurrences(of: "regions: [eu-central-1], expected: 2027-01-15", with: "regions: [eu-central-1], since: 2026-11-20")
        let bank = try ServerFixture.fixture("eu-bank.yaml")
        // One workload fewer.
        let shorter = Data(
            String(decoding: bank, as: UTF8.self).replacingOccurrences(
                of: "  - name: fraud-model-tuning\n    needs: [o4-mini-rft]\n    stage: preview\n",
                with: ""
            ).utf8
        )
        try #require(shorter != bank)
        try await f.test { client async throws -> Void in
            let uri = "/v1/plans/rheinbank-ai/recommendations"
            _ = try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .put, body: ByteBuffer(data: bank))
            let first = try await client.execute(uri: uri, method: .get).data
            #expect(try await client.execute(uri: uri, method: .get).data == first)
            let explained = try await client.execute(uri: uri + "?explain=true", method: .get).data
            #expect(explained != first)
            #expect(try await client.execute(uri: uri + "?explain=true", method: .get).data == explained)

            _ = try await client.execute(uri: "/v1/catalog", method: .put, body: ByteBuffer(string: confirmed))
            let afterCatalog = try await client.execute(uri: uri, method: .get)
            #expect(afterCatalog.json?["catalogVersion"] as? String == "2026-12-02")
            #expect(afterCatalog.data != first)

            let put = try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .put, body: ByteBuffer(data: shorter))
            let afterPlan = try await client.execute(uri: uri, method: .get)
            #expect(afterPlan.data != afterCatalog.data)
            let sent = try JSONSerialization.data(withJSONObject: try #require(put.json?["recommendations"]), options: [.sortedKeys])
            let read = try JSONSerialization.data(withJSONObject: try #require(afterPlan.json), options: [.sortedKeys])
            #expect(sent == read)

            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .delete).status == .noContent)
            #expect(try await client.execute(uri: uri, method: .get).status == .notFound)
            #expect(try await client.execute(uri: uri + "?explain=true", method: .get).status == .notFound)
        }
    }

    /// Submissions plan before they wait for the store, so a catalog replaced meanwhile must
    /// still reach them: no plan may end up planned with a catalog that is no longer in force.
    @Test func submissionsRacingACatalogReplacementEndOnTheNewCatalog() async throws {
        let f = try ServerFixture()
        let original = String(decoding: DefaultCatalog.bytes, as: UTF8.self)
        let bank = String(decoding: try ServerFixture.fixture("eu-bank.yaml"), as: UTF8.self)
        for round in 1...8 {
            let version = "2026-12-\(String(format: "%02d", round))"
            let catalog = original.replacingOccurrences(of: "version: \"2026-12-01\"", with: "version: \"\(version)\"")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<6 {
                    let name = "bank-\(round)-\(i)"
                    let yaml = Data(bank.replacingOccurrences(of: "name: rheinbank-ai", with: "name: \(name)").utf8)
                    group.addTask { _ = try await f.service.submit(yaml: yaml, expectedName: name, file: name, caller: .daemon) }
                }
                group.addTask { _ = try await f.service.catalogs.replace(yaml: Data(catalog.utf8), file: "c", caller: .daemon) }
                try await group.waitForAll()
            }
            let listings = try await f.service.queries.plans(caller: .daemon).plans
            #expect(listings.count == round * 6)
            for listing in listings {
                #expect(listing.catalogVersion == version, "\(listing.name) in round \(round)")
            }
        }
    }

    @Test func replanAnswersWithWhatChanged() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            _ = try await client.execute(
                uri: "/v1/plans/rheinbank-ai",
                method: .put,
                body: ByteBuffer(data: try ServerFixture.fixture("eu-bank.yaml"))
            )
            let all = try await client.execute(uri: "/v1/replan", method: .post)
            #expect(all.json?["replanned"] as? Int == 1)
            #expect(all.json?["changed"] as? Int == 0)
            #expect(try await client.execute(uri: "/v1/replan?plan=nope", method: .post).status == .notFound)
        }
        #expect(try await f.service.events(after: 0).last?.type == "replanned")
    }

    @Test func healthAndErrorsAreJSON() async throws {
        let f = try ServerFixture(maxBodyBytes: 1024)
        try await f.test { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(health.json?["catalogVersion"] as? String == "2026-12-01")
            #expect(health.json?["plans"] as? Int == 0)
            let unknown = try await client.execute(uri: "/v1/nothing", method: .get)
            #expect(unknown.status == .notFound)
            #expect(unknown.headers[.contentType] == "application/problem+json")
            let big = try await client.execute(uri: "/v1/plans/x", method: .put, body: ByteBuffer(repeating: UInt8(ascii: "#"), count: 4096))
            #expect(big.status == .contentTooLarge)
            #expect(big.json?["type"] as? String == "urn:headstart:problem:body-too-large")
        }
    }

    @Test func theEventStreamReplaysSinceARevisionAndEndsWithShutdown() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            _ = try await client.execute(
                uri: "/v1/plans/rheinbank-ai",
                method: .put,
                body: ByteBuffer(data: try ServerFixture.fixture("eu-bank.yaml"))
            )
            _ = try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .delete)
        }
        // With the hub closed the live part ends at once, so the in-process client gets the whole body.
        await f.service.announceShutdown()
        try await f.test { client in
            let response = try await client.execute(uri: "/v1/events?since=1", method: .get)
            #expect(response.headers[.contentType] == "application/x-ndjson")
            let lines = String(buffer: response.body).split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            #expect(lines.map { $0["type"] as? String } == ["recommendations-changed", "plan-deleted", "shutdown"])
            #expect(lines.map { $0["revision"] as? Int } == [2, 3, 4])
            #expect(lines.allSatisfy { $0["time"] is String && $0.keys.contains("plan") })
            #expect(try await client.execute(uri: "/v1/events?since=-1", method: .get).status == .badRequest)
        }
    }
}

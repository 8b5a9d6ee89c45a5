import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartServer
import HeadstartStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The clouds' listings in the daemon, through the router: `PUT /v1/listings/...` stores them,
/// merges them onto the catalog, re-plans and says what changed; first-seen days are kept.
@Suite struct ListingRouterTests {
    static let path = "/v1/listings/aws/us-east-1/models"

    static func listing() throws -> ByteBuffer { ByteBuffer(data: try ServerFixture.fixture("listings/aws/us-east-1.models.json")) }

    static func stored(_ response: TestResponse) throws -> ListingStoredBody {
        try APIJSON.decode(ListingStoredBody.self, from: response.data)
    }

    /// The `since` of an offer in the catalog in force; nil when it is not confirmed.
    static func since(_ service: PlanService, _ capability: String, _ cloud: String, processing: Processing = .regional) async -> String? {
        let offers = await service.catalog.capabilities.first { $0.name == capability }?.offers ?? []
        let offer = offers.first { $0.cloud == cloud && $0.processing == processing }
        if case .since(let day)? = offer?.availability { return day.description }
        return nil
    }

    @Test func aListingConfirmsAnOfferRePlansAndSaysWhatChanged() async throws {
        let f = try ServerFixture()
        #expect(await Self.since(f.service, "gpt-6.1-sol", "aws") == nil)  // estimated in the built-in catalog
        try await f.test { client in
            let yaml = ByteBuffer(data: try ServerFixture.fixture("us-sol.yaml"))
            let plan = try await client.execute(uri: "/v1/plans/us-sol", method: .put, body: yaml)
            #expect(plan.status == .created || plan.status == .ok)
            let put = try await client.execute(uri: Self.path + "?observedOn=2026-11-20", method: .put, body: try Self.listing())
            #expect(put.status == .ok)
            let body = try Self.stored(put)
            #expect(body.latest)
            #expect(body.listing.kind == "bedrock-models" && body.listing.observedOn == "2026-11-20" && body.listing.ageDays == 6)
            #expect(body.listing.offers == 3 && body.listing.capabilities == 3 && body.listing.unknownCapabilities == 1)
            #expect(body.catalogVersion.hasPrefix("2026-12-01+observed-2026-11-20."))
            #expect(body.offers.map(\.sentence).contains("gpt-6.1-sol arrived on aws us-east-1 (was estimated from launch 2026-09-29)"))
            #expect(body.offers.map(\.sentence).contains("gpt-6-sol retires on aws us-east-1 on 2027-10-26"))
            #expect(body.changed == ["us-sol"])

            let catalog = try await client.execute(uri: "/v1/catalog", method: .get)
            #expect(catalog.json?["catalogSource"] as? String == "built-in+listings")
            #expect(catalog.json?["version"] as? String == body.catalogVersion)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.json?["catalogSource"] as? String == "built-in+listings")

            let list = try APIJSON.decode(ListingListBody.self, from: try await client.execute(uri: "/v1/listings", method: .get).data)
            #expect(list.listings == [body.listing])
        }
        #expect(await Self.since(f.service, "gpt-6.1-sol", "aws") == "2026-11-20")
        let events = try await f.service.events(after: 0)
        let replaced = try #require(events.first { $0.type == "catalog-replaced" })
        let payload = try APIJSON.decode(CatalogReplaced.self, from: replaced.payload)
        #expect(payload.source == .builtInListings && payload.previousVersion == "2026-12-01")
        #expect(events.last?.type == "recommendations-changed")
    }

    @Test func firstSeenDaysSurviveALaterListingAnOlderOneAndARestart() async throws {
        let f = try ServerFixture()
        let version = try await f.test { client in
            let first = try Self.stored(try await client.execute(uri: Self.path + "?observedOn=2026-11-20", method: .put, body: try Self.listing()))
            // The same facts a day later: nothing changes, the version included.
            let later = try Self.stored(try await client.execute(uri: Self.path + "?observedOn=2026-11-25", method: .put, body: try Self.listing()))
            #expect(later.latest && later.offers.isEmpty && later.catalogVersion == first.catalogVersion && later.listing.ageDays == 1)
            // An older listing sent again is not the latest, but it was seen earlier: since moves back.
            let older = try Self.stored(try await client.execute(uri: Self.path + "?observedOn=2026-11-10", method: .put, body: try Self.listing()))
            #expect(!older.latest)
            #expect(older.offers.map(\.sentence).contains("gpt-6.1-sol on aws us-east-1 is now since 2026-11-10 (was since 2026-11-20)"))
            let list = try APIJSON.decode(ListingListBody.self, from: try await client.execute(uri: "/v1/listings", method: .get).data)
            #expect(list.listings.map(\.observedOn) == ["2026-11-25"])
            return older.catalogVersion
        }
        #expect(await Self.since(f.service, "gpt-6.1-sol", "aws") == "2026-11-10")
        let restarted = try await ServerFixture.restarted(f)
        #expect(await restarted.service.catalog.version == version)
        #expect(await Self.since(restarted.service, "gpt-6.1-sol", "aws") == "2026-11-10")
        try await restarted.test { client in
            let catalog = try await client.execute(uri: "/v1/catalog", method: .get)
            #expect(catalog.json?["catalogSource"] as? String == "built-in+listings")
        }
    }

    @Test func aReplacedBaseCatalogKeepsTheListingsOnIt() async throws {
        let f = try ServerFixture()
        let newer = String(decoding: DefaultCatalog.bytes, as: UTF8.self)
            .replacingOccurrences(of: "version: \"2026-12-01\"", with: "version: \"2026-12-02\"")
        try await f.test { client in
            _ = try await client.execute(uri: Self.path + "?observedOn=2026-11-20", method: .put, body: try Self.listing())
            let replaced = try await client.execute(uri: "/v1/catalog", method: .put, body: ByteBuffer(string: newer))
            #expect(replaced.status == .ok)
            let version = replaced.json?["version"] as? String ?? ""
            #expect(version.hasPrefix("2026-12-02+observed-2026-11-20."), "\(version)")
            let catalog = try await client.execute(uri: "/v1/catalog", method: .get)
            #expect(catalog.json?["catalogSource"] as? String == "api+listings")
            #expect(catalog.json?["version"] as? String == version)
        }
        #expect(await Self.since(f.service, "gpt-6.1-sol", "aws") == "2026-11-20")
        // Its event names the base's source with the listings on it, and changes no offer fact.
        let events = try await f.service.events(after: 0).filter { $0.type == "catalog-replaced" }
        let last = try APIJSON.decode(CatalogReplaced.self, from: try #require(events.last).payload)
        #expect(last.source == .apiListings && last.offers.isEmpty)
        // After a restart the stored base and the listings make the same catalog.
        let restarted = try await ServerFixture.restarted(f)
        #expect(await Self.since(restarted.service, "gpt-6.1-sol", "aws") == "2026-11-20")
    }

    @Test func aDeprecationKnownOnlyFromAStateDatesFromTheFirstListingThatShowedIt() async throws {
        let f = try ServerFixture()
        // LEGACY without a legacyTime: deprecated from the day it was seen.
        let legacy = """
            {"modelSummaries": [{"modelArn": "arn:aws:bedrock:us-east-1::foundation-model/openai.gpt-6-luna", "modelId": "openai.gpt-6-luna",
              "providerName": "OpenAI", "inferenceTypesSupported": ["ON_DEMAND"], "modelLifecycle": {"status": "LEGACY"}}]}
            """
        try await f.test { client in
            let send = { (day: String) in
                try Self.stored(
                    try await client.execute(
                        uri: Self.path + "?observedOn=\(day)",
                        method: .put,
                        body: ByteBuffer(string: legacy)
                    )
                )
            }
            let first = try await send("2026-11-20")
            #expect(first.offers.map(\.sentence) == ["gpt-6-luna takes no new deployments on aws us-east-1 from 2026-11-20"])
            // The same state in the next days' listings: nothing moves, nothing is re-planned.
            for day in ["2026-11-21", "2026-11-25"] {
                let again = try await send(day)
                #expect(again.offers.isEmpty && again.catalogVersion == first.catalogVersion, "\(again.offers.map(\.sentence))")
            }
        }
        let offers = await f.service.catalog.capabilities.first { $0.name == "gpt-6-luna" }?.offers ?? []
        let luna = offers.first { $0.cloud == "aws" && $0.processing == .regional }
        #expect(luna?.deprecated?.description == "2026-11-20")
    }

    @Test(arguments: [
        ("{\"modelSummaries\": [{\"modelId\": 3}]}", "modelSummaries[0].modelId"),
        ("[1, 2", "not JSON"),
        ("{\"something\": []}", "not a listing"),
    ])
    func aListingThatDoesNotReadIsRefusedWithItsPath(json: String, expected: String) async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let put = try await client.execute(uri: Self.path, method: .put, body: ByteBuffer(string: json))
            #expect(put.status == .unprocessableContent)
            let detail = put.json?["detail"] as? String ?? ""
            #expect(detail.contains("aws/us-east-1.models.json"), "\(detail)")
            #expect(detail.lowercased().contains(expected.lowercased()), "\(detail)")
            let list = try APIJSON.decode(ListingListBody.self, from: try await client.execute(uri: "/v1/listings", method: .get).data)
            #expect(list.listings.isEmpty)
        }
    }

    @Test func refusals() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let mars = try await client.execute(uri: "/v1/listings/mars/base-1", method: .put, body: try Self.listing())
            #expect(mars.status == .unprocessableContent)
            #expect((mars.json?["detail"] as? String ?? "").contains("cloud 'mars' is not in the catalog's clouds"))
            let future = try await client.execute(uri: Self.path + "?observedOn=2026-11-27", method: .put, body: try Self.listing())
            #expect(future.status == .unprocessableContent)
            let badDay = try await client.execute(uri: Self.path + "?observedOn=yesterday", method: .put, body: try Self.listing())
            #expect(badDay.status == .badRequest)
            let badName = try await client.execute(uri: "/v1/listings/aws/us%20east/models", method: .put, body: try Self.listing())
            #expect(badName.status == .badRequest)
        }
        try await f.test(as: PeerCredentials(pid: 2, uid: 1234, gid: 1234)) { client in
            let put = try await client.execute(uri: Self.path, method: .put, body: try Self.listing())
            #expect(put.status == .forbidden)
        }
    }

    @Test func metricsShowEachRegionsListingAgeAndTheChangesListingsMade() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            _ = try await client.execute(uri: Self.path + "?observedOn=2026-11-20", method: .put, body: try Self.listing())
            let text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(text.contains("headstart_listing_age_days{cloud=\"aws\",region=\"us-east-1\"} 6"), "\(text)")
            let changes = text.split(separator: "\n").first { $0.hasPrefix("headstart_listing_changes_total ") }
            #expect((changes?.split(separator: " ").last.flatMap { Int($0) } ?? 0) >= 2, "\(changes ?? "none")")
        }
    }
}

import Foundation
import HeadstartEngine
import HeadstartStore
import Testing

/// What each store keeps of the clouds' listings: the latest of each (cloud, region, name), and
/// per offer the first and last day any listing showed it.
@Suite struct ListingStoreTests {
    static let at = Date(timeIntervalSince1970: 1_795_694_400)

    static func listing(on day: Day, name: String = "models", json: String = "{\"modelSummaries\": []}") -> StoredListing {
        StoredListing(
            cloud: "aws",
            region: "us-east-1",
            name: name,
            kind: "bedrock-models",
            observedOn: day,
            json: Data(json.utf8),
            observations: 0,
            submittedAt: at,
            submitterUID: 0
        )
    }

    static func sighting(_ first: Day, _ last: Day, capability: String = "gpt-6-sol", deprecated: Day? = nil) -> StoredSighting {
        StoredSighting(
            capability: capability,
            cloud: "aws",
            region: "us-east-1",
            processing: "regional",
            firstSeen: first,
            lastSeen: last,
            deprecatedSeen: deprecated
        )
    }

    @Test(arguments: StoreUnderTest.Kind.allCases)
    func theLatestListingIsKeptAndSightingsOnlyWiden(kind: StoreUnderTest.Kind) async throws {
        let subject = try StoreUnderTest(kind)
        defer { subject.stop() }
        do {
            let store = try await subject.open()
            let kept = try await store.write { tx in
                [
                    try await tx.saveListing(Self.listing(on: "2026-11-20", json: "{\"a\": 1}")),
                    // A later day replaces it; the same day again replaces it too (the newer submission).
                    try await tx.saveListing(Self.listing(on: "2026-11-25", json: "{\"b\": 1}")),
                    // An older one is not kept.
                    try await tx.saveListing(Self.listing(on: "2026-11-10", json: "{\"c\": 1}")),
                    try await tx.saveListing(Self.listing(on: "2026-11-25", json: "{\"d\": 1}")),
                    try await tx.saveListing(Self.listing(on: "2026-11-01", name: "")),
                ]
            }
            #expect(kept == [true, true, false, true, true])
            try await store.write { tx in
                try await tx.recordSightings([
                    Self.sighting("2026-11-20", "2026-11-20"),
                    Self.sighting("2026-11-22", "2026-11-22", capability: "gpt-5.5"),
                ])
                try await tx.recordSightings([Self.sighting("2026-11-25", "2026-11-25")])
                try await tx.recordSightings([Self.sighting("2026-11-10", "2026-11-10")])
                // Deprecated by state: the earliest day given is kept, and a sighting without one keeps it.
                try await tx.recordSightings([Self.sighting("2026-11-12", "2026-11-12", deprecated: "2026-11-12")])
                try await tx.recordSightings([Self.sighting("2026-11-14", "2026-11-14", deprecated: "2026-11-14")])
                try await tx.recordSightings([Self.sighting("2026-11-15", "2026-11-15")])
            }
            try await store.close()
        }
        // Kept across a reopening, as a restart does.
        let store = try await subject.open()
        let (listings, sightings) = try await store.read { tx in (try await tx.listings(), try await tx.sightings()) }
        #expect(listings.map(\.name) == ["", "models"])
        #expect(listings.last?.observedOn == "2026-11-25" && listings.last?.json == Data("{\"d\": 1}".utf8))
        #expect(
            try await store.read { tx in try await tx.listingDays() } == [
                StoredListingDay(cloud: "aws", region: "us-east-1", name: "", observedOn: "2026-11-01"),
                StoredListingDay(cloud: "aws", region: "us-east-1", name: "models", observedOn: "2026-11-25"),
            ]
        )
        #expect(
            sightings == [
                Self.sighting("2026-11-22", "2026-11-22", capability: "gpt-5.5"),
                Self.sighting("2026-11-10", "2026-11-25", deprecated: "2026-11-12"),
            ]
        )
        try await store.close()
    }
}

import Foundation
import HeadstartEngine
import HeadstartFormats
import Testing

/// `catalog import`'s merge on a small base catalog (`Fixtures/listings-base.yaml`) and the
/// listings of `Fixtures/listings/`.
@Suite struct ListingMergeTests {
    static func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    }

    static let day = Day(iso: "2026-12-02") ?? Day(ordinal: 0)

    static func merged(version: String? = nil) throws -> (Catalog, ImportReport) {
        let base = try CatalogDecoder().decode(Array(try Data(contentsOf: try fixture("listings-base.yaml"))), file: "base.yaml")
        let folder = try fixture("listings")
        let reader = ListingReader(observedOn: day)
        var listings: [Listing] = []
        for (cloud, file) in [("azure", "swedencentral.json"), ("azure", "mars-1.json"), ("aws", "eu-central-1.models.json")] {
            let data = try Data(contentsOf: folder.appendingPathComponent("\(cloud)/\(file)"))
            let parts = file.dropLast(5).split(separator: ".", maxSplits: 1).map(String.init)
            listings.append(try reader.read(data, file: file, cloud: cloud, region: parts[0], name: parts.count > 1 ? parts[1] : nil))
        }
        return try ListingMerge(base: base, observedOn: day).merge(listings, version: version)
    }

    static func offers(_ catalog: Catalog, _ capability: String) -> [String] {
        (catalog.capabilities.first { $0.name == capability }?.offers ?? []).map { o in
            let date: String =
                switch o.availability {
                case .since(let d): "since \(d)"
                case .expected(let d): "expected \(d)"
                case .estimated: "estimated"
                }
            return
                "\(o.cloud) \(o.regions.joined(separator: ",")) \(o.processing.rawValue) \(o.stage.rawValue) \(date) retires \(o.retires?.description ?? "-")"
                + (o.illustrative ? " illustrative" : "") + " <\(o.source ?? "")>"
        }
    }

    @Test func listingsConfirmAddMoveAndRegroup() throws {
        let (catalog, report) = try Self.merged()
        #expect(catalog.version == "base-1+observed-2026-12-02")
        #expect(
            Self.offers(catalog, "gpt-5.5") == [
                // swedencentral's global offer retires later now: it leaves westeurope's, which stays as it was.
                "azure swedencentral global ga since 2026-04-24 retires 2027-11-30 <observed: azure-models swedencentral 2026-12-02>",
                "azure westeurope global ga since 2026-04-24 retires 2027-10-26 <table>",
                "azure westeurope zone ga since 2026-04-30 retires - <matrix>",
                // The assumed EU day is confirmed on the day it was seen, and no longer an assumption.
                "aws eu-central-1 regional ga since 2026-12-02 retires - <observed: bedrock-models eu-central-1 2026-12-02>",
                "azure swedencentral zone ga since 2026-12-02 retires - <observed: azure-models swedencentral 2026-12-02>",
            ]
        )
        #expect(
            Self.offers(catalog, "gpt-6-sol").last
                == "azure swedencentral global preview since 2026-12-02 retires - <observed: azure-models swedencentral 2026-12-02>"
        )
        #expect(
            report.changes.map {
                "\($0.change.rawValue) \($0.capability) \($0.cloud) \($0.region) \($0.processing) \($0.from ?? "-") \($0.to ?? "-")"
            } == [
                "confirmed gpt-5.5 aws eu-central-1 regional expected 2027-01-15 since 2026-12-02",
                "modelVersion gpt-5.5 azure swedencentral global - 2026-04-24",
                "retires gpt-5.5 azure swedencentral global 2027-10-26 2027-11-30",
                "added gpt-5.5 azure swedencentral zone - since 2026-12-02",
                "added gpt-6-sol azure swedencentral global - since 2026-12-02",
            ]
        )
        #expect(
            Set(report.changes.map { "\($0.change.rawValue) \($0.capability) \($0.cloud) \($0.region) \($0.processing)" }) == [
                "added gpt-5.5 azure swedencentral zone", "confirmed gpt-5.5 aws eu-central-1 regional",
                "modelVersion gpt-5.5 azure swedencentral global",
                "retires gpt-5.5 azure swedencentral global", "added gpt-6-sol azure swedencentral global",
            ]
        )
        #expect(report.changes == report.changes.sorted())
        // Reported, never changed.
        #expect(report.notListed == [.init(capability: "gpt-6-sol", cloud: "azure", region: "swedencentral", processing: "zone")])
        #expect(report.unknownCapabilities.map(\.capability) == ["gpt-7"])
        #expect(report.unknownCapabilities.first?.firstSeen == "2026-12-02")
        #expect(report.unknownRegions.map { "\($0.cloud) \($0.region)" } == ["azure mars-1"])
        #expect(Self.offers(catalog, "gpt-6-sol").contains("azure swedencentral zone ga since 2026-09-22 retires - <matrix>"))
    }

    @Test func theOutputIsACatalogThatReadsBackAndTheSameBytesTwice() throws {
        let (catalog, _) = try Self.merged(version: "v2")
        let yaml = CatalogYAMLWriter().write(catalog)
        #expect(yaml == CatalogYAMLWriter().write(try Self.merged(version: "v2").0))
        let back = try CatalogDecoder().decode(Array(yaml.utf8), file: "merged.yaml")
        #expect(back == catalog)
        #expect(back.version == "v2")
        // The shipped catalog reads back to itself too, every fact kept.
        let shipped = try CatalogDecoder().decode(DefaultCatalog.bytes, file: "catalog.yaml")
        #expect(try CatalogDecoder().decode(Array(CatalogYAMLWriter().write(shipped).utf8), file: "again.yaml") == shipped)
    }

    @Test func aListingOfACloudTheCatalogLacksIsAProblem() throws {
        let base = try CatalogDecoder().decode(Array(try Data(contentsOf: try Self.fixture("listings-base.yaml"))), file: "base.yaml")
        let listing = Listing(kind: .vertexModels, cloud: "gcp", region: "global", name: nil, file: "gcp/global.json", observations: [])
        do {
            _ = try ListingMerge(base: base, observedOn: Self.day).merge([listing])
            Issue.record("merged")
        } catch {
            #expect(error.description == "gcp/global.json: cloud 'gcp' is not in the catalog's clouds (azure, aws)")
        }
    }

    @Test func writerQuotesWhatPlainYAMLWouldMisread() {
        #expect(CatalogYAMLWriter.scalar("gpt-5.5") == "gpt-5.5")
        #expect(CatalogYAMLWriter.scalar("yes") == "\"yes\"")
        #expect(CatalogYAMLWriter.scalar("1.0") == "\"1.0\"")
        #expect(CatalogYAMLWriter.quoted("a \"b\"\n\u{7}") == "\"a \\\"b\\\"\\n\\u0007\"")
    }
}

/// The merge as a daemon runs it: listings of different days, and the first day any listing
/// showed an offer kept across them.
@Suite struct ListingMergeHistoryTests {
    static func listings(on day: String) throws -> [Listing] {
        let folder = try ListingMergeTests.fixture("listings")
        let data = try Data(contentsOf: folder.appendingPathComponent("aws/eu-central-1.models.json"))
        return [
            try ListingReader(observedOn: try #require(Day(iso: day))).read(
                data,
                file: "eu-central-1.models.json",
                cloud: "aws",
                region: "eu-central-1",
                name: "models"
            )
        ]
    }

    static func base() throws -> Catalog {
        try CatalogDecoder().decode(Array(try Data(contentsOf: try ListingMergeTests.fixture("listings-base.yaml"))), file: "base.yaml")
    }

    static let place = ImportReport.Place(capability: "gpt-5.5", cloud: "aws", region: "eu-central-1", processing: "regional")

    @Test func anOfferIsConfirmedOnItsFirstSeenDayAndDatedBySourceFromIt() throws {
        let later = try #require(Day(iso: "2026-12-02"))
        let first = try #require(Day(iso: "2026-11-20"))
        let (catalog, report) = try ListingMerge(base: try Self.base(), observedOn: later, firstSeen: [Self.place: first])
            .merge(try Self.listings(on: "2026-12-02"))
        #expect(
            ListingMergeTests.offers(catalog, "gpt-5.5").contains(
                "aws eu-central-1 regional ga since 2026-11-20 retires - <observed: bedrock-models eu-central-1 2026-11-20>"
            )
        )
        #expect(report.changes.contains { $0.change == .confirmed && $0.to == "since 2026-11-20" })
    }

    @Test func aListingsOwnDayWinsOverTheMergesAndAnEarlierSightingMovesAConfirmedSince() throws {
        // The listing says it was seen on 2026-11-25; the merge is run on 2026-12-02.
        let (seen, _) = try ListingMerge(base: try Self.base(), observedOn: try #require(Day(iso: "2026-12-02")))
            .merge(try Self.listings(on: "2026-11-25"))
        #expect(
            ListingMergeTests.offers(seen, "gpt-5.5").contains(
                "aws eu-central-1 regional ga since 2026-11-25 retires - <observed: bedrock-models eu-central-1 2026-11-25>"
            )
        )
        // Merged again onto that result with an earlier first sighting: the confirmed since moves back.
        let (moved, report) = try ListingMerge(
            base: seen,
            observedOn: try #require(Day(iso: "2026-12-02")),
            firstSeen: [Self.place: try #require(Day(iso: "2026-11-01"))]
        )
        .merge(try Self.listings(on: "2026-12-02"))
        #expect(
            ListingMergeTests.offers(moved, "gpt-5.5").contains(
                "aws eu-central-1 regional ga since 2026-11-01 retires - <observed: bedrock-models eu-central-1 2026-11-01>"
            )
        )
        #expect(report.changes.contains { $0.change == .confirmed && $0.from == "since 2026-11-25" && $0.to == "since 2026-11-01" })
    }
}

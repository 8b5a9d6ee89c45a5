import Foundation
import HeadstartEngine
import HeadstartFormats
import Testing

/// Each cloud's listing read by its rules: the shared public listings pinned offer by offer,
/// and small hand-written ones for each rule.
@Suite struct ListingReaderTests {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/listings")
    static let day = Day(iso: "2026-12-01") ?? Day(ordinal: 0)

    static func read(_ json: String, cloud: String = "azure", region: String = "swedencentral") throws -> [String] {
        try ListingReader(observedOn: day).read(Data(json.utf8), file: "l.json", cloud: cloud, region: region).observations.map(brief)
    }

    static func readShared(_ path: String, cloud: String, region: String) throws -> (ListingKind, [String]) {
        let listing = try ListingReader(observedOn: day).read(
            try Data(contentsOf: shared.appendingPathComponent(path)),
            file: path,
            cloud: cloud,
            region: region
        )
        return (listing.kind, listing.observations.map(brief))
    }

    /// `capability processing stage retires deprecated model version successor`, "-" for none.
    static func brief(_ o: ListingObservation) -> String {
        [
            o.capability, o.processing.rawValue, o.stage.rawValue, o.retires?.description ?? "-", o.deprecated?.description ?? "-", o.model ?? "-",
            o.modelVersion ?? "-", o.successor ?? "-",
        ].joined(separator: " ")
    }

    @Test func theAzureSpecificationExample() throws {
        let (kind, offers) = try Self.readShared("azure/westus.spec-example.json", cloud: "azure", region: "westus")
        #expect(kind == .azureModels)
        // ada and dall-e-3 have only provisioned SKUs, gpt-35-turbo is Deprecated, Llama is Meta's, gpt-4o 2024-05-13 only provisioned.
        #expect(offers == ["gpt-4o regional ga - - - 2024-08-06 -"])
    }

    @Test func theRecordedWesteuropeListing() throws {
        let (kind, offers) = try Self.readShared("azure/westeurope.recorded-excerpt.json", cloud: "azure", region: "westeurope")
        #expect(kind == .azureModels)
        // gpt-4o's SKU day wins over its model's 2026-03-31; gpt-oss-120b's 2099 is "no date"; its kind MaaS does not matter.
        #expect(
            offers == [
                "gpt-4o global ga 2026-03-01 - - 2024-11-20 gpt-4.1",
                "gpt-4o zone ga 2026-03-01 - - 2024-11-20 gpt-4.1",
                "gpt-oss-120b global ga - - - 1 -",
            ]
        )
    }

    @Test func theBedrockListings() throws {
        let (models, east1) = try Self.readShared("aws/us-east-1.models.json", cloud: "aws", region: "us-east-1")
        #expect(models == .bedrockModels)
        // Amazon's model is left out; gpt-6-luna is only in profiles there.
        #expect(
            east1 == [
                "gpt-oss-120b regional ga - - openai.gpt-oss-120b-1:0 - -",
                "gpt-oss-20b regional ga - - openai.gpt-oss-20b-1:0 - -",
                "gpt-6-sol regional ga - - openai.gpt-6-sol - -",
            ]
        )
        let (_, east2) = try Self.readShared("aws/us-east-2.models.json", cloud: "aws", region: "us-east-2")
        #expect(
            east2 == [
                "gpt-5.5 regional ga - - openai.gpt-5.5 - -",
                "gpt-5.4 regional ga - - openai.gpt-5.4 - -",
                "gpt-oss-20b regional ga 2027-05-15 2026-11-15 openai.gpt-oss-20b-1:0 - -",
            ]
        )
        let (profiles, routes) = try Self.readShared("aws/us-east-1.profiles.json", cloud: "aws", region: "us-east-1")
        #expect(profiles == .bedrockProfiles)
        #expect(routes == ["gpt-6-sol zone ga - - us.openai.gpt-6-sol - -", "gpt-6-luna global ga - - global.openai.gpt-6-luna - -"])
    }

    @Test func azureTakesTheNewestVersionPerSKUAndItsState() throws {
        let json = """
            [
              {"model": {"format": "OpenAI", "name": "m", "version": "2025-01-01", "lifecycleStatus": "GenerallyAvailable",
                         "skus": [{"name": "GlobalStandard"}, {"name": "Standard", "deprecationDate": "2027-01-31T23:00:00-05:00"}]}},
              {"model": {"format": "OpenAI", "name": "m", "version": "2026-01-01", "lifecycleStatus": "Deprecating",
                         "deprecation": {"inference": "2027-03-01T00:00:00Z"}, "replacementConfig": {"targetModelName": "n"},
                         "skus": [{"name": "GlobalStandard"}, {"name": "ProvisionedManaged"}]}},
              {"model": {"format": "OpenAI", "name": "m", "version": "2026-06-01", "lifecycleStatus": "Deprecated", "skus": [{"name": "GlobalStandard"}]}},
              {"model": {"format": "OpenAI", "name": "p", "version": "1", "lifecycleStatus": "Preview", "skus": [{"name": "DataZoneStandard"}]}},
              {"model": {"format": "Microsoft", "name": "phi", "version": "1", "skus": [{"name": "GlobalStandard"}]}}
            ]
            """
        #expect(
            try Self.read(json) == [
                "m global ga 2027-03-01 2026-12-01 - 2026-01-01 n",  // the newest not Deprecated, Deprecating: deprecated on the day seen
                "m regional ga 2027-02-01 - - 2025-01-01 -",  // only the older version has Standard; its UTC day
                "p zone preview - - - 1 -",
            ]
        )
    }

    @Test func bedrockNamesAndLifecycles() throws {
        let json = """
            {"modelSummaries": [
              {"modelId": "openai.gpt-oss-120b-1:0", "providerName": "openai", "inferenceTypesSupported": ["ON_DEMAND"],
               "modelLifecycle": {"status": "LEGACY", "endOfLifeTime": "2027-06-01T00:00:00Z"}},
              {"modelId": "openai.gpt-6-sol:2", "providerName": "OpenAI", "inferenceTypesSupported": ["ON_DEMAND"]},
              {"modelId": "openai.gpt-6-luna", "providerName": "OpenAI", "inferenceTypesSupported": ["PROVISIONED"]}
            ]}
            """
        #expect(
            try Self.read(json, cloud: "aws", region: "us-east-1") == [
                "gpt-oss-120b regional ga 2027-06-01 2026-12-01 openai.gpt-oss-120b-1:0 - -",
                "gpt-6-sol regional ga - - openai.gpt-6-sol:2 - -",
            ]
        )
    }

    @Test func ociAndVertex() throws {
        let oci = """
            {"data": {"items": [
              {"display-name": "openai.gpt-oss-120b", "vendor": "openai", "type": "BASE", "time-deprecated": "2027-01-01T00:00:00Z",
               "time-on-demand-retired": "2027-07-01T00:00:00.000Z", "lifecycle-state": "ACTIVE"},
              {"display-name": "cohere.command", "vendor": "cohere", "type": "BASE"},
              {"display-name": "openai.gpt-oss-20b", "vendor": "openai", "type": "CUSTOM"}
            ]}}
            """
        #expect(try Self.read(oci, cloud: "oci", region: "eu-frankfurt-1") == ["gpt-oss-120b regional ga 2027-07-01 2027-01-01 - - -"])
        let vertex = """
            {"publisherModels": [
              {"name": "publishers/openai/models/gpt-oss-120b-maas@001", "launchStage": "GA"},
              {"name": "publishers/openai/models/gpt-6-luna", "launchStage": "PRIVATE_PREVIEW"},
              {"name": "publishers/google/models/gemini-3", "launchStage": "GA"}
            ]}
            """
        #expect(
            try Self.read(vertex, cloud: "gcp", region: "global") == [
                "gpt-oss-120b global ga - - openai/gpt-oss-120b-maas - -", "gpt-6-luna global preview - - openai/gpt-6-luna - -",
            ]
        )
        #expect(try Self.read(vertex, cloud: "gcp", region: "us-central1").first == "gpt-oss-120b regional ga - - openai/gpt-oss-120b-maas - -")
    }

    @Test(arguments: [
        ("not json", "l.json: not JSON"),
        ("{\"things\": []}", "l.json: not a listing this importer knows"),
        (
            "{\"value\": [{\"model\": {\"format\": \"OpenAI\", \"name\": \"m\", \"skus\": [{\"name\": \"Standard\", \"deprecationDate\": \"soon\"}]}}]}",
            "l.json: value[0].model.skus[0].deprecationDate: not a date: 'soon'"
        ),
        ("{\"value\": [{\"model\": {\"name\": 5}}]}", "l.json: value[0].model.name: expected a string"),
        (
            "{\"modelSummaries\": [{\"modelId\": \"openai.gpt-5.5\", \"providerName\": \"OpenAI\", \"modelArn\": \"arn:aws:bedrock:us-west-2::foundation-model/openai.gpt-5.5\"}]}",
            "l.json: modelSummaries[0].modelArn: names region us-west-2, not the listing's swedencentral"
        ),
    ])
    func badListingsAreRefusedWithTheirPath(json: String, message: String) throws {
        do {
            _ = try ListingReader(observedOn: Self.day).read(Data(json.utf8), file: "l.json", cloud: "azure", region: "swedencentral")
            Issue.record("accepted: \(json)")
        } catch {
            #expect(error.problems.first?.description.hasPrefix(message) == true, "\(error.problems)")
        }
    }

    @Test func aListingOver64MiBIsRefused() throws {
        let big = Data(count: ListingReader.maxBytes + 1)
        do {
            _ = try ListingReader(observedOn: Self.day).read(big, file: "big.json", cloud: "azure", region: "swedencentral")
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("over the 64 MiB limit"))
        }
    }
}

/// The clouds' listings as their APIs and CLIs print them, read leniently: every field is
/// optional and unknown keys are ignored (live answers differ from the specifications in small
/// ways); what a rule needs and lacks is left out of the observations.
enum ListingDocuments {
    struct Envelope: Decodable {
        var value: [AzureItem]?
        var nextLink: String?
        var modelSummaries: [BedrockModel]?
        var inferenceProfileSummaries: [BedrockProfile]?
        var items: [OCIModel]?
        var data: OCIData?
        var publisherModels: [VertexModel]?
    }

    struct AzureItem: Decodable {
        var model: AzureModel?
    }

    struct AzureModel: Decodable {
        var format: String?
        var name: String?
        var version: String?
        var lifecycleStatus: String?
        var deprecation: AzureDeprecation?
        var replacementConfig: AzureReplacement?
        var skus: [AzureSKU]?
    }

    struct AzureDeprecation: Decodable {
        var inference: String?
    }

    struct AzureReplacement: Decodable {
        var targetModelName: String?
    }

    struct AzureSKU: Decodable {
        var name: String?
        var deprecationDate: String?
    }

    struct BedrockModel: Decodable {
        var modelId: String?
        var modelArn: String?
        var providerName: String?
        var inferenceTypesSupported: [String]?
        var modelLifecycle: BedrockLifecycle?
    }

    struct BedrockLifecycle: Decodable {
        var status: String?
        var legacyTime: String?
        var endOfLifeTime: String?
    }

    struct BedrockProfile: Decodable {
        var inferenceProfileId: String?
        var status: String?
        var models: [BedrockProfileModel]?
    }

    struct BedrockProfileModel: Decodable {
        var modelArn: String?
    }

    struct OCIData: Decodable {
        var items: [OCIModel]?
    }

    /// Keys in camelCase (the API) or kebab-case (the CLI).
    struct OCIModel: Decodable {
        var displayName: String?
        var vendor: String?
        var type: String?
        var timeDeprecated: String?
        var timeOnDemandRetired: String?

        enum CodingKeys: String, CodingKey {
            case displayName, vendor, type, timeDeprecated, timeOnDemandRetired
            case displayNameCLI = "display-name"
            case timeDeprecatedCLI = "time-deprecated"
            case timeOnDemandRetiredCLI = "time-on-demand-retired"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            displayName = try c.decodeIfPresent(String.self, forKey: .displayName) ?? c.decodeIfPresent(String.self, forKey: .displayNameCLI)
            vendor = try c.decodeIfPresent(String.self, forKey: .vendor)
            type = try c.decodeIfPresent(String.self, forKey: .type)
            timeDeprecated =
                try c.decodeIfPresent(String.self, forKey: .timeDeprecated)
                ?? c.decodeIfPresent(String.self, forKey: .timeDeprecatedCLI)
            timeOnDemandRetired =
                try c.decodeIfPresent(String.self, forKey: .timeOnDemandRetired)
                ?? c.decodeIfPresent(String.self, forKey: .timeOnDemandRetiredCLI)
        }
    }

    struct VertexModel: Decodable {
        var name: String?
        var launchStage: String?
    }
}

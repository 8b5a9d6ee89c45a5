import HeadstartEngine

/// The cloud listings `headstart catalog import` reads, each told apart by its top level.
public enum ListingKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Azure "Models - List": `{"value": [...]}` or `az cognitiveservices model list`'s bare array.
    case azureModels = "azure-models"
    /// Bedrock `ListFoundationModels`: `{"modelSummaries": [...]}`.
    case bedrockModels = "bedrock-models"
    /// Bedrock `ListInferenceProfiles`: `{"inferenceProfileSummaries": [...]}`.
    case bedrockProfiles = "bedrock-profiles"
    /// OCI `ListModels`: `{"items": [...]}` or the CLI's `{"data": {"items": [...]}}`.
    case ociModels = "oci-models"
    /// Vertex `ListPublisherModels`: `{"publisherModels": [...]}`.
    case vertexModels = "vertex-models"

    /// The processing scopes a listing of this kind can show: a region it covers lacks a
    /// catalog offer of one of these only if the listing lacks it (`not-listed`).
    var covers: Set<Processing> {
        switch self {
        case .azureModels: [.global, .zone, .regional]
        case .bedrockModels, .ociModels: [.regional]
        case .bedrockProfiles: [.global, .zone]
        case .vertexModels: [.global, .regional]
        }
    }
}

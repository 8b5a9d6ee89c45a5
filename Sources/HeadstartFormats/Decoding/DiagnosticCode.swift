import HeadstartYAML

/// A diagnostic's stable code, as `validate --format json`, the API's `errors` and the tables
/// print it: one closed set for errors and warnings, from the YAML layer up.
public enum DiagnosticCode: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    // The YAML layer's (``YAMLError/Code``).
    case yamlSyntax = "yaml-syntax"
    case yamlInputTooLarge = "yaml-input-too-large"
    case yamlTooDeep = "yaml-too-deep"
    case yamlTooManyNodes = "yaml-too-many-nodes"
    case yamlTooManyAliases = "yaml-too-many-aliases"
    case yamlScalarTooLong = "yaml-scalar-too-long"
    case yamlUndefinedAlias = "yaml-undefined-alias"
    case yamlUnsupportedTag = "yaml-unsupported-tag"
    case yamlInvalidTaggedValue = "yaml-invalid-tagged-value"
    case yamlMultipleDocuments = "yaml-multiple-documents"

    // A document's shape and values.
    case unknownKey = "unknown-key"
    case missingKey = "missing-key"
    case duplicateKey = "duplicate-key"
    case wrongType = "wrong-type"
    case badDate = "bad-date"
    case badValue = "bad-value"
    case unknownReference = "unknown-reference"
    case duplicateName = "duplicate-name"
    case emptyDocument = "empty-document"
    case wrongKind = "wrong-kind"
    /// The file could not be read at all (missing, a directory, no permission).
    case unreadable

    // Warnings of `validate` and `plan`.
    case horizonPastLicense = "horizon-past-license"
    case neverPlaced = "never-placed"
    case beforeFirstAccess = "before-first-access"
    /// A need's service ends before the horizon because its offers retire.
    case retiresBeforeHorizon = "retires-before-horizon"
    /// A need's first phase starts on a deprecated offer, which serves it only because the
    /// workload lists it under `deployed` (new deployments are refused there).
    case deprecatedStart = "deprecated-start"
    /// Under `estimates: measured`, a cloud with undated offers has fewer than 3 samples, so
    /// they are estimated with the first-access window after all.
    case fewLagSamples = "few-lag-samples"

    public var description: String { rawValue }

    /// The YAML layer's code; one this set does not know (a newer layer's) reads as a syntax error.
    public init(_ yaml: YAMLError.Code) {
        self = DiagnosticCode(rawValue: yaml.rawValue) ?? .yamlSyntax
    }
}

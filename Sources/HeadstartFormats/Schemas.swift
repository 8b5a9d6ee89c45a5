/// The JSON Schemas (draft 2020-12) of plans and catalogs shipped in `Plans/schema/`, built into
/// the binary. Editors use them through the `# yaml-language-server: $schema=...` line; the
/// tests check them against the decoders' own key lists so the two cannot drift.
public enum Schemas {
    public enum Kind: String, CaseIterable, Sendable {
        case plan
        case catalog
    }

    /// The schema's JSON bytes.
    public static func bytes(_ kind: Kind) -> [UInt8] {
        switch kind {
        case .plan: PackageResources.plan_schema_json
        case .catalog: PackageResources.catalog_schema_json
        }
    }
}

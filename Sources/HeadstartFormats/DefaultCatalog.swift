/// The catalog shipped in `Plans/catalog.yaml`, built into the binary.
public enum DefaultCatalog {
    /// Its YAML bytes.
    public static var bytes: [UInt8] { PackageResources.catalog_yaml }
    /// How diagnostics name it.
    public static let fileName = "Plans/catalog.yaml (built in)"
}

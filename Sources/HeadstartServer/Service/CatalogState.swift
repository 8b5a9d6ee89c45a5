import Foundation
import HeadstartAPI
import HeadstartEngine

/// The catalog in force and where it came from, with the base it was merged from: shared by
/// every part of the service, so an actor (the document cache, the hub and the ledger keep
/// their own shared state).
actor CatalogState {
    /// What a change runs against: captured once, so a whole submission or re-plan uses one catalog.
    struct Snapshot: Sendable {
        /// The catalog in force: the base merged with the kept listings.
        var catalog: Catalog
        /// The base catalog: the `--catalog` file's, the API's or the built-in one.
        var base: Catalog
        /// The YAML the base was read from.
        var yaml: Data
        var source: CatalogSource
        /// Counts replacements, so a submission planned before one can tell.
        var generation: Int
    }

    private(set) var snapshot: Snapshot
    /// The `--catalog` file's bytes as last read, so the file is acted on only when they change.
    private var fileBytes: Data?
    /// Whether the last look at the file failed, so a missing file is logged once, not per poll.
    private var fileUnreadable = false

    /// The `--catalog` file, the catalog's one source when set.
    nonisolated let file: String?

    init(catalog: Catalog, yaml: Data, source: CatalogSource, file: String?) {
        snapshot = Snapshot(catalog: catalog, base: catalog, yaml: yaml, source: source, generation: 0)
        self.file = file
        fileBytes = file == nil ? nil : yaml
    }

    var catalog: Catalog { snapshot.catalog }

    /// The event revision of the replacement last installed.
    private var installedRevision: Int64 = 0

    /// Installs `listed` (the catalog in force) over `base`; with `revision` (its `catalog-replaced`
    /// event's), only if no replacement committed later is installed already.
    func install(_ listed: ListedCatalog, base: Catalog, yaml: Data, source: CatalogSource, revision: Int64? = nil) {
        if let revision {
            guard revision > installedRevision else { return }
            installedRevision = revision
        }
        snapshot = Snapshot(
            catalog: listed.catalog,
            base: base,
            yaml: yaml,
            source: source.listed(listed.hasListings),
            generation: snapshot.generation + 1
        )
    }

    /// Records a successful look at the catalog file; says whether it should be installed: its
    /// bytes changed since the last look (or `force`), and differ from the catalog in force.
    func fileRead(_ bytes: Data, force: Bool) -> Bool {
        fileUnreadable = false
        guard force || bytes != fileBytes else { return false }
        fileBytes = bytes
        return bytes != snapshot.yaml
    }

    /// Records a failed look; true when it should be logged (the first, or a forced one).
    func fileUnreadable(force: Bool) -> Bool {
        defer { fileUnreadable = true }
        return force || !fileUnreadable
    }
}

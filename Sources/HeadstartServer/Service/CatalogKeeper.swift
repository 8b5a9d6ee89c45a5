import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import Logging

/// Replaces the catalog in force: through the API, or from the `--catalog` file.
struct CatalogKeeper: Sendable {
    let context: ServiceContext
    let replanner: Replanner

    /// `PUT /v1/catalog`: validates, stores and installs a new catalog, then re-plans every plan.
    /// Refused while a `--catalog` file is the catalog's source: the file would win again at the
    /// next change or restart, so accepting the PUT would be a promise the daemon cannot keep.
    func replace(yaml: Data, file: String, caller: Caller) async throws(ServiceError) -> CatalogReplacedBody {
        guard context.policy.isAdmin(caller) else {
            throw ServiceError(.forbidden, "only root, the daemon's user and the admin group may replace the catalog")
        }
        if let catalogFile = context.catalog.file {
            throw ServiceError(
                .catalogManagedByFile,
                "the catalog is managed by the file \(catalogFile) (serve --catalog): edit that file and send SIGHUP to the daemon"
            )
        }
        return try await install(yaml: yaml, file: file, uid: caller.uid, source: .api)
    }

    /// Validates and installs `yaml`; an API catalog is stored so it outlives a restart, a
    /// file's is not (the file is read again at start-up).
    private func install(yaml: Data, file: String, uid: UInt32?, source: CatalogSource) async throws(ServiceError) -> CatalogReplacedBody {
        let replacement: Catalog
        do {
            replacement = try CatalogDecoder(limits: context.limits.yaml).decode(Array(yaml), file: file)
        } catch {
            throw ServiceError(.invalidDocument, "\(error.diagnostics.count) error(s) in the catalog", diagnostics: error.diagnostics)
        }
        let inForce = await context.catalog.snapshot
        let at = context.clock.now()
        let limits = context.limits.yaml
        let (event, previous, listed) = try await context.write { tx -> (CommittedEvent, Catalog, ListedCatalog) in
            // What this replaces is the catalog committed last, read in this transaction: another
            // replacement (here or on another daemon) may have committed since `inForce` was read,
            // and two at once must not both name the same previous catalog.
            var previous = inForce.catalog
            if source == .api, let stored = try await tx.catalog(), stored.yaml != inForce.yaml,
                let committed = try? CatalogDecoder(limits: limits).decode(Array(stored.yaml), file: "stored catalog")
            {
                previous = try await tx.listedCatalog(over: committed).catalog
            }
            // The kept listings apply to the new base as they did to the old.
            let listed = try await tx.listedCatalog(over: replacement)
            let replaced = CatalogReplaced(
                version: listed.catalog.version,
                previousVersion: previous.version,
                replacedByUid: uid,
                offers: CatalogDiff.changes(from: previous, to: listed.catalog),
                source: source.listed(listed.hasListings)
            )
            if source == .api {
                try await tx.saveCatalog(StoredCatalog(yaml: yaml, version: replacement.version, replacedAt: at, replacedByUID: uid))
            }
            return (try await tx.append(.catalogReplaced(replaced), plan: nil, time: at), previous, listed)
        }
        // In commit order: of two replacements at once, the later-committed stays in force.
        await context.catalog.install(listed, base: replacement, yaml: yaml, source: source, revision: event.revision)
        await context.publish([event])
        context.logger.info(
            "catalog replaced",
            metadata: ["from": "\(previous.version)", "to": "\(listed.catalog.version)", "source": "\(source.rawValue)"]
        )
        context.logSkipped(listed)
        let replans = try await replanner.replan(reason: .catalog(from: previous, to: listed.catalog))
        return CatalogReplacedBody(version: listed.catalog.version, replans: replans.map(\.body))
    }

    /// Looks at the `--catalog` file (on each poll, or on SIGHUP with `force`). It is acted on only
    /// when its bytes differ from those last read, so a bad file is announced once, not once a
    /// poll; SIGHUP acts on it whatever its bytes. A valid, different catalog replaces the one in
    /// force; an invalid one is refused, logged and announced in a `catalog-rejected` event.
    func reloadFile(force: Bool) async {
        guard let path = context.catalog.file else { return }
        DaemonMetrics.catalogFileChecked()
        let data: Data
        switch FileReader.read(path) {
        case .success(let bytes):
            data = bytes
        case .failure(let failure):
            if await context.catalog.fileUnreadable(force: force) {
                let inForce = await context.catalog.catalog.version
                context.logger.error(
                    "cannot read the catalog file; the catalog in force stays",
                    metadata: ["file": "\(path)", "error": "\(failure)", "inForce": "\(inForce)"]
                )
                DaemonMetrics.failed("catalog-file")
            }
            return
        }
        guard await context.catalog.fileRead(data, force: force) else { return }
        do {
            _ = try await install(yaml: data, file: path, uid: getuid(), source: .file)
        } catch {
            let inForce = await context.catalog.catalog.version
            context.logger.error(
                "catalog file refused; the catalog in force stays",
                metadata: [
                    "file": "\(path)", "inForce": "\(inForce)", "errors": "\(error.diagnostics.map(\.description).joined(separator: "\n"))",
                ]
            )
            DaemonMetrics.failed("catalog-file")
            let at = context.clock.now()
            let rejected = CatalogRejected(file: path, errors: error.diagnostics.map { $0.description }, inForce: inForce)
            do {
                let event = try await context.write { tx in try await tx.append(.catalogRejected(rejected), plan: nil, time: at) }
                await context.publish([event])
            } catch {
                context.logger.error("could not record the rejected catalog", metadata: ["error": "\(error.detail)"])
                DaemonMetrics.failed("store")
            }
        }
    }

    /// Installs the catalog another daemon stored (a shared store), when it differs from the one in force.
    func adoptStored() async { await context.adoptStoredCatalog() }

    /// `GET /v1/catalog/lags`: each cloud's head start as the catalog in force measures it.
    func headStart() async -> HeadStartBody {
        let catalog = await context.catalog.snapshot.catalog
        return HeadStartBody(HeadStart(catalog: catalog), catalog: catalog)
    }

    /// The catalog in force, as JSON.
    func document() async throws(ServiceError) -> [UInt8] {
        let snapshot = await context.catalog.snapshot
        do {
            return try APIJSON.body(CatalogDocument(snapshot.catalog, source: snapshot.source.rawValue))
        } catch {
            throw ServiceError(.encodingFailed, "could not encode the catalog: \(error)")
        }
    }
}

extension ServiceContext {
    /// Makes the catalog the store describes the one in force, when it differs: with a shared
    /// store, another daemon may have replaced the base catalog or kept a new listing. A stored
    /// catalog that does not validate here is logged and the base in force stays (a newer
    /// daemon's catalog read by an older one).
    func adoptStoredCatalog() async {
        let stored: StoredCatalog?
        let listings: [StoredListing]
        let sightings: [StoredSighting]
        do {
            (stored, listings, sightings) = try await read { tx in (try await tx.catalog(), try await tx.listings(), try await tx.sightings()) }
        } catch {
            logger.error("could not read the stored catalog", metadata: ["error": "\(error.detail)"])
            DaemonMetrics.failed("store")
            return
        }
        let current = await catalog.snapshot
        var base = current.base
        var yaml = current.yaml
        var source = current.source.base
        if let stored, stored.yaml != current.yaml {
            do {
                base = try CatalogDecoder(limits: limits.yaml).decode(Array(stored.yaml), file: "stored catalog")
                (yaml, source) = (stored.yaml, .api)
            } catch {
                logger.error(
                    "the stored catalog does not validate here; the catalog in force stays",
                    metadata: ["version": "\(stored.version)", "inForce": "\(current.catalog.version)", "errors": "\(error.description)"]
                )
                DaemonMetrics.failed("catalog-store")
            }
        }
        let listed = ListedCatalog(base: base, listings: listings, sightings: sightings)
        guard listed.catalog != current.catalog || source.listed(listed.hasListings) != current.source else { return }
        await catalog.install(listed, base: base, yaml: yaml, source: source)
        cache.invalidateAll()
        logger.info("catalog replaced", metadata: ["from": "\(current.catalog.version)", "to": "\(listed.catalog.version)", "source": "store"])
        logSkipped(listed)
    }

    /// Logs the kept listings that could not be merged onto the base catalog.
    func logSkipped(_ listed: ListedCatalog) {
        guard !listed.skipped.isEmpty else { return }
        logger.error("listings left out of the catalog in force", metadata: ["problems": "\(listed.skipped.joined(separator: "\n"))"])
        DaemonMetrics.failed("listing")
    }
}

extension PlanStoreReader {
    /// The catalog in force over `base`, from the listings and sightings kept.
    func listedCatalog(over base: Catalog) async throws -> ListedCatalog {
        ListedCatalog(base: base, listings: try await listings(), sightings: try await sightings())
    }
}

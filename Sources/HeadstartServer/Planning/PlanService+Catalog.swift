import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import Logging

extension PlanService {
    /// What a catalog replacement did.
    public struct CatalogReplacement: Sendable {
        public var version: String
        public var replans: [Replan]
        /// Plans that do not validate against the new catalog; their old answers are kept, marked stale.
        public var invalid: [String] { replans.filter { $0.invalid != nil }.map(\.plan) }
    }

    /// `PUT /v1/catalog`: validates, stores and installs a new catalog, then re-plans every plan.
    /// Refused while a `--catalog` file is the catalog's source: the file would win again at the
    /// next change or restart, so accepting the PUT would be a promise the daemon cannot keep.
    public func replaceCatalog(yaml: Data, file: String, caller: Caller) async throws(Problem) -> CatalogReplacement {
        guard policy.isAdmin(caller) else {
            throw Problem(.forbidden, "only root, the daemon's user and the admin group may replace the catalog")
        }
        if let catalogFile {
            throw Problem(.catalogManagedByFile,
                          "the catalog is managed by the file \(catalogFile) (serve --catalog): edit that file and send SIGHUP to the daemon")
        }
        return try await install(yaml: yaml, file: file, uid: caller.uid, source: .api)
    }

    /// Validates and installs `yaml`; an API catalog is stored so it outlives a restart, a
    /// file's is not (the file is read again at start-up).
    private func install(yaml: Data, file: String, uid: UInt32?, source: CatalogSource) async throws(Problem) -> CatalogReplacement {
        let replacement: Catalog
        do {
            replacement = try CatalogDecoder(limits: limits.yaml).decode(Array(yaml), file: file)
        } catch {
            throw Problem(.invalidDocument, "\(error.diagnostics.count) error(s) in the catalog", diagnostics: error.diagnostics)
        }
        let previous = catalog
        let at = now()
        let event = try await write { tx in
            if source == .api {
                try tx.saveCatalog(StoredCatalog(yaml: yaml, version: replacement.version, replacedAt: at, replacedByUID: uid))
            }
            return try tx.appendEvent(type: "catalog-replaced", plan: nil, time: at, payload: EventLine.payload([
                "version": replacement.version, "previousVersion": previous.version, "replacedByUid": uid.map { Int($0) as Any } ?? NSNull(),
                "offers": CatalogDiff.changes(from: previous, to: replacement).map(\.object), "source": source.rawValue,
            ]))
        }
        catalog = replacement
        catalogYAML = yaml
        catalogSource = source
        catalogGeneration += 1
        await hub.publish([event])
        logger.info("catalog \(previous.version) replaced by \(replacement.version)", metadata: ["source": "\(source.rawValue)"])
        return CatalogReplacement(version: replacement.version, replans: try await replan(reason: .catalog(from: previous, to: replacement)))
    }

    /// Looks at the `--catalog` file (on each poll, or on SIGHUP with `force`). It is acted on only
    /// when its bytes differ from those last read, so a bad file is announced once, not once a
    /// poll; SIGHUP acts on it whatever its bytes. A valid, different catalog replaces the one in
    /// force; an invalid one is refused, logged and announced in a `catalog-rejected` event.
    public func reloadCatalogFile(force: Bool) async {
        guard let path = catalogFile else { return }
        DaemonMetrics.catalogFileChecked()
        let data: Data
        switch FileReader.read(path) {
        case .success(let bytes):
            data = bytes
        case .failure(let failure):
            if force || !catalogFileUnreadable {
                logger.error("cannot read the catalog file; the catalog in force stays",
                             metadata: ["file": "\(path)", "error": "\(failure)", "inForce": "\(catalog.version)"])
                DaemonMetrics.failed("catalog-file")
            }
            catalogFileUnreadable = true
            return
        }
        catalogFileUnreadable = false
        guard force || data != catalogFileBytes else { return }
        catalogFileBytes = data
        guard data != catalogYAML else { return }
        do {
            _ = try await install(yaml: data, file: path, uid: getuid(), source: .file)
        } catch {
            logger.error("catalog \(path) refused; \(catalog.version) stays in force:\n\(error.diagnostics.map(\.description).joined(separator: "\n"))")
            DaemonMetrics.failed("catalog-file")
            let at = now()
            let payload = EventLine.payload(["file": path, "errors": error.diagnostics.map { $0.description }, "inForce": catalog.version])
            do {
                let event = try await write { tx in try tx.appendEvent(type: "catalog-rejected", plan: nil, time: at, payload: payload) }
                await hub.publish([event])
            } catch {
                logger.error("could not record the rejected catalog: \(error.detail)")
                DaemonMetrics.failed("store")
            }
        }
    }
}

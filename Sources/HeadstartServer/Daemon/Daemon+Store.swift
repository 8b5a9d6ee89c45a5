import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import Logging
import PostgresNIO

extension Daemon {
    /// The store the configuration names, open and migrated.
    struct OpenedStore {
        let store: any PlanStore
        /// The same store when daemons share it: its commit notifications and leader election.
        let shared: (any SharedPlanStore)?
        let location: StoreLocation
        /// The newest event when it was opened: the fan-out of other daemons' events starts after it.
        let startRevision: Int64
    }

    /// Opens the store (`--store`, else the SQLite file in the state directory); a shared store
    /// over `pool` when given, the client its caller runs. `--catalog` with a shared store is
    /// refused: the catalog of daemons sharing a store is the database's.
    func openStore(pool: PostgresClient?) async throws(DaemonError) -> OpenedStore {
        let location = configuration.storeLocation
        if location.isShared, let catalog = configuration.catalogPath {
            throw DaemonError(
                .usage,
                "--catalog \(catalog) cannot be used with a shared store: the catalog lives in the database; "
                    + "replace it with `headstart catalog replace FILE` on any host"
            )
        }
        // The SQLite message is the one the daemon has always printed.
        let unusable = location.isShared ? "the store \(location) is unusable" : "the store is unusable"
        let store: any PlanStore
        var shared: (any SharedPlanStore)?
        do throws(StoreError) {
            switch location {
            case .sqlite(let path):
                store = try SQLiteStore(path: path)
            case .postgres(let database):
                let postgres =
                    if let pool {
                        try await PostgresStore(location: database, client: pool, logger: logger)
                    } else {
                        try await PostgresStore(location: database, logger: logger)
                    }
                (store, shared) = (postgres, postgres)
            }
        } catch {
            throw DaemonError(.badStore, "\(unusable): \(error.message)")
        }
        // Read before the catalog, so a catalog another daemon replaces in between is installed too.
        do {
            let revision = try await store.read { tx in try await tx.lastEventRevision() }
            return OpenedStore(store: store, shared: shared, location: location, startRevision: revision)
        } catch {
            throw DaemonError(.badStore, "\(unusable): \(error.message)")
        }
    }

    /// The catalog in force at start-up and where it came from: `--catalog` wins; else a catalog
    /// replaced through the API and kept in the store; else the built-in one. A store that cannot
    /// be read stops the daemon rather than quietly serving the built-in catalog.
    func loadCatalog(_ store: any PlanStore) async throws(DaemonError) -> (catalog: Catalog, yaml: Data, source: CatalogSource) {
        if let path = configuration.catalogPath {
            let data: Data
            switch FileReader.read(path) {
            case .success(let bytes): data = bytes
            case .failure(let failure): throw DaemonError(.noInput, "cannot read the catalog \(path): \(failure)")
            }
            do {
                return (try CatalogDecoder().decode(Array(data), file: path), data, .file)
            } catch {
                throw DaemonError(.badCatalog, error.description)
            }
        }
        let stored: StoredCatalog?
        do {
            stored = try await store.read { tx in try await tx.catalog() }
        } catch {
            throw DaemonError(.badStore, "cannot read the stored catalog: \(error.message)")
        }
        if let stored {
            do {
                return (try CatalogDecoder().decode(Array(stored.yaml), file: "stored catalog"), stored.yaml, .api)
            } catch {
                logger.error(
                    "the stored catalog no longer validates; using the built-in one until the next PUT /v1/catalog",
                    metadata: ["version": "\(stored.version)", "errors": "\(error.description)"]
                )
            }
        }
        do {
            return (try CatalogDecoder().decode(DefaultCatalog.bytes, file: DefaultCatalog.fileName), Data(DefaultCatalog.bytes), .builtIn)
        } catch {
            throw DaemonError(.badCatalog, error.description)
        }
    }

}

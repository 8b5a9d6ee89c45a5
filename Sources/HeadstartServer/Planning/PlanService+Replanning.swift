import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import Logging

extension PlanService {
    /// What one re-plan of one plan did.
    public struct Replan: Sendable {
        public var plan: String
        /// The `changes` JSON array of the event, empty when nothing changed.
        public var changes: Data
        public var changed: Bool
    }

    /// Why a re-plan runs; it names the `changedBecause` of the events it appends.
    public enum ReplanReason: Sendable {
        /// Asked for (`POST /v1/replan`) or the day moved on.
        case time
        /// The catalog was replaced; the versions before and after.
        case catalog(from: String, to: String)
    }

    /// Re-plans `names` (every plan when nil) as of today with the catalog in force.
    /// A plan that no longer validates against the catalog keeps its old recommendations and is reported.
    @discardableResult
    public func replan(_ names: [String]? = nil, reason: ReplanReason = .time) async throws(Problem) -> [Replan] {
        let targets = try await read { tx in
            try tx.plans().filter { names?.contains($0.name) ?? true }.compactMap { record in
                try tx.revision(of: record.name).map { (record, $0, try tx.recommendations(of: record.name)) }
            }
        }
        if let names, let missing = names.first(where: { name in !targets.contains { $0.0.name == name } }) {
            throw Problem(.notFound, "no plan named '\(missing)'")
        }
        var results: [Replan] = []
        for (record, revision, old) in targets {
            let plan: WorkloadPlan
            do {
                plan = try PlanDecoder(catalog: catalog).decode(Array(revision.yaml), file: "\(record.name).yaml")
            } catch {
                logger.warning("plan \(record.name) no longer validates against catalog \(catalog.version): \(error.diagnostics.first?.description ?? "")")
                continue
            }
            let stored = try computed(plan)
            let changes = RecommendationDiff.changes(from: old?.document, to: stored.document)
            let at = now()
            var fields: [String: Any] = ["changes": changes.map(\.object)]
            switch reason {
            case .time:
                fields["changedBecause"] = "time"
                fields["asOf"] = ["from": old.map { $0.asOf as Any } ?? NSNull(), "to": stored.asOf]
            case .catalog(let from, let to):
                fields["changedBecause"] = "catalog"
                fields["catalogVersions"] = ["from": from, "to": to]
            }
            let payload = EventLine.payload(fields)
            let changed = !changes.isEmpty
            let event = try await write { tx in
                try tx.saveRecommendations(stored)
                return changed
                    ? try tx.appendEvent(type: "recommendations-changed", plan: record.name, time: at, payload: payload)
                    : try tx.appendEvent(type: "replanned", plan: record.name, time: at, payload: EventLine.payload(["changed": false]))
            }
            await hub.publish([event])
            let changesJSON = (try? JSONSerialization.data(withJSONObject: changes.map(\.object), options: [.sortedKeys])) ?? Data("[]".utf8)
            results.append(Replan(plan: record.name, changes: changesJSON, changed: changed))
        }
        logger.info("re-planned \(results.count) plan(s), \(results.filter(\.changed).count) changed")
        return results
    }

    /// Validates and installs a new catalog, stores it, and re-plans every plan against it.
    public func replaceCatalog(yaml: Data, file: String, uid: UInt32?) async throws(Problem) -> (version: String, replans: [Replan]) {
        let replacement: Catalog
        do {
            replacement = try CatalogDecoder().decode(Array(yaml), file: file)
        } catch {
            throw Problem(.invalidDocument, "\(error.diagnostics.count) error(s) in the catalog", diagnostics: error.diagnostics)
        }
        let previous = catalog.version
        let at = now()
        let event = try await write { tx in
            try tx.saveCatalog(StoredCatalog(yaml: yaml, version: replacement.version, replacedAt: at, replacedByUID: uid))
            return try tx.appendEvent(type: "catalog-replaced", plan: nil, time: at, payload: EventLine.payload([
                "version": replacement.version, "previousVersion": previous, "replacedByUid": uid.map { Int($0) as Any } ?? NSNull(),
            ]))
        }
        catalog = replacement
        catalogYAML = yaml
        await hub.publish([event])
        logger.info("catalog \(previous) replaced by \(replacement.version)")
        return (replacement.version, try await replan(reason: .catalog(from: previous, to: replacement.version)))
    }

    /// Plans whose stored recommendations are for another day or catalog than today's.
    public func stalePlans() async throws(Problem) -> [String] {
        let version = catalog.version, day = today.description
        return try await read { tx in
            try tx.allRecommendations().filter { $0.asOf != day || $0.catalogVersion != version }.map(\.plan)
        }
    }
}

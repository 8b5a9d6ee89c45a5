import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartStore

/// What `GET /v1/plans/{name}/export/{target}` and `serve --export` write.
public enum ExportTarget: String, Sendable, CaseIterable {
    case litellm, terraform

    /// The media type of the file.
    var contentType: String {
        switch self {
        case .litellm: return "application/yaml"
        case .terraform: return "application/json"
        }
    }

    func render(_ placements: ExportPlacements) throws(ServiceError) -> [UInt8] {
        switch self {
        case .litellm:
            return Array(LiteLLMConfig(placements).text.utf8)
        case .terraform:
            do {
                return try TerraformDeployments(placements).json()
            } catch {
                throw ServiceError(.encodingFailed, "could not encode the Terraform document: \(error)")
            }
        }
    }
}

extension Queries {
    /// A stored plan's placements for its export, as the store holds them.
    enum StoredExport: Sendable {
        case placements(ExportPlacements)
        /// The plan is gone.
        case gone
        /// Stored before the store kept what its placements run on: it must be re-planned first.
        case unrecorded
    }

    /// The current placements of a stored plan as the daemon placed them (damping's holds
    /// included), on the offers stored with them, valid until the plan's next re-plan.
    func exportPlacements(of name: String) async throws(ServiceError) -> StoredExport {
        let found = try await context.read { tx -> (PlanRevision, StoredRecommendations?, [Placement])? in
            guard let revision = try await tx.revision(of: name), try await tx.plan(named: name) != nil else { return nil }
            return (revision, try await tx.recommendationsWithoutDocuments(of: name), try await tx.placements(of: name))
        }
        guard let (revision, stored, placements) = found else { return .gone }
        guard let stored, let unplaced = stored.unplaced else { return .unrecorded }
        if stored.stale != nil {
            // The last good placements were planned with a catalog no longer in force: say why
            // there is nothing to export, as the plan's own errors.
            let catalog = await context.catalog.catalog
            do {
                _ = try context.decodeStoredPlan(revision, catalog: catalog)
            } catch {
                throw ServiceError(
                    .invalidDocument,
                    "the stored plan no longer validates against catalog \(catalog.version): nothing to export",
                    diagnostics: error.diagnostics
                )
            }
        }
        let part = ExportPlacements.Part(
            plan: name,
            asOf: stored.asOf,
            nextReplanAt: stored.nextReplanAt,
            placements: placements,
            unplaced: unplaced
        )
        return .placements(ExportPlacements([part], catalogVersion: stored.catalogVersion))
    }
}

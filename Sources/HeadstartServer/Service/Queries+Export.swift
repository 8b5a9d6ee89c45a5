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
    /// A stored plan's current placements as `target`'s file, for a caller who may read the plan.
    func export(_ name: String, as target: ExportTarget, caller: Caller) async throws(ServiceError) -> [UInt8] {
        _ = try await plan(named: name, revision: nil, caller: caller)
        guard let placements = try await exportPlacements(of: name) else { throw ServiceError.noPlan(name) }
        return try target.render(placements)
    }

    /// The current placements of a stored plan as the daemon placed them: its latest revision
    /// planned again for the stored day with the catalog in force and the stored placements (so
    /// placements held by damping stay held). Nil when the plan is gone.
    func exportPlacements(of name: String) async throws(ServiceError) -> ExportPlacements? {
        let found = try await context.read { tx -> (PlanRevision, StoredRecommendations?, [Placement])? in
            guard let revision = try await tx.revision(of: name), try await tx.plan(named: name) != nil else { return nil }
            return (revision, try await tx.recommendationsWithoutDocuments(of: name), try await tx.placements(of: name))
        }
        guard let (revision, stored, placements) = found else { return nil }
        let catalog = await context.catalog.catalog
        let plan: WorkloadPlan
        do {
            plan = try context.decodeStoredPlan(revision, catalog: catalog)
        } catch {
            throw ServiceError(
                .invalidDocument,
                "the stored plan no longer validates against catalog \(catalog.version): nothing to export",
                diagnostics: error.diagnostics
            )
        }
        let day = stored?.asOf ?? context.clock.today
        do {
            var computed = try PlanComputation.compute(plan: plan, catalog: catalog, today: day, previous: placements, at: context.clock.now())
            // The re-plan day the daemon keeps (damping can bring it forward).
            computed.result.nextReplanAt = stored?.nextReplanAt ?? computed.result.nextReplanAt
            return ExportPlacements([computed.result], catalog: catalog)
        } catch {
            throw ServiceError(.encodingFailed, "could not plan the stored plan for its export: \(error)")
        }
    }
}
